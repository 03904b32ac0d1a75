"""The layout's top bar, foot and the supervision pages' menu (Jinja2 fragments in base.html): what each
user sees on every page, and that the forms in them work, CSRF tokens checked as in production."""

import re

from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from legalaid.roles import Role, group_name
from tests.factories import UserFactory, make_member

CSRF = re.compile(r'<form[^>]*action="([^"]*)"[^>]*><input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)">')


def _strict(user=None) -> Client:
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    return client


def _forms(page: str) -> dict[str, str]:
    """{action: CSRF token} of the page's forms."""
    return dict(CSRF.findall(page))


def test_the_top_bar_names_the_user_their_role_and_centre(network, alice):
    network.centre.short_name = "寿县中心"
    network.centre.save()
    page = _strict(alice).get(reverse("home")).content.decode()
    assert '<span data-testid="current-user">王爱丽 · 中心工作人员 · 寿县中心</span>' in page
    assert f'href="{reverse("password_change")}"' in page
    assert reverse("logout") in _forms(page)
    assert 'aria-label="主导航"' in page and 'id="mainnav"' in page


def test_a_user_without_a_profile_is_shown_by_name_alone(db):
    user = UserFactory(username="zhang_sysadmin", last_name="", first_name="", is_staff=True, is_superuser=True)
    page = _strict(user).get(reverse("home")).content.decode()
    assert '<span data-testid="current-user">zhang_sysadmin</span>' in page
    assert reverse("logout") in _forms(page)


def test_signed_out_pages_have_no_user_bar_but_keep_the_foot(db):
    page = _strict().get(reverse("login")).content.decode()
    assert "current-user" not in page and reverse("logout") not in page
    assert "咨询热线 12348" in page
    assert f'<input name="next" type="hidden" value="{reverse("login")}">' in page


def test_the_foot_s_forms_carry_a_valid_token_and_return_to_the_page(network, alice):
    client = _strict(alice)
    here = reverse("cases:case_list") + "?q=%E7%8E%8B&page=2"
    page = client.get(here).content.decode()
    forms = _forms(page)
    assert page.count(f'<input name="next" type="hidden" value="{here.replace("&", "&amp;")}">') == 2
    assert '<option value="zh-hans" lang="zh-hans" selected>简体中文</option>' in page
    assert '<option value="en" lang="en">English</option>' in page
    response = client.post(
        reverse("set_language"), {"language": "en", "next": here, "csrfmiddlewaretoken": forms[reverse("set_language")]}
    )
    assert response.status_code == 302 and response["Location"] == here
    page = client.get(here).content.decode()
    assert '<option value="en" lang="en" selected>English</option>' in page
    assert "Legal Aid Desk · legal-aid services for the public · hotline 12348" in page
    assert 'aria-label="Main navigation"' in page and "Centre staff" in page

    response = client.post(
        reverse("set_display_mode"),
        {"mode": "large", "next": here, "csrfmiddlewaretoken": _forms(page)[reverse("set_display_mode")]},
    )
    assert response.status_code == 302
    page = client.get(here).content.decode()
    assert '<html lang="en" class="mode-large">' in page
    assert '<input name="mode" type="hidden" value="standard">' in page
    assert 'aria-pressed="true" data-testid="display-mode"' in page

    response = client.post(reverse("logout"), {"csrfmiddlewaretoken": _forms(page)[reverse("logout")]})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302  # signed out: sent to the login page


def test_a_form_without_the_page_s_token_is_refused(network, alice):
    client = _strict(alice)
    client.get(reverse("home"))
    response = client.post(reverse("logout"), {"csrfmiddlewaretoken": "x" * 64})
    assert response.status_code == 403
    assert client.get(reverse("home")).status_code == 200  # still signed in


def test_the_supervision_menu_shows_what_the_role_may_open_and_marks_the_current_page(network, alice):
    supervisor = make_member(network.centre, Role.SUPERVISOR, username="sup_li", last_name="李", first_name="静")
    supervisor.groups.add(Group.objects.get(name=group_name(Role.SUPERVISOR)))
    page = _strict(supervisor).get(reverse("supervision:flags")).content.decode()
    menu = page[page.index('<nav class="mb-3" aria-label="案件监督">') :]
    menu = menu[: menu.index("</nav>")]
    entries = re.findall(r'<a class="nav-link( active)?" href="([^"]+)">([^<]+)</a>', menu)
    assert [(bool(active), url) for active, url, _label in entries if active] == [(True, reverse("supervision:flags"))]
    labels = [label for _active, _url, label in entries]
    assert labels[:2] == ["监督概览", "质量评查"] and "监督预警" in labels and labels[-1] in {"月通报", "无进展案件"}

    staff_page = _strict(alice).get(reverse("supervision:index")).content.decode()
    staff_menu = staff_page[staff_page.index('aria-label="案件监督"') :]
    staff_menu = staff_menu[: staff_menu.index("</nav>")]
    for url_name in ("supervision:queue", "supervision:flags", "supervision:cards"):
        shown = f'href="{reverse(url_name)}"' in staff_menu
        assert shown == alice.has_perm(
            {
                "supervision:queue": "supervision.view_qualityassessment",
                "supervision:flags": "supervision.view_supervisionflag",
                "supervision:cards": "supervision.view_supervisioncard",
            }[url_name]
        )

"""Accessible forms and layout (issue 16): the error summary links to each field, aria-invalid
and aria-describedby point at ids that exist, radios are a described fieldset, the language switch
needs a button, the stylesheet's colours pass WCAG AA contrast, and the admin site's fields without a <label>
(table rows, split date and time inputs, a blank filter value) are named (legalaid/admin_a11y.py)."""

import re
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from legalaid.forms import StyledFormMixin

CSS = (Path(settings.BASE_DIR) / "static" / "css" / "legalaid.css").read_text()


class CaseTypeForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="案件类型",
        choices=[("civil", "民事"), ("criminal", "刑事")],
        widget=forms.RadioSelect,
        help_text="选择一项",
    )
    name = forms.CharField(label="姓名", help_text="与身份证一致")
    agree = forms.BooleanField(label="同意")

    def clean(self):
        raise forms.ValidationError("整体有误")


def _render(form) -> str:
    request = RequestFactory().get("/")
    return Template('{% include "includes/form_fields.html" %}').render(Context({"form": form, "request": request}))


def _ids(html: str) -> set[str]:
    return set(re.findall(r'\sid="([^"]+)"', html))


def test_every_aria_describedby_points_at_rendered_ids():
    html = _render(CaseTypeForm(data={}))
    ids = _ids(html)
    described = re.findall(r'aria-describedby="([^"]+)"', html)
    assert described, html
    for value in described:
        for target in value.split():
            assert target in ids, (target, html)
    assert 'id="id_name_helptext"' in html and 'id="id_name_error"' in html
    assert 'aria-describedby="id_name_helptext id_name_error"' in html


def test_invalid_fields_marked_and_radios_grouped():
    html = _render(CaseTypeForm(data={}))
    assert re.search(r'<input[^>]*name="name"[^>]*aria-invalid="true"', html)
    assert re.search(r'<input[^>]*name="kind"[^>]*aria-invalid="true"', html)
    fieldset = re.search(r'<fieldset[^>]*aria-describedby="id_kind_helptext id_kind_error"', html)
    assert fieldset and "<legend" in html
    assert html.count('id="id_kind_error"') == 1  # one error box per field, never duplicate ids


def test_error_summary_links_to_each_field_and_takes_focus():
    html = _render(CaseTypeForm(data={}))
    summary = re.search(r"<div class=\"error-summary[^>]*>.*?</div>", html, re.S).group(0)
    assert 'tabindex="-1"' in summary and "data-error-summary" in summary
    assert "有 4 处需要修改" in summary
    targets = re.findall(r'href="#([^"]+)"', summary)
    assert targets == ["form_errors", "id_kind_0", "id_name", "id_agree"]
    assert all(target in _ids(html) for target in targets)
    assert "案件类型：" in summary  # full-width colon after Chinese


def test_no_summary_for_unbound_or_valid_forms():
    assert "error-summary" not in _render(CaseTypeForm())


def test_summary_can_be_left_out():
    request = RequestFactory().get("/")
    html = Template('{% include "includes/form_fields.html" with summary=False %}').render(
        Context({"form": CaseTypeForm(data={}), "request": request})
    )
    assert "error-summary" not in html and 'id="id_name_error"' in html


def test_password_change_page_has_summary(as_alice):
    response = as_alice.post(
        reverse("password_change"), {"old_password": "bad", "new_password1": "x", "new_password2": "y"}
    )
    page = response.content.decode()
    assert "data-error-summary" in page and 'href="#id_old_password"' in page
    assert re.search(r"/static/js/forms(\.\w+)?\.js", page)  # hashed in production


def test_language_switch_applies_on_a_button_and_keeps_the_page(as_alice):
    page = as_alice.get(reverse("organisation_list") + "?kind=centre").content.decode()
    footer = page.split("<footer", 1)[1]
    assert "onchange" not in footer
    assert re.search(r'<button[^>]*type="submit"[^>]*>切换语言</button>', footer)
    assert 'name="next" type="hidden" value="/network/?kind=centre"' in footer


def test_navbar_user_line_not_faded(as_alice):
    page = as_alice.get(reverse("home")).content.decode()
    assert "text-white-50" not in page


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted([_luminance(a), _luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def _palette(name: str) -> str:
    return re.search(rf"--{name}:\s*(#[0-9a-fA-F]{{6}})", CSS).group(1)


BACKGROUNDS = ["#ffffff", "#f8f9fa", "#f8d7da", "#fff3cd"]  # page, light, table-danger, table-warning


@pytest.mark.parametrize(
    "name", ["legalaid-blue", "legalaid-danger", "legalaid-success", "legalaid-grey", "legalaid-amber-text"]
)
def test_text_colours_pass_aa_on_page_and_tints(name):
    for background in BACKGROUNDS:
        assert contrast(_palette(name), background) >= 4.5, (name, background)


def test_white_text_on_brand_and_buttons():
    for name in ["legalaid-red", "legalaid-blue", "legalaid-danger", "legalaid-success", "legalaid-grey"]:
        assert contrast("#ffffff", _palette(name)) >= 4.5, name


def test_focus_and_field_outlines_at_least_3_to_1():
    assert contrast(_palette("legalaid-blue"), "#ffffff") >= 3  # focus outline
    assert contrast("#ffffff", _palette("legalaid-red")) >= 3  # focus outline on the navbar
    assert contrast(_palette("legalaid-field-border"), "#ffffff") >= 3
    assert "outline: 3px solid var(--legalaid-focus)" in CSS
    assert "body { background: #fff;" in CSS


def test_large_display_mode_switched_and_remembered(client, db):
    login_url = reverse("login")
    assert 'aria-pressed="false"' in client.get(login_url).content.decode()
    response = client.post(reverse("set_display_mode"), {"mode": "large", "next": login_url + "?next=/"})
    assert response.status_code == 302 and response["Location"] == login_url + "?next=/"
    page = client.get(login_url).content.decode()
    assert 'class="mode-large"' in page and 'aria-pressed="true"' in page
    client.post(reverse("set_display_mode"), {"mode": "standard", "next": login_url})
    assert 'class="mode-large"' not in client.get(login_url).content.decode()


def test_display_mode_stays_on_this_site_and_needs_post(client, db):
    response = client.post(reverse("set_display_mode"), {"mode": "large", "next": "https://evil.example/"})
    assert response["Location"] == "/"
    assert client.get(reverse("set_display_mode")).status_code == 405
    assert ".mode-large" in CSS and "min-height: 2.75rem" in CSS


# ---------------------------------------------------------------- the admin site (legalaid/admin_a11y.py)


@pytest.fixture
def as_superuser(db):
    from django.test import Client

    from legalaid.models import User

    client = Client()
    client.force_login(User.objects.create_superuser("root", password="x-pass-2026"))
    return client


def test_every_table_row_in_admin_is_named_by_the_shared_classes():
    """Tabular inlines and editable lists print no label per cell: every app's goes through admin_a11y."""
    from django.contrib import admin

    from legalaid import admin_a11y

    tabular = [
        inline
        for model_admin in admin.site._registry.values()
        for inline in model_admin.inlines
        if issubclass(inline, admin.TabularInline)
    ]
    assert tabular and all(issubclass(inline, admin_a11y.TabularInline) for inline in tabular), tabular
    editable = [model_admin for model_admin in admin.site._registry.values() if model_admin.list_editable]
    assert editable and all(isinstance(each, admin_a11y.EditableListMixin) for each in editable), editable


def test_tabular_inline_fields_carry_their_column_names(as_superuser):
    page = as_superuser.get(reverse("admin:supervision_qualityrubric_add")).content.decode()
    assert re.search(r'<input[^>]*name="items-0-title"[^>]*aria-label="评查项目"', page)
    assert re.search(r'<select[^>]*name="items-0-measure"[^>]*aria-label="评价维度"', page)
    assert not re.search(r'<input[^>]*type="hidden"[^>]*aria-label', page)


def test_editable_list_fields_carry_their_column_names(as_superuser):
    from intake.models import Channel

    assert Channel.objects.exists()  # the national channels, from the migrations
    page = as_superuser.get(reverse("admin:intake_channel_changelist")).content.decode()
    boxes = re.findall(r'<input[^>]*name="form-\d+-is_active"[^>]*>', page)
    assert boxes and all('aria-label="启用"' in box for box in boxes), boxes


def test_list_filter_names_the_blank_value(as_superuser):
    from eligibility.models import MatterScope

    assert MatterScope.objects.filter(province_code="").exists()  # the national scope, from the migrations
    page = as_superuser.get(reverse("admin:eligibility_matterscope_changelist")).content.decode()
    assert re.search(r'<a href="\?province_code=">（空）</a>', page)
    assert not re.search(r'<a href="[^"]*">\s*</a>', page)


def test_split_date_and_time_inputs_named():
    from legalaid.admin_a11y import NamedSplitDateTimeField

    class Form(forms.Form):
        at = NamedSplitDateTimeField(label="受理时间")

    html = str(Form()["at"])
    assert 'aria-label="受理时间 日期"' in html and 'aria-label="受理时间 时间"' in html


def test_admin_pages_load_the_accessibility_files(as_superuser):
    page = as_superuser.get(reverse("admin:index")).content.decode()
    for suffix in ("css", "js"):
        assert re.search(rf"/static/admin-a11y/admin(\.\w+)?\.{suffix}", page), suffix  # hashed in production
        assert (Path(settings.BASE_DIR) / "static" / "admin-a11y" / f"admin.{suffix}").exists()
    assert "<script>" not in page and "<style>" not in page  # files only: the CSP refuses inline code

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from legalaid.models import UserProfile
from legalaid.roles import Role, group_name
from tests.factories import PASSWORD, make_member


def test_anonymous_user_is_sent_to_login(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_page_is_in_chinese(client, db):
    response = client.get(reverse("login"))
    assert "登录法援通" in response.content.decode()


def test_login_and_home_shows_organisation_and_people(client, network, alice, bob):
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD}, follow=True)
    page = response.content.decode()
    assert "中心工作人员工作台" in page
    assert "寿县法律援助中心" in page
    assert "王爱丽" in page
    assert "138****8000" in page  # phones masked in lists


def test_wrong_password_shows_message_and_locks_after_five(client, network, alice):
    for _ in range(4):
        response = client.post(reverse("login"), {"username": "alice", "password": "wrong"})
        assert "用户名或密码不正确" in response.content.decode()
    response = client.post(reverse("login"), {"username": "alice", "password": "wrong"})
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 429


def test_password_change_errors_in_chinese(as_alice):
    response = as_alice.post(
        reverse("password_change"), {"old_password": "bad", "new_password1": "x", "new_password2": "y"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "旧密码不正确" in page or "您的旧密码不正确" in page


def test_organisation_detail_outsider_404_lower_role_403_member_200(network, as_alice, as_bob, as_charlie):
    url = reverse("organisation_detail", args=[network.workstation.pk])
    assert as_charlie.get(url).status_code == 404
    assert as_alice.get(url).status_code == 200
    # bob may see his own workstation but not the centre's.
    assert as_bob.get(url).status_code == 200
    assert as_bob.get(reverse("organisation_detail", args=[network.centre.pk])).status_code == 404


def test_user_without_network_permission_gets_403(network):
    member = make_member(network.centre, Role.CENTRE_STAFF)
    member.groups.clear()
    client = Client()
    client.force_login(member)
    assert client.get(reverse("organisation_list")).status_code == 403


def test_organisation_list_shows_only_scope(network, as_alice):
    page = as_alice.get(reverse("organisation_list")).content.decode()
    assert "寿春镇法律援助工作站" in page
    assert "凤台县法律援助中心" not in page


@pytest.mark.parametrize("role", Role.values)
def test_every_role_has_a_real_home_page(network, role):
    user = make_member(network.centre if role != Role.WORKSTATION_CLERK else network.workstation, role)
    client = Client()
    client.force_login(user)
    page = client.get(reverse("home")).content.decode()
    assert f"{Role(role).label}工作台" in page
    assert "寿" in page  # the organisation's name


def test_role_groups_exist_with_permissions(db):
    staff = Group.objects.get(name=group_name(Role.CENTRE_STAFF))
    assert staff.permissions.filter(codename="view_organisation").exists()
    assert Group.objects.filter(name__startswith="role:").count() == len(Role.values)


def test_profile_changes_are_attributed(network, alice):
    profile = UserProfile.objects.get(user=alice)
    profile.title = "科长"
    profile._history_user = alice
    profile.save()
    latest = profile.history.first()
    assert latest.history_user == alice
    assert latest.title == "科长"


def test_admin_is_in_chinese(network):
    admin = make_member(network.city, Role.ADMINISTRATOR, is_staff=True)
    client = Client()
    client.force_login(admin)
    page = client.get(reverse("admin:index")).content.decode()
    assert "法援通 管理后台" in page
    assert client.get(reverse("admin:legalaid_organisation_changelist")).status_code == 200


def test_chinese_by_default_even_for_english_browsers(client, db):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "zh-hans"
    assert "登录法援通" in response.content.decode()


def test_language_switcher_sets_english(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/accounts/login/"}, follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/login/"
    assert response["Content-Language"] == "en"
    assert '<html lang="en">' in response.content.decode()

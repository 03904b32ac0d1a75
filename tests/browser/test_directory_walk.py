"""A centre director keeps their roster and rules without Django admin, in Chromium, by the links and
buttons the pages show: adds a lawyer to the handler roster, then changes the subsidy standard from
the first of next month and sees the new standard listed with its date and the old one ending the day
before."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from cases.models import SubsidyStandard
from legalaid.models import Organisation, User
from legalaid.roles import Role
from tests.browser.conftest import log_in
from tests.factories import PASSWORD, OrganisationFactory, make_member

pytestmark = pytest.mark.browser


def nav(page, label: str):
    """Follow a link of the main menu, opening its drop-down group first when it is in one."""
    menu = page.get_by_role("navigation", name="主导航")
    group = menu.locator("li.dropdown", has=page.locator(f"a.dropdown-item:text-is('{label}')"))
    if group.count():
        group.get_by_role("button").click()
    menu.get_by_role("link", name=label, exact=True).first.click()
    page.wait_for_load_state()


@pytest.fixture
def centre(transactional_db):
    city = OrganisationFactory(name="淮南市法律援助中心", kind=Organisation.Kind.CITY_CENTRE, division_code="340400")
    centre = OrganisationFactory(name="寿县法律援助中心", parent=city)
    OrganisationFactory(name="安徽寿州律师事务所", kind=Organisation.Kind.LAW_FIRM, parent=centre)
    make_member(centre, Role.CENTRE_DIRECTOR, username="director_walk", last_name="王", first_name="主任")
    SubsidyStandard.objects.create(
        division_code="340422", case_type="civil", amount="1500.00", effective_from=date(2024, 1, 1)
    )
    return centre


def test_a_director_adds_a_handler_and_changes_a_subsidy_standard(page, live_server, centre):
    log_in(page, live_server, "director_walk", PASSWORD)

    nav(page, "人员与承办人名册")
    page.get_by_role("link", name="添加用户").click()
    page.get_by_label("用户名").fill("lawyer_liu")
    page.get_by_label("姓名").fill("刘洋")
    page.get_by_label("所属机构").select_option(label="安徽寿州律师事务所")
    page.get_by_label("角色").select_option(label="承办人")
    page.get_by_label("承办人类型").select_option(label="社会执业律师")
    page.get_by_label("初始密码").fill("Xq8!long-enough-2026")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state()
    row = page.get_by_test_id("user-row").filter(has_text="刘洋")
    assert "社会执业律师 · 在岗" in row.inner_text()
    assert User.objects.get(username="lawyer_liu").handler_profile.history.get().history_user.username == (
        "director_walk"
    )

    page.get_by_role("link", name="本地区规则").click()
    page.wait_for_load_state()
    standards = page.get_by_test_id("rules-subsidy-standards")
    standards.get_by_role("link", name="新版本").click()
    page.wait_for_load_state()
    today = timezone.localdate()
    first_of_next_month = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    page.get_by_label("生效日期").fill(first_of_next_month.isoformat())
    page.get_by_label("补贴标准(元)").fill("1800.00")
    page.get_by_role("button", name="试算").click()
    page.wait_for_load_state()
    assert "在办的同类案件0件" in page.get_by_test_id("rule-preview").inner_text()
    assert SubsidyStandard.objects.count() == 1  # the what-if saved nothing
    page.get_by_role("button", name="保存新版本").click()
    page.wait_for_load_state()

    rows = page.get_by_test_id("rules-subsidy-standards").get_by_test_id("rule-row")
    new = rows.filter(has_text="1800.00")
    old = rows.filter(has_text="1500.00")
    assert re.search(rf"{first_of_next_month.isoformat()}\s+长期", new.inner_text())
    day_before = (first_of_next_month - timedelta(days=1)).isoformat()
    assert re.search(rf"2024-01-01\s+{day_before}", old.inner_text())
    changes = page.get_by_test_id("rule-change")
    assert "王主任" in changes.first.inner_text()

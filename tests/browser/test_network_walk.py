"""The network beyond the centre, walked in Chromium by links and buttons only (one `page.goto`, the login):
the justice bureau decides an objection to a refusal (LAL 49) and exports the list it reads; a law firm's
manager reads the cases and subsidies of the firm's lawyers, and nobody else's."""

import re
from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from cases import services as case_services
from eligibility import services as eligibility_services
from eligibility.models import Objection
from legalaid.models import Organisation
from legalaid.roles import Role
from tests.browser.conftest import log_in
from tests.browser.test_lifecycle_walk import click_link, nav
from tests.cases.factories import granted_application, make_roster, subsidy_standard
from tests.eligibility.factories import HardshipStandardFactory, ensure_national_rules, members, under_review
from tests.factories import PASSWORD, OrganisationFactory, make_handler, make_member
from tests.roles.network import add_bureau
from tests.supervision.factories import close_case

pytestmark = pytest.mark.browser


def downloaded_rows(page, link_name: str) -> list[list]:
    with page.expect_download() as download:
        page.get_by_role("link", name=link_name, exact=True).first.click()
    with open(download.value.path(), "rb") as stored:
        sheet = load_workbook(BytesIO(stored.read())).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


@pytest.fixture
def objection(transactional_db, network):
    """A refusal of the test centre, objected to; the bureau over the city reviews it."""
    ensure_national_rules()
    add_bureau(network)  # first: the centres move under the bureau
    for code, line in (("340000", "900.00"), ("340422", "1000.00")):
        HardshipStandardFactory(
            division_code=code, monthly_per_capita_line=Decimal(line), effective_from=date(2022, 1, 1)
        )
    staff = make_member(network.centre, Role.CENTRE_STAFF, username="staff_n")
    refused = under_review(staff, network.centre)
    eligibility_services.assessment_create(refused, actor=staff, members=members("5000"), integrity_pledge=True)
    eligibility_services.application_decide(
        refused, actor=staff, granted=False, refusal_reasons=["not_needy"], reason_text="家庭人均月收入高于标准。"
    )
    refused.refresh_from_db()
    return eligibility_services.objection_file(
        actor=staff, kind=Objection.Kind.REFUSAL, application=refused, grounds="今年生意亏损，收入已大不如前。"
    )


def test_the_bureau_decides_an_objection(objection, live_server, page):
    log_in(page, live_server, "bureau", PASSWORD)
    nav(page, "异议")
    row = page.get_by_role("row", name=re.compile(objection.objector_name))
    assert row.count() == 1
    # The list the bureau reads is the list it exports: the same rows, through the registry.
    rows = downloaded_rows(page, "导出")
    assert rows[0][:2] == ["提出日期", "异议人"] and [r[1] for r in rows[1:]] == [objection.objector_name]

    click_link(page, objection.objector_name, within=row)
    click_link(page, "登记审查决定")
    page.get_by_label("维持原决定").check()
    page.get_by_label("审查意见").fill("经审查，申请人家庭人均月收入明显高于本县经济困难标准，原决定正确，予以维持。")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("objection-status").inner_text() == "维持原决定"
    assert "原决定正确" in page.content()
    objection.refresh_from_db()
    assert objection.status == Objection.Status.UPHELD
    assert objection.transitions.get(to_status=Objection.Status.UPHELD).actor.username == "bureau"


@pytest.fixture
def firm_cases(transactional_db, network, alice, settings, tmp_path):
    """Two closed labour cases: one handled by the test firm's lawyer, one by another firm's."""
    settings.MEDIA_ROOT = tmp_path
    subsidy_standard(amount="1500.00")
    ours = make_roster(network).senior_lawyer
    other_firm = OrganisationFactory(name="安徽淮河律师事务所", kind=Organisation.Kind.LAW_FIRM, parent=network.centre)
    theirs = make_handler(other_firm, specialties=["labour"], criminal_defence_years=3)
    cases = []
    for lawyer in (ours, theirs):
        case = case_services.case_open_from_application(granted_application(network), actor=alice)
        case_services.case_assign(case, actor=alice, handler=lawyer, reason="熟悉劳动争议")
        cases.append(close_case(case, handler=lawyer, reviewer=alice, end=timezone.localdate()))
    return cases


def test_the_firm_manager_reads_the_firms_cases_and_subsidies(firm_cases, network, live_server, page):
    ours, theirs = firm_cases
    make_member(network.law_firm, Role.PROVIDER_MANAGER, username="firm_manager")
    log_in(page, live_server, "firm_manager", PASSWORD)

    nav(page, "案件查询")
    rows = page.get_by_test_id("case-row")
    assert rows.count() == 1 and ours.number in rows.first.inner_text()
    assert theirs.number not in page.content()
    # A case of the firm opens read-only: its handler, no handling buttons.
    click_link(page, ours.number, within=rows.first)
    assert ours.handler.get_full_name() in page.content()
    assert page.get_by_role("link", name="登记办案过程").count() == 0

    nav(page, "办案补贴")
    assert "共 1 件" in page.get_by_test_id("subsidy-totals").inner_text()
    assert ours.number in page.content() and theirs.number not in page.content()

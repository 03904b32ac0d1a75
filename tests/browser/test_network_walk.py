"""The network beyond the centre, walked in Chromium on the demo data by links and buttons only (one
`page.goto` per login): the justice bureau decides an objection to a refusal (LAL 49) and exports its list;
a law firm's manager reads the cases and subsidies of the firm's lawyers, and nobody else's."""

import re
from io import BytesIO

import pytest
from openpyxl import load_workbook

from cases.models import Case, Subsidy
from eligibility.models import Objection
from legalaid.demo import DEMO_PASSWORD, seed_demo
from tests.browser.conftest import log_in
from tests.browser.test_lifecycle_walk import click_link, nav
from tests.eligibility.factories import ensure_national_rules

pytestmark = pytest.mark.browser

FIRM = "安徽寿州律师事务所"


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    ensure_national_rules()
    seed_demo()


def downloaded_rows(page, link_name: str) -> list[list]:
    with page.expect_download() as download:
        page.get_by_role("link", name=link_name, exact=True).first.click()
    with open(download.value.path(), "rb") as stored:
        sheet = load_workbook(BytesIO(stored.read())).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_the_bureau_decides_an_objection(demo, live_server, page):
    objection = Objection.objects.filter(status=Objection.Status.PENDING, kind=Objection.Kind.REFUSAL).first()
    assert objection is not None, "the demo files an objection to a refusal"
    log_in(page, live_server, "bureau", DEMO_PASSWORD)
    nav(page, "异议")
    row = page.get_by_role("row", name=re.compile(objection.objector_name))
    assert row.count() >= 1
    # The list the bureau reads is the list it exports (the same rows, through the registry).
    rows = downloaded_rows(page, "导出")
    assert rows[0][:2] == ["提出日期", "异议人"] and objection.objector_name in [r[1] for r in rows[1:]]

    click_link(page, objection.objector_name, within=row.first)
    click_link(page, "登记审查决定")
    page.get_by_label("维持原决定").check()
    page.get_by_label("审查意见").fill(
        "经审查，申请人家庭收入明显高于本县经济困难标准，原不予法律援助决定正确，予以维持。"
    )
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("objection-status").inner_text() == "维持原决定"
    assert "原不予法律援助决定正确" in page.content()
    objection.refresh_from_db()
    assert objection.status == Objection.Status.UPHELD
    assert objection.transitions.get(to_status=Objection.Status.UPHELD).actor.username == "bureau"


def test_the_firm_manager_reads_the_firms_cases_and_subsidies(demo, live_server, page):
    ours = Case.objects.filter(handler_organisation__name=FIRM)
    theirs = Case.objects.exclude(handler_organisation__name=FIRM).filter(handler__isnull=False).first()
    assert ours.exists() and theirs is not None, "the demo assigns cases inside and outside the firm"
    log_in(page, live_server, "firm_manager", DEMO_PASSWORD)

    nav(page, "案件查询")
    page.get_by_role("button", name="查询").click()
    page.wait_for_load_state()
    shown = {row.get_by_role("link").first.inner_text().strip() for row in page.get_by_test_id("case-row").all()}
    assert shown and shown <= set(ours.values_list("number", flat=True))
    assert theirs.number not in shown
    # A case of the firm opens read-only: its handler and timeline, no handling buttons.
    number = sorted(shown)[0]
    click_link(page, number)
    assert number in page.content() and FIRM in page.content()
    assert page.get_by_role("link", name="登记办案过程").count() == 0

    nav(page, "办案补贴")
    totals = page.get_by_test_id("subsidy-totals").inner_text()
    firm_subsidies = Subsidy.objects.filter(handler__profile__organisation__name=FIRM)
    assert f"共 {firm_subsidies.count()} 件" in totals

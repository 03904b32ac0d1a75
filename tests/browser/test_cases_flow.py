"""The whole path of a case in Chromium: a granted application is accepted, a handler is assigned from the
recommendations, the handler logs a meeting and a progress notice and submits closing, the centre accepts
the file, and the subsidy is computed."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from cases.models import Case, SubsidyStandard
from cases.selectors import checklist_items
from intake.models import Application, Channel, Person
from legalaid.demo import DEMO_PASSWORD, seed_demo
from legalaid.models import MatterCategory, Organisation, User
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def granted(transactional_db):
    seed_demo()
    centre = Organisation.objects.get(name="寿县法律援助中心")
    applicant = Person.objects.create(name="鲁大勇", id_number="340422197904031234", birth_date=date(1979, 4, 3))
    SubsidyStandard.objects.create(
        division_code="340400", case_type="labour_arbitration", amount="1500.00", effective_from=date(2024, 1, 1)
    )
    return Application.objects.create(
        number="SQ-BROWSER-1",
        applicant=applicant,
        channel=Channel.objects.get(code="centre_window"),
        receiving_organisation=centre,
        centre=centre,
        case_type="labour_arbitration",
        matter=MatterCategory.objects.get(code="labour"),
        facts="在工地务工十个月，包工头拖欠工资三万六千八百元。",
        service_requested="arbitration",
        decision_due=timezone.localdate() + timedelta(days=7),
        status=Application.Status.GRANTED,
        decided_at=timezone.now(),
    )


def log_out(page):
    page.get_by_role("button", name="退出").click()
    page.wait_for_load_state()


def test_granted_application_to_subsidy(granted, live_server, page):
    # Centre staff accept the granted application as a case.
    log_in(page, live_server, "staff", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/cases/open/")
    row = page.get_by_role("row", name=re.compile("SQ-BROWSER-1"))
    assert "剩余 3 天" in row.get_by_test_id("grant-clock").inner_text()
    row.get_by_role("link", name="填写摘要后立案").click()
    page.get_by_label("简单的非刑事案件，先行诉前调解").check()
    page.get_by_role("button", name="受理立案").click()
    page.wait_for_load_state()
    assert "已受理立案" in page.content()
    case = Case.objects.get(application=granted)
    assert page.get_by_test_id("case-number").inner_text() == case.number

    # Assign the top of the recommendations: the explanation is on the page.
    page.get_by_role("link", name="指派承办人").click()
    table = page.get_by_test_id("recommendations")
    assert "在办案件" in table.inner_text()
    top_row = table.locator("tr.table-success")
    top_id = int(top_row.get_attribute("data-testid").removeprefix("candidate-"))
    top_row.get_by_role("radio").check()
    page.get_by_role("button", name="确认指派").click()
    page.wait_for_load_state()
    handler = User.objects.get(pk=top_id)
    assert handler.get_full_name() in page.get_by_test_id("case-handler").inner_text()
    assert page.get_by_test_id("case-status").inner_text() == "已指派"
    log_out(page)

    # The handler logs a meeting and a progress notice, then submits closing.
    log_in(page, live_server, handler.username, DEMO_PASSWORD)
    page.goto(f"{live_server.url}/cases/mine/")
    page.get_by_test_id("my-cases").get_by_role("link", name=case.number).click()
    assert page.get_by_test_id("mediation-warning").is_visible()
    for kind, text, extra in [
        ("签订委托协议和授权委托书", "与受援人签订委托协议和授权委托书", None),
        ("会见、约见受援人", "约见受援人，核对欠薪证据", None),
        ("向受援人通报案件进展", "告知已向用人单位发出律师函", "电话"),
    ]:
        page.get_by_role("link", name="登记办案过程").click()
        page.get_by_label("类别").select_option(label=kind)
        page.get_by_label("内容").fill(text)
        if extra:
            page.get_by_label("通报方式(通报进展)").select_option(label=extra)
        page.get_by_role("button", name="保存").click()
        page.wait_for_load_state()
        assert "已记录" in page.content()
    timeline = page.get_by_test_id("timeline").inner_text()
    assert "约见受援人，核对欠薪证据" in timeline and "告知已向用人单位发出律师函" in timeline
    assert page.get_by_test_id("case-status").inner_text() == "承办中"

    page.get_by_role("link", name="提交结案").click()
    page.get_by_label("办理结果").select_option(label="调解结案")
    page.get_by_label("办结日期").fill(timezone.localdate().isoformat())
    page.get_by_label("挽回经济损失或避免损失(元)").fill("-100")
    page.get_by_label("办案小结").fill("经劳动仲裁委调解，用人单位一次性支付欠薪三万六千八百元。")
    page.get_by_role("button", name="提交结案").click()
    page.wait_for_load_state()
    assert "金额不能为负数" in page.content()
    assert page.get_by_label("办案小结").input_value().startswith("经劳动仲裁委调解")
    page.get_by_label("挽回经济损失或避免损失(元)").fill("36800")
    for item in checklist_items(case):
        page.get_by_label(item.name, exact=False).first.check()
    page.get_by_role("button", name="提交结案").click()
    page.wait_for_load_state()
    assert "结案材料已提交" in page.content()
    log_out(page)

    # The centre accepts the file; the subsidy is computed.
    log_in(page, live_server, "staff", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    page.get_by_role("link", name="审查结案").click()
    page.get_by_label("审查通过，结案并核算补贴").check()
    page.get_by_role("button", name="提交审查结论").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("case-status").inner_text() == "已结案"
    assert "1500.00" in page.get_by_test_id("subsidy").inner_text()
    case.refresh_from_db()
    assert str(case.recovered_amount) == "36800.00" and case.subsidy.amount == 1500

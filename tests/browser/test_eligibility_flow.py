"""Centre staff in Chromium: grant one application by means test, refuse another with reasons; the
refusal PDF's text carries the reasons and the objection rights (LAL 49)."""

import re
from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from pypdf import PdfReader

from eligibility.models import Decision, HardshipStandard
from intake import services as intake_services
from intake.models import Application, Channel, Person
from legalaid.demo import DEMO_PASSWORD, seed_demo
from legalaid.models import MatterCategory, Organisation, User
from tests.browser.conftest import log_in
from tests.eligibility.factories import ensure_national_rules

pytestmark = pytest.mark.browser


@pytest.fixture
def waiting(transactional_db):
    """Two labour applications accepted by 寿县 centre; 寿县's standard is 1,470 yuan a head (735 × 2)."""
    ensure_national_rules()
    seed_demo()
    HardshipStandard.objects.create(
        division_code="340422",
        division_name="寿县",
        effective_from=date(2025, 1, 1),
        minimum_allowance_base=Decimal("735.00"),
        multiple=Decimal("2.00"),
        monthly_per_capita_line=Decimal("1470.00"),
    )
    staff = User.objects.get(username="staff")
    centre = Organisation.objects.get(name="寿县法律援助中心")
    applications = []
    for name, id_number in [("鲁大勇", "340422197904031234"), ("钱多多", "340422198001011233")]:
        person = Person.objects.create(name=name, id_number=id_number, birth_date=date(1979, 4, 3), created_by=staff)
        application = intake_services.application_submit(
            actor=staff,
            applicant=person,
            channel=Channel.objects.get(code="centre_window"),
            receiving_organisation=centre,
            case_type="labour_arbitration",
            matter=MatterCategory.objects.get(code="labour"),
            facts="在工地务工十个月，包工头拖欠工资三万六千八百元。",
            service_requested="arbitration",
        )
        applications.append(intake_services.application_accept(application, actor=staff))
    return applications


def fill_members(page, rows):
    for index, (name, relation, income) in enumerate(rows, start=1):
        page.get_by_label(f"姓名 {index}", exact=True).fill(name)
        page.get_by_label(f"关系 {index}", exact=True).select_option(label=relation)
        page.get_by_label(f"月收入(元) {index}", exact=True).fill(income)


def open_application(page, live_server, application):
    page.goto(f"{live_server.url}/eligibility/")
    page.get_by_role("row", name=re.compile(application.number)).get_by_role("link", name="审查").click()
    page.wait_for_load_state()


def test_grant_by_means_test_and_refuse_with_reasons(waiting, live_server, page):
    granted, refused = waiting
    log_in(page, live_server, "staff", DEMO_PASSWORD)

    # 1. Means test within the line: 1,800 + 1,200 + 0 for three people = 1,000 a head ≤ 1,470.
    open_application(page, live_server, granted)
    page.get_by_role("link", name="经济困难审查").click()
    fill_members(page, [("鲁大勇", "本人", "1800"), ("王芳", "配偶", "1200"), ("鲁小军", "子女", "0")])
    page.get_by_label("申请人已阅读并签署上述诚信承诺").check()
    page.get_by_role("button", name="审查并保存").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("outcome").first.inner_text() == "符合经济困难标准"
    assert "人均月收入 1000.00 元" in page.get_by_test_id("assessment-reasons").inner_text()
    page.get_by_role("link", name="作出决定").click()
    page.get_by_label("给予法律援助").check()
    page.get_by_role("button", name="作出决定").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("decision-result").inner_text() == "给予法律援助"
    granted.refresh_from_db()
    assert granted.status == Application.Status.GRANTED

    # 2. Means test over the line: 8,000 + 1,000 for two people = 4,500 a head > 1,470; refuse with reasons.
    open_application(page, live_server, refused)
    page.get_by_role("link", name="经济困难审查").click()
    fill_members(page, [("钱多多", "本人", "8000"), ("孙丽", "配偶", "1000")])
    page.get_by_label("申请人已阅读并签署上述诚信承诺").check()
    page.get_by_role("button", name="审查并保存").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("outcome").first.inner_text() == "不符合经济困难标准"
    page.get_by_role("link", name="作出决定").click()
    page.get_by_label("不予法律援助", exact=True).check()
    page.get_by_role("button", name="作出决定").click()  # no text yet: the form comes back with the message
    page.wait_for_load_state()
    assert "不予法律援助须写明具体理由" in page.content()
    assert page.get_by_label("申请人经济状况不符合本地区经济困难标准").is_checked()
    page.get_by_label("具体理由").fill("申请人经营运输业务，家庭人均月收入4500元，高于本县标准1470元。")
    page.get_by_role("button", name="作出决定").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("decision-result").inner_text() == "不予法律援助"
    assert "可以向寿县司法局提出" in page.get_by_test_id("objection-rights").inner_text()
    refused.refresh_from_db()
    assert refused.status == Application.Status.REFUSED

    # 3. The printed refusal.
    decision = Decision.objects.get(application=refused)
    pdf_url = page.get_by_test_id("decision-pdf").get_attribute("href")
    response = page.request.get(f"{live_server.url}{pdf_url}")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(response.body())).pages).replace("\n", "")
    assert "不予法律援助决定书" in text and decision.number in text
    assert "申请人经济状况不符合本地区经济困难标准" in text
    assert "家庭人均月收入4500元，高于本县标准1470元" in text
    assert "可以向寿县司法局提出" in text and "五日内进行审查" in text
    assert "行政复议" in text and "行政诉讼" in text

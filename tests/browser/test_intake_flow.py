"""Intake end to end in Chromium: consultation → application with upload → preliminary review →
centre queue → one-time notice (PDF) → materials supplied → the clock resumes."""

import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from pypdf import PdfReader

from intake.models import Application
from legalaid.demo import DEMO_PASSWORD, seed_demo
from tests.browser.conftest import log_in
from tests.intake.factories import pdf_bytes, resident_id

pytestmark = pytest.mark.browser

MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    seed_demo()


def scan(tmp_path, name: str) -> str:
    path = tmp_path / name
    path.write_bytes(pdf_bytes())
    return str(path)


def log_out(page):
    page.get_by_role("button", name="退出").click()
    page.wait_for_load_state()


def test_workstation_to_centre_with_one_time_notice(demo, live_server, page, tmp_path):
    with time_machine.travel(MONDAY, tick=True) as traveller:
        # The clerk records a consultation and turns it into an application.
        log_in(page, live_server, "clerk", DEMO_PASSWORD)
        page.goto(f"{live_server.url}/intake/consultations/new/")
        page.get_by_label("咨询人").fill("孙大海")
        page.get_by_label("咨询问题").fill("在工地干了八个月，老板拖欠工资两万三千元。")
        page.get_by_label("解答摘要").fill("农民工追索劳动报酬可申请法律援助，免予经济困难审查。")
        page.get_by_label("引导申请法律援助").check()
        page.get_by_role("button", name="保存", exact=True).click()
        page.wait_for_url("**/intake/applications/new/**")
        assert page.get_by_label("案情及申请理由").input_value().startswith("在工地干了八个月")

        page.locator("[name=applicant-id_number]").fill(resident_id(date(1976, 5, 3)))
        page.locator("[name=applicant-name]").fill("孙大海")
        page.locator("[name=applicant-phone]").fill("13955512345")
        page.locator("[name=applicant-is_migrant_worker]").check()
        page.get_by_label("案件类型").select_option("labour_arbitration")
        page.get_by_label("事项类别").select_option(label="请求确认劳动关系或者支付劳动报酬")
        page.get_by_label("申请援助事项").select_option("arbitration")
        page.locator("[name=party-0-kind]").select_option("organisation")
        page.locator("[name=party-0-name]").fill("合肥某建筑劳务有限公司")
        page.locator("[name=upload-0-title]").fill("身份证复印件")
        page.locator("[name=upload-0-file]").set_input_files(scan(tmp_path, "id-card.pdf"))
        page.get_by_role("button", name="提交申请").click()
        page.wait_for_url("**/intake/applications/*/")
        number = page.get_by_test_id("application-number").inner_text().strip()
        assert "身份证复印件" in page.content()
        assert page.get_by_test_id("status").inner_text() == "工作站初审中"

        # Preliminary review, sent up to the centre.
        page.get_by_role("link", name="初审").click()
        page.get_by_label("材料齐全").check()
        page.get_by_label("初审意见").select_option("grant")
        page.get_by_label("理由").fill("申请人系农民工追索劳动报酬，属法律援助范围，建议给予法律援助。")
        page.get_by_role("button", name="报送中心").click()
        page.wait_for_url("**/intake/applications/*/")
        assert page.get_by_test_id("status").inner_text() == "中心审查中"
        log_out(page)

        # The centre's staff see it in the queue, due seven days after receipt.
        log_in(page, live_server, "staff", DEMO_PASSWORD)
        page.goto(f"{live_server.url}/intake/queue/")
        row = page.get_by_test_id("queue-row").filter(has_text=number)
        assert row.get_by_test_id("due-date").inner_text() == "2026-03-09"
        row.get_by_role("link", name=number).click()

        # A one-time notice: everything missing, at once; the clock stops.
        traveller.move_to(MONDAY + timedelta(days=1, hours=1))
        log_in(page, live_server, "staff", DEMO_PASSWORD)
        application = Application.objects.get(number=number)
        page.goto(f"{live_server.url}/intake/applications/{application.pk}/")
        page.get_by_role("link", name="一次性告知").click()
        page.get_by_label("需要补充的全部材料(每行一项)").fill("劳动合同或工资条\n欠薪数额的证明(考勤记录、欠条)")
        page.get_by_label("补充期限").fill("2026-03-18")
        page.get_by_role("button", name="生成告知书").click()
        page.wait_for_url("**/intake/applications/*/")
        assert page.get_by_test_id("status").inner_text() == "待补充材料"
        pdf_url = page.get_by_test_id("notice-pdf").get_attribute("href")
        response = page.request.get(f"{live_server.url}{pdf_url}")
        assert response.headers["content-type"] == "application/pdf"
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
        assert "劳动合同或工资条" in text and "欠薪数额的证明" in text and number in text
        assert "2026年03月18日" in text or "2026年3月18日" in text
        log_out(page)

        # Three days later the clerk records the materials: the clock resumes.
        traveller.move_to(MONDAY + timedelta(days=4, hours=2))
        log_in(page, live_server, "clerk", DEMO_PASSWORD)
        page.goto(f"{live_server.url}/intake/applications/{application.pk}/")
        page.get_by_role("link", name="登记补充材料").click()
        page.get_by_label("补充情况").fill("申请人补交了工资条和包工头出具的欠条。")
        page.get_by_label("补充材料扫描件(可多选)").set_input_files(scan(tmp_path, "iou.pdf"))
        page.get_by_role("button", name="登记补充并恢复计时").click()
        page.wait_for_url("**/intake/applications/*/")
        assert "审查期限恢复计算，决定期限为 2026-03-12" in page.content()
        assert page.get_by_test_id("status").inner_text() == "中心审查中"
        assert page.get_by_test_id("decision-due").get_by_test_id("due-date").inner_text() == "2026-03-12"
        log_out(page)

        log_in(page, live_server, "staff", DEMO_PASSWORD)
        page.goto(f"{live_server.url}/intake/queue/")
        row = page.get_by_test_id("queue-row").filter(has_text=number)
        assert row.get_by_test_id("due-date").inner_text() == "2026-03-12"
        page.goto(f"{live_server.url}/")
        assert page.get_by_test_id("home-waiting").inner_text() == "1"

    application.refresh_from_db()
    assert application.paused_days == 3
    assert application.attachments.count() == 2
    assert application.consultations.get().taken_by.username == "clerk"

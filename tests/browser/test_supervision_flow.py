"""A supervisor grades a closed case (a fail cuts the subsidy), records a follow-up visit where the aided
person says the handler took money (a flag for the director), and the aided person rates the handler on
the public page with the code printed on the quality supervision card; then complains from a phone."""

import pytest
from django.utils import timezone

from cases.models import Subsidy
from legalaid.roles import Role
from supervision import cards
from supervision.models import CardResponse, Complaint, SupervisionCard, SupervisionFlag
from tests.browser.conftest import log_in
from tests.cases.factories import make_roster, subsidy_standard
from tests.factories import PASSWORD, make_member
from tests.supervision.factories import assigned_case, close_case, make_rubric

pytestmark = pytest.mark.browser


@pytest.fixture
def story(transactional_db, network, alice, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    roster = make_roster(network)
    supervisor = make_member(network.centre, Role.SUPERVISOR, username="supervisor_b", last_name="李", first_name="静")
    make_rubric()
    subsidy_standard(amount="1500.00")
    case = assigned_case(network, actor=alice, handler=roster.senior_lawyer, name="欧阳喆堃")
    case = close_case(case, handler=roster.senior_lawyer, reviewer=alice, end=timezone.localdate())
    return {"case": case, "supervisor": supervisor, "handler": roster.senior_lawyer}


def test_supervisor_grades_visits_and_the_aided_person_rates(story, live_server, page, browser):
    case = story["case"]
    log_in(page, live_server, "supervisor_b", PASSWORD)
    assert "案件监督" in page.content()

    # 1. Score the closed case: low marks on every item → fail, subsidy withheld.
    page.goto(f"{live_server.url}/supervision/quality/")
    page.get_by_role("button", name=f"评查 {case.number}").click()
    page.wait_for_url("**/review/")
    points = page.locator("input[name^=points_]")
    for index in range(points.count()):
        points.nth(index).fill("5")
    page.get_by_label("评查意见").fill("会见、阅卷记录缺失，代理意见过于简单。")
    page.get_by_role("button", name="保存并评定").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("grade").inner_text() == "不合格"
    assert "补贴调整为 0.00 元" in page.get_by_test_id("subsidy-note").inner_text()
    assert Subsidy.objects.get(case=case).amount == 0

    # 2. The follow-up visit scheduled at assignment: the aided person says the handler took money.
    page.goto(f"{live_server.url}/supervision/visits/?show=all")
    page.get_by_role("link", name="登记回访").first.click()
    page.get_by_label("回访方式").select_option(label="电话")
    page.get_by_label("回访结果").select_option(label="已联系上")
    page.get_by_label("受访人").fill("欧阳喆堃")
    page.get_by_label("承办人是否与受援人联系").select_option(label="是")
    page.get_by_label("承办人是否索要、收取财物或礼品").select_option(label="收取过财物")
    page.get_by_label("承办人是否出庭(参加调解、仲裁)").select_option(label="是")
    page.get_by_label("满意度").select_option(label="一般")
    page.get_by_label("意见建议").fill("开庭前收了两千元“辛苦费”。")
    page.get_by_role("button", name="保存回访").click()
    page.wait_for_load_state()
    assert "已向中心主任发出监督预警" in page.content(), page.locator("main").inner_text()
    flag = SupervisionFlag.objects.get(case=case)
    assert flag.kind == "money" and flag.handler == story["handler"]
    page.goto(f"{live_server.url}/supervision/flags/")
    assert "索要或收取财物" in page.content() and case.number in page.content()

    # 3. The aided person, not logged in, rates the handler with the card's code.
    card = SupervisionCard.objects.get(case=case)
    public = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai").new_page()
    public.goto(f"{live_server.url}/supervision/r/")
    public.get_by_label("回执码").fill(cards.format_code(card.return_code).lower())
    public.get_by_role("button", name="下一步").click()
    public.wait_for_url(f"**/supervision/r/{card.return_code}/")
    assert story["handler"].get_full_name() in public.content()
    public.check("#id_satisfaction_1")  # 满意
    public.check("#id_handler_contacted_0")
    public.check("#id_attended_hearing_0")
    public.check("#id_money_0")
    public.get_by_label("意见和建议").fill("律师很耐心。")
    public.get_by_role("button", name="提交评价").click()
    public.wait_for_load_state()
    assert "感谢您的评价" in public.content()
    answer = CardResponse.objects.get(card=card)
    assert answer.satisfaction == 4 and answer.channel == "online"
    # One answer per card.
    public.goto(f"{live_server.url}/supervision/r/{card.return_code}/")
    assert "已经评价过了" in public.content()
    public.context.close()


def test_the_aided_person_complains_from_a_phone(story, live_server, browser):
    """From the rating page's link, on a phone-sized screen, with the case number typed with other brackets."""
    case = story["case"]
    card = SupervisionCard.objects.get(case=case)
    context = browser.new_context(
        locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 375, "height": 740}, is_mobile=True
    )
    public = context.new_page()
    public.goto(f"{live_server.url}/supervision/r/{card.return_code}/")
    public.get_by_role("link", name="对法律援助服务不满意？在线投诉").click()
    public.wait_for_url("**/supervision/complain/**")
    public.get_by_label("您的姓名").fill("欧阳喆堃")
    public.get_by_label("联系电话").fill("１３９００００１２３４")
    public.get_by_label("受援人", exact=True).check()
    public.get_by_label("承办律师(承办人)", exact=True).check()
    public.get_by_label("案号(可不填)").fill(case.number.replace("〔", "【").replace("〕", "】"))
    public.get_by_label("投诉事项").fill("开庭前律师一直联系不上。")
    public.get_by_role("button", name="提交投诉").click()
    public.wait_for_load_state()
    complaint = Complaint.objects.get()
    assert complaint.case == case and complaint.handler == story["handler"] and complaint.channel == "online"
    assert complaint.receipt_number in public.content()
    assert public.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()

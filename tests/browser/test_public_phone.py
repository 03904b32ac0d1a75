"""A member of the public, on a phone-sized screen (390×844), files an application online and follows it on
the status page through the grant, the case's opening, the handler's assignment and the closing; then leaves
an online consultation from the pages' own navigation."""

from datetime import date

import pytest
from django.utils import timezone

from cases import services as case_services
from intake.models import Application, Consultation
from tests.cases.factories import make_roster, subsidy_standard
from tests.intake.factories import resident_id
from tests.supervision.factories import close_case

pytestmark = pytest.mark.browser
WIDTH = 390
ID_NUMBER = resident_id(date(1992, 8, 8), female=True)


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": WIDTH, "height": 844}, is_mobile=True
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= WIDTH


def look_up(page, live_server, number: str) -> str:
    page.goto(f"{live_server.url}/intake/apply/status/")
    page.get_by_label("受理编号").fill(number)
    page.get_by_label("身份证号码或手机号码的后4位").fill(ID_NUMBER[-4:])
    page.get_by_role("button", name="查询").click()
    page.wait_for_load_state()
    assert fits(page)
    return page.get_by_test_id("public-status").inner_text() + page.content()


def test_the_public_follow_their_application_to_the_closing(
    transactional_db, network, alice, live_server, phone, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    roster = make_roster(network)
    subsidy_standard(amount="1500.00")
    phone.goto(f"{live_server.url}/intake/apply/")
    phone.get_by_label("向哪个法律援助中心申请").select_option(label=network.centre.name)
    phone.get_by_label("你的姓名").fill("周小红")
    phone.get_by_label("身份证号码").fill(ID_NUMBER)
    phone.get_by_label("手机号码").fill("13855556789")
    phone.get_by_label("现在住在哪里").fill("寿县寿春镇北街12号")
    phone.get_by_label("劳动争议(如拖欠工资、工伤)").check()
    phone.get_by_label("请简单说说发生了什么事，希望得到什么帮助").fill("在饭店打工半年，老板不发工资。")
    phone.get_by_label("我保证以上内容真实，愿意承担提供虚假信息的法律责任").check()
    phone.get_by_role("button", name="提交申请").click()
    phone.wait_for_load_state()
    number = phone.get_by_test_id("receipt-number").inner_text().strip()
    assert fits(phone)
    application = Application.objects.get(number=number)
    assert "已接收待受理" in look_up(phone, live_server, number)

    # The centre grants it (eligibility is tested on its own) and the case is opened.
    Application.objects.filter(pk=application.pk).update(status=Application.Status.GRANTED, decided_at=timezone.now())
    case = case_services.case_open_from_application(Application.objects.get(pk=application.pk), actor=alice)
    text = look_up(phone, live_server, number)
    assert case.number in text and "中心正在指派承办人" in text

    lawyer = roster.senior_lawyer
    case_services.case_assign(case, actor=alice, handler=lawyer, reason="擅长劳动争议")
    text = look_up(phone, live_server, number)
    assert lawyer.get_full_name() in text
    # How to reach the handler: their office phone, a tap away.
    office = lawyer.profile.phone or lawyer.profile.organisation.phone
    assert office and phone.get_by_role("link", name=office).first.get_attribute("href") == f"tel:{office}"
    assert phone.locator("[aria-current=step]").inner_text() == "指派承办人"

    case = close_case(case, handler=lawyer, reviewer=alice, end=timezone.localdate())
    text = look_up(phone, live_server, number)
    assert phone.locator("[aria-current=step]").inner_text() == "结案"
    assert phone.get_by_test_id("closed-on").inner_text() == f"{timezone.localdate():%Y年%-m月%-d日}"
    assert "周小红" not in text

    # The public pages' own navigation leads to the online consultation.
    phone.get_by_role("link", name="在线咨询").click()
    phone.get_by_label("向哪个法律援助中心咨询").select_option(label=network.centre.name)
    phone.get_by_label("怎么称呼你").fill("周女士")
    phone.get_by_label("手机号码").fill("1385555")
    phone.get_by_label("你想咨询什么问题").fill("结案后对方还是不给钱怎么办？")
    phone.get_by_label("我同意法律援助中心用这个号码给我回电和发短信").check()
    phone.get_by_role("button", name="提交咨询").click()
    phone.wait_for_load_state()
    assert phone.get_by_label("你想咨询什么问题").input_value() == "结案后对方还是不给钱怎么办？"
    phone.get_by_label("手机号码").fill("13855556789")
    phone.get_by_label("我同意法律援助中心用这个号码给我回电和发短信").check()
    phone.get_by_role("button", name="提交咨询").click()
    phone.wait_for_load_state()
    assert "打电话回复你" in phone.get_by_test_id("call-back-due").inner_text() and fits(phone)
    assert Consultation.objects.get().visitor_phone == "13855556789"

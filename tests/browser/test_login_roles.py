import pytest

from legalaid.demo import DEMO_PASSWORD, seed_demo
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser

HOME_TEXT = {
    "director": ("中心主任工作台", "寿县法律援助中心"),
    "staff": ("中心工作人员工作台", "服务网络"),
    "supervisor": ("质量监督员工作台", "寿县法律援助中心"),
    "clerk": ("工作站工作人员工作台", "寿春镇法律援助工作站"),
    "lawyer": ("承办人工作台", "我的承办资格"),
    "admin": ("系统管理员工作台", "系统概况"),
}


@pytest.fixture
def demo(transactional_db):
    seed_demo()


@pytest.mark.parametrize("username", list(HOME_TEXT))
def test_each_demo_role_logs_in_and_sees_its_home(demo, live_server, page, username):
    log_in(page, live_server, username, DEMO_PASSWORD)
    heading, detail = HOME_TEXT[username]
    assert page.get_by_test_id("home-heading").inner_text().strip() == heading
    assert detail in page.content()
    page.get_by_role("button", name="退出").click()
    page.wait_for_url(f"{live_server.url}/accounts/login/")


def test_wrong_password_is_told_in_chinese(demo, live_server, page):
    log_in(page, live_server, "staff", "not-the-password")
    assert "用户名或密码不正确" in page.content()

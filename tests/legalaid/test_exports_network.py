"""Exports of the project package's own lists (issue 15): the access log, the directors' lists (users and the
roster, the duty rota, the rules, the holiday calendar), the inbox and the batch print runs. Each holds the rows
its page shows (one function serves both), masked as the page is, and is refused to a lower role (403) while an
outsider's export holds none of our rows."""

from datetime import date
from io import BytesIO

import pytest
from django.test import RequestFactory
from django.urls import reverse
from openpyxl import load_workbook

from legalaid.audit.services import Kind, log_access
from legalaid.directory import duty
from legalaid.documents.services import batchable_kinds
from legalaid.messaging import services as messaging
from legalaid.models import DocumentBatch, DutyShift, MessageEvent, Organisation
from legalaid.roles import Role
from tests.conftest import login
from tests.factories import OrganisationFactory, make_handler, make_member

MONDAY = date(2026, 11, 30)

pytestmark = pytest.mark.usefixtures("monday_morning")


def sheet(client, identifier: str, **params) -> list[list]:
    response = client.get(reverse("list_export", args=[identifier]), params)
    assert response.status_code == 200, response.status_code
    return [[cell.value for cell in row] for row in load_workbook(BytesIO(response.content)).active.iter_rows()]


def refused(client, identifier: str) -> bool:
    return client.get(reverse("list_export", args=[identifier])).status_code == 403


def logged(user, subject: str, kind=Kind.FULL_ID_NUMBER):
    request = RequestFactory().get("/intake/persons/7/edit/", REMOTE_ADDR="10.1.2.3")
    request.user = user
    return log_access(request, kind=kind, subject=subject, detail="人员编辑表单")


def test_the_access_log_export_is_the_pages_filtered_rows(director, other_director, alice, charlie):
    logged(alice, "张*国")
    logged(alice, "咨询台账", kind=Kind.EXPORT)
    logged(charlie, "陈*明")
    client = login(director)
    params = {"kind": Kind.FULL_ID_NUMBER, "who": "王爱丽", "start": "2026-11-30", "page": "2"}
    page = client.get(reverse("audit:access_log"), params)
    shown = [record.subject for record in page.context["page"].object_list]
    assert shown == ["张*国"]
    assert reverse("list_export", args=["legalaid.access_log"]) + "?kind=" in page.content.decode()
    rows = sheet(client, "legalaid.access_log", **params)
    assert rows[0] == ["时间", "查看人", "机构", "类型", "涉及对象", "内容", "来源地址"]
    assert [row[4] for row in rows[1:]] == shown  # the subject as logged: masked
    assert rows[1][6] == "10.1.2.3"
    # Every kind, every record of the subtree (and the export's own line, written before its rows are read).
    everything = [row[4] for row in sheet(client, "legalaid.access_log")[1:]]
    assert "陈*明" not in everything and {"张*国", "咨询台账"} <= set(everything)
    assert "张*国" not in [row[4] for row in sheet(login(other_director), "legalaid.access_log")[1:]]
    assert refused(login(alice), "legalaid.access_log")


def test_the_users_and_roster_export(director, other_director, alice, bob, network):
    lawyer = make_handler(network.law_firm, trained_for_minors=True)
    client = login(director)
    page = client.get(reverse("directory:index"))
    rows = sheet(client, "directory.users")
    assert [row[1] for row in rows[1:]] == [user.username for user in page.context["users"]]
    by_name = {row[1]: row for row in rows[1:]}
    assert {alice.username, bob.username, lawyer.username, director.username} <= set(by_name)
    assert by_name[lawyer.username][4:8] == ["社会执业律师", "在岗", "是", "启用"]
    assert by_name[bob.username][4:7] == [None, None, None]  # not on the roster: empty cells
    assert alice.username not in [row[1] for row in sheet(login(other_director), "directory.users")[1:]]
    assert refused(login(alice), "directory.users")
    assert "导出" not in login(alice).get(reverse("directory:index")).content.decode()


@pytest.fixture
def court(network):
    return OrganisationFactory(
        name="寿县人民法院法律援助工作站", kind=Organisation.Kind.COURT_WORKSTATION, parent=network.centre
    )


def test_the_duty_rota_export_is_the_weeks_grid(director, other_director, alice, court, network):
    lawyer, other = make_handler(network.law_firm), make_handler(network.law_firm)
    afternoon = duty.duty_add(
        actor=director, station=court, day=MONDAY, period=DutyShift.Period.AFTERNOON, lawyer=lawyer
    )
    morning = duty.duty_add(actor=director, station=court, day=MONDAY, period=DutyShift.Period.MORNING, lawyer=other)
    next_week = duty.duty_add(
        actor=director, station=court, day=date(2026, 12, 7), period=DutyShift.Period.MORNING, lawyer=lawyer
    )
    client = login(director)
    page = client.get(reverse("directory:duty"))
    in_grid = {
        shift.pk
        for row in page.context["grid"]
        for day in row["days"]
        for _label, shifts in day["halves"]
        for shift in shifts
    }
    rows = sheet(client, "directory.duty")
    assert in_grid == {morning.pk, afternoon.pk}
    assert [(row[0], row[1], row[3]) for row in rows[1:]] == [
        ("2026-11-30", "上午", other.get_full_name()),  # the morning first, though added later
        ("2026-11-30", "下午", lawyer.get_full_name()),
    ]
    assert rows[1][2] == court.name and rows[1][4] == network.law_firm.name
    following = sheet(client, "directory.duty", week="2026-12-09")
    assert [row[0] for row in following[1:]] == [next_week.day.isoformat()]
    week_page = client.get(reverse("directory:duty"), {"week": "2026-12-09"}).content.decode()
    assert reverse("list_export", args=["directory.duty"]) + "?week=2026-12-09" in week_page
    assert sheet(login(other_director), "directory.duty")[1:] == []
    assert refused(login(alice), "directory.duty")


def test_the_rules_export_is_the_pages_versions(director, other_director, alice):
    from cases.models import SubsidyStandard

    SubsidyStandard.objects.create(
        division_code="340422", case_type="civil", amount="1500.00", effective_from=date(2024, 1, 1)
    )
    client = login(director)
    page = client.get(reverse("directory:rules"))
    on_page = [
        (str(section["table"].title), row.effective_from.isoformat())
        for section in page.context["sections"]
        for row, _cells in section["rows"]
    ]
    rows = sheet(client, "directory.rules")
    assert rows[0] == ["规则", "内容", "生效日期", "失效日期"]
    assert [(row[0], row[2]) for row in rows[1:]] == on_page
    subsidy = next(row for row in rows[1:] if "1500" in row[1])
    assert subsidy[3] == "长期"
    assert "1500" not in str(sheet(login(other_director), "directory.rules"))
    assert refused(login(alice), "directory.rules")


def test_the_holiday_export_is_the_pages_calendar(director, alice, network):
    from supervision.models import Holiday

    Holiday.objects.create(date=date(2027, 6, 30), kind="day_off", name="地方补充")
    client = login(director)
    page = client.get(reverse("directory:holidays"))
    rows = sheet(client, "directory.holidays")
    assert [row[0] for row in rows[1:]] == [day.isoformat() for day, _label, _row in page.context["days"]]
    assert ["2027-06-30", "休息", "地方补充（补充调整）"] in rows
    administrator = make_member(network.city, Role.ADMINISTRATOR, username="admin_e")
    assert len(sheet(login(administrator), "directory.holidays")) == len(rows)
    assert refused(login(alice), "directory.holidays")


def test_the_inbox_export_holds_ones_own_messages(alice, bob, as_alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        messaging.notify(MessageEvent.ASSIGNED, key="e:1", context={"number": "第0001号", "name": "龑"}, user=alice)
        messaging.notify(MessageEvent.ASSIGNED, key="e:2", context={"number": "第0002号", "name": "㛃"}, user=bob)
    page = as_alice.get(reverse("messaging:inbox"))
    rows = sheet(as_alice, "messaging.inbox")
    assert [row[1] for row in rows[1:]] == [message.subject for message in page.context["page"].object_list]
    assert "第0001号" in str(rows) and "第0002号" not in str(rows)
    assert rows[1][3] == "未读"
    messaging.mark_read(page.context["page"].object_list[0], actor=alice)
    assert sheet(as_alice, "messaging.inbox")[1][3] == "2026-11-30 09:00"
    assert "第0001号" not in str(sheet(login(bob), "messaging.inbox"))
    assert reverse("list_export", args=["messaging.inbox"]) in page.content.decode()


def test_the_batch_export_holds_ones_own_runs(alice, charlie, as_alice, network):
    for index, user in enumerate((alice, alice, charlie)):
        DocumentBatch.objects.create(
            kind="materials_receipt",
            requested_by=user,
            start=date(2026, 11, 1 + index),
            end=date(2026, 11, 30),
            object_ids=[],
            document_count=index + 1,
        )
    page = as_alice.get(reverse("documents:batches"))
    rows = sheet(as_alice, "documents.batches")
    assert [row[2] for row in rows[1:]] == [row["batch"].start.isoformat() for row in page.context["rows"]]
    assert [row[2] for row in rows[1:]] == ["2026-11-02", "2026-11-01"]
    assert rows[1][1] == page.context["rows"][0]["title"] and rows[1][5] == "排队中"
    assert [row[2] for row in sheet(login(charlie), "documents.batches")[1:]] == ["2026-11-03"]
    # Who may print no kind in a batch (the first such of the smaller roles) has no batch page and no export.
    bureau = OrganisationFactory(name="寿县司法局", kind=Organisation.Kind.JUSTICE_BUREAU, parent=None)
    candidates = (
        make_handler(network.law_firm),
        make_member(network.law_firm, Role.PROVIDER_MANAGER, username="manager_e"),
        make_member(bureau, Role.JUSTICE_BUREAU, username="bureau_e"),
    )
    lower = login(next(user for user in candidates if not batchable_kinds(user)))
    assert lower.get(reverse("documents:batches")).status_code == 403
    assert refused(lower, "documents.batches")

"""Every list page exports through the one registry: each opens as XLSX with the page's columns, for the
role the page serves (outsider: none of our rows; lower role: 403 and no 导出 button), masks as the page
does, and the older export addresses are served by the same code path."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from intake.models import Channel, Consultation, HomeVisit
from legalaid.exports import list_exports, may_export
from legalaid.models import AccessRecord, Organisation
from legalaid.roles import Role
from tests.conftest import login
from tests.factories import OrganisationFactory, make_handler, make_member
from tests.intake.factories import PersonFactory, home_visit

# identifier -> the list page that shows its 导出 button (every list page the apps have).
LIST_PAGES = {
    "intake.applications": "intake:application_list",
    "intake.review_queue": "intake:queue",
    "intake.persons": "intake:person_list",
    "intake.consultations": "intake:consultation_list",
    "intake.call_backs": "intake:call_back_list",
    "intake.home_visits": "intake:home_visit_list",
    "eligibility.decision_queue": "eligibility:decision_queue",
    "eligibility.cards": "eligibility:card_list",
    "eligibility.objections": "eligibility:objection_list",
    "eligibility.spot_checks": "eligibility:spot_check_list",
    "cases.cases": "cases:case_list",
    "cases.my_cases": "cases:my_cases",
    "cases.deadline_board": "cases:deadline_board",
    "cases.open_queue": "cases:open_queue",
    "cases.pre_provision_queue": "cases:pre_provision_queue",
    "cases.cooperation": "cases:cooperation_list",
    "cases.duty_helps": "cases:duty_list",
    "cases.subsidies": "cases:subsidy_list",
    "cases.archives": "cases:archive:list",
    "supervision.complaints": "supervision:complaints",
    "supervision.visits": "supervision:visits",
    "supervision.quality_queue": "supervision:queue",
    "supervision.flags": "supervision:flags",
    "supervision.enforcement": "supervision:enforcement",
    "supervision.stale": "supervision:stale",
    "supervision.cards": "supervision:cards",
    "supervision.card_rates": "supervision:cards",
    "legalaid.organisations": "organisation_list",
    "legalaid.access_log": "audit:access_log",
    "directory.users": "directory:index",
    "directory.duty": "directory:duty",
    "directory.rules": "directory:rules",
    "directory.holidays": "directory:holidays",
    "messaging.inbox": "messaging:inbox",
    "documents.batches": "documents:batches",
}

# Lists a centre director reads (the access log, the directors' own pages).
DIRECTORS_LISTS = {"legalaid.access_log", "directory.users", "directory.duty", "directory.rules", "directory.holidays"}


def sheet_rows(response) -> list[list]:
    assert response.status_code == 200, response.status_code
    assert response["Content-Disposition"].startswith("attachment;")
    return [[cell.value for cell in row] for row in load_workbook(BytesIO(response.content)).active.iter_rows()]


def export(client, identifier: str, **params):
    return client.get(reverse("list_export", args=[identifier]), params)


def right_user(network, identifier: str):
    if identifier == "cases.my_cases":
        return make_handler(network.law_firm)
    if identifier in DIRECTORS_LISTS:
        return make_member(network.centre, Role.CENTRE_DIRECTOR, username="director_r")
    return make_member(network.centre, Role.CENTRE_STAFF, username="staff_r")


def lower_user(network, export):
    """A user of a role below the list's: the first of the smaller roles that may not export it (None for a
    list every signed-in user has, of their own records: the inbox)."""
    if not export.permission and export.allowed is None:
        return None
    bureau = OrganisationFactory(name="寿县司法局", kind=Organisation.Kind.JUSTICE_BUREAU, parent=None)
    for organisation, role in (
        (network.workstation, Role.WORKSTATION_CLERK),
        (network.law_firm, Role.PROVIDER_MANAGER),
        (bureau, Role.JUSTICE_BUREAU),
    ):
        user = make_member(organisation, role, username=f"lower_{role}")
        if not may_export(user, export):
            return user
    raise AssertionError(f"every smaller role may export {export.identifier}")


def test_every_list_page_is_registered():
    assert set(LIST_PAGES) == set(list_exports())


@pytest.mark.parametrize("identifier", sorted(LIST_PAGES))
def test_each_export_opens_for_its_role_and_its_page_shows_the_button(identifier, network):
    registered = list_exports()[identifier]
    right = login(right_user(network, identifier))
    rows = sheet_rows(export(right, identifier))
    assert rows[0] == [str(label) for label, _column in registered.columns]
    page = right.get(reverse(LIST_PAGES[identifier]))
    assert page.status_code == 200
    assert reverse("list_export", args=[identifier]) in page.content.decode()
    assert AccessRecord.objects.filter(kind=AccessRecord.Kind.EXPORT, subject=str(registered.title)).exists()

    lower_role = lower_user(network, registered)
    if lower_role is None:
        return
    lower = login(lower_role)
    assert export(lower, identifier).status_code == 403
    listed = lower.get(reverse(LIST_PAGES[identifier]))
    assert reverse("list_export", args=[identifier]) not in listed.content.decode()


@pytest.fixture
def consultations(network, alice, charlie):
    workstation = Channel.objects.get(code="workstation")

    def consult(organisation, taken_by, name, phone, question):
        return Consultation.objects.create(
            channel=workstation,
            organisation=organisation,
            taken_by=taken_by,
            visitor_name=name,
            visitor_phone=phone,
            question=question,
            call_back_due=timezone.now() + timedelta(hours=3),
        )

    ours = consult(network.centre, alice, "=周八", "13900002222", "工伤认定怎么申请？")
    theirs = consult(network.other_centre, charlie, "吴九", "13900003333", "欠薪怎么办？")
    return ours, theirs


@pytest.mark.parametrize("identifier", ["intake.consultations", "intake.call_backs"])
def test_consultations_export_masks_phones_and_stays_in_scope(identifier, consultations, as_alice, as_charlie):
    rows = sheet_rows(export(as_alice, identifier))
    names = [row[[str(label) for label in rows[0]].index("咨询人")] for row in rows[1:]]
    assert names == ["=周八"]  # a text, not a formula
    flat = [str(value) for row in rows for value in row]
    assert "139****2222" in flat and "13900002222" not in flat
    assert "吴九" not in [value for row in sheet_rows(export(as_alice, identifier)) for value in row]
    assert [row for row in sheet_rows(export(as_charlie, identifier))[1:] if "=周八" in row] == []


def test_the_ledgers_older_address_is_the_same_export_with_the_pages_filters(consultations, as_alice, as_bob):
    rows = sheet_rows(as_alice.get(reverse("intake:consultation_list"), {"export": "xlsx", "q": "周八"}))
    assert rows[0][0] == "咨询时间" and [row[5] for row in rows[1:]] == ["=周八"]
    assert sheet_rows(as_alice.get(reverse("intake:consultation_list"), {"export": "xlsx", "q": "郑十一"}))[1:] == []
    record = AccessRecord.objects.filter(kind=AccessRecord.Kind.EXPORT).order_by("pk").first()
    assert record.subject == "咨询台账" and "q=" in record.detail and "export" not in record.detail
    page = as_alice.get(reverse("intake:consultation_list"), {"q": "周八", "page": "1"}).content.decode()
    assert reverse("list_export", args=["intake.consultations"]) + "?q=" in page


def test_home_visits_export_follows_the_status_tab(network, alice, as_alice):
    home_visit(network.centre, alice, person=PersonFactory(name="孙十"))
    rows = sheet_rows(export(as_alice, "intake.home_visits"))
    assert [row[1] for row in rows[1:]] == ["孙十"]
    assert sheet_rows(export(as_alice, "intake.home_visits", status=HomeVisit.Status.DONE))[1:] == []


def test_the_handlers_own_cases_and_the_board_export(network, alice):
    from cases import services
    from tests.cases.factories import granted_application, make_roster

    handler = make_roster(network).senior_lawyer
    case = services.case_open_from_application(granted_application(network), actor=alice)
    services.case_assign(case, actor=alice, handler=handler, reason="擅长劳动争议")
    rows = sheet_rows(export(login(handler), "cases.my_cases"))
    assert [row[0] for row in rows[1:]] == [case.number]
    other = make_handler(network.law_firm)
    assert sheet_rows(export(login(other), "cases.my_cases"))[1:] == []
    # The board the centre reads: the new case's clocks, each row with its section and due date.
    board = sheet_rows(export(login(alice), "cases.deadline_board"))
    clocks = [row for row in board[1:] if row[2] == case.number]
    assert clocks and all(row[0] and row[1] for row in clocks)
    other_handler_board = sheet_rows(export(login(alice), "cases.deadline_board", handler=other.pk))
    assert case.number not in [row[2] for row in other_handler_board[1:]]


def test_a_statistics_report_downloads_through_the_same_logged_path(network, as_alice):
    url = reverse("supervision:statistics_report", args=["targets"])
    response = as_alice.get(url, {"organisation": network.centre.pk, "year": 2026, "format": "xlsx"})
    assert sheet_rows(response)[0]
    record = AccessRecord.objects.filter(kind=AccessRecord.Kind.EXPORT).get()
    assert "year=2026" in record.detail and "format" not in record.detail

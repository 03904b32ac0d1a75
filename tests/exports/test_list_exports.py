"""Exports of the list pages through legalaid's one registry: scoped, filtered, masked, logged, formula-safe."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from legalaid.exports import list_exports
from legalaid.models import AccessRecord
from legalaid.roles import Role
from tests.conftest import login
from tests.factories import make_member
from tests.intake.factories import PersonFactory, file_application


def sheet_rows(response) -> list[list]:
    assert response.status_code == 200, response.status_code
    sheet = load_workbook(BytesIO(response.content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def export(client, identifier: str, **params):
    return client.get(reverse("list_export", args=[identifier]), params)


@pytest.fixture
def applications(alice, bob, charlie, network):
    mine = file_application(bob, network.workstation, applicant=PersonFactory(name="=HYPERLINK(1)"))
    other = file_application(charlie, network.other_centre)
    return mine, other


def test_every_list_registered_has_a_permission_and_columns():
    registry = list_exports()
    assert {"intake.applications", "intake.persons"} <= set(registry)
    for export in registry.values():
        assert export.columns
        # A list with no permission is one every signed-in user has, of their own records (the inbox).
        assert export.permission or export.allowed or export.identifier == "messaging.inbox"


def test_applications_export_is_scoped_filtered_masked_and_logged(applications, as_alice, as_charlie, network):
    mine, other = applications
    rows = sheet_rows(export(as_alice, "intake.applications", status=mine.status, page="3"))
    numbers = [row[0] for row in rows[1:]]
    assert numbers == [mine.number]
    assert rows[1][1] == "=HYPERLINK(1)"  # text, not a formula
    assert "*" in rows[1][2] or rows[1][2] == ""
    assert other.number not in [row[0] for row in sheet_rows(export(as_alice, "intake.applications"))[1:]]
    # A status the list does not know is ignored by the page, and so by its export.
    assert sheet_rows(export(as_alice, "intake.applications", status="no-such-status"))[1:] != []
    record = AccessRecord.objects.filter(kind=AccessRecord.Kind.EXPORT).order_by("pk").first()
    assert record.subject == "法律援助申请" and "page" not in record.detail and "status=" in record.detail


def test_a_filter_narrows_the_export(applications, as_alice):
    mine, _other = applications
    assert sheet_rows(export(as_alice, "intake.applications", q="no one by this name"))[1:] == []
    assert [row[0] for row in sheet_rows(export(as_alice, "intake.applications", q=mine.number))[1:]] == [mine.number]


def test_the_three_personas(applications, as_alice, network):
    outsider_manager = make_member(network.law_firm, Role.PROVIDER_MANAGER, username="manager_x")
    assert export(login(outsider_manager), "intake.applications").status_code == 403
    assert export(as_alice, "no.such.list").status_code == 404
    assert export(as_alice, "intake.persons").status_code == 200


def test_persons_export_masks_id_numbers_and_phones(applications, as_alice):
    rows = sheet_rows(export(as_alice, "intake.persons"))
    person = applications[0].applicant
    row = next(row for row in rows[1:] if row[0] == person.name)
    assert person.id_number not in row and (not person.phone or person.phone not in row)


def test_the_list_page_links_to_its_export_with_its_filters(applications, as_alice):
    page = as_alice.get(reverse("intake:application_list"), {"status": "received", "page": "1"}).content.decode()
    assert reverse("list_export", args=["intake.applications"]) + "?status=received" in page


EVERY_LIST = [
    ("intake.applications", "intake:application_list"),
    ("intake.persons", "intake:person_list"),
    ("eligibility.decision_queue", "eligibility:decision_queue"),
    ("eligibility.cards", "eligibility:card_list"),
    ("cases.cases", "cases:case_list"),
    ("cases.duty_helps", "cases:duty_list"),
    ("supervision.complaints", "supervision:complaints"),
    ("supervision.visits", "supervision:visits"),
]


@pytest.mark.parametrize(("identifier", "list_url"), EVERY_LIST)
def test_each_list_exports_to_its_own_staff_and_links_to_it(identifier, list_url, as_alice, as_charlie, network):
    manager = make_member(network.law_firm, Role.PROVIDER_MANAGER, username="manager_y")
    rows = sheet_rows(export(as_alice, identifier))
    assert rows[0] == [str(label) for label, _column in list_exports()[identifier].columns]
    assert sheet_rows(export(as_charlie, identifier))[1:] == []  # another county's staff: nothing of ours
    if not manager.has_perm(list_exports()[identifier].permission):
        assert export(login(manager), identifier).status_code == 403
    assert reverse("list_export", args=[identifier]) in as_alice.get(reverse(list_url)).content.decode()


def test_a_card_check_on_the_list_never_travels_into_the_export(as_alice):
    page = as_alice.get(reverse("eligibility:card_list"), {"holder_id_number": "34042219500301002X"})
    assert (
        "34042219500301002X"
        not in page.content.decode().split(reverse("list_export", args=["eligibility.cards"]))[1][:80]
    )
    export(as_alice, "eligibility.cards", holder_id_number="34042219500301002X")
    assert "34042219500301002X" not in AccessRecord.objects.filter(kind=AccessRecord.Kind.EXPORT).get().detail

"""Races that only a real database shows: run with `bash scripts/test.sh tests/cases/test_concurrency.py`.

On SQLite (one writer at a time, no row locks) the threaded tests are skipped.
"""

import threading
import time

import pytest
from django.db import connection

from cases import selectors, services
from cases.models import Assignment, Case, CaseNumberCounter, NotificationLetter
from legalaid.errors import DomainError
from legalaid.models import Organisation
from legalaid.roles import Role
from tests.cases.factories import granted_application, make_roster, notification_case
from tests.conftest import Network
from tests.factories import OrganisationFactory, make_member

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL (bash scripts/test.sh)"
)


@pytest.fixture
def world(transactional_db):
    city = OrganisationFactory(name="淮南市法律援助中心", kind=Organisation.Kind.CITY_CENTRE, division_code="340400")
    centre = OrganisationFactory(name="寿县法律援助中心", parent=city)
    firm = OrganisationFactory(name="安徽寿州律师事务所", kind=Organisation.Kind.LAW_FIRM, parent=centre)
    network = Network(city, centre, centre, centre, firm, city)
    staff_a = make_member(centre, Role.CENTRE_STAFF)
    staff_b = make_member(centre, Role.CENTRE_STAFF)
    return network, staff_a, staff_b, make_roster(network)


def run_together(*calls):
    """Start every call at the same moment, each in its own thread and database connection."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def runner(index, call):
        try:
            barrier.wait()
            results[index] = ("ok", call())
        except DomainError as error:
            results[index] = ("refused", error.message)
        except Exception as error:  # noqa: BLE001 - the test reports any other failure
            results[index] = ("error", repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@needs_postgresql
def test_two_staff_assigning_the_same_case_at_once(world, monkeypatch):
    network, staff_a, staff_b, roster = world
    case = services.case_open_from_application(granted_application(network), actor=staff_a)
    real = selectors.assignment_candidates

    def slow_candidates(locked_case):
        # Widen the window between reading the status and writing the assignment.
        time.sleep(0.4)
        return real(locked_case)

    monkeypatch.setattr(selectors, "assignment_candidates", slow_candidates)
    results = run_together(
        lambda: services.case_assign(Case.objects.get(pk=case.pk), actor=staff_a, handler=roster.senior_lawyer),
        lambda: services.case_assign(
            Case.objects.get(pk=case.pk), actor=staff_b, handler=roster.service_worker, reason="就近"
        ),
    )
    outcomes = sorted(kind for kind, _value in results)
    assert outcomes == ["ok", "refused"], results
    message = next(value for kind, value in results if kind == "refused")
    assert "不能重复指派" in message and "指派给" in message
    assert Assignment.objects.filter(case=case).count() == 1
    case.refresh_from_db()
    assert case.status == Case.Status.ASSIGNED
    assert case.transitions.filter(to_status="assigned").count() == 1


@needs_postgresql
def test_concurrent_openings_never_repeat_or_skip_a_number(world):
    network, staff_a, staff_b, _roster = world
    calls = [(lambda i=i: notification_case(staff_a if i % 2 else staff_b, network.centre).number) for i in range(8)]
    results = run_together(*calls)
    assert all(kind == "ok" for kind, _value in results), results
    sequences = sorted(Case.objects.values_list("sequence", flat=True))
    assert sequences == list(range(1, 9))
    assert CaseNumberCounter.objects.get(centre=network.centre).last_value == 8


def test_a_failed_opening_gives_its_number_back(db, network, alice, monkeypatch):
    notification_case(alice, network.centre)

    def broken_create(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(NotificationLetter.objects, "create", broken_create)
    with pytest.raises(RuntimeError):
        notification_case(alice, network.centre)
    monkeypatch.undo()
    third = notification_case(alice, network.centre)
    assert third.sequence == 2
    assert CaseNumberCounter.objects.get(centre=network.centre).last_value == 2

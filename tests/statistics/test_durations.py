"""Durations are never negative: "decision to assignment" pairs the first assignment with the
decision that authorised aid (the pre-provision decision when there was one), and a pair out of
order is left out of the median instead of pulling it below zero."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from cases.models import Assignment, Case
from intake.models import Application, Channel, Person
from legalaid.roles import Role
from legalaid.vocabulary import CaseType, HandlerType
from supervision.statistics import aggregates, periods
from tests.factories import make_handler, make_member

CHINA = ZoneInfo("Asia/Shanghai")
FEB = periods.month(date(2026, 2, 1))


def at(day: int, hour: int = 10) -> datetime:
    return datetime(2026, 2, day, hour, tzinfo=CHINA)


@pytest.fixture
def people(network):
    return make_member(network.centre, Role.CENTRE_STAFF), make_handler(network.law_firm, HandlerType.PRACTISING_LAWYER)


def granted_case(network, people, number, *, received, decided, pre_provision=None, assignments=()):
    staff, lawyer = people
    application = Application.objects.create(
        number=f"SQ{number}",
        applicant=Person.objects.create(name=f"申请人{number}"),
        channel=Channel.objects.first(),
        receiving_organisation=network.centre,
        centre=network.centre,
        case_type=CaseType.CIVIL,
        facts="事实",
        service_requested="litigation",
        received_at=received,
        decision_due=received.date() + timedelta(days=7),
        status=Application.Status.GRANTED,
        decided_at=decided,
        pre_provision_at=pre_provision,
    )
    case = Case.objects.create(
        number=f"AJ{number}",
        number_year=2026,
        sequence=number,
        centre=network.centre,
        received_by=network.centre,
        source=Case.Source.APPLICATION,
        application=application,
        case_type=CaseType.CIVIL,
        accepted_at=min([decided, *(a for a in [pre_provision] if a)]),
        accepted_by=staff,
        handler=lawyer,
        handler_organisation=network.law_firm,
        handler_type=HandlerType.PRACTISING_LAWYER,
        assigned_at=assignments[-1],
        status=Case.Status.ASSIGNED,
    )
    for index, when in enumerate(assignments):
        Assignment.objects.create(
            ended_at=assignments[index + 1] if index + 1 < len(assignments) else None,
            case=case,
            handler=lawyer,
            handler_organisation=network.law_firm,
            handler_type=HandlerType.PRACTISING_LAWYER,
            assigned_by=staff,
            assigned_at=when,
        )
    return case


def medians(network, period=FEB) -> dict:
    return aggregates.medians({"centre": [network.centre.pk]}, period)["centre"]


@pytest.mark.django_db
def test_decision_to_assignment_is_measured_to_the_first_assignment(network, people):
    # Granted on the 2nd, assigned on the 3rd; the handler was changed and the case assigned again on the 20th.
    granted_case(network, people, 1, received=at(1), decided=at(2), assignments=[at(3), at(20)])
    assert medians(network)["assignment_median_days"] == 1.0


@pytest.mark.django_db
def test_a_pre_provided_case_counts_from_the_pre_provision_decision(network, people):
    # LAL 44: aid given first (the 2nd), handler assigned on the 4th, the grant follows on the 10th.
    granted_case(network, people, 2, received=at(1), pre_provision=at(2), decided=at(10), assignments=[at(4)])
    figures = medians(network)
    assert figures["assignment_median_days"] == 2.0
    assert figures["decision_median_days"] == 9.0


@pytest.mark.django_db
def test_an_assignment_before_its_decision_is_left_out_never_negative(network, people):
    # Data moved out of order (the demo's back-dating of a case but not of its application did this).
    granted_case(network, people, 3, received=at(1), decided=at(25), assignments=[at(5)])
    granted_case(network, people, 4, received=at(1), decided=at(6), assignments=[at(8)])
    assert medians(network)["assignment_median_days"] == 2.0


@pytest.mark.django_db
def test_a_decision_recorded_before_its_application_is_left_out(network, people):
    granted_case(network, people, 5, received=at(10), decided=at(3), assignments=[at(12)])
    figures = medians(network)
    assert figures["decision_median_days"] is None
    assert figures["assignment_median_days"] == 9.0


@pytest.mark.django_db
def test_a_reassignment_next_month_is_not_a_decision_to_assignment_time(network, people):
    granted_case(network, people, 6, received=at(1), decided=at(2), assignments=[at(3), at(27) + timedelta(days=5)])
    march = periods.month(date(2026, 3, 1))
    assert medians(network, march)["assignment_median_days"] is None

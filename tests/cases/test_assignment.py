"""Assignment: hard rules whatever is posted, explained ranking, reasons below the top, client's choice, hooks."""

from datetime import date

import pytest
import time_machine

from cases import hooks, selectors, services
from cases.models import Assignment, Case
from intake.models import OpposingParty
from legalaid.errors import DomainError
from legalaid.models import HandlerProfile
from legalaid.roles import Role
from legalaid.vocabulary import HandlerType
from tests.cases.factories import granted_application, notification_case
from tests.factories import make_handler, make_member

pytestmark = pytest.mark.django_db

NOW = "2026-03-10 09:30 +08:00"


@time_machine.travel(NOW, tick=False)
def test_minor_accused_only_to_a_minors_trained_lawyer_within_three_days(network, alice, roster):
    case = notification_case(alice, network.centre, received_on=date(2026, 3, 9), letter_date=date(2026, 3, 9))
    candidates = selectors.assignment_candidates(case)
    eligible = [c.handler.user_id for c in candidates if c.eligible]
    assert eligible == [roster.minors_lawyer.pk]
    refused = {c.handler.user_id: c.failures for c in candidates if not c.eligible}
    assert any("未成年人" in f for f in refused[roster.senior_lawyer.pk])
    assert any("只能指派律师" in f for f in refused[roster.service_worker.pk])

    with pytest.raises(DomainError, match="未成年人") as caught:
        services.case_assign(case, actor=alice, handler=roster.senior_lawyer, reason="熟悉案情")
    assert caught.value.field == "handler"
    assignment = services.case_assign(case, actor=alice, handler=roster.minors_lawyer)
    case.refresh_from_db()
    assert case.status == Case.Status.ASSIGNED
    assert case.handler == roster.minors_lawyer and case.handler_organisation == network.law_firm
    assert assignment.on_time and assignment.due == date(2026, 3, 12)
    assert case.agreement_due == date(2026, 3, 15)
    assert assignment.rank == 1 and assignment.top_handler == roster.minors_lawyer
    assert len(assignment.ranking) == 4
    assert case.transitions.last().to_status == "assigned"


@time_machine.travel(NOW, tick=False)
def test_below_the_top_needs_a_reason(network, alice, roster):
    case = services.case_open_from_application(granted_application(network), actor=alice)
    ranked = [c for c in selectors.assignment_candidates(case) if c.eligible]
    second = ranked[1]
    with pytest.raises(DomainError, match="请说明不选第一位") as caught:
        services.case_assign(case, actor=alice, handler=second_user(second))
    assert caught.value.field == "reason"
    assignment = services.case_assign(case, actor=alice, handler=second_user(second), reason="受援人住所离该所较近")
    assert assignment.rank == 2 and assignment.reason == "受援人住所离该所较近"
    assert "推荐第 2 位" in Case.objects.get(pk=case.pk).transitions.last().reason


def second_user(candidate):
    from legalaid.models import User

    return User.objects.get(pk=candidate.handler.user_id)


@time_machine.travel(NOW, tick=False)
def test_ranking_prefers_specialty_then_load(network, alice, roster):
    case = services.case_open_from_application(granted_application(network), actor=alice)  # labour matter
    ranked = [c.handler.user_id for c in selectors.assignment_candidates(case) if c.eligible]
    # Both labour specialists first (no open cases, fewer assignments); then the others.
    assert set(ranked[:2]) == {roster.senior_lawyer.pk, roster.service_worker.pk}
    services.case_assign(case, actor=alice, handler=User_(ranked[0]))
    another = services.case_open_from_application(granted_application(network), actor=alice)
    ranked_again = [c.handler.user_id for c in selectors.assignment_candidates(another) if c.eligible]
    assert ranked_again[0] == ranked[1]  # the one with an open case now drops below the other specialist


def User_(pk):
    from legalaid.models import User

    return User.objects.get(pk=pk)


@time_machine.travel(NOW, tick=False)
def test_client_choice_is_recorded_and_needs_no_reason(network, alice, roster):
    case = services.case_open_from_application(granted_application(network), actor=alice)
    assignment = services.case_assign(case, actor=alice, handler=roster.junior_lawyer, client_choice=True)
    assert assignment.method == Assignment.Method.CLIENT_CHOICE
    assert "点援" in Case.objects.get(pk=case.pk).transitions.last().reason


@time_machine.travel(NOW, tick=False)
def test_client_choice_still_obeys_the_hard_rules(network, alice, roster):
    case = notification_case(alice, network.centre)
    with pytest.raises(DomainError, match="未成年人"):
        services.case_assign(case, actor=alice, handler=roster.junior_lawyer, client_choice=True)


@time_machine.travel(NOW, tick=False)
def test_second_assignment_is_refused_with_who_got_it(network, alice, roster):
    case = notification_case(alice, network.centre)
    services.case_assign(case, actor=alice, handler=roster.minors_lawyer)
    with pytest.raises(DomainError, match="已于 2026-03-10 09:30 指派给") as caught:
        services.case_assign(case, actor=alice, handler=roster.minors_lawyer)
    assert roster.minors_lawyer.get_full_name() in caught.value.message
    assert Assignment.objects.filter(case=case).count() == 1


@time_machine.travel(NOW, tick=False)
def test_handlers_outside_the_roster_on_leave_or_conflicted_are_refused(network, alice, roster):
    application = granted_application(network)
    OpposingParty.objects.create(application=application, name="安徽寿州律师事务所", kind="organisation")
    case = services.case_open_from_application(application, actor=alice)
    outsider = make_handler(network.other_centre, HandlerType.PRACTISING_LAWYER, specialties=["labour"])
    with pytest.raises(DomainError, match="名册"):
        services.case_assign(case, actor=alice, handler=outsider)
    with pytest.raises(DomainError, match="利益冲突"):
        services.case_assign(case, actor=alice, handler=roster.senior_lawyer)


@time_machine.travel(NOW, tick=False)
def test_a_handler_who_acted_for_the_other_side_has_a_conflict(network, alice, roster):
    earlier_application = granted_application(network, name="黄老板")
    earlier = services.case_open_from_application(earlier_application, actor=alice)
    services.case_assign(earlier, actor=alice, handler=roster.senior_lawyer)
    boss = earlier_application.applicant
    application = granted_application(network)
    OpposingParty.objects.create(application=application, name=boss.name, id_number=boss.id_number)
    case = services.case_open_from_application(application, actor=alice)
    failures = {c.handler.user_id: c.failures for c in selectors.assignment_candidates(case)}
    assert any(earlier.number in f for f in failures[roster.senior_lawyer.pk])
    assert failures[roster.service_worker.pk] == []


@time_machine.travel(NOW, tick=False)
def test_handler_on_leave_is_listed_but_not_assignable(network, alice, roster):
    HandlerProfile.objects.filter(user=roster.senior_lawyer).update(status=HandlerProfile.Status.ON_LEAVE)
    case = services.case_open_from_application(granted_application(network), actor=alice)
    with pytest.raises(DomainError, match="不在岗"):
        services.case_assign(case, actor=alice, handler=roster.senior_lawyer)


def test_lower_roles_and_outsiders_cannot_assign(network, alice, bob, charlie, roster):
    case = notification_case(alice, network.centre)
    with pytest.raises(DomainError, match="权限"):
        services.case_assign(case, actor=bob, handler=roster.minors_lawyer)
    with pytest.raises(DomainError, match="管辖范围"):
        services.case_assign(case, actor=charlie, handler=roster.minors_lawyer)
    supervisor = make_member(network.centre, Role.SUPERVISOR)
    with pytest.raises(DomainError, match="权限"):
        services.case_assign(case, actor=supervisor, handler=roster.minors_lawyer)


@time_machine.travel(NOW, tick=False)
def test_hooks_run_inside_the_assignment_transaction(network, alice, roster, django_capture_on_commit_callbacks):
    """A callback runs before the commit and what it writes (an outbox row) commits with the assignment."""
    from legalaid.kernel import outbox
    from legalaid.models import OutboxMessage

    seen = []

    def record(case, assignment):
        seen.append((case.number, case.status, assignment.handler_id))
        outbox.enqueue("tests.no_such_task", case.pk, key=f"test-card-{assignment.pk}")

    hooks.on_case_assigned.append(record)
    try:
        case = notification_case(alice, network.centre)
        with django_capture_on_commit_callbacks(execute=False):
            assignment = services.case_assign(case, actor=alice, handler=roster.minors_lawyer)
        assert seen == [(case.number, Case.Status.ASSIGNED, roster.minors_lawyer.pk)]
        assert OutboxMessage.objects.filter(key=f"test-card-{assignment.pk}", args=[case.pk]).exists()
    finally:
        hooks.on_case_assigned.remove(record)


@time_machine.travel(NOW, tick=False)
def test_a_failing_hook_aborts_the_assignment(network, alice, roster):
    """Nothing a later stage owes an assignment is silently lost: the case stays unassigned instead."""

    def broken(case, assignment):
        raise RuntimeError("boom")

    hooks.on_case_assigned.append(broken)
    try:
        case = notification_case(alice, network.centre)
        with pytest.raises(RuntimeError):
            services.case_assign(case, actor=alice, handler=roster.minors_lawyer)
    finally:
        hooks.on_case_assigned.remove(broken)
    case.refresh_from_db()
    assert case.status == Case.Status.ACCEPTED and case.handler_id is None
    assert not case.assignments.exists()
    assert list(case.transitions.values_list("to_status", flat=True)) == [Case.Status.ACCEPTED]


@time_machine.travel(NOW, tick=False)
def test_late_assignment_is_marked(network, alice, roster):
    case = notification_case(alice, network.centre, received_on=date(2026, 3, 5), letter_date=date(2026, 3, 5))
    assignment = services.case_assign(case, actor=alice, handler=roster.minors_lawyer)
    assert not assignment.on_time
    assert "超过指派期限 2026-03-08" in Case.objects.get(pk=case.pk).transitions.last().reason

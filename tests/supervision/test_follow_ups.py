"""Follow-up visits: automatic and manual scheduling, coded results, flags for the director."""

from datetime import date

import pytest

from cases.models import CaseEvent
from legalaid.errors import DomainError
from supervision import panels, selectors, services
from supervision.models import FollowUpVisit, SupervisionCard, SupervisionFlag

pytestmark = pytest.mark.django_db


def answers(**overrides):
    values = {
        "channel": "phone",
        "result": "reached",
        "performed_on": date(2026, 3, 10),
        "contact_name": "张建国",
        "handler_contacted": "yes",
        "money": "no",
        "attended_hearing": "yes",
        "satisfaction": 5,
        "comments": "",
    }
    values.update(overrides)
    return values


def test_assignment_schedules_visits_and_issues_the_card(
    frozen_now, network, alice, roster, django_capture_on_commit_callbacks
):
    from tests.supervision.factories import assigned_case

    with django_capture_on_commit_callbacks(execute=True):
        case = assigned_case(network, actor=alice, handler=roster.senior_lawyer)
    visits = {v.occasion: v.due_date for v in FollowUpVisit.objects.filter(case=case)}
    assert visits == {"after_assignment": date(2026, 3, 17), "during_handling": date(2026, 5, 9)}
    card = SupervisionCard.objects.get(case=case)
    assert card.handler == roster.senior_lawyer and card.pdf and card.generated_at
    # Idempotent: running the task again issues nothing new.
    from supervision.tasks import case_assigned

    assert case_assigned.delay(case.pk).get() == card.return_code
    assert SupervisionCard.objects.count() == 1 and FollowUpVisit.objects.count() == 2


def test_closed_cases_get_a_visit_after_closing_once(closed_case):
    services.follow_ups_schedule_for_assignment(closed_case)
    assert services.follow_ups_schedule_due() >= 1
    after = FollowUpVisit.objects.get(case=closed_case, occasion="after_closing")
    assert after.due_date == date(2026, 3, 25)
    assert FollowUpVisit.objects.get(case=closed_case, occasion="during_handling").status == "cancelled"
    assert services.follow_ups_schedule_due() == 0
    assert FollowUpVisit.objects.filter(case=closed_case, occasion="after_closing").count() == 1


def test_took_money_raises_a_flag_and_is_on_the_timeline(case, supervisor, director):
    visit = services.follow_up_schedule(case, actor=supervisor, due_date=date(2026, 3, 12), note="受援人来电反映")
    visit = services.follow_up_record(visit, actor=supervisor, **answers(money="took", comments="收了两千元"))
    assert visit.status == "done" and visit.performed_by == supervisor
    flag = SupervisionFlag.objects.get(case=case)
    assert flag.kind == "money" and flag.handler == case.handler and "收了两千元" in flag.detail
    event = CaseEvent.objects.get(case=case, kind="follow_up")
    assert "收取过财物" in event.text and event.actor == supervisor and event.channel == "phone"
    assert panels.flags_panel(type("R", (), {"user": director})())["count"] == 1
    with pytest.raises(DomainError, match="已回访"):
        services.follow_up_record(visit, actor=supervisor, **answers())
    with pytest.raises(DomainError, match="权限"):
        services.flag_resolve(flag, actor=supervisor, resolution="约谈")
    flag = services.flag_resolve(flag, actor=director, resolution="约谈承办人，责令退还，记入年度考核")
    assert flag.status == "resolved" and flag.resolved_by == director


def test_dissatisfied_raises_a_flag(case, supervisor):
    visit = services.follow_up_schedule(case, actor=supervisor, due_date=date(2026, 3, 12), note="抽查")
    services.follow_up_record(visit, actor=supervisor, **answers(satisfaction=2))
    assert list(SupervisionFlag.objects.values_list("kind", flat=True)) == ["dissatisfied"]


def test_unreachable_needs_no_answers_and_raises_nothing(case, supervisor):
    visit = services.follow_up_schedule(case, actor=supervisor, due_date=date(2026, 3, 12), note="抽查")
    visit = services.follow_up_record(
        visit, actor=supervisor, **answers(result="unreachable", money="took", satisfaction=1)
    )
    assert visit.result == "unreachable" and visit.money == "" and visit.satisfaction is None
    assert not SupervisionFlag.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"channel": ""}, "channel"),
        ({"result": "maybe"}, "result"),
        ({"satisfaction": None}, "satisfaction"),
        ({"money": ""}, "money"),
        ({"performed_on": date(2026, 3, 11)}, "performed_on"),
    ],
)
def test_bad_visit_input_says_which_field(case, supervisor, overrides, field):
    visit = services.follow_up_schedule(case, actor=supervisor, due_date=date(2026, 3, 12), note="抽查")
    with pytest.raises(DomainError) as caught:
        services.follow_up_record(visit, actor=supervisor, **answers(**overrides))
    assert caught.value.field == field
    assert FollowUpVisit.objects.get(pk=visit.pk).status == "scheduled"


def test_due_and_overdue_visits_for_the_supervisor_home(case, supervisor, charlie, frozen_now):
    services.follow_ups_schedule_for_assignment(case)
    # The first visit is due on the 17th: within the week's horizon, not yet overdue.
    assert [v.occasion for v in selectors.visits_due(supervisor)] == ["after_assignment"]
    assert not selectors.visits_due(supervisor, horizon_days=-1).exists()
    frozen_now.shift(8 * 86400)  # the 18th
    due = list(selectors.visits_due(supervisor))
    assert [v.occasion for v in due] == ["after_assignment"]
    assert list(selectors.visits_due(supervisor, horizon_days=-1)) == due  # overdue
    assert not selectors.visits_due(charlie).exists()
    panel = panels.supervisor_panel(type("R", (), {"user": supervisor})())
    assert panel["overdue_count"] == 1 and panel["visits"] == due


def test_manual_visit_needs_a_reason_and_a_future_date(case, supervisor, alice, bob):
    with pytest.raises(DomainError, match="事由"):
        services.follow_up_schedule(case, actor=supervisor, due_date=date(2026, 3, 12), note=" ")
    with pytest.raises(DomainError, match="早于今天"):
        services.follow_up_schedule(case, actor=supervisor, due_date=date(2026, 3, 1), note="x")
    with pytest.raises(DomainError, match="权限"):
        services.follow_up_schedule(case, actor=bob, due_date=date(2026, 3, 12), note="x")
    visit = services.follow_up_schedule(case, actor=alice, due_date=date(2026, 3, 12), note="专项回访")
    visit = services.follow_up_cancel(visit, actor=alice, reason="受援人已搬迁，改为信函")
    assert visit.status == "cancelled"


def test_stale_cases_are_listed_after_the_configured_silence(case, supervisor, frozen_now):
    from cases import services as case_services

    assert not selectors.stale_cases(supervisor).exists()
    frozen_now.shift(31 * 86400)
    assert list(selectors.stale_cases(supervisor)) == [case]
    case_services.case_event_record(case, actor=case.handler, kind="meeting", text="约见受援人")
    assert not selectors.stale_cases(supervisor).exists()


def test_terminating_a_case_cancels_its_visit_during_handling_at_once(case, director):
    from cases import services as case_services
    from legalaid.kernel import SYSTEM, history_rows, repairs

    services.follow_ups_schedule_for_assignment(case)
    case_services.case_terminate(case, actor=director, ground="deception", reasons="提供虚假材料")
    # Cancelled inside the termination's transaction: the repairer finds nothing left.
    assert repairs.run_all()["supervision.follow_ups_of_ended_cases"] == 0
    visit = FollowUpVisit.objects.get(case=case, occasion="during_handling")
    assert visit.status == "cancelled" and "终止" in visit.cancelled_reason
    last = list(history_rows(visit))[-1]
    assert (last.from_status, last.to_status, last.actor_display) == ("scheduled", "cancelled", str(SYSTEM))
    assert last.reason == visit.cancelled_reason
    # Only the visit during handling: the first visit after assignment is still asked for.
    assert FollowUpVisit.objects.get(case=case, occasion="after_assignment").status == "scheduled"
    # Idempotent: nothing left to cancel.
    assert services.follow_ups_cancel_for_ended_cases() == 0
    assert len(list(history_rows(visit))) == 2


def test_the_daily_sweep_cancels_a_visit_left_on_a_case_already_visited_after_closing(closed_case):
    services.follow_ups_schedule_for_assignment(closed_case)
    services.follow_ups_schedule_due()
    # A visit during handling still scheduled on a case whose visit after closing exists already
    # (the sweep used to look only at cases without one).
    FollowUpVisit.objects.filter(case=closed_case, occasion="during_handling").update(status="scheduled")
    services.follow_ups_schedule_due()
    visit = FollowUpVisit.objects.get(case=closed_case, occasion="during_handling")
    assert visit.status == "cancelled" and "结案" in visit.cancelled_reason
    assert services.follow_ups_cancel_for_ended_cases() == 0

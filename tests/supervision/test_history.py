"""Every status change of a supervision record leaves an attributed history row; automatic work
acts as SYSTEM and the online rating as PUBLIC, which reaches the case timeline."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from cases.models import CaseEvent
from legalaid.kernel import PUBLIC, SYSTEM, history_rows, outbox, repairs
from legalaid.models import OutboxMessage
from supervision import services
from supervision.models import (
    CardBatch,
    EnforcementWatch,
    FollowUpVisit,
    Instalment,
    MonthlyBulletin,
    SupervisionCard,
    SupervisionFlag,
)

pytestmark = pytest.mark.django_db


def moves(obj) -> list[tuple[str, str, str]]:
    """(from, to, who) of each history row; every row names who acted."""
    rows = list(history_rows(obj))
    assert all(row.actor_display and row.actor_kind for row in rows)
    return [(row.from_status, row.to_status, row.actor_display) for row in rows]


def test_visits_flags_and_cards_are_recorded_with_their_actors(case, supervisor, director):
    visits = services.follow_ups_schedule_for_assignment(case)
    card = services.card_issue(case.pk)
    assert moves(card) == [("", "issued", str(SYSTEM))]
    assert moves(visits[0]) == [("", "scheduled", str(SYSTEM))]
    services.follow_up_record(
        visits[0],
        actor=supervisor,
        channel="phone",
        result="reached",
        performed_on=date(2026, 3, 10),
        handler_contacted="yes",
        money="took",
        attended_hearing="n/a",
        satisfaction=4,
    )
    services.follow_up_cancel(visits[1], actor=supervisor, reason="受援人要求")
    assert moves(visits[0])[-1] == ("scheduled", "done", str(supervisor))
    assert moves(visits[1])[-1] == ("scheduled", "cancelled", str(supervisor))
    flag = SupervisionFlag.objects.get()
    services.flag_resolve(flag, actor=director, resolution="已约谈承办人")
    assert moves(flag) == [("", "open", str(supervisor)), ("open", "resolved", str(director))]

    services.card_response_submit(
        card, actor=PUBLIC, satisfaction=1, handler_contacted="no", attended_hearing="no", money="no"
    )
    assert moves(SupervisionCard.objects.get(pk=card.pk))[-1] == ("issued", "rated", str(PUBLIC))
    dissatisfied = SupervisionFlag.objects.get(kind="dissatisfied")
    assert moves(dissatisfied) == [("", "open", str(PUBLIC))]
    online = CaseEvent.objects.filter(case=case, text__contains="在线评价").get()
    assert online.actor_id is None


def test_closing_cancels_the_visit_during_handling_as_system(closed_case):
    services.follow_ups_schedule_for_assignment(closed_case)
    services.follow_ups_schedule_due()
    visit = FollowUpVisit.objects.get(case=closed_case, occasion="during_handling")
    assert visit.status == "cancelled"
    assert moves(visit)[-1] == ("scheduled", "cancelled", str(SYSTEM))


def test_instalments_and_the_watch_are_recorded(case, alice, frozen_now):
    watch = services.enforcement_register(
        case,
        actor=alice,
        instrument="judgment",
        instrument_number="(2026)皖0422民初1号",
        effective_on=date(2026, 3, 1),
        obligor="某公司",
        instalments=[(date(2026, 3, 5), Decimal("100")), (date(2026, 3, 6), Decimal("200"))],
    )
    first, second = watch.instalments.all()
    services.instalment_record(first, actor=alice, received=False)
    services.instalment_record(second, actor=alice, received=True, received_on=date(2026, 3, 7))
    assert moves(Instalment.objects.get(pk=first.pk))[-1] == ("pending", "missed", str(alice))
    assert moves(Instalment.objects.get(pk=second.pk))[-1] == ("pending", "received", str(alice))
    services.enforcement_close(watch, actor=alice, status="enforcement_applied", note="已申请执行")
    assert moves(EnforcementWatch.objects.get(pk=watch.pk)) == [
        ("", "open", str(alice)),
        ("open", "enforcement_applied", str(alice)),
    ]


def test_assignment_writes_the_card_intent_with_the_assignment_and_the_relay_issues_it(
    frozen_now, network, alice, roster
):
    """Redis down at assignment: nothing is published, the intent stays; the relay issues the card once."""
    from tests.supervision.factories import assigned_case

    case = assigned_case(network, actor=alice, handler=roster.senior_lawyer)  # on_commit never runs here
    message = OutboxMessage.objects.get(task="supervision.tasks.case_assigned")
    assert message.args == [case.pk] and message.key.startswith("supervision-card:assignment:")
    assert message.published_at is None and not SupervisionCard.objects.exists()
    assert outbox.relay() >= 1
    assert outbox.relay() == 0
    card = SupervisionCard.objects.get(case=case)
    assert card.pdf and moves(card) == [("", "issued", str(SYSTEM))]


def test_the_repair_sweep_issues_a_missing_card_once(frozen_now, network, alice, roster):
    from tests.supervision.factories import assigned_case

    case = assigned_case(network, actor=alice, handler=roster.senior_lawyer)
    OutboxMessage.objects.all().delete()  # the intent lost: only the sweep can put it right
    assert services.cards_repair() == 0  # within the grace the normal path gets
    with time_machine.travel(date(2026, 3, 11), tick=False):
        assert repairs.run_all()["supervision.cards"] == 1
        outbox.relay()
        assert SupervisionCard.objects.filter(case=case).count() == 1
        assert services.cards_repair() == 0


def test_a_batch_whose_run_died_is_taken_up_again(case, alice, frozen_now):
    services.card_issue(case.pk)
    batch = services.card_batch_request(alice, start=date(2026, 3, 1), end=date(2026, 3, 31))
    OutboxMessage.objects.all().delete()
    claimed = timezone.now()
    CardBatch.objects.filter(pk=batch.pk).update(status="rendering", claimed_at=claimed)  # a worker killed
    assert services.card_batch_render(batch.pk) is None  # the lease still holds: a live run may own it
    assert services.card_batches_repair() == 0
    with time_machine.travel(claimed + timedelta(minutes=11), tick=False):
        assert services.card_batches_repair() == 1
        outbox.relay()
    batch.refresh_from_db()
    assert batch.status == "ready" and batch.card_count == 1 and batch.pdf
    assert moves(batch) == [
        ("", "pending", str(alice)),
        ("rendering", "rendering", str(SYSTEM)),
        ("rendering", "ready", str(SYSTEM)),
    ]


def test_bulletins_record_each_step_and_a_second_claim_gets_nothing(network, frozen_now):
    [bulletin] = [b for b in services.bulletins_generate_month(date(2026, 2, 1)) if b.organisation == network.centre]
    assert MonthlyBulletin.objects.get(pk=bulletin.pk).pdf
    assert [move[:2] for move in moves(bulletin)] == [
        ("", "pending"),
        ("pending", "generating"),
        ("generating", "ready"),
    ]
    assert services.bulletin_claim(network.centre, date(2026, 2, 1)) is None

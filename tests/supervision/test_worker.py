"""The card task in a real worker: an assignment committed here, the card and its PDF made there."""

import signal
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from legalaid.kernel import repairs
from legalaid.models import User
from supervision import cards, services
from supervision.cards import new_return_code
from supervision.models import CardBatch, FollowUpVisit, SupervisionCard
from supervision.tasks import case_assigned
from tests.supervision.test_card_pdf import pdf_text
from tests.worker import celery_worker


@pytest.mark.worker
def test_assignment_enqueues_the_card_for_the_worker(transactional_db, network, alice, roster):
    from tests.supervision.factories import assigned_case

    with celery_worker() as worker:
        case = assigned_case(network, actor=alice, handler=roster.senior_lawyer)
        code = case_assigned.delay(case.pk).get(timeout=120)  # runs after the hook's own run: idempotent
        assert worker.poll() is None
    card = SupervisionCard.objects.get(case=case)
    assert card.return_code == code and card.pdf
    assert FollowUpVisit.objects.filter(case=case).count() == 2


def _wait_for(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


@pytest.mark.worker
def test_a_batch_whose_worker_is_killed_mid_render_completes_with_every_card_once(
    transactional_db, network, alice, roster
):
    """SIGKILL in the middle of a 300-card batch: after the lease, the repair sweep hands it to a new
    worker, and the batch completes with every card exactly once."""
    from tests.supervision.factories import assigned_case

    case = assigned_case(network, actor=alice, handler=roster.senior_lawyer)  # its card issued in-process
    handlers = User.objects.bulk_create(
        User(username=f"batch-{i}", last_name="王", first_name=f"律师{i}") for i in range(299)
    )
    SupervisionCard.objects.bulk_create(
        SupervisionCard(
            case=case, centre=network.centre, handler=handler, return_code=new_return_code(), issued_at=case.assigned_at
        )
        for handler in handlers
    )
    day = timezone.localdate(case.assigned_at)
    with celery_worker() as worker:
        batch = services.card_batch_request(alice, start=day, end=day)
        assert batch.card_count == 300
        _wait_for(lambda: CardBatch.objects.get(pk=batch.pk).status == "rendering", 120, "the render to start")
        time.sleep(2)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    assert CardBatch.objects.get(pk=batch.pk).status == "rendering"  # left behind by the dead run
    CardBatch.objects.filter(pk=batch.pk).update(claimed_at=timezone.now() - timedelta(minutes=11))  # lease over
    with celery_worker():
        assert repairs.run_all()["supervision.card_batches"] == 1
        _wait_for(lambda: CardBatch.objects.get(pk=batch.pk).status == "ready", 600, "the batch to complete")
    batch = CardBatch.objects.get(pk=batch.pk)
    with batch.pdf.open("rb") as stored:
        text = "".join(pdf_text(stored.read()))
    codes = SupervisionCard.objects.values_list("return_code", flat=True)
    assert batch.card_count == 300 and len(codes) == 300
    assert all(text.count(cards.format_code(code)) == 1 for code in codes)

"""A worker killed with SIGKILL in the middle of a 300-card print run: the batch is not left "生成中" for
ever. When its lease runs out, the repair sweep hands it to the restarted worker, which prints every
card exactly once."""

import os
import re
import signal
import time
from datetime import timedelta
from io import BytesIO

import pytest
from django.utils import timezone
from pypdf import PdfReader

from cases.models import Case
from legalaid.celery import app
from legalaid.kernel import history_rows, repairs
from supervision.models import CardBatch, SupervisionCard
from supervision.services import card_batch_request
from tests.worker import start_worker

pytestmark = [pytest.mark.faults, pytest.mark.worker]
CARDS = 300


def wait_until(predicate, timeout: float = 240) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.2)


def three_hundred_cards(network, alice) -> None:
    """One case assigned through the services; 299 more copied from it, each with its card."""
    from tests.cases.factories import make_roster
    from tests.supervision.factories import assigned_case

    roster = make_roster(network)
    case = assigned_case(network, actor=alice, handler=roster.senior_lawyer)
    card = SupervisionCard.objects.get(case=case)
    copies = []
    for n in range(1, CARDS):
        copy = Case.objects.get(pk=case.pk)
        copy.pk = None
        copy.number = f"{case.number}-{n:03d}"
        copy.application_id = None  # one case per application; the copies need none to be printed
        copies.append(copy)
    fields = {f.attname for f in Case._meta.concrete_fields}
    if "sequence" in fields:
        for n, copy in enumerate(copies, start=1):
            copy.sequence = case.sequence + n
    Case.objects.bulk_create(copies)
    SupervisionCard.objects.bulk_create(
        SupervisionCard(
            case=copy,
            centre_id=card.centre_id,
            handler_id=card.handler_id,
            handler_organisation_id=card.handler_organisation_id,
            return_code=f"K{n:07d}",
            issued_at=card.issued_at,
        )
        for n, copy in enumerate(Case.objects.exclude(pk=case.pk).order_by("pk"), start=1)
    )


def test_a_killed_print_run_is_finished_with_every_card_once(transactional_db, network, alice, settings, tmp_path):
    if not os.environ.get("REDIS_URL"):
        pytest.skip("REDIS_URL is not set: run the suite with scripts/test.sh")
    settings.MEDIA_ROOT = tmp_path / "media"
    three_hundred_cards(network, alice)
    today = timezone.localdate()
    app.conf.task_always_eager = False
    worker = start_worker()
    try:
        batch = card_batch_request(alice, start=today - timedelta(days=1), end=today + timedelta(days=1))
        assert batch.card_count == CARDS
        wait_until(lambda: CardBatch.objects.get(pk=batch.pk).status == CardBatch.Status.RENDERING)
        time.sleep(1.5)  # in the middle of rendering
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
        assert CardBatch.objects.get(pk=batch.pk).status == CardBatch.Status.RENDERING
        assert not CardBatch.objects.get(pk=batch.pk).pdf

        worker = start_worker()
        # Time passes beyond the lease (the run is plainly dead); the 15-minute repair sweep runs.
        CardBatch.objects.filter(pk=batch.pk).update(claimed_at=timezone.now() - timedelta(hours=1))
        assert repairs.run_all()["supervision.card_batches"] >= 1
        wait_until(lambda: CardBatch.objects.get(pk=batch.pk).status == CardBatch.Status.READY)
    finally:
        app.conf.task_always_eager = True
        worker.kill()
        worker.wait(timeout=30)

    batch.refresh_from_db()
    assert batch.card_count == CARDS
    with batch.pdf.open("rb") as stream:
        pages = PdfReader(BytesIO(stream.read())).pages
        # The code is letter-spaced for reading aloud over the phone: compare without the spaces.
        text = re.sub(r"\s+", "", "".join(page.extract_text() for page in pages))
    codes = set(SupervisionCard.objects.values_list("return_code", flat=True))
    assert len(codes) == CARDS
    found = re.findall(r"K\d{3}-\d{4}", text)  # printed in two groups of four
    assert len(found) == len(set(found)) == CARDS - 1, "a card printed twice or missing"
    moves = [(row.from_status, row.to_status, row.actor_kind) for row in history_rows(batch)]
    assert ("rendering", "rendering", "system") in moves, moves  # the dead run's claim taken over

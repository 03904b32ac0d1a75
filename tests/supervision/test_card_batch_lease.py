"""A long card batch keeps its lease: renewed after every chunk, never handed to a second run."""

from datetime import date, timedelta

from legalaid.models import OutboxMessage
from supervision import cards, services
from supervision.models import CardBatch
from tests.supervision.factories import assigned_case
from tests.supervision.test_card_pdf import pdf_text


def test_a_batch_renews_its_lease_after_each_chunk(monkeypatch, frozen_now, network, alice, roster):
    issued = [
        services.card_issue(assigned_case(network, actor=alice, handler=roster.senior_lawyer, name=name).pk)
        for name in ("王喆", "李堃", "张龑")
    ]
    batch = services.card_batch_request(alice, start=date(2026, 3, 1), end=date(2026, 3, 31))
    OutboxMessage.objects.all().delete()  # rendered below, by hand
    monkeypatch.setattr(cards, "BATCH_CHUNK", 1)
    render_chunk = cards.render_cards_pdf
    seen = []

    def slow_chunk(card_dicts, **kwargs):
        # Each chunk takes six minutes: three of them outlast the ten-minute lease.
        frozen_now.shift(timedelta(minutes=6))
        seen.append((CardBatch.objects.get(pk=batch.pk).claimed_at, services.card_batches_repair()))
        return render_chunk(card_dicts, **kwargs)

    monkeypatch.setattr(cards, "render_cards_pdf", slow_chunk)
    finished = services.card_batch_render(batch.pk)

    claims = [claimed_at for claimed_at, _ in seen]
    assert claims[1] - claims[0] == claims[2] - claims[1] == timedelta(minutes=6)
    assert [repaired for _, repaired in seen] == [0, 0, 0]  # the sweep never took the live run's batch
    assert not OutboxMessage.objects.filter(task="supervision.tasks.render_card_batch").exists()
    assert finished.status == "ready" and finished.card_count == 3
    text = "".join(pdf_text(finished.pdf.read()))
    assert all(cards.format_code(card.return_code) in text for card in issued)
    assert all(ch in text for ch in "喆堃龑")

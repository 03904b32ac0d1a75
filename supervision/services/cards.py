"""Quality supervision cards (质量监督卡): issued at assignment, answered online (as PUBLIC) or on
paper (entered by staff), and printed in batches by a task holding a lease."""

from datetime import date, datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case
from legalaid.kernel import (
    SYSTEM,
    DomainError,
    is_automatic,
    leases,
    locked,
    outbox,
    record_transition,
    require_permission,
    transition,
)
from legalaid.models import Organisation
from legalaid.pdf import store_pdf

from .. import cards as card_pdf
from ..models import CardBatch, CardResponse, MoneyAnswer, SupervisionCard, SupervisionFlag, YesNo
from .common import not_future, require_case_scope, timeline, today
from .flags import flags_raise

BATCH_LIMIT = 2000
# A 2,000-card batch renders in about two minutes; a run still "rendering" after this has died.
BATCH_LEASE = timedelta(minutes=10)
# The normal path (the outbox after assignment) gets this long before the repair sweep steps in.
REPAIR_GRACE = timedelta(minutes=10)


def _new_card(case: Case) -> SupervisionCard:
    while True:
        try:
            with transaction.atomic():
                card = SupervisionCard.objects.create(
                    case=case,
                    centre_id=case.centre_id,
                    handler_id=case.handler_id,
                    handler_organisation_id=case.handler_organisation_id,
                    return_code=card_pdf.new_return_code(),
                    issued_at=case.assigned_at or timezone.now(),
                )
                record_transition(card, actor=SYSTEM, from_status="", to_status=card.status)
                return card
        except IntegrityError:
            # Either the same card was issued concurrently, or the random code collided: look, then retry.
            card = SupervisionCard.objects.filter(case=case, handler_id=case.handler_id).first()
            if card is not None:
                return card


def card_issue(case_id: int) -> SupervisionCard | None:
    """The card for the case's current handler, with its PDF; safe to run any number of times (SYSTEM)."""
    case = Case.objects.select_related("handler", "centre").filter(pk=case_id).first()
    if case is None or case.handler_id is None:
        return None
    card = SupervisionCard.objects.filter(case=case, handler_id=case.handler_id).first() or _new_card(case)
    store_pdf(card, "pdf", card_pdf.render_card, stamp="generated_at")
    return card


def cards_repair() -> int:
    """Repair sweep: every assigned case whose current handler has no card (or a card without its PDF)."""
    has_card = SupervisionCard.objects.filter(case=OuterRef("pk"), handler=OuterRef("handler")).exclude(pdf="")
    missing = (
        Case.objects.filter(handler__isnull=False, assigned_at__lt=timezone.now() - REPAIR_GRACE)
        .exclude(Exists(has_card))
        .values_list("pk", flat=True)
    )
    count = 0
    for case_id in missing.iterator():
        outbox.enqueue("supervision.tasks.case_assigned", case_id)
        count += 1
    return count


def _check_answers(satisfaction: int, handler_contacted: str, attended_hearing: str, money: str) -> None:
    if satisfaction not in (1, 2, 3, 4, 5):
        raise DomainError(_("请选择对承办人的总体评价。"), field="satisfaction")
    for value, field in ((handler_contacted, "handler_contacted"), (attended_hearing, "attended_hearing")):
        if value not in YesNo.values:
            raise DomainError(_("请回答每一个问题。"), field=field)
    if money not in MoneyAnswer.values:
        raise DomainError(_("请回答承办人是否索要或收取财物。"), field="money")


def card_response_refusal(card: SupervisionCard) -> str | None:
    """Why a card cannot be answered (again), or None: shared by the service and the rating pages."""
    if card.status != SupervisionCard.Status.ISSUED or CardResponse.objects.filter(card=card).exists():
        return _("这张监督卡已经评价过了，每张卡只能评价一次。")
    return None


def card_response_submit(
    card: SupervisionCard,
    *,
    actor,
    satisfaction: int,
    handler_contacted: str,
    attended_hearing: str,
    money: str,
    comments: str = "",
    submitted_on: date | None = None,
) -> CardResponse:
    """The aided person's answer on a card: one per card.

    Online through the QR code the actor is PUBLIC (the return code is the credential); a paper
    card is entered by staff, in their scope, with the day it came back.
    """
    require_permission(actor, "supervision.enter_card_return", public=True)
    online = is_automatic(actor)
    if not online:
        not_future(submitted_on, _("交回日期"), "submitted_on")
    _check_answers(satisfaction, handler_contacted, attended_hearing, money)
    comments = (comments or "").strip()[:2000]
    submitted_at = timezone.now()
    if submitted_on and submitted_on != today():
        submitted_at = timezone.make_aware(datetime.combine(submitted_on, time(12)))
    try:
        with transaction.atomic():
            card = locked(card)
            require_case_scope(actor, card.case)
            refusal = card_response_refusal(card)
            if refusal:
                raise DomainError(refusal)
            response = CardResponse.objects.create(
                card=card,
                channel=CardResponse.Channel.ONLINE if online else CardResponse.Channel.PAPER,
                satisfaction=satisfaction,
                handler_contacted=handler_contacted,
                attended_hearing=attended_hearing,
                money=money,
                comments=comments,
                entered_by=None if online else actor,
                submitted_at=submitted_at,
            )
            transition(
                card,
                to=SupervisionCard.Status.RATED if online else SupervisionCard.Status.RETURNED,
                actor=actor,
                reason=response.get_satisfaction_display(),
                allowed_from=[SupervisionCard.Status.ISSUED],
            )
            flags_raise(
                actor=actor,
                case=card.case,
                handler_id=card.handler_id,
                money=money,
                satisfaction=satisfaction,
                comments=comments,
                source=SupervisionFlag.Source.CARD,
                response=response,
            )
            timeline(card.case, actor=actor, text=_response_text(card, response))
    except IntegrityError as exc:
        raise DomainError(_("这张监督卡已经评价过了，每张卡只能评价一次。")) from exc
    return response


def _response_text(card: SupervisionCard, response: CardResponse) -> str:
    values = {
        "code": card_pdf.format_code(card.return_code),
        "satisfaction": response.get_satisfaction_display(),
        "money": response.get_money_display(),
        "comments": response.comments,
    }
    if response.channel == CardResponse.Channel.ONLINE:
        text = _(
            "受援人扫码在线评价质量监督卡(回执码 %(code)s):"
            "总体评价“%(satisfaction)s”，索要或收取财物：%(money)s。%(comments)s"
        )
    else:
        text = _("收回质量监督卡(回执码 %(code)s)：总体评价“%(satisfaction)s”，索要或收取财物：%(money)s。%(comments)s")
    return (text % values).strip()


# ---------------------------------------------------------------- print runs


def card_batch_request(actor, *, start: date, end: date, centre: Organisation | None = None) -> CardBatch:
    """Queue a print run of every card issued in [start, end]; the PDF is made by a task."""
    from ..selectors import cards_for_period, centres_for_user

    require_permission(actor, "supervision.print_cards")
    if end < start:
        raise DomainError(_("结束日期不能早于开始日期。"), field="end")
    centres = list(centres_for_user(actor).values_list("pk", flat=True))
    if centre is not None and centre.pk not in centres:
        raise DomainError(_("该中心不在您的管辖范围内。"), field="centre")
    count = cards_for_period(actor, start, end, centre.pk if centre else None).count()
    if not count:
        raise DomainError(_("该期间没有发放监督卡。"), field="start")
    if count > BATCH_LIMIT:
        raise DomainError(
            _("该期间共 %(count)s 张，一次最多打印 %(limit)s 张，请缩短期间。")
            % {"count": count, "limit": BATCH_LIMIT},
            field="end",
        )
    with transaction.atomic():
        batch = CardBatch.objects.create(
            requested_by=actor, centre=centre, centres=centres, start=start, end=end, card_count=count
        )
        record_transition(batch, actor=actor, from_status="", to_status=batch.status)
        outbox.enqueue("supervision.tasks.render_card_batch", batch.pk, key=f"supervision-card-batch:{batch.pk}")
    return batch


def _batch_cards(batch: CardBatch):
    return (
        SupervisionCard.objects.filter(
            centre_id__in=[batch.centre_id] if batch.centre_id else batch.centres,
            issued_at__date__gte=batch.start,
            issued_at__date__lte=batch.end,
        )
        .select_related("case", "centre", "handler__profile", "handler_organisation")
        .prefetch_related("case__parties")
        .order_by("issued_at", "pk")
    )


def _batch_finish(batch_id: int, *, to: str, fields: dict, reason: str = "") -> CardBatch:
    with transaction.atomic():
        batch = locked(CardBatch(pk=batch_id))
        if batch.status != CardBatch.Status.RENDERING:
            return batch  # a racing run (after its lease ran out) finished it first
        for name, value in fields.items():
            setattr(batch, name, value)
        transition(batch, to=to, actor=SYSTEM, reason=reason, fields=tuple(fields))
    return batch


def card_batch_render(batch_id: int) -> CardBatch | None:
    """Render a queued batch: claimed with a lease, so a retried task does nothing while a run is
    alive and takes the batch up again when the run died (a worker killed mid-render)."""
    before = CardBatch.objects.filter(pk=batch_id).values_list("status", flat=True).first()
    if before is None or not leases.claim(
        CardBatch, batch_id, waiting=[CardBatch.Status.PENDING], running=CardBatch.Status.RENDERING, lease=BATCH_LEASE
    ):
        return None
    batch = CardBatch.objects.get(pk=batch_id)
    record_transition(batch, actor=SYSTEM, from_status=before, to_status=CardBatch.Status.RENDERING)
    cards = list(_batch_cards(batch))
    title = f"质量监督卡 {batch.start:%Y-%m-%d} 至 {batch.end:%Y-%m-%d}"  # an official document: Chinese
    claimed_at = batch.claimed_at

    def renew_lease(_cards_done: int) -> None:
        # Renewed after every chunk of cards: a long batch on a busy worker is never taken for a dead
        # run (and rendered a second time) by the repair sweep while this run is still making progress.
        nonlocal claimed_at
        now = timezone.now()
        running = CardBatch.objects.filter(pk=batch_id, status=CardBatch.Status.RENDERING, claimed_at=claimed_at)
        if running.update(claimed_at=now):
            claimed_at = now

    def render(_batch):
        content = card_pdf.render_card_batch(cards, title=title, progress=renew_lease)
        return f"质量监督卡-{batch.start:%Y%m%d}-{batch.end:%Y%m%d}.pdf", content

    try:
        store_pdf(batch, "pdf", render)
    except Exception as exc:
        _batch_finish(batch_id, to=CardBatch.Status.FAILED, fields={"error": str(exc)[:2000]}, reason=str(exc)[:200])
        raise
    return _batch_finish(
        batch_id,
        to=CardBatch.Status.READY,
        fields={"card_count": len(cards), "finished_at": timezone.now()},
    )


def card_batches_repair() -> int:
    """Repair sweep: batches whose run died (lease expired) or whose task never came, queued again."""
    stale = leases.stale(CardBatch, running=CardBatch.Status.RENDERING, lease=BATCH_LEASE)
    forgotten = CardBatch.objects.filter(status=CardBatch.Status.PENDING, requested_at__lt=timezone.now() - BATCH_LEASE)
    batch_ids = {*stale.values_list("pk", flat=True), *forgotten.values_list("pk", flat=True)}
    for batch_id in sorted(batch_ids):
        outbox.enqueue("supervision.tasks.render_card_batch", batch_id)
    return len(batch_ids)

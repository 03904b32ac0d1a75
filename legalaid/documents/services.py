"""Issuing numbered documents and batch print runs (every write of the documents framework)."""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from weasyprint import HTML

from legalaid.kernel import (
    SYSTEM,
    DomainError,
    leases,
    locked,
    outbox,
    record_transition,
    require_permission,
    transition,
)
from legalaid.kernel.actors import actor_kind, actor_user
from legalaid.models import DocumentBatch, IssuedDocument
from legalaid.pdf import collector_paused, font_config, store_pdf

from . import registry
from .numbering import next_number

BATCH_LIMIT = 300
BATCH_LEASE = timedelta(minutes=15)
BATCH_TASK = "legalaid.documents.tasks.render_document_batch"
ISSUED_PDF_TASK = "legalaid.documents.tasks.store_issued_document_pdf"


def issue_refusal(document_kind, obj) -> str | None:
    """Why the document cannot be issued now (None: it can). Decides the service and the button."""
    state, reason = registry.state_of(document_kind, obj)
    if state not in registry.PRINTABLE:
        return _("%(title)s不能出具：%(reason)s") % {"title": registry.kind(document_kind).title, "reason": reason}
    return None


def _issue(document_kind, obj, actor) -> IssuedDocument:
    """The issue of a numbered document, made once: a second call returns the first."""
    content_type = ContentType.objects.get_for_model(type(obj))
    with transaction.atomic():
        locked(obj)  # concurrent issues of one record's document queue here: one number, not two
        existing = IssuedDocument.objects.filter(
            content_type=content_type, object_id=obj.pk, kind=document_kind.code
        ).first()
        if existing is not None:
            return existing
        refusal = issue_refusal(document_kind, obj)
        if refusal:
            raise DomainError(refusal)
        organisation = registry.subject(obj).organisation(obj)
        issued = IssuedDocument.objects.create(
            content_type=content_type,
            object_id=obj.pk,
            kind=document_kind.code,
            number=next_number(organisation, document_kind.code),
            issued_by=actor_user(actor),
            actor_kind=actor_kind(actor),
        )
        outbox.enqueue(ISSUED_PDF_TASK, issued.pk, key=f"issued-document-pdf:{issued.pk}")
    return issued


def document_issue(document_kind, obj, *, actor) -> IssuedDocument:
    """Give a numbered document its number and date (once; a reprint shows the same)."""
    document_kind = registry.kind(document_kind)
    if not document_kind.numbered:
        raise DomainError(_("%(title)s不编号，无需出具。") % {"title": document_kind.title})
    require_permission(actor, registry.subject(obj).may_issue)
    return _issue(document_kind, obj, actor)


def issued_pdf_store(issued_id: int) -> bool:
    """Keep the PDF of an issued document as it was issued (idempotent)."""
    issued = IssuedDocument.objects.select_related("content_type").filter(pk=issued_id).first()
    if issued is None or issued.pdf:
        return False
    obj = issued.subject
    return store_pdf(issued, "pdf", lambda _issued: registry.render_document(issued.kind, obj))


def issued_pdfs_repair() -> int:
    """Repair sweep: issued documents whose PDF was never stored (a task lost) are queued again."""
    forgotten = IssuedDocument.objects.filter(pdf="", issued_at__lt=timezone.now() - BATCH_LEASE)
    ids = list(forgotten.values_list("pk", flat=True)[:BATCH_LIMIT])
    for issued_id in ids:
        outbox.enqueue(ISSUED_PDF_TASK, issued_id)
    return len(ids)


def _period_bounds(field, start: date, end: date) -> dict:
    if isinstance(field, models.DateTimeField):
        zone = timezone.get_current_timezone()
        return {
            f"{field.name}__gte": datetime.combine(start, time.min, tzinfo=zone),
            f"{field.name}__lt": datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone),
        }
    return {f"{field.name}__gte": start, f"{field.name}__lte": end}


def batch_records(actor, document_kind, start: date, end: date) -> list:
    """The records in the actor's scope whose document of this kind is printable, in the period."""
    document_kind = registry.kind(document_kind)
    subject = registry.subject(document_kind.subject)
    name = registry.period_field(document_kind)
    if not name:
        return []
    model = subject.selector(actor).model
    records = subject.selector(actor).filter(**_period_bounds(model._meta.get_field(name), start, end))
    records = records.order_by(name, "pk")[: BATCH_LIMIT + 1]
    return [obj for obj in records if registry.state_of(document_kind, obj)[0] in registry.PRINTABLE]


def batchable_kinds(actor) -> list:
    """The kinds the actor may print in a batch: a period field and the permission of their subject."""
    return [
        each
        for each in registry.all_kinds()
        if registry.period_field(each) and actor.has_perm(registry.subject(each.subject).permission)
    ]


def document_batch_request(actor, *, kind_code: str, start: date, end: date) -> DocumentBatch:
    """Queue a print run of one kind for every record of the period in the actor's scope."""
    try:
        document_kind = registry.kind(kind_code)
    except LookupError:
        raise DomainError(_("请选择文书种类。"), field="kind") from None
    if document_kind not in batchable_kinds(actor):
        raise DomainError(_("您不能批量打印该文书。"), field="kind")
    if document_kind.numbered:
        require_permission(actor, registry.subject(document_kind.subject).may_issue)
    if end < start:
        raise DomainError(_("结束日期不能早于开始日期。"), field="end")
    records = batch_records(actor, document_kind, start, end)
    if not records:
        raise DomainError(_("该期间没有可打印的%(title)s。") % {"title": document_kind.title}, field="start")
    if len(records) > BATCH_LIMIT:
        raise DomainError(
            _("该期间超过 %(limit)s 份，请缩短期间。") % {"limit": BATCH_LIMIT},
            field="end",
        )
    with transaction.atomic():
        batch = DocumentBatch.objects.create(
            kind=document_kind.code,
            requested_by=actor,
            start=start,
            end=end,
            object_ids=[obj.pk for obj in records],
            document_count=len(records),
        )
        record_transition(batch, actor=actor, from_status="", to_status=batch.status)
        outbox.enqueue(BATCH_TASK, batch.pk, key=f"document-batch:{batch.pk}")
    return batch


def _batch_finish(batch_id: int, *, to: str, fields: dict, reason: str = "") -> DocumentBatch:
    with transaction.atomic():
        batch = locked(DocumentBatch(pk=batch_id))
        if batch.status != DocumentBatch.Status.RENDERING:
            return batch  # a racing run (after its lease ran out) finished it first
        for name, value in fields.items():
            setattr(batch, name, value)
        transition(batch, to=to, actor=SYSTEM, reason=reason, fields=tuple(fields))
    return batch


def render_many(document_kind, records) -> bytes:
    """One PDF of the documents of many records, each laid out (and page-numbered) on its own.

    Laid out and written with the collector paused, as `legalaid.pdf.write_pdf` does for one document:
    a run of hundreds of documents is where the full collections would cost the most."""
    document_kind = registry.kind(document_kind)
    pages, first = [], None
    with translation.override(settings.LANGUAGE_CODE), collector_paused():
        for obj in records:
            html = registry.render_html(document_kind, obj)
            rendered = HTML(string=html, base_url=str(settings.BASE_DIR)).render(font_config=font_config())
            first = first or rendered
            pages.extend(rendered.pages)
        return first.copy(pages).write_pdf()


def document_batch_render(batch_id: int) -> DocumentBatch | None:
    """Render a queued batch, claimed with a lease: a retried task does nothing while a run is alive
    and takes the batch up again when the run died."""
    before = DocumentBatch.objects.filter(pk=batch_id).values_list("status", flat=True).first()
    if before is None or not leases.claim(
        DocumentBatch,
        batch_id,
        waiting=[DocumentBatch.Status.PENDING],
        running=DocumentBatch.Status.RENDERING,
        lease=BATCH_LEASE,
    ):
        return None
    batch = DocumentBatch.objects.select_related("requested_by").get(pk=batch_id)
    record_transition(batch, actor=SYSTEM, from_status=before, to_status=DocumentBatch.Status.RENDERING)
    try:
        document_kind = registry.kind(batch.kind)
        model = registry.subject(document_kind.subject).selector(batch.requested_by).model
        by_pk = model._default_manager.in_bulk(batch.object_ids)
        records = [by_pk[pk] for pk in batch.object_ids if pk in by_pk]
        if document_kind.numbered:
            for obj in records:
                _issue(document_kind, obj, batch.requested_by)

        def render(_batch):
            name = f"{registry.official_title(document_kind)}-{batch.start:%Y%m%d}-{batch.end:%Y%m%d}.pdf"
            return name, render_many(document_kind, records)

        store_pdf(batch, "pdf", render)
    except Exception as exc:
        _batch_finish(
            batch_id, to=DocumentBatch.Status.FAILED, fields={"error": str(exc)[:2000]}, reason=str(exc)[:200]
        )
        raise
    return _batch_finish(
        batch_id,
        to=DocumentBatch.Status.READY,
        fields={"document_count": len(records), "finished_at": timezone.now()},
    )


def document_batches_repair() -> int:
    """Repair sweep: batches whose run died (lease expired) or whose task never came, queued again."""
    stale = leases.stale(DocumentBatch, running=DocumentBatch.Status.RENDERING, lease=BATCH_LEASE)
    forgotten = DocumentBatch.objects.filter(
        status=DocumentBatch.Status.PENDING, requested_at__lt=timezone.now() - BATCH_LEASE
    )
    batch_ids = {*stale.values_list("pk", flat=True), *forgotten.values_list("pk", flat=True)}
    for batch_id in sorted(batch_ids):
        outbox.enqueue(BATCH_TASK, batch_id)
    return len(batch_ids)

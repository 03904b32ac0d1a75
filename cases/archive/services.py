"""Archiving a closed case (归档): the checks, the archive number, the frozen catalogue, the whole-file PDF.

`archive_refusal(case)` decides both whether `archive_case` refuses and whether the 卷宗 page shows
the button. The whole file is rendered later by a task (`render_case_file`), claimed with a lease,
and stored once on the `CaseArchive` row.
"""

from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from legalaid.documents.numbering import next_number
from legalaid.kernel import SYSTEM, leases, locked, outbox, require_permission, transition
from legalaid.kernel.actors import actor_kind, actor_user
from legalaid.models import IssuedDocument
from legalaid.pdf import store_pdf

from ..models import ArchiveEntry, Case, CaseArchive, ClosingChecklistItem, ClosingSubmission, RetentionPeriod
from ..services.common import case_in_scope, refuse
from ..services.predicates import archive_refusal as status_archive_refusal
from . import catalogue, merge

RENDER_LEASE = timedelta(minutes=15)
RENDER_TASK = "cases.archive.tasks.render_case_file"


def retention_for(case: Case, on: date) -> RetentionPeriod | None:
    """The retention period in force for the case's type, a row for its criminal stage first."""
    periods = RetentionPeriod.objects.in_force(on).filter(case_type=case.case_type)
    periods = periods.filter(Q(criminal_stage="") | Q(criminal_stage=case.criminal_stage or ""))
    return periods.order_by("-criminal_stage").first()


def retention_end(archived_on: date, years: int | None) -> date | None:
    """Retention counts whole years from 1 January after the file was archived; None: permanent."""
    return None if years is None else date(archived_on.year + years, 12, 31)


def _checklist_refusal(case: Case) -> str | None:
    submission = case.closings.filter(status=ClosingSubmission.Status.ACCEPTED).order_by("-reviewed_at").first()
    if submission is None:
        # Only a case terminated before assignment closes without a closing report (the status check
        # lets nothing else through); there is no handler's checklist to hold it against.
        return None
    rows = submission.checklist
    required = set(
        ClosingChecklistItem.objects.filter(pk__in=[row["id"] for row in rows], is_required=True).values_list(
            "pk", flat=True
        )
    )
    missing = [row["name"] for row in rows if row["id"] in required and not row["checked"]]
    if missing:
        return _("结案材料清单不全，缺少：%(missing)s。") % {"missing": "、".join(missing)}
    return None


def _catalogue_refusal(case: Case) -> str | None:
    lacking = [f"{kind.title}({reason})" for kind, reason in catalogue.lacking_documents(case)]
    if lacking:
        return _("卷内文书不全：%(lacking)s。") % {"lacking": "；".join(lacking)}
    return None


def archive_refusal(case: Case, actor=None) -> str | None:
    """Why the case cannot be archived now (None: it can): status, closing checklist, catalogue."""
    return status_archive_refusal(case, actor) or _checklist_refusal(case) or _catalogue_refusal(case)


def archive_case(case: Case, *, actor) -> CaseArchive:
    """Archive the case: archive number, retention, the catalogue frozen, the file PDF queued."""
    require_permission(actor, "cases.archive_case")
    with transaction.atomic():
        case = locked(case)
        case_in_scope(actor, case)
        refuse(archive_refusal(case, actor))
        now = timezone.now()
        archive = _file_archive(case, actor=actor, at=now)
        case.archived_at = now
        transition(
            case,
            to=Case.Status.ARCHIVED,
            actor=actor,
            reason=_("案卷归档，档案号%(number)s") % {"number": archive.number},
            allowed_from=(Case.Status.CLOSED, Case.Status.TERMINATED),
            action=_("归档"),
            fields=("archived_at",),
            at=now,
        )
    return archive


def _file_archive(case: Case, *, actor, at) -> CaseArchive:
    """The archive record of a case: its number, retention, the cover's issue, the frozen catalogue, the PDF queued."""
    today = timezone.localdate(at)
    period = retention_for(case, today)
    years = period.years if period else None
    archive = CaseArchive.objects.create(
        case=case,
        centre=case.centre,
        year=today.year,
        number=next_number(case.centre, catalogue.COVER, year=today.year),
        retention_years=years,
        retention_until=retention_end(today, years),
        retention_basis=period.basis if period else "",
        archived_at=at,
        archived_by=actor_user(actor),
        archived_by_kind=actor_kind(actor),
    )
    # The cover is the numbered document of the file: its number is the archive number, kept as
    # issued so the cover, the catalogue and any reprint show the same one.
    IssuedDocument.objects.create(
        content_type=ContentType.objects.get_for_model(Case),
        object_id=case.pk,
        kind=catalogue.COVER,
        number=archive.number,
        issued_at=at,
        issued_by=actor_user(actor),
        actor_kind=actor_kind(actor),
    )
    ArchiveEntry.objects.bulk_create(
        ArchiveEntry(archive=archive, order=order, **planned)
        for order, planned in enumerate(catalogue.plan(case), start=1)
    )
    outbox.enqueue(RENDER_TASK, archive.pk, key=f"archive:{archive.pk}:pdf")
    return archive


def file_archived_case(sender, instance: Case, actor, to_status: str, **kwargs) -> None:
    """`status_changed` receiver: a case archived by any other path also gets its number, catalogue and file.

    `archive_case` files the archive before its transition, so this does nothing for it.
    """
    if to_status == Case.Status.ARCHIVED and not CaseArchive.objects.filter(case_id=instance.pk).exists():
        _file_archive(instance, actor=actor, at=instance.archived_at or timezone.now())


def render_case_file(archive_pk: int) -> bool:
    """Render and store the whole-file PDF once (the task's body). False when another run holds it or it is done."""
    claimed = leases.claim(
        CaseArchive,
        archive_pk,
        waiting=[CaseArchive.Status.WAITING],
        running=CaseArchive.Status.RENDERING,
        lease=RENDER_LEASE,
    )
    if not claimed:
        return False
    archive = CaseArchive.objects.select_related("case", "centre").get(pk=archive_pk)
    assembled = {}

    def render(instance):
        assembled["content"], assembled["pages"] = catalogue.assemble(instance)
        return f"卷宗-{instance.number}.pdf", assembled["content"]

    store_pdf(archive, "pdf", render, stamp="generated_at")
    pages = assembled.get("pages") or merge.page_count(archive.pdf.read())
    with transaction.atomic():
        archive = locked(archive)
        if archive.status == CaseArchive.Status.RENDERING:  # a racing run after the lease may have finished it
            archive.pages = pages
            transition(archive, to=CaseArchive.Status.READY, actor=SYSTEM, reason=_("卷宗已生成"), fields=("pages",))
    return True


def case_files_repair() -> int:
    """Repair sweep: archives whose file run died (lease expired) or whose task never came, queued again."""
    stale = leases.stale(CaseArchive, running=CaseArchive.Status.RENDERING, lease=RENDER_LEASE)
    forgotten = CaseArchive.objects.filter(
        status=CaseArchive.Status.WAITING, archived_at__lt=timezone.now() - RENDER_LEASE
    )
    archive_ids = {*stale.values_list("pk", flat=True), *forgotten.values_list("pk", flat=True)}
    for archive_id in sorted(archive_ids):
        outbox.enqueue(RENDER_TASK, archive_id)
    return len(archive_ids)

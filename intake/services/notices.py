"""The one-time notice (一次性告知), the materials supplied, deemed withdrawal, and letters' PDFs."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from legalaid.errors import DomainError
from legalaid.kernel import SYSTEM, actor_user, locked, outbox, require_permission, transition
from legalaid.pdf import store_pdf
from legalaid.selectors import user_profile

from .. import clock, documents, rules
from ..models import ApplicantLetter, Application, Attachment, MaterialsNotice, NoticeText
from .applications import resume_clock
from .attachments import ScanUpload, store_attachments
from .common import require_application

Status = Application.Status
NOTICE_PDF_TASK = "intake.tasks.render_materials_notice_pdf"
LETTER_PDF_TASK = "intake.tasks.render_applicant_letter_pdf"
MAX_NOTICE_DAYS = 60


def _notice_number(application: Application) -> str:
    return f"GZ{application.number}"


def notice_issue(
    application: Application, *, actor, items: list[str], due_date: date, note: str = ""
) -> MaterialsNotice:
    """The one-time notice (一次性告知): everything missing, at once; the decision clock pauses."""
    items = [item.strip() for item in items if item and item.strip()]
    if not items:
        raise DomainError(_("请列出需要补充的全部材料。"), field="items")
    today = timezone.localdate()
    if due_date <= today:
        raise DomainError(_("补充期限应晚于今天。"), field="due_date")
    if due_date > today + timedelta(days=MAX_NOTICE_DAYS):
        raise DomainError(_("补充期限不宜超过%(days)s日。") % {"days": MAX_NOTICE_DAYS}, field="due_date")
    require_application(actor, application)
    with transaction.atomic():
        application = locked(application)
        require_permission(actor, rules.notice_permission(application))
        existing = MaterialsNotice.objects.filter(application=application).first()
        if existing is not None:
            raise DomainError(
                _("一次性告知已于%(date)s发出(%(number)s)，不能再次告知。")
                % {"date": timezone.localdate(existing.issued_at), "number": existing.number}
            )
        if application.status not in rules.NOTICE_FROM:
            raise DomainError(
                _("当前状态为“%(status)s”，不能%(action)s。")
                % {"status": application.get_status_display(), "action": _("发出一次性告知")}
            )
        profile = user_profile(actor)
        now = timezone.now()
        notice = MaterialsNotice.objects.create(
            application=application,
            number=_notice_number(application),
            items=items,
            note=(note or "").strip(),
            issued_by=actor,
            issuing_organisation=profile.organisation if profile else application.centre,
            issued_at=now,
            due_date=due_date,
            resume_status=application.status,
        )
        application.paused_since = now
        transition(
            application,
            to=Status.AWAITING_MATERIALS,
            actor=actor,
            reason=_("一次性告知补充材料(%(count)s项)，期限至%(due)s；审查期限暂停计算")
            % {"count": len(items), "due": due_date},
            fields=("paused_since",),
            at=now,
        )
        outbox.enqueue(NOTICE_PDF_TASK, notice.pk, key=f"intake-notice-pdf-{notice.pk}")
    return notice


def materials_supply(
    application: Application, *, actor, note: str = "", uploads: list[ScanUpload] | None = None
) -> Application:
    """The applicant supplied what the notice asked for: the clock resumes where it stopped."""
    require_permission(actor, "intake.record_materials")
    require_application(actor, application)
    with transaction.atomic():
        application = locked(application)
        if application.status not in rules.OPEN:
            raise DomainError(
                _("当前状态为“%(status)s”，不能%(action)s。")
                % {"status": application.get_status_display(), "action": _("登记补充材料")}
            )
        notice = MaterialsNotice.objects.select_for_update().filter(application=application).first()
        if not rules.notice_open(notice):
            raise DomainError(_("该申请没有待补充的一次性告知。"))
        if (
            clock.notice_lapsed(notice.due_date, timezone.localdate())
            and application.status == Status.AWAITING_MATERIALS
        ):
            raise DomainError(
                _("补充期限已于%(date)s届满，申请视为撤回；请申请人重新提出申请。") % {"date": notice.due_date}
            )
        if not (note or "").strip() and not uploads:
            raise DomainError(_("请说明补充了哪些材料，或上传材料扫描件。"), field="note")
        store_attachments(application, uploads or [], actor, Attachment.Source.SUPPLEMENT)
        now = timezone.now()
        notice.supplied_at = now
        notice.supplied_recorded_by = actor_user(actor)
        notice.supply_note = (note or "").strip()
        notice.save(update_fields=["supplied_at", "supplied_recorded_by", "supply_note"])
        if application.status == Status.AWAITING_MATERIALS:
            fields = resume_clock(application)
            transition(
                application,
                to=notice.resume_status,
                actor=actor,
                reason=_("材料已补充，审查期限恢复计算，决定期限为%(due)s") % {"due": application.decision_due},
                fields=fields,
                at=now,
            )
        else:
            # Pre-provided: the status stays, the history still says who recorded the materials.
            transition(application, to=application.status, actor=actor, reason=_("先行提供后补齐材料"), at=now)
    return application


def application_deem_withdrawn(
    application: Application, *, actor, reason: str = "", today: date | None = None
) -> Application:
    """Nothing supplied by the notice's due date: the application is deemed withdrawn (LAL 43)."""
    today = today or timezone.localdate()
    require_permission(actor, "intake.review_application")
    require_application(actor, application)
    with transaction.atomic():
        application = locked(application)
        notice = MaterialsNotice.objects.select_for_update().filter(application=application).first()
        if notice is None or not clock.notice_lapsed(notice.due_date, today):
            due = notice.due_date if notice else "—"
            raise DomainError(_("补充期限%(date)s尚未届满，不能视为撤回。") % {"date": due})
        fields = resume_clock(application)
        transition(
            application,
            to=Status.DEEMED_WITHDRAWN,
            actor=actor,
            reason=reason or _("一次性告知补充期限(%(date)s)届满未补充材料，视为撤回申请") % {"date": notice.due_date},
            allowed_from=rules.DEEM_WITHDRAWN_FROM,
            action=_("视为撤回"),
            fields=fields,
        )
        notice.lapsed_at = timezone.now()
        notice.save(update_fields=["lapsed_at"])
        letter = letter_create(application, NoticeText.Kind.DEEMED_WITHDRAWAL, notice=notice)
        outbox.enqueue(LETTER_PDF_TASK, letter.pk, key=f"intake-letter-pdf-{letter.pk}")
    return application


def deem_overdue_applications_withdrawn(today: date | None = None) -> int:
    """Periodic, as the system: every application whose notice lapsed with nothing supplied. Safe to run twice."""
    today = today or timezone.localdate()
    ids = MaterialsNotice.objects.filter(
        due_date__lt=today,
        supplied_at__isnull=True,
        lapsed_at__isnull=True,
        application__status=Status.AWAITING_MATERIALS,
    ).values_list("application_id", flat=True)
    done = 0
    for application in Application.objects.filter(pk__in=list(ids)):
        try:
            application_deem_withdrawn(application, actor=SYSTEM, today=today)
        except DomainError:
            continue  # supplied or withdrawn meanwhile
        done += 1
    return done


def letter_create(application: Application, kind: str, notice: MaterialsNotice | None = None) -> ApplicantLetter:
    _title, body = documents.fill_notice_text(kind, application, notice)
    letter, _created = ApplicantLetter.objects.get_or_create(
        application=application, kind=kind, defaults={"body": body}
    )
    return letter


def notice_store_pdf(notice: MaterialsNotice) -> bool:
    """Render the one-time notice and keep the PDF as issued (idempotent)."""
    return store_pdf(notice, "pdf", documents.render_materials_notice)


def letter_store_pdf(letter: ApplicantLetter) -> bool:
    return store_pdf(letter, "pdf", documents.render_applicant_letter)


REPAIR_GRACE = timedelta(minutes=5)


def repair_missing_pdfs() -> int:
    """Enqueue the PDF of every issued notice and letter that has none (a lost or failed render).

    A grace period leaves alone what was issued a moment ago and is still on its way.
    """
    cutoff = timezone.now() - REPAIR_GRACE
    count = 0
    with transaction.atomic():
        for pk in MaterialsNotice.objects.filter(pdf="", issued_at__lt=cutoff).values_list("pk", flat=True):
            outbox.enqueue(NOTICE_PDF_TASK, pk)
            count += 1
        for pk in ApplicantLetter.objects.filter(pdf="", created_at__lt=cutoff).values_list("pk", flat=True):
            outbox.enqueue(LETTER_PDF_TASK, pk)
            count += 1
    return count

"""The handler's work on a case: the timeline, the case file, and the end of the matter."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from legalaid.errors import DomainError
from legalaid.kernel import locked, require_permission, transition
from legalaid.uploads import validate_scan

from .. import deadlines, selectors
from ..models import Case, CaseDocument, CaseEvent, Hearing
from .common import case_in_scope, event, not_future, refuse, require_handler
from .hearings import hearing_schedule
from .notices import notify_progress
from .predicates import case_end_refusal, event_refusal, upload_refusal


def case_event_record(
    case: Case,
    *,
    actor,
    kind: str,
    text: str,
    at: datetime | None = None,
    court: str = "",
    channel: str = "",
    mediation_result: str = "",
    reason: str = "",
    document: CaseDocument | None = None,
) -> CaseEvent:
    """Add a row to a case's timeline. Other apps (supervision: follow-up visits, complaints) call this;
    automatic events pass `SYSTEM` or `PUBLIC` and are shown as such."""
    text = (text or "").strip()
    if not text:
        raise DomainError(_("请填写记录内容。"), field="text")
    if not kind:
        raise DomainError(_("请选择记录类别。"), field="kind")
    case_in_scope(actor, case)
    return event(
        case,
        actor=actor,
        kind=kind,
        text=text,
        at=at or timezone.now(),
        court=court,
        channel=channel,
        mediation_result=mediation_result,
        reason=reason,
        document=document,
    )


def _check_event_input(*, kind: str, at: datetime, court: str, channel: str, mediation_result: str) -> None:
    if kind not in CaseEvent.HANDLER_KINDS:
        raise DomainError(_("请选择记录类别。"), field="kind")
    if kind != CaseEvent.Kind.HEARING and at > timezone.now():
        raise DomainError(_("记录的时间不能晚于现在(只有开庭可以登记将来的日期)。"), field="at")
    if kind == CaseEvent.Kind.HEARING and not court.strip():
        raise DomainError(_("请填写开庭的法院或仲裁机构。"), field="court")
    if kind == CaseEvent.Kind.PROGRESS_NOTICE and not channel:
        raise DomainError(_("请选择通报方式。"), field="channel")
    if kind == CaseEvent.Kind.MEDIATION and not mediation_result:
        raise DomainError(_("请选择调解结果。"), field="mediation_result")


def case_handler_event_log(
    case: Case,
    *,
    actor,
    kind: str,
    text: str,
    at: datetime,
    court: str = "",
    channel: str = "",
    mediation_result: str = "",
    reason: str = "",
) -> CaseEvent | Hearing:
    """The handler records a step of the work: meeting, file review, hearing, mediation, progress notice...

    Signing the agreement and power of attorney starts the handling (assigned → in progress).
    In a case marked for mediation first, filing a suit without a recorded mediation attempt needs a reason.
    A hearing dated ahead is not yet work done: it goes to the hearing calendar (its reminders, its feed and
    the aided person's notice), and is returned as the `Hearing`. A step the aided person expects to hear of
    is sent to them (`notices.progress_phrase`).
    """
    _check_event_input(kind=kind, at=at, court=court, channel=channel, mediation_result=mediation_result)
    if kind == CaseEvent.Kind.HEARING and at > timezone.now():
        return hearing_schedule(case, actor=actor, starts_at=at, court=court, note=text)
    reason = reason.strip()
    with transaction.atomic():
        case = locked(case)
        require_handler(actor, case, _("记录办案过程"))
        refuse(event_refusal(case, actor))
        if kind == CaseEvent.Kind.AGREEMENT_SIGNED and timezone.localdate(at) < timezone.localdate(case.assigned_at):
            raise DomainError(_("签订日期不能早于指派日期。"), field="at")
        if (
            kind == CaseEvent.Kind.SUIT_FILED
            and case.mediation_first
            and not selectors.has_mediation_attempt(case)
            and not reason
        ):
            raise DomainError(
                _("本案列为先行调解案件，但尚未登记调解情况。请说明未经调解直接起诉(申请仲裁)的理由。"),
                field="reason",
            )
        recorded = event(
            case,
            actor=actor,
            kind=kind,
            at=at,
            text=text.strip() or CaseEvent.Kind(kind).label,
            court=court.strip(),
            channel=channel,
            mediation_result=mediation_result,
            reason=reason,
        )
        if kind == CaseEvent.Kind.AGREEMENT_SIGNED and case.agreement_signed_on is None:
            _agreement_signed(case, actor=actor, on=timezone.localdate(at), reason=reason)
        notify_progress(case, recorded)
    return recorded


def _agreement_signed(case: Case, *, actor, on: date, reason: str) -> None:
    """The agreement and power of attorney are signed: an assigned case is now in progress."""
    case.agreement_signed_on = on
    note = _("%(day)s 签订委托协议和授权委托书") % {"day": on.isoformat()}
    if case.agreement_due and on > case.agreement_due:
        note += _("(超过 %(due)s 的期限%(reason)s)") % {
            "due": case.agreement_due.isoformat(),
            "reason": _(";%(reason)s") % {"reason": reason} if reason else "",
        }
    if case.status == Case.Status.ASSIGNED:
        transition(case, to=Case.Status.IN_PROGRESS, actor=actor, reason=note, fields=("agreement_signed_on",))
    else:
        case.save(update_fields=["agreement_signed_on"])


def case_document_upload(case: Case, *, actor, title: str, upload) -> CaseDocument:
    """Add a scan to the case file (handler, or centre staff); shown on the timeline."""
    if not (title or "").strip():
        raise DomainError(_("请填写材料名称。"), field="title")
    try:
        validate_scan(upload)
    except ValidationError as exc:
        raise DomainError(exc.messages[0], field="upload") from exc
    with transaction.atomic():
        case = locked(case)
        if case.handler_id != actor.pk:
            require_permission(actor, "cases.open_case")
        case_in_scope(actor, case)
        refuse(upload_refusal(case, actor))
        document = CaseDocument.objects.create(
            case=case,
            title=title.strip(),
            file=upload,
            original_name=upload.name[:200],
            size=upload.size,
            uploaded_by=actor,
        )
        event(
            case,
            actor=actor,
            kind=CaseEvent.Kind.DOCUMENT,
            text=_("上传：%(title)s") % {"title": document.title},
            document=document,
        )
    return document


def case_end_record(case: Case, *, actor, case_end_date: date, text: str) -> Case:
    """The matter has ended (judgment served, settlement...): the 30-day closing clock starts."""
    not_future(case_end_date, _("办结日期"), "case_end_date")
    with transaction.atomic():
        case = locked(case)
        require_handler(actor, case, _("登记案件办结"))
        refuse(case_end_refusal(case, actor))
        if case_end_date < timezone.localdate(case.accepted_at):
            raise DomainError(_("办结日期不能早于受理日期。"), field="case_end_date")
        case.case_end_date = case_end_date
        case.closing_due = deadlines.closing_due(case_end_date)
        case.save(update_fields=["case_end_date", "closing_due"])
        recorded = event(
            case,
            actor=actor,
            kind=CaseEvent.Kind.CASE_ENDED,
            at=timezone.make_aware(datetime.combine(case_end_date, datetime.min.time())),
            text=(text or "").strip() or _("案件办结"),
        )
        notify_progress(case, recorded)
    return case

"""Closing a case (LAL 50): the handler submits, the centre reviews, the file is archived."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from legalaid.errors import DomainError
from legalaid.kernel import locked, record_transition, require_permission, transition
from legalaid.vocabulary import CaseType

from .. import deadlines, selectors
from ..models import CRIMINAL_OUTCOMES, Case, ClosingSubmission, Outcome
from .common import case_in_scope, money, not_future, refuse, require_handler
from .notices import notify_closed
from .predicates import closing_review_refusal, closing_submit_refusal
from .subsidies import subsidy_compute

Status = Case.Status
CIVIL_ALSO = {Outcome.WITHDRAWN, Outcome.TERMINATED, Outcome.OTHER}


def _check_outcome(case: Case, outcome: str) -> None:
    if case.status == Status.TERMINATED and outcome != Outcome.TERMINATED:
        raise DomainError(_("本案已终止法律援助，办理结果应为“终止法律援助”。"), field="outcome")
    if case.case_type == CaseType.CRIMINAL and outcome not in CRIMINAL_OUTCOMES:
        raise DomainError(_("刑事案件请选择刑事案件的办理结果。"), field="outcome")
    if case.case_type != CaseType.CRIMINAL and outcome in set(CRIMINAL_OUTCOMES) - CIVIL_ALSO:
        raise DomainError(_("该结果只适用于刑事案件。"), field="outcome")


def closing_submit(
    case: Case,
    *,
    actor,
    outcome: str,
    case_end_date: date,
    recovered_amount,
    checked_item_ids: list[int],
    handling_report: str,
    outcome_detail: str = "",
    outside_region: bool = False,
) -> ClosingSubmission:
    """The handler hands in the closing report and materials (LAL 50)."""
    amount = money(recovered_amount, "recovered_amount")
    if outcome not in Outcome.values:
        raise DomainError(_("请选择办理结果。"), field="outcome")
    if not isinstance(case_end_date, date):
        raise DomainError(_("请填写办结日期。"), field="case_end_date")
    not_future(case_end_date, _("办结日期"), "case_end_date")
    handling_report = (handling_report or "").strip()
    if not handling_report:
        raise DomainError(_("请填写办案小结。"), field="handling_report")
    with transaction.atomic():
        case = locked(case)
        require_handler(actor, case, _("提交结案"))
        refuse(closing_submit_refusal(case, actor))
        _check_outcome(case, outcome)
        if case_end_date < timezone.localdate(case.accepted_at):
            raise DomainError(_("办结日期不能早于受理日期。"), field="case_end_date")
        items = selectors.checklist_items(case)
        checked = {int(i) for i in checked_item_ids}
        missing = [item.name for item in items if item.is_required and item.pk not in checked]
        if missing:
            raise DomainError(
                _("结案材料不全，缺少：%(missing)s。") % {"missing": _("、").join(missing)}, field="checklist"
            )
        now = timezone.now()
        submission = ClosingSubmission.objects.create(
            case=case,
            outcome=outcome,
            outcome_detail=(outcome_detail or "").strip(),
            case_end_date=case_end_date,
            recovered_amount=amount,
            checklist=[{"id": item.pk, "name": item.name, "checked": item.pk in checked} for item in items],
            handling_report=handling_report,
            outside_region=outside_region,
            submitted_by=actor,
            submitted_at=now,
        )
        record_transition(submission, actor=actor, from_status="", to_status=submission.status, at=now)
        case.case_end_date = case_end_date
        case.closing_due = case.closing_due or deadlines.closing_due(case_end_date)
        case.closing_submitted_at = now
        case.review_due = deadlines.review_due(timezone.localdate(now))
        reason = str(submission.get_outcome_display())
        if timezone.localdate(now) > case.closing_due:
            reason += _("；超过结案材料提交期限 %(due)s") % {"due": case.closing_due.isoformat()}
        transition(
            case,
            to=Status.CLOSING_SUBMITTED,
            actor=actor,
            reason=reason,
            allowed_from=(*Case.HANDLING, Status.TERMINATED),
            action=_("提交结案"),
            fields=("case_end_date", "closing_due", "closing_submitted_at", "review_due"),
            at=now,
        )
    return submission


def closing_review(case: Case, *, actor, accept: bool, note: str = "") -> ClosingSubmission:
    """The centre reviews the file: accept (the case closes and the subsidy is computed) or return it."""
    require_permission(actor, "cases.review_closing")
    note = (note or "").strip()
    with transaction.atomic():
        case = locked(case)
        case_in_scope(actor, case)
        refuse(closing_review_refusal(case, actor))
        submission = case.closings.select_for_update().get(status=ClosingSubmission.Status.PENDING)
        if not accept and not note:
            raise DomainError(_("退回时请写明需要补正的材料或问题。"), field="note")
        now = timezone.now()
        submission.reviewed_by, submission.reviewed_at, submission.review_note = actor, now, note
        transition(
            submission,
            to=ClosingSubmission.Status.ACCEPTED if accept else ClosingSubmission.Status.RETURNED,
            actor=actor,
            reason=note,
            fields=("reviewed_by", "reviewed_at", "review_note"),
            at=now,
        )
        if accept:
            case.closed_at = now
            case.outcome = submission.outcome
            case.recovered_amount = submission.recovered_amount
            reason = _("结案审查通过：%(note)s") % {"note": note} if note else _("结案审查通过")
            transition(
                case,
                to=Status.CLOSED,
                actor=actor,
                reason=reason,
                fields=("closed_at", "outcome", "recovered_amount"),
                at=now,
            )
            subsidy_compute(case, submission, actor=actor)
            notify_closed(case)
        else:
            case.closing_submitted_at = None
            case.review_due = None
            transition(
                case,
                to=Status.TERMINATED if case.terminated_at else Status.IN_PROGRESS,
                actor=actor,
                reason=_("结案材料退回补正：%(note)s") % {"note": note},
                fields=("closing_submitted_at", "review_due"),
                at=now,
            )
    return submission


def case_archive(case: Case, *, actor) -> Case:
    """Archive through the archive's one service, which also checks the file and numbers it."""
    from ..archive.services import archive_case  # the archive package imports these services

    archive_case(case, actor=actor)
    case.refresh_from_db()
    return case

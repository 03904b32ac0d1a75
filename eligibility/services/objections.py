"""Objections to a refusal or a termination, reviewed by the justice bureau within 5 days (LAL 49)."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from intake.models import Application
from intake.selectors import applications_for_user
from legalaid.errors import DomainError
from legalaid.kernel import actor_user, locked, record_transition, require_permission, require_scope, transition
from legalaid.models import Organisation
from legalaid.selectors import visible_organisations

from ..models import Decision, Objection
from ..selectors import objections_for_user, refusal_in_force
from .common import review_body_for
from .decisions import decision_reopen


def objection_filing_refusal(application: Application, decision: Decision | None) -> str | None:
    """Why no objection to a refusal may be filed on this application now (None: it may)."""
    if decision is None or application.status != Application.Status.REFUSED:
        return _("该申请没有有效的不予法律援助决定，不能提出异议。")
    if decision.objections.filter(status=Objection.Status.PENDING).exists():
        return _("该决定已有待审查的异议。")
    return None


def _refusal_objection(actor, application, filed_on: date):
    if application is None:
        raise DomainError(_("对不予援助决定的异议须指明申请。"), field="application")
    require_scope(actor, application, applications_for_user)
    decision = refusal_in_force(application)
    refusal = objection_filing_refusal(application, decision)
    if refusal:
        raise DomainError(refusal, field="application")
    if filed_on < timezone.localdate(decision.decided_at):
        raise DomainError(_("提出异议日期不能早于决定日期。"), field="filed_on")
    return decision


def objection_file(
    *,
    actor,
    kind: str,
    grounds: str,
    application: Application | None = None,
    subject_reference: str = "",
    centre: Organisation | None = None,
    objector_name: str = "",
    objector_phone: str = "",
    filed_on: date | None = None,
) -> Objection:
    """Record an applicant's objection to a refusal, or an aided person's to a termination (LAL 49).

    A refusal objection names the application; a termination objection (filed by the cases stage)
    names the deciding centre and the case number in `subject_reference`.
    """
    require_permission(actor, "eligibility.add_objection")
    grounds = (grounds or "").strip()
    if not grounds:
        raise DomainError(_("请填写异议理由。"), field="grounds")
    filed_on = filed_on or timezone.localdate()
    if filed_on > timezone.localdate():
        raise DomainError(_("提出异议日期不能晚于今天。"), field="filed_on")
    decision = None
    if kind == Objection.Kind.REFUSAL:
        decision = _refusal_objection(actor, application, filed_on)
        centre = application.centre
        objector_name = objector_name.strip() or application.applicant.name
        subject_reference = subject_reference or decision.number
    elif kind == Objection.Kind.TERMINATION:
        if centre is None or not subject_reference.strip():
            raise DomainError(_("对终止决定的异议须写明作出决定的中心和案件编号。"), field="subject_reference")
        if not objector_name.strip():
            raise DomainError(_("请填写异议人。"), field="objector_name")
        require_scope(actor, centre, visible_organisations)
    else:
        raise DomainError(_("未知的异议类型。"), field="kind")
    with transaction.atomic():
        if decision is not None:
            # Two clerks filing at once: the second sees the first's pending objection.
            decision = locked(decision)
            refusal = objection_filing_refusal(application, decision)
            if refusal:
                raise DomainError(refusal)
        objection = Objection.objects.create(
            kind=kind,
            centre=centre,
            application=application,
            decision=decision,
            subject_reference=subject_reference.strip(),
            objector_name=objector_name.strip(),
            objector_phone=objector_phone.strip(),
            grounds=grounds,
            review_body=review_body_for(centre),
            filed_on=filed_on,
            review_due=Objection.due_for(filed_on),
            filed_by=actor_user(actor),
        )
        record_transition(objection, actor=actor, from_status="", to_status=objection.status, reason=_("登记异议"))
    return objection


def objection_decide_refusal(objection: Objection) -> str | None:
    """Why the review decision may not be recorded on this objection (None: it may)."""
    if not objection.is_pending:
        return _("该异议已审查完毕。")
    return None


def objection_decide(
    objection: Objection,
    *,
    actor,
    correction_ordered: bool,
    opinion: str,
    decided_on: date | None = None,
) -> Objection:
    """Record the justice bureau's review: upheld, or correction ordered (which reopens a refusal)."""
    require_permission(actor, "eligibility.decide_objection")
    require_scope(actor, objection, objections_for_user)
    opinion = (opinion or "").strip()
    if not opinion:
        raise DomainError(_("请填写审查意见。"), field="opinion")
    decided_on = decided_on or timezone.localdate()
    with transaction.atomic():
        objection = locked(objection)
        refusal = objection_decide_refusal(objection)
        if refusal:
            raise DomainError(refusal)
        if decided_on < objection.filed_on or decided_on > timezone.localdate():
            raise DomainError(_("审查决定日期应在提出异议之日和今天之间。"), field="decided_on")
        objection.review_decided_on = decided_on
        objection.review_opinion = opinion
        transition(
            objection,
            to=Objection.Status.CORRECTION_ORDERED if correction_ordered else Objection.Status.UPHELD,
            actor=actor,
            reason=opinion,
            fields=("review_decided_on", "review_opinion"),
        )
        if correction_ordered and objection.decision_id:
            reason = _("%(body)s责令改正：%(opinion)s") % {"body": objection.review_body, "opinion": opinion}
            decision_reopen(objection.decision, actor=actor, reason=reason)
    return objection

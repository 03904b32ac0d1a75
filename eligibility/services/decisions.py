"""The centre's written decision on an application (LAL 43), and setting a refusal aside (LAL 49)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from intake import services as intake_services
from intake.models import Application
from intake.selectors import applications_for_user
from legalaid.errors import DomainError
from legalaid.kernel import (
    SYSTEM,
    actor_user,
    locked,
    outbox,
    record_transition,
    require_permission,
    require_scope,
    transition,
)
from legalaid.messaging.services import notify
from legalaid.messaging.triggers import application_phone
from legalaid.models import MessageEvent, Organisation
from legalaid.validators import mask_id_number

from .. import engine
from ..models import Decision, MeansAssessment, RefusalReason
from .assessments import latest_assessment
from .common import application_date, centre_abbreviation, next_number, review_body_for


def decision_refusal(application: Application, assessment: MeansAssessment | None) -> str | None:
    """Why the centre may not decide this application now (None: it may)."""
    if application.status != Application.Status.UNDER_REVIEW:
        return _("申请当前状态为“%(status)s”，不能作出决定。") % {"status": application.get_status_display()}
    if assessment is None:
        return _("请先进行经济困难审查，再作出决定。")
    current_matter = application.matter.code if application.matter_id else ""
    if (assessment.case_type, assessment.matter_code) != (application.case_type, current_matter):
        return _("申请的案件类型或事项已变更，请重新进行经济困难审查。")
    return None


def _parse_reasons(codes) -> list[str]:
    valid = set(RefusalReason.values)
    codes = [c for c in dict.fromkeys(codes or []) if c]
    unknown = [c for c in codes if c not in valid]
    if unknown:
        raise DomainError(_("未知的不予援助理由：%(codes)s。") % {"codes": "、".join(unknown)}, field="refusal_reasons")
    return codes


def _check_grounds(assessment: MeansAssessment, granted: bool, codes: list[str], reason_text: str) -> None:
    if granted:
        if not assessment.favourable:
            raise DomainError(
                _("经济困难审查结果为“%(outcome)s”，不能给予法律援助。") % {"outcome": assessment.get_outcome_display()}
            )
        if codes:
            raise DomainError(_("给予法律援助时不应选择不予援助理由。"), field="refusal_reasons")
        return
    if not codes:
        raise DomainError(_("不予法律援助须选择理由。"), field="refusal_reasons")
    if not reason_text:
        raise DomainError(_("不予法律援助须写明具体理由。"), field="reason_text")
    if RefusalReason.NOT_NEEDY in codes and assessment.outcome != engine.Outcome.INELIGIBLE:
        raise DomainError(
            _("经济困难审查结果为“%(outcome)s”，不能以经济状况不符合标准为由不予援助。")
            % {"outcome": assessment.get_outcome_display()},
            field="refusal_reasons",
        )
    if RefusalReason.OUT_OF_SCOPE in codes and assessment.outcome != engine.Outcome.OUT_OF_SCOPE:
        raise DomainError(_("申请事项属于法律援助范围，不能以不属于援助范围为由不予援助。"), field="refusal_reasons")


def decision_snapshot(
    application: Application, assessment: MeansAssessment, centre: Organisation, actor, decided_at
) -> dict:
    """What the letter prints, kept so a reprint reads exactly as the original (in Chinese)."""
    applicant = application.applicant
    return {
        "centre": centre.name,
        "centre_address": centre.address,
        "centre_phone": centre.phone,
        "review_body": review_body_for(centre),
        "application_number": application.number,
        "received_date": application_date(application).isoformat(),
        "applicant_name": applicant.name,
        "applicant_id_number": mask_id_number(applicant.id_number),
        "case_type": application.get_case_type_display(),
        "matter": application.matter.name if application.matter_id else "",
        "service_requested": application.get_service_requested_display(),
        "outcome": assessment.outcome,
        "outcome_label": assessment.get_outcome_display(),
        "engine_reasons": list(assessment.reasons),
        "per_capita_income": None
        if assessment.per_capita_income is None
        else engine.money(assessment.per_capita_income),
        "standard": assessment.standard_snapshot,
        "waiver": next(
            (c["name"] for c in assessment.facts_snapshot.get("claims", []) if c["code"] == assessment.basis), ""
        ),
        "priority_group": assessment.facts_snapshot.get("priority_group", ""),
        "decided_by": actor.get_full_name() or actor.username,
        "decided_date": timezone.localdate(decided_at).isoformat(),
    }


def application_decide(
    application: Application,
    *,
    actor,
    granted: bool,
    refusal_reasons: list[str] = (),
    reason_text: str = "",
) -> Decision:
    """The centre grants or refuses legal aid on the latest means assessment (LAL 43), in writing.

    The written decision keeps a snapshot of the assessment and the standard, and intake records
    the application's new status in its own history.
    """
    require_permission(actor, "eligibility.decide_application")
    require_scope(actor, application, applications_for_user)
    reason_text = (reason_text or "").strip()
    codes = _parse_reasons(refusal_reasons)
    with transaction.atomic():
        application = (
            Application.objects.select_for_update(of=("self",))
            .select_related("applicant", "centre", "matter")
            .get(pk=application.pk)
        )
        assessment = latest_assessment(application)
        refusal = decision_refusal(application, assessment)
        if refusal:
            raise DomainError(refusal)
        _check_grounds(assessment, granted, codes, reason_text)
        if granted and not reason_text:
            reason_text = _("符合法律援助条件：%(outcome)s。") % {"outcome": assessment.get_outcome_display()}
        centre = application.centre
        now = timezone.now()
        year = timezone.localdate(now).year
        serial = next_number(centre, "grant" if granted else "refusal", year)
        word = "决" if granted else "不予"
        number = f"{centre_abbreviation(centre)}法援{word}字〔{year}〕第{serial}号"
        labels = dict(RefusalReason.choices)
        intake_reason = reason_text if granted else "；".join([*(str(labels[c]) for c in codes), reason_text])
        intake_services.application_record_decision(application, actor=actor, granted=granted, reason=intake_reason)
        decision = Decision.objects.create(
            application=application,
            assessment=assessment,
            centre=centre,
            number=number,
            granted=granted,
            refusal_reasons=codes,
            reason_text=reason_text,
            simplified=assessment.priority_group_id is not None,
            snapshot=decision_snapshot(application, assessment, centre, actor, now),
            decided_by=actor,
            decided_at=now,
        )
        record_transition(decision, actor=actor, from_status="", to_status=decision.status, reason=reason_text, at=now)
        _hand_on(decision, application, centre)
    return decision


def _hand_on(decision: Decision, application: Application, centre: Organisation) -> None:
    """What a decision sets going, committed with it.

    A grant opens its case at once (the cases stage's task, named rather than imported: the 3-day
    assignment clock of LAL 43 then starts on a case the centre sees in its assignment queue, instead
    of on an application someone must remember to open; the 待立案 queue remains for any the task has
    not reached). The applicant is told the decision by SMS where a phone is known.
    """
    if decision.granted:
        outbox.enqueue("cases.tasks.open_case_for_grant", application.pk, key=f"grant:{application.pk}:open")
    notify(
        MessageEvent.DECISION_GRANTED if decision.granted else MessageEvent.DECISION_REFUSED,
        key=f"decision:{decision.pk}",
        context={"name": application.applicant.name, "number": application.number, "centre": centre.name},
        about=decision,
        phone=application_phone(application),
    )


def decision_reopen_refusal(decision: Decision) -> str | None:
    """Why this decision may not be set aside for a new review (None: it may)."""
    if decision.granted or decision.status != Decision.Status.IN_FORCE:
        return _("只有有效的不予法律援助决定才能撤销重新审查。")
    return None


def decision_reopen(decision: Decision, *, actor, reason: str) -> Decision:
    """Set a refusal aside so the centre decides again (the review body ordered a correction)."""
    require_permission(actor, "eligibility.decide_objection")
    require_scope(actor, decision.application, applications_for_user)
    with transaction.atomic():
        decision = locked(decision)
        refusal = decision_reopen_refusal(decision)
        if refusal:
            raise DomainError(refusal)
        # The application returns to the centre's review as the automatic consequence of the order
        # (the review body, e.g. the justice bureau, holds no intake permission of its own).
        intake_services.application_reopen(decision.application, actor=SYSTEM, reason=reason)
        decision.reopened_at = timezone.now()
        decision.reopened_by = actor_user(actor)
        transition(
            decision,
            to=Decision.Status.REOPENED,
            actor=actor,
            reason=reason,
            fields=("reopened_at", "reopened_by"),
            at=decision.reopened_at,
        )
    return decision

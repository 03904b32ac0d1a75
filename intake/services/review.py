"""The workstation's preliminary review, the centre's acceptance, pre-provision and the decision."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from legalaid.errors import DomainError
from legalaid.kernel import locked, require_permission, transition
from legalaid.selectors import user_profile

from .. import clock, rules
from ..models import Application, PreliminaryReview
from .applications import resume_clock
from .common import require_application

Status = Application.Status


def _guard(application: Application, actor, permission: str) -> Application:
    """Permission, scope, then the row locked (call inside `atomic`)."""
    require_permission(actor, permission)
    require_application(actor, application)
    return locked(application)


def preliminary_review_submit(
    application: Application,
    *,
    actor,
    materials_complete: bool,
    recommendation: str,
    reasons: str,
    provided_items: list[str] | None = None,
    missing_items: str = "",
    waiver_basis: str = "",
) -> PreliminaryReview:
    """The workstation's preliminary review (初审): opinion recorded and the file sent to the centre."""
    if not (reasons or "").strip():
        raise DomainError(_("请填写初审理由。"), field="reasons")
    if recommendation not in PreliminaryReview.Recommendation.values:
        raise DomainError(_("请选择初审意见。"), field="recommendation")
    with transaction.atomic():
        application = _guard(application, actor, "intake.preliminary_review_application")
        if application.status not in rules.PRELIMINARY_REVIEW_FROM:
            raise DomainError(
                _("当前状态为“%(status)s”，不能%(action)s。")
                % {"status": application.get_status_display(), "action": _("报送初审意见")}
            )
        if not materials_complete:
            if not (missing_items or "").strip():
                raise DomainError(_("材料不齐全时，请写明缺少的材料。"), field="missing_items")
            if not rules.urgent_today(application, timezone.localdate()):
                raise DomainError(
                    _("材料不齐全：请先向申请人发出一次性告知；只有紧急案件(先行提供)可以在材料不全时报送。"),
                    field="materials_complete",
                )
        profile = user_profile(actor)
        review = PreliminaryReview.objects.create(
            application=application,
            organisation=profile.organisation if profile else application.receiving_organisation,
            reviewer=actor,
            materials_complete=materials_complete,
            provided_items=list(provided_items or []),
            missing_items=(missing_items or "").strip(),
            waiver_basis=waiver_basis,
            recommendation=recommendation,
            reasons=reasons.strip(),
        )
        application.accepted_at = application.accepted_at or timezone.now()
        fields = ["accepted_at"]
        if waiver_basis and waiver_basis != application.waiver_claimed:
            application.waiver_claimed = waiver_basis
            fields.append("waiver_claimed")
        transition(
            application,
            to=Status.UNDER_REVIEW,
            actor=actor,
            reason=_("初审意见：%(recommendation)s。%(reasons)s")
            % {"recommendation": review.get_recommendation_display(), "reasons": review.reasons},
            fields=fields,
        )
    return review


def application_accept(application: Application, *, actor, reason: str = "") -> Application:
    """The centre accepts (受理) an application received at the centre or online."""
    with transaction.atomic():
        application = _guard(application, actor, "intake.review_application")
        application.accepted_at = timezone.now()
        transition(
            application,
            to=Status.UNDER_REVIEW,
            actor=actor,
            reason=reason or _("中心受理，进入审查"),
            allowed_from=rules.ACCEPT_FROM,
            action=_("受理"),
            fields=("accepted_at",),
        )
    return application


def application_pre_provide(application: Application, *, actor, reason: str) -> Application:
    """Urgent pre-provision (先行提供, LAL 44): accepted with incomplete materials, completed later."""
    if not (reason or "").strip():
        raise DomainError(_("请填写先行提供的理由。"), field="reason")
    with transaction.atomic():
        application = _guard(application, actor, "intake.approve_pre_provision")
        if application.status not in rules.OPEN:
            raise DomainError(
                _("当前状态为“%(status)s”，不能%(action)s。")
                % {"status": application.get_status_display(), "action": _("先行提供")}
            )
        if application.pre_provision_at:
            raise DomainError(_("该申请已决定先行提供。"))
        if not rules.urgent_today(application, timezone.localdate()):
            raise DomainError(
                _("只有距时效或期限届满不足七日，或需要保全、先予执行的紧急案件才能先行提供法律援助。"), field="reason"
            )
        now = timezone.now()
        application.pre_provision_at = now
        application.is_urgent = True
        application.accepted_at = application.accepted_at or now
        fields = ["pre_provision_at", "is_urgent", "accepted_at"]
        if application.status == Status.AWAITING_MATERIALS:
            fields += resume_clock(application)
        transition(
            application,
            to=Status.UNDER_REVIEW,
            actor=actor,
            reason=_("先行提供法律援助，材料事后补充：%(reason)s") % {"reason": reason.strip()},
            fields=fields,
        )
    return application


def application_record_decision(application: Application, *, actor, granted: bool, reason: str) -> Application:
    """Record the centre's decision (called by eligibility): granted or refused, with reasons."""
    if not (reason or "").strip():
        raise DomainError(_("请填写决定理由。"), field="reason")
    with transaction.atomic():
        application = _guard(application, actor, "intake.review_application")
        fields = resume_clock(application)
        application.decided_at = timezone.now()
        transition(
            application,
            to=Status.GRANTED if granted else Status.REFUSED,
            actor=actor,
            reason=reason.strip(),
            allowed_from=rules.decision_from(application),
            action=_("作出决定"),
            fields=("decided_at", *fields),
        )
    return application


def application_reopen(application: Application, *, actor, reason: str) -> Application:
    """An objection to a refusal was upheld (LAL 49): the centre reviews the application again."""
    if not (reason or "").strip():
        raise DomainError(_("请填写重新审查的原因。"), field="reason")
    with transaction.atomic():
        application = _guard(application, actor, "intake.review_application")
        application.decided_at = None
        application.decision_due = clock.decision_due(timezone.localdate())
        transition(
            application,
            to=Status.UNDER_REVIEW,
            actor=actor,
            reason=reason.strip(),
            allowed_from=rules.REOPEN_FROM,
            action=_("重新审查"),
            fields=("decided_at", "decision_due"),
        )
    return application

"""Cross-region cooperation between centres: a request sent or received, and its answer."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from legalaid.errors import DomainError
from legalaid.kernel import locked, record_transition, require_permission, require_scope, transition
from legalaid.models import Organisation

from .. import selectors
from ..models import Case, CaseEvent, CooperationRequest
from .common import check_centre, event, refuse, today

ANSWERS = (CooperationRequest.Status.ANSWERED, CooperationRequest.Status.DECLINED, CooperationRequest.Status.WITHDRAWN)


def _counterpart_name(centre: Organisation, counterpart: Organisation | None, counterpart_name: str) -> str:
    if counterpart is not None:
        if not counterpart.is_centre:
            raise DomainError(_("协作对方须是法律援助中心。"), field="counterpart")
        if counterpart.pk == centre.pk:
            raise DomainError(_("协作对方不能是本中心。"), field="counterpart")
        counterpart_name = counterpart.name
    counterpart_name = (counterpart_name or "").strip()
    if not counterpart_name:
        raise DomainError(_("请选择或填写对方中心。"), field="counterpart_name")
    return counterpart_name


def cooperation_request_create(
    *,
    actor,
    centre: Organisation,
    direction: str,
    kind: str,
    request: str,
    due_date: date,
    counterpart: Organisation | None = None,
    counterpart_name: str = "",
    person_name: str = "",
    case: Case | None = None,
) -> CooperationRequest:
    require_permission(actor, "cases.manage_cooperation")
    check_centre(actor, centre)
    if direction not in CooperationRequest.Direction.values:
        raise DomainError(_("请选择协作方向。"), field="direction")
    if kind not in CooperationRequest.Kind.values:
        raise DomainError(_("请选择协作事项。"), field="kind")
    if not (request or "").strip():
        raise DomainError(_("请写明请求协作的具体内容。"), field="request")
    if due_date < today():
        raise DomainError(_("办复期限不能早于今天。"), field="due_date")
    counterpart_name = _counterpart_name(centre, counterpart, counterpart_name)
    if case is not None and case.centre_id != centre.pk:
        raise DomainError(_("关联案件须是本中心的案件。"), field="case")
    with transaction.atomic():
        cooperation = CooperationRequest.objects.create(
            centre=centre,
            case=case,
            direction=direction,
            counterpart=counterpart,
            counterpart_name=counterpart_name,
            kind=kind,
            request=request.strip(),
            person_name=(person_name or "").strip(),
            due_date=due_date,
            created_by=actor,
        )
        record_transition(cooperation, actor=actor, from_status="", to_status=cooperation.status)
        if case is not None:
            event(
                case,
                actor=actor,
                kind=CaseEvent.Kind.COOPERATION,
                text=_("%(direction)s异地协作(%(counterpart)s):%(kind)s,期限 %(due)s")
                % {
                    "direction": cooperation.get_direction_display(),
                    "counterpart": counterpart_name,
                    "kind": cooperation.get_kind_display(),
                    "due": due_date.isoformat(),
                },
            )
    return cooperation


def cooperation_answer_refusal(cooperation: CooperationRequest) -> str | None:
    if cooperation.status == CooperationRequest.Status.OPEN:
        return None
    return _("该协作事项已%(status)s,不能重复办理。") % {"status": cooperation.get_status_display()}


def cooperation_may_answer(cooperation: CooperationRequest, actor) -> bool:
    """Whether the page offers the answer form (the service checks the same)."""
    return actor.has_perm("cases.manage_cooperation") and cooperation_answer_refusal(cooperation) is None


def cooperation_answer(cooperation: CooperationRequest, *, actor, status: str, answer: str) -> CooperationRequest:
    """Record the answer (ours to an incoming request, or theirs to an outgoing one), or a withdrawal."""
    require_permission(actor, "cases.manage_cooperation")
    if status not in ANSWERS:
        raise DomainError(_("请选择办理结果。"), field="status")
    answer = (answer or "").strip()
    if not answer:
        raise DomainError(_("请填写办复情况。"), field="answer")
    with transaction.atomic():
        cooperation = locked(cooperation)
        require_scope(actor, cooperation, selectors.cooperation_for_user, _("该协作事项不在您的管辖范围内。"))
        refuse(cooperation_answer_refusal(cooperation))
        cooperation.answer = answer
        cooperation.answered_by, cooperation.answered_at = actor, timezone.now()
        transition(
            cooperation,
            to=status,
            actor=actor,
            reason=answer,
            fields=("answer", "answered_by", "answered_at"),
            at=cooperation.answered_at,
        )
        if cooperation.case_id:
            event(
                cooperation.case,
                actor=actor,
                kind=CaseEvent.Kind.COOPERATION,
                text=_("异地协作(%(counterpart)s)%(status)s:%(answer)s")
                % {
                    "counterpart": cooperation.counterpart_name,
                    "status": cooperation.get_status_display(),
                    "answer": answer,
                },
            )
    return cooperation

"""Cross-region cooperation between centres: a request sent or received, and its answer."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from legalaid.errors import DomainError
from legalaid.kernel import locked, record_transition, require_permission, require_scope, transition
from legalaid.models import Organisation
from legalaid.uploads import validate_scan

from .. import selectors
from ..models import Case, CaseEvent, CooperationRequest
from .common import check_centre, event, refuse, today

Status = CooperationRequest.Status
# Still awaiting the other side's answer.
PENDING = (Status.OPEN, Status.ACCEPTED)


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
        if direction == CooperationRequest.Direction.OUTGOING and counterpart is not None:
            _forward(cooperation, actor=actor)
        if case is not None:
            event(
                case,
                actor=actor,
                kind=CaseEvent.Kind.COOPERATION,
                text=_("%(direction)s异地协作(%(counterpart)s)：%(kind)s，期限 %(due)s")
                % {
                    "direction": cooperation.get_direction_display(),
                    "counterpart": counterpart_name,
                    "kind": cooperation.get_kind_display(),
                    "due": due_date.isoformat(),
                },
            )
    return cooperation


def _forward(cooperation: CooperationRequest, *, actor) -> CooperationRequest:
    """The request as the other centre on this system receives it: in its own list, to answer there."""
    received = CooperationRequest.objects.create(
        centre=cooperation.counterpart,
        direction=CooperationRequest.Direction.INCOMING,
        counterpart=cooperation.centre,
        counterpart_name=cooperation.centre.name,
        kind=cooperation.kind,
        request=cooperation.request,
        person_name=cooperation.person_name,
        due_date=cooperation.due_date,
        created_by=cooperation.created_by,
        origin=cooperation,
    )
    record_transition(
        received,
        actor=actor,
        from_status="",
        to_status=received.status,
        reason=_("%(centre)s通过本系统发来") % {"centre": cooperation.centre.name},
    )
    return received


def _forwarded(cooperation: CooperationRequest) -> CooperationRequest | None:
    return CooperationRequest.objects.filter(origin=cooperation).first()


def cooperation_answer_statuses(cooperation: CooperationRequest) -> list[str]:
    """The results the holder of this row may record now (empty: none).

    A request forwarded to a centre on this system is answered there, on its own row; the sender
    may only withdraw it. A received one may first be accepted, then answered or declined.
    """
    if cooperation.status not in PENDING:
        return []
    if cooperation.direction == CooperationRequest.Direction.OUTGOING:
        if _forwarded(cooperation) is not None:
            return [Status.WITHDRAWN]
        return [Status.ANSWERED, Status.DECLINED, Status.WITHDRAWN]
    statuses = [Status.ANSWERED, Status.DECLINED]
    if cooperation.status == Status.OPEN:
        statuses.insert(0, Status.ACCEPTED)
    if cooperation.origin_id is None:
        statuses.append(Status.WITHDRAWN)  # recorded by hand: the other centre's withdrawal is noted here
    return statuses


def cooperation_answer_refusal(cooperation: CooperationRequest) -> str | None:
    if cooperation.status in PENDING:
        return None
    return _("该协作事项已%(status)s，不能重复办理。") % {"status": cooperation.get_status_display()}


def cooperation_may_answer(cooperation: CooperationRequest, actor) -> bool:
    """Whether the page offers the answer form (the service checks the same)."""
    return (
        actor.has_perm("cases.manage_cooperation")
        and cooperation_answer_refusal(cooperation) is None
        and bool(cooperation_answer_statuses(cooperation))
    )


def _record(cooperation: CooperationRequest, *, actor, status: str, answer: str, answer_file, at) -> None:
    """One side's row moves to `status`; a final answer is kept with who gave it and when."""
    fields = []
    if status != Status.ACCEPTED:
        cooperation.answer, cooperation.answered_by, cooperation.answered_at = answer, actor, at
        fields += ["answer", "answered_by", "answered_at"]
        if answer_file:
            cooperation.answer_file = answer_file
            fields.append("answer_file")
    transition(cooperation, to=status, actor=actor, reason=answer, allowed_from=PENDING, fields=fields, at=at)
    if cooperation.case_id:
        event(
            cooperation.case,
            actor=actor,
            kind=CaseEvent.Kind.COOPERATION,
            text=_("异地协作(%(counterpart)s)%(status)s：%(answer)s")
            % {
                "counterpart": cooperation.counterpart_name,
                "status": cooperation.get_status_display(),
                "answer": answer,
            },
        )


def cooperation_answer(
    cooperation: CooperationRequest, *, actor, status: str, answer: str, answer_file=None
) -> CooperationRequest:
    """Record a result on our row: our answer to a received request (copied back onto the sender's
    row when it came through this system), the answer of a centre off the system, or a withdrawal."""
    require_permission(actor, "cases.manage_cooperation")
    answer = (answer or "").strip()
    if not answer:
        raise DomainError(_("请填写办复情况。"), field="answer")
    if answer_file:
        try:
            validate_scan(answer_file)
        except ValidationError as exc:
            raise DomainError(exc.messages[0], field="answer_file") from exc
    with transaction.atomic():
        cooperation = locked(cooperation)
        require_scope(actor, cooperation, selectors.cooperation_for_user, _("该协作事项不在您的管辖范围内。"))
        refuse(cooperation_answer_refusal(cooperation))
        if status not in cooperation_answer_statuses(cooperation):
            raise DomainError(_("请选择办理结果。"), field="status")
        now = timezone.now()
        _record(cooperation, actor=actor, status=status, answer=answer, answer_file=answer_file, at=now)
        # The other centre's row on this system follows: the answer goes back to the sender's case,
        # a withdrawal reaches the centre that received the request.
        other = cooperation.origin if cooperation.origin_id else _forwarded(cooperation)
        if other is not None:
            other = locked(other)
            if other.status in PENDING:
                # The same stored file, by name: one upload, shown on both sides.
                file = cooperation.answer_file.name if status != Status.ACCEPTED else None
                _record(other, actor=actor, status=status, answer=answer, answer_file=file, at=now)
    return cooperation

"""Supervision flags: money asked or taken, or a dissatisfied aided person, for the centre director."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from legalaid.kernel import DomainError, locked, record_transition, require_permission, transition

from ..models import SATISFACTION_CHOICES, MoneyAnswer, SupervisionFlag, is_dissatisfied
from .common import require_case_scope, timeline


def flags_raise(
    *,
    actor,
    case,
    handler_id,
    money: str,
    satisfaction: int | None,
    comments: str,
    source: str,
    visit=None,
    response=None,
) -> list[SupervisionFlag]:
    """The flags an answer calls for (from a visit or a card); each is recorded as raised by `actor`."""
    where = SupervisionFlag.Source(source).label
    details = []
    if MoneyAnswer.raises_flag(money):
        details.append(
            (
                SupervisionFlag.Kind.MONEY,
                _("%(where)s中受援人反映承办人%(answer)s。") % {"where": where, "answer": MoneyAnswer(money).label},
            )
        )
    if is_dissatisfied(satisfaction):
        details.append(
            (
                SupervisionFlag.Kind.DISSATISFIED,
                _("%(where)s中受援人评价为“%(answer)s”。")
                % {"where": where, "answer": dict(SATISFACTION_CHOICES)[satisfaction]},
            )
        )
    flags = []
    for kind, detail in details:
        flag = SupervisionFlag.objects.create(
            case=case,
            centre_id=case.centre_id,
            handler_id=handler_id,
            kind=kind,
            source=source,
            visit=visit,
            card_response=response,
            detail=f"{detail}{comments}".strip(),
        )
        record_transition(flag, actor=actor, from_status="", to_status=flag.status, reason=flag.detail)
        flags.append(flag)
    return flags


def flag_resolve(flag: SupervisionFlag, *, actor, resolution: str) -> SupervisionFlag:
    require_permission(actor, "supervision.resolve_flag")
    resolution = (resolution or "").strip()
    if not resolution:
        raise DomainError(_("请填写处理情况。"), field="resolution")
    with transaction.atomic():
        flag = locked(flag)
        require_case_scope(actor, flag.case)
        if flag.status != SupervisionFlag.Status.OPEN:
            raise DomainError(_("该预警已处理。"))
        flag.resolved_by = actor
        flag.resolved_at = timezone.now()
        flag.resolution = resolution
        transition(
            flag,
            to=SupervisionFlag.Status.RESOLVED,
            actor=actor,
            reason=resolution,
            fields=("resolved_by", "resolved_at", "resolution"),
        )
        timeline(
            flag.case,
            actor=actor,
            text=_("处理监督预警(%(kind)s)：%(resolution)s")
            % {"kind": flag.get_kind_display(), "resolution": resolution},
        )
    return flag

"""What every cases service shares: the scope check through `cases.selectors`, the handler check,
timeline rows, and the small input checks (dates not in the future, money)."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _

from legalaid.errors import DomainError
from legalaid.kernel import require_permission, require_scope
from legalaid.kernel.actors import actor_kind, actor_user
from legalaid.models import Organisation

from .. import rules, selectors
from ..models import Case, CaseEvent


def case_in_scope(actor, case: Case) -> None:
    require_scope(actor, case, selectors.cases_for_user, _("该案件不在您的管辖范围内。"))


def refuse(reason: str | None) -> None:
    """Raise the refusal a predicate found (None: allowed)."""
    if reason:
        raise DomainError(reason)


def status_refusal(case: Case, action: str) -> str:
    return _("案件 %(number)s 当前状态为“%(status)s”，不能%(action)s。") % {
        "number": case.number,
        "status": case.get_status_display(),
        "action": action,
    }


def handler_refusal(case: Case, actor, action: str) -> str | None:
    """Only the case's own handler does the handler's work."""
    if case.handler_id is None or case.handler_id != actor.pk:
        return _("只有本案承办人才能%(action)s。") % {"action": action}
    return None


def require_handler(actor, case: Case, action: str) -> None:
    require_permission(actor, "cases.handle_case")
    refuse(handler_refusal(case, actor, action))


def check_centre(actor, centre: Organisation) -> None:
    if not centre.is_centre:
        raise DomainError(_("案件只能由法律援助中心受理。"), field="centre")
    if not selectors.centres_for_user(actor).filter(pk=centre.pk).exists():
        raise DomainError(_("您不能为该中心受理案件。"), field="centre")


def event(case: Case, *, actor, kind: str, text: str, **fields) -> CaseEvent:
    """A row on the case's timeline, naming who acted (a user, the system or the public)."""
    return CaseEvent.objects.create(
        case=case, kind=kind, actor=actor_user(actor), actor_kind=actor_kind(actor), text=text, **fields
    )


def today() -> date:
    return timezone.localdate()


def not_future(value: date, label: str, field: str) -> None:
    if value > today():
        raise DomainError(_("%(label)s不能晚于今天。") % {"label": label}, field=field)


def money(value, field: str) -> Decimal:
    not_a_number = _("金额必须是数字，如 12000 或 12000.50。")
    try:
        amount = Decimal(str(value).replace(",", "").strip() or "0")
    except (InvalidOperation, ValueError) as exc:
        raise DomainError(not_a_number, field=field) from exc
    if not amount.is_finite():
        raise DomainError(not_a_number, field=field)
    if amount < 0:
        raise DomainError(_("金额不能为负数。"), field=field)
    if amount != amount.quantize(rules.CENT):
        raise DomainError(_("金额最多保留两位小数(精确到分)。"), field=field)
    if amount >= Decimal("1000000000000"):
        raise DomainError(_("金额过大，请核对。"), field=field)
    return amount


def day_label(day: date) -> str:
    return day.strftime("%Y-%m-%d")

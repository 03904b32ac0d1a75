"""Recovery of the cost of aid obtained by deception, and the fine (LAL 64)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from intake.selectors import applications_for_user
from legalaid.errors import DomainError
from legalaid.kernel import locked, require_permission, require_scope, transition

from ..models import Recovery
from .common import domain_error


def recovery_update(
    recovery: Recovery,
    *,
    actor,
    status: str,
    notes: str = "",
    cost_amount: Decimal | None = None,
    fine_amount: Decimal | None = None,
) -> Recovery:
    """Record how the recovery stands; a change of status is written to its history."""
    require_permission(actor, "eligibility.change_recovery")
    require_scope(actor, recovery.application, applications_for_user)
    if status not in Recovery.Status.values:
        raise DomainError(_("未知的追缴状态。"), field="status")
    with transaction.atomic():
        recovery = locked(recovery)
        recovery.notes = (notes or "").strip()
        recovery.cost_amount = cost_amount
        recovery.fine_amount = fine_amount
        try:
            recovery.full_clean(exclude=["status"])
        except ValidationError as error:
            raise domain_error(error) from None
        fields = ("notes", "cost_amount", "fine_amount")
        if status != recovery.status:
            transition(recovery, to=status, actor=actor, reason=recovery.notes, fields=fields)
        else:
            recovery.save(update_fields=fields)
    return recovery

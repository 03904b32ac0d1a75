"""Legal-aid cards (法律援助卡): issuing and revoking; a valid card proves the `legal_aid_card` waiver."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from legalaid.errors import DomainError
from legalaid.kernel import actor_user, locked, record_transition, require_permission, require_scope, transition
from legalaid.models import Organisation
from legalaid.selectors import visible_organisations
from legalaid.validators import normalise_id_number

from ..models import LegalAidCard
from ..selectors import cards_for_user
from .common import domain_error, next_number

CARD_VALIDITY_YEARS = 3


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def card_issue(
    *,
    actor,
    centre: Organisation,
    holder_name: str,
    holder_id_number: str,
    group: str,
    proof_document: str,
    group_detail: str = "",
    holder_phone: str = "",
    holder_address: str = "",
    issued_on: date | None = None,
    valid_until: date | None = None,
) -> LegalAidCard:
    """Issue a legal-aid card to a person of a card group; one valid card per person."""
    require_permission(actor, "eligibility.add_legalaidcard")
    if not centre.is_centre:
        raise DomainError(_("法律援助卡只能由法律援助中心发放。"), field="issuing_centre")
    require_scope(actor, centre, visible_organisations)
    issued_on = issued_on or timezone.localdate()
    valid_until = valid_until or _add_years(issued_on, CARD_VALIDITY_YEARS) - timedelta(days=1)
    holder_id_number = normalise_id_number(holder_id_number)
    if group == LegalAidCard.Group.OTHER and not group_detail.strip():
        raise DomainError(_("发给其他困难群体时，请说明类别。"), field="group_detail")
    with transaction.atomic():
        existing = (
            LegalAidCard.objects.select_for_update()
            .filter(holder_id_number=holder_id_number, status=LegalAidCard.Status.ACTIVE, valid_until__gte=issued_on)
            .first()
        )
        if existing is not None:
            raise DomainError(
                _("该身份证号码已有有效的法律援助卡(%(number)s，有效期至 %(until)s)。")
                % {"number": existing.number, "until": existing.valid_until.isoformat()},
                field="holder_id_number",
            )
        serial = next_number(centre, "card", issued_on.year)
        card = LegalAidCard(
            number=f"{centre.division_code}-{issued_on.year}-{serial:05d}",
            holder_name=holder_name.strip(),
            holder_id_number=holder_id_number,
            holder_phone=holder_phone.strip(),
            holder_address=holder_address.strip(),
            group=group,
            group_detail=group_detail.strip(),
            proof_document=proof_document.strip(),
            issuing_centre=centre,
            issued_on=issued_on,
            valid_until=valid_until,
            issued_by=actor_user(actor),
        )
        try:
            card.full_clean()
        except ValidationError as error:
            raise domain_error(error) from None
        card.save()
        record_transition(card, actor=actor, from_status="", to_status=card.status)
    return card


def card_revoke_refusal(card: LegalAidCard) -> str | None:
    """Why this card may not be revoked (None: it may)."""
    if card.status != LegalAidCard.Status.ACTIVE:
        return _("该卡已注销。")
    return None


def card_revoke(card: LegalAidCard, *, actor, reason: str, revoked_on: date | None = None) -> LegalAidCard:
    require_permission(actor, "eligibility.revoke_legalaidcard")
    require_scope(actor, card, cards_for_user)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("请填写注销理由。"), field="reason")
    with transaction.atomic():
        card = locked(card)
        refusal = card_revoke_refusal(card)
        if refusal:
            raise DomainError(refusal)
        card.revoked_on = revoked_on or timezone.localdate()
        card.revoked_by = actor_user(actor)
        card.revocation_reason = reason
        transition(
            card,
            to=LegalAidCard.Status.REVOKED,
            actor=actor,
            reason=reason,
            fields=("revoked_on", "revoked_by", "revocation_reason"),
        )
    return card

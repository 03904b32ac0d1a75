"""Pledge spot-checks (LAL 41): the monthly random draw of pledge-based grants and their verification;
a false pledge opens a recovery (LAL 64) and flags the aid for termination (LAL 48)."""

import math
import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

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
from legalaid.models import Organisation

from .. import engine
from ..models import Decision, PledgeSpotCheck, Recovery, SpotCheckDraw
from ..selectors import spot_check_policy_on, spot_checks_for_user


def month_start(day: date) -> date:
    return day.replace(day=1)


def previous_month(today: date) -> date:
    return month_start(month_start(today) - timedelta(days=1))


def pledge_grants(centre: Organisation, period: date):
    """Grants in the month that rested on the integrity pledge (means-tested, eligible)."""
    end = month_start(period + timedelta(days=32))
    return Decision.objects.filter(
        centre=centre,
        granted=True,
        status=Decision.Status.IN_FORCE,
        assessment__outcome=engine.Outcome.ELIGIBLE,
        assessment__integrity_pledge=True,
        decided_at__date__gte=period,
        decided_at__date__lt=end,
    ).order_by("pk")


def spot_checks_draw(
    centre: Organisation, period: date, *, actor, rng: random.Random | None = None
) -> SpotCheckDraw | None:
    """Draw the month's random sample of pledge-based grants; a second run for the same month draws nothing.

    The monthly beat job draws as the system; each check drawn starts its history as "pending".
    """
    require_permission(actor, "eligibility.verify_pledge")
    period = month_start(period)
    policy = spot_check_policy_on(period)
    if policy is None:
        return None
    rng = rng or random.SystemRandom()
    try:
        with transaction.atomic():
            draw = SpotCheckDraw.objects.create(centre=centre, period=period, share_percent=policy.share_percent)
            decisions = list(pledge_grants(centre, period).exclude(spot_check__isnull=False))
            size = 0
            if policy.share_percent:
                wanted = max(policy.minimum_count, math.ceil(len(decisions) * policy.share_percent / Decimal(100)))
                size = min(len(decisions), wanted)
            reason = _("随机抽取 %(period)s 依诚信承诺给予援助的决定") % {"period": period.strftime("%Y-%m")}
            for decision in rng.sample(decisions, size):
                check = PledgeSpotCheck.objects.create(draw=draw, decision=decision)
                record_transition(check, actor=actor, from_status="", to_status=check.status, reason=reason)
            draw.population = len(decisions)
            draw.save(update_fields=["population"])
    except IntegrityError:
        return None  # already drawn for this centre and month
    return draw


def draw_monthly_spot_checks(today: date | None = None) -> int:
    """Monthly: draw last month's sample at every centre, as the system. Idempotent: one draw per (centre, month)."""
    period = previous_month(today or timezone.localdate())
    drawn = 0
    for centre in Organisation.objects.filter(kind__in=Organisation.CENTRE_KINDS, is_active=True):
        drawn += spot_checks_draw(centre, period, actor=SYSTEM) is not None
    return drawn


def spot_check_record_refusal(check: PledgeSpotCheck) -> str | None:
    """Why no result may be recorded on this check (None: it may)."""
    if check.status != PledgeSpotCheck.Status.PENDING:
        return _("该抽查已登记结果。")
    return None


def spot_check_record(
    check: PledgeSpotCheck, *, actor, truthful: bool, findings: str, cost_amount: Decimal | None = None
) -> PledgeSpotCheck:
    """Record the verification of a pledge; a false one opens a recovery record (LAL 64) and, through
    the outbox, a termination proposal on the aided person's case (LAL 48) for the centre to decide."""
    require_permission(actor, "eligibility.verify_pledge")
    require_scope(actor, check, spot_checks_for_user)
    findings = (findings or "").strip()
    if not findings:
        raise DomainError(_("请填写核查情况。"), field="findings")
    with transaction.atomic():
        check = locked(check)
        refusal = spot_check_record_refusal(check)
        if refusal:
            raise DomainError(refusal)
        check.findings = findings
        check.checked_by = actor_user(actor)
        check.checked_at = timezone.now()
        transition(
            check,
            to=PledgeSpotCheck.Status.CONFIRMED if truthful else PledgeSpotCheck.Status.FALSE_PLEDGE,
            actor=actor,
            reason=findings,
            fields=("findings", "checked_by", "checked_at"),
            at=check.checked_at,
        )
        if not truthful:
            recovery = Recovery.objects.create(
                application=check.decision.application,
                spot_check=check,
                grounds=findings,
                cost_amount=cost_amount,
                created_by=actor_user(actor),
            )
            record_transition(recovery, actor=actor, from_status="", to_status=recovery.status, reason=findings)
            # The cases stage proposes the termination on the aided person's case (by name: no import).
            outbox.enqueue(
                "cases.tasks.propose_termination_for_false_pledge", check.pk, key=f"spot-check:{check.pk}:terminate"
            )
    return check

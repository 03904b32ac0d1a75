"""Subsidy rules with no database: which standard applies, and what a quality grade takes off.

The rows themselves (standards, extras) are effective-dated data edited in admin; these
functions only choose among them and do the Decimal arithmetic.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol

from django.utils.translation import gettext as _

CENT = Decimal("0.01")


class EffectiveRow(Protocol):
    division_code: str
    effective_from: date
    effective_to: date | None


def region_chain(division_code: str) -> list[str]:
    """County, then city, then province: 340422 → 340422, 340400, 340000."""
    code = (division_code or "")[:6]
    chain = []
    for candidate in (code, code[:4] + "00", code[:2] + "0000"):
        if len(candidate) == 6 and candidate not in chain:
            chain.append(candidate)
    return chain


def in_force(row: EffectiveRow, on: date) -> bool:
    return row.effective_from <= on and (row.effective_to is None or row.effective_to >= on)


def pick_standard(rows, *, division_code: str, case_type: str, criminal_stage: str, on: date):
    """The most specific standard in force: nearest region first, then the exact stage over "all stages"."""
    for code in region_chain(division_code):
        found = [
            row
            for row in rows
            if row.division_code == code
            and row.case_type == case_type
            and row.criminal_stage in (criminal_stage, "")
            and in_force(row, on)
        ]
        if found:
            return max(found, key=lambda row: (row.criminal_stage == criminal_stage, row.effective_from))
    return None


def pick_extra(rows, *, division_code: str, kind: str, on: date):
    for code in region_chain(division_code):
        found = [row for row in rows if row.division_code == code and row.kind == kind and in_force(row, on)]
        if found:
            return max(found, key=lambda row: row.effective_from)
    return None


@dataclass(frozen=True)
class QualityRule:
    """What supervision asks for a graded file: nothing, a reduction by a percentage, or withholding."""

    action: str = "none"  # "none", "reduce", "withhold"
    percent: Decimal | None = None


def quality_adjustment(total: Decimal, rule: QualityRule) -> Decimal:
    """The (zero or negative) amount to add to the subsidy."""
    if rule.action == "withhold":
        return -total
    if rule.action == "reduce":
        percent = Decimal(rule.percent or 0)
        if not Decimal("0") <= percent <= Decimal("100"):
            raise ValueError(_("扣减比例必须在 0 到 100 之间。"))
        return -(total * percent / Decimal("100")).quantize(CENT, rounding=ROUND_HALF_UP)
    if rule.action == "none":
        return Decimal("0.00")
    raise ValueError(_("未知的质量处理方式：%(action)s") % {"action": rule.action})

"""Reads for eligibility. Rule lookups are public (any stage may show them); records are scoped."""

from datetime import date

from .models import HardshipStandard, MatterScope, WaiverCategory
from .rulebook import RuleBook


def standard_for(division_code: str, on_date: date) -> HardshipStandard | None:
    """The hardship standard in force for a division on a date (township → county → city → province)."""
    return RuleBook.load().standard_for(division_code, on_date)


def matter_in_scope(matter_code: str, division_code: str, on_date: date) -> bool:
    """Whether a civil or administrative matter is in scope in a division on a date."""
    return RuleBook.load().matter_in_scope(matter_code, division_code, on_date)


def scope_rules_on(division_code: str, on_date: date) -> list[MatterScope]:
    return RuleBook.load().scope_rules(division_code, on_date)


def waiver_categories_on(division_code: str, on_date: date, *, matter_code: str | None = None) -> list[WaiverCategory]:
    """Waiver categories in force in a division on a date; with `matter_code`, only those valid for it."""
    categories = RuleBook.load().waivers_on(division_code, on_date)
    if matter_code is not None:
        categories = [c for c in categories if not c.matters.all() or matter_code in {m.code for m in c.matters.all()}]
    return categories


def waiver_category(code: str, division_code: str, on_date: date) -> WaiverCategory | None:
    """The row of a waiver category code in force in a division on a date, or None."""
    return next((c for c in RuleBook.load().waivers_on(division_code, on_date) if c.code == code), None)

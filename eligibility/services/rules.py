"""Rule changes: a new hardship standard, and what a proposed standard would change (the what-if)."""

from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from legalaid.directory.rules import RulePreview, RuleTable, register
from legalaid.documents.typography import chinese_date
from legalaid.kernel import require_permission

from .. import engine
from ..models import HardshipStandard, MeansAssessment, WaiverCategory
from ..regions import division_chain, region_prefix
from ..rulebook import RuleBook
from .common import domain_error


def standard_create(*, actor, **fields) -> HardshipStandard:
    require_permission(actor, "eligibility.add_hardshipstandard")
    standard = HardshipStandard(**fields)
    try:
        standard.full_clean()
    except ValidationError as error:
        raise domain_error(error) from None
    with transaction.atomic():
        standard.save()
    return standard


@dataclass(frozen=True)
class WhatIfRow:
    application_number: str
    application_id: int
    before: str
    after: str
    per_capita_income: Decimal | None


@dataclass(frozen=True)
class WhatIf:
    """How the past 12 months' applications in a region would fare under a proposed standard."""

    since: date
    considered: int
    changed: int
    newly_eligible: int
    newly_ineligible: int
    rows: tuple[WhatIfRow, ...]

    @property
    def unchanged(self) -> int:
        return self.considered - self.changed


def standard_whatif(candidate: HardshipStandard, *, today: date | None = None, limit: int = 50) -> WhatIf:
    """Re-run the means test of the past 12 months' applications in the candidate's region.

    An application counts when the candidate would be the standard it is measured against: the
    candidate's division is on its fallback chain and no more specific standard was used for it.
    Each is decided twice on the same facts and the same scope and waiver rules, once with the
    standard it was assessed against and once with the candidate, so only the line's effect shows.
    """
    today = today or timezone.localdate()
    since = today - timedelta(days=365)
    code = candidate.division_code
    book = RuleBook.load()
    assessments = (
        MeansAssessment.objects.filter(region_code__startswith=region_prefix(code), application_date__gte=since)
        .select_related("application")
        .order_by("application_id", "-assessed_at", "-pk")
    )
    considered = changed = to_eligible = to_ineligible = 0
    rows: list[WhatIfRow] = []
    seen: set[int] = set()
    for assessment in assessments:
        if assessment.application_id in seen:
            continue
        seen.add(assessment.application_id)
        chain = division_chain(assessment.region_code)
        if code not in chain:
            continue
        used = (assessment.standard_snapshot or {}).get("division_code")
        if used in chain and chain.index(used) < chain.index(code):
            continue  # a more specific standard applies to this application
        considered += 1
        rules = book.rules_for(assessment.region_code, assessment.application_date)
        snapshot_limit = (assessment.standard_snapshot or {}).get("asset_limit")
        facts = assessment.facts()
        before = engine.assess(
            facts,
            replace(
                rules,
                standard=assessment.standard_line,
                asset_limit=Decimal(snapshot_limit) if snapshot_limit else None,
            ),
        )
        after = engine.assess(
            facts, replace(rules, standard=candidate.monthly_per_capita_line, asset_limit=candidate.asset_limit)
        )
        if before.outcome == after.outcome:
            continue
        changed += 1
        to_eligible += after.outcome == engine.Outcome.ELIGIBLE
        to_ineligible += after.outcome == engine.Outcome.INELIGIBLE
        if len(rows) < limit:
            rows.append(
                WhatIfRow(
                    assessment.application.number,
                    assessment.application_id,
                    gettext(engine.OUTCOME_LABELS[before.outcome]),
                    gettext(engine.OUTCOME_LABELS[after.outcome]),
                    after.per_capita_income,
                )
            )
    return WhatIf(since, considered, changed, to_eligible, to_ineligible, tuple(rows))


def standard_preview(candidate: HardshipStandard) -> RulePreview:
    """The what-if above as the directors' rule pages show it."""
    whatif = standard_whatif(candidate)
    summary = gettext(
        "自%(since)s以来本地区的%(considered)s件申请中，按新标准结论改变的有%(changed)s件"
        "（变为符合%(eligible)s件，变为不符合%(ineligible)s件）。"
    ) % {
        "since": chinese_date(whatif.since),
        "considered": whatif.considered,
        "changed": whatif.changed,
        "eligible": whatif.newly_eligible,
        "ineligible": whatif.newly_ineligible,
    }
    header = (gettext("申请编号"), gettext("原结论"), gettext("新结论"), gettext("家庭人均月收入（元）"))
    rows = [(row.application_number, row.before, row.after, row.per_capita_income) for row in whatif.rows]
    return RulePreview(summary, header, rows)


# The rules a centre director keeps for their region on the directory's rule pages.
register(
    RuleTable(
        key="hardship-standards",
        title=_("经济困难标准"),
        model=HardshipStandard,
        region_field="division_code",
        fields=("monthly_per_capita_line", "minimum_allowance_base", "multiple", "asset_limit", "legal_basis"),
        what_if=standard_preview,
    )
)
register(
    RuleTable(
        key="waiver-categories",
        title=_("免审类别"),
        model=WaiverCategory,
        region_field="region_code",
        fields=("name", "legal_basis", "proof_document", "is_local", "sort_order"),
        carried_m2m=("matters",),
    )
)

"""The effective-dated rules held in memory, resolved for a region and a date into the engine's `Rules`.

The tables are small (a few hundred rows at most), so one `RuleBook.load()` reads them all in four
queries and every later lookup is plain Python: the command can decide 10,000 applications, and
the what-if can re-run a year of assessments, without a query per item.
"""

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from legalaid.models import MatterCategory

from . import engine
from .models import HardshipStandard, MatterScope, WaiverCategory
from .regions import division_chain, province_of


@dataclass(frozen=True)
class Resolution:
    """The rules for one region and date, and the rows they came from (for the snapshot)."""

    rules: engine.Rules
    standard: HardshipStandard | None


class RuleBook:
    def __init__(
        self,
        standards: list[HardshipStandard],
        scopes: list[MatterScope],
        waivers: list[WaiverCategory],
        matter_names: dict[str, str],
    ):
        self.standards_by_division: dict[str, list[HardshipStandard]] = defaultdict(list)
        for standard in standards:
            self.standards_by_division[standard.division_code].append(standard)
        self.scopes = scopes
        self.waivers = sorted(waivers, key=lambda w: (w.sort_order, w.code))
        self.matter_names = matter_names
        self.waiver_codes = frozenset(w.code for w in waivers)
        # Built once: reading a prefetched many-to-many per lookup is what would make 10,000 checks slow.
        self.matters_of_waiver = {w.pk: frozenset(m.code for m in w.matters.all()) for w in waivers}
        # Between two consecutive boundary dates no row starts or ends, so the rules of a region are
        # the same on every day of the interval: resolutions are cached per (region, interval).
        rows = [*standards, *scopes, *waivers]
        self.boundaries = sorted(
            {r.effective_from for r in rows} | {r.effective_to + timedelta(days=1) for r in rows if r.effective_to}
        )
        self._cache: dict[tuple[str, int], Resolution] = {}

    @classmethod
    def load(cls) -> "RuleBook":
        return cls(
            standards=list(HardshipStandard.objects.all()),
            scopes=list(MatterScope.objects.select_related("matter")),
            waivers=list(WaiverCategory.objects.prefetch_related("matters")),
            matter_names=dict(MatterCategory.objects.values_list("code", "name")),
        )

    # -- lookups ---------------------------------------------------------------------------

    def standard_for(self, region_code: str, day: date) -> HardshipStandard | None:
        """The most specific standard in force: township, then county, city, province."""
        for code in division_chain(region_code):
            for standard in self.standards_by_division.get(code, ()):
                if standard.covers(day):
                    return standard
        return None

    def scope_rules(self, region_code: str, day: date) -> list[MatterScope]:
        province = province_of(region_code)
        return [s for s in self.scopes if s.province_code in ("", province) and s.covers(day)]

    def matter_in_scope(self, matter_code: str, region_code: str, day: date) -> bool:
        return matter_code in self.resolve(region_code, day).rules.matters_in_scope

    def waivers_on(self, region_code: str, day: date) -> list[WaiverCategory]:
        return [w for w in self.waivers if w.covers(day) and w.applies_in(region_code)]

    def resolve(self, region_code: str, day: date) -> Resolution:
        key = (region_code, bisect_right(self.boundaries, day))
        if key not in self._cache:
            self._cache[key] = self._resolve(region_code, day)
        return self._cache[key]

    def _resolve(self, region_code: str, day: date) -> Resolution:
        scopes = self.scope_rules(region_code, day)
        standard = self.standard_for(region_code, day)
        rules = engine.Rules(
            matters_in_scope=frozenset(s.matter.code for s in scopes),
            no_means_test_matters=frozenset(s.matter.code for s in scopes if not s.means_test_required),
            waivers=tuple(
                engine.Waiver(w.code, w.name, self.matters_of_waiver[w.pk]) for w in self.waivers_on(region_code, day)
            ),
            standard=standard.monthly_per_capita_line if standard else None,
            asset_limit=standard.asset_limit if standard else None,
            matter_names=self.matter_names,
        )
        return Resolution(rules, standard)

    def rules_for(self, region_code: str, day: date, *, standard_override: Decimal | None = None) -> engine.Rules:
        rules = self.resolve(region_code, day).rules
        if standard_override is None:
            return rules
        # An explicit line replaces the looked-up standard, and with it any asset rule it carried.
        return replace(rules, standard=standard_override, asset_limit=None)

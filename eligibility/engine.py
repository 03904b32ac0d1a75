"""The means-test engine: facts in, decision with reasons out.

A pure function with no database and no Django: the caller looks up what the region's data says
on the application date (scope, waiver categories, the hardship standard) and passes it as
`Rules`; the engine applies the law's order of checks (法律援助法 arts. 24-34, 41, 42):

1. out_of_scope   a civil or administrative matter not in scope for the region on that date
                  (criminal matters are always in scope);
2. no_means_test  a matter the law exempts from the means condition (LAL 32);
3. waived         a proven waiver category valid for the matter (LAL 42 and local rules);
4. eligible / ineligible
                  household monthly income / household size, rounded half-up to cents, at or
                  below the standard; eligibility rests on the signed integrity pledge (LAL 41);
5. incomplete     facts the next check needs are missing (all listed at once).

Money is Decimal throughout; nothing here ever touches a float.

Reasons are written in Chinese, the language of the decision letter, and each keeps its template and
values (`Reason.template`, `Reason.params`) so a page can show it in the reader's language. The
templates are marked with `gettext_noop` (a plain function here: the engine imports nothing from
Django) so that the app's message catalogue collects them.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

CENT = Decimal("0.01")
CRIMINAL = "criminal"
CASE_TYPES = frozenset({"criminal", "civil", "administrative", "non_litigation", "labour_arbitration"})


def gettext_noop(message: str) -> str:
    """Marks a message for the catalogue; translation happens where it is shown."""
    return message


SEPARATOR = gettext_noop("、")


class Outcome(StrEnum):
    OUT_OF_SCOPE = "out_of_scope"
    NO_MEANS_TEST = "no_means_test"
    WAIVED = "waived"
    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"
    INCOMPLETE = "incomplete"


OUTCOME_LABELS = {
    Outcome.OUT_OF_SCOPE: gettext_noop("不属于法律援助事项范围"),
    Outcome.NO_MEANS_TEST: gettext_noop("不受经济困难条件限制"),
    Outcome.WAIVED: gettext_noop("免予核查经济困难状况"),
    Outcome.ELIGIBLE: gettext_noop("符合经济困难标准"),
    Outcome.INELIGIBLE: gettext_noop("不符合经济困难标准"),
    Outcome.INCOMPLETE: gettext_noop("材料不全，尚不能判断"),
}

# The outcomes on which legal aid may be granted.
FAVOURABLE = frozenset({Outcome.NO_MEANS_TEST, Outcome.WAIVED, Outcome.ELIGIBLE})

# Names of the facts, for reasons and error messages.
FACT_LABELS = {
    "case_type": gettext_noop("案件类型"),
    "matter": gettext_noop("申请事项"),
    "household_size": gettext_noop("家庭人口数"),
    "household_monthly_income": gettext_noop("家庭月收入"),
    "household_assets": gettext_noop("家庭财产"),
    "standard": gettext_noop("经济困难标准"),
    "integrity_pledge": gettext_noop("经济困难状况诚信承诺"),
}


def rank(outcome: Outcome) -> int:
    """How good an outcome is for the applicant: aid possible 2, undecided 1, refused 0."""
    if outcome in FAVOURABLE:
        return 2
    if outcome == Outcome.INCOMPLETE:
        return 1
    return 0


def per_capita(income: Decimal, size: int) -> Decimal:
    """Per-capita monthly income, rounded half-up to cents."""
    return (Decimal(income) / Decimal(size)).quantize(CENT, rounding=ROUND_HALF_UP)


def money(value: Decimal) -> str:
    return f"{Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)}"


@dataclass(frozen=True)
class Waiver:
    """A waiver category valid on the application date; `matters` empty means every matter."""

    code: str
    name: str = ""
    matters: frozenset[str] = frozenset()

    def applies_to(self, matter: str | None) -> bool:
        return not self.matters or matter in self.matters


@dataclass(frozen=True)
class Rules:
    """What the region's data says on the application date."""

    matters_in_scope: frozenset[str] = frozenset()
    no_means_test_matters: frozenset[str] = frozenset()
    waivers: tuple[Waiver, ...] = ()
    standard: Decimal | None = None
    asset_limit: Decimal | None = None  # set only where the region's rule also tests assets
    matter_names: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Facts:
    case_type: str | None
    matter: str | None = None
    categories: frozenset[str] = frozenset()  # codes of categories whose proof was seen
    household_size: int | None = None
    household_monthly_income: Decimal | None = None
    household_assets: Decimal | None = None
    integrity_pledge: bool = False

    def __post_init__(self):
        if self.household_size is not None and self.household_size < 1:
            raise ValueError("household_size must be at least 1")
        for name in ("household_monthly_income", "household_assets"):
            value = getattr(self, name)
            if value is not None and Decimal(value) < 0:
                raise ValueError(f"{name} must not be negative")


class Reason(str):
    """One reason, as the Chinese text it reads, remembering its template and values for translation.

    A value that is a list holds fact codes (see FACT_LABELS), shown by their names.
    """

    template: str
    params: dict

    def __new__(cls, template: str, **params):
        reason = super().__new__(cls, render_reason(template, params))
        reason.template = template
        reason.params = params
        return reason


def render_reason(template: str, params: dict, translate=lambda message: message) -> str:
    values = {
        key: translate(SEPARATOR).join(translate(FACT_LABELS.get(code, code)) for code in value)
        if isinstance(value, list)
        else value
        for key, value in params.items()
    }
    return translate(template) % values


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    basis: str | None = None
    per_capita_income: Decimal | None = None
    standard: Decimal | None = None
    reasons: tuple[Reason, ...] = ()
    missing: tuple[str, ...] = ()

    @property
    def favourable(self) -> bool:
        return self.outcome in FAVOURABLE

    @property
    def label(self) -> str:
        return OUTCOME_LABELS[self.outcome]

    def as_dict(self) -> dict:
        """The JSON shape of the command's output (amounts as strings)."""
        return {
            "outcome": str(self.outcome),
            "basis": self.basis,
            "per_capita_income": None if self.per_capita_income is None else money(self.per_capita_income),
            "standard": None if self.standard is None else money(self.standard),
            "reasons": list(self.reasons),
        }


def _name(rules: Rules, matter: str | None) -> str:
    return rules.matter_names.get(matter, matter)


def _incomplete(reasons: list[Reason], missing: Iterable[str], standard: Decimal | None = None) -> Decision:
    missing = tuple(missing)
    reasons.append(Reason(gettext_noop("尚缺少以下情况，无法作出判断：%(facts)s。"), facts=list(missing)))
    return Decision(Outcome.INCOMPLETE, standard=standard, reasons=tuple(reasons), missing=missing)


def in_scope(case_type: str | None, matter: str | None, rules: Rules) -> bool:
    """Criminal matters are always in scope (LAL 24, 29); others when the region lists the matter."""
    return case_type == CRIMINAL or (matter is not None and matter in rules.matters_in_scope)


def assess(facts: Facts, rules: Rules) -> Decision:
    reasons: list[Reason] = []
    if not facts.case_type:
        return _incomplete(reasons, ["case_type"])

    # 1. Scope.
    if facts.case_type == CRIMINAL:
        reasons.append(
            Reason(gettext_noop("刑事案件属于法律援助范围(法律援助法第二十四条、第二十九条)，不受事项范围限制。"))
        )
    elif not facts.matter:
        return _incomplete(reasons, ["matter"])
    elif facts.matter not in rules.matters_in_scope:
        reasons.append(
            Reason(
                gettext_noop("申请事项“%(matter)s”不在本地区申请之日适用的法律援助事项范围内。"),
                matter=_name(rules, facts.matter),
            )
        )
        return Decision(Outcome.OUT_OF_SCOPE, reasons=tuple(reasons))
    else:
        reasons.append(
            Reason(gettext_noop("申请事项“%(matter)s”属于法律援助事项范围。"), matter=_name(rules, facts.matter))
        )

    # 2. Matters with no means condition at all.
    if facts.matter and facts.matter in rules.no_means_test_matters:
        reasons.append(
            Reason(
                gettext_noop(
                    "依照《中华人民共和国法律援助法》第三十二条，申请事项“%(matter)s”不受经济困难条件的限制。"
                ),
                matter=_name(rules, facts.matter),
            )
        )
        return Decision(Outcome.NO_MEANS_TEST, basis=facts.matter, reasons=tuple(reasons))

    # 3. Waiver categories, in the order the rules list them.
    valid_codes = {w.code for w in rules.waivers}
    for waiver in rules.waivers:
        if waiver.code not in facts.categories:
            continue
        label = waiver.name or waiver.code
        if waiver.applies_to(facts.matter):
            reasons.append(
                Reason(gettext_noop("申请人属于“%(category)s”，已查验证明材料，免予核查经济困难状况。"), category=label)
            )
            return Decision(Outcome.WAIVED, basis=waiver.code, reasons=tuple(reasons))
        reasons.append(
            Reason(gettext_noop("“%(category)s”类别不适用于本申请事项，不能据此免予核查经济困难状况。"), category=label)
        )
    for code in sorted(facts.categories - valid_codes):
        reasons.append(
            Reason(gettext_noop("类别“%(category)s”在申请之日未生效，不能据此免予核查经济困难状况。"), category=code)
        )

    # 4. Means test.
    standard = rules.standard
    missing = [
        name
        for name, value in (
            ("household_size", facts.household_size),
            ("household_monthly_income", facts.household_monthly_income),
            ("standard", standard),
        )
        if value is None
    ]
    if rules.asset_limit is not None and facts.household_assets is None:
        missing.append("household_assets")
    if missing:
        if not facts.integrity_pledge:
            missing.append("integrity_pledge")
        if "standard" in missing:
            reasons.append(Reason(gettext_noop("本地区在申请之日没有有效的经济困难标准。")))
        return _incomplete(reasons, missing, standard)

    income_per_head = per_capita(facts.household_monthly_income, facts.household_size)
    figures = {
        "income": money(facts.household_monthly_income),
        "size": facts.household_size,
        "per_capita": money(income_per_head),
        "standard": money(standard),
    }
    if income_per_head > standard:
        reasons.append(
            Reason(
                gettext_noop(
                    "家庭月收入 %(income)s 元，家庭人口 %(size)s 人，人均月收入 %(per_capita)s 元，"
                    "高于本地区经济困难标准(人均每月 %(standard)s 元)。"
                ),
                **figures,
            )
        )
        return Decision(Outcome.INELIGIBLE, None, income_per_head, standard, tuple(reasons))
    reasons.append(
        Reason(
            gettext_noop(
                "家庭月收入 %(income)s 元，家庭人口 %(size)s 人，人均月收入 %(per_capita)s 元，"
                "不高于本地区经济困难标准(人均每月 %(standard)s 元)。"
            ),
            **figures,
        )
    )
    if rules.asset_limit is not None:
        if facts.household_assets > rules.asset_limit:
            reasons.append(
                Reason(
                    gettext_noop("家庭财产 %(assets)s 元，超过本地区规定的限额 %(limit)s 元。"),
                    assets=money(facts.household_assets),
                    limit=money(rules.asset_limit),
                )
            )
            return Decision(Outcome.INELIGIBLE, None, income_per_head, standard, tuple(reasons))
        reasons.append(
            Reason(
                gettext_noop("家庭财产 %(assets)s 元，未超过限额 %(limit)s 元。"),
                assets=money(facts.household_assets),
                limit=money(rules.asset_limit),
            )
        )
    if not facts.integrity_pledge:
        reasons.append(Reason(gettext_noop("申请人尚未签署经济困难状况诚信承诺(法律援助法第四十一条)。")))
        return Decision(
            Outcome.INCOMPLETE, None, income_per_head, standard, tuple(reasons), missing=("integrity_pledge",)
        )
    reasons.append(Reason(gettext_noop("申请人已签署经济困难状况诚信承诺(法律援助法第四十一条)。")))
    return Decision(Outcome.ELIGIBLE, None, income_per_head, standard, tuple(reasons))

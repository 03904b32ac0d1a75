"""Property-based tests of the engine (hypothesis): monotone in income, waivers never hurt.

No deadline: timing on a shared, busy machine is not what these test.
"""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from eligibility.engine import CASE_TYPES, Facts, Outcome, Rules, Waiver, assess, per_capita, rank

MATTERS = ["labour", "injury_work", "family", "support", "abuse_victim", "education", "criminal_defence"]
CATEGORIES = ["social_assistance", "migrant_worker", "legal_aid_card", "five_guarantee"]

amounts = st.decimals(min_value=0, max_value=Decimal("1000000"), places=2, allow_nan=False, allow_infinity=False)
optional_amounts = st.none() | amounts


@st.composite
def rule_sets(draw) -> Rules:
    waivers = draw(
        st.lists(
            st.builds(
                Waiver,
                code=st.sampled_from(CATEGORIES),
                matters=st.frozensets(st.sampled_from(MATTERS), max_size=3),
            ),
            max_size=4,
            unique_by=lambda w: w.code,
        )
    )
    return Rules(
        matters_in_scope=draw(st.frozensets(st.sampled_from(MATTERS))),
        no_means_test_matters=draw(st.frozensets(st.sampled_from(MATTERS), max_size=2)),
        waivers=tuple(waivers),
        standard=draw(optional_amounts),
        asset_limit=draw(st.none() | amounts),
    )


@st.composite
def fact_sets(draw) -> Facts:
    return Facts(
        case_type=draw(st.none() | st.sampled_from(sorted(CASE_TYPES))),
        matter=draw(st.none() | st.sampled_from(MATTERS)),
        categories=draw(st.frozensets(st.sampled_from(CATEGORIES), max_size=3)),
        household_size=draw(st.none() | st.integers(min_value=1, max_value=20)),
        household_monthly_income=draw(optional_amounts),
        household_assets=draw(optional_amounts),
        integrity_pledge=draw(st.booleans()),
    )


def with_(facts: Facts, **changes) -> Facts:
    values = {name: getattr(facts, name) for name in facts.__dataclass_fields__}
    values.update(changes)
    return Facts(**values)


@settings(deadline=None)
@given(fact_sets(), rule_sets(), amounts)
def test_more_income_never_turns_ineligible_into_eligible(facts, rules, extra):
    income = facts.household_monthly_income or Decimal("0")
    before = assess(with_(facts, household_monthly_income=income), rules)
    after = assess(with_(facts, household_monthly_income=income + extra), rules)
    if before.outcome == Outcome.INELIGIBLE:
        assert after.outcome != Outcome.ELIGIBLE
        assert after.outcome == Outcome.INELIGIBLE


@settings(deadline=None)
@given(fact_sets(), rule_sets(), amounts)
def test_more_income_never_improves_the_outcome(facts, rules, extra):
    if facts.household_monthly_income is None:
        return
    before = assess(facts, rules)
    after = assess(with_(facts, household_monthly_income=facts.household_monthly_income + extra), rules)
    assert rank(after.outcome) <= rank(before.outcome)


@settings(deadline=None)
@given(fact_sets(), rule_sets(), st.sampled_from(CATEGORIES))
def test_adding_a_valid_waiver_never_makes_the_outcome_worse(facts, rules, code):
    waiver = next((w for w in rules.waivers if w.code == code), None)
    if waiver is None or not waiver.applies_to(facts.matter):
        return
    before = assess(facts, rules)
    after = assess(with_(facts, categories=facts.categories | {code}), rules)
    assert rank(after.outcome) >= rank(before.outcome)
    decided_scope = facts.case_type == "criminal" or (facts.case_type and facts.matter)
    if decided_scope and before.outcome not in (Outcome.OUT_OF_SCOPE, Outcome.NO_MEANS_TEST):
        assert after.outcome == Outcome.WAIVED


@settings(deadline=None)
@given(fact_sets(), rule_sets())
def test_criminal_matters_are_never_out_of_scope(facts, rules):
    assert assess(with_(facts, case_type="criminal"), rules).outcome != Outcome.OUT_OF_SCOPE


@settings(deadline=None)
@given(fact_sets(), rule_sets())
def test_every_decision_has_reasons_and_consistent_fields(facts, rules):
    decision = assess(facts, rules)
    assert decision.reasons
    assert (decision.basis is not None) == (decision.outcome in (Outcome.WAIVED, Outcome.NO_MEANS_TEST))
    if decision.outcome in (Outcome.ELIGIBLE, Outcome.INELIGIBLE):
        assert decision.per_capita_income == per_capita(facts.household_monthly_income, facts.household_size)
        assert decision.standard == rules.standard
    if decision.outcome == Outcome.ELIGIBLE:
        assert decision.per_capita_income <= rules.standard and facts.integrity_pledge
    if decision.outcome == Outcome.INCOMPLETE:
        assert decision.missing


@settings(deadline=None)
@given(amounts, st.integers(min_value=1, max_value=50))
def test_per_capita_is_within_half_a_cent(income, size):
    assert abs(per_capita(income, size) - income / size) <= Decimal("0.005")

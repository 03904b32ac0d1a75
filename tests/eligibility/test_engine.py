"""Every rule of the means-test engine and every boundary. No database."""

from decimal import Decimal

import pytest

from eligibility.engine import (
    FAVOURABLE,
    Decision,
    Facts,
    Outcome,
    Rules,
    Waiver,
    assess,
    per_capita,
    rank,
)

D = Decimal
IN_SCOPE = frozenset({"labour", "injury_work", "family", "support", "abuse_victim", "martyr_personality_rights"})
RULES = Rules(
    matters_in_scope=IN_SCOPE,
    no_means_test_matters=frozenset({"abuse_victim", "martyr_personality_rights"}),
    waivers=(
        Waiver("social_assistance", "社会救助对象"),
        Waiver("migrant_worker", "进城务工人员", frozenset({"labour", "injury_work"})),
        Waiver("legal_aid_card", "法律援助卡持卡人"),
    ),
    standard=D("1000.00"),
    matter_names={"labour": "请求支付劳动报酬", "family": "婚姻家庭纠纷"},
)


def facts(**overrides) -> Facts:
    values = {
        "case_type": "civil",
        "matter": "family",
        "household_size": 3,
        "household_monthly_income": D("2400.00"),
        "integrity_pledge": True,
    }
    values.update(overrides)
    return Facts(**values)


# -- rounding -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("income", "size", "expected"),
    [
        ("1000", 3, "333.33"),
        ("2000", 3, "666.67"),
        ("0.05", 2, "0.03"),  # exactly half a cent rounds up
        ("0.01", 2, "0.01"),
        ("0.03", 2, "0.02"),  # 0.015 → 0.02
        ("0.05", 10, "0.01"),  # 0.005 → 0.01 (banker's rounding would give 0.00)
        ("0.25", 10, "0.03"),  # 0.025 → 0.03 (banker's would give 0.02)
        ("0", 4, "0.00"),
    ],
)
def test_per_capita_rounds_half_up_to_cents(income, size, expected):
    assert per_capita(D(income), size) == D(expected)
    assert str(per_capita(D(income), size)) == expected


# -- 1. scope -------------------------------------------------------------------------------


def test_civil_matter_not_in_scope_is_out_of_scope():
    decision = assess(facts(matter="education"), RULES)
    assert decision.outcome == Outcome.OUT_OF_SCOPE
    assert decision.basis is None and decision.per_capita_income is None and decision.standard is None
    assert "不在本地区申请之日适用的法律援助事项范围内" in decision.reasons[-1]


def test_administrative_matter_not_in_scope_is_out_of_scope():
    assert assess(facts(case_type="administrative", matter="state_compensation"), RULES).outcome == Outcome.OUT_OF_SCOPE


def test_out_of_scope_comes_before_a_waiver():
    decision = assess(facts(matter="education", categories=frozenset({"social_assistance"})), RULES)
    assert decision.outcome == Outcome.OUT_OF_SCOPE


def test_criminal_matter_is_always_in_scope_even_with_no_scope_rows():
    rules = Rules(standard=D("1000"))
    decision = assess(facts(case_type="criminal", matter="criminal_defence"), rules)
    assert decision.outcome == Outcome.ELIGIBLE
    assert "刑事案件属于法律援助范围" in decision.reasons[0]


def test_criminal_without_matter_is_in_scope():
    assert assess(facts(case_type="criminal", matter=None), RULES).outcome == Outcome.ELIGIBLE


def test_in_scope_matter_says_so_in_reasons():
    decision = assess(facts(matter="labour"), RULES)
    assert decision.reasons[0] == "申请事项“请求支付劳动报酬”属于法律援助事项范围。"


# -- 2. no means test (LAL 32) --------------------------------------------------------------


@pytest.mark.parametrize("matter", ["abuse_victim", "martyr_personality_rights"])
def test_lal_32_matter_needs_no_means_test(matter):
    decision = assess(facts(matter=matter, household_monthly_income=D("999999")), RULES)
    assert decision.outcome == Outcome.NO_MEANS_TEST
    assert decision.basis == matter
    assert "第三十二条" in decision.reasons[-1]


def test_no_means_test_needs_no_household_facts():
    decision = assess(Facts(case_type="civil", matter="abuse_victim"), RULES)
    assert decision.outcome == Outcome.NO_MEANS_TEST


def test_no_means_test_matter_out_of_scope_in_region_is_out_of_scope():
    rules = Rules(matters_in_scope=frozenset({"family"}), no_means_test_matters=frozenset({"abuse_victim"}))
    assert assess(facts(matter="abuse_victim"), rules).outcome == Outcome.OUT_OF_SCOPE


def test_no_means_test_comes_before_waiver():
    decision = assess(facts(matter="abuse_victim", categories=frozenset({"social_assistance"})), RULES)
    assert decision.outcome == Outcome.NO_MEANS_TEST


# -- 3. waivers -----------------------------------------------------------------------------


def test_proven_category_waives_the_means_test():
    decision = assess(facts(categories=frozenset({"social_assistance"}), household_monthly_income=D("99999")), RULES)
    assert decision.outcome == Outcome.WAIVED
    assert decision.basis == "social_assistance"
    assert decision.per_capita_income is None
    assert "社会救助对象" in decision.reasons[-1]


def test_waiver_needs_no_household_facts_or_pledge():
    decision = assess(Facts(case_type="civil", matter="family", categories=frozenset({"legal_aid_card"})), RULES)
    assert decision.outcome == Outcome.WAIVED


def test_waiver_restricted_to_matters_applies_to_those_matters():
    decision = assess(facts(matter="injury_work", categories=frozenset({"migrant_worker"})), RULES)
    assert decision.outcome == Outcome.WAIVED and decision.basis == "migrant_worker"


def test_waiver_restricted_to_matters_does_not_apply_to_others():
    decision = assess(facts(matter="family", categories=frozenset({"migrant_worker"})), RULES)
    assert decision.outcome == Outcome.ELIGIBLE
    assert any("不适用于本申请事项" in r for r in decision.reasons)


def test_restricted_waiver_does_not_apply_to_criminal_without_matter():
    decision = assess(facts(case_type="criminal", matter=None, categories=frozenset({"migrant_worker"})), RULES)
    assert decision.outcome == Outcome.ELIGIBLE


def test_category_not_in_force_is_not_a_waiver():
    decision = assess(facts(categories=frozenset({"five_guarantee"})), RULES)
    assert decision.outcome == Outcome.ELIGIBLE
    assert any("“five_guarantee”在申请之日未生效" in r for r in decision.reasons)


def test_basis_is_the_first_valid_category_in_rules_order():
    decision = assess(facts(categories=frozenset({"legal_aid_card", "social_assistance"})), RULES)
    assert decision.basis == "social_assistance"


def test_a_valid_waiver_after_an_inapplicable_one_still_waives():
    rules = Rules(
        matters_in_scope=IN_SCOPE,
        waivers=(Waiver("migrant_worker", matters=frozenset({"labour"})), Waiver("legal_aid_card")),
    )
    decision = assess(facts(matter="family", categories=frozenset({"migrant_worker", "legal_aid_card"})), rules)
    assert decision.outcome == Outcome.WAIVED and decision.basis == "legal_aid_card"


# -- 4. means test --------------------------------------------------------------------------


def test_exactly_at_the_line_is_eligible():
    decision = assess(facts(household_size=3, household_monthly_income=D("3000.00")), RULES)
    assert decision.outcome == Outcome.ELIGIBLE
    assert decision.per_capita_income == D("1000.00")
    assert decision.standard == D("1000.00")


def test_one_cent_over_the_line_is_ineligible():
    decision = assess(facts(household_size=1, household_monthly_income=D("1000.01")), RULES)
    assert decision.outcome == Outcome.INELIGIBLE
    assert decision.per_capita_income == D("1000.01")
    assert "高于本地区经济困难标准" in decision.reasons[-1]


def test_one_cent_under_the_line_is_eligible():
    assert assess(facts(household_size=1, household_monthly_income=D("999.99")), RULES).outcome == Outcome.ELIGIBLE


def test_rounding_decides_at_the_boundary():
    # 3000.01 / 3 = 1000.0033 → 1000.00: at the line after rounding, so eligible.
    decision = assess(facts(household_size=3, household_monthly_income=D("3000.01")), RULES)
    assert decision.per_capita_income == D("1000.00") and decision.outcome == Outcome.ELIGIBLE
    # 3000.02 / 3 = 1000.0067 → 1000.01: one cent over.
    decision = assess(facts(household_size=3, household_monthly_income=D("3000.02")), RULES)
    assert decision.per_capita_income == D("1000.01") and decision.outcome == Outcome.INELIGIBLE


def test_half_cent_rounds_up_over_the_line():
    # 2000.01 / 2 = 1000.005 → 1000.01 (half-up), so one cent over.
    decision = assess(facts(household_size=2, household_monthly_income=D("2000.01")), RULES)
    assert decision.per_capita_income == D("1000.01")
    assert decision.outcome == Outcome.INELIGIBLE


def test_zero_income_is_eligible():
    assert assess(facts(household_monthly_income=D("0")), RULES).outcome == Outcome.ELIGIBLE


def test_reasons_give_the_figures():
    decision = assess(facts(household_size=4, household_monthly_income=D("3000")), RULES)
    assert any("家庭月收入 3000.00 元，家庭人口 4 人，人均月收入 750.00 元" in r for r in decision.reasons)
    assert any("人均每月 1000.00 元" in r for r in decision.reasons)
    assert "诚信承诺" in decision.reasons[-1]


def test_eligible_by_income_without_pledge_is_incomplete():
    decision = assess(facts(integrity_pledge=False), RULES)
    assert decision.outcome == Outcome.INCOMPLETE
    assert decision.missing == ("integrity_pledge",)
    assert decision.per_capita_income == D("800.00")


def test_over_the_line_without_pledge_is_ineligible():
    decision = assess(facts(household_monthly_income=D("9000"), integrity_pledge=False), RULES)
    assert decision.outcome == Outcome.INELIGIBLE


def test_asset_rule_applies_only_where_the_region_sets_it():
    rules = Rules(matters_in_scope=IN_SCOPE, standard=D("1000"), asset_limit=D("50000"))
    assert assess(facts(household_assets=D("50000")), rules).outcome == Outcome.ELIGIBLE
    decision = assess(facts(household_assets=D("50000.01")), rules)
    assert decision.outcome == Outcome.INELIGIBLE
    assert "超过本地区规定的限额" in decision.reasons[-1]
    assert assess(facts(household_assets=D("999999")), RULES).outcome == Outcome.ELIGIBLE


def test_asset_rule_without_assets_is_incomplete():
    rules = Rules(matters_in_scope=IN_SCOPE, standard=D("1000"), asset_limit=D("50000"))
    decision = assess(facts(), rules)
    assert decision.outcome == Outcome.INCOMPLETE and decision.missing == ("household_assets",)


# -- 5. incomplete --------------------------------------------------------------------------


def test_missing_case_type_is_incomplete():
    decision = assess(Facts(case_type=None), RULES)
    assert decision.outcome == Outcome.INCOMPLETE and decision.missing == ("case_type",)


def test_civil_without_matter_is_incomplete():
    decision = assess(facts(matter=None), RULES)
    assert decision.outcome == Outcome.INCOMPLETE and decision.missing == ("matter",)
    assert "申请事项" in decision.reasons[-1]


def test_missing_household_facts_are_all_listed_at_once():
    decision = assess(Facts(case_type="civil", matter="family"), RULES)
    assert decision.outcome == Outcome.INCOMPLETE
    assert decision.missing == ("household_size", "household_monthly_income", "integrity_pledge")
    assert "家庭人口数、家庭月收入、经济困难状况诚信承诺" in decision.reasons[-1]


def test_missing_standard_is_incomplete_and_says_so():
    decision = assess(facts(), Rules(matters_in_scope=IN_SCOPE))
    assert decision.outcome == Outcome.INCOMPLETE
    assert decision.missing == ("standard",)
    assert any("没有有效的经济困难标准" in r for r in decision.reasons)


def test_missing_income_only():
    decision = assess(facts(household_monthly_income=None), RULES)
    assert decision.missing == ("household_monthly_income",)
    assert decision.standard == D("1000.00")


# -- facts are validated --------------------------------------------------------------------


def test_household_size_below_one_is_rejected():
    with pytest.raises(ValueError):
        Facts(case_type="civil", household_size=0)


def test_negative_income_is_rejected():
    with pytest.raises(ValueError):
        Facts(case_type="civil", household_monthly_income=D("-0.01"))


# -- output ---------------------------------------------------------------------------------


def test_as_dict_gives_strings_with_two_decimals():
    decision = assess(facts(household_size=3, household_monthly_income=D("1000")), RULES)
    assert decision.as_dict() == {
        "outcome": "eligible",
        "basis": None,
        "per_capita_income": "333.33",
        "standard": "1000.00",
        "reasons": list(decision.reasons),
    }


def test_rank_orders_outcomes_for_the_applicant():
    assert {o for o in Outcome if rank(o) == 2} == FAVOURABLE
    assert rank(Outcome.INCOMPLETE) == 1
    assert rank(Outcome.INELIGIBLE) == rank(Outcome.OUT_OF_SCOPE) == 0
    assert Decision(Outcome.WAIVED).favourable and not Decision(Outcome.INELIGIBLE).favourable


def test_engine_imports_nothing_from_django():
    import ast
    from pathlib import Path

    import eligibility.engine as module

    tree = ast.parse(Path(module.__file__).read_text())
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not any(name.startswith(("django", "eligibility.models", "legalaid")) for name in imported)

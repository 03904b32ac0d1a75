"""Effective-dated rules: standards with fallback and overlap rejection, scope, waiver categories."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from eligibility import selectors
from eligibility.models import HardshipStandard, MatterScope, PriorityGroup, WaiverCategory
from eligibility.rulebook import RuleBook
from legalaid.models import Division
from tests.eligibility.factories import HardshipStandardFactory, supplementary_scope

pytestmark = pytest.mark.django_db
D = Decimal


def standard(code, line, start, end=None, **extra) -> HardshipStandard:
    row = HardshipStandard(
        division_code=code, monthly_per_capita_line=line, effective_from=start, effective_to=end, **extra
    )
    row.full_clean()
    row.save()
    return row


# -- hardship standards ----------------------------------------------------------------------


def test_lookup_falls_back_township_county_city_province():
    province = standard("340000", D("900"), date(2024, 1, 1))
    city = standard("340400", D("950"), date(2024, 1, 1))
    county = standard("340422", D("1000"), date(2024, 1, 1))
    township = standard("340422101", D("1100"), date(2024, 1, 1))
    book = RuleBook.load()
    day = date(2025, 6, 1)
    assert book.standard_for("340422101", day) == township
    assert book.standard_for("340422102", day) == county
    assert book.standard_for("340421", day) == city
    assert book.standard_for("340421100", day) == city
    assert book.standard_for("341100", day) == province
    assert book.standard_for("320100", day) is None


def test_lookup_respects_effective_dates_and_falls_back_when_a_period_ends():
    standard("340000", D("900"), date(2024, 1, 1))
    standard("340422", D("1000"), date(2024, 1, 1), date(2024, 12, 31))
    standard("340422", D("1200"), date(2025, 3, 1))
    book = RuleBook.load()
    assert book.standard_for("340422", date(2023, 12, 31)) is None
    assert book.standard_for("340422", date(2024, 12, 31)).monthly_per_capita_line == D("1000")
    assert book.standard_for("340422", date(2025, 2, 1)).monthly_per_capita_line == D("900")  # gap: province
    assert book.standard_for("340422", date(2025, 3, 1)).monthly_per_capita_line == D("1200")


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2024, 6, 1), date(2024, 6, 30)),  # inside
        (date(2023, 1, 1), date(2024, 1, 1)),  # touches the first day
        (date(2024, 12, 31), None),  # touches the last day, open ended
        (date(2023, 1, 1), None),  # around
    ],
)
def test_overlapping_periods_for_one_division_are_rejected(start, end):
    standard("340422", D("1000"), date(2024, 1, 1), date(2024, 12, 31))
    row = HardshipStandard(
        division_code="340422", monthly_per_capita_line=D("1"), effective_from=start, effective_to=end
    )
    with pytest.raises(ValidationError) as error:
        row.full_clean()
    assert "有效期重叠" in str(error.value.message_dict["effective_from"])


def test_adjacent_periods_and_other_divisions_do_not_overlap():
    standard("340422", D("1000"), date(2024, 1, 1), date(2024, 12, 31))
    standard("340422", D("1100"), date(2025, 1, 1))
    standard("340421", D("1100"), date(2024, 1, 1))


def test_open_ended_row_blocks_a_later_one_until_it_is_closed():
    first = standard("340422", D("1000"), date(2024, 1, 1))
    with pytest.raises(ValidationError):
        standard("340422", D("1100"), date(2025, 1, 1))
    first.effective_to = date(2024, 12, 31)
    first.full_clean()
    first.save()
    standard("340422", D("1100"), date(2025, 1, 1))


def test_editing_a_row_does_not_overlap_itself():
    row = standard("340422", D("1000"), date(2024, 1, 1))
    row.monthly_per_capita_line = D("1050")
    row.full_clean()


def test_end_before_start_is_rejected():
    row = HardshipStandard(
        division_code="340422",
        monthly_per_capita_line=D("1"),
        effective_from=date(2024, 1, 1),
        effective_to=date(2023, 1, 1),
    )
    with pytest.raises(ValidationError) as error:
        row.full_clean()
    assert "effective_to" in error.value.message_dict


def test_line_as_a_multiple_of_the_minimum_allowance_is_computed_half_up():
    row = standard("340422", None, date(2024, 1, 1), minimum_allowance_base=D("745.00"), multiple=D("1.33"))
    assert row.monthly_per_capita_line == D("990.85")  # 990.85 exactly
    row2 = standard("340421", None, date(2024, 1, 1), minimum_allowance_base=D("735.50"), multiple=D("1.50"))
    assert row2.monthly_per_capita_line == D("1103.25")
    row3 = standard("340402", D("1"), date(2024, 1, 1), minimum_allowance_base=D("700.01"), multiple=D("1.50"))
    assert row3.monthly_per_capita_line == D("1050.02")  # 1050.015 → 1050.02, the product wins


def test_base_without_multiple_is_rejected_and_a_line_is_required():
    row = HardshipStandard(division_code="340422", effective_from=date(2024, 1, 1), minimum_allowance_base=D("700"))
    with pytest.raises(ValidationError) as error:
        row.full_clean()
    assert "multiple" in error.value.message_dict
    row = HardshipStandard(division_code="340422", effective_from=date(2024, 1, 1))
    with pytest.raises(ValidationError) as error:
        row.full_clean()
    assert "monthly_per_capita_line" in error.value.message_dict


@pytest.mark.parametrize("code", ["34042", "990000", "3404221", "34042210a"])
def test_bad_division_codes_are_rejected(code):
    row = HardshipStandard(division_code=code, monthly_per_capita_line=D("1"), effective_from=date(2024, 1, 1))
    with pytest.raises(ValidationError) as error:
        row.full_clean()
    assert "division_code" in error.value.message_dict


def test_division_name_is_filled_from_the_division_table():
    Division.objects.get_or_create(code="340422", defaults={"name": "寿县"})
    assert standard("340422", D("1000"), date(2024, 1, 1)).division_name == "寿县"


def test_history_is_kept():
    row = standard("340422", D("1000"), date(2024, 1, 1))
    row.monthly_per_capita_line = D("1100")
    row.save()
    assert list(row.history.values_list("monthly_per_capita_line", flat=True)) == [D("1100"), D("1000")]


def test_snapshot_keeps_what_a_decision_needs():
    row = standard("340422", None, date(2024, 1, 1), minimum_allowance_base=D("700"), multiple=D("1.5"))
    snap = row.snapshot()
    assert snap["monthly_per_capita_line"] == "1050.00"
    assert snap["minimum_allowance_base"] == "700.00" and snap["multiple"] == "1.50"
    assert snap["effective_from"] == "2024-01-01" and snap["effective_to"] is None


# -- matter scope ----------------------------------------------------------------------------


def test_statutory_scope_is_seeded_for_every_province():
    day = date(2026, 3, 1)
    for code in ["state_compensation", "labour", "injury_traffic", "environment", "abuse_victim"]:
        assert selectors.matter_in_scope(code, "340422", day)
        assert selectors.matter_in_scope(code, "110101", day)
    assert not selectors.matter_in_scope("labour", "340422", date(2021, 12, 31))  # before the law


def test_lal_32_matters_are_seeded_without_means_test():
    rows = MatterScope.objects.filter(means_test_required=False)
    assert set(rows.values_list("matter__code", flat=True)) == {
        "martyr_personality_rights",
        "bravery_civil_claim",
        "retrial_state_compensation",
        "abuse_victim",
    }


def test_supplementary_matter_is_in_scope_only_in_its_province_and_period():
    supplementary_scope("family", "340000", effective_from=date(2024, 1, 1), effective_to=date(2025, 12, 31))
    assert selectors.matter_in_scope("family", "340422", date(2025, 1, 1))
    assert selectors.matter_in_scope("family", "340422101", date(2025, 1, 1))
    assert not selectors.matter_in_scope("family", "320100", date(2025, 1, 1))
    assert not selectors.matter_in_scope("family", "340422", date(2026, 1, 1))
    assert not selectors.matter_in_scope("unknown_code", "340422", date(2025, 1, 1))


def test_overlapping_scope_rows_are_rejected_and_supplementary_needs_a_province():
    supplementary_scope("family")
    from legalaid.models import MatterCategory

    dup = MatterScope(
        matter=MatterCategory.objects.get(code="family"),
        province_code="340000",
        kind=MatterScope.Kind.SUPPLEMENTARY,
        effective_from=date(2025, 1, 1),
    )
    with pytest.raises(ValidationError):
        dup.full_clean()
    dup.province_code = ""
    with pytest.raises(ValidationError) as error:
        dup.full_clean()
    assert "province_code" in error.value.message_dict
    dup.province_code = "340400"
    with pytest.raises(ValidationError) as error:
        dup.full_clean()
    assert "province_code" in error.value.message_dict


# -- waiver categories ----------------------------------------------------------------------


NATIONAL_WAIVERS = {
    "no_income_minor",
    "no_income_elderly",
    "no_income_disabled",
    "social_assistance",
    "judicial_assistance",
    "special_care",
    "migrant_worker",
}
HUAINAN_WAIVERS = {"legal_aid_card", "five_guarantee", "hardship_worker", "poverty_alleviation", "welfare_resident"}


def test_the_national_waiver_categories_are_seeded_with_basis_proof_and_matters():
    assert set(WaiverCategory.objects.values_list("code", flat=True)) == NATIONAL_WAIVERS
    migrant = WaiverCategory.objects.get(code="migrant_worker")
    assert set(migrant.matters.values_list("code", flat=True)) == {"labour", "injury_work"}
    assert "第四十二条" in migrant.legal_basis and migrant.proof_document
    assert not WaiverCategory.objects.get(code="social_assistance").matters.exists()
    assert not WaiverCategory.objects.filter(is_local=True).exists()


def test_no_regional_rule_is_in_every_database():
    """淮南's local categories and groups are demo data; a fresh database has no region's rows."""
    assert not WaiverCategory.objects.exclude(region_code="").exists()
    assert not PriorityGroup.objects.exists()
    assert not MatterScope.objects.exclude(province_code="").exists()


def test_the_demo_seeds_huainans_local_rules(huainan_rules):
    assert set(WaiverCategory.objects.filter(region_code="340400").values_list("code", flat=True)) == HUAINAN_WAIVERS
    assert WaiverCategory.objects.get(code="legal_aid_card").is_local


def test_a_rule_the_administrator_removed_stays_removed():
    WaiverCategory.objects.filter(code="special_care").delete()
    MatterScope.objects.filter(matter__code="environment").delete()
    call_command("migrate", verbosity=0)
    assert not WaiverCategory.objects.filter(code="special_care").exists()
    assert not MatterScope.objects.filter(matter__code="environment").exists()


def test_waivers_on_a_date_and_region(huainan_rules):
    day = date(2026, 3, 1)
    local = {w.code for w in selectors.waiver_categories_on("340422", day)}
    assert {"legal_aid_card", "migrant_worker", "social_assistance"} <= local
    elsewhere = {w.code for w in selectors.waiver_categories_on("320100", day)}
    assert "migrant_worker" in elsewhere and "legal_aid_card" not in elsewhere
    labour = {w.code for w in selectors.waiver_categories_on("340422", day, matter_code="labour")}
    family = {w.code for w in selectors.waiver_categories_on("340422", day, matter_code="family")}
    assert "migrant_worker" in labour and "migrant_worker" not in family


def test_priority_groups_are_seeded_by_the_demo(huainan_rules):
    assert set(PriorityGroup.objects.values_list("code", flat=True)) == {
        "hardship_worker",
        "returning_migrant_worker",
        "land_requisitioned_farmer",
        "newly_unemployed",
    }


def test_rules_for_a_region_and_date():
    HardshipStandardFactory(division_code="340422", monthly_per_capita_line=D("1100"))
    supplementary_scope("family")
    rules = RuleBook.load().rules_for("340422", date(2026, 3, 1))
    assert "family" in rules.matters_in_scope and "labour" in rules.matters_in_scope
    assert "education" not in rules.matters_in_scope
    assert "abuse_victim" in rules.no_means_test_matters
    assert rules.standard == D("1100")
    assert rules.matter_names["family"] == "婚姻家庭纠纷"
    override = RuleBook.load().rules_for("340422", date(2026, 3, 1), standard_override=D("800"))
    assert override.standard == D("800")

"""Pure rules: case numbers, deadlines, the assignment ranking, subsidy choice and quality arithmetic."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from cases import deadlines, numbering, ranking, rules

TZ = ZoneInfo("Asia/Shanghai")


# ---------------------------------------------------------------- numbering


def test_default_number_looks_like_the_centres_paper_numbers():
    number = numbering.format_case_number(
        numbering.DEFAULT_PATTERN, year=2026, region=numbering.default_region("340422"), case_type="civil", seq=12
    )
    assert number == "〔2026〕皖0422法援民字第0012号"


@pytest.mark.parametrize(
    ("case_type", "code"), [("criminal", "刑"), ("administrative", "行"), ("labour_arbitration", "仲")]
)
def test_each_case_type_has_its_character(case_type, code):
    number = numbering.format_case_number("{type}{seq}", year=2026, region="", case_type=case_type, seq=1)
    assert number == f"{code}1"


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("〔{year}〕法援字第{seq:04d}号", "{type}"),
        ("〔{year}〕{type}{seq:04d}{county}", "{county}"),
        ("〔{year}〕{type}{}", "必须写明名称"),
        ("〔{year}〕{type}{seq", "花括号"),
        ("〔{year}〕{type}{seq:zz}", "编号格式有误"),
    ],
)
def test_bad_patterns_are_refused_with_the_reason(pattern, message):
    with pytest.raises(numbering.PatternError, match=message.replace("{", r"\{").replace("}", r"\}")):
        numbering.check_pattern(pattern)


def test_a_good_pattern_passes():
    numbering.check_pattern("{region}法援{type}〔{year}〕{seq:05d}号")


# ---------------------------------------------------------------- deadlines


def test_statutory_periods():
    assert deadlines.assignment_due(date(2026, 2, 27)) == date(2026, 3, 2)
    assert deadlines.agreement_due(date(2026, 3, 2)) == date(2026, 3, 7)
    assert deadlines.closing_due(date(2026, 3, 2)) == date(2026, 4, 1)
    assert deadlines.review_due(date(2026, 12, 15)) == date(2027, 1, 14)


@pytest.mark.parametrize(
    ("due", "level", "label"),
    [
        (date(2026, 3, 9), "overdue", "已逾期 1 天"),
        (date(2026, 3, 10), "today", "今日到期"),
        (date(2026, 3, 12), "soon", "剩余 2 天"),
        (date(2026, 3, 20), "later", "剩余 10 天"),
    ],
)
def test_urgency(due, level, label):
    found = deadlines.urgency(due, date(2026, 3, 10))
    assert (found.level, found.label) == (level, label)
    assert deadlines.urgency(None, date(2026, 3, 10)) is None


def test_minor_until_the_eighteenth_birthday():
    assert deadlines.is_minor(date(2008, 3, 11), date(2026, 3, 10))
    assert not deadlines.is_minor(date(2008, 3, 10), date(2026, 3, 10))
    assert not deadlines.is_minor(None, date(2026, 3, 10))


# ---------------------------------------------------------------- ranking


def handler(user_id, **facts):
    defaults = {
        "name": f"律师{user_id}",
        "organisation": "安徽寿州律师事务所",
        "handler_type": "practising_lawyer",
        "handler_type_label": "社会执业律师",
        "status": "active",
        "annual_minimum": 2,
    }
    defaults.update(facts)
    return ranking.HandlerFacts(user_id=user_id, **defaults)


def test_hard_rules_exclude_with_reasons():
    case = ranking.CaseFacts(case_type="criminal", notification_defence=True, minor=True, serious_penalty=True)
    candidates = ranking.rank_handlers(
        case,
        [
            handler(1, criminal_defence_years=5, trained_for_minors=True),
            handler(2, criminal_defence_years=2, trained_for_minors=True),
            handler(3, criminal_defence_years=9),
            handler(4, handler_type="legal_service_worker", handler_type_label="基层法律服务工作者"),
            handler(5, criminal_defence_years=9, trained_for_minors=True, status="on_leave"),
            handler(6, criminal_defence_years=9, trained_for_minors=True, conflicts=("曾为对方当事人代理",)),
        ],
    )
    by_id = {c.handler.user_id: c for c in candidates}
    assert [c.handler.user_id for c in candidates if c.eligible] == [1]
    assert by_id[1].rank == 1
    assert "三年以上" in by_id[2].failures[0]
    assert "未成年人" in by_id[3].failures[0]
    assert "只能指派律师" in by_id[4].failures[0]
    assert "不在岗" in by_id[5].failures[0]
    assert "利益冲突" in by_id[6].failures[0]
    assert all(c.rank is None for c in candidates if not c.eligible)


def test_notaries_and_forensic_experts_take_only_non_litigation():
    notary = handler(1, handler_type="notary", handler_type_label="公证员")
    assert not ranking.rank_handlers(ranking.CaseFacts(case_type="civil"), [notary])[0].eligible
    assert ranking.rank_handlers(ranking.CaseFacts(case_type="non_litigation"), [notary])[0].eligible


def test_excluded_handler_cannot_come_back_after_a_change():
    case = ranking.CaseFacts(case_type="civil", excluded_handler_ids=frozenset({1}))
    assert "退出本案" in ranking.rank_handlers(case, [handler(1)])[0].failures[0]


def test_order_specialty_then_load_then_obligation_then_rotation():
    case = ranking.CaseFacts(case_type="civil", matter_code="labour", matter_name="劳动报酬")
    earlier = datetime(2026, 1, 5, 9, tzinfo=TZ)
    later = datetime(2026, 2, 5, 9, tzinfo=TZ)
    labour = frozenset({"labour"})
    candidates = ranking.rank_handlers(
        case,
        [
            handler(1, open_cases=0),  # no specialty
            handler(2, specialty_codes=labour, open_cases=3),
            handler(3, specialty_codes=labour, open_cases=1, cases_this_year=5, last_assigned_at=earlier),
            handler(4, specialty_codes=labour, open_cases=1, cases_this_year=0, last_assigned_at=later),
            handler(5, specialty_codes=labour, open_cases=1, cases_this_year=5, last_assigned_at=later),
            handler(6, specialty_codes=labour, open_cases=1, cases_this_year=5),
        ],
    )
    assert [c.handler.user_id for c in candidates] == [4, 6, 3, 5, 2, 1]
    assert [c.rank for c in candidates] == [1, 2, 3, 4, 5, 6]
    top = candidates[0]
    assert "擅长领域与“劳动报酬”相符" in top.reasons
    assert any("未完成年度义务" in reason for reason in top.reasons)
    assert any("此前未被指派过" in reason for reason in candidates[1].reasons)
    assert candidates[-1].reasons[0] == "擅长领域不含“劳动报酬”"
    assert ranking.top_candidate(candidates) is top
    assert top.as_dict()["rank"] == 1


# ---------------------------------------------------------------- subsidy rules


@dataclass
class Row:
    division_code: str
    case_type: str
    criminal_stage: str
    amount: Decimal
    effective_from: date
    effective_to: date | None = None
    kind: str = ""


def test_region_chain():
    assert rules.region_chain("340422") == ["340422", "340400", "340000"]
    assert rules.region_chain("340400") == ["340400", "340000"]


def test_standard_nearest_region_exact_stage_and_in_force():
    rows = [
        Row("340000", "criminal", "", Decimal("1000"), date(2022, 1, 1)),
        Row("340400", "criminal", "", Decimal("1200"), date(2022, 1, 1), date(2025, 12, 31)),
        Row("340400", "criminal", "", Decimal("1500"), date(2026, 1, 1)),
        Row("340400", "criminal", "first_instance", Decimal("1800"), date(2024, 1, 1)),
        Row("340421", "criminal", "", Decimal("9999"), date(2022, 1, 1)),
    ]
    pick = rules.pick_standard
    assert (
        pick(rows, division_code="340422", case_type="criminal", criminal_stage="", on=date(2026, 3, 1)).amount == 1500
    )
    assert (
        pick(rows, division_code="340422", case_type="criminal", criminal_stage="", on=date(2025, 3, 1)).amount == 1200
    )
    first = pick(
        rows, division_code="340422", case_type="criminal", criminal_stage="first_instance", on=date(2026, 3, 1)
    )
    assert first.amount == 1800
    assert pick(rows, division_code="350100", case_type="criminal", criminal_stage="", on=date(2026, 3, 1)) is None
    assert pick(rows, division_code="340422", case_type="civil", criminal_stage="", on=date(2026, 3, 1)) is None


@pytest.mark.parametrize(
    ("action", "percent", "expected"),
    [("none", None, "0.00"), ("withhold", None, "-1700.00"), ("reduce", Decimal("30"), "-510.00")],
)
def test_quality_adjustment(action, percent, expected):
    assert rules.quality_adjustment(Decimal("1700.00"), rules.QualityRule(action, percent)) == Decimal(expected)


def test_quality_adjustment_refuses_nonsense():
    with pytest.raises(ValueError, match="0 到 100"):
        rules.quality_adjustment(Decimal("100"), rules.QualityRule("reduce", Decimal("130")))
    with pytest.raises(ValueError, match="未知"):
        rules.quality_adjustment(Decimal("100"), rules.QualityRule("double"))

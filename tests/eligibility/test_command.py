"""`manage.py eligibility_check`: JSON on stdin, decisions as JSON on stdout, status 2 on bad input."""

import json
import os
import subprocess
import sys
from datetime import date
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.eligibility.factories import HardshipStandardFactory, supplementary_scope

pytestmark = pytest.mark.django_db

BASE = {
    "application_date": "2026-03-01",
    "region_code": "340422",
    "case_type": "civil",
    "matter": "labour",
    "categories": [],
    "household_size": 3,
    "household_monthly_income": "2400.00",
    "integrity_pledge": True,
}


@pytest.fixture(autouse=True)
def anhui_standard(db):
    HardshipStandardFactory(division_code="340000", monthly_per_capita_line=Decimal("900.00"))
    HardshipStandardFactory(division_code="340422", division_name="寿县", monthly_per_capita_line=Decimal("1000.00"))


def check(payload) -> dict | list:
    out = StringIO()
    text = payload if isinstance(payload, str) else json.dumps(payload)
    call_command("eligibility_check", stdin=StringIO(text), stdout=out)
    return json.loads(out.getvalue())


def check_error(payload) -> str:
    with pytest.raises(CommandError) as error:
        check(payload)
    assert error.value.returncode == 2
    return str(error.value)


def test_eligible_by_means_test_with_the_county_standard():
    result = check(BASE)
    assert result["outcome"] == "eligible"
    assert result["basis"] is None
    assert result["per_capita_income"] == "800.00"
    assert result["standard"] == "1000.00"
    assert all(isinstance(r, str) for r in result["reasons"]) and len(result["reasons"]) >= 2
    assert set(result) == {"outcome", "basis", "per_capita_income", "standard", "reasons"}


def test_fallback_to_the_province_standard():
    assert check({**BASE, "region_code": "340421"})["standard"] == "900.00"


def test_township_code_falls_back_to_its_county():
    assert check({**BASE, "region_code": "340422101"})["standard"] == "1000.00"


def test_explicit_standard_overrides_the_lookup():
    result = check({**BASE, "standard_monthly_per_capita": "799.99"})
    assert result["outcome"] == "ineligible" and result["standard"] == "799.99"


def test_boundaries_through_the_command():
    assert check({**BASE, "household_monthly_income": "3000.00"})["outcome"] == "eligible"
    assert check({**BASE, "household_size": 1, "household_monthly_income": "1000.01"})["outcome"] == "ineligible"


def test_waived_and_no_means_test_and_out_of_scope():
    result = check({**BASE, "categories": ["migrant_worker"], "household_monthly_income": "99999"})
    assert (result["outcome"], result["basis"], result["per_capita_income"]) == ("waived", "migrant_worker", None)
    result = check({**BASE, "matter": "abuse_victim"})
    assert result["outcome"] == "no_means_test" and result["basis"] == "abuse_victim"
    assert check({**BASE, "matter": "education"})["outcome"] == "out_of_scope"
    supplementary_scope("education")
    assert check({**BASE, "matter": "education"})["outcome"] == "eligible"


def test_criminal_is_in_scope_without_matter():
    result = check({**BASE, "case_type": "criminal", "matter": None})
    assert result["outcome"] == "eligible"


def test_incomplete_lists_the_missing_facts():
    payload = {k: v for k, v in BASE.items() if k not in ("household_size", "household_monthly_income")}
    result = check(payload)
    assert result["outcome"] == "incomplete"
    assert "家庭人口数、家庭月收入" in result["reasons"][-1]


def test_no_standard_for_region_is_incomplete():
    result = check({**BASE, "region_code": "320100"})
    assert result["outcome"] == "incomplete" and result["standard"] is None


def test_local_category_outside_its_region_is_not_a_waiver(huainan_rules):
    result = check(
        {**BASE, "region_code": "320100", "standard_monthly_per_capita": "500", "categories": ["legal_aid_card"]}
    )
    assert result["outcome"] == "ineligible"
    assert any("未生效" in r for r in result["reasons"])


def test_an_array_gives_an_array_in_order():
    results = check([BASE, {**BASE, "household_monthly_income": "9000"}, {**BASE, "matter": "education"}])
    assert [r["outcome"] for r in results] == ["eligible", "ineligible", "out_of_scope"]
    assert check([]) == []


def test_date_picks_the_rules_in_force():
    HardshipStandardFactory(
        division_code="340400",
        monthly_per_capita_line=Decimal("700"),
        effective_from=date(2020, 1, 1),
        effective_to=date(2023, 12, 31),
    )
    result = check({**BASE, "application_date": "2023-06-01", "region_code": "340421"})
    assert result["standard"] == "700.00"


def test_string_decimals_and_whole_numbers_are_accepted_exactly():
    assert check({**BASE, "household_monthly_income": "3000.01"})["per_capita_income"] == "1000.00"
    assert check({**BASE, "household_monthly_income": 3000})["per_capita_income"] == "1000.00"


@pytest.mark.parametrize("income", ["3000.01", "3e3", "3000.0"])
def test_a_json_float_amount_is_refused(income):
    """The README promises string decimals: a float cannot carry cents exactly, so it is never guessed at."""
    text = json.dumps(BASE).replace('"2400.00"', income)
    assert "字段 household_monthly_income:" in check_error(text)


def test_a_household_size_beyond_any_household_is_refused():
    """10**40 people would make every income 0.00 a head, and so eligible."""
    assert check({**BASE, "household_size": 50})["outcome"] in ("eligible", "ineligible")
    for size in (51, 10**40):
        assert "字段 household_size:" in check_error({**BASE, "household_size": size})


def test_an_enormous_integer_literal_exits_2():
    text = json.dumps(BASE).replace('"2400.00"', "9" * 5000)
    assert "(输入)" in check_error(text)


def test_indent_option():
    out = StringIO()
    call_command("eligibility_check", "--indent", "2", stdin=StringIO(json.dumps(BASE)), stdout=out)
    assert out.getvalue().startswith('{\n  "outcome"')


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"household_size": 0}, "household_size"),
        ({"household_size": -1}, "household_size"),
        ({"household_size": "3"}, "household_size"),
        ({"household_size": 2.5}, "household_size"),
        ({"household_size": True}, "household_size"),
        ({"household_monthly_income": "-1"}, "household_monthly_income"),
        ({"household_monthly_income": "abc"}, "household_monthly_income"),
        ({"household_monthly_income": "NaN"}, "household_monthly_income"),
        ({"household_monthly_income": "Infinity"}, "household_monthly_income"),
        ({"household_monthly_income": [1]}, "household_monthly_income"),
        ({"household_assets": "-0.01"}, "household_assets"),
        ({"standard_monthly_per_capita": "-5"}, "standard_monthly_per_capita"),
        ({"standard_monthly_per_capita": "x"}, "standard_monthly_per_capita"),
        ({"matter": "no_such_matter"}, "matter"),
        ({"categories": ["social_assistance", "nope"]}, "categories[1]"),
        ({"categories": "migrant_worker"}, "categories"),
        ({"case_type": "civill"}, "case_type"),
        ({"case_type": None}, "case_type"),
        ({"application_date": "2026-02-30"}, "application_date"),
        ({"application_date": "01/03/2026"}, "application_date"),
        ({"application_date": None}, "application_date"),
        ({"region_code": "34042"}, "region_code"),
        ({"region_code": "990000"}, "region_code"),
        ({"region_code": 340422}, "region_code"),
        ({"integrity_pledge": "yes"}, "integrity_pledge"),
        ({"houshold_size": 3}, "houshold_size"),
    ],
)
def test_bad_values_exit_2_naming_the_field(change, field):
    message = check_error({**BASE, **change})
    assert f"字段 {field}:" in message


def test_error_in_an_array_names_the_item():
    message = check_error([BASE, BASE, {**BASE, "household_size": 0}])
    assert "字段 [2].household_size:" in message


@pytest.mark.parametrize("text", ["", "{", "not json", "[1, 2", '{"a": 1}}'])
def test_invalid_json_exits_2(text):
    assert "不是有效的 JSON" in check_error(text)


def test_non_object_items_exit_2():
    assert "字段 [0].(对象)" in check_error([1])
    assert "(对象)" in check_error('"string"')


def test_the_real_command_exits_2_without_a_traceback(tmp_path):
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'none.sqlite3'}", "SECRET_KEY": "x" * 60}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    proc = subprocess.run(
        [sys.executable, str(root / "manage.py"), "eligibility_check"],
        input=b'{"application_date": "2026-03-01",',
        capture_output=True,
        env=env,
        cwd=root,
        timeout=60,
    )
    assert proc.returncode == 2
    stderr = proc.stderr.decode()
    assert "不是有效的 JSON" in stderr
    assert "Traceback" not in stderr
    assert proc.stdout == b""

import pytest

from eligibility.regions import division_chain, is_region_code, level_of, province_of, region_prefix


@pytest.mark.parametrize(
    ("code", "chain"),
    [
        ("340422101", ["340422101", "340422", "340400", "340000"]),
        ("340422", ["340422", "340400", "340000"]),
        ("340400", ["340400", "340000"]),
        ("340000", ["340000"]),
        ("110101", ["110101", "110100", "110000"]),
    ],
)
def test_division_chain_falls_back_township_county_city_province(code, chain):
    assert division_chain(code) == chain


@pytest.mark.parametrize("code", ["", "34042", "3404221", "34042210", "abcdef", "3404221011"])
def test_bad_codes(code):
    assert not is_region_code(code)
    with pytest.raises(ValueError):
        division_chain(code)


def test_levels_and_prefixes():
    assert [level_of(c) for c in ("340422101", "340422", "340400", "340000")] == [
        "township",
        "county",
        "city",
        "province",
    ]
    assert [region_prefix(c) for c in ("340422101", "340422", "340400", "340000")] == [
        "340422101",
        "340422",
        "3404",
        "34",
    ]
    assert province_of("340422101") == "340000"

"""A case is found by its number as typed: running number alone, 第…号, full number, any bracket, full-width digits."""

import pytest
from django.urls import reverse

from cases import services
from cases.numbering import NumberQuery, normalise_typed_number, parse_number_query
from tests.cases.factories import granted_application


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("12", NumberQuery(sequence=12)),
        ("0012", NumberQuery(sequence=12)),
        (" 00 12 ", NumberQuery(sequence=12)),
        ("第12号", NumberQuery(sequence=12)),
        ("第0012号", NumberQuery(sequence=12)),
        ("１２", NumberQuery(sequence=12)),
        ("第００１２号", NumberQuery(sequence=12)),
        ("皖0422法援民字第0012号", NumberQuery(sequence=12, contains="皖0422法援民字")),
        ("〔2026〕皖0422法援民字第0012号", NumberQuery(sequence=12, prefix="〔2026〕皖0422法援民字")),
        ("[2026]皖0422法援民字第12号", NumberQuery(sequence=12, prefix="〔2026〕皖0422法援民字")),
        ("【2026】皖0422法援民字第0012号", NumberQuery(sequence=12, prefix="〔2026〕皖0422法援民字")),
        ("（２０２６）皖０４２２法援民字第００１２号", NumberQuery(sequence=12, prefix="〔2026〕皖0422法援民字")),
        ("(2026)皖0422法援民字第0012号", NumberQuery(sequence=12, prefix="〔2026〕皖0422法援民字")),
        ("［2026］皖0422法援民字", NumberQuery(prefix="〔2026〕皖0422法援民字")),
        ("皖0422法援民字", NumberQuery(contains="皖0422法援民字")),
    ],
)
def test_typed_numbers_are_read(typed, expected):
    assert parse_number_query(typed) == expected


@pytest.mark.parametrize("typed", ["", "   ", "张建国", "1234567", "340422198503091234"])
def test_what_is_not_a_number(typed):
    assert parse_number_query(typed) is None


def test_normalise_typed_number():
    assert normalise_typed_number("【２０２６】 皖0422\u3000第１号") == "〔2026〕皖0422第1号"


@pytest.mark.django_db
def test_case_list_finds_a_case_however_its_number_is_typed(frozen_now, network, alice, as_alice):
    cases = [services.case_open_from_application(granted_application(network), actor=alice) for _ in range(12)]
    twelfth, first = cases[11], cases[0]
    assert twelfth.number == "〔2026〕皖0422法援仲字第0012号"
    url = reverse("cases:case_list")
    for typed in [
        "12",
        "0012",
        "第12号",
        "１２",
        "皖0422法援仲字第0012号",
        "〔2026〕皖0422法援仲字第0012号",
        "[2026]皖0422法援仲字第12号",
        "【2026】皖0422法援仲字第0012号",
        "（２０２６）皖0422法援仲字第００１２号",
        "(2026)皖0422法援仲字第0012号",
    ]:
        html = as_alice.get(url, {"q": typed}).content.decode()
        assert twelfth.number in html and first.number not in html, typed
    html = as_alice.get(url, {"q": "皖0422法援民字第0012号"}).content.decode()
    assert twelfth.number not in html  # another type's series

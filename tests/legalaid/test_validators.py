from datetime import date

import pytest
from django.core.exceptions import ValidationError

from legalaid.validators import (
    id_check_char,
    mask_id_number,
    mask_phone,
    parse_resident_id,
    validate_credit_code,
    validate_division_code,
    validate_mobile,
    validate_phone,
)

VALID_ID = "11010519491231002X"  # the national standard's published example


def test_valid_resident_id_gives_birth_date_sex_and_region():
    parsed = parse_resident_id(VALID_ID.lower())
    assert parsed.number == VALID_ID
    assert parsed.birth_date == date(1949, 12, 31)
    assert parsed.sex == "F"
    assert parsed.division_code == "110105"


def test_generated_id_with_correct_check_digit_is_valid():
    first17 = "34042219850317461"
    parsed = parse_resident_id(first17 + id_check_char(first17))
    assert parsed.sex == "M"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1101051949123100", "18位"),
        ("11010519491231002A", "18位"),
        ("110105194912310021", "校验位"),
        ("990105194912310021", "地区代码"),
        ("110105194902300021", "出生日期"),
        ("110105209901010021", "出生日期"),
    ],
)
def test_bad_resident_ids_say_why_in_chinese(value, message):
    with pytest.raises(ValidationError) as error:
        parse_resident_id(value)
    assert message in error.value.messages[0]


@pytest.mark.parametrize("value", ["13800138000", "19912345678"])
def test_mobile_numbers(value):
    validate_mobile(value)
    validate_phone(value)


@pytest.mark.parametrize("value", ["12800138000", "1380013800", "138001380000", "abc"])
def test_bad_mobile_numbers(value):
    with pytest.raises(ValidationError, match="手机号码"):
        validate_mobile(value)


@pytest.mark.parametrize("value", ["0554-4021234", "05544021234", "010-12345678", "0554-4021234-801", "12348"])
def test_landlines_and_hotlines(value):
    validate_phone(value)


@pytest.mark.parametrize("value", ["4021234", "0554-12", "phone"])
def test_bad_phone_numbers(value):
    with pytest.raises(ValidationError, match="电话号码格式无效"):
        validate_phone(value)


def test_credit_code_check_character():
    validate_credit_code("91350100M000100Y43")  # published example
    with pytest.raises(ValidationError, match="校验位"):
        validate_credit_code("91350100M000100Y44")
    with pytest.raises(ValidationError, match="18位"):
        validate_credit_code("91350100M000100Y4")


def test_division_code():
    validate_division_code("340422")
    with pytest.raises(ValidationError, match="6位"):
        validate_division_code("34042")
    with pytest.raises(ValidationError, match="省级代码"):
        validate_division_code("990422")


def test_masking():
    assert mask_id_number("340422198503174612") == "340422********4612"
    assert mask_phone("13800138000") == "138****8000"
    assert mask_phone("0554-4021234") == "0554******34"
    assert mask_id_number("") == ""

"""Validators for identifiers used across the system, with Chinese messages.

Pure functions (`is_valid_*`, `parse_*`) hold the rules; the Django validators
wrap them so forms, models and the admin all give the same message.
"""

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Province-level prefixes of GB/T 2260 (the first two digits of a division code).
PROVINCE_PREFIXES = frozenset(
    [
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "81",
        "82",
    ]
)

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")
HOTLINE_RE = re.compile(r"^(12348|12345|110|400\d{7}|800\d{7})$")

CREDIT_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
CREDIT_CODE_RE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")


@dataclass(frozen=True)
class ResidentId:
    number: str
    division_code: str
    birth_date: date
    sex: str  # "M" or "F"


def normalise_id_number(value: str) -> str:
    return (value or "").strip().upper()


def parse_resident_id(value: str) -> ResidentId:
    """Parse an 18-digit resident ID number, raising ValidationError with the reason."""
    number = normalise_id_number(value)
    if not re.fullmatch(r"\d{17}[\dX]", number):
        raise ValidationError(_("身份证号码应为18位，前17位为数字，最后一位为数字或X。"), code="id_format")
    if number[:2] not in PROVINCE_PREFIXES:
        raise ValidationError(_("身份证号码的地区代码无效。"), code="id_region")
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(_("身份证号码中的出生日期无效。"), code="id_birth") from None
    if birth > date.today() or birth.year < 1880:
        raise ValidationError(_("身份证号码中的出生日期无效。"), code="id_birth")
    total = sum(int(d) * w for d, w in zip(number[:17], ID_WEIGHTS, strict=True))
    if ID_CHECK_CHARS[total % 11] != number[17]:
        raise ValidationError(_("身份证号码校验位错误，请核对。"), code="id_checksum")
    sex = "M" if int(number[16]) % 2 else "F"
    return ResidentId(number=number, division_code=number[:6], birth_date=birth, sex=sex)


def id_check_char(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARS[total % 11]


def validate_resident_id(value: str) -> None:
    parse_resident_id(value)


def validate_mobile(value: str) -> None:
    if not MOBILE_RE.match((value or "").strip()):
        raise ValidationError(_("请输入11位手机号码，以1开头。"), code="mobile")


def validate_phone(value: str) -> None:
    """A mainland mobile number, a landline with area code, or a service hotline."""
    v = (value or "").strip()
    if not (MOBILE_RE.match(v) or LANDLINE_RE.match(v) or HOTLINE_RE.match(v)):
        raise ValidationError(
            _("电话号码格式无效：请输入11位手机号码，或带区号的固定电话(如 0554-1234567)。"),
            code="phone",
        )


def validate_division_code(value: str) -> None:
    v = (value or "").strip()
    if not re.fullmatch(r"\d{6}", v):
        raise ValidationError(_("行政区划代码应为6位数字。"), code="division_format")
    if v[:2] not in PROVINCE_PREFIXES:
        raise ValidationError(_("行政区划代码的省级代码无效。"), code="division_region")


def validate_credit_code(value: str) -> None:
    """Unified social credit code (GB 32100-2015): 18 characters with a check character."""
    v = (value or "").strip().upper()
    if not CREDIT_CODE_RE.match(v):
        raise ValidationError(_("统一社会信用代码应为18位数字或大写字母(不含 I、O、Z、S、V)。"), code="credit_format")
    total = sum(CREDIT_CODE_CHARS.index(c) * w for c, w in zip(v[:17], CREDIT_CODE_WEIGHTS, strict=True))
    expected = CREDIT_CODE_CHARS[(31 - total % 31) % 31]
    if v[17] != expected:
        raise ValidationError(_("统一社会信用代码校验位错误，请核对。"), code="credit_checksum")


def mask_id_number(value: str) -> str:
    """340422********1234: region code and last four digits, as PIPL practice expects."""
    v = (value or "").strip()
    if len(v) <= 10:
        return v[:2] + "*" * max(len(v) - 2, 0) if v else ""
    return v[:6] + "*" * (len(v) - 10) + v[-4:]


def mask_phone(value: str) -> str:
    """138****5678 for mobiles; landlines keep the area code and the last two digits."""
    v = (value or "").strip()
    if MOBILE_RE.match(v):
        return v[:3] + "****" + v[-4:]
    if len(v) <= 4:
        return "*" * len(v)
    return v[:4] + "*" * (len(v) - 6) + v[-2:]

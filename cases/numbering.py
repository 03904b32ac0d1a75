"""Case numbers: pure formatting and pattern checks (the counter row lives in the database).

A number such as 〔2026〕皖0422法援民字第0012号 is built from a per-centre pattern with the
placeholders {year}, {region} (province abbreviation + the last four digits of the centre's
division code), {type} (the case type's character) and {seq} (the running number, which may
carry a width such as {seq:04d}).
"""

import re
from dataclasses import dataclass
from string import Formatter

from django.utils.translation import gettext as _

from legalaid.place_names import default_region  # noqa: F401  (the region part of case numbers, shared with documents)

DEFAULT_PATTERN = "〔{year}〕{region}法援{type}字第{seq:04d}号"

REQUIRED_FIELDS = frozenset({"year", "type", "seq"})
ALLOWED_FIELDS = REQUIRED_FIELDS | {"region"}


# The character each case type carries in its number (刑字, 民字 ...).
TYPE_CODES = {
    "criminal": "刑",
    "civil": "民",
    "administrative": "行",
    "non_litigation": "非诉",
    "labour_arbitration": "仲",
}


class PatternError(ValueError):
    """The pattern cannot produce unique case numbers; the message says why, in Chinese."""


def check_pattern(pattern: str) -> None:
    try:
        fields = {name for _text, name, _spec, _conv in Formatter().parse(pattern) if name is not None}
    except ValueError as exc:
        raise PatternError(_("编号格式有误：花括号不配对(%(error)s)。") % {"error": exc}) from exc
    unknown = fields - ALLOWED_FIELDS
    if "" in unknown:
        raise PatternError(_("编号格式有误：占位符必须写明名称，如 {year}、{type}、{seq:04d}。"))
    if unknown:
        names = "、".join("{" + name + "}" for name in sorted(unknown))
        raise PatternError(
            _("编号格式中有不认识的占位符：%(names)s。可用的有 {year}、{region}、{type}、{seq}。") % {"names": names}
        )
    missing = REQUIRED_FIELDS - fields
    if missing:
        names = "、".join("{" + name + "}" for name in sorted(missing))
        raise PatternError(_("编号格式必须包含 %(names)s，否则不同年度或类型的案件编号会重复。") % {"names": names})
    try:
        format_case_number(pattern, year=2026, region="皖0422", case_type="civil", seq=1)
    except (ValueError, TypeError) as exc:
        raise PatternError(_("编号格式有误：%(error)s") % {"error": exc}) from exc


def format_case_number(pattern: str, *, year: int, region: str, case_type: str, seq: int) -> str:
    return pattern.format(year=year, region=region, type=TYPE_CODES.get(case_type, case_type), seq=seq)


# What people type for brackets and digits on a Chinese keyboard, mapped to what numbers are printed with.
_TYPED = str.maketrans(
    {
        **{chr(0xFF10 + digit): str(digit) for digit in range(10)},  # ０-９
        **dict.fromkeys("[［【（(〔〖", "〔"),
        **dict.fromkeys("]］】）)〕〗", "〕"),
    }
)
_SEQUENCE_ONLY = re.compile(r"^第?(\d{1,6})号?$")
_WITH_SEQUENCE = re.compile(r"^(.+?)第(\d{1,6})号?$")
_NUMBER_MARKS = "〔〕字号第"


@dataclass(frozen=True)
class NumberQuery:
    """A typed case number, read: the running number and/or what the printed number starts with or contains."""

    sequence: int | None = None
    prefix: str = ""  # the number starts with it (typed from its opening bracket)
    contains: str = ""  # the number contains it (typed without the year, e.g. 皖0422法援民字第0012号)


def normalise_typed_number(text: str) -> str:
    """Full-width digits to ASCII, every bracket variant to 〔〕, no spaces (full-width ones included)."""
    return "".join((text or "").translate(_TYPED).split())


def parse_number_query(text: str) -> NumberQuery | None:
    """Read what someone typed to find a case by its number; None when it is not a number.

    "12", "0012", "第12号" → running number 12; "〔2026〕皖0422法援民字第12号" (any bracket, full-width
    digits, with or without leading zeros) → running number 12 and the number starting with
    "〔2026〕皖0422法援民字"; "皖0422法援民字第0012号" → running number 12 and that text inside the number;
    "〔2026〕皖0422法援民字" → numbers starting with it.
    """
    typed = normalise_typed_number(text)
    if not typed:
        return None
    found = _SEQUENCE_ONLY.match(typed)
    if found:
        return NumberQuery(sequence=int(found.group(1)))
    if not any(mark in typed for mark in _NUMBER_MARKS):
        return None
    found = _WITH_SEQUENCE.match(typed)
    if found:
        head, sequence = found.group(1), int(found.group(2))
        if head.startswith("〔"):
            return NumberQuery(sequence=sequence, prefix=head)
        return NumberQuery(sequence=sequence, contains=head)
    return NumberQuery(prefix=typed) if typed.startswith("〔") else NumberQuery(contains=typed)

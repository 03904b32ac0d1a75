"""Input typed on a Chinese keyboard, made comparable: full-width digits and punctuation, and the
bracket variants people type around the year of a case number. Pure functions."""

import unicodedata

# After NFKC (which turns （）［］ and full-width digits into ASCII, ﹝﹞ into 〔〕), the brackets left over.
_OPENING = "([【〖"
_CLOSING = ")]】〗"
_TO_CANONICAL = str.maketrans({**dict.fromkeys(_OPENING, "〔"), **dict.fromkeys(_CLOSING, "〕")})
# The pairs centres use in their numbering patterns; a typed number is tried in each.
BRACKET_PAIRS = ("〔〕", "()", "（）", "[]", "【】")


def case_number(text: str) -> str:
    """A case number as the default pattern writes it: 〔2026〕皖0422法援民字第0012号.

    Any bracket variant (〔〕 [] 【】 （） () and their full-width forms) becomes 〔〕, full-width digits
    become ASCII, and spaces (also the ideographic one) go.
    """
    folded = unicodedata.normalize("NFKC", text or "")
    return "".join(folded.split()).translate(_TO_CANONICAL)


def case_number_variants(text: str) -> list[str]:
    """The typed number written with each bracket pair a centre's pattern may use, canonical first."""
    canonical = case_number(text)
    if not canonical:
        return []
    variants = [canonical.replace("〔", opening).replace("〕", closing) for opening, closing in BRACKET_PAIRS]
    return list(dict.fromkeys(variants))


def instalment_line(text: str) -> str:
    """One line of an instalment schedule as "date,amount": full-width digits, "，" "、" ";" and tabs
    accepted as the separator, full-width "－" and "．" as ASCII, spaces and the unit 元 dropped."""
    folded = unicodedata.normalize("NFKC", text or "")
    for separator in ("、", ";", "\t"):
        folded = folded.replace(separator, ",")
    return "".join(folded.split()).replace("元", "")


def phone(text: str) -> str:
    """A phone number with full-width digits made ASCII and spaces and dashes between groups kept as one "-"."""
    folded = unicodedata.normalize("NFKC", text or "").strip()
    return "-".join(part for part in folded.replace(" ", "-").split("-") if part)


def looks_like_phone(text: str) -> bool:
    """A mobile (11 digits), a landline with or without its area code, or an international number."""
    digits = text.removeprefix("+").replace("-", "")
    return digits.isascii() and digits.isdigit() and 7 <= len(digits) <= 15

"""Chinese typography of official documents (GB/T 9704-2012, GB/T 15834-2011 punctuation, banking capitals).

Pure functions, no models: `prose()` puts full-width punctuation where Chinese prose has ASCII, dates
read 2026年11月30日, amounts are printed in figures (12,000.00元) and, where a form asks, in capitals
(人民币壹万贰仟元整) by the convention of the People's Bank's 《支付结算办法》.
"""

import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")

# Han ideographs (the BMP blocks and every supplementary plane block, so 𠮷 and 䶮 count) and the
# CJK punctuation and full-width forms: an ASCII mark next to any of them is inside Chinese prose.
_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003134f"
_CJK_CHAR = re.compile(f"[{_CJK}]")
_FULL_WIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_HSPACE = " \t\u00a0"


def _is_cjk(char: str) -> bool:
    return bool(char) and bool(_CJK_CHAR.match(char))


def _neighbour(text: str, index: int, step: int) -> str:
    """The nearest non-space character from `index` in direction `step` ("" at either end)."""
    index += step
    while 0 <= index < len(text) and text[index] in _HSPACE:
        index += step
    return text[index] if 0 <= index < len(text) else ""


def _beside_cjk(text: str, index: int) -> bool:
    return _is_cjk(_neighbour(text, index, -1)) or _is_cjk(_neighbour(text, index, 1))


def _paired(text: str, opening: str, closing: str) -> list[tuple[int, int]]:
    pairs, stack = [], []
    for index, char in enumerate(text):
        if char == opening:
            stack.append(index)
        elif char == closing and stack:
            pairs.append((stack.pop(), index))
    return pairs


def prose(text) -> str:
    """ASCII , ; : ? ! ( ) beside a Chinese character become ，；：？！（）, "中文" becomes “中文”.

    Figures and Latin text keep their ASCII marks (12,000.00 and 09:30 stay as they are); a pair of
    parentheses turns full-width together when either side of it touches Chinese. Spaces next to a
    converted mark go, since full-width marks carry their own. Idempotent.
    """
    if text is None:
        return ""
    text = str(text)
    if not _CJK_CHAR.search(text):
        return text
    chars = list(text)
    converted: set[int] = set()
    for start, end in _paired(text, "(", ")"):
        inside = text[start + 1 : end]
        if _beside_cjk(text, start) or _beside_cjk(text, end) or _CJK_CHAR.search(inside):
            converted.update((start, end))
    for start, end in _paired_quotes(text):
        if _CJK_CHAR.search(text[start + 1 : end]):
            chars[start], chars[end] = "“", "”"
    for index in converted:
        chars[index] = _FULL_WIDTH[text[index]]
    # The marks are read beside the text with its brackets and quotes already full-width, so the
    # semicolon in "（12,000.00元);" counts as following Chinese.
    bracketed = "".join(chars)
    for index, char in enumerate(bracketed):
        if char in ",;:?!" and _beside_cjk(bracketed, index):
            converted.add(index)
            chars[index] = _FULL_WIDTH[char]
    return _drop_spaces_around(chars, converted)


def _paired_quotes(text: str) -> list[tuple[int, int]]:
    positions = [index for index, char in enumerate(text) if char == '"']
    return list(zip(positions[::2], positions[1::2], strict=False))


def _drop_spaces_around(chars: list[str], converted: set[int]) -> str:
    drop = set()
    for index in converted:
        for step in (-1, 1):
            at = index + step
            while 0 <= at < len(chars) and chars[at] in _HSPACE:
                drop.add(at)
                at += step
    return "".join(char for index, char in enumerate(chars) if index not in drop)


def chinese_date(value) -> str:
    """2026年11月30日 (no leading zeros, as GB/T 9704 prints dates); an aware datetime is read in Shanghai,
    ISO text ("2026-11-30", as snapshots keep dates) is read as a date."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):  # snapshots keep dates as ISO text
        value = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(SHANGHAI)
        value = value.date()
    if not isinstance(value, date):
        raise TypeError(f"chinese_date() needs a date or datetime, not {type(value).__name__}")
    return f"{value.year}年{value.month}月{value.day}日"


_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_PLACES = ("", "拾", "佰", "仟")
_GROUPS = ("", "万", "亿", "万亿")
CENT = Decimal("0.01")


def _yuan(value) -> Decimal:
    amount = value if isinstance(value, Decimal) else Decimal(str(value))
    if not amount.is_finite():
        raise ValueError("an amount must be a finite number")
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def _group_in_capitals(group: int) -> str:
    """0 < group < 10000 → 壹仟零伍 (zeros between digits read as one 零, trailing zeros silent)."""
    digits = f"{group:04d}"
    words, pending_zero, started = [], False, False
    for position, digit in enumerate(digits):
        place = _PLACES[3 - position]
        if digit == "0":
            pending_zero = started
            continue
        if pending_zero:
            words.append("零")
        words.append(_DIGITS[int(digit)] + place)
        pending_zero, started = False, True
    return "".join(words)


def _integer_in_capitals(number: int) -> str:
    groups = []
    while number:
        groups.append(number % 10000)
        number //= 10000
    if len(groups) > len(_GROUPS):
        raise ValueError("amount too large to write in capitals")
    words = []
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            continue
        # A group below a higher one that does not fill its thousands reads with a 零 first
        # (壹拾万零伍佰), as does a group after one or more empty groups (壹亿零伍).
        if words and (group < 1000 or groups[index + 1] == 0):
            words.append("零")
        words.append(_group_in_capitals(group) + _GROUPS[index])
    return "".join(words)


def amount_in_capitals(value) -> str:
    """人民币壹万贰仟元整; 壹佰元零伍角; 壹仟零伍元伍角; 壹万贰仟元零柒分; 人民币零元整.

    The banking convention: 整 after 元 when there are no 角 and 分, none after 角 or 分; a 0 in the
    units of yuan (or a 0 角 before 分) reads as 零 before the 角 or 分 that follows.
    """
    amount = _yuan(value)
    if amount < 0:
        raise ValueError("a negative amount has no capitals form on an official document")
    integer = int(amount)
    cents = int((amount - integer) * 100)
    jiao, fen = divmod(cents, 10)
    words = _integer_in_capitals(integer)
    if not cents:
        return f"人民币{words or '零'}元整"
    if integer:
        words += "元"
        if integer % 10 == 0 or not jiao:
            words += "零"
    if jiao:
        words += _DIGITS[jiao] + "角"
    if fen:
        words += _DIGITS[fen] + "分"
    return "人民币" + words


def amount_figures(value) -> str:
    """12,000.00元: thousands separated, two decimals, the unit after the figure."""
    return f"{_yuan(value):,.2f}元"


def mask_id(id_number) -> str:
    """340422********1234 (the site's one masking rule, legalaid.validators.mask_id_number)."""
    from legalaid.validators import mask_id_number

    return mask_id_number(str(id_number or ""))

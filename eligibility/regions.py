"""Administrative-division codes and the fallback chain of a lookup. Pure: no Django.

A county-level division has a 6-digit code (GB/T 2260): 340422 寿县, its city 340400 淮南市,
its province 340000 安徽省. A township or street has a 9-digit code (GB/T 10114) whose first
six digits are its county's. A rule kept for a division applies to every division under it
unless that division has its own.
"""

import re

_CODE_RE = re.compile(r"^\d{6}(\d{3})?$")


def is_region_code(code: str) -> bool:
    """A 6-digit division code or a 9-digit township code (format only; the province prefix is checked by callers)."""
    return bool(_CODE_RE.match(code or ""))


def division_chain(code: str) -> list[str]:
    """The codes to look a rule up under, most specific first: township, county, city, province.

    >>> division_chain("340422101")
    ['340422101', '340422', '340400', '340000']
    """
    if not is_region_code(code):
        raise ValueError(f"not a division code: {code!r}")
    chain = [code] if len(code) == 9 else []
    county = code[:6]
    for candidate in (county, county[:4] + "00", county[:2] + "0000"):
        if candidate not in chain:
            chain.append(candidate)
    return chain


def province_of(code: str) -> str:
    return code[:2] + "0000"


def level_of(code: str) -> str:
    """township / county / city / province: the level a code names."""
    if len(code) == 9:
        return "township"
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "city"
    return "county"


def region_prefix(code: str) -> str:
    """The prefix every division code under `code` starts with (for prefix queries)."""
    if len(code) == 9:
        return code
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code

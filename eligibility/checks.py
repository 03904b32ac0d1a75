"""Checking applications given as JSON (the `eligibility_check` command): parse, validate, decide.

Every bad value raises `InputError` naming the field, in Chinese, so the command can print one
clear line and exit with status 2.
"""

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from legalaid.validators import PROVINCE_PREFIXES

from . import engine
from .regions import is_region_code
from .rulebook import RuleBook

KEYS = frozenset(
    {
        "application_date",
        "region_code",
        "standard_monthly_per_capita",
        "case_type",
        "matter",
        "categories",
        "household_size",
        "household_monthly_income",
        "household_assets",
        "integrity_pledge",
    }
)
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_AMOUNT = Decimal("1e12")


class InputError(Exception):
    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class CheckRequest:
    application_date: date
    region_code: str
    standard_override: Decimal | None
    facts: engine.Facts


def load_json(text: str) -> list[dict] | dict:
    try:
        return json.loads(text, parse_float=Decimal, parse_int=int)
    except json.JSONDecodeError as error:
        raise InputError("(输入)", f"不是有效的 JSON:第 {error.lineno} 行第 {error.colno} 列,{error.msg}。") from None
    except RecursionError:
        raise InputError("(输入)", "JSON 嵌套层数过多。") from None


def _amount(obj: dict, key: str, label: str) -> Decimal | None:
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, Decimal)):
        raise InputError(key, f'{label}应为数字字符串,如 "1250.00"。')
    try:
        amount = Decimal(value.strip() if isinstance(value, str) else value)
    except InvalidOperation:
        raise InputError(key, f"{label}“{value}”不是数字。") from None
    if not amount.is_finite():
        raise InputError(key, f"{label}“{value}”不是数字。")
    if amount < 0:
        raise InputError(key, f"{label}不能为负数。")
    if amount >= MAX_AMOUNT:
        raise InputError(key, f"{label}超出允许范围。")
    return amount


def _string(obj: dict, key: str, label: str, *, required: bool) -> str | None:
    value = obj.get(key)
    if value is None or value == "":
        if required:
            raise InputError(key, f"缺少{label}。")
        return None
    if not isinstance(value, str):
        raise InputError(key, f"{label}应为字符串。")
    return value.strip()


def parse_request(obj, rulebook: RuleBook) -> CheckRequest:
    if not isinstance(obj, dict):
        raise InputError("(对象)", "每项输入应为 JSON 对象。")
    unknown = sorted(set(obj) - KEYS)
    if unknown:
        raise InputError(unknown[0], "不是可识别的字段。")

    raw_date = _string(obj, "application_date", "申请日期", required=True)
    try:
        if not DATE_RE.match(raw_date):
            raise ValueError
        application_date = date.fromisoformat(raw_date)
    except ValueError:
        raise InputError("application_date", f"申请日期“{raw_date}”应为 YYYY-MM-DD 格式的有效日期。") from None

    region_code = _string(obj, "region_code", "地区代码", required=True)
    if not is_region_code(region_code) or region_code[:2] not in PROVINCE_PREFIXES:
        raise InputError("region_code", f"地区代码“{region_code}”应为6位行政区划代码或9位乡镇代码。")

    case_type = _string(obj, "case_type", "案件类型", required=True)
    if case_type not in engine.CASE_TYPES:
        allowed = "、".join(sorted(engine.CASE_TYPES))
        raise InputError("case_type", f"未知的案件类型“{case_type}”,应为 {allowed} 之一。")

    matter = _string(obj, "matter", "事项类别", required=False)
    if matter is not None and matter not in rulebook.matter_names:
        raise InputError("matter", f"未知的事项类别代码“{matter}”。")

    raw_categories = obj.get("categories") or []
    if not isinstance(raw_categories, list):
        raise InputError("categories", "免审类别应为代码列表。")
    for index, code in enumerate(raw_categories):
        if not isinstance(code, str) or code not in rulebook.waiver_codes:
            raise InputError(f"categories[{index}]", f"未知的免审类别代码“{code}”。")

    size = obj.get("household_size")
    if size is not None and (isinstance(size, bool) or not isinstance(size, int) or size < 1):
        raise InputError("household_size", "家庭人口数应为不小于 1 的整数。")

    pledge = obj.get("integrity_pledge", False)
    if pledge is None:
        pledge = False
    if not isinstance(pledge, bool):
        raise InputError("integrity_pledge", "诚信承诺应为 true 或 false。")

    facts = engine.Facts(
        case_type=case_type,
        matter=matter,
        categories=frozenset(raw_categories),
        household_size=size,
        household_monthly_income=_amount(obj, "household_monthly_income", "家庭月收入"),
        household_assets=_amount(obj, "household_assets", "家庭财产"),
        integrity_pledge=pledge,
    )
    standard = _amount(obj, "standard_monthly_per_capita", "经济困难标准")
    return CheckRequest(application_date, region_code, standard, facts)


def decide(request: CheckRequest, rulebook: RuleBook) -> engine.Decision:
    rules = rulebook.rules_for(
        request.region_code, request.application_date, standard_override=request.standard_override
    )
    return engine.assess(request.facts, rules)


def run(text: str, load_rulebook: Callable[[], RuleBook] = RuleBook.load) -> dict | list[dict]:
    """Decide one object or an array of them; raises InputError naming the (indexed) field."""
    data = load_json(text)
    rulebook = load_rulebook()
    if isinstance(data, list):
        results = []
        for index, obj in enumerate(data):
            try:
                results.append(decide(parse_request(obj, rulebook), rulebook).as_dict())
            except InputError as error:
                raise InputError(f"[{index}].{error.field}", error.message) from None
        return results
    return decide(parse_request(data, rulebook), rulebook).as_dict()

"""Checking applications given as JSON (the `eligibility_check` command): parse, validate, decide.

Every bad value raises `InputError` naming the field, in the site's language, so the command can
print one clear line and exit with status 2. Amounts are string decimals: a JSON number with a
fraction is refused, since a binary float cannot carry cents exactly.
"""

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

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
# A household is the people who live together on one income (LAL 34); fifty is far beyond any real one,
# and a larger number would only make every income look poor.
MAX_HOUSEHOLD_SIZE = 50
INPUT = "(输入)"  # the field name when the whole text is wrong; printed after "字段"
OBJECT = "(对象)"


class JsonFloat(Decimal):
    """A JSON number written with a fraction or an exponent (parsed exactly, then refused for amounts)."""


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
        return json.loads(text, parse_float=JsonFloat, parse_int=int)
    except json.JSONDecodeError as error:
        raise InputError(
            INPUT,
            _("不是有效的 JSON：第 %(line)s 行第 %(column)s 列，%(error)s。")
            % {"line": error.lineno, "column": error.colno, "error": error.msg},
        ) from None
    except RecursionError:
        raise InputError(INPUT, _("JSON 嵌套层数过多。")) from None
    except ValueError:  # an integer literal of thousands of digits
        raise InputError(INPUT, _("数字位数过多。")) from None


def _amount(obj: dict, key: str, label: str) -> Decimal | None:
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, (bool, JsonFloat)) or not isinstance(value, (str, int)):
        raise InputError(key, _('%(label)s应为数字字符串，如 "1250.00"。') % {"label": label})
    try:
        amount = Decimal(value.strip() if isinstance(value, str) else value)
    except InvalidOperation:
        raise InputError(key, _("%(label)s“%(value)s”不是数字。") % {"label": label, "value": value}) from None
    if not amount.is_finite():
        raise InputError(key, _("%(label)s“%(value)s”不是数字。") % {"label": label, "value": value})
    if amount < 0:
        raise InputError(key, _("%(label)s不能为负数。") % {"label": label})
    if amount >= MAX_AMOUNT:
        raise InputError(key, _("%(label)s超出允许范围。") % {"label": label})
    return amount


def _string(obj: dict, key: str, label: str, *, required: bool) -> str | None:
    value = obj.get(key)
    if value is None or value == "":
        if required:
            raise InputError(key, _("缺少%(label)s。") % {"label": label})
        return None
    if not isinstance(value, str):
        raise InputError(key, _("%(label)s应为字符串。") % {"label": label})
    return value.strip()


def parse_request(obj, rulebook: RuleBook) -> CheckRequest:
    if not isinstance(obj, dict):
        raise InputError(OBJECT, _("每项输入应为 JSON 对象。"))
    unknown = sorted(set(obj) - KEYS)
    if unknown:
        raise InputError(unknown[0], _("不是可识别的字段。"))

    raw_date = _string(obj, "application_date", _("申请日期"), required=True)
    try:
        if not DATE_RE.match(raw_date):
            raise ValueError
        application_date = date.fromisoformat(raw_date)
    except ValueError:
        raise InputError(
            "application_date", _("申请日期“%(value)s”应为 YYYY-MM-DD 格式的有效日期。") % {"value": raw_date}
        ) from None

    region_code = _string(obj, "region_code", _("地区代码"), required=True)
    if not is_region_code(region_code) or region_code[:2] not in PROVINCE_PREFIXES:
        raise InputError(
            "region_code", _("地区代码“%(value)s”应为6位行政区划代码或9位乡镇代码。") % {"value": region_code}
        )

    case_type = _string(obj, "case_type", _("案件类型"), required=True)
    if case_type not in engine.CASE_TYPES:
        allowed = "、".join(sorted(engine.CASE_TYPES))
        raise InputError(
            "case_type",
            _("未知的案件类型“%(value)s”，应为 %(allowed)s 之一。") % {"value": case_type, "allowed": allowed},
        )

    matter = _string(obj, "matter", _("事项类别"), required=False)
    if matter is not None and matter not in rulebook.matter_names:
        raise InputError("matter", _("未知的事项类别代码“%(value)s”。") % {"value": matter})

    raw_categories = obj.get("categories") or []
    if not isinstance(raw_categories, list):
        raise InputError("categories", _("免审类别应为代码列表。"))
    for index, code in enumerate(raw_categories):
        if not isinstance(code, str) or code not in rulebook.waiver_codes:
            raise InputError(f"categories[{index}]", _("未知的免审类别代码“%(value)s”。") % {"value": code})

    size = obj.get("household_size")
    if size is not None and (
        isinstance(size, bool) or not isinstance(size, int) or not 1 <= size <= MAX_HOUSEHOLD_SIZE
    ):
        raise InputError("household_size", _("家庭人口数应为 1 至 %(max)s 之间的整数。") % {"max": MAX_HOUSEHOLD_SIZE})

    pledge = obj.get("integrity_pledge", False)
    if pledge is None:
        pledge = False
    if not isinstance(pledge, bool):
        raise InputError("integrity_pledge", _("诚信承诺应为 true 或 false。"))

    facts = engine.Facts(
        case_type=case_type,
        matter=matter,
        categories=frozenset(raw_categories),
        household_size=size,
        household_monthly_income=_amount(obj, "household_monthly_income", _("家庭月收入")),
        household_assets=_amount(obj, "household_assets", _("家庭财产")),
        integrity_pledge=pledge,
    )
    standard = _amount(obj, "standard_monthly_per_capita", _("经济困难标准"))
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

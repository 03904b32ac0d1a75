"""The centre director's dashboard: this month against last month and the same month last year,
12-month trends, deadline compliance and quality, every number beside its chart.

Every month comes from the stored monthly reports: past months as filed, this month as the
month-to-date report that Celery beat refreshes every half hour. A month without a report is
computed from live data.
"""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from legalaid.models import Organisation
from legalaid.vocabulary import CaseType

from ..models.quality import QualityGrade
from ..models.statistics import StatisticsReport
from . import figures, periods

KPIS = [
    ("consult_total", "法律咨询(人次)"),
    ("app_received", "收到申请(件)"),
    ("case_opened", "新收案件(件)"),
    ("case_closed", "结案(件)"),
    ("aided_total", "受援人(人次)"),
    ("duty_help", "值班律师法律帮助(人次)"),
    ("recovered_amount", "挽回经济损失(元)"),
    ("decision_on_time_rate", "决定期限内完成率(%)"),
    ("assignment_on_time_rate", "指派期限内完成率(%)"),
    ("quality_pass_rate", "质量评查合格率(%)"),
    ("satisfied_rate", "回访满意率(%)"),
    ("complaint_received", "收到投诉(件)"),
]
RATE_KEYS = {"decision_on_time_rate", "assignment_on_time_rate", "quality_pass_rate", "satisfied_rate"}


def _stored(organisation: Organisation, months: list[periods.Period]) -> dict[date, tuple[dict, object]]:
    """The latest revision's total figures and generation time of each month that has a report."""
    rows = (
        StatisticsReport.objects.filter(
            organisation=organisation,
            period__in=[month.first for month in months],
            status__in=(StatisticsReport.Status.DRAFT, StatisticsReport.Status.SUBMITTED),
        )
        .order_by("period", "-revision")
        # Only the total column leaves the database, not every unit's figures.
        .values_list("period", "figures__values__total", "generated_at")
    )
    found: dict[date, tuple[dict, object]] = {}
    for period, totals, generated_at in rows:
        found.setdefault(period, (totals, generated_at))
    return found


def _stored_totals(organisation: Organisation, months: list[periods.Period]) -> dict[date, dict]:
    return {period: values for period, (values, _at) in _stored(organisation, months).items()}


def monthly_totals(organisation: Organisation, today: date, count: int = 13) -> tuple[list, object]:
    """The organisation's total figures for the last `count` months, oldest first (this month to
    date), and when this month's figures were computed."""
    months = periods.months_back(today, count)
    stored = _stored(organisation, months)
    result, this_month_at = [], None
    for month in months:
        values, computed_at = stored.get(month.first, (None, None))
        if values is None:
            tree = figures.compute(organisation, month, reports_for={organisation.pk})
            values, computed_at = figures.finalise(tree.totals[organisation.pk], tree.catalogue), timezone.now()
        result.append((month, values))
        this_month_at = computed_at
    return result, this_month_at


def _number(value):
    if value is None:
        return None
    return float(Decimal(value)) if isinstance(value, str) else value


def _change(now, before):
    now, before = _number(now), _number(before)
    if now is None or before is None:
        return None
    return round(now - before, 2)


def _kpis(this: dict, last: dict, last_year: dict) -> list[dict]:
    rows = []
    for key, label in KPIS:
        rows.append(
            {
                "key": key,
                "label": label,
                "this": this.get(key),
                "last": last.get(key),
                "last_year": last_year.get(key),
                "vs_last": _change(this.get(key), last.get(key)),
                "vs_last_year": _change(this.get(key), last_year.get(key)),
                "is_rate": key in RATE_KEYS,
            }
        )
    return rows


def _series(months: list[tuple[periods.Period, dict]], keys: list[tuple[str, str]]) -> dict:
    return {
        "months": [month.label for month, _values in months],
        "series": [{"key": key, "name": name, "data": [_number(v.get(key)) for _m, v in months]} for key, name in keys],
    }


BLOCKS = [
    ("volume", "近12个月业务量"),
    ("case_types", "近12个月新收案件(按类型)"),
    ("compliance", "办理时效:期限内完成率与用时中位数"),
    ("quality", "质量与满意度"),
]


def chart_blocks(data: dict) -> list[dict]:
    """Each chart with the same numbers as a table of months (rows) by series (columns)."""
    blocks = []
    for key, title in BLOCKS:
        chart = data[key]
        rows = [
            {"label": label, "values": [series["data"][index] for series in chart["series"]]}
            for index, label in enumerate(chart["months"])
        ]
        kind = "bar" if key == "case_types" else "line"
        blocks.append({"id": key, "title": title, "kind": kind, "chart": chart, "rows": rows})
    return blocks


def dashboard(organisation: Organisation, today: date) -> dict:
    history, this_month_at = monthly_totals(organisation, today)
    this, last, last_year = history[-1][1], history[-2][1], history[0][1]
    trend = history[1:]
    year_months = [values for month, values in history if month.first.year == today.year]
    grades = [
        {"name": str(label), "value": sum(values.get(f"grade_{code}") or 0 for values in year_months)}
        for code, label in QualityGrade.choices
    ]
    return {
        "organisation": organisation,
        "today": today,
        "this_month": history[-1][0],
        "this_month_at": this_month_at,
        "last_month": history[-2][0],
        "last_year_month": history[0][0],
        "kpis": _kpis(this, last, last_year),
        "volume": _series(
            trend,
            [
                ("consult_total", "法律咨询"),
                ("app_received", "收到申请"),
                ("case_opened", "新收案件"),
                ("case_closed", "结案"),
            ],
        ),
        "case_types": _series(trend, [(f"type_{code}", str(label)) for code, label in CaseType.choices]),
        "compliance": _series(
            trend,
            [
                ("decision_on_time_rate", "决定期限内完成率(%)"),
                ("assignment_on_time_rate", "指派期限内完成率(%)"),
                ("decision_median_days", "决定用时中位数(天)"),
                ("assignment_median_days", "指派用时中位数(天)"),
            ],
        ),
        "quality": _series(
            trend,
            [
                ("quality_total", "评定案件"),
                ("quality_pass_rate", "合格率(%)"),
                ("satisfied_rate", "回访满意率(%)"),
                ("complaint_received", "收到投诉"),
            ],
        ),
        "grades": grades,
        "grades_total": sum(item["value"] for item in grades),
    }


def dashboard_summary(organisation: Organisation, today: date) -> dict | None:
    """A few figures of last month for the home page, only from a stored report (never computed here)."""
    last = periods.previous_month(today)
    stored = _stored_totals(organisation, [last])
    values = stored.get(last.first)
    if values is None:
        return {"period": last, "values": None}
    return {
        "period": last,
        "values": [(label, values.get(key)) for key, label in KPIS[:6]],
    }

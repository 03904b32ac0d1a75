"""The centre director's dashboard: this month against last month and the same month last year,
12-month trends, deadline compliance and quality, every number beside its chart.

Every month is read from the stored monthly reports: past months as filed, this month as the
month-to-date report that Celery beat refreshes every half hour. Only this month may be computed
live, when beat has not stored it yet, and then at most once per `LIVE_INTERVAL` (cached). A past
month without a report is shown as missing, with the reason, and never computed here: the
monthly job files any month it missed and `statistics_backfill` files the months before go-live.
The page's queries do not depend on how many months it shows.
"""

import html
import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.cache import cache
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from legalaid.models import Organisation
from legalaid.vocabulary import CaseType

from ..models.quality import QualityGrade
from ..models.statistics import StatisticsReport
from . import figures, periods

log = logging.getLogger(__name__)
Status = StatisticsReport.Status
LIVE_INTERVAL = timedelta(minutes=30)

KPIS = [
    ("consult_total", gettext_lazy("法律咨询(人次)")),
    ("app_received", gettext_lazy("收到申请(件)")),
    ("case_opened", gettext_lazy("新收案件(件)")),
    ("case_closed", gettext_lazy("结案(件)")),
    ("aided_total", gettext_lazy("受援人(人次)")),
    ("duty_help", gettext_lazy("值班律师法律帮助(人次)")),
    ("recovered_amount", gettext_lazy("挽回经济损失(元)")),
    ("decision_on_time_rate", gettext_lazy("决定期限内完成率(%)")),
    ("assignment_on_time_rate", gettext_lazy("指派期限内完成率(%)")),
    ("quality_pass_rate", gettext_lazy("质量评查合格率(%)")),
    ("satisfied_rate", gettext_lazy("回访满意率(%)")),
    ("complaint_received", gettext_lazy("收到投诉(件)")),
]


@dataclass
class Month:
    """One month of the dashboard: its total figures, or why there are none."""

    period: periods.Period
    values: dict | None
    computed_at: datetime | None = None
    missing: str = ""


def _missing_reason(status: str | None, error: str) -> str:
    if status in (Status.PENDING, Status.GENERATING):
        return _("月报表正在生成。")
    if status == Status.FAILED:
        return _("月报表生成失败(%(error)s)，下次月度任务将重新生成。") % {"error": error[:200]}
    return _("尚无月报表：上线前的月份由 statistics_backfill 补报，漏报的月份由每月1日的月度任务补报。")


def _stored(organisation: Organisation, months: list[periods.Period]) -> dict[date, Month]:
    """Each month's latest revision with figures, or the reason it has none: one query for all months."""
    rows = (
        StatisticsReport.objects.filter(organisation=organisation, period__in=[month.first for month in months])
        .order_by("period", "-revision")
        # Only the total column leaves the database, not every unit's figures.
        .values_list("period", "status", "figures__values__total", "generated_at", "error")
    )
    by_first = {month.first: month for month in months}
    found: dict[date, Month] = {}
    for period, status, totals, generated_at, error in rows:
        month = found.get(period)
        if month is not None and month.values is not None:
            continue
        if status in (Status.DRAFT, Status.SUBMITTED) and totals is not None:
            found[period] = Month(by_first[period], totals, generated_at)
        elif month is None:
            found[period] = Month(by_first[period], None, missing=_missing_reason(status, error))
    return found


def _live(organisation: Organisation, month: periods.Period) -> Month:
    """This month computed from live data, at most once per interval for every viewer."""
    key = f"statistics:live:{organisation.pk}:{month.key}"
    try:
        cached = cache.get(key)
    except Exception:  # the cache down must not take the dashboard with it; compute, uncached
        log.warning("statistics cache unavailable", exc_info=True)
        cached = None
    if cached is not None:
        values, computed_at = cached
        return Month(month, values, computed_at)
    tree = figures.compute(organisation, month, reports_for={organisation.pk})
    values, computed_at = figures.finalise(tree.totals[organisation.pk], tree.catalogue), timezone.now()
    try:
        cache.set(key, (values, computed_at), LIVE_INTERVAL.total_seconds())
    except Exception:
        log.warning("statistics cache unavailable", exc_info=True)
    return Month(month, values, computed_at)


def monthly_totals(organisation: Organisation, today: date, count: int = 13) -> list[Month]:
    """The organisation's last `count` months, oldest first, ending with this month to date."""
    months = periods.months_back(today, count)
    stored = _stored(organisation, months)
    result = [stored.get(month.first) or Month(month, None, missing=_missing_reason(None, "")) for month in months]
    if result[-1].values is None:
        result[-1] = _live(organisation, months[-1])
    return result


def _number(value):
    if value is None:
        return None
    return float(Decimal(value)) if isinstance(value, str) else value


def _change(now, before):
    now, before = _number(now), _number(before)
    if now is None or before is None:
        return None
    return round(now - before, 2)


def _kpis(this: Month, last: Month, last_year: Month) -> list[dict]:
    rows = []
    for key, label in KPIS:
        now, before, year_before = (
            month.values.get(key) if month.values else None for month in (this, last, last_year)
        )
        rows.append(
            {
                "key": key,
                "label": label,
                "this": now,
                "last": before,
                "last_year": year_before,
                "vs_last": _change(now, before),
                "vs_last_year": _change(now, year_before),
            }
        )
    return rows


def _series(months: list[Month], keys: list[tuple[str, object]]) -> dict:
    """A chart's data; a missing month is a gap (null), not a zero."""
    return {
        "months": [month.period.label for month in months],
        "series": [
            {
                "key": key,
                "name": str(name),
                "data": [_number(month.values.get(key)) if month.values else None for month in months],
            }
            for key, name in keys
        ],
    }


BLOCKS = [
    ("volume", gettext_lazy("近12个月业务量")),
    ("case_types", gettext_lazy("近12个月新收案件(按类型)")),
    ("compliance", gettext_lazy("办理时效：期限内完成率与用时中位数")),
    ("quality", gettext_lazy("质量与满意度")),
]


def _cells_html(values) -> str:
    """A table row's value cells as one escaped string, a missing figure as "—".

    The four tables beside the charts are some 600 cells: a template loop turn apiece was most of the
    page's time. Written as the reports' own tables write theirs (exports.display_rows): the figures
    are counts, days and percentages, shown without thousands separators in every language."""
    return mark_safe(
        "".join(f'<td class="text-end">{"—" if value is None else html.escape(str(value))}</td>' for value in values)
    )


def chart_blocks(data: dict) -> list[dict]:
    """Each chart with the same numbers as a table of months (rows) by series (columns)."""
    blocks = []
    for key, title in BLOCKS:
        chart = data[key]
        rows = [
            {"label": label, "values_html": _cells_html(series["data"][index] for series in chart["series"])}
            for index, label in enumerate(chart["months"])
        ]
        kind = "bar" if key == "case_types" else "line"
        blocks.append({"id": key, "title": title, "kind": kind, "chart": chart, "rows": rows})
    return blocks


def dashboard(organisation: Organisation, today: date) -> dict:
    history = monthly_totals(organisation, today)
    this, last, last_year = history[-1], history[-2], history[0]
    trend = history[1:]
    year_months = [month.values for month in history if month.period.first.year == today.year and month.values]
    grades = [
        {"name": str(label), "value": sum(values.get(f"grade_{code}") or 0 for values in year_months)}
        for code, label in QualityGrade.choices
    ]
    return {
        "organisation": organisation,
        "today": today,
        "this_month": this.period,
        "this_month_at": this.computed_at,
        "last_month": last.period,
        "last_year_month": last_year.period,
        "missing": [month for month in history if month.values is None],
        "kpis": _kpis(this, last, last_year),
        "volume": _series(
            trend,
            [
                ("consult_total", _("法律咨询")),
                ("app_received", _("收到申请")),
                ("case_opened", _("新收案件")),
                ("case_closed", pgettext("statistics", "结案")),
            ],
        ),
        "case_types": _series(trend, [(f"type_{code}", label) for code, label in CaseType.choices]),
        "compliance": _series(
            trend,
            [
                ("decision_on_time_rate", _("决定期限内完成率(%)")),
                ("assignment_on_time_rate", _("指派期限内完成率(%)")),
                ("decision_median_days", _("决定用时中位数(天)")),
                ("assignment_median_days", _("指派用时中位数(天)")),
            ],
        ),
        "quality": _series(
            trend,
            [
                ("quality_total", _("评定案件")),
                ("quality_pass_rate", _("合格率(%)")),
                ("satisfied_rate", _("回访满意率(%)")),
                ("complaint_received", _("收到投诉")),
            ],
        ),
        "grades": grades,
        "grades_total": sum(item["value"] for item in grades),
    }


def dashboard_summary(organisation: Organisation, today: date) -> dict:
    """A few figures of last month for the home page, only from a stored report (never computed here)."""
    last = periods.previous_month(today)
    month = _stored(organisation, [last]).get(last.first) or Month(last, None, missing=_missing_reason(None, ""))
    return {
        "period": last,
        "values": [(label, month.values.get(key)) for key, label in KPIS[:6]] if month.values else None,
        "missing": month.missing,
    }

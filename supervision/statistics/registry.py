"""The registry of reports: each class has an identifier, a title, the permission it needs, its
parameters (a form) and `rows()`; screen, XLSX and PDF all render from the same header and rows
(in the manner of pretix's ListExporter)."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from legalaid.forms import StyledFormMixin
from legalaid.models import Organisation

from . import indicators, periods, selectors
from .figures import matter_list
from .indicators import MONEY

REPORTS: dict[str, type["Report"]] = {}


def register(cls: type["Report"]) -> type["Report"]:
    REPORTS[cls.identifier] = cls
    return cls


@dataclass
class Row:
    cells: list
    heading: bool = False
    indent: int = 0
    units: list[str] = field(default_factory=list)  # per cell, for formatting ("money", "percent"...)
    status: str = ""


def this_year() -> int:
    return timezone.localdate().year


def last_month_value() -> str:
    return periods.previous_month(timezone.localdate()).first.strftime("%Y-%m")


class ReportForm(StyledFormMixin, forms.Form):
    organisation = forms.IntegerField(label=gettext_lazy("单位"), widget=forms.Select)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Keys and names only: a city's tree is some hundred and seventy organisations.
        choices = list(selectors.statistics_organisations(user).values_list("pk", "name"))
        self.fields["organisation"].widget.choices = choices
        if not self.is_bound and choices:
            self.initial.setdefault("organisation", _own_organisation_id(user) or choices[0][0])


def _own_organisation_id(user) -> int | None:
    profile = getattr(user, "profile", None)
    return profile.organisation_id if profile else None


class MonthForm(ReportForm):
    month = forms.CharField(label=gettext_lazy("统计月份"), widget=forms.DateInput(attrs={"type": "month"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("month", last_month_value())

    def clean_month(self) -> date:
        value = periods.parse_month(self.cleaned_data["month"])
        if value is None:
            raise forms.ValidationError(_("请按“年-月”填写统计月份，例如 2026-02。"))
        if value > periods.month_start(timezone.localdate()):
            raise forms.ValidationError(_("统计月份不能晚于本月。"))
        return value


class YearForm(ReportForm):
    year = forms.IntegerField(label=gettext_lazy("年度"), min_value=2000, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("year", this_year())


class ObligationForm(YearForm):
    behind_only = forms.BooleanField(label=gettext_lazy("只看未完成和落后于进度的"), required=False)


class Report:
    do_not_call_in_templates = True  # templates list the classes themselves
    identifier = ""
    title = ""
    permission = "supervision.view_statistics"
    form_class: type[ReportForm] = ReportForm
    landscape = False
    description = ""

    def __init__(self, user, organisation: Organisation, params: dict):
        self.user, self.organisation, self.params = user, organisation, params

    def header(self) -> list[str]:
        raise NotImplementedError

    def rows(self) -> Iterable[Row]:
        raise NotImplementedError

    @property
    def period_label(self) -> str:
        return ""

    @property
    def document_title(self) -> str:
        return _("%(organisation)s%(period)s%(title)s") % {
            "organisation": self.organisation.name,
            "period": self.period_label,
            "title": self.title,
        }

    def filename(self, extension: str) -> str:
        return f"{self.document_title}.{extension}"

    def extra_context(self) -> dict:
        return {}


def figure_rows(data: dict) -> Iterable[Row]:
    """The rows of a figures report (monthly or yearly): a heading per section, then its indicators."""
    keys = [column["key"] for column in data["columns"]]
    section = None
    for indicator in indicators.localised(data["indicators"], _matters()):
        if indicator["hidden"]:
            continue
        if indicator["section"] != section:
            section = indicator["section"]
            yield Row([section, *[""] * len(keys)], heading=True)
        values = [data["values"][key].get(indicator["key"]) for key in keys]
        yield Row(
            [indicator["label"], *values], indent=indicator["indent"], units=["", *[indicator["unit"]] * len(keys)]
        )


def shown_differences(report) -> list[dict]:
    """A correction's differences in the active language: stored with the Chinese words of its report."""
    stored = report.figures.get("indicators", [])
    shown = indicators.localised(stored, _matters())
    words = {row["label"]: word["label"] for row, word in zip(stored, shown, strict=True)}
    return [
        change | {"column": _(change["column"]), "indicator": words.get(change["indicator"]) or _(change["indicator"])}
        for change in report.differences
    ]


def _matters() -> list[tuple[str, str]]:
    return [(code, name) for _pk, code, name in matter_list()]


def column_label(column: dict) -> str:
    """The total and own columns are named in the active language; units by their own names."""
    return _(column["label"]) if column["key"] in ("total", "own") else column["label"]


class FiguresReport(Report):
    """A report of indicator rows by organisation columns; `data()` None when there is nothing to show."""

    landscape = True

    def data(self) -> dict | None:
        raise NotImplementedError

    def _data(self) -> dict | None:
        if not hasattr(self, "_cached"):
            self._cached = self.data()
        return self._cached

    def header(self) -> list[str]:
        data = self._data()
        return [_("指标"), *[column_label(column) for column in (data["columns"] if data else [])]]

    def rows(self) -> Iterable[Row]:
        data = self._data()
        return figure_rows(data) if data else []


@register
class MonthlyStatistics(FiguresReport):
    identifier = "monthly"
    title = gettext_lazy("法律援助工作统计月报表")
    form_class = MonthForm
    description = gettext_lazy("按月统计咨询、申请、案件、受援人、结案、时效、质量、回访和投诉，逐级汇总到下级单位。")

    stored = None

    @classmethod
    def from_stored(cls, user, report) -> "MonthlyStatistics":
        """The report exactly as stored (any revision), for its own page and downloads."""
        instance = cls(user, report.organisation, {"month": report.period})
        instance.stored, instance._cached = report, report.figures
        return instance

    def data(self) -> dict | None:
        data, self.stored = selectors.monthly_data(self.organisation, self.params["month"])
        return data

    @property
    def document_title(self) -> str:
        title = super().document_title
        if self.stored is not None and self.stored.revision > 1:
            title += _("(第%(revision)s版·更正)") % {"revision": self.stored.revision}
        return title

    @property
    def period_label(self) -> str:
        return periods.month(self.params["month"]).label

    def extra_context(self) -> dict:
        self._data()
        return {"stored": self.stored}


@register
class YearlyStatistics(FiguresReport):
    identifier = "yearly"
    title = gettext_lazy("法律援助工作统计年报表")
    form_class = YearForm
    description = gettext_lazy("由各月月报表汇总(本年为截至本月)，比率按汇总数重新计算，中位数按全年数据计算。")

    missing: list = []

    def data(self) -> dict | None:
        data, self.missing = selectors.yearly_data(self.organisation, self.params["year"], timezone.localdate())
        return data

    @property
    def period_label(self) -> str:
        return periods.year(self.params["year"]).label

    def extra_context(self) -> dict:
        self._data()
        return {"missing_months": self.missing}


@register
class TargetProgress(Report):
    identifier = "targets"
    title = gettext_lazy("年度目标任务完成情况")
    permission = "supervision.view_annualtarget"
    form_class = YearForm
    landscape = True
    description = gettext_lazy("本单位及下级单位、承办机构的年度目标任务、分解情况和完成进度(完成比例对照时间进度)。")

    @property
    def period_label(self) -> str:
        return periods.year(self.params["year"]).label

    def _progress(self) -> dict:
        if not hasattr(self, "_cached"):
            self._cached = selectors.target_progress(self.organisation, self.params["year"], timezone.localdate())
        return self._cached

    def header(self) -> list[str]:
        return [
            _("单位"),
            _("案件目标(件)"),
            _("已分解到下级(件)"),
            _("已完成(件)"),
            _("完成比例(%)"),
            _("其他事项目标(件)"),
            _("已分解到下级(件)"),
            _("已完成(件)"),
            _("完成比例(%)"),
            _("时间进度(%)"),
            pgettext("statistics", "情况"),
        ]

    def rows(self) -> Iterable[Row]:
        progress = self._progress()
        for row in progress["rows"]:
            target = row["target"]
            yield Row(
                [
                    row["organisation"].name,
                    target.cases,
                    row["broken_down_cases"],
                    row["cases_done"],
                    row["cases_share"],
                    target.other_matters,
                    row["broken_down_other"],
                    row["other_done"],
                    row["other_share"],
                    progress["elapsed"],
                    row["status_label"],
                ],
                indent=row["depth"],
                units=["", "", "", "", "percent", "", "", "", "percent", "percent", ""],
                status=row["status"],
            )

    def extra_context(self) -> dict:
        return {"progress": self._progress()}


@register
class HandlerObligations(Report):
    identifier = "obligations"
    title = gettext_lazy("承办人年度办案义务完成情况")
    permission = "supervision.view_annualtarget"
    form_class = ObligationForm
    description = gettext_lazy(
        "律师、公证员、基层法律服务工作者等每年应办理的法律援助案件数，"
        "以及司法鉴定机构的办案义务；标出未完成和落后于进度的。"
    )

    @property
    def period_label(self) -> str:
        return periods.year(self.params["year"]).label

    def header(self) -> list[str]:
        return [
            _("承办人或机构"),
            _("类型"),
            _("所在机构"),
            _("年度义务(件)"),
            _("按时间进度应完成(件)"),
            _("已办理(件)"),
            pgettext("statistics", "情况"),
        ]

    def rows(self) -> Iterable[Row]:
        today = timezone.localdate()
        year = self.params["year"]
        result = selectors.handler_obligations(
            self.organisation, year, today, behind_only=self.params.get("behind_only", False)
        )
        heading = _("承办人(时间进度 %(elapsed)s%%)") % {"elapsed": result["elapsed"]}
        yield Row([heading, "", "", "", "", "", ""], heading=True)
        for row in result["rows"]:
            handler = row["handler"]
            yield Row(
                [
                    handler.user.get_full_name() or handler.user.username,
                    handler.get_handler_type_display(),
                    row["organisation"].name,
                    row["minimum"],
                    row["expected"],
                    row["done"],
                    row["status_label"],
                ],
                status=row["status"],
            )
        units = selectors.organisation_obligations(self.organisation, year, today)
        if units:
            yield Row([_("机构"), "", "", "", "", "", ""], heading=True)
            for row in units:
                if self.params.get("behind_only") and row["status"] not in ("behind", "missed"):
                    continue
                yield Row(
                    [
                        row["organisation"].name,
                        row["organisation"].get_kind_display(),
                        row["organisation"].name,
                        row["minimum"],
                        "",
                        row["done"],
                        row["status_label"],
                    ],
                    status=row["status"],
                )


def xlsx_value(value, unit: str = ""):
    """A cell for the spreadsheet: numbers stay numbers, money is a Decimal, missing is blank."""
    if value is None:
        return ""
    if unit == MONEY and isinstance(value, str):
        return Decimal(value)
    return value

"""The catalogue of figures a statistics report holds, section by section.

Each indicator says how a total over several organisations is formed from theirs:
`sum` adds them up; `median` is computed again over all the rows of the subtree; `ratio`
(a percentage) and `mean` are computed from two summed indicators. The catalogue is stored
with every report, so a report renders exactly as it was made after the catalogue changes.
Labels are stored in the language the report was made in (Chinese: the beat jobs run under
zh-hans); another language shows the current catalogue's words for the same keys (`localised`).
"""

from dataclasses import asdict, dataclass, replace

from django.utils.translation import get_language, gettext_lazy, pgettext
from django.utils.translation import gettext as _

from cases.models import Case, Outcome
from intake.models import Channel
from legalaid.vocabulary import CaseType, CriminalStage, HandlerType, PersonGroup

from ..models.quality import QualityGrade

SUM, MEDIAN, RATIO, MEAN = "sum", "median", "ratio", "mean"
COUNT, MONEY, DAYS, PERCENT, AVERAGE = "count", "money", "days", "percent", "average"


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    section: str
    unit: str = COUNT
    combine: str = SUM
    numerator: str = ""
    denominator: str = ""
    hidden: bool = False  # computed for a ratio or mean, not shown
    indent: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


S_CONSULT = gettext_lazy("一、法律咨询(人次)")
S_APPLY = gettext_lazy("二、法律援助申请(件)")
S_CASES = gettext_lazy("三、法律援助案件(件)")
S_DUTY = gettext_lazy("四、值班律师法律帮助(人次)")
S_AIDED = gettext_lazy("五、受援人(人次，一人一案计一次，一人属多类分别计入)")
S_HANDLER = gettext_lazy("六、指派承办人(人次，按承办人类型)")
S_CLOSED = gettext_lazy("七、结案")
S_TIMELINESS = gettext_lazy("八、办理时效")
S_QUALITY = gettext_lazy("九、案件质量评查(件)")
S_VISITS = gettext_lazy("十、回访")
S_COMPLAINTS = gettext_lazy("十一、投诉(件)")

CONSULT_CATEGORIES = Channel.Category.choices
CASE_SOURCES = Case.Source.choices
GOOD_GRADES = (QualityGrade.EXCELLENT, QualityGrade.GOOD, QualityGrade.PASS)
SATISFIED_AT_LEAST = 4


def catalogue(matters: list[tuple[str, str]]) -> list[Indicator]:
    """Every indicator, in print order; `matters` are the (code, name) of the matter categories."""
    items = [Indicator("consult_total", _("咨询合计"), S_CONSULT)]
    items += [Indicator(f"consult_{code}", str(label), S_CONSULT, indent=1) for code, label in CONSULT_CATEGORIES]

    items += [
        Indicator("app_received", _("收到申请"), S_APPLY),
        Indicator("app_decided", pgettext("statistics", "作出决定"), S_APPLY),
        Indicator("app_granted", _("准予法律援助"), S_APPLY, indent=1),
        Indicator("app_refused", pgettext("statistics", "不予法律援助"), S_APPLY, indent=1),
        Indicator("app_withdrawn", _("撤回(含视为撤回)"), S_APPLY),
    ]

    items.append(Indicator("case_opened", _("新收案件合计"), S_CASES))
    items += [
        Indicator(f"type_{code}", _("%(type)s案件") % {"type": label}, S_CASES, indent=1)
        for code, label in CaseType.choices
    ]
    items += [
        Indicator(f"stage_{code}", _("刑事·%(stage)s") % {"stage": label}, S_CASES, indent=2)
        for code, label in CriminalStage.choices
    ]
    items += [
        Indicator(f"source_{code}", _("来源：%(source)s") % {"source": label}, S_CASES, indent=1)
        for code, label in CASE_SOURCES
    ]
    items += [
        Indicator(f"matter_{code}", _("事项：%(matter)s") % {"matter": name}, S_CASES, indent=1)
        for code, name in matters
    ]
    items.append(Indicator("matter_none", _("事项：未分类"), S_CASES, indent=1))

    items.append(Indicator("duty_help", _("值班律师提供法律帮助"), S_DUTY))

    items.append(Indicator("aided_total", _("受援人合计"), S_AIDED))
    items += [Indicator(f"group_{code}", str(label), S_AIDED, indent=1) for code, label in PersonGroup.choices]

    items.append(Indicator("assigned_total", _("指派合计"), S_HANDLER))
    items += [Indicator(f"handler_{code}", str(label), S_HANDLER, indent=1) for code, label in HandlerType.choices]

    items.append(Indicator("case_closed", _("结案合计"), S_CLOSED))
    items += [Indicator(f"outcome_{code}", str(label), S_CLOSED, indent=1) for code, label in Outcome.choices]
    items.append(Indicator("recovered_amount", _("挽回经济损失(元)"), S_CLOSED, unit=MONEY))

    items += [
        Indicator("decision_median_days", _("收到申请至作出决定(中位数，天)"), S_TIMELINESS, unit=DAYS, combine=MEDIAN),
        Indicator("decision_total", pgettext("statistics", "作出决定"), S_TIMELINESS),
        Indicator("decision_on_time", _("其中法定期限内作出"), S_TIMELINESS, indent=1),
        Indicator(
            "decision_on_time_rate",
            _("决定期限内完成率(%)"),
            S_TIMELINESS,
            unit=PERCENT,
            combine=RATIO,
            numerator="decision_on_time",
            denominator="decision_total",
        ),
        Indicator("assignment_median_days", _("准予决定至指派(中位数，天)"), S_TIMELINESS, unit=DAYS, combine=MEDIAN),
        Indicator("assignment_total", pgettext("statistics", "指派"), S_TIMELINESS),
        Indicator("assignment_on_time", _("其中法定期限内指派"), S_TIMELINESS, indent=1),
        Indicator(
            "assignment_on_time_rate",
            _("指派期限内完成率(%)"),
            S_TIMELINESS,
            unit=PERCENT,
            combine=RATIO,
            numerator="assignment_on_time",
            denominator="assignment_total",
        ),
    ]

    items.append(Indicator("quality_total", _("评定合计"), S_QUALITY))
    items += [Indicator(f"grade_{code}", str(label), S_QUALITY, indent=1) for code, label in QualityGrade.choices]
    items += [
        Indicator("quality_passed", _("合格以上"), S_QUALITY, hidden=True),
        Indicator("quality_percent_sum", _("得分率合计"), S_QUALITY, hidden=True),
        Indicator(
            "quality_pass_rate",
            _("合格率(%)"),
            S_QUALITY,
            unit=PERCENT,
            combine=RATIO,
            numerator="quality_passed",
            denominator="quality_total",
        ),
        Indicator(
            "quality_average",
            _("平均得分率(%)"),
            S_QUALITY,
            unit=AVERAGE,
            combine=MEAN,
            numerator="quality_percent_sum",
            denominator="quality_total",
        ),
    ]

    items += [
        Indicator("visit_done", _("完成回访(次)"), S_VISITS),
        Indicator("visit_rated", _("有满意度评价(次)"), S_VISITS),
        Indicator("visit_satisfied", _("满意及非常满意"), S_VISITS, indent=1),
        Indicator("visit_dissatisfied", _("不满意及非常不满意"), S_VISITS, indent=1),
        Indicator("satisfaction_sum", _("满意度分值合计"), S_VISITS, hidden=True),
        Indicator(
            "satisfied_rate",
            _("满意率(%)"),
            S_VISITS,
            unit=PERCENT,
            combine=RATIO,
            numerator="visit_satisfied",
            denominator="visit_rated",
        ),
        Indicator(
            "satisfaction_average",
            _("平均满意度(5分制)"),
            S_VISITS,
            unit=AVERAGE,
            combine=MEAN,
            numerator="satisfaction_sum",
            denominator="visit_rated",
        ),
    ]

    items += [
        Indicator("complaint_received", _("收到投诉"), S_COMPLAINTS),
        Indicator("complaint_concluded", _("办结投诉"), S_COMPLAINTS),
        Indicator("complaint_upheld", _("其中属实或部分属实"), S_COMPLAINTS, indent=1),
    ]
    return [replace(item, label=str(item.label), section=str(item.section)) for item in items]


def localised(rows: list[dict], matters: list[tuple[str, str]]) -> list[dict]:
    """Stored indicator rows with their words in the active language: as stored under Chinese (the
    report exactly as made), else the current catalogue's label and section of each known key."""
    if (get_language() or "zh-hans").startswith("zh"):
        return rows
    current = {item.key: item for item in catalogue(matters)}
    return [
        row | {"label": current[row["key"]].label, "section": current[row["key"]].section}
        if row["key"] in current
        else row
        for row in rows
    ]


def from_dicts(rows: list[dict]) -> list[Indicator]:
    return [Indicator(**row) for row in rows]

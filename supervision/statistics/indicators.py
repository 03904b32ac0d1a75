"""The catalogue of figures a statistics report holds, section by section.

Each indicator says how a total over several organisations is formed from theirs:
`sum` adds them up; `median` is computed again over all the rows of the subtree; `ratio`
(a percentage) and `mean` are computed from two summed indicators. The catalogue is stored
with every report, so a report renders exactly as it was made after the catalogue changes.
"""

from dataclasses import asdict, dataclass

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


S_CONSULT = "一、法律咨询(人次)"
S_APPLY = "二、法律援助申请(件)"
S_CASES = "三、法律援助案件(件)"
S_DUTY = "四、值班律师法律帮助(人次)"
S_AIDED = "五、受援人(人次,一人一案计一次,一人属多类分别计入)"
S_HANDLER = "六、指派承办人(人次,按承办人类型)"
S_CLOSED = "七、结案"
S_TIMELINESS = "八、办理时效"
S_QUALITY = "九、案件质量评查(件)"
S_VISITS = "十、回访"
S_COMPLAINTS = "十一、投诉(件)"

CONSULT_CATEGORIES = Channel.Category.choices
CASE_SOURCES = Case.Source.choices
GOOD_GRADES = (QualityGrade.EXCELLENT, QualityGrade.GOOD, QualityGrade.PASS)
SATISFIED_AT_LEAST = 4


def catalogue(matters: list[tuple[str, str]]) -> list[Indicator]:
    """Every indicator, in print order; `matters` are the (code, name) of the matter categories."""
    items = [Indicator("consult_total", "咨询合计", S_CONSULT)]
    items += [Indicator(f"consult_{code}", str(label), S_CONSULT, indent=1) for code, label in CONSULT_CATEGORIES]

    items += [
        Indicator("app_received", "收到申请", S_APPLY),
        Indicator("app_decided", "作出决定", S_APPLY),
        Indicator("app_granted", "准予法律援助", S_APPLY, indent=1),
        Indicator("app_refused", "不予法律援助", S_APPLY, indent=1),
        Indicator("app_withdrawn", "撤回(含视为撤回)", S_APPLY),
    ]

    items.append(Indicator("case_opened", "新收案件合计", S_CASES))
    items += [Indicator(f"type_{code}", f"{label}案件", S_CASES, indent=1) for code, label in CaseType.choices]
    items += [Indicator(f"stage_{code}", f"刑事·{label}", S_CASES, indent=2) for code, label in CriminalStage.choices]
    items += [Indicator(f"source_{code}", f"来源:{label}", S_CASES, indent=1) for code, label in CASE_SOURCES]
    items += [Indicator(f"matter_{code}", f"事项:{name}", S_CASES, indent=1) for code, name in matters]
    items.append(Indicator("matter_none", "事项:未分类", S_CASES, indent=1))

    items.append(Indicator("duty_help", "值班律师提供法律帮助", S_DUTY))

    items.append(Indicator("aided_total", "受援人合计", S_AIDED))
    items += [Indicator(f"group_{code}", str(label), S_AIDED, indent=1) for code, label in PersonGroup.choices]

    items.append(Indicator("assigned_total", "指派合计", S_HANDLER))
    items += [Indicator(f"handler_{code}", str(label), S_HANDLER, indent=1) for code, label in HandlerType.choices]

    items.append(Indicator("case_closed", "结案合计", S_CLOSED))
    items += [Indicator(f"outcome_{code}", str(label), S_CLOSED, indent=1) for code, label in Outcome.choices]
    items.append(Indicator("recovered_amount", "挽回经济损失(元)", S_CLOSED, unit=MONEY))

    items += [
        Indicator("decision_median_days", "收到申请至作出决定(中位数,天)", S_TIMELINESS, unit=DAYS, combine=MEDIAN),
        Indicator("decision_total", "作出决定", S_TIMELINESS),
        Indicator("decision_on_time", "其中法定期限内作出", S_TIMELINESS, indent=1),
        Indicator(
            "decision_on_time_rate",
            "决定期限内完成率(%)",
            S_TIMELINESS,
            unit=PERCENT,
            combine=RATIO,
            numerator="decision_on_time",
            denominator="decision_total",
        ),
        Indicator("assignment_median_days", "准予决定至指派(中位数,天)", S_TIMELINESS, unit=DAYS, combine=MEDIAN),
        Indicator("assignment_total", "指派", S_TIMELINESS),
        Indicator("assignment_on_time", "其中法定期限内指派", S_TIMELINESS, indent=1),
        Indicator(
            "assignment_on_time_rate",
            "指派期限内完成率(%)",
            S_TIMELINESS,
            unit=PERCENT,
            combine=RATIO,
            numerator="assignment_on_time",
            denominator="assignment_total",
        ),
    ]

    items.append(Indicator("quality_total", "评定合计", S_QUALITY))
    items += [Indicator(f"grade_{code}", str(label), S_QUALITY, indent=1) for code, label in QualityGrade.choices]
    items += [
        Indicator("quality_passed", "合格以上", S_QUALITY, hidden=True),
        Indicator("quality_percent_sum", "得分率合计", S_QUALITY, hidden=True),
        Indicator(
            "quality_pass_rate",
            "合格率(%)",
            S_QUALITY,
            unit=PERCENT,
            combine=RATIO,
            numerator="quality_passed",
            denominator="quality_total",
        ),
        Indicator(
            "quality_average",
            "平均得分率(%)",
            S_QUALITY,
            unit=AVERAGE,
            combine=MEAN,
            numerator="quality_percent_sum",
            denominator="quality_total",
        ),
    ]

    items += [
        Indicator("visit_done", "完成回访(次)", S_VISITS),
        Indicator("visit_rated", "有满意度评价(次)", S_VISITS),
        Indicator("visit_satisfied", "满意及非常满意", S_VISITS, indent=1),
        Indicator("visit_dissatisfied", "不满意及非常不满意", S_VISITS, indent=1),
        Indicator("satisfaction_sum", "满意度分值合计", S_VISITS, hidden=True),
        Indicator(
            "satisfied_rate",
            "满意率(%)",
            S_VISITS,
            unit=PERCENT,
            combine=RATIO,
            numerator="visit_satisfied",
            denominator="visit_rated",
        ),
        Indicator(
            "satisfaction_average",
            "平均满意度(5分制)",
            S_VISITS,
            unit=AVERAGE,
            combine=MEAN,
            numerator="satisfaction_sum",
            denominator="visit_rated",
        ),
    ]

    items += [
        Indicator("complaint_received", "收到投诉", S_COMPLAINTS),
        Indicator("complaint_concluded", "办结投诉", S_COMPLAINTS),
        Indicator("complaint_upheld", "其中属实或部分属实", S_COMPLAINTS, indent=1),
    ]
    return items


def from_dicts(rows: list[dict]) -> list[Indicator]:
    return [Indicator(**row) for row in rows]

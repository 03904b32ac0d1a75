"""The database aggregates behind every figure: one grouped query per table and period.

Each function returns the figures of every organisation's *own* records, keyed by
organisation id: a query groups by the organisation a record belongs to, and every figure
is a conditional `Count`/`Sum`/median with `filter=`. No Python loop ever walks the rows.
Totals up the hierarchy are sums of these (see `figures.py`), except medians, which
`medians` computes over the rows of each organisation and of each subtree.

Which organisation a record belongs to: a consultation to the organisation that took it,
an application to the one that received it, a case (and its aided persons, assignments,
closing, quality assessment and follow-up visits) to the organisation that received it,
duty-lawyer help to the workstation, a complaint to its case's receiving organisation or,
without a case, to the centre.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import timedelta

from django.db.models import (
    Aggregate,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, ExtractDay, ExtractMonth, ExtractYear

from cases.models import Assignment, Case, CaseParty, DutyHelp, Outcome
from intake.models import MAJORITY_ETHNIC_GROUP, Application, Consultation, Person
from legalaid.vocabulary import CaseType, CriminalStage, HandlerType, PersonGroup

from ..models import Complaint, FollowUpVisit, QualityAssessment
from ..models.quality import QualityGrade
from . import indicators
from .periods import Period

Figures = dict[str, object]


class Median(Aggregate):
    """The median (PostgreSQL `percentile_cont(0.5)`; on SQLite a registered `stats_median`)."""

    function = "PERCENTILE_CONT"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    allow_distinct = False

    def as_sqlite(self, compiler, connection, **extra_context):
        clone = self.copy()
        clone.function, clone.template = "STATS_MEDIAN", "%(function)s(%(expressions)s)"
        return clone.as_sql(compiler, connection, **extra_context)


def _days(value) -> float | None:
    """A median duration as days with one decimal (never negative: the queries keep only pairs in order)."""
    if value is None:
        return None
    if not isinstance(value, timedelta):
        value = timedelta(microseconds=float(value))
    return round(value.total_seconds() / 86400, 1)


def _within(field: str, period: Period) -> Q:
    """A datetime field inside the period's local days."""
    return Q(**{f"{field}__gte": period.start, f"{field}__lt": period.end})


def _within_days(field: str, period: Period) -> Q:
    return Q(**{f"{field}__gte": period.first, f"{field}__lt": period.after})


def _collect(rows: Iterable[dict], key: str, into: dict[int, Figures]) -> None:
    for row in rows:
        org_id = row.pop(key)
        into[org_id].update(row)


# ---------------------------------------------------------------- consultations


def consultations(org_ids: list[int], period: Period, into: dict[int, Figures]) -> None:
    counts = {"consult_total": Count("pk")}
    for code, _label in indicators.CONSULT_CATEGORIES:
        counts[f"consult_{code}"] = Count("pk", filter=Q(channel__category=code))
    rows = (
        Consultation.objects.filter(_within("consulted_at", period), organisation_id__in=org_ids)
        .values("organisation_id")
        .annotate(**counts)
        .order_by()
    )
    _collect(rows, "organisation_id", into)


# ---------------------------------------------------------------- applications

DECIDED = (Application.Status.GRANTED, Application.Status.REFUSED)
WITHDRAWN = (Application.Status.WITHDRAWN, Application.Status.DEEMED_WITHDRAWN)


def _decided(period: Period) -> Q:
    return _within("decided_at", period) & Q(status__in=DECIDED)


def _decision_days():
    return ExpressionWrapper(F("decided_at") - F("received_at"), output_field=DurationField())


def _timed_decisions(period: Period) -> Q:
    """Decisions whose duration can be measured: a decision recorded before its application was
    received is bad data, refused here rather than counted as a negative duration."""
    return _decided(period) & Q(decided_at__gte=F("received_at"))


def applications(org_ids: list[int], period: Period, into: dict[int, Figures]) -> None:
    received, decided = _within("received_at", period), _decided(period)
    withdrawn = _within("status_changed_at", period) & Q(status__in=WITHDRAWN)
    on_time = decided & Q(decided_at__date__lte=F("decision_due"))
    rows = (
        Application.objects.filter(received | decided | withdrawn, receiving_organisation_id__in=org_ids)
        .values("receiving_organisation_id")
        .annotate(
            app_received=Count("pk", filter=received),
            app_decided=Count("pk", filter=decided),
            app_granted=Count("pk", filter=decided & Q(status=Application.Status.GRANTED)),
            app_refused=Count("pk", filter=decided & Q(status=Application.Status.REFUSED)),
            app_withdrawn=Count("pk", filter=withdrawn),
            decision_total=Count("pk", filter=decided),
            decision_on_time=Count("pk", filter=on_time),
        )
        .order_by()
    )
    _collect(rows, "receiving_organisation_id", into)


# ---------------------------------------------------------------- cases


# The "decision to assignment" clock pairs the *first* assignment of a case opened on an application
# with the decision that authorised aid: the pre-provision decision (LAL 44) when there was one (the
# case is then assigned before the grant, so the grant cannot start the clock), else the grant. A
# later assignment (after a change of handler) restarts the assignment deadline but is not the
# decision-to-assignment time. A pair whose assignment precedes its start is inconsistent data and is
# left out: a duration is never negative.
AID_AUTHORISED = Coalesce("case__application__pre_provision_at", "case__application__decided_at")


def _assignment_days():
    return ExpressionWrapper(F("assigned_at") - F("authorised_at"), output_field=DurationField())


def _first_assignments(period: Period, org_ids) -> QuerySet:
    earlier = Assignment.objects.filter(case_id=OuterRef("case_id"), assigned_at__lt=OuterRef("assigned_at"))
    return (
        Assignment.objects.filter(
            _within("assigned_at", period),
            case__source=Case.Source.APPLICATION,
            case__application__isnull=False,
            case__received_by_id__in=org_ids,
        )
        .exclude(Exists(earlier))
        .annotate(authorised_at=AID_AUTHORISED)
        .filter(authorised_at__isnull=False, assigned_at__gte=F("authorised_at"))
    )


def _grouped_cases(window: Q, org_ids: list[int], counts: dict, into: dict[int, Figures]) -> None:
    rows = (
        Case.objects.filter(window, received_by_id__in=org_ids).values("received_by_id").annotate(**counts).order_by()
    )
    _collect(rows, "received_by_id", into)


def cases(org_ids: list[int], period: Period, matters: list[tuple[int, str]], into: dict[int, Figures]) -> None:
    """Cases opened, assigned and closed in the period, with every breakdown: one grouped query each,
    so that each reads only its own period's rows through its date index."""
    criminal = Q(case_type=CaseType.CRIMINAL)
    opened = {"case_opened": Count("pk")}
    opened |= {f"type_{code}": Count("pk", filter=Q(case_type=code)) for code in CaseType.values}
    opened |= {f"stage_{code}": Count("pk", filter=criminal & Q(criminal_stage=code)) for code in CriminalStage.values}
    opened |= {f"source_{code}": Count("pk", filter=Q(source=code)) for code, _ in indicators.CASE_SOURCES}
    opened |= {f"matter_{code}": Count("pk", filter=Q(matter_id=pk)) for pk, code in matters}
    opened["matter_none"] = Count("pk", filter=Q(matter__isnull=True))
    _grouped_cases(_within("accepted_at", period), org_ids, opened, into)

    assigned = {"assigned_total": Count("pk")}
    assigned |= {f"handler_{code}": Count("pk", filter=Q(handler_type=code)) for code in HandlerType.values}
    assigned["assignment_total"] = Count("pk")
    assigned["assignment_on_time"] = Count(
        "pk", filter=Q(assignment_due__isnull=True) | Q(assigned_at__date__lte=F("assignment_due"))
    )
    _grouped_cases(_within("assigned_at", period), org_ids, assigned, into)

    closed = {"case_closed": Count("pk")}
    closed |= {f"outcome_{code}": Count("pk", filter=Q(outcome=code)) for code in Outcome.values}
    closed["recovered_amount"] = Sum("recovered_amount")
    _grouped_cases(_within("closed_at", period), org_ids, closed, into)


# ---------------------------------------------------------------- aided persons


def _ymd(prefix: str):
    """A date as the number yyyymmdd, so that an age is a difference divided by 10000."""
    return ExtractYear(prefix) * Value(10000) + ExtractMonth(prefix) * Value(100) + ExtractDay(prefix)


def group_conditions() -> dict[str, Q]:
    """Each statistics group as a condition on an annotated `age_code` and the person's fields.

    Mirrors `intake.models.Person.groups(on=<day the case was accepted>)`.
    """
    person = "person__"
    return {
        PersonGroup.ELDERLY: Q(age_code__gte=600000),
        PersonGroup.MINOR: Q(age_code__lt=180000),
        PersonGroup.WOMAN: Q(**{f"{person}sex": Person.Sex.FEMALE}),
        PersonGroup.DISABLED: Q(**{f"{person}is_disabled": True}),
        PersonGroup.MIGRANT_WORKER: Q(**{f"{person}is_migrant_worker": True}),
        PersonGroup.SERVICE_MEMBER: Q(**{f"{person}is_service_member": True}),
        PersonGroup.ETHNIC_MINORITY: ~Q(**{f"{person}ethnicity": ""})
        & ~Q(**{f"{person}ethnicity": MAJORITY_ETHNIC_GROUP}),
        PersonGroup.FOREIGNER: Q(**{f"{person}id_type__in": Person.FOREIGN_ID_TYPES})
        | (~Q(**{f"{person}nationality": ""}) & ~Q(**{f"{person}nationality": "中国"})),
    }


def aided_persons(org_ids: list[int], period: Period, into: dict[int, Figures]) -> None:
    """Aided persons of the cases opened in the period: a person once per case, in each of their groups."""
    counts = {"aided_total": Count("pk")}
    counts |= {f"group_{code}": Count("pk", filter=cond) for code, cond in group_conditions().items()}
    rows = (
        CaseParty.objects.filter(_within("case__accepted_at", period), case__received_by_id__in=org_ids)
        .annotate(
            age_code=ExpressionWrapper(
                _ymd("case__accepted_at") - _ymd("person__birth_date"), output_field=IntegerField()
            )
        )
        .values("case__received_by_id")
        .annotate(**counts)
        .order_by()
    )
    _collect(rows, "case__received_by_id", into)


# ---------------------------------------------------------------- duty-lawyer help


def duty_help(org_ids: list[int], period: Period, into: dict[int, Figures]) -> None:
    rows = (
        DutyHelp.objects.filter(_within_days("helped_on", period), workstation_id__in=org_ids)
        .values("workstation_id")
        .annotate(duty_help=Count("pk"))
        .order_by()
    )
    _collect(rows, "workstation_id", into)


# ---------------------------------------------------------------- quality, visits, complaints


def quality(org_ids: list[int], period: Period, into: dict[int, Figures]) -> None:
    counts = {"quality_total": Count("pk")}
    counts |= {f"grade_{code}": Count("pk", filter=Q(grade=code)) for code in QualityGrade.values}
    counts["quality_passed"] = Count("pk", filter=Q(grade__in=indicators.GOOD_GRADES))
    counts["quality_percent_sum"] = Sum("percent")
    rows = (
        QualityAssessment.objects.filter(
            _within("finalised_at", period),
            status=QualityAssessment.Status.FINALISED,
            case__received_by_id__in=org_ids,
        )
        .values("case__received_by_id")
        .annotate(**counts)
        .order_by()
    )
    _collect(rows, "case__received_by_id", into)


def visits(org_ids: list[int], period: Period, into: dict[int, Figures]) -> None:
    rated = Q(satisfaction__isnull=False)
    rows = (
        FollowUpVisit.objects.filter(
            _within_days("performed_on", period),
            status=FollowUpVisit.Status.DONE,
            case__received_by_id__in=org_ids,
        )
        .values("case__received_by_id")
        .annotate(
            visit_done=Count("pk"),
            visit_rated=Count("pk", filter=rated),
            visit_satisfied=Count("pk", filter=Q(satisfaction__gte=indicators.SATISFIED_AT_LEAST)),
            visit_dissatisfied=Count("pk", filter=Q(satisfaction__lte=2)),
            satisfaction_sum=Sum("satisfaction"),
        )
        .order_by()
    )
    _collect(rows, "case__received_by_id", into)


def complaints(org_ids: list[int], period: Period, into: dict[int, Figures]) -> None:
    received = _within_days("received_on", period)
    concluded = _within_days("concluded_on", period)
    upheld = concluded & Q(outcome__in=(Complaint.Outcome.UPHELD, Complaint.Outcome.PARTLY))
    rows = (
        Complaint.objects.annotate(owner_id=Coalesce("case__received_by_id", "centre_id"))
        .filter(received | concluded, owner_id__in=org_ids)
        .values("owner_id")
        .annotate(
            complaint_received=Count("pk", filter=received),
            complaint_concluded=Count("pk", filter=concluded),
            complaint_upheld=Count("pk", filter=upheld),
        )
        .order_by()
    )
    _collect(rows, "owner_id", into)


# ---------------------------------------------------------------- all of them


def own_figures(org_ids: list[int], period: Period, matters: list[tuple[int, str]]) -> dict[int, Figures]:
    """Every additive figure and the own medians of each organisation, for one period."""
    found: dict[int, Figures] = defaultdict(dict)
    consultations(org_ids, period, found)
    applications(org_ids, period, found)
    cases(org_ids, period, matters, found)
    aided_persons(org_ids, period, found)
    duty_help(org_ids, period, found)
    quality(org_ids, period, found)
    visits(org_ids, period, found)
    complaints(org_ids, period, found)
    return found


def medians(groups: dict, period: Period) -> dict:
    """The medians over the rows of each group of organisations (medians do not add up, so each
    subtree's is computed over its own rows): one query per table, one filtered median per group."""
    if not groups:
        return {}
    keys = list(groups)
    everyone = {org_id for ids in groups.values() for org_id in ids}
    decisions = Application.objects.filter(_timed_decisions(period), receiving_organisation_id__in=everyone)
    app_medians = decisions.aggregate(
        **{
            f"m{index}": Median(
                _decision_days(), filter=Q(receiving_organisation_id__in=groups[key]), output_field=DurationField()
            )
            for index, key in enumerate(keys)
        }
    )
    case_medians = _first_assignments(period, everyone).aggregate(
        **{
            f"m{index}": Median(
                _assignment_days(), filter=Q(case__received_by_id__in=groups[key]), output_field=DurationField()
            )
            for index, key in enumerate(keys)
        }
    )
    return {
        key: {
            "decision_median_days": _days(app_medians[f"m{index}"]),
            "assignment_median_days": _days(case_medians[f"m{index}"]),
        }
        for index, key in enumerate(keys)
    }

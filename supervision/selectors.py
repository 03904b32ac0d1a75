"""Reads of supervision records, always scoped to what the user may see.

Case-bound records are scoped through `cases.selectors.cases_for_user`; records kept per centre
(complaints, bulletins) through the centres the user works for.
"""

from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from cases.models import Case, CaseEvent
from cases.selectors import cases_for_user, visible_centre_ids
from legalaid.models import Organisation

from . import normalise
from .models import (
    CardResponse,
    Complaint,
    EnforcementWatch,
    FollowUpVisit,
    Instalment,
    MonthlyBulletin,
    QualityAssessment,
    SupervisionActivity,
    SupervisionCard,
    SupervisionFlag,
    SupervisionPolicy,
)

CLOSED_STATUSES = (Case.Status.CLOSED, Case.Status.ARCHIVED)


def _today() -> date:
    return timezone.localdate()


def _case_scoped(queryset: QuerySet, user, field: str = "case") -> QuerySet:
    return queryset.filter(**{f"{field}__in": cases_for_user(user).values("pk")})


def case_by_number(cases: QuerySet[Case], text: str) -> Case | None:
    """The case among `cases` whose number is `text`, however its brackets and digits were typed."""
    variants = normalise.case_number_variants(text)
    return cases.filter(number__in=variants).first() if variants else None


def centres_for_user(user) -> QuerySet[Organisation]:
    ids = visible_centre_ids(user)
    centres = Organisation.objects.filter(kind__in=Organisation.CENTRE_KINDS)
    return centres if ids is None else centres.filter(pk__in=ids)


def _centre_scoped(queryset: QuerySet, user, field: str = "centre") -> QuerySet:
    ids = visible_centre_ids(user)
    return queryset if ids is None else queryset.filter(**{f"{field}_id__in": ids})


# ---------------------------------------------------------------- quality


def unassessed_cases(user) -> QuerySet[Case]:
    """Closed cases not yet assessed (or still being scored), unordered: the quality queue's count.

    Read from the closed cases' own mark (Case.assessed_at), so the partial index cases_case_quality_queue
    holds the waiting cases alone: an anti-join against the finished assessments read all of a centre's
    history (11,000 closed cases and as many assessments at 1,000,000 cases) to find a few hundred."""
    return cases_for_user(user).filter(status__in=CLOSED_STATUSES, handler__isnull=False, assessed_at__isnull=True)


def assessment_queue(user) -> QuerySet[Case]:
    """The quality queue, oldest closing first (the index cases_case_quality_queue, in its order)."""
    return (
        unassessed_cases(user)
        .select_related("centre", "handler", "handler_organisation", "quality_assessment")
        .order_by("closed_at", "pk")
    )


def assessments_for_user(user) -> QuerySet[QualityAssessment]:
    return _case_scoped(QualityAssessment.objects.all(), user).select_related(
        "case", "handler", "handler_organisation", "rubric"
    )


def assessment_for_user(user, pk: int) -> QualityAssessment:
    return get_object_or_404(assessments_for_user(user), pk=pk)


def assessment_reviews(assessment: QualityAssessment) -> list:
    return list(
        assessment.reviews.select_related("reviewer", "reviewer_organisation", "recorded_by").prefetch_related("scores")
    )


# ---------------------------------------------------------------- activities, visits, flags


def activities_for_case(case: Case) -> QuerySet[SupervisionActivity]:
    return case.supervision_activities.select_related("observer", "recorded_by")


def activities_for_user(user) -> QuerySet[SupervisionActivity]:
    return _case_scoped(SupervisionActivity.objects.all(), user).select_related("case", "observer")


def activity_for_user(user, pk: int) -> SupervisionActivity:
    return get_object_or_404(activities_for_user(user), pk=pk)


def visits_for_user(user) -> QuerySet[FollowUpVisit]:
    return _case_scoped(FollowUpVisit.objects.all(), user).select_related(
        "case", "handler", "performed_by", "scheduled_by"
    )


def visit_for_user(user, pk: int) -> FollowUpVisit:
    return get_object_or_404(visits_for_user(user), pk=pk)


def visits_due(user, today: date | None = None, horizon_days: int = 7) -> QuerySet[FollowUpVisit]:
    """Scheduled visits due within `horizon_days`, overdue ones first."""
    today = today or _today()
    return (
        visits_for_user(user)
        .filter(status=FollowUpVisit.Status.SCHEDULED, due_date__lte=today + timedelta(days=horizon_days))
        .order_by("due_date", "pk")
    )


def flags_for_user(user) -> QuerySet[SupervisionFlag]:
    return _case_scoped(SupervisionFlag.objects.all(), user).select_related("case", "handler", "resolved_by")


def flag_for_user(user, pk: int) -> SupervisionFlag:
    return get_object_or_404(flags_for_user(user), pk=pk)


# ---------------------------------------------------------------- cards


def cards_for_user(user) -> QuerySet[SupervisionCard]:
    return _case_scoped(SupervisionCard.objects.all(), user).select_related(
        "case", "handler", "handler_organisation", "response"
    )


def card_for_user(user, pk: int) -> SupervisionCard:
    return get_object_or_404(cards_for_user(user), pk=pk)


def card_by_code(code: str) -> SupervisionCard | None:
    """Public lookup by return code (no scope: the code is the credential)."""
    if not code:
        return None
    return (
        SupervisionCard.objects.select_related("case", "centre", "handler", "response").filter(return_code=code).first()
    )


def cards_for_period(user, start: date, end: date, centre_id: int | None = None) -> QuerySet[SupervisionCard]:
    cards = cards_for_user(user).filter(issued_at__date__gte=start, issued_at__date__lte=end)
    if centre_id:
        cards = cards.filter(centre_id=centre_id)
    return cards.select_related("centre", "case__centre").order_by("issued_at", "pk")


def card_return_rates(user, start: date, end: date) -> dict:
    """Cards issued in the period and how many came back, per centre and per handler (SQL aggregates)."""
    cards = cards_for_user(user).filter(issued_at__date__gte=start, issued_at__date__lte=end)
    returned = Count("pk", filter=Q(response__isnull=False))
    by_centre = cards.values("centre__name").annotate(issued=Count("pk"), returned=returned).order_by("centre__name")
    by_handler = (
        cards.values("handler_id", "handler__last_name", "handler__first_name", "handler_organisation__name")
        .annotate(issued=Count("pk"), returned=returned)
        .order_by("handler_organisation__name", "handler__last_name", "handler__first_name")
    )

    def rate(row):
        row["rate"] = round(row["returned"] * 100 / row["issued"], 1) if row["issued"] else None
        return row

    return {
        "centres": [rate(dict(row)) for row in by_centre],
        "handlers": [
            rate({**row, "handler": f"{row['handler__last_name']}{row['handler__first_name']}"}) for row in by_handler
        ],
    }


def card_batches_for_user(user) -> QuerySet:
    from .models import CardBatch

    return CardBatch.objects.filter(requested_by=user).select_related("centre")


def card_batch_for_user(user, pk: int):
    return get_object_or_404(card_batches_for_user(user), pk=pk)


# ---------------------------------------------------------------- complaints


def complaints_for_user(user) -> QuerySet[Complaint]:
    from legalaid.roles import Role
    from legalaid.selectors import user_role

    complaints = Complaint.objects.select_related("centre", "case", "handler", "registered_by")
    if user_role(user) == Role.HANDLER:
        return complaints.filter(handler=user)
    return _centre_scoped(complaints, user)


def complaint_for_user(user, pk: int) -> Complaint:
    return get_object_or_404(complaints_for_user(user), pk=pk)


def complaints_overdue(user, today: date | None = None) -> QuerySet[Complaint]:
    today = today or _today()
    return complaints_for_user(user).filter(
        Q(status=Complaint.Status.RECEIVED, accept_due__lt=today)
        | Q(status=Complaint.Status.ACCEPTED, conclude_due__lt=today)
        | Q(status=Complaint.Status.CONCLUDED, reply_due__lt=today)
    )


# ---------------------------------------------------------------- enforcement


def watches_for_user(user) -> QuerySet[EnforcementWatch]:
    return _case_scoped(EnforcementWatch.objects.all(), user).select_related("case", "registered_by")


def watch_for_user(user, pk: int) -> EnforcementWatch:
    return get_object_or_404(watches_for_user(user), pk=pk)


def watches_needing_attention(user, today: date | None = None) -> QuerySet[EnforcementWatch]:
    """Open follow-ups whose limit is near (first reminder date reached) or with a missed payment."""
    today = today or _today()
    missed = Instalment.objects.filter(watch=OuterRef("pk"), status=Instalment.Status.MISSED)
    overdue = Instalment.objects.filter(watch=OuterRef("pk"), status=Instalment.Status.PENDING, due_date__lt=today)
    return (
        watches_for_user(user)
        .filter(status=EnforcementWatch.Status.OPEN)
        .annotate(has_missed=Exists(missed), has_overdue=Exists(overdue))
        .filter(Q(first_reminder_on__lte=today) | Q(has_missed=True) | Q(has_overdue=True))
        .order_by("limit_date")
    )


# ---------------------------------------------------------------- stale cases


def stale_cases(user, today: date | None = None) -> QuerySet[Case]:
    """Cases being handled with no recorded event for the policy's number of days, longest silence first."""
    today = today or _today()
    days = SupervisionPolicy.for_day(today).stale_case_days
    cutoff = timezone.now() - timedelta(days=days)
    # No event since the cutoff: each handling case's latest (Case.last_event_at) read with it from the
    # index of the handling cases (cases_case_handling), not the whole network's events since the cutoff.
    silent = Q(last_event_at__isnull=True) | Q(last_event_at__lt=cutoff)
    return (
        cases_for_user(user)
        .filter(silent, status__in=Case.HANDLING, assigned_at__lt=cutoff)
        .select_related("centre", "handler", "handler_organisation")
        .order_by("last_event_at", "assigned_at")
    )


# ---------------------------------------------------------------- bulletins and the handler's record


def bulletins_for_user(user) -> QuerySet[MonthlyBulletin]:
    return _centre_scoped(MonthlyBulletin.objects.select_related("organisation"), user, field="organisation")


def bulletin_for_user(user, pk: int) -> MonthlyBulletin:
    return get_object_or_404(bulletins_for_user(user), pk=pk)


def handler_record(user, handler) -> dict:
    """What supervision knows of one handler: grades, complaints, card answers, flags, visits."""
    assessments = assessments_for_user(user).filter(handler=handler, status=QualityAssessment.Status.FINALISED)
    return {
        "assessments": assessments.order_by("-finalised_at")[:50],
        "grades": assessments.values("grade").annotate(n=Count("pk")).order_by("grade"),
        "complaints": complaints_for_user(user).filter(handler=handler).order_by("-received_on")[:50],
        "responses": CardResponse.objects.filter(card__in=cards_for_user(user).filter(handler=handler).values("pk"))
        .select_related("card__case")
        .order_by("-submitted_at")[:50],
        "flags": flags_for_user(user).filter(handler=handler)[:50],
        "visits": visits_for_user(user)
        .filter(handler=handler, status=FollowUpVisit.Status.DONE)
        .order_by("-performed_on")[:50],
    }


def case_supervision(user, case: Case) -> dict:
    """Everything supervision holds on one case, for its supervision page."""
    return {
        "assessment": QualityAssessment.objects.filter(case=case).first(),
        "activities": activities_for_case(case),
        "visits": case.follow_ups.select_related("performed_by", "handler").order_by("due_date"),
        "cards": case.cards.select_related("handler", "response"),
        "complaints": case.complaints.all(),
        "watches": case.enforcement_watches.prefetch_related("instalments"),
        "flags": SupervisionFlag.objects.filter(case=case).select_related("resolved_by"),
        "events": case.events.filter(
            kind__in=[CaseEvent.Kind.SUPERVISION, CaseEvent.Kind.FOLLOW_UP, CaseEvent.Kind.COMPLAINT]
        ).select_related("actor"),
    }

"""Applications: scoped lists, the review queue and its counts, checklist and notice wording."""

from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from django.db import router
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import OrderBy
from django.shortcuts import get_object_or_404
from django.utils import timezone

from legalaid.compiled import CompiledPerKey
from legalaid.kernel import history_rows
from legalaid.models import Organisation
from legalaid.paginators import CountedRows
from legalaid.search import normalise, one_character, person_filter, rows_matching_any, text_contains
from legalaid.selectors import sees_everything, user_profile, visible_centre_ids, visible_organisations

from .. import clock
from ..models import (
    Application,
    Channel,
    MaterialRequirement,
    NoticeText,
    Person,
)

Status = Application.Status


def applications_for_user(user) -> QuerySet[Application]:
    """Applications filed at an organisation the user may see.

    The deciding centre is always at or above the receiving organisation, so a centre's
    staff (who see its subtree) see every application it decides; a clerk sees only what
    their own workstation filed.
    """
    scope = application_scope(user)
    if scope is None:
        return Application.objects.filter(receiving_organisation__in=visible_organisations(user).values("pk"))
    return applications_in_scope(scope)


def application_scope(user) -> tuple | None:
    """The applications a user sees, as a key: ("all",) or ("centres", ids) when they are named by the
    deciding centre; None when they are the ones filed at the organisations the user may see (a
    workstation's clerk, the bureau), which is a subquery of its own."""
    if sees_everything(user):
        return ("all",)
    profile = user_profile(user)
    if profile is not None and profile.works_for_centre:
        return ("centres", tuple(visible_centre_ids(user)))
    return None


def applications_in_scope(scope: tuple) -> QuerySet[Application]:
    """The applications of a scope key (`application_scope`)."""
    if scope[0] == "all":
        return Application.objects.all()
    # Same rows as by the receiving organisation, but by the deciding centre, named by id: one indexed range
    # (centre, status, due date; centre, received), which a county's list walks in its order a page at a time.
    return Application.objects.filter(centre_id__in=scope[1])


def application_for_user(user, pk: int) -> Application:
    """One application in the user's scope, or Http404; with `simplified` for its decision clock."""
    queryset = applications_for_user(user).select_related(
        "applicant", "representative", "channel", "receiving_organisation", "centre", "matter", "received_by"
    )
    return get_object_or_404(queryset.annotate(simplified=simplified_expression()), pk=pk)


def application_list(user, *, status: str = "", query: str = "") -> QuerySet[Application]:
    applications = applications_for_user(user).select_related(
        "applicant", "channel", "receiving_organisation", "centre", "matter"
    )
    if status:
        applications = applications.filter(status=status)
    if query:
        applications = application_text_matches(applications, query)
    return applications.order_by("-received_at", "-pk")


def application_text_matches(applications: QuerySet[Application], text: str) -> QuerySet[Application]:
    """The `applications` whose number contains what was typed, or whose applicant's name, ID number or
    phone does (by fragment).

    Each way is looked up on its own (legalaid.search.rows_matching_any). A number is digits
    (`_receipt_number`), so a fragment without a digit is not looked for among the numbers, which no index
    serves (a scan of the centre's applications: 93 ms for a name at a million cases)."""
    text = normalise(text)
    if one_character(text):
        # A surname alone is in tens of thousands of names of every centre: tested on the centre's own
        # applications (read in order, so a page stops early) rather than looked up, by the name each
        # keeps, without reading its applicant (the SQL 144 ms against 30 at a million cases).
        return applications.filter(text_contains("applicant_name", text))
    ways = []
    if any(character.isdigit() for character in text):
        ways.append(Q(number__contains=text))
    persons = person_filter(text, name="name", id_number="id_number", phone="phone")
    if persons is not None:
        ways.append(Q(applicant__in=Person.objects.filter(persons).values("pk")))
    return rows_matching_any(applications, ways)


def application_by_token(token: str) -> Application | None:
    """The application filed by a form bearing this one-time token, if that form was already sent."""
    return Application.objects.filter(submission_token=token).first() if token else None


def urgent_now_q(today: date) -> Q:
    """Urgent if flagged, or if the deadline is now fewer than 7 days away (LAL 44)."""
    return (
        Q(is_urgent=True)
        | Q(needs_preservation=True)
        | Q(deadline_date__lt=today + timedelta(days=clock.URGENT_THRESHOLD_DAYS))
    )


def urgent_now_expression(today: date):
    """`urgent_now_q` as a value, to sort by."""
    return Case(When(urgent_now_q(today), then=Value(True)), default=Value(False), output_field=BooleanField())


def simplified_expression(application_ref: str = "pk") -> Exists:
    """The application takes the simplified, same-day path (即申即批): its current means test found the
    applicant in a priority group.

    Read through the name eligibility files its means tests under (`means_assessments`), not through
    an import: intake stays free of the later stage's code, and every queue gets the same answer.
    `application_ref` is the path to the application's pk from the queried model.
    """
    assessments = Application._meta.get_field("means_assessments").related_model
    return Exists(
        assessments.objects.filter(
            application=OuterRef(application_ref), status="current", priority_group__isnull=False
        )
    )


def queue_order(*, simplified, urgent, due: str, since: str) -> list[OrderBy]:
    """The one ordering of every queue an application or its case waits in (review, decision, opening,
    assignment): the simplified same-day path first, then urgent ones (LAL 44), then the nearest due
    date, then first come. `simplified` and `urgent` are boolean expressions or Q objects."""
    rank = Case(
        When(simplified, then=Value(0)), When(urgent, then=Value(1)), default=Value(2), output_field=IntegerField()
    )
    return [rank.asc(), F(due).asc(nulls_last=True), F(since).asc(), F("pk").asc()]


QUEUE_VIEWS = {
    "review": (Status.RECEIVED, Status.UNDER_REVIEW),
    "materials": (Status.AWAITING_MATERIALS,),
    "workstations": (Status.PRELIMINARY_REVIEW,),
}


# What a row of the queue page (and its export) shows beside the application itself.
QUEUE_ROW_RELATED = ("applicant", "channel", "receiving_organisation", "matter")


def review_queue(
    user, *, view: str = "review", today: date | None = None, related: tuple[str, ...] = QUEUE_ROW_RELATED
) -> QuerySet[Application]:
    """The centre's review queue: the simplified path first, then urgent, then by decision due date.

    A constant number of queries whatever the number of rows: the related rows are read for the
    rows shown only, after the sort (prefetched). Joined, every open application's person,
    organisation and channel would be read before the database sorts and cuts the set, so the first
    page grew with the queue (issue 14); alone, the sort reads only the application rows (index
    intake_app_queue), a fifth of the work at 100,000 cases. `related`: the relations the rows show.
    """
    return _review_queue(applications_for_user(user), view, today or timezone.localdate(), related)


def _review_queue(
    applications: QuerySet[Application], view: str, today: date, related: tuple[str, ...]
) -> QuerySet[Application]:
    statuses = QUEUE_VIEWS.get(view, QUEUE_VIEWS["review"])
    overdue, due_today = decision_clock_q(today)
    return (
        applications.filter(status__in=statuses)
        .prefetch_related(*related)
        .annotate(urgent_now=urgent_now_expression(today), simplified=simplified_expression())
        .annotate(
            due_rank=Case(
                When(overdue, then=Value(0)),
                When(due_today, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by(
            *queue_order(
                simplified=Q(simplified=True), urgent=Q(urgent_now=True), due="decision_due", since="received_at"
            )
        )
    )


def application_pages(
    user, count: int, kept: CompiledPerKey, key: tuple, queryset: Callable[[], QuerySet]
) -> CountedRows:
    """The `count` rows of an application list to page through. Where the user's scope is named by centres
    (`application_scope`), each page is read by `kept`, a statement kept per `(scope, *key, start, stop)`;
    a clerk's or the bureau's scope is a subquery of its own, so their pages are read through `queryset()`."""
    scope = application_scope(user)
    if scope is None:
        rows = queryset()
        return CountedRows(count, lambda start, stop: list(rows[start:stop]))
    alias = router.db_for_read(Application)
    return CountedRows(count, lambda start, stop: kept.records(alias, (scope, *key, start, stop)))


def _review_queue_page(key: tuple) -> QuerySet[Application]:
    scope, view, today, related, start, stop = key
    return _review_queue(applications_in_scope(scope), view, today, related)[start:stop]


# A page of a queue's tab, compiled once per scope, tab, day, relations shown and bounds: built and compiled
# by the ORM on each request, a page of three rows cost 18 ms of Python against 3 ms of SQL at 1,000,000
# cases (issue 14).
REVIEW_QUEUE_PAGES = CompiledPerKey(_review_queue_page)

# Each tab's number among `queue_counts`: the same rows.
QUEUE_VIEW_COUNTS = {"review": "waiting", "materials": "awaiting_materials", "workstations": "at_workstations"}


def review_queue_rows(
    user, *, view: str, today: date, counts: dict[str, int], related: tuple[str, ...] = QUEUE_ROW_RELATED
) -> CountedRows:
    """The rows of a tab of the review queue (`view`) to page through, counted by the tabs' own figures
    (`counts`, from `queue_counts`), each page read by a statement kept per scope, tab, day and bounds."""
    return application_pages(
        user,
        counts[QUEUE_VIEW_COUNTS[view]],
        REVIEW_QUEUE_PAGES,
        (view, today, related),
        lambda: review_queue(user, view=view, today=today, related=related),
    )


def _decision_clock_parts(today: date) -> dict[bool, tuple[Q, Q]]:
    """{simplified: (overdue, due today)}: the simplified path is due on its day of receipt
    (clock.same_day_due), every other application on `decision_due`."""
    start = timezone.make_aware(datetime.combine(today, time.min))
    return {
        False: (Q(decision_due__lt=today), Q(decision_due=today)),
        True: (Q(received_at__lt=start), Q(received_at__gte=start, received_at__lt=start + timedelta(days=1))),
    }


def decision_clock_q(today: date) -> tuple[Q, Q]:
    """(overdue, due today) by the decision clock, on rows annotated with `simplified`."""
    parts = _decision_clock_parts(today)
    (plain_overdue, plain_today), (simplified_overdue, simplified_today) = parts[False], parts[True]
    return (
        Q(simplified=False) & plain_overdue | Q(simplified=True) & simplified_overdue,
        Q(simplified=False) & plain_today | Q(simplified=True) & simplified_today,
    )


def _queue_count_groups(applications: QuerySet[Application], today: date) -> QuerySet:
    """The open applications' counts, grouped by the simplified path (at most two rows), so that each
    group's clock is a plain condition: an aggregate over the annotation would make Django wrap the
    query in a subquery and rewrite every filter for it, 4 ms of Python on each queue page, for the
    same plan."""
    waiting = Q(status__in=QUEUE_VIEWS["review"])
    clock_of = _decision_clock_parts(today)
    # Every count is of open applications: narrowing first lets the (centre, status) index do the work.
    return (
        applications.filter(status__in=Application.OPEN_STATUSES)
        .annotate(simplified=simplified_expression())
        .order_by()
        .values("simplified")
        .annotate(
            waiting=Count("pk", filter=waiting),
            overdue_plain=Count("pk", filter=waiting & clock_of[False][0]),
            overdue_simplified=Count("pk", filter=waiting & clock_of[True][0]),
            due_today_plain=Count("pk", filter=waiting & clock_of[False][1]),
            due_today_simplified=Count("pk", filter=waiting & clock_of[True][1]),
            urgent=Count("pk", filter=urgent_now_q(today)),
            awaiting_materials=Count("pk", filter=Q(status=Status.AWAITING_MATERIALS)),
            at_workstations=Count("pk", filter=Q(status=Status.PRELIMINARY_REVIEW)),
        )
    )


# A centre's counts are one statement per scope and day, compiled once: built and compiled through the ORM
# on every queue page and home page, they cost 4.2 ms of Python against 0.9 ms to run at 1,000,000 cases.
QUEUE_COUNT_GROUPS = CompiledPerKey(lambda key: _queue_count_groups(applications_in_scope(key[0]), key[1]))


def queue_counts(user, today: date | None = None) -> dict[str, int]:
    """Counts for the centre's home page and the queue's tabs, in one query."""
    today = today or timezone.localdate()
    scope = application_scope(user)
    if scope is None:
        groups = list(_queue_count_groups(applications_for_user(user), today))
    else:
        groups = QUEUE_COUNT_GROUPS.dicts(router.db_for_read(Application), (scope, today))
    counts = dict.fromkeys(("waiting", "overdue", "due_today", "urgent", "awaiting_materials", "at_workstations"), 0)
    for group in groups:
        path = "simplified" if group["simplified"] else "plain"
        group["overdue"], group["due_today"] = group[f"overdue_{path}"], group[f"due_today_{path}"]
        for name in counts:
            counts[name] += group[name]
    return counts


def workstation_filings(user, organisation: Organisation, limit: int = 10) -> QuerySet[Application]:
    return (
        applications_for_user(user)
        .filter(receiving_organisation=organisation)
        .select_related("applicant", "matter")
        .order_by("-received_at", "-pk")[:limit]
    )


def workstation_status_counts(user, organisation: Organisation) -> dict[str, int]:
    rows = (
        applications_for_user(user)
        .filter(receiving_organisation=organisation)
        .values("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["status"]: row["n"] for row in rows}


def application_history(application: Application):
    return history_rows(application)


def application_checklist(application: Application, on: date | None = None) -> list[MaterialRequirement]:
    return list(materials_checklist(application.matter_id, application.case_type, application.waiver_claimed, on))


def materials_provided(application: Application) -> set[int]:
    """The checklist items already in hand: a scan filed against the item, or ticked at the latest
    preliminary review (初审). The centre's checklist shows them as provided and the one-time notice
    does not ask for them again."""
    uploaded = set(application.attachments.filter(requirement__isnull=False).values_list("requirement_id", flat=True))
    review = application.preliminary_reviews.order_by("-submitted_at", "-pk").first()
    ticked = set(review.provided_items) if review else set()
    return {item.pk for item in application_checklist(application) if item.pk in uploaded or item.name in ticked}


def materials_checklist(
    matter_id: int | None, case_type: str = "", waiver_category: str = "", on: date | None = None
) -> QuerySet[MaterialRequirement]:
    """The checklist for a matter and a claimed waiver category, as effective on a date."""
    on = on or timezone.localdate()
    matter_q = Q(matter__isnull=True) | Q(matter_id=matter_id) if matter_id else Q(matter__isnull=True)
    waiver_q = Q(waiver_category="") | Q(waiver_category=waiver_category) if waiver_category else Q(waiver_category="")
    return (
        MaterialRequirement.objects.in_force(on)
        .filter(matter_q, waiver_q)
        .filter(Q(case_type="") | Q(case_type=case_type))
        .order_by("sort_order", "pk")
    )


def notice_text(kind: str, on: date | None = None) -> NoticeText | None:
    on = on or timezone.localdate()
    return NoticeText.objects.in_force(on).filter(kind=kind).order_by("-effective_from").first()


def application_channels() -> QuerySet[Channel]:
    return Channel.objects.filter(is_active=True, for_application=True)


def consultation_channels() -> QuerySet[Channel]:
    return Channel.objects.filter(is_active=True, for_consultation=True)


def public_application_status(number: str, last4: str) -> Application | None:
    """The application with this receipt number whose applicant's ID or phone ends with last4.

    Returns None for a wrong number or wrong digits alike, so the answer reveals nothing.
    """
    number = (number or "").strip()
    last4 = (last4 or "").strip().upper()
    if len(last4) != 4 or not number:
        return None
    application = Application.objects.select_related("applicant", "centre").filter(number=number).first()
    if application is None:
        return None
    candidates = [application.applicant.id_number, application.applicant.phone, application.contact_phone]
    if any(c and c.upper().endswith(last4) for c in candidates):
        return application
    return None

"""The consultation ledger, call-backs, home visits and where a user may receive."""

from dataclasses import dataclass
from datetime import date

from django.db.models import (
    Q,
    QuerySet,
)
from django.shortcuts import get_object_or_404

from legalaid.models import Organisation
from legalaid.search import is_digits, normalise, one_character, person_filter, rows_matching_any, text_contains
from legalaid.selectors import (
    sees_everything,
    user_profile,
    visible_centre_ids,
    visible_organisation_ids,
    visible_organisations,
)

from ..models import (
    Application,
    Consultation,
    HomeVisit,
    Person,
)

Status = Application.Status


def consultations_for_user(user) -> QuerySet[Consultation]:
    """Consultations taken at an organisation the user may see."""
    if sees_everything(user):
        return Consultation.objects.all()
    profile = user_profile(user)
    if profile is not None and profile.works_for_centre:
        # The same rows, by the centre they were taken for, named by id: one indexed range (centre, time)
        # that the ledger walks in its order, a page at a time, however many organisations the centre has.
        return Consultation.objects.filter(centre_id__in=visible_centre_ids(user))
    return Consultation.objects.filter(organisation_id__in=visible_organisation_ids(user))


def consultation_for_user(user, pk: int) -> Consultation:
    queryset = consultations_for_user(user).select_related(
        "channel", "organisation", "taken_by", "person", "matter", "application", "called_back_by"
    )
    return get_object_or_404(queryset, pk=pk)


@dataclass
class ConsultationFilter:
    date_from: date | None = None
    date_to: date | None = None
    channel: str = ""
    organisation_id: int | None = None
    matter_id: int | None = None
    taken_by_id: int | None = None
    outcome: str = ""
    query: str = ""


def consultation_ledger(user, filters: ConsultationFilter | None = None) -> QuerySet[Consultation]:
    filters = filters or ConsultationFilter()
    rows = consultations_for_user(user).select_related("channel", "organisation", "taken_by", "person", "matter")
    if filters.date_from:
        rows = rows.filter(consulted_at__date__gte=filters.date_from)
    if filters.date_to:
        rows = rows.filter(consulted_at__date__lte=filters.date_to)
    if filters.channel:
        rows = rows.filter(channel_id=filters.channel)
    if filters.organisation_id:
        rows = rows.filter(organisation_id=filters.organisation_id)
    if filters.matter_id:
        rows = rows.filter(matter_id=filters.matter_id)
    if filters.taken_by_id:
        rows = rows.filter(taken_by_id=filters.taken_by_id)
    if filters.outcome:
        rows = rows.filter(outcome=filters.outcome)
    if filters.query:
        rows = consultation_text_matches(rows, filters.query)
    return rows.order_by("-consulted_at", "-pk")


def consultation_text_matches(rows: QuerySet[Consultation], text: str) -> QuerySet[Consultation]:
    """The `rows` whose visitor's name or phone, or registered person's name, ID number or phone, contains
    the fragment typed; words of three characters or more are also looked for in the question.

    Each way is looked up on its own index (legalaid.search.rows_matching_any)."""
    text = normalise(text)
    if one_character(text):
        # A surname alone is in tens of thousands of names of every centre: tested on the centre's own
        # consultations (read in order, so a page stops early) rather than looked up (258 ms, not 331, at a
        # million cases).
        # The registered person's name is the one the consultation keeps (Consultation.person_name): no
        # join to each walked consultation's person.
        return rows.filter(text_contains("visitor_name", text) | text_contains("person_name", text))
    ways = []
    visitor = person_filter(text, name="visitor_name", phone="visitor_phone")
    if visitor is not None:
        ways.append(visitor)
    persons = person_filter(text, name="name", id_number="id_number", phone="phone")
    if persons is not None:
        ways.append(Q(person__in=Person.objects.filter(persons).values("pk")))
    if len(text) >= 3 and not is_digits(text):
        ways.append(Q(question__icontains=text))
    return rows_matching_any(rows, ways)


def call_back_list(user) -> QuerySet[Consultation]:
    """Messages waiting for a call back, the most urgent first."""
    return (
        consultations_for_user(user)
        .filter(call_back_due__isnull=False, called_back_at__isnull=True)
        .select_related("channel", "organisation", "taken_by", "person", "matter")
        .order_by("call_back_due", "pk")
    )


def consultation_staff(user):
    """Staff who may appear as first-contact responsible person in the user's scope (filter choices)."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    return (
        User.objects.filter(profile__organisation__in=visible_organisations(user).values("pk"), is_active=True)
        .exclude(profile__role="handler")
        .order_by("last_name", "first_name")
    )


# ---------------------------------------------------------------- home visits


def home_visits_for_user(user) -> QuerySet[HomeVisit]:
    if sees_everything(user):
        return HomeVisit.objects.all()
    return HomeVisit.objects.filter(organisation_id__in=visible_organisation_ids(user))


def home_visit_for_user(user, pk: int) -> HomeVisit:
    queryset = home_visits_for_user(user).select_related("person", "application", "organisation", "staff", "booked_by")
    return get_object_or_404(queryset, pk=pk)


def home_visit_list(user, *, status: str = "") -> QuerySet[HomeVisit]:
    rows = home_visits_for_user(user).select_related("person", "organisation", "staff", "application")
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("status", "scheduled_for", "pk")


def receiving_organisations(user) -> QuerySet[Organisation]:
    """Where the user may record an application as received: their scope, minus bureaux and
    providers that never receive applications (law firms and legal service offices do, by proxy)."""
    Kind = Organisation.Kind
    return (
        visible_organisations(user)
        .filter(is_active=True)
        .exclude(kind__in=[Kind.JUSTICE_BUREAU, Kind.FORENSIC_INSTITUTE, Kind.NOTARY_OFFICE])
        .order_by("path")
    )


def user_organisation(user) -> Organisation | None:
    profile = user_profile(user)
    return profile.organisation if profile else None

"""Reads of intake records, always scoped to what the user may see."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.shortcuts import get_object_or_404
from django.utils import timezone

from legalaid.models import Organisation
from legalaid.selectors import sees_everything, user_profile, visible_organisations
from legalaid.validators import normalise_id_number

from . import clock
from .models import (
    Application,
    Channel,
    Consultation,
    HomeVisit,
    MaterialRequirement,
    NoticeText,
    OpposingParty,
    Person,
)

Status = Application.Status

# ---------------------------------------------------------------- applications


def applications_for_user(user) -> QuerySet[Application]:
    """Applications filed at an organisation the user may see.

    The deciding centre is always at or above the receiving organisation, so a centre's
    staff (who see its subtree) see every application it decides; a clerk sees only what
    their own workstation filed.
    """
    if sees_everything(user):
        return Application.objects.all()
    visible = visible_organisations(user)
    profile = user_profile(user)
    if profile is not None and profile.works_for_centre:
        # Same rows, but by the deciding centre: one indexed range (centre, status, due date).
        centres = visible.filter(kind__in=Organisation.CENTRE_KINDS).values("pk")
        return Application.objects.filter(centre__in=centres)
    return Application.objects.filter(receiving_organisation__in=visible.values("pk"))


def application_for_user(user, pk: int) -> Application:
    """One application in the user's scope, or Http404."""
    queryset = applications_for_user(user).select_related(
        "applicant", "representative", "channel", "receiving_organisation", "centre", "matter", "received_by"
    )
    return get_object_or_404(queryset, pk=pk)


def application_list(user, *, status: str = "", query: str = "") -> QuerySet[Application]:
    applications = applications_for_user(user).select_related(
        "applicant", "channel", "receiving_organisation", "centre", "matter"
    )
    if status:
        applications = applications.filter(status=status)
    if query:
        applications = applications.filter(
            Q(number__icontains=query) | Q(applicant__name__icontains=query) | Q(applicant__id_number=query.upper())
        )
    return applications.order_by("-received_at", "-pk")


def application_by_token(token: str) -> Application | None:
    """The application filed by a form bearing this one-time token, if that form was already sent."""
    return Application.objects.filter(submission_token=token).first() if token else None


def urgent_now_expression(today: date):
    """Urgent if flagged, or if the deadline is now fewer than 7 days away (LAL 44)."""
    return Case(
        When(
            Q(is_urgent=True)
            | Q(needs_preservation=True)
            | Q(deadline_date__lt=today + timedelta(days=clock.URGENT_THRESHOLD_DAYS)),
            then=Value(True),
        ),
        default=Value(False),
        output_field=BooleanField(),
    )


QUEUE_VIEWS = {
    "review": (Status.RECEIVED, Status.UNDER_REVIEW),
    "materials": (Status.AWAITING_MATERIALS,),
    "workstations": (Status.PRELIMINARY_REVIEW,),
}


def review_queue(user, *, view: str = "review", today: date | None = None) -> QuerySet[Application]:
    """The centre's review queue: urgent first, then by decision due date, overdue and due-today marked.

    A constant number of queries whatever the number of rows: the related rows are joined.
    """
    today = today or timezone.localdate()
    statuses = QUEUE_VIEWS.get(view, QUEUE_VIEWS["review"])
    return (
        applications_for_user(user)
        .filter(status__in=statuses)
        .select_related("applicant", "channel", "receiving_organisation", "centre", "matter")
        .annotate(
            urgent_now=urgent_now_expression(today),
            due_rank=Case(
                When(decision_due__lt=today, then=Value(0)),
                When(decision_due=today, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            ),
        )
        .order_by("-urgent_now", "decision_due", "received_at", "pk")
    )


def queue_counts(user, today: date | None = None) -> dict[str, int]:
    """Counts for the centre's home page, in one aggregate query."""
    today = today or timezone.localdate()
    waiting = Q(status__in=QUEUE_VIEWS["review"])
    # Every count is of open applications: narrowing first lets the (centre, status) index do the work.
    return (
        applications_for_user(user)
        .filter(status__in=Application.OPEN_STATUSES)
        .aggregate(
            waiting=Count("pk", filter=waiting),
            overdue=Count("pk", filter=waiting & Q(decision_due__lt=today)),
            due_today=Count("pk", filter=waiting & Q(decision_due=today)),
            urgent=Count(
                "pk",
                filter=Q(is_urgent=True)
                | Q(needs_preservation=True)
                | Q(deadline_date__lt=today + timedelta(days=clock.URGENT_THRESHOLD_DAYS)),
            ),
            awaiting_materials=Count("pk", filter=Q(status=Status.AWAITING_MATERIALS)),
            at_workstations=Count("pk", filter=Q(status=Status.PRELIMINARY_REVIEW)),
        )
    )


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
    return application.transitions.select_related("actor").order_by("at", "pk")


def application_checklist(application: Application, on: date | None = None) -> list[MaterialRequirement]:
    return list(materials_checklist(application.matter_id, application.case_type, application.waiver_claimed, on))


def materials_checklist(
    matter_id: int | None, case_type: str = "", waiver_category: str = "", on: date | None = None
) -> QuerySet[MaterialRequirement]:
    """The checklist for a matter and a claimed waiver category, as effective on a date."""
    on = on or timezone.localdate()
    matter_q = Q(matter__isnull=True) | Q(matter_id=matter_id) if matter_id else Q(matter__isnull=True)
    waiver_q = Q(waiver_category="") | Q(waiver_category=waiver_category) if waiver_category else Q(waiver_category="")
    return (
        MaterialRequirement.objects.filter(matter_q, waiver_q)
        .filter(Q(case_type="") | Q(case_type=case_type))
        .filter(effective_from__lte=on)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on))
        .order_by("sort_order", "pk")
    )


def notice_text(kind: str, on: date | None = None) -> NoticeText | None:
    on = on or timezone.localdate()
    return (
        NoticeText.objects.filter(kind=kind, effective_from__lte=on)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on))
        .order_by("-effective_from")
        .first()
    )


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


# ---------------------------------------------------------------- persons


def persons_for_user(user) -> QuerySet[Person]:
    """People who appear in a record of an organisation the user may see, or whom it registered."""
    if sees_everything(user):
        return Person.objects.all()
    orgs = visible_organisations(user).values("pk")
    in_application = Application.objects.filter(
        Q(applicant=OuterRef("pk")) | Q(representative=OuterRef("pk")), receiving_organisation__in=orgs
    )
    in_consultation = Consultation.objects.filter(person=OuterRef("pk"), organisation__in=orgs)
    in_visit = HomeVisit.objects.filter(person=OuterRef("pk"), organisation__in=orgs)
    return Person.objects.filter(
        Exists(in_application)
        | Exists(in_consultation)
        | Exists(in_visit)
        | Q(created_by__profile__organisation__in=orgs)
    )


def persons_linkable(user) -> QuerySet[Person]:
    """People a user may name in a new record: those in their scope, and those in no record at all
    and registered by no organisation (linking one reveals nothing of anyone's records)."""
    unattached = Person.objects.filter(
        created_by__isnull=True,
        applications__isnull=True,
        represented_applications__isnull=True,
        consultations__isnull=True,
        home_visits__isnull=True,
    )
    return persons_for_user(user) | unattached


def person_for_user(user, pk: int) -> Person:
    return get_object_or_404(persons_for_user(user), pk=pk)


def person_search(user, query: str) -> QuerySet[Person]:
    persons = persons_for_user(user)
    query = (query or "").strip()
    if query:
        persons = persons.filter(Q(name__icontains=query) | Q(id_number=query.upper()) | Q(phone=query))
    return persons.order_by("name", "pk")


def person_by_id_number(id_number: str) -> Person | None:
    """The person already registered with this ID number, anywhere in the network.

    Offered instead of a duplicate: whoever typed the full number already knows who it is.
    """
    number = normalise_id_number(id_number)
    if not number:
        return None
    return Person.objects.filter(id_number=number).first()


# ---------------------------------------------------------------- conflict check


@dataclass(frozen=True)
class ConflictMatch:
    """A person on the other side of an open or recent application."""

    application_id: int
    application_number: str
    application_status: str
    centre_name: str
    side: str  # "opposing" (they are an opposing party there) or "applicant" (they applied there)
    matched_name: str
    matched_by: str  # "id_number" or "name_birth_date"

    @property
    def side_label(self) -> str:
        return "对方当事人" if self.side == "opposing" else "申请人或代为申请人"

    @property
    def matched_by_label(self) -> str:
        return "证件号码一致" if self.matched_by == "id_number" else "姓名和出生日期一致"

    @property
    def status_label(self) -> str:
        return Status(self.application_status).label


def conflict_window_start(today: date | None = None) -> date:
    today = today or timezone.localdate()
    return today - timedelta(days=getattr(settings, "INTAKE_CONFLICT_LOOKBACK_DAYS", 730))


def _relevant_applications(exclude_application, today: date | None):
    """Open applications, and closed ones received or decided within the look-back window."""
    start = conflict_window_start(today)
    relevant = (
        Q(status__in=Application.OPEN_STATUSES)
        | Q(received_at__date__gte=start)
        | Q(
            decided_at__date__gte=start,
        )
    )
    queryset = Application.objects.filter(relevant)
    if exclude_application is not None:
        queryset = queryset.exclude(pk=getattr(exclude_application, "pk", exclude_application))
    return queryset


def _subject_fields(subject) -> tuple[str, str, date | None]:
    if isinstance(subject, dict):
        return (
            (subject.get("name") or "").strip(),
            normalise_id_number(subject.get("id_number") or ""),
            subject.get("birth_date"),
        )
    return subject.name.strip(), normalise_id_number(subject.id_number), getattr(subject, "birth_date", None)


def _match_q(prefix: str, name: str, id_number: str, birth_date: date | None) -> Q | None:
    q = Q()
    if id_number:
        q |= Q(**{f"{prefix}id_number": id_number})
    if name and birth_date:
        q |= Q(**{f"{prefix}name": name, f"{prefix}birth_date": birth_date})
    return q or None


def find_person_conflicts(
    person_or_fields, exclude_application=None, *, sides: tuple[str, ...] | None = None, today: date | None = None
) -> list[ConflictMatch]:
    """Open or recent applications where this person stands on the other side.

    `person_or_fields` is a Person (an applicant: looked up among opposing parties), an
    OpposingParty (looked up among applicants and representatives), or a dict with name,
    id_number and birth_date (looked up on both sides unless `sides` says otherwise).
    A match is by ID number, or by name plus birth date.
    """
    name, id_number, birth_date = _subject_fields(person_or_fields)
    if sides is None:
        if isinstance(person_or_fields, Person):
            sides = ("opposing",)
        elif isinstance(person_or_fields, OpposingParty):
            sides = ("applicant",)
        else:
            sides = ("opposing", "applicant")
    applications = _relevant_applications(exclude_application, today)
    matches: list[ConflictMatch] = []
    if "opposing" in sides:
        q = _match_q("", name, id_number, birth_date)
        if q is not None:
            parties = (
                OpposingParty.objects.filter(q, application__in=applications.values("pk"))
                .select_related("application__centre")
                .order_by("application_id")
            )
            for party in parties:
                by_id = bool(id_number) and normalise_id_number(party.id_number) == id_number
                matches.append(_match(party.application, "opposing", party.name, by_id))
    if "applicant" in sides:
        q_applicant = _match_q("applicant__", name, id_number, birth_date)
        q_representative = _match_q("representative__", name, id_number, birth_date)
        if q_applicant is not None:
            hits = (
                applications.filter(q_applicant | q_representative)
                .select_related("applicant", "representative", "centre")
                .order_by("pk")
            )
            for application in hits:
                for party in filter(None, (application.applicant, application.representative)):
                    by_id = bool(id_number) and party.id_number == id_number
                    by_name = bool(name and birth_date) and party.name == name and party.birth_date == birth_date
                    if by_id or by_name:
                        matches.append(_match(application, "applicant", party.name, by_id))
                        break
    return matches


def _match(application: Application, side: str, name: str, by_id: bool) -> ConflictMatch:
    return ConflictMatch(
        application_id=application.pk,
        application_number=application.number,
        application_status=application.status,
        centre_name=application.centre.name,
        side=side,
        matched_name=name,
        matched_by="id_number" if by_id else "name_birth_date",
    )


def application_conflicts(application: Application) -> list[tuple[str, ConflictMatch]]:
    """Every conflict of an application: its applicant and each of its opposing parties."""
    found: list[tuple[str, ConflictMatch]] = []
    for person in filter(None, (application.applicant, application.representative)):
        found += [(person.name, m) for m in find_person_conflicts(person, exclude_application=application)]
    for party in application.opposing_parties.all():
        found += [(party.name, m) for m in find_person_conflicts(party, exclude_application=application)]
    return found


# ---------------------------------------------------------------- consultations


def consultations_for_user(user) -> QuerySet[Consultation]:
    if sees_everything(user):
        return Consultation.objects.all()
    return Consultation.objects.filter(organisation__in=visible_organisations(user).values("pk"))


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
        q = filters.query.strip()
        rows = rows.filter(
            Q(question__icontains=q) | Q(visitor_name__icontains=q) | Q(person__name__icontains=q) | Q(visitor_phone=q)
        )
    return rows.order_by("-consulted_at", "-pk")


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
    return HomeVisit.objects.filter(organisation__in=visible_organisations(user).values("pk"))


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

"""Reads of cases, always scoped to what the user may see.

Scope: centre roles see the cases of the centres in their subtree; a handler only the cases they
currently handle; a workstation clerk the cases whose application their workstation received;
administrators everything. Outside the scope a view answers 404.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.paginator import Page, Paginator
from django.db.models import Count, Max, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import cached_property

from legalaid.models import HandlerProfile, Organisation
from legalaid.roles import CENTRE_ROLES, Role
from legalaid.selectors import handlers_for_centre, sees_everything, user_profile
from legalaid.validators import normalise_id_number

from . import deadlines, ranking
from .models import (
    AnnualObligation,
    Assignment,
    Case,
    CaseEvent,
    CaseParty,
    ClosingChecklistItem,
    CooperationRequest,
    DutyHelp,
    Subsidy,
)

# ---------------------------------------------------------------- scope


def visible_centre_ids(user) -> list[int] | None:
    """The centres whose cases a centre-role user sees (None: every centre); kept on the user for the request."""
    if not hasattr(user, "_case_centre_ids"):
        user._case_centre_ids = _visible_centre_ids(user)
    return user._case_centre_ids


def _visible_centre_ids(user) -> list[int] | None:
    if sees_everything(user):
        return None
    profile = user_profile(user)
    if profile is None or profile.role not in CENTRE_ROLES:
        return []
    return list(
        Organisation.objects.filter(
            path__startswith=profile.organisation.path, kind__in=Organisation.CENTRE_KINDS
        ).values_list("pk", flat=True)
    )


def cases_for_user(user) -> QuerySet[Case]:
    if not user.is_authenticated:
        return Case.objects.none()
    if sees_everything(user):
        return Case.objects.all()
    profile = user_profile(user)
    if profile is None:
        return Case.objects.none()
    if profile.role in CENTRE_ROLES:
        return Case.objects.filter(centre_id__in=visible_centre_ids(user))
    if profile.role == Role.HANDLER:
        return Case.objects.filter(handler=user)
    if profile.role == Role.WORKSTATION_CLERK:
        return Case.objects.filter(received_by_id=profile.organisation_id)
    return Case.objects.none()


CASE_RELATED = ("centre", "matter", "handler", "handler_organisation", "received_by", "accepted_by", "coordinator")


def case_for_user(user, pk: int) -> Case:
    """One case in the user's scope, or Http404."""
    return get_object_or_404(cases_for_user(user).select_related(*CASE_RELATED), pk=pk)


def user_may_act_on(user, case: Case) -> bool:
    return cases_for_user(user).filter(pk=case.pk).exists()


def centres_for_user(user) -> QuerySet[Organisation]:
    """The centres a user may open cases for."""
    ids = visible_centre_ids(user)
    centres = Organisation.objects.filter(kind__in=Organisation.CENTRE_KINDS, is_active=True)
    return centres if ids is None else centres.filter(pk__in=ids)


# ---------------------------------------------------------------- case page


def case_timeline(case: Case) -> list[dict]:
    """Transitions and events in one list, oldest first (two queries)."""
    items = [
        {
            "at": t.at,
            "kind": "transition",
            "title": f"{case_status_label(t.from_status) or '—'} → {case_status_label(t.to_status)}",
            "text": t.reason,
            "actor": t.actor,
        }
        for t in case.transitions.select_related("actor")
    ]
    items += [
        {"at": e.at, "kind": e.kind, "title": e.get_kind_display(), "text": e.text, "actor": e.actor, "event": e}
        for e in case.events.select_related("actor", "document")
    ]
    return sorted(items, key=lambda item: item["at"])


def case_status_label(value: str) -> str:
    return dict(Case.Status.choices).get(value, value)


def case_parties(case: Case) -> QuerySet[CaseParty]:
    return case.parties.select_related("added_by")


def has_mediation_attempt(case: Case) -> bool:
    return case.events.filter(kind=CaseEvent.Kind.MEDIATION).exists()


def checklist_items(case: Case, on: date | None = None) -> list[ClosingChecklistItem]:
    """The closing-materials checklist in force for the case's type and stage."""
    on = on or timezone.localdate()
    items = ClosingChecklistItem.objects.filter(
        Q(case_type="") | Q(case_type=case.case_type),
        Q(criminal_stage="") | Q(criminal_stage=case.criminal_stage),
        Q(effective_to__isnull=True) | Q(effective_to__gte=on),
        effective_from__lte=on,
    )
    return list(items.order_by("sort_order", "pk"))


# ---------------------------------------------------------------- assignment facts


def annual_minimums(on: date) -> dict[str, int]:
    rows = AnnualObligation.objects.filter(
        Q(effective_to__isnull=True) | Q(effective_to__gte=on), effective_from__lte=on
    ).order_by("handler_type", "-effective_from")
    found: dict[str, int] = {}
    for row in rows:
        found.setdefault(row.handler_type, row.minimum_cases)
    return found


def case_opposing_parties(case: Case) -> list[dict]:
    """The other side of the case, as name, id_number and birth_date."""
    application = getattr(case, "application", None) if hasattr(Case, "application") else None
    if application is None:
        return []
    return [
        {"name": p.name, "id_number": normalise_id_number(p.id_number), "birth_date": p.birth_date}
        for p in application.opposing_parties.all()
    ]


def handler_conflicts(case: Case, handler_ids: list[int], handler_orgs: dict[int, str]) -> dict[int, list[str]]:
    """For each handler, why they may not act: they act (or acted) for someone on the other side."""
    opposing = case_opposing_parties(case)
    found: dict[int, list[str]] = {}
    if not opposing:
        return found
    match = Q()
    for party in opposing:
        if party["id_number"]:
            match |= Q(id_number=party["id_number"])
        if party["birth_date"]:
            match |= Q(name=party["name"], birth_date=party["birth_date"])
    if match:
        parties = (
            CaseParty.objects.filter(match)
            .exclude(case=case)
            .filter(case__assignments__handler_id__in=handler_ids)
            .values_list("case__assignments__handler_id", "name", "case__number")
            .distinct()
        )
        for handler_id, name, number in parties:
            found.setdefault(handler_id, []).append(f"曾在案件 {number} 中为对方当事人“{name}”提供法律援助")
    opposing_names = {party["name"] for party in opposing}
    for handler_id, organisation_name in handler_orgs.items():
        if organisation_name in opposing_names:
            found.setdefault(handler_id, []).append(f"对方当事人“{organisation_name}”是该承办人所在机构")
    return found


def case_facts(case: Case) -> ranking.CaseFacts:
    today = timezone.localdate()
    notification = getattr(case, "notification", None) if case.is_notification_defence else None
    minor = bool(notification and notification.accused_is_minor) or any(
        party.is_minor_on(today) for party in case.parties.all()
    )
    excluded = set(case.handler_changes.filter(status="approved").values_list("previous_handler_id", flat=True))
    return ranking.CaseFacts(
        case_type=case.case_type,
        matter_code=case.matter.code if case.matter_id else "",
        matter_name=case.matter.name if case.matter_id else "",
        notification_defence=case.is_notification_defence,
        serious_penalty=case.serious_penalty
        or bool(notification and notification.ground in ("life_or_death", "death_penalty_review")),
        minor=minor,
        excluded_handler_ids=frozenset(excluded),
    )


def handler_facts(case: Case, on: date | None = None) -> list[ranking.HandlerFacts]:
    """What the ranking needs about every handler in the centre's roster, in a fixed number of queries."""
    on = on or timezone.localdate()
    profiles = list(handlers_for_centre(case.centre).order_by("user__last_name", "user__first_name", "pk"))
    user_ids = [p.user_id for p in profiles]
    open_counts = dict(
        Case.objects.filter(handler_id__in=user_ids, status__in=(*Case.HANDLING, Case.Status.CLOSING_SUBMITTED))
        .values_list("handler_id")
        .annotate(n=Count("pk"))
    )
    year_start = timezone.make_aware(datetime(on.year, 1, 1))
    yearly = {
        row["handler_id"]: row
        for row in Assignment.objects.filter(handler_id__in=user_ids)
        .values("handler_id")
        .annotate(this_year=Count("pk", filter=Q(assigned_at__gte=year_start)), last=Max("assigned_at"))
    }
    minimums = annual_minimums(on)
    organisations = {p.user_id: p.user.profile.organisation.name for p in profiles}
    conflicts = handler_conflicts(case, user_ids, organisations)
    labels = dict(HandlerProfile._meta.get_field("handler_type").choices)
    facts = []
    for profile in profiles:
        row = yearly.get(profile.user_id, {})
        facts.append(
            ranking.HandlerFacts(
                user_id=profile.user_id,
                name=profile.user.get_full_name() or profile.user.username,
                organisation=organisations[profile.user_id],
                handler_type=profile.handler_type,
                handler_type_label=str(labels.get(profile.handler_type, profile.handler_type)),
                status=profile.status,
                criminal_defence_years=profile.criminal_defence_years,
                trained_for_minors=profile.trained_for_minors,
                specialty_codes=frozenset(s.code for s in profile.specialties.all()),
                open_cases=open_counts.get(profile.user_id, 0),
                cases_this_year=row.get("this_year", 0),
                annual_minimum=minimums.get(profile.handler_type, 0),
                last_assigned_at=row.get("last"),
                conflicts=tuple(conflicts.get(profile.user_id, ())),
            )
        )
    return facts


def assignment_candidates(case: Case) -> list[ranking.Candidate]:
    return ranking.rank_handlers(case_facts(case), handler_facts(case))


def current_assignment(case: Case) -> Assignment | None:
    return case.assignments.filter(ended_at__isnull=True).select_related("handler", "handler_organisation").first()


# ---------------------------------------------------------------- search


class CappedPaginator(Paginator):
    """Counts at most `cap` + 1 rows (unordered), so a page over a million cases never counts them all."""

    cap = 1000

    @cached_property
    def count(self) -> int:
        return self.object_list.order_by()[: self.cap + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.cap


@dataclass
class CaseQuery:
    text: str = ""
    status: str = ""
    case_type: str = ""
    matter_id: int | None = None
    handler_id: int | None = None
    centre_id: int | None = None
    source: str = ""
    accepted_from: date | None = None
    accepted_to: date | None = None


def _text_filter(text: str) -> Q:
    """Case number (or its prefix), running number, ID number or full name, each by an indexed match."""
    text = text.strip()
    if not text:
        return Q()
    compact = text.replace(" ", "")
    if compact.isdigit() and len(compact) <= 6:
        return Q(sequence=int(compact))
    id_number = normalise_id_number(compact)
    if len(id_number) in (15, 18) and id_number[:-1].isdigit():
        return Q(pk__in=CaseParty.objects.filter(id_number=id_number).values("case_id"))
    if any(mark in compact for mark in "〔〕[]()字号第"):
        compact = compact.replace("[", "〔").replace("]", "〕").replace("(", "〔").replace(")", "〕")
        return Q(number__startswith=compact)
    # A full name: equality keeps the planner's estimate right (a prefix match on a million names does not).
    return Q(pk__in=CaseParty.objects.filter(name=compact).values("case_id"))


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def case_search(user, query: CaseQuery) -> QuerySet[Case]:
    cases = cases_for_user(user)
    if query.text:
        cases = cases.filter(_text_filter(query.text))
    if query.status:
        cases = cases.filter(status=query.status)
    if query.case_type:
        cases = cases.filter(case_type=query.case_type)
    if query.matter_id:
        cases = cases.filter(matter_id=query.matter_id)
    if query.handler_id:
        cases = cases.filter(handler_id=query.handler_id)
    if query.centre_id:
        cases = cases.filter(centre_id=query.centre_id)
    if query.source:
        cases = cases.filter(source=query.source)
    # Whole local days as a datetime range, so the accepted_at indexes serve the filter.
    if query.accepted_from:
        cases = cases.filter(accepted_at__gte=_day_start(query.accepted_from))
    if query.accepted_to:
        cases = cases.filter(accepted_at__lt=_day_start(query.accepted_to + timedelta(days=1)))
    return cases.select_related("centre", "matter", "handler").order_by("-accepted_at", "-pk")


def case_search_page(user, query: CaseQuery, page_number, per_page: int = 25) -> Page:
    page = CappedPaginator(case_search(user, query), per_page).get_page(page_number)
    _attach_primary_party(page.object_list)
    return page


def _attach_primary_party(cases) -> None:
    """One query for the aided persons of the cases on a page."""
    cases = list(cases)
    names: dict[int, list[str]] = {}
    for case_id, name in (
        CaseParty.objects.filter(case__in=cases).order_by("-is_primary", "pk").values_list("case_id", "name")
    ):
        names.setdefault(case_id, []).append(name)
    for case in cases:
        found = names.get(case.pk, [])
        case.party_names = "、".join(found[:3]) + (f" 等 {case.aided_count} 人" if case.aided_count > 3 else "")


def handler_choices_for_user(user) -> QuerySet:
    """Handlers a filter form may offer: the roster under the user's centre (everyone for administrators)."""
    from legalaid.models import User

    handlers = User.objects.filter(handler_profile__isnull=False).order_by("last_name", "first_name")
    if sees_everything(user):
        return handlers
    profile = user_profile(user)
    if profile is None or profile.role not in CENTRE_ROLES:
        return handlers.none()
    return handlers.filter(profile__organisation__path__startswith=profile.organisation.path)


# ---------------------------------------------------------------- handler's workspace


def my_cases(user) -> QuerySet[Case]:
    """The handler's open cases, most urgent deadline first."""
    return (
        Case.objects.filter(handler=user, status__in=(*Case.HANDLING, Case.Status.CLOSING_SUBMITTED, "terminated"))
        .select_related("centre", "matter")
        .order_by("closing_due", "agreement_due", "-assigned_at", "pk")
    )


def my_case_counts(user) -> dict[str, int]:
    today = timezone.localdate()
    return Case.objects.filter(handler=user).aggregate(
        open=Count("pk", filter=Q(status__in=(*Case.HANDLING, Case.Status.TERMINATED))),
        agreement_overdue=Count(
            "pk", filter=Q(status__in=Case.HANDLING, agreement_signed_on__isnull=True, agreement_due__lt=today)
        ),
        closing_due_soon=Count(
            "pk",
            filter=Q(
                status__in=(*Case.HANDLING, Case.Status.TERMINATED),
                closing_due__lte=today + timedelta(days=7),
            ),
        ),
        submitted=Count("pk", filter=Q(status=Case.Status.CLOSING_SUBMITTED)),
    )


# ---------------------------------------------------------------- deadline board


@dataclass
class BoardRow:
    kind: str
    label: str
    due: date
    title: str
    detail: str
    url: str
    urgency: deadlines.Urgency | None = None


BOARD_KINDS = {
    "application": "申请待决定",
    "assignment": "待指派",
    "agreement": "委托协议待签订",
    "closing": "结案材料待提交",
    "review": "结案待审查",
    "cooperation": "异地协作待办复",
}

BOARD_LIMIT = 20


def deadline_board(
    user,
    *,
    today: date | None = None,
    organisation_id: int | None = None,
    handler_id: int | None = None,
    horizon_days: int = 7,
    limit: int = BOARD_LIMIT,
) -> dict:
    """Everything due within `horizon_days` or overdue, by kind; overdue and due today first.

    Each kind is two queries over its open rows only (each due date has a partial index whose
    condition is the kind's status filter): the first `limit` rows in due order, and the totals.
    The number of queries does not depend on the rows.
    """
    from django.urls import reverse

    today = today or timezone.localdate()
    horizon = today + timedelta(days=horizon_days)
    cases = cases_for_user(user)
    if organisation_id:
        cases = cases.filter(Q(centre_id=organisation_id) | Q(received_by_id=organisation_id))
    if handler_id:
        cases = cases.filter(handler_id=handler_id)
    case_queries = {
        "assignment": ("assignment_due", cases.filter(status__in=Case.AWAITING_ASSIGNMENT)),
        "agreement": ("agreement_due", cases.filter(status__in=Case.HANDLING, agreement_signed_on__isnull=True)),
        "closing": (
            "closing_due",
            cases.filter(status__in=(*Case.HANDLING, Case.Status.TERMINATED), closing_due__isnull=False),
        ),
        "review": ("review_due", cases.filter(status=Case.Status.CLOSING_SUBMITTED)),
    }
    sections: dict[str, dict] = {}
    for kind, (field, queryset) in case_queries.items():
        due = queryset.filter(**{f"{field}__lte": horizon})
        found = list(
            due.select_related("handler", "matter")
            .only("pk", "number", "status", field, "handler__first_name", "handler__last_name", "matter__name")
            .order_by(field, "pk")[:limit]
        )
        rows = [
            BoardRow(
                kind=kind,
                label=BOARD_KINDS[kind],
                due=getattr(case, field),
                title=case.number,
                detail=" · ".join(filter(None, [case.matter.name if case.matter_id else "", str(case.handler or "")])),
                url=reverse("cases:case_detail", args=[case.pk]),
                urgency=deadlines.urgency(getattr(case, field), today),
            )
            for case in found
        ]
        sections[kind] = _section(kind, rows, _totals(due, field, today))
    sections["cooperation"] = _cooperation_section(user, today, horizon, organisation_id, limit)
    if not handler_id:
        sections["application"] = _application_section(user, today, horizon, organisation_id, limit)
    ordered = [sections[kind] for kind in BOARD_KINDS if kind in sections]
    return {"today": today, "horizon": horizon, "sections": ordered}


def _totals(due: QuerySet, field: str, today: date) -> dict:
    """How many are due within the horizon and how many are overdue: COUNT(*) only touches the
    columns of the kind's partial index, so it is an index-only scan however many rows are due."""
    return due.order_by().aggregate(total=Count("*"), overdue=Count(field, filter=Q(**{f"{field}__lt": today})))


def _section(kind: str, rows: list[BoardRow], totals: dict) -> dict:
    return {"kind": kind, "label": BOARD_KINDS[kind], "rows": rows, **totals}


def _cooperation_section(user, today, horizon, organisation_id, limit) -> dict:
    from django.urls import reverse

    requests = cooperation_for_user(user).filter(status=CooperationRequest.Status.OPEN)
    if organisation_id:
        requests = requests.filter(centre_id=organisation_id)
    due = requests.filter(due_date__lte=horizon)
    found = list(due.order_by("due_date", "pk")[:limit])
    rows = [
        BoardRow(
            kind="cooperation",
            label=BOARD_KINDS["cooperation"],
            due=r.due_date,
            title=f"{r.get_direction_display()}:{r.counterpart_name}",
            detail=r.get_kind_display(),
            url=reverse("cases:cooperation_detail", args=[r.pk]),
            urgency=deadlines.urgency(r.due_date, today),
        )
        for r in found
    ]
    return _section("cooperation", rows, _totals(due, "due_date", today))


def _application_section(user, today, horizon, organisation_id, limit) -> dict:
    """Applications whose 7-day decision clock runs (intake's records, read here for the board)."""
    from django.urls import NoReverseMatch, reverse

    from intake.models import Application
    from intake.selectors import applications_for_user

    applications = applications_for_user(user).filter(status__in=Application.CLOCK_RUNNING_STATUSES)
    if organisation_id:
        applications = applications.filter(Q(centre_id=organisation_id) | Q(receiving_organisation_id=organisation_id))
    due = applications.filter(decision_due__lte=horizon)
    found = list(
        due.select_related("applicant")
        .only("pk", "number", "decision_due", "applicant__name")
        .order_by("decision_due", "pk")[:limit]
    )
    rows = []
    for application in found:
        try:
            url = reverse("intake:application_detail", args=[application.pk])
        except NoReverseMatch:
            url = ""
        rows.append(
            BoardRow(
                kind="application",
                label=BOARD_KINDS["application"],
                due=application.decision_due,
                title=application.number,
                detail=application.applicant.name,
                url=url,
                urgency=deadlines.urgency(application.decision_due, today),
            )
        )
    return _section("application", rows, _totals(due, "decision_due", today))


# ---------------------------------------------------------------- cooperation, duty help, subsidies


def cooperation_for_user(user) -> QuerySet[CooperationRequest]:
    ids = visible_centre_ids(user)
    requests = CooperationRequest.objects.select_related("case", "counterpart")
    return requests if ids is None else requests.filter(centre_id__in=ids)


def cooperation_for_user_pk(user, pk: int) -> CooperationRequest:
    return get_object_or_404(cooperation_for_user(user), pk=pk)


def duty_helps_for_user(user) -> QuerySet[DutyHelp]:
    if sees_everything(user):
        return DutyHelp.objects.all()
    profile = user_profile(user)
    if profile is None:
        return DutyHelp.objects.none()
    if profile.role in CENTRE_ROLES:
        return DutyHelp.objects.filter(centre_id__in=visible_centre_ids(user))
    if profile.role == Role.WORKSTATION_CLERK:
        return DutyHelp.objects.filter(workstation_id=profile.organisation_id)
    if profile.role == Role.HANDLER:
        return DutyHelp.objects.filter(lawyer=user)
    return DutyHelp.objects.none()


def subsidies_for_user(user) -> QuerySet[Subsidy]:
    if sees_everything(user):
        return Subsidy.objects.all()
    profile = user_profile(user)
    if profile is None:
        return Subsidy.objects.none()
    if profile.role in CENTRE_ROLES:
        return Subsidy.objects.filter(centre_id__in=visible_centre_ids(user))
    if profile.role == Role.HANDLER:
        return Subsidy.objects.filter(handler=user)
    return Subsidy.objects.none()


def subsidy_for_user(user, pk: int) -> Subsidy:
    return get_object_or_404(subsidies_for_user(user).select_related("case", "handler", "centre"), pk=pk)


def subsidy_list(user, *, period: date | None = None, handler_id: int | None = None, status: str = ""):
    subsidies = subsidies_for_user(user).select_related("case", "handler", "centre", "case__matter")
    if period:
        subsidies = subsidies.filter(period=period)
    if handler_id:
        subsidies = subsidies.filter(handler_id=handler_id)
    if status:
        subsidies = subsidies.filter(status=status)
    subsidies = subsidies.order_by("handler__last_name", "handler__first_name", "handler_id", "case__number")
    totals = subsidies.aggregate(count=Count("pk"), amount=Sum("amount"))
    return subsidies, totals

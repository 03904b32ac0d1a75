"""Reads for eligibility. Rule lookups are public (any stage may show them); records are scoped."""

from dataclasses import dataclass
from datetime import date

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone

from intake.models import Application
from intake.selectors import (
    application_pages,
    applications_for_user,
    applications_in_scope,
    decision_clock_q,
    queue_order,
    simplified_expression,
    urgent_now_expression,
)
from legalaid.compiled import CompiledPerKey
from legalaid.paginators import CountedRows
from legalaid.selectors import sees_everything, visible_organisations
from legalaid.validators import normalise_id_number

from .models import (
    Decision,
    HardshipStandard,
    LegalAidCard,
    MeansAssessment,
    Objection,
    PledgeSpotCheck,
    PledgeText,
    PriorityGroup,
    SpotCheckPolicy,
    WaiverCategory,
)
from .regions import division_chain
from .rulebook import RuleBook


def standard_for(division_code: str, on_date: date) -> HardshipStandard | None:
    """The hardship standard in force for a division on a date (township → county → city → province)."""
    return RuleBook.load().standard_for(division_code, on_date)


def matter_in_scope(matter_code: str, division_code: str, on_date: date) -> bool:
    """Whether a civil or administrative matter is in scope in a division on a date."""
    return RuleBook.load().matter_in_scope(matter_code, division_code, on_date)


def waiver_categories_on(division_code: str, on_date: date, *, matter_code: str | None = None) -> list[WaiverCategory]:
    """Waiver categories in force in a division on a date; with `matter_code`, only those valid for it."""
    categories = RuleBook.load().waivers_on(division_code, on_date)
    if matter_code is not None:
        categories = [c for c in categories if not c.matters.all() or matter_code in {m.code for m in c.matters.all()}]
    return categories


# ---------------------------------------------------------------- records, scoped to the user


def applications_under_review(user, today: date | None = None) -> QuerySet[Application]:
    """Applications under the centre's review in intake's queue order (the simplified same-day path
    first, then urgent, then by due date), each marked `simplified` and `urgent_now`: the "decide"
    figure's rows, which show the applicant and the clock alone."""
    return _under_review(applications_for_user(user), today or timezone.localdate())


def _under_review(applications: QuerySet[Application], today: date) -> QuerySet[Application]:
    return (
        applications.filter(status=Application.Status.UNDER_REVIEW)
        .annotate(simplified=simplified_expression(), urgent_now=urgent_now_expression(today))
        .order_by(
            *queue_order(
                simplified=Q(simplified=True), urgent=Q(urgent_now=True), due="decision_due", since="received_at"
            )
        )
    )


def decision_queue(user, today: date | None = None) -> QuerySet[Application]:
    """The decision queue's page: the applications under review, each with its latest means-test outcome.

    The related rows the page and its export show are prefetched for the rows shown, as in intake's
    review queue: joined, every application under review would be joined before the sort and the first
    page grew with the queue."""
    return _decision_queue(applications_for_user(user), today or timezone.localdate())


def _decision_queue(applications: QuerySet[Application], today: date) -> QuerySet[Application]:
    latest = MeansAssessment.objects.filter(application=OuterRef("pk")).order_by("-assessed_at", "-pk")
    return (
        _under_review(applications, today)
        .prefetch_related("applicant", "centre", "matter")
        .annotate(
            assessment_outcome=Subquery(latest.values("outcome")[:1]),
            priority_group_name=Subquery(latest.values("priority_group__name")[:1]),
        )
    )


def _decision_queue_page(key: tuple) -> QuerySet[Application]:
    scope, today, start, stop = key
    return _decision_queue(applications_in_scope(scope), today)[start:stop]


# A page of the decision queue, compiled once per scope, day and bounds: built and compiled by the ORM on
# each request, three rows cost 11 ms of Python against 3 ms of SQL at 1,000,000 cases (issue 14).
DECISION_QUEUE_PAGES = CompiledPerKey(_decision_queue_page)


def decision_queue_rows(user, today: date, count: int) -> CountedRows:
    """The decision queue's rows to page through, `count` of them (the "decide" figure's total: the same
    rows), each page read by a statement kept per scope, day and bounds."""
    return application_pages(user, count, DECISION_QUEUE_PAGES, (today,), lambda: decision_queue(user, today))


def decision_overdue(today: date) -> Q:
    """On `applications_under_review` rows: past the decision clock (the simplified path is due on the day of
    receipt), so the home panel counts what the queue marks overdue."""
    return decision_clock_q(today)[0]


def application_for_eligibility(user, pk: int) -> Application:
    return get_object_or_404(
        applications_for_user(user).select_related("applicant", "centre", "matter", "receiving_organisation"), pk=pk
    )


def assessments_of(application: Application) -> QuerySet[MeansAssessment]:
    return (
        application.means_assessments.select_related("assessed_by", "priority_group", "standard")
        .prefetch_related("members", "claims__category", "claims__card")
        .order_by("-assessed_at", "-pk")
    )


def decisions_for_user(user) -> QuerySet[Decision]:
    return Decision.objects.filter(application__in=applications_for_user(user).values("pk")).select_related(
        "application__applicant", "centre", "decided_by", "assessment"
    )


def decision_for_user(user, pk: int) -> Decision:
    return get_object_or_404(decisions_for_user(user), pk=pk)


def cards_for_user(user) -> QuerySet[LegalAidCard]:
    """Cards issued by centres the user may see."""
    return LegalAidCard.objects.filter(issuing_centre__in=visible_organisations(user).values("pk")).select_related(
        "issuing_centre", "issued_by"
    )


def card_for_user(user, pk: int) -> LegalAidCard:
    return get_object_or_404(cards_for_user(user), pk=pk)


def mask_name(name: str) -> str:
    """李*英, 王*: enough for the holder to recognise, not enough to list strangers."""
    name = (name or "").strip()
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


@dataclass(frozen=True)
class CardAnswer:
    """What a card check tells about a card of any centre (one card works at every centre: 一卡通)."""

    card: LegalAidCard
    holder: str  # masked
    visible: bool  # issued by a centre the user sees: its page may be opened


def card_check(user, holder_id_number: str, card_number: str = "") -> list[CardAnswer]:
    """The cards of the person with this ID number, from any centre, with the holder's name masked.

    The caller must know the holder's full ID number (as a clerk does from the ID card in front of
    them): a card number alone answers nothing, so sequential numbers cannot be walked.
    """
    holder_id_number = normalise_id_number(holder_id_number)
    if not holder_id_number:
        return []
    cards = LegalAidCard.objects.filter(holder_id_number=holder_id_number).select_related("issuing_centre")
    if card_number.strip():
        cards = cards.filter(number=card_number.strip())
    cards = list(cards.order_by("-issued_on", "-pk")[:20])
    visible = set(cards_for_user(user).filter(pk__in=[c.pk for c in cards]).values_list("pk", flat=True))
    return [CardAnswer(card, mask_name(card.holder_name), card.pk in visible) for card in cards]


def objections_for_user(user) -> QuerySet[Objection]:
    """Objections about decisions of centres the user sees, or about applications the user filed."""
    if sees_everything(user):
        objections = Objection.objects.all()
    else:
        objections = Objection.objects.filter(
            Q(centre__in=visible_organisations(user).values("pk"))
            | Q(application__in=applications_for_user(user).values("pk"))
        )
    return objections.select_related("centre", "application__applicant", "decision", "filed_by")


def objection_for_user(user, pk: int) -> Objection:
    return get_object_or_404(objections_for_user(user), pk=pk)


def pending_objections(user) -> QuerySet[Objection]:
    return objections_for_user(user).filter(status=Objection.Status.PENDING).order_by("review_due", "pk")


def spot_checks_for_user(user) -> QuerySet[PledgeSpotCheck]:
    return PledgeSpotCheck.objects.filter(draw__centre__in=visible_organisations(user).values("pk")).select_related(
        "draw__centre", "decision__application__applicant", "decision__assessment", "checked_by"
    )


def spot_check_for_user(user, pk: int) -> PledgeSpotCheck:
    return get_object_or_404(spot_checks_for_user(user), pk=pk)


def false_pledge_findings(centre_ids=None) -> QuerySet[PledgeSpotCheck]:
    """False pledges found by spot-checks: the aid must be terminated (LAL 48). For the cases stage."""
    checks = PledgeSpotCheck.objects.filter(status=PledgeSpotCheck.Status.FALSE_PLEDGE)
    if centre_ids is not None:
        checks = checks.filter(draw__centre__in=centre_ids)
    return checks.select_related("decision__application", "recovery")


def refusal_in_force(application: Application) -> Decision | None:
    """The refusal an objection may be filed against, if any."""
    return (
        Decision.objects.filter(application=application, granted=False, status=Decision.Status.IN_FORCE)
        .order_by("-decided_at")
        .first()
    )


def standards_history(division_code: str) -> QuerySet[HardshipStandard]:
    """Every standard, past and future, that a division's lookups can fall back to."""
    try:
        chain = division_chain(division_code)
    except ValueError:
        return HardshipStandard.objects.none()
    return HardshipStandard.objects.filter(division_code__in=chain).order_by("-effective_from", "division_code")


def pledge_text_on(day: date) -> PledgeText | None:
    """The wording of the integrity pledge in force on a date."""
    return PledgeText.objects.in_force(day).order_by("-effective_from").first()


def priority_groups_on(region_code: str, day: date) -> list[PriorityGroup]:
    """The simplified-procedure groups in force in a region on a date."""
    return [g for g in PriorityGroup.objects.in_force(day).order_by("sort_order", "code") if g.applies_in(region_code)]


def spot_check_policy_on(day: date) -> SpotCheckPolicy | None:
    return SpotCheckPolicy.objects.in_force(day).order_by("-effective_from").first()

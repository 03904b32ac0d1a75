"""Finding cases (by number, running number, ID number or name, and filters), and the handler's own list."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.paginator import Page
from django.db import connection, router
from django.db.models import Count, Q, QuerySet, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from intake.models import Person
from legalaid import search
from legalaid.compiled import CompiledRead
from legalaid.forms import Roster
from legalaid.paginators import CappedPaginator, paginator_for_search
from legalaid.roles import CENTRE_ROLES
from legalaid.selectors import sees_everything, user_profile
from legalaid.validators import normalise_id_number

from ..models import Case, CaseParty
from ..numbering import normalise_typed_number, parse_number_query
from .scope import cases_for_user


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


def _text_filter(text: str, scope: QuerySet) -> Q:
    """Case number (or its prefix), running number, ID number, phone or name, each by an indexed match.

    Brackets and digits are read as typed on a Chinese keyboard (numbering.parse_number_query); a
    name, ID number or phone is found by any fragment of it (legalaid.search)."""
    compact = normalise_typed_number(text)
    if not compact:
        return Q()
    id_number = normalise_id_number(compact)
    if len(id_number) in (15, 18) and id_number[:-1].isdigit():
        return Q(pk__in=CaseParty.objects.filter(id_number=id_number).values("case_id"))
    number = parse_number_query(compact)
    digits = compact.isdigit() and len(compact) >= search.MIN_DIGITS
    if number is not None and not digits:
        found = Q()
        if number.sequence is not None:
            found &= Q(sequence=number.sequence)
        if number.prefix:
            found &= Q(number__startswith=number.prefix)
        if number.contains:
            found &= Q(number__contains=number.contains)
        return found
    if _one_character(compact) and _common_character(compact):
        return Q(aided_names__icontains=search.normalise(compact))
    parties = _party_matches(compact, scope)
    if number is not None:
        # Six digits: a running number, or a fragment of an ID number or phone. One IN over a
        # UNION keeps every branch on its index.
        parties = Case.objects.filter(sequence=number.sequence).order_by().values("pk").union(parties)
    return Q(pk__in=_matched_once(parties))


# A fragment's matches are looked up in the grams indexes once, not once for the page and again for
# its count: a digits fragment is the costliest lookup of the search (each trigram of digits is in
# one number in a thousand), and the lookup grows with the whole table, not with the centre's cases.
# A fragment matching more cases than this anywhere stays a subquery, run by each of the two.
MATCHES_READ_ONCE = 1000


def _matched_once(case_ids: QuerySet) -> QuerySet | list[int]:
    found = [case_id for row in case_ids[: MATCHES_READ_ONCE + 1] for case_id in row.values()]
    return found if len(found) <= MATCHES_READ_ONCE else case_ids


# One character of a name (a surname, mostly) is in a few percent of all names: at 1,000,000 cases
# tens of thousands of people, whom the grams index would all hand over before the scope and the
# order cut them to a page. When it is that common, the cases are walked in the list's order
# instead, each checked by the names it keeps of its aided persons (Case.aided_names), and the walk
# stops after a page; the capped count reads those names from an index of the centre's cases
# alone (cases_case_centre_names). Both depend on how common the character is, not on the number
# of cases. A rare character (fewer than COMMON_MATCHES people anywhere) keeps the grams index.
COMMON_MATCHES = 200


def _one_character(text: str) -> bool:
    return search.one_character(normalise_typed_number(text))


# Characters found common in this process. Aided persons are never deleted, so a character once common
# stays common; and its check is the costly one: the grams index hands over every name with it before
# the first COMMON_MATCHES are counted (张 at 1,000,000 cases: 17,848 entries, 4.4 ms on every search,
# growing with the network). A rare character's check reads few entries and is made each time.
_common_characters: set[str] = set()


def _common_character(text: str) -> bool:
    """At least COMMON_MATCHES aided persons anywhere have this character in their name (one bounded
    read of the grams index; always false off PostgreSQL, where there is no such index)."""
    if connection.vendor != "postgresql":
        return False
    if text in _common_characters:
        return True
    matches = CaseParty.objects.filter(search.name_contains("name", text)).order_by()
    if matches[:COMMON_MATCHES].count() < COMMON_MATCHES:
        return False
    _common_characters.add(text)
    return True


def _party_matches(text: str, scope: QuerySet) -> QuerySet:
    """The case ids of aided persons whose name, ID number or phone contains the text; by name, of the
    cases in `scope` only: a given name's matches anywhere grow with the whole table (a pair of
    characters is in one name in a few thousand), the user's own do not."""
    if not search.is_digits(search.normalise(text).replace("-", "")):
        named = CaseParty.objects.filter(search.name_contains("name", text), case__in=scope.values("pk"))
        return named.order_by().values("case_id")
    by_id = search.digits_contain("id_number", text)
    by_phone = search.digits_contain("phone", text)
    if by_id is None:
        return CaseParty.objects.none().values("case_id")
    phones = Person.objects.filter(by_phone).order_by().values("pk")
    return (
        CaseParty.objects.filter(by_id).order_by().values("case_id")
        .union(CaseParty.objects.filter(person__in=phones).order_by().values("case_id"))
    )  # fmt: skip


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def case_search(user, query: CaseQuery) -> QuerySet[Case]:
    cases = cases_for_user(user)
    if query.text:
        cases = cases.filter(_text_filter(query.text, cases))
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
    paginator = paginator_for_search(normalise_typed_number(query.text), CappedPaginator)
    page = paginator(case_search(user, query), per_page).get_page(page_number)
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
        case.party_names = _("、").join(found[:3])
        if case.aided_count > 3:
            case.party_names += _(" 等 %(count)s 人") % {"count": case.aided_count}


def _handlers(path) -> QuerySet:
    """Handlers under an organisation's path (a string, or an expression the compiled read binds), in name
    order; None: every handler (administrators)."""
    from legalaid.models import User

    handlers = User.objects.filter(handler_profile__isnull=False).order_by("last_name", "first_name")
    return handlers if path is None else handlers.filter(profile__organisation__path__startswith=path)


# A county's roster is listed on every case search, board and subsidy list: compiled once (legalaid.compiled).
HANDLER_OPTIONS = CompiledRead(
    lambda path: _handlers(Value(path)).values_list("pk", "last_name", "first_name", "username"), "/stand-in/"
)


def handler_roster_for_user(user) -> Roster:
    """Handlers a filter form may offer: the roster under the user's centre (everyone for administrators)."""
    from legalaid.models import User

    if sees_everything(user):
        records = _handlers(None)
        return Roster(records, lambda: _options(records.values_list("pk", "last_name", "first_name", "username")))
    profile = user_profile(user)
    if profile is None or profile.role not in CENTRE_ROLES:
        return Roster(User.objects.none(), list)
    path = profile.organisation.path
    return Roster(_handlers(path), lambda: _options(HANDLER_OPTIONS.rows(router.db_for_read(User), path)))


def _options(rows) -> list[tuple[int, str]]:
    from legalaid.models import User

    return [(pk, User.shown_name(last_name, first_name, username)) for pk, last_name, first_name, username in rows]


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

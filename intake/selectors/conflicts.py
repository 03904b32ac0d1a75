"""The conflict check: people on the other side of open or recent applications."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import (
    Q,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from legalaid.validators import normalise_id_number

from ..models import (
    Application,
    OpposingParty,
    Person,
)

Status = Application.Status


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
        return _("对方当事人") if self.side == "opposing" else _("申请人或代为申请人")

    @property
    def matched_by_label(self) -> str:
        return _("证件号码一致") if self.matched_by == "id_number" else _("姓名和出生日期一致")

    @property
    def status_label(self) -> str:
        return str(Status(self.application_status).label)


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

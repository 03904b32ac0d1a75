"""Persons a user may see, may link to a new record, or find by ID number."""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from legalaid.models import UserProfile
from legalaid.search import person_filter
from legalaid.selectors import sees_everything, visible_organisation_ids
from legalaid.validators import normalise_id_number

from ..models import (
    Application,
    Consultation,
    HomeVisit,
    Person,
)

Status = Application.Status


def persons_for_user(user) -> QuerySet[Person]:
    """People who appear in a record of an organisation the user may see, or whom it registered.

    Each EXISTS reads only covering indexes (organisation → person ids), so PostgreSQL hashes a county's
    persons from index pages alone and walks the name index for a page of the list."""
    if sees_everything(user):
        return Person.objects.all()
    orgs = visible_organisation_ids(user)
    # Each EXISTS correlated by one equality, and the registering user by an IN: PostgreSQL then turns
    # every branch into a hashed set read once (an EXISTS on "applicant or representative", or a join
    # to the registering user's profile, was checked person by person: 200 ms for a county's count at
    # 1,000,000 cases).
    in_application = Application.objects.filter(applicant=OuterRef("pk"), receiving_organisation__in=orgs)
    represented = Application.objects.filter(representative=OuterRef("pk"), receiving_organisation__in=orgs)
    in_consultation = Consultation.objects.filter(person=OuterRef("pk"), organisation__in=orgs)
    in_visit = HomeVisit.objects.filter(person=OuterRef("pk"), organisation__in=orgs)
    registrars = UserProfile.objects.filter(organisation__in=orgs).values("user_id")
    return Person.objects.filter(
        Exists(in_application)
        | Exists(represented)
        | Exists(in_consultation)
        | Exists(in_visit)
        | Q(created_by__in=registrars)
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
    """Persons in scope whose name contains the words typed, or whose ID number or phone contains the digits."""
    persons = persons_for_user(user)
    if (query or "").strip():
        found = person_filter(query, name="name", id_number="id_number", phone="phone")
        persons = persons.filter(found) if found is not None else persons.none()
    return persons.order_by("name", "pk")


def person_by_id_number(id_number: str) -> Person | None:
    """The person already registered with this ID number, anywhere in the network.

    Offered instead of a duplicate: whoever typed the full number already knows who it is.
    """
    number = normalise_id_number(id_number)
    if not number:
        return None
    return Person.objects.filter(id_number=number).first()

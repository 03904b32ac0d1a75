"""Persons a user may see, may link to a new record, or find by ID number."""

from functools import reduce
from operator import or_

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


# The records by which a person is in an organisation's scope: (model, its person field, its organisation field).
SCOPE_LINKS = (
    (Application, "applicant", "receiving_organisation"),
    (Application, "representative", "receiving_organisation"),
    (Consultation, "person", "organisation"),
    (HomeVisit, "person", "organisation"),
)


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
    appears = [
        Exists(model.objects.filter(**{person: OuterRef("pk"), f"{organisation}__in": orgs}))
        for model, person, organisation in SCOPE_LINKS
    ]
    return Person.objects.filter(reduce(or_, appears) | Q(created_by__in=_registrars(orgs)))


def persons_count_for_user(user) -> int | None:
    """How many persons_for_user holds, counted from the records' side: the distinct person ids of each
    link's covering index, never a person's row (a county's 22,000 at a million cases in 20 ms, where
    counting the list's rows to its cap of 1,000 read 47,000 persons in 64). None for every person."""
    if sees_everything(user):
        return None
    orgs = visible_organisation_ids(user)
    registered = Person.objects.filter(created_by__in=_registrars(orgs)).order_by().values_list("pk")
    linked = [
        model.objects.filter(**{f"{organisation}__in": orgs, f"{person}__isnull": False})
        .order_by()
        .values_list(f"{person}_id")
        for model, person, organisation in SCOPE_LINKS
    ]
    return registered.union(*linked).count()  # UNION, not UNION ALL: a person counted once


def _registrars(orgs) -> QuerySet:
    return UserProfile.objects.filter(organisation__in=orgs).values("user_id")


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

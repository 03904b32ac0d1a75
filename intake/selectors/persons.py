"""Persons a user may see, may link to a new record, or find by ID number."""

from collections.abc import Iterator

from django.db import connection
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property

from legalaid.paginators import CappedPaginator, ListPaginator
from legalaid.search import is_digits, normalise, person_filter, text_contains
from legalaid.selectors import sees_everything, visible_organisation_ids
from legalaid.validators import normalise_id_number

from ..models import Person, PersonAppearance


def _appearances(user) -> QuerySet[PersonAppearance] | None:
    """Where the persons of the user's scope appear: their organisations' rows (None: every person)."""
    if sees_everything(user):
        return None
    return PersonAppearance.objects.filter(organisation_id__in=visible_organisation_ids(user))


def persons_for_user(user) -> QuerySet[Person]:
    """People who appear in a record of an organisation the user may see, or whom it registered
    (PersonAppearance: an application they made or represent, a consultation, a home visit, a registration)."""
    appearances = _appearances(user)
    if appearances is None:
        return Person.objects.all()
    return Person.objects.filter(pk__in=appearances.values("person_id"))


class PersonsInScope:
    """A scope's persons in name order, paged on their appearances (PersonAppearance): a page's keys (name,
    person) are read from the scope's own rows, then those persons by key.

    Asked as one query on the persons, PostgreSQL walked the network's persons in name order, testing each
    against the scope: a surname's bearers stand together in that order, so it read every name before
    them (266 ms at 100,000 cases), and the walk grew with the network. The scope's rows are as many at a
    million cases as at a hundred thousand. Works as a paginator's list (count, slices) and as an export's
    (iteration)."""

    CHUNK = 2000

    def __init__(self, organisation_ids: list[int], name: str = ""):
        self._organisation_ids = organisation_ids
        self._name = name
        appearances = PersonAppearance.objects.filter(organisation_id__in=organisation_ids)
        if name:
            appearances = appearances.filter(text_contains("name", name))  # each of a county's 22,000 rows
        self._appearances = appearances

    @cached_property
    def _all_keys(self) -> list[tuple[str, int]]:
        """Every key in order, read once: a search's (a scope's matches are few, and one read gives the count
        and the pages) or an export's."""
        return list(self._appearances.order_by("name", "person_id").values_list("name", "person_id").distinct())

    def count(self) -> int:
        if self._name:
            return len(self._all_keys)
        return self._appearances.aggregate(persons=Count("person_id", distinct=True))["persons"]

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start = index.start or 0
        stop = index.stop if index.stop is not None else start + self.count()
        keys = [pk for _name, pk in (self._all_keys[start:stop] if self._name else self._scope_keys(start, stop))]
        found = Person.objects.in_bulk(keys)
        return [found[pk] for pk in keys if pk in found]

    def _scope_keys(self, start: int, stop: int) -> list[tuple[str, int]]:
        """The whole scope's keys from `start` to `stop`. On PostgreSQL each organisation's first `stop` rows
        are read in the order of its index (organisation, name, person) and merged: sorting a county's
        22,000 rows for each page took 15 ms; these reads take one."""
        if connection.vendor != "postgresql":
            return self._all_keys[start:stop]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT DISTINCT scope.name, scope.person_id FROM unnest(%s::bigint[]) AS organisation (id) "
                f"CROSS JOIN LATERAL (SELECT name, person_id FROM {PersonAppearance._meta.db_table} "
                "WHERE organisation_id = organisation.id ORDER BY name, person_id LIMIT %s) AS scope "
                "ORDER BY scope.name, scope.person_id LIMIT %s OFFSET %s",
                [list(self._organisation_ids), stop, stop - start, start],
            )
            return cursor.fetchall()

    def __iter__(self) -> Iterator[Person]:
        """Every person, for an export: the keys in one sorted read (not page by page, each page's read
        growing with its offset), the persons by chunks of keys."""
        keys = [pk for _name, pk in self._all_keys]
        for start in range(0, len(keys), self.CHUNK):
            chunk = keys[start : start + self.CHUNK]
            found = Person.objects.in_bulk(chunk)
            yield from (found[pk] for pk in chunk if pk in found)


def person_search(user, query: str) -> QuerySet[Person] | PersonsInScope:
    """Persons in scope whose name contains the words typed, or whose ID number or phone contains the
    digits, in name order. A scope's persons, or those whose name is typed, are read by their appearances
    (PersonsInScope); digits narrow the persons by their own indexes, as for whoever sees everyone."""
    text = normalise(query or "")
    if not sees_everything(user) and not is_digits(text.replace("-", "")):
        return PersonsInScope(visible_organisation_ids(user), text)
    persons = persons_for_user(user)
    if text:
        found = person_filter(text, name="name", id_number="id_number", phone="phone")
        persons = persons.filter(found) if found is not None else persons.none()
    return persons.order_by("name", "pk")


def persons_paginator(persons: QuerySet[Person] | PersonsInScope, per_page: int) -> ListPaginator:
    """The persons list's paginator: a scope's persons counted exactly from its rows, everyone's to a cap."""
    paginator = ListPaginator if isinstance(persons, PersonsInScope) else CappedPaginator
    return paginator(persons, per_page)


def persons_linkable(user) -> QuerySet[Person]:
    """People a user may name in a new record: those in their scope, and those in no record at all
    and registered by no organisation (linking one reveals nothing of anyone's records)."""
    unattached = Person.objects.filter(created_by__isnull=True).exclude(
        Exists(PersonAppearance.objects.filter(person=OuterRef("pk")))
    )
    return persons_for_user(user) | unattached


def person_for_user(user, pk: int) -> Person:
    return get_object_or_404(persons_for_user(user), pk=pk)


def person_by_id_number(id_number: str) -> Person | None:
    """The person already registered with this ID number, anywhere in the network.

    Offered instead of a duplicate: whoever typed the full number already knows who it is.
    """
    number = normalise_id_number(id_number)
    if not number:
        return None
    return Person.objects.filter(id_number=number).first()

"""Reads of the directors' self-service, scoped to the director's subtree."""

from datetime import date, timedelta

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from ..models import DutyShift, HandlerProfile, Organisation, User
from ..selectors import visible_organisations
from ..vocabulary import HandlerType


def users_for_director(user) -> QuerySet[User]:
    return (
        User.objects.filter(profile__organisation__in=visible_organisations(user))
        .select_related("profile__organisation", "handler_profile")
        .order_by("profile__organisation__path", "profile__role", "last_name", "first_name")
    )


def user_for_director(user, pk: int) -> User:
    return get_object_or_404(users_for_director(user), pk=pk)


def handler_for_director(user, pk: int) -> HandlerProfile:
    queryset = HandlerProfile.objects.filter(user__profile__organisation__in=visible_organisations(user))
    return get_object_or_404(queryset.select_related("user__profile__organisation"), pk=pk)


# -- the duty rota -----------------------------------------------------------------------------


def duty_stations_for_director(user) -> QuerySet[Organisation]:
    return visible_organisations(user).filter(kind__in=DutyShift.STATION_KINDS, is_active=True).order_by("path")


def duty_lawyers_for_director(user) -> QuerySet[User]:
    """The lawyers of the director's subtree who may be put on duty (in post, active accounts)."""
    return (
        User.objects.filter(
            is_active=True,
            profile__organisation__in=visible_organisations(user),
            handler_profile__handler_type__in=HandlerType.lawyers(),
            handler_profile__status=HandlerProfile.Status.ACTIVE,
        )
        .select_related("profile__organisation")
        .order_by("profile__organisation__path", "last_name", "first_name")
    )


def duty_week(user, monday: date) -> QuerySet[DutyShift]:
    """The rota of the director's stations for the seven days from `monday`."""
    return DutyShift.objects.filter(
        station__in=visible_organisations(user), day__gte=monday, day__lt=monday + timedelta(days=7)
    ).select_related("station", "lawyer__profile__organisation")


def duty_shift_for_director(user, pk: int) -> DutyShift:
    return get_object_or_404(DutyShift.objects.filter(station__in=visible_organisations(user)), pk=pk)


def duties_of(user, start: date, end: date) -> QuerySet[DutyShift]:
    """A lawyer's own duties from `start` to `end` (both included), for their work page."""
    return DutyShift.objects.filter(lawyer=user, day__gte=start, day__lte=end).select_related("station")


def lawyers_on_duty(station: Organisation, day: date) -> QuerySet[User]:
    """Who is on duty at `station` on `day` (either half): the duty-lawyer help form pre-selects them."""
    return User.objects.filter(duty_shifts__station=station, duty_shifts__day=day).distinct().order_by("pk")

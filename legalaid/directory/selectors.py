"""Reads of the directors' self-service, scoped to the director's subtree."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from ..models import HandlerProfile, User
from ..selectors import visible_organisations


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

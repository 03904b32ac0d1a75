"""Reads of the organisation network, always scoped to what a user may see."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import router
from django.db.models import Count, Q, QuerySet, Value
from django.shortcuts import get_object_or_404

from .compiled import CompiledRead
from .models import HandlerProfile, Organisation, UserProfile
from .roles import CENTRE_ROLES, OVERSIGHT_ROLES, Role


def user_profile(user: AbstractBaseUser | AnonymousUser) -> UserProfile | None:
    if not user.is_authenticated:
        return None
    try:
        return user.profile
    except UserProfile.DoesNotExist:
        return None


def user_role(user) -> str | None:
    profile = user_profile(user)
    return profile.role if profile else None


def sees_everything(user) -> bool:
    return user.is_superuser or user_role(user) == Role.ADMINISTRATOR


def visible_centre_ids(user) -> list[int] | None:
    """The centres whose records a centre-role user sees (None: every centre; []: a role outside the
    centres), read once and kept on the user for the request.

    A list of ids rather than a subquery: the scope of a county's staff is then `centre_id = X`, which an
    index leading with the centre walks in the list's order, a page at a time (issue 14)."""
    if not hasattr(user, "_centre_ids"):
        user._centre_ids = _visible_centre_ids(user)
    return user._centre_ids


# The centres under an organisation's path, compiled once: built through the ORM on every request of a
# centre's staff, this read cost 0.4 ms of Python against a few hundredths of a millisecond to run (issue
# 14). The path is a parameter the pattern is made of, escaped by the database, so the stand-in is the key.
CENTRES_UNDER_PATH = CompiledRead(
    lambda path: (
        Organisation.objects.filter(path__startswith=Value(path), kind__in=Organisation.CENTRE_KINDS)
        .order_by()
        .values_list("pk")
    ),
    "/stand-in/",
)


def _visible_centre_ids(user) -> list[int] | None:
    if sees_everything(user):
        return None
    profile = user_profile(user)
    if profile is None or profile.role not in CENTRE_ROLES:
        return []
    return [pk for (pk,) in CENTRES_UNDER_PATH.rows(router.db_for_read(Organisation), profile.organisation.path)]


def visible_organisations(user) -> QuerySet[Organisation]:
    """Organisations whose records the user may see.

    Centre roles and the justice bureau see their organisation's whole subtree; every
    other role sees only its own organisation (a workstation clerk never sees another
    workstation, a liaison point only what it filed, a firm's manager only the firm).
    Handlers are narrowed further to their own cases by the cases app.
    """
    if sees_everything(user):
        return Organisation.objects.all()
    profile = user_profile(user)
    if profile is None:
        return Organisation.objects.none()
    if profile.works_for_centre or profile.role in OVERSIGHT_ROLES:
        return Organisation.objects.filter(path__startswith=profile.organisation.path)
    return Organisation.objects.filter(pk=profile.organisation_id)


def visible_organisation_ids(user) -> list[int] | None:
    """The ids of visible_organisations (None: every organisation), read once and kept on the user for the
    request. Records scoped by them name the ids: no semi-join for the planner to weigh against the list's
    order (13 ms of planning for the consultation ledger's page at 80 counties, 5 ms of running it)."""
    if not hasattr(user, "_organisation_ids"):
        user._organisation_ids = (
            None if sees_everything(user) else list(visible_organisations(user).values_list("pk", flat=True))
        )
    return user._organisation_ids


def scope_key(user) -> tuple:
    """What the scoped reads (every app's `*_for_user`) take from a user, as a key: a statement built from
    the user's scope is the same for every request with the same key (legalaid.figures keeps them).

    The centres the user sees, or for a role outside the centres the organisations, are read from the
    database (once a request, kept on the user) and are part of the key: a statement that names them
    changes when they do. Kept on the user for the request, like those reads."""
    if not hasattr(user, "_scope_key"):
        user._scope_key = _scope_key(user)
    return user._scope_key


def _scope_key(user) -> tuple:
    profile = user_profile(user)
    organisation = profile.organisation if profile else None
    centres = visible_centre_ids(user)
    return (
        user.pk,
        user.is_superuser,
        profile.role if profile else None,
        (organisation.pk, organisation.kind, organisation.path) if organisation else None,
        None if centres is None else tuple(centres),
        tuple(visible_organisation_ids(user)) if centres == [] else None,
        frozenset(user.get_all_permissions()),
    )


def organisation_for_user(user, pk: int) -> Organisation:
    """One organisation in the user's scope, or Http404."""
    return get_object_or_404(visible_organisations(user), pk=pk)


def organisation_tree(user) -> QuerySet[Organisation]:
    return visible_organisations(user).select_related("parent").annotate(member_count=Count("members")).order_by("path")


def organisation_members(organisation: Organisation) -> QuerySet[UserProfile]:
    return (
        UserProfile.objects.filter(organisation=organisation, user__is_active=True)
        .select_related("user", "user__handler_profile")
        .order_by("role", "user__last_name", "user__first_name")
    )


def handlers_for_centre(centre: Organisation) -> QuerySet[HandlerProfile]:
    """Handlers in a centre's subtree: the roster the centre may assign from."""
    return (
        HandlerProfile.objects.filter(user__profile__organisation__path__startswith=centre.path, user__is_active=True)
        .select_related("user", "user__profile__organisation")
        .prefetch_related("specialties")
    )


def handler_counts_by_status(centre: Organisation) -> dict[str, int]:
    rows = handlers_for_centre(centre).aggregate(
        active=Count("pk", filter=Q(status=HandlerProfile.Status.ACTIVE)),
        on_leave=Count("pk", filter=Q(status=HandlerProfile.Status.ON_LEAVE)),
        total=Count("pk"),
    )
    return rows

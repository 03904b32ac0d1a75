"""legalaid's own home-page panels: the user's organisation, its people, the handler's profile."""

from django.db.models import Count

from . import selectors
from .models import HandlerProfile, Organisation, UserProfile
from .roles import CENTRE_ROLES, Role


def organisation_panel(request):
    profile = selectors.user_profile(request.user)
    if profile is None:
        return None
    organisation = profile.organisation
    return {
        "organisation": organisation,
        "centre": organisation.responsible_centre(),
        "members": selectors.organisation_members(organisation)
        if request.user.has_perm("legalaid.view_userprofile")
        else None,
    }


def network_panel(request):
    profile = selectors.user_profile(request.user)
    if profile is None or profile.role not in CENTRE_ROLES:
        return None
    counts = selectors.visible_organisations(request.user).values("kind").annotate(n=Count("pk")).order_by("kind")
    labels = dict(Organisation.Kind.choices)
    return {
        "kind_counts": [(labels[row["kind"]], row["n"]) for row in counts],
        "handlers": selectors.handler_counts_by_status(profile.organisation),
    }


def handler_panel(request):
    handler = HandlerProfile.objects.filter(user=request.user).first()
    if handler is None:
        return None
    return {"handler": handler, "specialties": list(handler.specialties.all())}


def administrator_panel(request):
    user_counts = UserProfile.objects.values("role").annotate(n=Count("pk")).order_by("role")
    labels = dict(Role.choices)
    return {
        "organisation_count": Organisation.objects.count(),
        "user_counts": [(labels[row["role"]], row["n"]) for row in user_counts],
    }

"""legalaid's own home-page panels: the user's work, the user's organisation, its people, the handler's profile."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from . import selectors
from .models import HandlerProfile, Organisation, UserProfile
from .navigation import HomePanel, NavItem, register_home_panel, register_nav
from .roles import CENTRE_ROLES, Role
from .work.selectors import work_for_user

# Every role that has work: all but the administrator, whose work is the admin site.
WORK_ROLES = frozenset(Role.values) - {Role.ADMINISTRATOR}


def work_panel(request):
    """The home page's main panel, first for every role: what awaits this user, counts only.

    The home page is where a login lands, so the work is put there rather than on a second landing
    page; the full list, with each row's next action, is the 我的待办 page."""
    return work_for_user(request.user, limit=0)


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


# Registered here, where the panel is defined (this module is imported by LegalaidConfig.ready).
register_nav(NavItem(label=_("我的待办"), url_name="work", roles=WORK_ROLES, order=1))
register_home_panel(HomePanel("legalaid/panels/work.html", work_panel, roles=WORK_ROLES, order=0))

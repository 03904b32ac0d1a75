from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.shortcuts import render

from . import selectors
from .navigation import HOME_PANELS, allowed


@login_required
def home(request):
    """Each role's home page: the user's organisation and the panels apps register for the role."""
    profile = selectors.user_profile(request.user)
    role = profile.role if profile else None
    panels = []
    for panel in HOME_PANELS:
        if not allowed(request.user, role, panel.roles, panel.permission):
            continue
        context = panel.context(request)
        if context is not None:
            panels.append({"template_name": panel.template_name, "context": context})
    return render(request, "legalaid/home.html", {"profile": profile, "panels": panels})


@login_required
@permission_required("legalaid.view_organisation", raise_exception=True)
def organisation_list(request):
    organisations = selectors.organisation_tree(request.user)
    kind = request.GET.get("kind", "")
    if kind:
        organisations = organisations.filter(kind=kind)
    page = Paginator(organisations, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "legalaid/organisation_list.html",
        {"page": page, "kind": kind, "kinds": selectors.Organisation.Kind.choices},
    )


@login_required
@permission_required("legalaid.view_organisation", raise_exception=True)
def organisation_detail(request, pk: int):
    organisation = selectors.organisation_for_user(request.user, pk)
    members = selectors.organisation_members(organisation) if request.user.has_perm("legalaid.view_userprofile") else []
    children = selectors.visible_organisations(request.user).filter(parent=organisation)
    return render(
        request,
        "legalaid/organisation_detail.html",
        {"organisation": organisation, "members": members, "children": children},
    )

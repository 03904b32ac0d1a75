"""Persons: list, registering, details, correcting, and the ID-number look-up."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from legalaid.audit.services import log_access
from legalaid.errors import DomainError
from legalaid.models import AccessRecord
from legalaid.validators import mask_id_number, normalise_id_number

from .. import selectors, services
from ..forms import (
    PersonForm,
    apply_domain_error,
)
from ..models import Application
from ..ratelimit import limited
from .common import PAGE_SIZE

Status = Application.Status


@login_required
@permission_required("intake.view_person", raise_exception=True)
def person_list(request):
    query = request.GET.get("q", "").strip()
    persons = selectors.person_search(request.user, query)
    page = selectors.persons_paginator(persons, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "intake/person_list.html", {"page": page, "q": query})


@login_required
@permission_required("intake.add_person", raise_exception=True)
def person_create(request):
    form = PersonForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(actor=request.user, **form.normalised)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("人员已登记。"))
            return redirect("intake:person_detail", pk=person.pk)
    return render(request, "intake/person_form.html", {"form": form, "person": None})


@login_required
@permission_required("intake.view_person", raise_exception=True)
def person_detail(request, pk: int):
    person = selectors.person_for_user(request.user, pk)
    applications = (
        selectors.applications_for_user(request.user)
        .filter(applicant=person)
        .select_related("matter", "receiving_organisation")
    )
    consultations = selectors.consultations_for_user(request.user).filter(person=person).select_related("channel")
    visits = selectors.home_visits_for_user(request.user).filter(person=person).select_related("staff")
    return render(
        request,
        "intake/person_detail.html",
        {
            "person": person,
            "groups": person.group_labels(),
            "applications": applications[:50],
            "consultations": consultations[:50],
            "visits": visits[:20],
            "conflicts": selectors.find_person_conflicts(person),
            "can_visit": services.may_be_visited(person),
        },
    )


@login_required
@permission_required("intake.change_person", raise_exception=True)
def person_edit(request, pk: int):
    person = selectors.person_for_user(request.user, pk)
    form = PersonForm(request.POST or None, person=person, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(person, actor=request.user, **form.normalised)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("人员信息已修改。"))
            return redirect("intake:person_detail", pk=person.pk)
    # The edit form shows the full ID number and phone: every display is logged.
    log_access(
        request, kind=AccessRecord.Kind.FULL_ID_NUMBER, subject=person.name, obj=person, detail=_("人员编辑表单")
    )
    return render(request, "intake/person_form.html", {"form": form, "person": person})


LOOKUP_LIMIT = (30, 3600)  # look-ups per user per hour: enough for a busy desk, too few to walk the registry


@login_required
@permission_required("intake.add_person", raise_exception=True)
@require_GET
def person_lookup(request):
    """Is this ID number registered? Only found / not found and the masked number, never who.

    The form links a registered person by the full number typed, so the desk needs no more; each
    look-up is logged with who asked, and limited per user (failing closed when the cache is down).
    """
    number = normalise_id_number(request.GET.get("id_number", ""))
    if limited(
        "person-lookup", str(request.user.pk), limit=LOOKUP_LIMIT[0], window_seconds=LOOKUP_LIMIT[1], fail_closed=True
    ):
        return JsonResponse({"found": False, "limited": True}, status=429)
    found = bool(number) and selectors.person_by_id_number(number) is not None
    masked = mask_id_number(number)
    log_access(
        request,
        kind=AccessRecord.Kind.FULL_ID_NUMBER,
        subject=masked,
        detail=_("证件号码查询：%(answer)s") % {"answer": _("已登记") if found else _("未登记")},
    )
    if not found:
        return JsonResponse({"found": False})
    return JsonResponse(
        {"found": True, "id_number": masked, "message": _("该证件号码(%(number)s)已登记。") % {"number": masked}}
    )

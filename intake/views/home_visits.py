"""Home visits for the elderly and disabled."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from legalaid.errors import DomainError
from legalaid.paginators import ListPaginator

from .. import selectors, services
from ..exports import home_visits_filtered
from ..forms import (
    HomeVisitForm,
    HomeVisitOutcomeForm,
    apply_domain_error,
)
from ..models import Application, HomeVisit
from .common import PAGE_SIZE, optional_pk

Status = Application.Status


@login_required
@permission_required("intake.view_homevisit", raise_exception=True)
def home_visit_list(request):
    status, visits = home_visits_filtered(request.user, request.GET)
    page = ListPaginator(visits, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "intake/home_visit_list.html", {"page": page, "status": status, "statuses": HomeVisit.Status.choices}
    )


@login_required
@permission_required("intake.add_homevisit", raise_exception=True)
def home_visit_create(request, person_pk: int):
    person = selectors.person_for_user(request.user, person_pk)
    application = None
    application_pk = optional_pk(request.GET.get("application"))
    if application_pk is not None:
        application = selectors.application_for_user(request.user, application_pk)
    form = HomeVisitForm(request.POST or None, user=request.user, person=person)
    if request.method == "POST" and form.is_valid():
        try:
            visit = services.home_visit_book(
                actor=request.user, person=person, application=application, **form.cleaned_data
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("上门服务已预约。"))
            return redirect("intake:home_visit_detail", pk=visit.pk)
    return render(request, "intake/home_visit_form.html", {"form": form, "person": person})


@login_required
@permission_required("intake.view_homevisit", raise_exception=True)
def home_visit_detail(request, pk: int):
    visit = selectors.home_visit_for_user(request.user, pk)
    form = HomeVisitOutcomeForm(request.POST or None)
    if request.method == "POST":
        if not request.user.has_perm("intake.change_homevisit"):
            raise PermissionDenied
        if form.is_valid():
            action = (
                services.home_visit_cancel if request.POST.get("action") == "cancel" else services.home_visit_complete
            )
            try:
                if action is services.home_visit_cancel:
                    action(visit, actor=request.user, reason=form.cleaned_data["outcome"])
                else:
                    action(visit, actor=request.user, outcome=form.cleaned_data["outcome"])
            except DomainError as error:
                apply_domain_error(form, error)
            else:
                messages.success(request, _("上门服务已更新。"))
                return redirect("intake:home_visit_detail", pk=visit.pk)
    return render(request, "intake/home_visit_detail.html", {"visit": visit, "form": form})

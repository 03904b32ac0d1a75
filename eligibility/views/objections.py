"""Objections to a refusal (LAL 49): filing one, the list, and the justice bureau's review decision."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from legalaid.errors import DomainError
from legalaid.kernel import history_rows
from legalaid.paginators import ListPaginator

from .. import forms, selectors, services
from ..exports import objections_filtered
from ..models import Objection
from .common import form_error


@login_required
@permission_required("eligibility.view_objection", raise_exception=True)
def objection_list(request):
    status, objections = objections_filtered(request.user, request.GET)
    page = ListPaginator(objections, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "eligibility/objection_list.html",
        {"page": page, "status": status, "statuses": Objection.Status.choices, "today": timezone.localdate()},
    )


@login_required
@permission_required("eligibility.add_objection", raise_exception=True)
@require_http_methods(["GET", "POST"])
def objection_create(request, pk: int):
    application = selectors.application_for_eligibility(request.user, pk)
    form = forms.ObjectionForm(
        request.POST or None,
        initial={"objector_name": application.applicant.name, "objector_phone": application.applicant.phone},
    )
    if request.method == "POST" and form.is_valid():
        try:
            objection = services.objection_file(
                actor=request.user, kind=Objection.Kind.REFUSAL, application=application, **form.cleaned_data
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(
                request,
                _("已登记异议，%(body)s应于 %(due)s 前审查完毕。")
                % {"body": objection.review_body, "due": objection.review_due.isoformat()},
            )
            return redirect("eligibility:objection_detail", pk=objection.pk)
    return render(request, "eligibility/objection_form.html", {"application": application, "form": form})


@login_required
@permission_required("eligibility.view_objection", raise_exception=True)
def objection_detail(request, pk: int):
    objection = selectors.objection_for_user(request.user, pk)
    return render(
        request,
        "eligibility/objection_detail.html",
        {
            "objection": objection,
            "transitions": history_rows(objection),
            "today": timezone.localdate(),
            "can_decide": request.user.has_perm("eligibility.decide_objection")
            and services.objection_decide_refusal(objection) is None,
        },
    )


@login_required
@permission_required("eligibility.decide_objection", raise_exception=True)
@require_http_methods(["GET", "POST"])
def objection_decide(request, pk: int):
    objection = selectors.objection_for_user(request.user, pk)
    form = forms.ObjectionDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.objection_decide(
                objection,
                actor=request.user,
                correction_ordered=form.cleaned_data["result"] == Objection.Status.CORRECTION_ORDERED,
                opinion=form.cleaned_data["opinion"],
                decided_on=form.cleaned_data["decided_on"],
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("已登记司法行政部门的审查决定。"))
            return redirect("eligibility:objection_detail", pk=objection.pk)
    return render(request, "eligibility/objection_decide.html", {"objection": objection, "form": form})

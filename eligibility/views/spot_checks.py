"""Pledge spot-checks: the list, recording a verification, and the recovery that a false pledge opens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from legalaid.errors import DomainError
from legalaid.kernel import history_rows
from legalaid.paginators import ListPaginator

from .. import forms, selectors, services
from ..exports import spot_checks_filtered
from ..models import PledgeSpotCheck
from .common import form_error


@login_required
@permission_required("eligibility.view_pledgespotcheck", raise_exception=True)
def spot_check_list(request):
    result, checks = spot_checks_filtered(request.user, request.GET)
    page = ListPaginator(checks, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "eligibility/spot_check_list.html",
        {"page": page, "result": result, "results": PledgeSpotCheck.Status.choices},
    )


def _recovery_form(request, recovery):
    if recovery is None or not request.user.has_perm("eligibility.change_recovery"):
        return None
    return forms.RecoveryForm(
        request.POST if "recovery" in request.POST else None,
        initial={
            "status": recovery.status,
            "cost_amount": recovery.cost_amount,
            "fine_amount": recovery.fine_amount,
            "notes": recovery.notes,
        },
    )


@login_required
@permission_required("eligibility.view_pledgespotcheck", raise_exception=True)
@require_http_methods(["GET", "POST"])
def spot_check_detail(request, pk: int):
    check = selectors.spot_check_for_user(request.user, pk)
    can_verify = (
        request.user.has_perm("eligibility.verify_pledge") and services.spot_check_record_refusal(check) is None
    )
    form = forms.SpotCheckForm(request.POST or None) if can_verify else None
    recovery = getattr(check, "recovery", None)
    recovery_form = _recovery_form(request, recovery)
    if request.method == "POST":
        if "recovery" in request.POST and recovery_form is not None and recovery_form.is_valid():
            try:
                services.recovery_update(recovery, actor=request.user, **recovery_form.cleaned_data)
            except DomainError as error:
                form_error(recovery_form, error)
            else:
                messages.success(request, _("已更新费用追缴情况。"))
                return redirect("eligibility:spot_check_detail", pk=check.pk)
        elif form is not None and "recovery" not in request.POST and form.is_valid():
            try:
                services.spot_check_record(
                    check,
                    actor=request.user,
                    truthful=form.cleaned_data["result"] == PledgeSpotCheck.Status.CONFIRMED,
                    findings=form.cleaned_data["findings"],
                    cost_amount=form.cleaned_data["cost_amount"],
                )
            except DomainError as error:
                form_error(form, error)
            else:
                messages.success(request, _("已登记核查结果。"))
                return redirect("eligibility:spot_check_detail", pk=check.pk)
        elif form is None and recovery_form is None:
            # Nothing this user may change here: a stale form, or a role that only reads.
            return redirect("eligibility:spot_check_detail", pk=check.pk)
    return render(
        request,
        "eligibility/spot_check_detail.html",
        {
            "check": check,
            "form": form,
            "recovery": recovery,
            "recovery_form": recovery_form,
            "transitions": history_rows(check),
        },
    )

"""Subsidies: the monthly list, its export, and approving and paying one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from legalaid.errors import DomainError
from legalaid.exports import export_response
from legalaid.paginators import ListPaginator

from .. import forms, selectors, services
from ..exports import subsidy_filter


@login_required
@permission_required("cases.view_subsidy", raise_exception=True)
def subsidy_list(request):
    form, subsidies, totals = subsidy_filter(request.user, request.GET)
    page = ListPaginator(subsidies, 50).get_page(request.GET.get("page"))
    return render(request, "cases/subsidy_list.html", {"form": form, "page": page, "totals": totals})


@login_required
def subsidy_export(request):
    """The subsidies list's older export address, now served by the one list-export registry."""
    return export_response(request, "cases.subsidies")


@login_required
@permission_required("cases.view_subsidy", raise_exception=True)
def subsidy_detail(request, pk: int):
    subsidy = selectors.subsidy_for_user(request.user, pk)
    action = request.POST.get("action") if request.method == "POST" else None
    payment_form = forms.PaymentForm(request.POST if action == "pay" else None)
    if action:
        try:
            if action == "approve":
                services.subsidy_approve(subsidy, actor=request.user)
                messages.success(request, _("补贴已审批。"))
            elif action == "recompute":
                services.subsidy_recompute(subsidy, actor=request.user)
                messages.success(request, _("已按现行标准重新核算。"))
            elif action == "pay" and payment_form.is_valid():
                services.subsidy_mark_paid(subsidy, actor=request.user, **payment_form.cleaned_data)
                messages.success(request, _("已登记发放。"))
            else:
                raise DomainError(_("请填写支付凭证号。"), field="payment_reference")
        except DomainError as error:
            if action == "pay":
                forms.apply_domain_error(payment_form, error)
            else:
                messages.error(request, error.message)
        else:
            return redirect("cases:subsidy_detail", subsidy.pk)
    return render(
        request,
        "cases/subsidy_detail.html",
        {
            "subsidy": subsidy,
            "transitions": subsidy.transitions.select_related("actor"),
            "payment_form": payment_form,
            **services.subsidy_actions(subsidy, request.user),
        },
    )

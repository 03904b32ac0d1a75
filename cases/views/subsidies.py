"""Subsidies: the monthly list, its export, and approving and paying one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from legalaid.errors import DomainError
from legalaid.exports import xlsx_response

from .. import forms, selectors, services


def _subsidy_filter(request):
    handlers = selectors.handler_choices_for_user(request.user)
    form = forms.SubsidyFilterForm(request.GET or None, handlers=handlers)
    period = handler_id = None
    status = ""
    if form.is_valid():
        period = form.cleaned_data["month"]
        handler_id = form.cleaned_data["handler"].pk if form.cleaned_data["handler"] else None
        status = form.cleaned_data["status"]
    subsidies, totals = selectors.subsidy_list(request.user, period=period, handler_id=handler_id, status=status)
    return form, subsidies, totals, period


@login_required
@permission_required("cases.view_subsidy", raise_exception=True)
def subsidy_list(request):
    form, subsidies, totals, _period = _subsidy_filter(request)
    page = Paginator(subsidies, 50).get_page(request.GET.get("page"))
    return render(request, "cases/subsidy_list.html", {"form": form, "page": page, "totals": totals})


@login_required
@permission_required("cases.view_subsidy", raise_exception=True)
def subsidy_export(request):
    form, subsidies, totals, period = _subsidy_filter(request)
    header = [
        _("承办人"),
        _("承办机构"),
        _("案号"),
        _("案件类型"),
        _("事项"),
        _("所属月份"),
        _("基本补贴"),
        _("加发"),
        _("质量扣减"),
        _("应发金额"),
        _("状态"),
        _("支付凭证号"),
    ]
    rows = [
        [
            s.handler.get_full_name(),
            s.case.handler_organisation.name if s.case.handler_organisation_id else "",
            s.case.number,
            s.case.get_case_type_display(),
            s.case.matter.name if s.case.matter_id else "",
            f"{s.period:%Y-%m}",
            s.base_amount,
            s.extras_amount,
            s.quality_adjustment,
            s.amount,
            s.get_status_display(),
            s.payment_reference,
        ]
        for s in subsidies.select_related("case__handler_organisation")
    ]
    count = _("%(count)s 件") % {"count": totals["count"]}
    rows.append([_("合计"), "", count, "", "", "", "", "", "", totals["amount"] or 0, "", ""])
    label = period.strftime("%Y-%m") if period else _("全部")
    title = _("办案补贴")
    return xlsx_response(f"{title}-{label}.xlsx", title, header, rows)


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

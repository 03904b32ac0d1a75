"""Follow-up visits and the flags they raise."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.selectors import case_for_user
from legalaid.errors import DomainError

from .. import forms, selectors, services
from ..exports import flags_filtered, visits_shown
from ..models import (
    SupervisionFlag,
)
from .common import form_error, page

# ---------------------------------------------------------------- follow-up visits


@login_required
@permission_required("supervision.view_followupvisit", raise_exception=True)
def visits(request):
    show, queryset = visits_shown(request.user, request.GET)
    context = {"page": page(request, queryset), "show": show, "today": timezone.localdate()}
    return render(request, "supervision/visits.html", context)


@login_required
@permission_required("supervision.record_follow_up", raise_exception=True)
def visit_schedule(request, case_pk: int):
    case = case_for_user(request.user, case_pk)
    form = forms.VisitScheduleForm(request.POST or None, initial={"due_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.follow_up_schedule(case, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("回访已安排。"))
            return redirect("supervision:case", case.pk)
    return render(request, "supervision/form.html", {"form": form, "case": case, "title": _("安排专项回访")})


@login_required
@permission_required("supervision.record_follow_up", raise_exception=True)
def visit_record(request, pk: int):
    visit = selectors.visit_for_user(request.user, pk)
    form = forms.VisitRecordForm(request.POST or None, initial={"performed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            visit = services.follow_up_record(visit, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            if visit.flags.exists():
                messages.warning(request, _("回访已登记。受援人的回答已向中心主任发出监督预警。"))
            else:
                messages.success(request, _("回访已登记，并记入案件办理记录。"))
            return redirect("supervision:case", visit.case_id)
    parties = visit.case.parties.select_related("person")
    return render(
        request,
        "supervision/visit_record.html",
        {"visit": visit, "form": form, "cancel_form": forms.CancelForm(), "parties": parties},
    )


@login_required
@permission_required("supervision.record_follow_up", raise_exception=True)
@require_POST
def visit_cancel(request, pk: int):
    visit = selectors.visit_for_user(request.user, pk)
    form = forms.CancelForm(request.POST)
    if form.is_valid():
        try:
            services.follow_up_cancel(visit, actor=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, _("回访已取消。"))
            return redirect("supervision:case", visit.case_id)
        except DomainError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, _("请填写取消原因。"))
    return redirect("supervision:visit_record", visit.pk)


# ---------------------------------------------------------------- flags


@login_required
@permission_required("supervision.view_supervisionflag", raise_exception=True)
def flags(request):
    status = request.GET.get("status", SupervisionFlag.Status.OPEN)
    queryset = flags_filtered(request.user, request.GET)
    return render(request, "supervision/flags.html", {"page": page(request, queryset), "status": status})


@login_required
@permission_required("supervision.resolve_flag", raise_exception=True)
def flag_resolve(request, pk: int):
    flag = selectors.flag_for_user(request.user, pk)
    form = forms.ResolveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.flag_resolve(flag, actor=request.user, resolution=form.cleaned_data["resolution"])
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("预警已处理。"))
            return redirect("supervision:flags")
    return render(request, "supervision/flag_resolve.html", {"flag": flag, "form": form})

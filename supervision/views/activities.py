"""Supervision activities on a case and the authority's opinion."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.selectors import case_for_user
from legalaid.errors import DomainError

from .. import forms, selectors, services
from ..models import (
    SupervisionActivity,
)
from .common import form_error

# ---------------------------------------------------------------- activities


@login_required
@permission_required("supervision.add_supervisionactivity", raise_exception=True)
def activity_add(request, case_pk: int):
    case = case_for_user(request.user, case_pk)
    form = forms.ActivityForm(
        request.POST or None, initial={"date": timezone.localdate(), "kind": request.GET.get("kind")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_record(case, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("监督活动已登记，并记入案件办理记录。"))
            return redirect("supervision:case", case.pk)
    return render(request, "supervision/form.html", {"form": form, "case": case, "title": _("登记监督活动")})


@login_required
@permission_required("supervision.change_supervisionactivity", raise_exception=True)
def activity_opinion(request, pk: int):
    activity = selectors.activity_for_user(request.user, pk)
    if activity.kind != SupervisionActivity.Kind.AUTHORITY_OPINION:
        raise Http404
    form = forms.OpinionForm(request.POST or None, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_opinion_receive(activity, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("办案机关意见已登记。"))
            return redirect("supervision:case", activity.case_id)
    return render(
        request,
        "supervision/form.html",
        {
            "form": form,
            "case": activity.case,
            "title": _("登记%(authority)s的意见") % {"authority": activity.authority},
        },
    )

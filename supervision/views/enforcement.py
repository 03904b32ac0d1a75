"""Enforcement follow-up: the list, registration, instalments, closing and the letter."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.selectors import case_for_user
from legalaid.errors import DomainError
from legalaid.pdf import pdf_response, render_pdf

from .. import forms, selectors, services
from ..exports import watches_filtered
from ..models import (
    EnforcementWatch,
    Instalment,
)
from .common import form_error, page

# ---------------------------------------------------------------- enforcement follow-up


@login_required
@permission_required("supervision.view_enforcementwatch", raise_exception=True)
def enforcement(request):
    show = request.GET.get("show", "attention")
    queryset = watches_filtered(request.user, request.GET)
    return render(
        request,
        "supervision/enforcement.html",
        {
            "page": page(request, queryset),
            "show": show,
            "statuses": EnforcementWatch.Status.choices,
            "today": timezone.localdate(),
        },
    )


@login_required
@permission_required("supervision.follow_enforcement", raise_exception=True)
def enforcement_new(request, case_pk: int):
    case = case_for_user(request.user, case_pk)
    form = forms.EnforcementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            watch = services.enforcement_register(case, actor=request.user, instalments=data.pop("schedule"), **data)
        except DomainError as exc:
            form_error(form, exc if exc.field != "schedule" else DomainError(exc.message, field="schedule"))
        else:
            messages.success(
                request, _("已登记，申请强制执行期限至 %(limit)s。") % {"limit": watch.limit_date.isoformat()}
            )
            return redirect("supervision:watch", watch.pk)
    return render(request, "supervision/form.html", {"form": form, "case": case, "title": _("登记执行跟踪")})


@login_required
@permission_required("supervision.view_enforcementwatch", raise_exception=True)
def watch_detail(request, pk: int):
    watch = selectors.watch_for_user(request.user, pk)
    instalment_form = close_form = None
    if request.method == "POST":
        if not request.user.has_perm("supervision.follow_enforcement"):
            raise PermissionDenied
        if request.POST.get("action") == "close":
            close_form = forms.WatchCloseForm(request.POST)
            if close_form.is_valid():
                try:
                    services.enforcement_close(watch, actor=request.user, **close_form.cleaned_data)
                except DomainError as exc:
                    form_error(close_form, exc)
                else:
                    messages.success(request, _("执行跟踪已结束。"))
                    return redirect("supervision:watch", watch.pk)
        else:
            posted = request.POST.get("instalment", "")
            instalment = get_object_or_404(Instalment, pk=int(posted) if posted.isdecimal() else 0, watch=watch)
            instalment_form = forms.InstalmentForm(request.POST)
            if instalment_form.is_valid():
                try:
                    services.instalment_record(instalment, actor=request.user, **instalment_form.cleaned_data)
                except DomainError as exc:
                    form_error(instalment_form, exc)
                else:
                    messages.success(request, _("履行情况已登记。"))
                    return redirect("supervision:watch", watch.pk)
    return render(
        request,
        "supervision/watch.html",
        {
            "watch": watch,
            "instalments": watch.instalments.select_related("recorded_by"),
            "instalment_form": instalment_form or forms.InstalmentForm(initial={"received_on": timezone.localdate()}),
            "close_form": close_form or forms.WatchCloseForm(),
            "refusal": services.watch_refusal(watch),
            "today": timezone.localdate(),
        },
    )


@login_required
@permission_required("supervision.follow_enforcement", raise_exception=True)
@require_POST
def watch_letter(request, pk: int):
    watch = selectors.watch_for_user(request.user, pk)
    watch = services.enforcement_letter_printed(watch, actor=request.user)
    case = watch.case
    parties = list(case.parties.all())
    content = render_pdf(
        "supervision/pdf/enforcement_letter.html",
        {
            "watch": watch,
            "case": case,
            "centre": case.centre,
            "aided": "、".join(party.name for party in parties) or "受援人",
            "instalments": watch.instalments.all(),
            "today": timezone.localdate(),
        },
    )
    return pdf_response(f"申请强制执行提示函-{case.number}.pdf", content)

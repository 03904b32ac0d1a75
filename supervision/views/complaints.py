"""Complaints: the list, registration and each step of handling."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.selectors import case_for_user, cases_for_user
from legalaid.errors import DomainError
from legalaid.models import User
from legalaid.selectors import visible_organisations

from .. import forms, selectors, services
from ..exports import complaints_filtered
from ..models import (
    Complaint,
)
from .common import form_error, page

# ---------------------------------------------------------------- complaints


@login_required
@permission_required("supervision.view_complaint", raise_exception=True)
def complaints(request):
    status = request.GET.get("status", "open")
    queryset = complaints_filtered(request.user, request.GET)
    return render(
        request,
        "supervision/complaints.html",
        {
            "page": page(request, queryset),
            "status": status,
            "statuses": Complaint.Status.choices,
            "today": timezone.localdate(),
        },
    )


def _complaint_form(request, data=None, initial=None):
    centres = selectors.centres_for_user(request.user)
    handlers = User.objects.filter(
        is_active=True,
        handler_profile__isnull=False,
        profile__organisation__in=visible_organisations(request.user),
    ).order_by("last_name", "first_name")
    return forms.ComplaintForm(data, centres=centres, handlers=handlers, initial=initial)


@login_required
@permission_required("supervision.handle_complaint", raise_exception=True)
def complaint_new(request):
    initial = {}
    case = None
    if request.GET.get("case"):
        case = case_for_user(request.user, int(request.GET["case"]) if request.GET["case"].isdigit() else 0)
        initial = {"case_number": case.number, "centre": case.centre_id, "target": Complaint.Target.HANDLER}
    form = _complaint_form(request, request.POST or None, initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        number = data.pop("case_number", "").strip()
        case = None
        if number:
            case = selectors.case_by_number(cases_for_user(request.user), number)
            if case is None:
                form.add_error("case_number", _("没有找到这个案号的案件(或不在您的管辖范围内)。"))
        if not form.errors:
            try:
                complaint = services.complaint_register(actor=request.user, case=case, **data)
            except DomainError as exc:
                form_error(form, exc)
            else:
                messages.success(
                    request, _("投诉已登记，请于 %(due)s 前决定是否受理。") % {"due": complaint.accept_due.isoformat()}
                )
                return redirect("supervision:complaint", complaint.pk)
    return render(request, "supervision/form.html", {"form": form, "case": case, "title": _("登记投诉")})


COMPLAINT_ACTIONS = {
    "accept": (forms.AcceptForm, services.complaint_accept, gettext_lazy("投诉已受理。")),
    "decline": (forms.DeclineForm, services.complaint_decline, gettext_lazy("已决定不予受理。")),
    "conclude": (forms.ConcludeForm, services.complaint_conclude, gettext_lazy("投诉已办结，请在期限内答复投诉人。")),
    "reply": (forms.ReplyForm, services.complaint_reply, gettext_lazy("已答复投诉人。")),
}


@login_required
@permission_required("supervision.view_complaint", raise_exception=True)
def complaint_detail(request, pk: int):
    complaint = selectors.complaint_for_user(request.user, pk)
    today = timezone.localdate()
    action_forms = {
        name: form_class(initial=dict.fromkeys(("accepted_on", "decided_on", "concluded_on", "replied_on"), today))
        for name, (form_class, _service, _message) in COMPLAINT_ACTIONS.items()
    }
    if request.method == "POST":
        if not request.user.has_perm("supervision.handle_complaint"):
            raise PermissionDenied
        action = request.POST.get("action")
        if action not in COMPLAINT_ACTIONS:
            raise Http404
        form_class, service, message = COMPLAINT_ACTIONS[action]
        form = action_forms[action] = form_class(request.POST)
        if form.is_valid():
            try:
                service(complaint, actor=request.user, **form.cleaned_data)
            except DomainError as exc:
                form_error(form, exc)
            else:
                messages.success(request, message)
                return redirect("supervision:complaint", complaint.pk)
    return render(
        request,
        "supervision/complaint.html",
        {
            "complaint": complaint,
            "forms": action_forms,
            "actions": services.complaint_actions(complaint),
            "transitions": complaint.transitions.select_related("actor"),
            "today": today,
        },
    )

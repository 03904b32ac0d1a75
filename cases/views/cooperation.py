"""The deadline board, cross-region cooperation and duty-lawyer help."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from legalaid.errors import DomainError
from legalaid.paginators import ListPaginator
from legalaid.uploads import serve_protected

from .. import forms, selectors, services
from ..exports import board_filter, cooperation_filter
from ..models import CooperationRequest
from .common import urgency


@login_required
@permission_required("cases.view_deadline_board", raise_exception=True)
def deadline_board(request):
    form, board = board_filter(request.user, request.GET)
    return render(request, "cases/deadline_board.html", {"form": form, **board})


@login_required
@permission_required("cases.view_cooperationrequest", raise_exception=True)
def cooperation_list(request):
    status, requests = cooperation_filter(request.user, request.GET)
    page = ListPaginator(requests, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/cooperation_list.html",
        {"page": page, "status": status, "statuses": CooperationRequest.Status.choices, "today": timezone.localdate()},
    )


@login_required
@permission_required("cases.manage_cooperation", raise_exception=True)
def cooperation_create(request):
    centres = selectors.centres_for_user(request.user)
    initial = {}
    case = None
    if request.GET.get("case"):
        case = (
            selectors.case_for_user(request.user, int(request.GET["case"])) if request.GET["case"].isdigit() else None
        )
        if case:
            initial = {"case_number": case.number, "centre": case.centre}
    form = forms.CooperationForm(request.POST or None, centres=centres, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        number = data.pop("case_number").strip()
        linked = None
        if number:
            linked = selectors.cases_for_user(request.user).filter(number=number).first()
            if linked is None:
                form.add_error("case_number", _("没有找到该案号的案件。"))
        if not form.errors:
            try:
                cooperation = services.cooperation_request_create(actor=request.user, case=linked, **data)
            except DomainError as error:
                forms.apply_domain_error(form, error)
            else:
                messages.success(request, _("协作事项已登记。"))
                return redirect("cases:cooperation_detail", cooperation.pk)
    return render(request, "cases/cooperation_form.html", {"form": form, "case": case})


@login_required
@permission_required("cases.view_cooperationrequest", raise_exception=True)
def cooperation_detail(request, pk: int):
    cooperation = selectors.cooperation_for_user_pk(request.user, pk)
    may_answer = services.cooperation_may_answer(cooperation, request.user)
    form = None
    if may_answer:
        statuses = services.cooperation_answer_statuses(cooperation)
        form = forms.CooperationAnswerForm(request.POST or None, request.FILES or None, statuses=statuses)
    if request.method == "POST":
        if not may_answer:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.cooperation_answer(cooperation, actor=request.user, **form.cleaned_data)
            except DomainError as error:
                forms.apply_domain_error(form, error)
            else:
                messages.success(request, _("已登记办理结果。"))
                return redirect("cases:cooperation_detail", cooperation.pk)
    # The linked case only for those who may open it (the other centre's case is not theirs).
    case_visible = (
        bool(cooperation.case_id) and selectors.cases_for_user(request.user).filter(pk=cooperation.case_id).exists()
    )
    return render(
        request,
        "cases/cooperation_detail.html",
        {
            "cooperation": cooperation,
            "form": form,
            "urgency": urgency(cooperation.due_date),
            "case_visible": case_visible,
            "pending": cooperation.status in services.cooperation.PENDING,
        },
    )


@login_required
@permission_required("cases.view_cooperationrequest", raise_exception=True)
def cooperation_answer_file(request, pk: int):
    """The answer's attachment, to the centres that see this request (scope checked by the selector)."""
    cooperation = selectors.cooperation_for_user_pk(request.user, pk)
    if not cooperation.answer_file:
        raise Http404
    return serve_protected(cooperation.answer_file)


@login_required
@permission_required("cases.view_dutyhelp", raise_exception=True)
def duty_list(request):
    helps = selectors.duty_helps_for_user(request.user).select_related("workstation", "lawyer", "recorded_by")
    page = ListPaginator(helps.order_by("-helped_on", "-pk"), 25).get_page(request.GET.get("page"))
    return render(request, "cases/duty_list.html", {"page": page})


@login_required
@permission_required("cases.record_duty_help", raise_exception=True)
def duty_create(request):
    workstations = selectors.duty_workstations_for_user(request.user)
    form = forms.DutyHelpForm(request.POST or None, workstations=workstations, lawyers=selectors.duty_lawyers())
    if request.method == "POST" and form.is_valid():
        try:
            services.duty_help_record(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            forms.apply_domain_error(form, error)
        else:
            messages.success(request, _("值班律师法律帮助已登记。"))
            return redirect("cases:duty_list")
    return render(request, "cases/duty_form.html", {"form": form, "no_station": not workstations.exists()})

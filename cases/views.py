"""Views parse input, call one service or selector, and render. DomainError becomes a form error."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from legalaid.errors import DomainError
from legalaid.exports import xlsx_response
from legalaid.models import Organisation, User
from legalaid.pdf import pdf_response
from legalaid.selectors import visible_organisations
from legalaid.uploads import serve_protected

from . import documents, forms, selectors, services
from .models import Assignment, Case, ClosingSubmission, CooperationRequest, HandlerChange, Termination

# ---------------------------------------------------------------- helpers


def _done(request, case: Case, message: str):
    messages.success(request, message)
    return redirect("cases:case_detail", case.pk)


def _actions(user, case: Case) -> dict:
    """What the user may do on this case now; the services check again when it is done."""
    is_handler = case.handler_id == user.pk and user.has_perm("cases.handle_case")
    status = case.status
    handling = case.is_handling
    return {
        "assign": user.has_perm("cases.assign_case") and case.awaits_assignment,
        "event": is_handler and handling,
        "end": is_handler and handling,
        "closing": is_handler and (handling or status == Case.Status.TERMINATED),
        "report_termination": is_handler and handling,
        "request_change": is_handler and handling,
        "record_change": user.has_perm("cases.change_handler") and handling,
        "terminate": user.has_perm("cases.terminate_case") and (case.awaits_assignment or handling),
        "review": user.has_perm("cases.review_closing") and status == Case.Status.CLOSING_SUBMITTED,
        "archive": user.has_perm("cases.archive_case")
        and (status == Case.Status.CLOSED or (status == Case.Status.TERMINATED and case.handler_id is None)),
        "parties": user.has_perm("cases.manage_parties") and status not in (Case.Status.CLOSED, Case.Status.ARCHIVED),
        "coordinator": user.has_perm("cases.manage_parties") and case.is_group,
        "upload": (is_handler or user.has_perm("cases.open_case")) and status != Case.Status.ARCHIVED,
        "cooperation": user.has_perm("cases.manage_cooperation"),
        "objection": user.has_perm("cases.terminate_case") and user.has_perm("eligibility.add_objection"),
    }


def _case(request, pk: int) -> Case:
    return selectors.case_for_user(request.user, pk)


# ---------------------------------------------------------------- search and detail


@login_required
@permission_required("cases.view_case", raise_exception=True)
def case_list(request):
    handlers = selectors.handler_choices_for_user(request.user)
    form = forms.CaseSearchForm(request.GET or None, handlers=handlers)
    query = selectors.CaseQuery()
    if form.is_valid():
        data = form.cleaned_data
        query = selectors.CaseQuery(
            text=data["q"],
            status=data["status"],
            case_type=data["case_type"],
            matter_id=data["matter"].pk if data["matter"] else None,
            handler_id=data["handler"].pk if data["handler"] else None,
            source=data["source"],
            accepted_from=data["accepted_from"],
            accepted_to=data["accepted_to"],
        )
    page = selectors.case_search_page(request.user, query, request.GET.get("page"))
    today = timezone.localdate()
    return render(request, "cases/case_list.html", {"form": form, "page": page, "today": today})


@login_required
@permission_required("cases.view_case", raise_exception=True)
def case_detail(request, pk: int):
    case = _case(request, pk)
    today = timezone.localdate()
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "actions": _actions(request.user, case),
            "parties": selectors.case_parties(case)[:60],
            "notification": getattr(case, "notification", None) if case.is_notification_defence else None,
            "assignments": case.assignments.select_related("handler", "handler_organisation", "assigned_by"),
            "timeline": selectors.case_timeline(case),
            "closings": case.closings.select_related("submitted_by", "reviewed_by"),
            "changes": case.handler_changes.select_related("previous_handler", "recorded_by", "decided_by"),
            "terminations": case.terminations.select_related("reported_by", "decided_by", "objection"),
            "documents": case.documents.select_related("uploaded_by"),
            "cooperation": case.cooperation_requests.all(),
            "subsidy": getattr(case, "subsidy", None) if request.user.has_perm("cases.view_subsidy") else None,
            "deadline": case.next_deadline(),
            "urgency": case.urgency(today),
            "today": today,
            "mediation_missing": case.mediation_first and not selectors.has_mediation_attempt(case),
        },
    )


# ---------------------------------------------------------------- opening


@login_required
@permission_required("cases.open_case", raise_exception=True)
def open_queue(request):
    """Granted applications of the user's centres that have no case yet."""
    from intake.models import Application
    from intake.selectors import applications_for_user

    waiting = (
        applications_for_user(request.user)
        .filter(status=Application.Status.GRANTED, case__isnull=True)
        .select_related("applicant", "matter", "centre", "receiving_organisation")
        .order_by("decided_at", "pk")
    )
    page = Paginator(waiting, 25).get_page(request.GET.get("page"))
    return render(request, "cases/open_queue.html", {"page": page, "today": timezone.localdate()})


@login_required
@permission_required("cases.open_case", raise_exception=True)
def open_from_application(request, application_pk: int):
    from intake.selectors import application_for_user

    application = application_for_user(request.user, application_pk)
    form = forms.OpenFromApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_open_from_application(application, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            forms.apply_domain_error(form, error)
        else:
            return _done(
                request, case, f"已受理立案,案号 {case.number}。请在 {case.assignment_due:%Y-%m-%d} 前指派承办人。"
            )
    return render(request, "cases/open_application.html", {"form": form, "application": application})


@login_required
@permission_required("cases.open_case", raise_exception=True)
def open_notification(request):
    centres = selectors.centres_for_user(request.user)
    form = forms.NotificationForm(request.POST or None, centres=centres)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["possible_penalty"] = data.get("possible_penalty") or ""
        try:
            case = services.case_open_from_notification(actor=request.user, **data)
        except DomainError as error:
            forms.apply_domain_error(form, error)
        else:
            return _done(
                request, case, f"通知辩护案件已受理,案号 {case.number},请在 {case.assignment_due:%Y-%m-%d} 前指派律师。"
            )
    return render(request, "cases/open_notification.html", {"form": form})


# ---------------------------------------------------------------- assignment


@login_required
@permission_required("cases.assign_case", raise_exception=True)
def case_assign(request, pk: int):
    case = _case(request, pk)
    candidates = selectors.assignment_candidates(case)
    form = forms.AssignForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        handler = User.objects.get(pk=data["handler"])
        try:
            services.case_assign(
                case, actor=request.user, handler=handler, reason=data["reason"], client_choice=data["client_choice"]
            )
        except DomainError as error:
            forms.apply_domain_error(form, error)
        else:
            return _done(request, case, f"已指派 {handler.get_full_name()} 承办。")
    return render(
        request,
        "cases/case_assign.html",
        {"case": case, "candidates": candidates, "form": form, "urgency": case.urgency(timezone.localdate())},
    )


def _assignment(request, pk: int, assignment_pk: int) -> Assignment:
    case = _case(request, pk)
    return get_object_or_404(
        Assignment.objects.select_related("case__centre", "handler", "handler_organisation"),
        case=case,
        pk=assignment_pk,
    )


@login_required
@permission_required("cases.view_case", raise_exception=True)
def assignment_letter_pdf(request, pk: int, assignment_pk: int):
    assignment = _assignment(request, pk, assignment_pk)
    if not assignment.case.is_notification_defence:
        raise Http404
    return pdf_response(*documents.render_notification_reply(assignment))


@login_required
@permission_required("cases.view_case", raise_exception=True)
def assignment_notice_pdf(request, pk: int, assignment_pk: int):
    return pdf_response(*documents.render_assignment_notice(_assignment(request, pk, assignment_pk)))


# ---------------------------------------------------------------- the handler's work


@login_required
@permission_required("cases.handle_case", raise_exception=True)
def my_cases(request):
    today = timezone.localdate()
    cases = list(selectors.my_cases(request.user))
    for case in cases:
        case.deadline = case.next_deadline()
        case.deadline_urgency = case.urgency(today)
    cases.sort(key=lambda c: (c.deadline is None, c.deadline[1] if c.deadline else today))
    return render(
        request,
        "cases/my_cases.html",
        {"cases": cases, "counts": selectors.my_case_counts(request.user), "today": today},
    )


def _simple_action(request, case, form, template, title, call, success, **extra):
    if request.method == "POST" and form.is_valid():
        try:
            call(form.cleaned_data)
        except DomainError as error:
            forms.apply_domain_error(form, error)
        else:
            return _done(request, case, success)
    return render(request, template, {"case": case, "form": form, "title": title, **extra})


@login_required
@permission_required("cases.handle_case", raise_exception=True)
def case_event(request, pk: int):
    case = _case(request, pk)
    initial = {"at": timezone.localtime().replace(second=0, microsecond=0), "kind": request.GET.get("kind", "")}
    form = forms.EventForm(request.POST or None, initial=initial)
    return _simple_action(
        request,
        case,
        form,
        "cases/case_event.html",
        "登记办案过程",
        lambda data: services.case_handler_event_log(case, actor=request.user, **data),
        "已记录。",
        mediation_missing=case.mediation_first and not selectors.has_mediation_attempt(case),
    )


@login_required
@permission_required("cases.view_case", raise_exception=True)
def case_document(request, pk: int):
    case = _case(request, pk)
    form = forms.DocumentForm(request.POST or None, request.FILES or None)
    return _simple_action(
        request,
        case,
        form,
        "cases/case_form.html",
        "上传案卷材料",
        lambda data: services.case_document_upload(case, actor=request.user, **data),
        "材料已上传。",
    )


@login_required
@permission_required("cases.view_case", raise_exception=True)
def case_document_file(request, pk: int, document_pk: int):
    case = _case(request, pk)
    document = get_object_or_404(case.documents, pk=document_pk)
    return serve_protected(document.file, download_name=document.original_name)


@login_required
@permission_required("cases.handle_case", raise_exception=True)
def case_end(request, pk: int):
    case = _case(request, pk)
    form = forms.CaseEndForm(request.POST or None, initial={"case_end_date": timezone.localdate()})
    return _simple_action(
        request,
        case,
        form,
        "cases/case_form.html",
        "登记案件办结",
        lambda data: services.case_end_record(case, actor=request.user, **data),
        "已登记办结日期,请在 30 日内提交结案材料。",
    )


# ---------------------------------------------------------------- closing


@login_required
@permission_required("cases.handle_case", raise_exception=True)
def case_closing(request, pk: int):
    case = _case(request, pk)
    items = selectors.checklist_items(case)
    initial = {"case_end_date": case.case_end_date, "recovered_amount": "0"}
    if case.status == Case.Status.TERMINATED:
        initial["outcome"] = "terminated"
    form = forms.ClosingForm(request.POST or None, items=items, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["checked_item_ids"] = data.pop("checklist")
        try:
            services.closing_submit(case, actor=request.user, **data)
        except DomainError as error:
            forms.apply_domain_error(form, error)
        else:
            return _done(request, case, "结案材料已提交,等待中心审查。")
    returned = case.closings.filter(decision=ClosingSubmission.Decision.RETURNED).last()
    return render(request, "cases/case_closing.html", {"case": case, "form": form, "returned": returned})


@login_required
@permission_required("cases.review_closing", raise_exception=True)
def case_review(request, pk: int):
    case = _case(request, pk)
    submission = case.closings.filter(decision=ClosingSubmission.Decision.PENDING).first()
    form = forms.ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.closing_review(
                case,
                actor=request.user,
                accept=form.cleaned_data["decision"] == "accept",
                note=form.cleaned_data["note"],
            )
        except DomainError as error:
            forms.apply_domain_error(form, error)
        else:
            accepted = form.cleaned_data["decision"] == "accept"
            return _done(request, case, "审查通过,案件已结案,补贴已核算。" if accepted else "已退回补正。")
    return render(request, "cases/case_review.html", {"case": case, "form": form, "submission": submission})


@login_required
@require_POST
@permission_required("cases.archive_case", raise_exception=True)
def case_archive(request, pk: int):
    case = _case(request, pk)
    try:
        services.case_archive(case, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("cases:case_detail", case.pk)
    return _done(request, case, "案卷已归档。")


# ---------------------------------------------------------------- parties and group cases


@login_required
@permission_required("cases.manage_parties", raise_exception=True)
def case_parties(request, pk: int):
    case = _case(request, pk)
    form = forms.PartiesForm(request.POST or None)
    return _simple_action(
        request,
        case,
        form,
        "cases/case_form.html",
        "增加受援人",
        lambda data: services.case_parties_add(case, actor=request.user, **data),
        "受援人已登记。",
        intro="群体性案件可一次粘贴多行;受援人达 50 人以上的,列为群体性案件,由中心统一协调。",
    )


@login_required
@permission_required("cases.manage_parties", raise_exception=True)
def case_coordinator(request, pk: int):
    case = _case(request, pk)
    staff = User.objects.filter(
        profile__organisation=case.centre, profile__role__in=["centre_director", "centre_staff"], is_active=True
    )
    form = forms.CoordinatorForm(request.POST or None, staff=staff, initial={"coordinator": case.coordinator})
    return _simple_action(
        request,
        case,
        form,
        "cases/case_form.html",
        "指定群体性案件协调人",
        lambda data: services.case_coordinator_set(case, actor=request.user, **data),
        "已指定协调人。",
    )


# ---------------------------------------------------------------- change of handler and termination


@login_required
@permission_required("cases.view_case", raise_exception=True)
def handler_change_request(request, pk: int):
    case = _case(request, pk)
    for_handler = case.handler_id == request.user.pk
    if not for_handler and not request.user.has_perm("cases.change_handler"):
        raise PermissionDenied
    form = forms.HandlerChangeForm(request.POST or None, for_handler=for_handler)
    return _simple_action(
        request,
        case,
        form,
        "cases/case_form.html",
        "更换承办人",
        lambda data: services.handler_change_request(case, actor=request.user, **data),
        "更换承办人申请已登记,等待中心决定。",
    )


@login_required
@permission_required("cases.change_handler", raise_exception=True)
def handler_change_decide(request, pk: int, change_pk: int):
    case = _case(request, pk)
    change = get_object_or_404(case.handler_changes, pk=change_pk, status=HandlerChange.Status.PENDING)
    form = forms.DecisionForm(request.POST or None)
    return _simple_action(
        request,
        case,
        form,
        "cases/case_form.html",
        "决定是否更换承办人",
        lambda data: services.handler_change_decide(change, actor=request.user, **data),
        "已决定。同意更换的,请重新指派承办人。",
        intro=f"{change.get_requested_by_display()}:{change.reasons}",
    )


@login_required
@permission_required("cases.handle_case", raise_exception=True)
def termination_report(request, pk: int):
    case = _case(request, pk)
    form = forms.TerminationReportForm(request.POST or None)
    return _simple_action(
        request,
        case,
        form,
        "cases/case_form.html",
        "报告终止法律援助的事由",
        lambda data: services.termination_report(case, actor=request.user, **data),
        "已报告,等待中心决定。",
    )


@login_required
@permission_required("cases.terminate_case", raise_exception=True)
def case_terminate(request, pk: int):
    case = _case(request, pk)
    reported = case.terminations.filter(status=Termination.Status.REPORTED).first()
    initial = {"ground": reported.ground, "reasons": reported.facts} if reported else {}
    form = forms.TerminateForm(request.POST or None, initial=initial)
    intro = f"承办人报告:{reported.get_ground_display()}。{reported.facts}" if reported else ""
    return _simple_action(
        request,
        case,
        form,
        "cases/case_form.html",
        "终止法律援助",
        lambda data: services.case_terminate(case, actor=request.user, termination=reported, **data),
        "已决定终止法律援助,请打印决定书送达受援人。",
        intro=intro,
        danger=True,
    )


@login_required
@permission_required("cases.terminate_case", raise_exception=True)
def termination_decline(request, pk: int, termination_pk: int):
    case = _case(request, pk)
    termination = get_object_or_404(case.terminations, pk=termination_pk, status=Termination.Status.REPORTED)
    form = forms.ReasonForm(request.POST or None)
    return _simple_action(
        request,
        case,
        form,
        "cases/case_form.html",
        "不予终止法律援助",
        lambda data: services.termination_decline(termination, actor=request.user, **data),
        "已决定不予终止。",
        intro=f"承办人报告:{termination.get_ground_display()}。{termination.facts}",
    )


@login_required
@permission_required("cases.view_case", raise_exception=True)
def termination_decision_pdf(request, pk: int, termination_pk: int):
    case = _case(request, pk)
    termination = get_object_or_404(case.terminations, pk=termination_pk, status=Termination.Status.TERMINATED)
    return pdf_response(*documents.render_termination_decision(termination))


@login_required
@permission_required("cases.terminate_case", raise_exception=True)
def termination_objection(request, pk: int, termination_pk: int):
    case = _case(request, pk)
    termination = get_object_or_404(
        case.terminations, pk=termination_pk, status=Termination.Status.TERMINATED, objection__isnull=True
    )
    form = forms.ObjectionForm(request.POST or None)
    return _simple_action(
        request,
        case,
        form,
        "cases/case_form.html",
        "登记对终止决定的异议",
        lambda data: services.termination_objection_record(termination, actor=request.user, **data),
        "异议已登记,转司法行政部门在 5 日内审查。",
        intro="受援人对终止法律援助决定有异议的,向设立本中心的司法行政部门提出,司法行政部门自收到之日起五日内审查"
        "(法律援助法第四十九条)。",
    )


# ---------------------------------------------------------------- deadline board


@login_required
@permission_required("cases.view_deadline_board", raise_exception=True)
def deadline_board(request):
    organisations = visible_organisations(request.user).filter(
        kind__in=[*Organisation.CENTRE_KINDS, *Organisation.WORKSTATION_KINDS]
    )
    handlers = selectors.handler_choices_for_user(request.user)
    form = forms.BoardFilterForm(request.GET or None, organisations=organisations, handlers=handlers)
    organisation_id = handler_id = None
    if form.is_valid():
        organisation_id = form.cleaned_data["organisation"].pk if form.cleaned_data["organisation"] else None
        handler_id = form.cleaned_data["handler"].pk if form.cleaned_data["handler"] else None
    board = selectors.deadline_board(request.user, organisation_id=organisation_id, handler_id=handler_id)
    return render(request, "cases/deadline_board.html", {"form": form, **board})


# ---------------------------------------------------------------- cooperation


@login_required
@permission_required("cases.view_cooperationrequest", raise_exception=True)
def cooperation_list(request):
    requests = selectors.cooperation_for_user(request.user).order_by("status", "due_date", "pk")
    status = request.GET.get("status", "")
    if status in CooperationRequest.Status.values:
        requests = requests.filter(status=status)
    page = Paginator(requests, 25).get_page(request.GET.get("page"))
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
                form.add_error("case_number", "没有找到该案号的案件。")
        if not form.errors:
            try:
                cooperation = services.cooperation_request_create(actor=request.user, case=linked, **data)
            except DomainError as error:
                forms.apply_domain_error(form, error)
            else:
                messages.success(request, "协作事项已登记。")
                return redirect("cases:cooperation_detail", cooperation.pk)
    return render(request, "cases/cooperation_form.html", {"form": form, "case": case})


@login_required
@permission_required("cases.view_cooperationrequest", raise_exception=True)
def cooperation_detail(request, pk: int):
    cooperation = selectors.cooperation_for_user_pk(request.user, pk)
    may_answer = request.user.has_perm("cases.manage_cooperation") and cooperation.status == "open"
    form = forms.CooperationAnswerForm(request.POST or None) if may_answer else None
    if request.method == "POST":
        if not may_answer:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.cooperation_answer(cooperation, actor=request.user, **form.cleaned_data)
            except DomainError as error:
                forms.apply_domain_error(form, error)
            else:
                messages.success(request, "已登记办理结果。")
                return redirect("cases:cooperation_detail", cooperation.pk)
    return render(
        request,
        "cases/cooperation_detail.html",
        {"cooperation": cooperation, "form": form, "urgency": _urgency(cooperation.due_date)},
    )


def _urgency(due):
    from .deadlines import urgency

    return urgency(due, timezone.localdate())


# ---------------------------------------------------------------- duty-lawyer help


@login_required
@permission_required("cases.view_dutyhelp", raise_exception=True)
def duty_list(request):
    helps = selectors.duty_helps_for_user(request.user).select_related("workstation", "lawyer", "recorded_by")
    page = Paginator(helps.order_by("-helped_on", "-pk"), 25).get_page(request.GET.get("page"))
    return render(request, "cases/duty_list.html", {"page": page})


@login_required
@permission_required("cases.record_duty_help", raise_exception=True)
def duty_create(request):
    workstations = visible_organisations(request.user).filter(
        kind__in=[
            Organisation.Kind.COURT_WORKSTATION,
            Organisation.Kind.PROCURATORATE_WORKSTATION,
            Organisation.Kind.DETENTION_WORKSTATION,
        ]
    )
    lawyers = User.objects.filter(
        handler_profile__handler_type__in=["practising_lawyer", "centre_lawyer"], is_active=True
    ).order_by("last_name", "first_name")
    form = forms.DutyHelpForm(request.POST or None, workstations=workstations, lawyers=lawyers)
    if request.method == "POST" and form.is_valid():
        try:
            services.duty_help_record(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            forms.apply_domain_error(form, error)
        else:
            messages.success(request, "值班律师法律帮助已登记。")
            return redirect("cases:duty_list")
    return render(request, "cases/duty_form.html", {"form": form, "no_station": not workstations.exists()})


# ---------------------------------------------------------------- subsidies


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
        "承办人",
        "承办机构",
        "案号",
        "案件类型",
        "事项",
        "所属月份",
        "基本补贴",
        "加发",
        "质量扣减",
        "应发金额",
        "状态",
        "支付凭证号",
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
    rows.append(["合计", "", f"{totals['count']} 件", "", "", "", "", "", "", totals["amount"] or 0, "", ""])
    label = f"{period:%Y年%m月}" if period else "全部"
    return xlsx_response(f"办案补贴-{label}.xlsx", "办案补贴", header, rows)


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
                messages.success(request, "补贴已审批。")
            elif action == "recompute":
                services.subsidy_recompute(subsidy, actor=request.user)
                messages.success(request, "已按现行标准重新核算。")
            elif action == "pay" and payment_form.is_valid():
                services.subsidy_mark_paid(subsidy, actor=request.user, **payment_form.cleaned_data)
                messages.success(request, "已登记发放。")
            else:
                raise DomainError("请填写支付凭证号。", field="payment_reference")
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
            "may_approve": request.user.has_perm("cases.approve_subsidy") and subsidy.status == "computed",
            "may_recompute": request.user.has_perm("cases.review_closing") and subsidy.status == "computed",
            "may_pay": request.user.has_perm("cases.pay_subsidy") and subsidy.status == "approved",
        },
    )

"""Finding a case, its page, opening it and assigning its handler."""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from legalaid import next_steps
from legalaid.errors import DomainError
from legalaid.models import User
from legalaid.paginators import ListPaginator
from legalaid.pdf import pdf_response

from .. import deadlines, documents, forms, selectors, services
from ..models import Assignment
from .common import done, load_case


@login_required
@permission_required("cases.view_case", raise_exception=True)
def case_list(request):
    handlers = selectors.handler_roster_for_user(request.user)
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
    case = load_case(request, pk)
    today = timezone.localdate()
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "actions": services.case_actions(case, request.user),
            "next_steps": next_steps.for_case(request.user, case),
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
            "application_file": selectors.case_application_file(case, request.user),
        },
    )


@login_required
@permission_required("cases.open_case", raise_exception=True)
def open_queue(request):
    """Granted applications of the user's centres that have no case yet."""
    today = timezone.localdate()
    page = ListPaginator(selectors.applications_to_open(request.user), 25).get_page(request.GET.get("page"))
    for application in page:
        application.assignment_due = (
            deadlines.grant_assignment_due(application.decided_at) if application.decided_at else None
        )
        application.urgency = deadlines.urgency(application.assignment_due, today)
    return render(request, "cases/open_queue.html", {"page": page, "today": today})


@login_required
@permission_required("cases.open_case", raise_exception=True)
def open_from_application(request, application_pk: int):
    from intake.selectors import application_for_user

    application = application_for_user(request.user, application_pk)
    # An empty POST is the queue's one-click 立案: every field is optional.
    form = forms.OpenFromApplicationForm(
        request.POST if request.method == "POST" else None, initial={"summary": application.facts}
    )
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_open_from_application(application, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            forms.apply_domain_error(form, error)
        else:
            return done(
                request,
                case,
                _("已受理立案，案号 %(number)s。请在 %(due)s 前指派承办人。")
                % {"number": case.number, "due": case.assignment_due.isoformat()},
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
            return done(
                request,
                case,
                _("通知辩护案件已受理，案号 %(number)s，请在 %(due)s 前指派律师。")
                % {"number": case.number, "due": case.assignment_due.isoformat()},
            )
    return render(request, "cases/open_notification.html", {"form": form})


@login_required
@permission_required("cases.assign_case", raise_exception=True)
def case_assign(request, pk: int):
    case = load_case(request, pk)
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
            return done(request, case, _("已指派 %(name)s 承办。") % {"name": handler.get_full_name()})
    return render(
        request,
        "cases/case_assign.html",
        {"case": case, "candidates": candidates, "form": form, "urgency": case.urgency(timezone.localdate())},
    )


def _assignment(request, pk: int, assignment_pk: int) -> Assignment:
    case = load_case(request, pk)
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


@login_required
@permission_required("cases.view_case", raise_exception=True)
def application_attachment(request, pk: int, attachment_pk: int):
    """A scan of the case's application, for whoever may see the case (its handler included; intake's own
    page is for the centre). Every download is in the access log, under the aided person's masked name."""
    from eligibility.selectors import mask_name
    from legalaid.audit.services import Kind, log_access
    from legalaid.uploads import serve_protected

    case = load_case(request, pk)
    attachment = selectors.case_application_attachment(case, attachment_pk)
    applicant = attachment.application.applicant
    log_access(request, kind=Kind.SCAN, subject=mask_name(applicant.name), obj=attachment, detail=attachment.title)
    return serve_protected(attachment.file, download_name=attachment.original_name)

"""The handler's work, the case file, closing and archiving, aided persons."""

from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from legalaid.errors import DomainError
from legalaid.uploads import serve_protected

from .. import forms, selectors, services
from ..models import Case, ClosingSubmission
from .common import done, load_case, simple_action


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


@login_required
@permission_required("cases.handle_case", raise_exception=True)
def case_event(request, pk: int):
    case = load_case(request, pk)
    initial = {"at": timezone.localtime().replace(second=0, microsecond=0), "kind": request.GET.get("kind", "")}
    form = forms.EventForm(request.POST or None, initial=initial)
    return simple_action(
        request,
        case,
        form,
        "cases/case_event.html",
        _("登记办案过程"),
        lambda data: services.case_handler_event_log(case, actor=request.user, **data),
        _("已记录。"),
        mediation_missing=case.mediation_first and not selectors.has_mediation_attempt(case),
    )


@login_required
@permission_required("cases.view_case", raise_exception=True)
def case_document(request, pk: int):
    case = load_case(request, pk)
    form = forms.DocumentForm(request.POST or None, request.FILES or None)
    return simple_action(
        request,
        case,
        form,
        "cases/case_form.html",
        _("上传案卷材料"),
        lambda data: services.case_document_upload(case, actor=request.user, **data),
        _("材料已上传。"),
    )


@login_required
@permission_required("cases.view_case", raise_exception=True)
def case_document_file(request, pk: int, document_pk: int):
    case = load_case(request, pk)
    document = get_object_or_404(case.documents, pk=document_pk)
    return serve_protected(document.file, download_name=document.original_name)


@login_required
@permission_required("cases.handle_case", raise_exception=True)
def case_end(request, pk: int):
    case = load_case(request, pk)
    form = forms.CaseEndForm(request.POST or None, initial={"case_end_date": timezone.localdate()})
    return simple_action(
        request,
        case,
        form,
        "cases/case_form.html",
        _("登记案件办结"),
        lambda data: services.case_end_record(case, actor=request.user, **data),
        _("已登记办结日期，请在 30 日内提交结案材料。"),
    )


@login_required
@permission_required("cases.handle_case", raise_exception=True)
def case_closing(request, pk: int):
    case = load_case(request, pk)
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
            return done(request, case, _("结案材料已提交，等待中心审查。"))
    returned = case.closings.filter(status=ClosingSubmission.Status.RETURNED).last()
    return render(request, "cases/case_closing.html", {"case": case, "form": form, "returned": returned})


@login_required
@permission_required("cases.review_closing", raise_exception=True)
def case_review(request, pk: int):
    case = load_case(request, pk)
    submission = case.closings.filter(status=ClosingSubmission.Status.PENDING).first()
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
            return done(request, case, _("审查通过，案件已结案，补贴已核算。") if accepted else _("已退回补正。"))
    return render(request, "cases/case_review.html", {"case": case, "form": form, "submission": submission})


@login_required
@permission_required("cases.manage_parties", raise_exception=True)
def case_parties(request, pk: int):
    case = load_case(request, pk)
    form = forms.PartiesForm(request.POST or None)
    return simple_action(
        request,
        case,
        form,
        "cases/case_form.html",
        _("增加受援人"),
        lambda data: services.case_parties_add(case, actor=request.user, **data),
        _("受援人已登记。"),
        intro=_("群体性案件可一次粘贴多行；受援人达 50 人以上的，列为群体性案件，由中心统一协调。"),
    )


@login_required
@permission_required("cases.manage_parties", raise_exception=True)
def case_coordinator(request, pk: int):
    case = load_case(request, pk)
    form = forms.CoordinatorForm(
        request.POST or None, staff=selectors.coordinator_choices(case), initial={"coordinator": case.coordinator}
    )
    return simple_action(
        request,
        case,
        form,
        "cases/case_form.html",
        _("指定群体性案件协调人"),
        lambda data: services.case_coordinator_set(case, actor=request.user, **data),
        _("已指定协调人。"),
    )

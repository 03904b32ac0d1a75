"""Views parse input, call one service or selector, and render. DomainError becomes a form error."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from legalaid.errors import DomainError
from legalaid.exports import xlsx_response
from legalaid.pdf import pdf_response
from legalaid.uploads import serve_protected
from legalaid.validators import mask_id_number
from legalaid.vocabulary import CaseType

from . import clock, documents, selectors, services
from .forms import (
    ApplicantForm,
    ApplicationDetailsForm,
    ApplicationForm,
    AttachmentsForm,
    CallBackForm,
    ConsultationFilterForm,
    ConsultationForm,
    HomeVisitForm,
    HomeVisitOutcomeForm,
    NoticeForm,
    OpposingPartyForm,
    OpposingPartyFormSet,
    PersonForm,
    PreliminaryReviewForm,
    PublicApplicationForm,
    PublicStatusForm,
    ReasonForm,
    SupplyForm,
    UploadFormSet,
    apply_domain_error,
)
from .models import Application, Consultation, HomeVisit, MaterialsNotice, Person
from .ratelimit import client_ip, is_limited, limited
from .waivers import waiver_label

Status = Application.Status
PAGE_SIZE = 50

# ---------------------------------------------------------------- queue and lists


@login_required
@permission_required("intake.view_application", raise_exception=True)
def review_queue(request):
    """The centre's review queue: urgent first, then by decision due date."""
    view = request.GET.get("view", "review")
    if view not in selectors.QUEUE_VIEWS:
        view = "review"
    today = timezone.localdate()
    page = Paginator(selectors.review_queue(request.user, view=view, today=today), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [(application, queue_row(application, today)) for application in page]
    return render(
        request,
        "intake/queue.html",
        {
            "page": page,
            "rows": rows,
            "view": view,
            "counts": selectors.queue_counts(request.user, today),
            "today": today,
        },
    )


def queue_row(application: Application, today) -> dict:
    """What the queue shows about the clock of one application (no queries)."""
    paused_from = timezone.localdate(application.paused_since) if application.paused_since else None
    due = clock.effective_due(application.decision_due, paused_from, today)
    state = "paused" if application.is_paused else clock.due_state(due, today)
    return {
        "due": due,
        "state": state,
        "days_left": (due - today).days,
        "overdue_days": max((today - due).days, 0),
        "deadline_days": clock.days_to_deadline(application.deadline_date, today),
    }


@login_required
@permission_required("intake.view_application", raise_exception=True)
def application_list(request):
    status = request.GET.get("status", "")
    if status not in Status.values:
        status = ""
    query = request.GET.get("q", "").strip()
    applications = selectors.application_list(request.user, status=status, query=query)
    page = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "intake/application_list.html",
        {"page": page, "status": status, "q": query, "statuses": Status.choices},
    )


# ---------------------------------------------------------------- filing


@login_required
@permission_required("intake.add_application", raise_exception=True)
def application_create(request):
    """File an application received through any channel, with parties and scans."""
    user = request.user
    initial_person = None
    consultation = None
    if request.GET.get("person"):
        initial_person = selectors.persons_for_user(user).filter(pk=request.GET["person"]).first()
    consultation_pk = request.POST.get("consultation") or request.GET.get("consultation")
    if consultation_pk and str(consultation_pk).isdigit():
        consultation = selectors.consultations_for_user(user).filter(pk=consultation_pk).first()
    if request.method == "POST":
        form = ApplicationForm(request.POST, user=user)
        applicant_form = ApplicantForm(request.POST, prefix="applicant")
        representative_form = ApplicantForm(request.POST, prefix="representative", optional=True)
        parties = OpposingPartyFormSet(request.POST, prefix="party")
        uploads = UploadFormSet(request.POST, request.FILES, prefix="upload")
        already = selectors.application_by_token(request.POST.get("submission_token", ""))
        forms_valid = [f.is_valid() for f in (form, applicant_form, representative_form, parties, uploads)]
        if already is not None:
            form.add_error(None, _("该申请已经提交过(受理编号 %(number)s),请勿重复提交。") % {"number": already.number})
        elif all(forms_valid):
            try:
                application = _file(request, form, applicant_form, representative_form, parties, uploads, consultation)
            except DomainError as error:
                _route_filing_error(error, form, applicant_form, representative_form, parties, uploads)
            else:
                messages.success(request, _("申请已登记,受理编号 %(number)s。") % {"number": application.number})
                return redirect("intake:application_detail", pk=application.pk)
        if any(f.files for f in uploads.forms if f.is_bound and f.files):
            messages.warning(request, _("出于安全原因,浏览器不会保留已选择的文件,请重新选择要上传的文件。"))
    else:
        form = ApplicationForm(user=user)
        if consultation is not None and consultation.matter_id:
            form.initial["matter"] = consultation.matter_id
        if consultation is not None:
            form.initial["facts"] = consultation.question
        applicant_form = ApplicantForm(prefix="applicant", person=initial_person)
        if initial_person is not None:
            applicant_form.initial.update({"use_existing": True, "existing": initial_person.pk})
        representative_form = ApplicantForm(prefix="representative", optional=True)
        parties = OpposingPartyFormSet(prefix="party")
        uploads = UploadFormSet(prefix="upload")
    return render(
        request,
        "intake/application_form.html",
        {
            "form": form,
            "applicant_form": applicant_form,
            "representative_form": representative_form,
            "parties": parties,
            "uploads": uploads,
            "consultation": consultation,
            "initial_person": initial_person,
            "show_representative": representative_form.is_bound and not representative_form.is_blank(),
        },
    )


def _file(request, form, applicant_form, representative_form, parties, uploads, consultation) -> Application:
    data = form.cleaned_data
    with transaction.atomic():
        applicant = applicant_form.person_to_file(request.user)
        representative = representative_form.person_to_file(request.user)
        return services.application_submit(
            actor=request.user,
            applicant=applicant,
            representative=representative,
            representative_relationship=data.get("representative_relationship") or "",
            channel=data["channel"],
            receiving_organisation=data["receiving_organisation"],
            case_type=data["case_type"],
            criminal_stage=data.get("criminal_stage") or "",
            matter=data.get("matter"),
            facts=data["facts"],
            service_requested=data["service_requested"],
            deadline_date=data.get("deadline_date"),
            deadline_kind=data.get("deadline_kind") or "",
            needs_preservation=data.get("needs_preservation", False),
            urgent_reason=data.get("urgent_reason") or "",
            waiver_claimed=data.get("waiver_claimed") or "",
            applied_at=data.get("applied_at"),
            received_at=data["received_at"],
            contact_phone=data.get("contact_phone") or "",
            opposing_parties=[f.cleaned_data for f in parties.forms if f.cleaned_data.get("name")],
            attachments=[scan for scan in (f.scan() for f in uploads.forms) if scan],
            submission_token=data.get("submission_token") or None,
            consultation=consultation,
        )


PERSON_ERROR_FIELDS = {"name", "id_number", "birth_date", "phone", "nationality"}


def _route_filing_error(error, form, applicant_form, representative_form, parties, uploads) -> None:
    if error.field == "representative" or error.field == "representative_relationship":
        form.add_error("representative_relationship", error.message)
    elif error.field in PERSON_ERROR_FIELDS:
        applicant_form.add_error(error.field, error.message)
    elif error.field == "opposing_parties":
        parties.forms[0].add_error(None, error.message)
    elif error.field == "attachments":
        uploads.forms[0].add_error("file", error.message)
    else:
        apply_domain_error(form, error)


# ---------------------------------------------------------------- one application


def _actions(user, application: Application, notice: MaterialsNotice | None) -> dict:
    """Which actions the page offers; the services check again when they run."""
    status = application.status
    is_open = application.is_open
    urgent_today = application.is_urgent or clock.is_urgent(
        application.deadline_date, timezone.localdate(), application.needs_preservation
    )
    return {
        "edit": is_open and user.has_perm("intake.change_application"),
        "review": status == Status.PRELIMINARY_REVIEW and user.has_perm("intake.preliminary_review_application"),
        "accept": status == Status.RECEIVED and user.has_perm("intake.review_application"),
        "notice": notice is None
        and (
            (status == Status.PRELIMINARY_REVIEW and user.has_perm("intake.issue_materials_notice"))
            or (status in (Status.RECEIVED, Status.UNDER_REVIEW) and user.has_perm("intake.review_application"))
        ),
        "supply": notice is not None and notice.is_open and is_open and user.has_perm("intake.record_materials"),
        "urgent": is_open and not application.is_urgent and user.has_perm("intake.change_application"),
        "pre_provide": is_open
        and urgent_today
        and application.pre_provision_at is None
        and user.has_perm("intake.approve_pre_provision"),
        "withdraw": is_open and user.has_perm("intake.withdraw_application"),
        "upload": is_open and user.has_perm("intake.change_application"),
    }


@login_required
@permission_required("intake.view_application", raise_exception=True)
def application_detail(request, pk: int):
    application = selectors.application_for_user(request.user, pk)
    notice = MaterialsNotice.objects.filter(application=application).select_related("issued_by").first()
    attachments = list(application.attachments.select_related("uploaded_by"))
    provided = {a.requirement_id for a in attachments if a.requirement_id}
    checklist = [(item, item.pk in provided) for item in selectors.application_checklist(application)]
    today = timezone.localdate()
    conflicts = selectors.application_conflicts(application)
    visible_conflicts = set(
        selectors.applications_for_user(request.user)
        .filter(pk__in=[match.application_id for _name, match in conflicts])
        .values_list("pk", flat=True)
    )
    return render(
        request,
        "intake/application_detail.html",
        {
            "application": application,
            "clock": queue_row(application, today),
            "urgent_today": application.is_urgent
            or clock.is_urgent(application.deadline_date, today, application.needs_preservation),
            "forwarded_late": clock.forwarded_late(
                application.applied_at, application.received_at, application.channel.forward_hours
            ),
            "parties": list(application.opposing_parties.all()),
            "attachments": attachments,
            "checklist": checklist,
            "reviews": list(application.preliminary_reviews.select_related("reviewer", "organisation")),
            "notice": notice,
            "letters": list(application.letters.all()),
            "history": list(selectors.application_history(application)),
            "conflicts": conflicts,
            "visible_conflict_ids": visible_conflicts,
            "actions": _actions(request.user, application, notice),
            "waiver_label": waiver_label(application.waiver_claimed),
            "forms": documents.FORMS,
            "attachment_form": AttachmentsForm(),
            "party_form": OpposingPartyForm(prefix="party"),
            "reason_form": ReasonForm(),
        },
    )


def _load_for_action(request, pk: int) -> Application:
    return selectors.application_for_user(request.user, pk)


def _done(request, application: Application, message: str):
    messages.success(request, message)
    return redirect("intake:application_detail", pk=application.pk)


@login_required
@permission_required("intake.change_application", raise_exception=True)
def application_edit(request, pk: int):
    application = _load_for_action(request, pk)
    form = ApplicationDetailsForm(request.POST or None, application=application)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_update_details(application, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            return _done(request, application, _("申请信息已修改。"))
    return render(request, "intake/application_edit.html", {"application": application, "form": form})


@login_required
@permission_required("intake.preliminary_review_application", raise_exception=True)
def application_review(request, pk: int):
    """The workstation's preliminary review (初审)."""
    application = _load_for_action(request, pk)
    form = PreliminaryReviewForm(request.POST or None, application=application)
    if request.method == "POST" and form.is_valid():
        try:
            services.preliminary_review_submit(application, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            return _done(request, application, _("初审意见已报送中心。"))
    return render(
        request,
        "intake/application_review.html",
        {"application": application, "form": form, "attachments": list(application.attachments.all())},
    )


@login_required
@permission_required("intake.review_application", raise_exception=True)
@require_POST
def application_accept(request, pk: int):
    application = _load_for_action(request, pk)
    try:
        services.application_accept(application, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("intake:application_detail", pk=application.pk)
    return _done(request, application, _("已受理,进入审查。"))


@login_required
@permission_required("intake.view_application", raise_exception=True)
def application_notice(request, pk: int):
    """Issue the one-time notice (一次性告知)."""
    application = _load_for_action(request, pk)
    if not (
        request.user.has_perm("intake.issue_materials_notice") or request.user.has_perm("intake.review_application")
    ):
        raise PermissionDenied
    form = NoticeForm(request.POST or None, application=application)
    if request.method == "POST" and form.is_valid():
        try:
            services.notice_issue(application, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            return _done(request, application, _("一次性告知书已生成,审查期限暂停计算。请打印交申请人签收。"))
    return render(request, "intake/application_notice.html", {"application": application, "form": form})


def _notice_for(request, pk: int) -> MaterialsNotice:
    application = _load_for_action(request, pk)
    return get_object_or_404(
        MaterialsNotice.objects.select_related("application__applicant", "application__centre", "issued_by"),
        application=application,
    )


@login_required
@permission_required("intake.view_application", raise_exception=True)
def notice_print(request, pk: int):
    notice = _notice_for(request, pk)
    return HttpResponse(_with_print_links(documents.materials_notice_html(notice), request, pk, "notice"))


@login_required
@permission_required("intake.view_application", raise_exception=True)
def notice_pdf(request, pk: int):
    notice = _notice_for(request, pk)
    if notice.pdf:
        return serve_protected(notice.pdf, download_name=f"一次性告知书-{notice.application.number}.pdf")
    filename, content = documents.render_materials_notice(notice)
    return pdf_response(filename, content)


def _with_print_links(html: str, request, pk: int, kind: str, slug: str = "") -> str:
    """Point the print view's toolbar links at this application (the template has no request)."""
    if kind == "notice":
        pdf_url = reverse("intake:notice_pdf", args=[pk])
    elif kind == "letter":
        pdf_url = reverse("intake:letter_pdf", args=[pk, int(slug)])
    else:
        pdf_url = reverse("intake:form_pdf", args=[pk, slug])
    back = reverse("intake:application_detail", args=[pk])
    toolbar = f'<a href="{pdf_url}">下载 PDF</a> <a href="{back}">返回申请</a>'
    return html.replace("<!--links-->", toolbar, 1)


@login_required
@permission_required("intake.record_materials", raise_exception=True)
def application_supply(request, pk: int):
    """The applicant brought the missing materials: record them and resume the clock."""
    application = _load_for_action(request, pk)
    notice = MaterialsNotice.objects.filter(application=application).first()
    form = SupplyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploads = [services.ScanUpload(f, title=_("补充材料")) for f in form.cleaned_data["files"]]
        try:
            services.materials_supply(application, actor=request.user, note=form.cleaned_data["note"], uploads=uploads)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            application.refresh_from_db()
            return _done(
                request,
                application,
                _("补充材料已登记,审查期限恢复计算,决定期限为 %(due)s。") % {"due": application.decision_due},
            )
    return render(
        request, "intake/application_supply.html", {"application": application, "form": form, "notice": notice}
    )


def _reason_action(request, pk: int, service, success: str, template_title: str, danger: bool = False):
    application = _load_for_action(request, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service(application, actor=request.user, reason=form.cleaned_data["reason"])
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            return _done(request, application, success)
    return render(
        request,
        "intake/application_reason.html",
        {"application": application, "form": form, "title": template_title, "danger": danger},
    )


@login_required
@permission_required("intake.change_application", raise_exception=True)
def application_mark_urgent(request, pk: int):
    return _reason_action(
        request, pk, services.application_mark_urgent, _("已标记为紧急,将排在队列最前。"), _("标记为紧急")
    )


@login_required
@permission_required("intake.approve_pre_provision", raise_exception=True)
def application_pre_provide(request, pk: int):
    return _reason_action(
        request,
        pk,
        services.application_pre_provide,
        _("已决定先行提供法律援助,材料事后补充。"),
        _("先行提供法律援助(法律援助法第四十四条)"),
    )


@login_required
@permission_required("intake.withdraw_application", raise_exception=True)
def application_withdraw(request, pk: int):
    return _reason_action(request, pk, services.application_withdraw, _("申请已撤回。"), _("登记撤回申请"), danger=True)


@login_required
@permission_required("intake.change_application", raise_exception=True)
@require_POST
def attachment_add(request, pk: int):
    application = _load_for_action(request, pk)
    form = AttachmentsForm(request.POST, request.FILES)
    if form.is_valid():
        uploads = [services.ScanUpload(f, title=form.cleaned_data["title"]) for f in form.cleaned_data["files"]]
        try:
            services.attachments_add(application, actor=request.user, uploads=uploads)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("已上传 %(n)s 个文件。") % {"n": len(uploads)})
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(reverse("intake:application_detail", args=[application.pk]) + "#materials")


@login_required
@permission_required("intake.view_application", raise_exception=True)
def attachment_file(request, pk: int, attachment_pk: int):
    application = _load_for_action(request, pk)
    attachment = get_object_or_404(application.attachments, pk=attachment_pk)
    return serve_protected(attachment.file, download_name=attachment.original_name)


@login_required
@permission_required("intake.change_application", raise_exception=True)
def opposing_party_add(request, pk: int):
    application = _load_for_action(request, pk)
    form = OpposingPartyForm(request.POST or None, prefix="party")
    if request.method == "POST" and form.is_valid():
        try:
            services.opposing_party_add(application, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            return _done(request, application, _("已添加对方当事人,请查看利益冲突提示。"))
    return render(request, "intake/opposing_party_form.html", {"application": application, "form": form})


@login_required
@permission_required("intake.view_application", raise_exception=True)
def form_print(request, pk: int, slug: str):
    if slug not in documents.FORMS:
        raise Http404
    application = _load_for_action(request, pk)
    return HttpResponse(_with_print_links(documents.form_html(slug, application), request, pk, "form", slug))


@login_required
@permission_required("intake.view_application", raise_exception=True)
def form_pdf(request, pk: int, slug: str):
    if slug not in documents.FORMS:
        raise Http404
    application = _load_for_action(request, pk)
    filename, content = documents.render_form(slug, application)
    return pdf_response(filename, content)


@login_required
@permission_required("intake.view_application", raise_exception=True)
def letter_pdf(request, pk: int, letter_pk: int):
    application = _load_for_action(request, pk)
    letter = get_object_or_404(application.letters, pk=letter_pk)
    if letter.pdf:
        return serve_protected(letter.pdf, download_name=f"{letter.get_kind_display()}-{application.number}.pdf")
    filename, content = documents.render_applicant_letter(letter)
    return pdf_response(filename, content)


@login_required
@permission_required("intake.view_application", raise_exception=True)
def letter_print(request, pk: int, letter_pk: int):
    application = _load_for_action(request, pk)
    letter = get_object_or_404(application.letters, pk=letter_pk)
    return HttpResponse(_with_print_links(documents.applicant_letter_html(letter), request, pk, "letter", letter.pk))


# ---------------------------------------------------------------- persons


@login_required
@permission_required("intake.view_person", raise_exception=True)
def person_list(request):
    query = request.GET.get("q", "").strip()
    page = Paginator(selectors.person_search(request.user, query), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "intake/person_list.html", {"page": page, "q": query})


@login_required
@permission_required("intake.add_person", raise_exception=True)
def person_create(request):
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(actor=request.user, **form.normalised)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("人员已登记。"))
            return redirect("intake:person_detail", pk=person.pk)
    return render(request, "intake/person_form.html", {"form": form, "person": None})


@login_required
@permission_required("intake.view_person", raise_exception=True)
def person_detail(request, pk: int):
    person = selectors.person_for_user(request.user, pk)
    applications = (
        selectors.applications_for_user(request.user)
        .filter(applicant=person)
        .select_related("matter", "receiving_organisation")
    )
    consultations = selectors.consultations_for_user(request.user).filter(person=person).select_related("channel")
    visits = selectors.home_visits_for_user(request.user).filter(person=person).select_related("staff")
    return render(
        request,
        "intake/person_detail.html",
        {
            "person": person,
            "groups": person.group_labels(),
            "applications": applications[:50],
            "consultations": consultations[:50],
            "visits": visits[:20],
            "conflicts": selectors.find_person_conflicts(person),
            "can_visit": bool({"elderly", "disabled"} & set(person.groups())),
        },
    )


@login_required
@permission_required("intake.change_person", raise_exception=True)
def person_edit(request, pk: int):
    person = selectors.person_for_user(request.user, pk)
    form = PersonForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(person, actor=request.user, **form.normalised)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("人员信息已修改。"))
            return redirect("intake:person_detail", pk=person.pk)
    return render(request, "intake/person_form.html", {"form": form, "person": person})


@login_required
@permission_required("intake.add_person", raise_exception=True)
@require_GET
def person_lookup(request):
    """Is this ID number registered? Offers the existing person while the form is being typed."""
    person = selectors.person_by_id_number(request.GET.get("id_number", ""))
    if person is None:
        return JsonResponse({"found": False})
    return JsonResponse(
        {
            "found": True,
            "pk": person.pk,
            "name": person.name,
            "sex": person.get_sex_display(),
            "birth_date": person.birth_date.isoformat() if person.birth_date else "",
            "id_number": mask_id_number(person.id_number),
        }
    )


# ---------------------------------------------------------------- consultations


@login_required
@permission_required("intake.view_consultation", raise_exception=True)
def consultation_list(request):
    filter_form = ConsultationFilterForm(request.GET or None, user=request.user)
    rows = selectors.consultation_ledger(request.user, filter_form.filters())
    if request.GET.get("export") == "xlsx":
        if not request.user.has_perm("intake.export_consultation"):
            raise PermissionDenied
        return _ledger_xlsx(rows)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "intake/consultation_list.html",
        {"page": page, "filter_form": filter_form, "query_string": _without_page(request)},
    )


def _without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("export", None)
    return params.urlencode()


LEDGER_HEADER = [
    "咨询时间",
    "渠道",
    "统计渠道",
    "接待机构",
    "首问责任人",
    "咨询人",
    "联系电话",
    "事项类别",
    "咨询问题",
    "解答摘要",
    "处理结果",
    "转介部门",
    "回复期限",
    "回复时间",
]


def _ledger_xlsx(rows):
    def lines():
        for c in rows.iterator(chunk_size=2000):
            yield [
                timezone.localtime(c.consulted_at).strftime("%Y-%m-%d %H:%M"),
                c.channel.name,
                c.channel.get_category_display(),
                c.organisation.name,
                c.taken_by.get_full_name() or c.taken_by.username,
                c.display_name,
                c.visitor_phone,
                c.matter.name if c.matter_id else "",
                c.question,
                c.answer,
                c.get_outcome_display(),
                c.referred_agency,
                timezone.localtime(c.call_back_due).strftime("%Y-%m-%d %H:%M") if c.call_back_due else "",
                timezone.localtime(c.called_back_at).strftime("%Y-%m-%d %H:%M") if c.called_back_at else "",
            ]

    filename = f"咨询台账-{timezone.localdate():%Y%m%d}.xlsx"
    return xlsx_response(filename, "咨询台账", LEDGER_HEADER, lines())


@login_required
@permission_required("intake.add_consultation", raise_exception=True)
def consultation_create(request):
    form = ConsultationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                person = _consultation_person(request.user, data)
                consultation = services.consultation_record(
                    actor=request.user,
                    channel=data["channel"],
                    consulted_at=data["consulted_at"],
                    person=person,
                    visitor_name=data.get("visitor_name") or "",
                    visitor_phone=data.get("visitor_phone") or "",
                    matter=data.get("matter"),
                    question=data["question"],
                    answer=data.get("answer") or "",
                    outcome=data["outcome"],
                    referred_agency=data.get("referred_agency") or "",
                    call_back_due=data.get("call_back_due"),
                    submission_token=data.get("submission_token") or None,
                )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("咨询已登记。"))
            if request.POST.get("next") == "another":
                return redirect("intake:consultation_create")
            if consultation.outcome == Consultation.Outcome.REFERRED_TO_APPLICATION and request.user.has_perm(
                "intake.add_application"
            ):
                url = reverse("intake:application_create") + f"?consultation={consultation.pk}"
                if consultation.person_id:
                    url += f"&person={consultation.person_id}"
                return redirect(url)
            return redirect("intake:consultation_detail", pk=consultation.pk)
    return render(request, "intake/consultation_form.html", {"form": form})


def _consultation_person(user, data) -> Person | None:
    number = data.get("id_number")
    if not number:
        return None
    existing = selectors.person_by_id_number(number)
    if existing is not None:
        return existing
    return services.person_create(
        actor=user, name=data.get("visitor_name") or "", id_number=number, phone=data.get("visitor_phone") or ""
    )


@login_required
@permission_required("intake.view_consultation", raise_exception=True)
def consultation_detail(request, pk: int):
    consultation = selectors.consultation_for_user(request.user, pk)
    form = CallBackForm() if consultation.awaits_call_back else None
    return render(request, "intake/consultation_detail.html", {"consultation": consultation, "form": form})


@login_required
@permission_required("intake.change_consultation", raise_exception=True)
def consultation_call_back(request, pk: int):
    consultation = selectors.consultation_for_user(request.user, pk)
    form = CallBackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consultation_call_back(consultation, actor=request.user, note=form.cleaned_data["note"])
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("已登记回复。"))
            return redirect("intake:call_back_list")
    return render(request, "intake/consultation_detail.html", {"consultation": consultation, "form": form})


@login_required
@permission_required("intake.view_consultation", raise_exception=True)
def call_back_list(request):
    now = timezone.now()
    page = Paginator(selectors.call_back_list(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "intake/call_back_list.html", {"page": page, "now": now})


# ---------------------------------------------------------------- home visits


@login_required
@permission_required("intake.view_homevisit", raise_exception=True)
def home_visit_list(request):
    status = request.GET.get("status", HomeVisit.Status.SCHEDULED)
    if status not in HomeVisit.Status.values:
        status = ""
    page = Paginator(selectors.home_visit_list(request.user, status=status), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request, "intake/home_visit_list.html", {"page": page, "status": status, "statuses": HomeVisit.Status.choices}
    )


@login_required
@permission_required("intake.add_homevisit", raise_exception=True)
def home_visit_create(request, person_pk: int):
    person = selectors.person_for_user(request.user, person_pk)
    application = None
    if request.GET.get("application"):
        application = selectors.applications_for_user(request.user).filter(pk=request.GET["application"]).first()
    form = HomeVisitForm(request.POST or None, user=request.user, person=person)
    if request.method == "POST" and form.is_valid():
        try:
            visit = services.home_visit_book(
                actor=request.user, person=person, application=application, **form.cleaned_data
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("上门服务已预约。"))
            return redirect("intake:home_visit_detail", pk=visit.pk)
    return render(request, "intake/home_visit_form.html", {"form": form, "person": person})


@login_required
@permission_required("intake.view_homevisit", raise_exception=True)
def home_visit_detail(request, pk: int):
    visit = selectors.home_visit_for_user(request.user, pk)
    form = HomeVisitOutcomeForm(request.POST or None)
    if request.method == "POST":
        if not request.user.has_perm("intake.change_homevisit"):
            raise PermissionDenied
        if form.is_valid():
            action = (
                services.home_visit_cancel if request.POST.get("action") == "cancel" else services.home_visit_complete
            )
            try:
                if action is services.home_visit_cancel:
                    action(visit, actor=request.user, reason=form.cleaned_data["outcome"])
                else:
                    action(visit, actor=request.user, outcome=form.cleaned_data["outcome"])
            except DomainError as error:
                apply_domain_error(form, error)
            else:
                messages.success(request, _("上门服务已更新。"))
                return redirect("intake:home_visit_detail", pk=visit.pk)
    return render(request, "intake/home_visit_detail.html", {"visit": visit, "form": form})


# ---------------------------------------------------------------- public pages (no login)

APPLY_LIMIT = (5, 3600)  # filings per address per hour
STATUS_LIMIT = (10, 600)  # look-ups per address per 10 minutes
STATUS_NUMBER_LIMIT = (5, 3600)  # failed look-ups per receipt number per hour


def _too_many(request):
    return render(request, "intake/public/too_many.html", status=429)


def public_apply(request):
    """The public online application: no login, a receipt number at the end."""
    ip = client_ip(request)
    if request.method == "POST":
        if limited("apply", ip, limit=APPLY_LIMIT[0], window_seconds=APPLY_LIMIT[1]):
            return _too_many(request)
        form = PublicApplicationForm(request.POST, request.FILES)
        if selectors.application_by_token(request.POST.get("submission_token", "")) is not None:
            form.is_valid()
            form.add_error(None, _("这份申请已经提交过,请勿重复提交。如需查询,请使用提交后得到的受理编号。"))
        elif form.is_valid():
            try:
                application = _public_file(form.cleaned_data)
            except DomainError as error:
                apply_domain_error(form, error)
            else:
                request.session["intake_receipt"] = application.number
                return redirect("intake:public_receipt")
    else:
        form = PublicApplicationForm()
    return render(request, "intake/public/apply.html", {"form": form})


def _public_file(data) -> Application:
    from .models import Channel

    with transaction.atomic():
        existing = selectors.person_by_id_number(data["id_number"])
        if existing is not None:
            if existing.name != data["name"].strip():
                raise DomainError(_("身份证号码与姓名不一致,请核对。"), field="id_number")
            applicant = existing
        else:
            applicant = services.person_create(
                actor=None,
                name=data["name"],
                id_number=data["id_number"],
                phone=data["phone"],
                residence_address=data["address"],
            )
        case_type = data["case_type"]
        from .forms import PUBLIC_SERVICE_FOR_CASE_TYPE

        return services.application_submit(
            actor=None,
            applicant=applicant,
            channel=Channel.objects.get(code="online"),
            receiving_organisation=data["centre"],
            case_type=case_type,
            criminal_stage="investigation" if case_type == CaseType.CRIMINAL else "",
            facts=data["facts"],
            service_requested=PUBLIC_SERVICE_FOR_CASE_TYPE[case_type],
            deadline_date=data.get("deadline_date"),
            contact_phone=data["phone"],
            opposing_parties=[{"name": data["opposing_party"]}] if data.get("opposing_party") else [],
            attachments=[services.ScanUpload(f, title=_("网上申请材料")) for f in data.get("files") or []],
            submission_token=data.get("submission_token") or None,
        )


def public_receipt(request):
    number = request.session.get("intake_receipt")
    if not number:
        return redirect("intake:public_apply")
    application = Application.objects.select_related("centre").filter(number=number).first()
    if application is None:
        return redirect("intake:public_apply")
    _title, body = services.fill_notice_text("online_receipt", application)
    return render(request, "intake/public/receipt.html", {"application": application, "body": body})


def public_status(request):
    """Status by receipt number and the last four digits of the ID or phone; reveals nothing else."""
    form = PublicStatusForm(request.POST or None)
    application = None
    letters = []
    if request.method == "POST":
        ip = client_ip(request)
        if limited("status", ip, limit=STATUS_LIMIT[0], window_seconds=STATUS_LIMIT[1]):
            return _too_many(request)
        if form.is_valid():
            number = form.cleaned_data["number"].strip()
            if is_limited("status-number", number, limit=STATUS_NUMBER_LIMIT[0]):
                return _too_many(request)
            application = selectors.public_application_status(number, form.cleaned_data["last4"])
            if application is None:
                limited("status-number", number, limit=STATUS_NUMBER_LIMIT[0], window_seconds=STATUS_NUMBER_LIMIT[1])
                form.add_error(None, _("没有找到对应的申请:请核对受理编号和号码后4位。"))
            else:
                letters = list(application.letters.all())
    notice = None
    if application is not None:
        notice = MaterialsNotice.objects.filter(application=application).first()
    return render(
        request,
        "intake/public/status.html",
        {"form": form, "application": application, "notice": notice, "letters": letters},
    )

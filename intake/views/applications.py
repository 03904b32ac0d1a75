"""One application: its page and every action on it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from legalaid import next_steps
from legalaid.audit.services import log_access
from legalaid.errors import DomainError
from legalaid.models import AccessRecord
from legalaid.uploads import serve_protected

from .. import clock, documents, rules, selectors, services
from ..forms import (
    ApplicationDetailsForm,
    AttachmentsForm,
    NoticeForm,
    OpposingPartyForm,
    PreliminaryReviewForm,
    ReasonForm,
    SupplyForm,
    apply_domain_error,
)
from ..models import Application, MaterialsNotice
from ..waivers import waiver_label
from .common import application_in_scope, done

Status = Application.Status


@login_required
@permission_required("intake.view_application", raise_exception=True)
def application_detail(request, pk: int):
    application = selectors.application_for_user(request.user, pk)
    notice = MaterialsNotice.objects.filter(application=application).select_related("issued_by").first()
    attachments = list(application.attachments.select_related("uploaded_by"))
    provided = selectors.materials_provided(application)
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
            "clock": rules.clock_state(application, today),
            "urgent_today": rules.urgent_today(application, today),
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
            "actions": rules.offered_actions(request.user, application, notice, today),
            "next_steps": next_steps.for_application(request.user, application),
            "waiver_label": waiver_label(application.waiver_claimed),
            "forms": documents.FORMS,
            "attachment_form": AttachmentsForm(),
            "party_form": OpposingPartyForm(prefix="party"),
            "reason_form": ReasonForm(),
        },
    )


@login_required
@permission_required("intake.change_application", raise_exception=True)
def application_edit(request, pk: int):
    application = application_in_scope(request, pk)
    form = ApplicationDetailsForm(request.POST or None, application=application)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_update_details(application, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            return done(request, application, _("申请信息已修改。"))
    return render(request, "intake/application_edit.html", {"application": application, "form": form})


@login_required
@permission_required("intake.preliminary_review_application", raise_exception=True)
def application_review(request, pk: int):
    """The workstation's preliminary review (初审)."""
    application = application_in_scope(request, pk)
    form = PreliminaryReviewForm(request.POST or None, application=application)
    if request.method == "POST" and form.is_valid():
        try:
            services.preliminary_review_submit(application, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            return done(request, application, _("初审意见已报送中心。"))
    return render(
        request,
        "intake/application_review.html",
        {"application": application, "form": form, "attachments": list(application.attachments.all())},
    )


@login_required
@permission_required("intake.review_application", raise_exception=True)
@require_POST
def application_accept(request, pk: int):
    application = application_in_scope(request, pk)
    try:
        services.application_accept(application, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("intake:application_detail", pk=application.pk)
    return done(request, application, _("已受理，进入审查。"))


@login_required
@permission_required("intake.view_application", raise_exception=True)
def application_notice(request, pk: int):
    """Issue the one-time notice (一次性告知)."""
    application = application_in_scope(request, pk)
    if not request.user.has_perm(rules.notice_permission(application)):
        raise PermissionDenied
    form = NoticeForm(request.POST or None, application=application)
    if request.method == "POST" and form.is_valid():
        try:
            services.notice_issue(application, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            return done(request, application, _("一次性告知书已生成，审查期限暂停计算。请打印交申请人签收。"))
    return render(request, "intake/application_notice.html", {"application": application, "form": form})


@login_required
@permission_required("intake.record_materials", raise_exception=True)
def application_supply(request, pk: int):
    """The applicant brought the missing materials: record them and resume the clock."""
    application = application_in_scope(request, pk)
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
            return done(
                request,
                application,
                _("补充材料已登记，审查期限恢复计算，决定期限为 %(due)s。") % {"due": application.decision_due},
            )
    return render(
        request, "intake/application_supply.html", {"application": application, "form": form, "notice": notice}
    )


def _reason_action(request, pk: int, service, success: str, template_title: str, danger: bool = False):
    application = application_in_scope(request, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service(application, actor=request.user, reason=form.cleaned_data["reason"])
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            return done(request, application, success)
    return render(
        request,
        "intake/application_reason.html",
        {"application": application, "form": form, "title": template_title, "danger": danger},
    )


@login_required
@permission_required("intake.change_application", raise_exception=True)
def application_mark_urgent(request, pk: int):
    return _reason_action(
        request, pk, services.application_mark_urgent, _("已标记为紧急，将排在队列最前。"), _("标记为紧急")
    )


@login_required
@permission_required("intake.approve_pre_provision", raise_exception=True)
def application_pre_provide(request, pk: int):
    return _reason_action(
        request,
        pk,
        services.application_pre_provide,
        _("已决定先行提供法律援助，材料事后补充。"),
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
    application = application_in_scope(request, pk)
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
    application = application_in_scope(request, pk)
    attachment = get_object_or_404(application.attachments, pk=attachment_pk)
    log_access(
        request, kind=AccessRecord.Kind.SCAN, subject=application.number, obj=attachment, detail=attachment.title
    )
    return serve_protected(attachment.file, download_name=attachment.original_name)


@login_required
@permission_required("intake.change_application", raise_exception=True)
def opposing_party_add(request, pk: int):
    application = application_in_scope(request, pk)
    form = OpposingPartyForm(request.POST or None, prefix="party")
    if request.method == "POST" and form.is_valid():
        try:
            services.opposing_party_add(application, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            return done(request, application, _("已添加对方当事人，请查看利益冲突提示。"))
    return render(request, "intake/opposing_party_form.html", {"application": application, "form": form})

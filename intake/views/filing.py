"""Filing an application at the desk, with parties and scans."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from legalaid.errors import DomainError

from .. import selectors, services
from ..forms import (
    ApplicantForm,
    ApplicationForm,
    OpposingPartyFormSet,
    UploadFormSet,
    apply_domain_error,
)
from ..models import Application
from .common import optional_pk

Status = Application.Status


@login_required
@permission_required("intake.add_application", raise_exception=True)
def application_create(request):
    """File an application received through any channel, with parties and scans."""
    user = request.user
    initial_person = None
    consultation = None
    person_pk = optional_pk(request.GET.get("person"))
    if person_pk is not None:
        initial_person = selectors.person_for_user(user, person_pk)
    consultation_pk = optional_pk(request.POST.get("consultation") or request.GET.get("consultation"))
    if consultation_pk is not None:
        consultation = selectors.consultation_for_user(user, consultation_pk)
    if request.method == "POST":
        form = ApplicationForm(request.POST, user=user)
        applicant_form = ApplicantForm(request.POST, prefix="applicant", user=user)
        representative_form = ApplicantForm(request.POST, prefix="representative", optional=True, user=user)
        parties = OpposingPartyFormSet(request.POST, prefix="party")
        uploads = UploadFormSet(request.POST, request.FILES, prefix="upload")
        already = selectors.application_by_token(request.POST.get("submission_token", ""))
        forms_valid = [f.is_valid() for f in (form, applicant_form, representative_form, parties, uploads)]
        if already is not None:
            message = _("该申请已经提交过(受理编号 %(number)s)，请勿重复提交。")
            form.add_error(None, message % {"number": already.number})
        elif all(forms_valid):
            try:
                application = _file(request, form, applicant_form, representative_form, parties, uploads, consultation)
            except DomainError as error:
                _route_filing_error(error, form, applicant_form, representative_form, parties, uploads)
            else:
                messages.success(request, _("申请已登记，受理编号 %(number)s。") % {"number": application.number})
                return redirect("intake:application_detail", pk=application.pk)
        if any(f.files for f in uploads.forms if f.is_bound and f.files):
            messages.warning(request, _("出于安全原因，浏览器不会保留已选择的文件，请重新选择要上传的文件。"))
    else:
        form = ApplicationForm(user=user)
        if consultation is not None and consultation.matter_id:
            form.initial["matter"] = consultation.matter_id
        if consultation is not None:
            form.initial["facts"] = consultation.question
        applicant_form = ApplicantForm(prefix="applicant", person=initial_person, user=user)
        if consultation is not None and initial_person is None:
            applicant_form.initial.update(services.consultation_visitor(consultation))
        if initial_person is not None:
            applicant_form.initial.update({"use_existing": True, "existing": initial_person.pk})
        representative_form = ApplicantForm(prefix="representative", optional=True, user=user)
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
            typed_id_numbers=(applicant_form.typed_id_number, representative_form.typed_id_number),
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

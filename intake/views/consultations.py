"""The consultation ledger, its export and call-backs."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from legalaid.audit.services import log_access
from legalaid.errors import DomainError
from legalaid.exports import export_response
from legalaid.models import AccessRecord
from legalaid.paginators import ListPaginator, OneCharacterInOrderPaginator, paginator_for_search

from .. import selectors, services
from ..forms import (
    CallBackForm,
    ConsultationFilterForm,
    ConsultationForm,
    apply_domain_error,
)
from ..models import Application, Consultation
from .common import PAGE_SIZE

Status = Application.Status


@login_required
@permission_required("intake.view_consultation", raise_exception=True)
def consultation_list(request):
    filter_form = ConsultationFilterForm(request.GET or None, user=request.user)
    filters = filter_form.filters()
    rows = selectors.consultation_ledger(request.user, filters)
    if request.GET.get("export") == "xlsx":  # the ledger's older export address, kept for bookmarks
        return export_response(request, "intake.consultations")
    paginator = paginator_for_search(filters.query, one_character=OneCharacterInOrderPaginator)
    page = paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
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


@login_required
@permission_required("intake.add_consultation", raise_exception=True)
def consultation_create(request):
    form = ConsultationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                person = services.consultation_person(
                    request.user,
                    id_number=data.get("id_number") or "",
                    name=data.get("visitor_name") or "",
                    phone=data.get("visitor_phone") or "",
                )
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


@login_required
@permission_required("intake.view_consultation", raise_exception=True)
def consultation_detail(request, pk: int):
    consultation = selectors.consultation_for_user(request.user, pk)
    form = CallBackForm() if consultation.awaits_call_back else None
    if consultation.visitor_phone:
        # The one place the full number is shown (to call back): every showing is logged.
        log_access(request, kind=AccessRecord.Kind.FULL_PHONE, subject=consultation.display_name, obj=consultation)
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
    page = ListPaginator(selectors.call_back_list(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "intake/call_back_list.html", {"page": page, "now": now})

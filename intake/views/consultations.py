"""The consultation ledger, its export and call-backs."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from legalaid.audit.services import log_access
from legalaid.errors import DomainError
from legalaid.exports import xlsx_response
from legalaid.models import AccessRecord
from legalaid.validators import mask_phone

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
    rows = selectors.consultation_ledger(request.user, filter_form.filters())
    if request.GET.get("export") == "xlsx":
        if not request.user.has_perm("intake.export_consultation"):
            raise PermissionDenied
        log_access(request, kind=AccessRecord.Kind.EXPORT, subject=_("咨询台账"), detail=_without_page(request))
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
    gettext_lazy("咨询时间"),
    gettext_lazy("渠道"),
    gettext_lazy("统计渠道"),
    gettext_lazy("接待机构"),
    gettext_lazy("首问责任人"),
    gettext_lazy("咨询人"),
    gettext_lazy("联系电话"),
    gettext_lazy("事项类别"),
    gettext_lazy("咨询问题"),
    gettext_lazy("解答摘要"),
    gettext_lazy("处理结果"),
    gettext_lazy("转介部门"),
    gettext_lazy("回复期限"),
    gettext_lazy("回复时间"),
]


def _ledger_xlsx(rows):
    def lines():
        for c in rows.iterator(chunk_size=2000):
            yield [
                timezone.localtime(c.consulted_at).strftime("%Y-%m-%d %H:%M"),
                c.channel.name,
                c.channel.get_category_display(),
                c.organisation.name,
                (c.taken_by.get_full_name() or c.taken_by.username) if c.taken_by_id else "",  # online: none yet
                c.display_name,
                mask_phone(c.visitor_phone),  # a list: masked, as on screen (the full number is on the record)
                c.matter.name if c.matter_id else "",
                c.question,
                c.answer,
                c.get_outcome_display(),
                c.referred_agency,
                timezone.localtime(c.call_back_due).strftime("%Y-%m-%d %H:%M") if c.call_back_due else "",
                timezone.localtime(c.called_back_at).strftime("%Y-%m-%d %H:%M") if c.called_back_at else "",
            ]

    title = _("咨询台账")
    filename = f"{title}-{timezone.localdate():%Y%m%d}.xlsx"
    return xlsx_response(filename, title, [str(label) for label in LEDGER_HEADER], lines())


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
    page = Paginator(selectors.call_back_list(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "intake/call_back_list.html", {"page": page, "now": now})

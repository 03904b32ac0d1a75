"""Public pages (no login): the online application, its receipt and the status look-up."""

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from legalaid.errors import DomainError
from legalaid.net import client_ip

from .. import documents, selectors, services
from ..forms import (
    PublicApplicationForm,
    PublicStatusForm,
    apply_domain_error,
)
from ..models import Application, MaterialsNotice, NoticeText
from ..ratelimit import is_limited, limited

Status = Application.Status


# Which way each limit fails when the cache is down is explained in intake/ratelimit.py.
APPLY_LIMIT = (5, 3600)  # filings per address per hour (fails open)
STATUS_LIMIT = (10, 600)  # look-ups per address per 10 minutes (fails closed)
STATUS_NUMBER_LIMIT = (5, 3600)  # failed look-ups per receipt number per hour (fails closed)


def _too_many(request):
    return render(request, "intake/public/too_many.html", status=429)


def public_apply(request):
    """The public online application: no login, a receipt number at the end."""
    ip = client_ip(request)
    if request.method == "POST":
        if limited("apply", ip, limit=APPLY_LIMIT[0], window_seconds=APPLY_LIMIT[1], fail_closed=False):
            return _too_many(request)
        form = PublicApplicationForm(request.POST, request.FILES)
        if selectors.application_by_token(request.POST.get("submission_token", "")) is not None:
            form.is_valid()
            form.add_error(None, _("这份申请已经提交过，请勿重复提交。如需查询，请使用提交后得到的受理编号。"))
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
    return services.public_application_submit(
        centre=data["centre"],
        name=data["name"],
        id_number=data["id_number"],
        phone=data["phone"],
        address=data["address"],
        case_type=data["case_type"],
        facts=data["facts"],
        opposing_party=data.get("opposing_party") or "",
        deadline_date=data.get("deadline_date"),
        files=data.get("files") or [],
        submission_token=data.get("submission_token") or None,
    )


def public_receipt(request):
    number = request.session.get("intake_receipt")
    if not number:
        return redirect("intake:public_apply")
    application = Application.objects.select_related("centre").filter(number=number).first()
    if application is None:
        return redirect("intake:public_apply")
    _title, body = documents.fill_notice_text(NoticeText.Kind.ONLINE_RECEIPT, application)
    return render(request, "intake/public/receipt.html", {"application": application, "body": body})


def public_status(request):
    """Status by receipt number and the last four digits of the ID or phone; reveals nothing else."""
    form = PublicStatusForm(request.POST or None)
    application = None
    letters = []
    if request.method == "POST":
        ip = client_ip(request)
        if limited("status", ip, limit=STATUS_LIMIT[0], window_seconds=STATUS_LIMIT[1], fail_closed=True):
            return _too_many(request)
        if form.is_valid():
            number = form.cleaned_data["number"].strip()
            if is_limited("status-number", number, limit=STATUS_NUMBER_LIMIT[0], fail_closed=True):
                return _too_many(request)
            application = selectors.public_application_status(number, form.cleaned_data["last4"])
            if application is None:
                limited(
                    "status-number",
                    number,
                    limit=STATUS_NUMBER_LIMIT[0],
                    window_seconds=STATUS_NUMBER_LIMIT[1],
                    fail_closed=True,
                )
                form.add_error(None, _("没有找到对应的申请：请核对受理编号和号码后4位。"))
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

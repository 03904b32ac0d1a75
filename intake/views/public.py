"""Public pages (no login): the online application, its receipt and the status look-up."""

import time

from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from legalaid.errors import DomainError
from legalaid.messaging.triggers import handler_contact
from legalaid.net import client_ip
from legalaid.validators import mask_id_number

from .. import documents, selectors, services
from ..forms import (
    PublicApplicationForm,
    PublicStatusForm,
    apply_domain_error,
)
from ..forms.public import PublicConsultationForm
from ..models import Application, Consultation, NoticeText
from ..ratelimit import limited
from ..services.public import public_consultation_submit

Status = Application.Status


# Which way each limit fails when the cache is down is explained in intake/ratelimit.py.
APPLY_LIMIT = (5, 3600)  # filings per address per hour (fails open)
STATUS_LIMIT = (10, 600)  # look-ups per address per 10 minutes (fails closed)
CONSULT_LIMIT = (5, 3600)  # online consultations per address per hour (fails open, as filing does)
GUESS_FREE = 5  # wrong look-ups of one receipt number from one address before the back-off starts
GUESS_BACKOFF_START, GUESS_BACKOFF_MAX = 60, 24 * 3600  # seconds
GUESS_MEMORY = 24 * 3600  # how long wrong look-ups are remembered


class GuessLimit:
    """Wrong receipt-number look-ups from one address for one receipt number: free up to GUESS_FREE, then
    each further one locks that pair for a doubling time (1 minute, 2, 4 … at most a day).

    Fails closed like the address limit: with the cache down, a guesser gets "try later", never free tries.
    """

    def __init__(self, key: str):
        self.count_key, self.until_key = f"intake:guess:{key}", f"intake:guess-until:{key}"

    def locked(self) -> bool:
        try:
            until = cache.get(self.until_key)
        except Exception:  # the cache is down: fail closed
            return True
        return until is not None and until > time.time()

    def failed(self) -> None:
        try:
            cache.add(self.count_key, 0, timeout=GUESS_MEMORY)
            count = cache.incr(self.count_key)
            if count >= GUESS_FREE:
                wait = min(GUESS_BACKOFF_START * 2 ** (count - GUESS_FREE), GUESS_BACKOFF_MAX)
                cache.set(self.until_key, time.time() + wait, timeout=wait)
        except Exception:  # nothing to record; locked() fails closed meanwhile
            return


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
    """Status by receipt number and the last four digits of the ID or phone, through to the case's closing.

    Wrong guesses are limited per client address AND receipt number, with a back-off: a stranger guessing
    someone's digits slows only themselves, and never locks the real applicant out (finding 11 of issue 12).
    """
    form = PublicStatusForm(request.POST or None)
    application = None
    if request.method == "POST":
        ip = client_ip(request)
        if limited("status", ip, limit=STATUS_LIMIT[0], window_seconds=STATUS_LIMIT[1], fail_closed=True):
            return _too_many(request)
        if form.is_valid():
            number = form.cleaned_data["number"].strip()
            guesses = GuessLimit(f"{ip}:{number}")
            if guesses.locked():
                return _too_many(request)
            application = selectors.public_application_status(number, form.cleaned_data["last4"])
            if application is None:
                guesses.failed()
                form.add_error(None, _("没有找到对应的申请：请核对受理编号和号码后4位。"))
    context = {"form": form, "application": application}
    if application is not None:
        context |= public_progress(application)
    return render(request, "intake/public/status.html", context)


def public_consult(request):
    """The online consultation: a question and a phone number, answered by a call back within the clock."""
    if request.method == "POST":
        if limited(
            "consult", client_ip(request), limit=CONSULT_LIMIT[0], window_seconds=CONSULT_LIMIT[1], fail_closed=False
        ):
            return _too_many(request)
        form = PublicConsultationForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                consultation = public_consultation_submit(
                    centre=data["centre"],
                    name=data["name"],
                    phone=data["phone"],
                    question=data["question"],
                    call_time=data["call_time"],
                    matter=data.get("matter"),
                    submission_token=data.get("submission_token") or None,
                )
            except DomainError as error:
                apply_domain_error(form, error)
            else:
                request.session["intake_consultation"] = consultation.pk
                return redirect("intake:public_consult_receipt")
    else:
        form = PublicConsultationForm()
    return render(request, "intake/public/consult.html", {"form": form})


def public_consult_receipt(request):
    consultation_id = request.session.get("intake_consultation")
    consultation = (
        Consultation.objects.select_related("organisation").filter(pk=consultation_id).first()
        if consultation_id
        else None
    )
    if consultation is None:
        return redirect("intake:public_consult")
    return render(request, "intake/public/consult_receipt.html", {"consultation": consultation})


# The case's stages as the public sees them, from the case's status code (the cases stage's own words are
# for staff). The page reads the case through the application's reverse relation: intake imports no cases.
STAGES = [gettext_lazy("立案"), gettext_lazy("指派承办人"), gettext_lazy("办理中"), gettext_lazy("结案")]
STAGE_OF_CASE_STATUS = {
    "accepted": 0,
    "handler_changed": 0,
    "assigned": 1,
    "in_progress": 2,
    "closing_submitted": 2,
    "closed": 3,
    "archived": 3,
}


def mask_name(name: str) -> str:
    """Every character starred: the page names no one, not even by a surname."""
    return "*" * len((name or "").strip())


def public_progress(application: Application) -> dict:
    """What the status page shows beyond the application: the notice, the letters (the applicant's name and ID
    masked: the rest of the page names no one) and, after the grant, the case through its closing."""
    applicant = application.applicant
    masked = mask_name(applicant.name)
    letters = []
    for letter in application.letters.all():
        body = letter.body.replace(applicant.name, masked) if applicant.name else letter.body
        if applicant.id_number:
            body = body.replace(applicant.id_number, mask_id_number(applicant.id_number))
        letters.append({"kind": letter.get_kind_display(), "date": letter.created_at, "body": body})
    case = _case_of(application)
    progress = {"notice": getattr(application, "materials_notice", None), "letters": letters}
    if case is None:
        return progress
    handler_name, handler_phone = handler_contact(case)
    organisation = case.handler_organisation
    stage = STAGE_OF_CASE_STATUS.get(case.status)
    progress["case"] = {
        "number": case.number,
        "opened_at": case.accepted_at,
        "assigned_at": case.assigned_at,
        "closed_at": case.closed_at,
        "terminated": case.status == "terminated",
        "handler": handler_name,
        "handler_organisation": organisation.name if organisation else "",
        # The same name and office phone the assignment message gave the applicant.
        "handler_phone": handler_phone,
        "stages": [
            {"label": label, "done": stage is not None and i <= stage, "current": i == stage}
            for i, label in enumerate(STAGES)
        ],
    }
    return progress


def _case_of(application: Application):
    try:
        return application.case  # the case's one-to-one back to its application
    except ObjectDoesNotExist:
        return None

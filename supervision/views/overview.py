"""The supervision overview, one case's supervision page, stale cases and a handler's record."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.selectors import case_for_user, cases_for_user
from legalaid import figures
from legalaid.errors import DomainError
from legalaid.models import User
from legalaid.pdf import pdf_response

from .. import dates, forms, reports, selectors, services
from ..models import (
    Complaint,
    MonthlyBulletin,
    SupervisionPolicy,
)
from .common import form_error, page

# ---------------------------------------------------------------- overview


@login_required
@permission_required("supervision.view_followupvisit", raise_exception=True)
def index(request):
    user, today = request.user, timezone.localdate()
    # The shared figures, as the home page's panels and the deadline board count them (one query).
    shared = figures.counts(["assessment", "visit", "flag", "complaint", "enforcement"], user, today)
    context = {
        "queue_count": shared["assessment"]["total"],
        "visits_due": shared["visit"]["total"],
        "visits_overdue": shared["visit"]["overdue"],
        "stale_count": selectors.stale_cases(user, today).count(),
        "flags_open": shared["flag"]["total"],
        "complaints_open": selectors.complaints_for_user(user).filter(status__in=Complaint.OPEN_STATUSES).count(),
        "complaints_overdue": shared["complaint"]["overdue"],
        "enforcement_count": shared["enforcement"]["total"],
        "bulletins": selectors.bulletins_for_user(user)[:3],
    }
    return render(request, "supervision/index.html", context)


@login_required
@permission_required("supervision.view_followupvisit", raise_exception=True)
def case_page(request, case_pk: int):
    case = case_for_user(request.user, case_pk)
    context = {"case": case, **selectors.case_supervision(request.user, case)}
    context["parties"] = case.parties.select_related("person")
    return render(request, "supervision/case.html", context)


# ---------------------------------------------------------------- stale cases, handler record, bulletins


@login_required
@permission_required("supervision.view_followupvisit", raise_exception=True)
def stale(request):
    today = timezone.localdate()
    return render(
        request,
        "supervision/stale.html",
        {
            "page": page(request, selectors.stale_cases(request.user, today)),
            "days": SupervisionPolicy.for_day(today).stale_case_days,
            "now": timezone.now(),
        },
    )


@login_required
@permission_required("supervision.view_qualityassessment", raise_exception=True)
def handler_record(request, user_pk: int):
    handler = get_object_or_404(User.objects.select_related("profile__organisation"), pk=user_pk)
    if not cases_for_user(request.user).filter(handler=handler).exists():
        raise Http404
    return render(
        request,
        "supervision/handler_record.html",
        {"handler": handler, **selectors.handler_record(request.user, handler)},
    )


@login_required
@permission_required("supervision.view_bulletin", raise_exception=True)
def bulletins(request):
    centres = selectors.centres_for_user(request.user)
    today = timezone.localdate()
    form = forms.BulletinRequestForm(
        request.POST or None,
        centres=centres,
        initial={"month": dates.previous_month(today).strftime("%Y-%m"), "centre": centres.first()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            bulletin = services.bulletin_request(request.user, form.cleaned_data["centre"], form.cleaned_data["month"])
        except DomainError as exc:
            form_error(form, exc)
        else:
            if bulletin is None:
                existing = (
                    selectors.bulletins_for_user(request.user)
                    .filter(organisation=form.cleaned_data["centre"], period=form.cleaned_data["month"])
                    .first()
                )
                messages.info(request, _("该月通报已经生成(或正在生成)，每个中心每月只有一份。"))
                if existing and existing.status == MonthlyBulletin.Status.READY:
                    return redirect("supervision:bulletin", existing.pk)
                return redirect("supervision:bulletins")
            messages.success(request, _("月通报已生成。"))
            return redirect("supervision:bulletin", bulletin.pk)
    return render(
        request,
        "supervision/bulletins.html",
        {"page": page(request, selectors.bulletins_for_user(request.user)), "form": form},
    )


@login_required
@permission_required("supervision.view_bulletin", raise_exception=True)
def bulletin_detail(request, pk: int):
    bulletin = selectors.bulletin_for_user(request.user, pk)
    if bulletin.status != MonthlyBulletin.Status.READY:
        messages.info(request, _("该通报%(status)s。") % {"status": bulletin.get_status_display()})
        return redirect("supervision:bulletins")
    return render(request, "supervision/bulletin.html", {"bulletin": bulletin, "data": bulletin.data})


@login_required
@permission_required("supervision.view_bulletin", raise_exception=True)
def bulletin_pdf(request, pk: int):
    bulletin = selectors.bulletin_for_user(request.user, pk)
    filename = f"案件监督月通报-{bulletin.organisation.name}-{bulletin.period:%Y-%m}.pdf"
    if bulletin.status != MonthlyBulletin.Status.READY:
        raise Http404
    try:
        with bulletin.pdf.open("rb") as stored:
            return pdf_response(filename, stored.read())
    except (FileNotFoundError, ValueError):
        return pdf_response(filename, reports.render_bulletin(bulletin)[1])

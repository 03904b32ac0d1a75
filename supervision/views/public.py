"""The public pages: card rating (no login; the return code is the credential) and the complaint form."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cases.models import Case
from intake import ratelimit
from legalaid.errors import DomainError
from legalaid.kernel import PUBLIC
from legalaid.net import client_ip

from .. import cards as card_pdf
from .. import forms, selectors, services
from .common import form_error

# Answers tried and codes looked up per client address and hour.
RATE_LIMIT_POSTS = 10
RATE_LIMIT_LOOKUPS = 30
HOUR = 3600


def _limited(request, what: str, limit: int) -> bool:
    """A fixed one-hour window per client address, in the shared cache.

    Fails open when the cache is down: the limit only brakes floods here. A return code is one of
    31^8 (about 8.5 × 10^11), so even unlimited guessing during an outage finds nothing, and each
    card takes one answer whatever the rate; refusing instead would turn away every aided person
    rating their lawyer for the length of our outage.
    """
    return ratelimit.limited(
        f"supervision-card-{what}", client_ip(request), limit=limit, window_seconds=HOUR, fail_closed=False
    )


def card_lookup(request):
    form = forms.CodeForm(request.GET or None)
    if form.is_bound and form.is_valid():
        if _limited(request, "lookup", RATE_LIMIT_LOOKUPS):
            return render(request, "supervision/public/limited.html", status=429)
        code = card_pdf.normalise_code(form.cleaned_data["code"])
        if selectors.card_by_code(code):
            return redirect("supervision:card_rate", code)
        form.add_error("code", _("没有找到这个回执码，请核对监督卡上的 8 位回执码。"))
    return render(request, "supervision/public/lookup.html", {"form": form})


def card_rate(request, code: str):
    code = card_pdf.normalise_code(code)
    if request.method == "GET" and _limited(request, "lookup", RATE_LIMIT_LOOKUPS):
        return render(request, "supervision/public/limited.html", status=429)
    card = selectors.card_by_code(code)
    if card is None:
        raise Http404
    context = {"card": card, "code": card_pdf.format_code(code), "centre": card.centre}
    if services.card_response_refusal(card):
        return render(request, "supervision/public/done.html", {**context, "already": True})
    form = forms.CardAnswerForm(request.POST or None)
    if request.method == "POST":
        if _limited(request, "answer", RATE_LIMIT_POSTS):
            return render(request, "supervision/public/limited.html", status=429)
        if form.is_valid():
            try:
                services.card_response_submit(card, actor=PUBLIC, **form.cleaned_data)
            except DomainError as exc:
                card.refresh_from_db()
                if services.card_response_refusal(card):
                    return render(request, "supervision/public/done.html", {**context, "already": True})
                form_error(form, exc)
            else:
                return render(request, "supervision/public/done.html", context)
    return render(request, "supervision/public/rate.html", {**context, "form": form})


# Complaints filed per client address and hour: a person with a grievance files one or two.
RATE_LIMIT_COMPLAINTS = 5


def complaint_public(request):
    """The public complaint form (no login, no captcha; rate-limited per client address)."""
    initial = {}
    if request.GET.get("centre", "").isdigit():
        initial["centre"] = int(request.GET["centre"])
    form = forms.PublicComplaintForm(request.POST or None, initial=initial)
    if request.method == "POST":
        # Fails open like the rating pages: during a cache outage a complainant is heard, not turned away.
        if ratelimit.limited(
            "supervision-complaint",
            client_ip(request),
            limit=RATE_LIMIT_COMPLAINTS,
            window_seconds=HOUR,
            fail_closed=False,
        ):
            return render(request, "supervision/public/limited.html", status=429)
        if form.is_valid():
            data = dict(form.cleaned_data)
            number = data.pop("case_number")
            case = None
            if number:
                case = selectors.case_by_number(Case.objects.select_related("centre"), number)
                if case is None:
                    form.add_error("case_number", _("没有找到这个案号，请核对法律援助通知书上的案号；也可以不填。"))
            if not form.errors:
                centre = data.pop("centre")
                try:
                    complaint = services.complaint_submit_public(
                        centre=case.centre if case else centre, case=case, **data
                    )
                except DomainError as exc:
                    form_error(form, exc)
                else:
                    return render(request, "supervision/public/complaint_done.html", {"complaint": complaint})
    return render(request, "supervision/public/complaint.html", {"form": form})

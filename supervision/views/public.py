"""The public card-rating pages (no login; the return code is the credential)."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

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
        form.add_error("code", _("没有找到这个回执码,请核对监督卡上的 8 位回执码。"))
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

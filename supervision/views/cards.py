"""Quality supervision cards for staff: the list, PDFs, print runs, return rates and paper returns."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from legalaid.errors import DomainError
from legalaid.exports import export_response
from legalaid.pdf import pdf_response

from .. import cards as card_pdf
from .. import forms, selectors, services
from ..exports import card_period
from .common import form_error, page

# ---------------------------------------------------------------- cards


@login_required
@permission_required("supervision.view_supervisioncard", raise_exception=True)
def cards(request):
    form, start, end, centre = card_period(request.user, request.GET or None)
    queryset = selectors.cards_for_period(request.user, start, end, centre.pk if centre else None)
    return render(
        request,
        "supervision/cards.html",
        {
            "form": form,
            "page": page(request, queryset.select_related("handler", "handler_organisation")),
            "rates": selectors.card_return_rates(request.user, start, end),
            "start": start,
            "end": end,
            "centre": centre,
            "batches": selectors.card_batches_for_user(request.user)[:5]
            if request.user.has_perm("supervision.print_cards")
            else [],
        },
    )


@login_required
@permission_required("supervision.view_supervisioncard", raise_exception=True)
def card_pdf_view(request, pk: int):
    card = selectors.card_for_user(request.user, pk)
    if card.pdf:
        try:
            with card.pdf.open("rb") as stored:
                return pdf_response(f"质量监督卡-{card.case.number}.pdf", stored.read())
        except FileNotFoundError:
            pass  # the stored copy is gone: print it afresh, the same card and code
    filename, content = card_pdf.render_card(card)
    return pdf_response(filename, content)


@login_required
@permission_required("supervision.print_cards", raise_exception=True)
@require_POST
def card_batch(request):
    """Queue a print run of the period's cards; the list below the form shows it when it is ready."""
    form, start, end, centre = card_period(request.user, request.POST)
    if form.is_bound and not form.is_valid():
        messages.error(
            request,
            _("请检查打印期间：%(errors)s") % {"errors": "".join(e for errors in form.errors.values() for e in errors)},
        )
        return redirect("supervision:cards")
    try:
        batch = services.card_batch_request(request.user, start=start, end=end, centre=centre)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        batch.refresh_from_db()
        if batch.status == batch.Status.READY:
            messages.success(request, _("已生成 %(count)s 张监督卡的 PDF。") % {"count": batch.card_count})
        else:
            messages.info(
                request, _("正在生成 %(count)s 张监督卡的 PDF，完成后可在本页下载。") % {"count": batch.card_count}
            )
    # Back to the period just printed: only its own fields, never the rest of the POST (the CSRF token).
    period = {name: request.POST[name] for name in forms.PeriodForm.base_fields if request.POST.get(name)}
    return redirect(f"{reverse('supervision:cards')}?{urlencode(period)}")


@login_required
@permission_required("supervision.print_cards", raise_exception=True)
def card_batch_pdf(request, pk: int):
    batch = selectors.card_batch_for_user(request.user, pk)
    if batch.status != batch.Status.READY:
        raise Http404
    with batch.pdf.open("rb") as stored:
        return pdf_response(f"质量监督卡-{batch.start:%Y%m%d}-{batch.end:%Y%m%d}.pdf", stored.read())


@login_required
def card_rates_xlsx(request):
    """The return rates' older export address, now served by the one list-export registry."""
    return export_response(request, "supervision.card_rates")


@login_required
@permission_required("supervision.enter_card_return", raise_exception=True)
def card_enter(request):
    """Staff enter a returned paper card: first the code, then the answers ticked on it."""
    code_form = forms.CodeForm(request.GET or None)
    card = None
    if code_form.is_bound and code_form.is_valid():
        code = card_pdf.normalise_code(code_form.cleaned_data["code"])
        card = selectors.cards_for_user(request.user).filter(return_code=code).first()
        if card is None:
            code_form.add_error("code", _("没有找到这个回执码的监督卡(或不在您的管辖范围内)。"))
        elif hasattr(card, "response"):
            code_form.add_error(
                "code",
                _("回执码 %(code)s 的监督卡已于 %(date)s 评价过。")
                % {
                    "code": card_pdf.format_code(code),
                    "date": f"{timezone.localtime(card.response.submitted_at):%Y-%m-%d}",
                },
            )
            card = None
    form = None
    if card is not None:
        form = forms.PaperCardForm(request.POST or None, initial={"submitted_on": timezone.localdate()})
        if request.method == "POST" and form.is_valid():
            try:
                services.card_response_submit(card, actor=request.user, **form.cleaned_data)
            except DomainError as exc:
                form_error(form, exc)
            else:
                messages.success(
                    request, _("监督卡 %(code)s 已登记。") % {"code": card_pdf.format_code(card.return_code)}
                )
                return redirect("supervision:card_enter")
    return render(request, "supervision/card_enter.html", {"code_form": code_form, "card": card, "form": form})

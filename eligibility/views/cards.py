"""Legal-aid cards: the centre's list, issuing, revoking, printing, and the check of a holder's card."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from intake.ratelimit import limited
from legalaid.audit.services import Kind, log_access
from legalaid.errors import DomainError
from legalaid.kernel import history_rows
from legalaid.models import Organisation
from legalaid.paginators import ListPaginator
from legalaid.pdf import pdf_response
from legalaid.selectors import user_profile, visible_organisations
from legalaid.validators import mask_id_number

from .. import documents, forms, selectors, services
from ..exports import cards_listed
from .common import form_error

# Checks per user per hour, as for intake's ID-number look-up: a busy desk's day, too few to walk ID numbers
# (fails closed when the cache is down: the limit is what stands between a guesser and the card holders).
CHECK_LIMIT = (30, 3600)


def _issuing_centres(user):
    return visible_organisations(user).filter(kind__in=Organisation.CENTRE_KINDS).order_by("path")


@login_required
@permission_required("eligibility.view_legalaidcard", raise_exception=True)
def card_list(request):
    """The cards of the user's centres, and a check of any centre's card by its holder's ID number."""
    check = forms.CardCheckForm(request.GET if "holder_id_number" in request.GET else None)
    answers, status = None, 200
    if check.is_valid() and limited(
        "card-check", str(request.user.pk), limit=CHECK_LIMIT[0], window_seconds=CHECK_LIMIT[1], fail_closed=True
    ):
        check.add_error("holder_id_number", _("操作过于频繁"))
        status = 429
    elif check.is_valid():
        answers = selectors.card_check(
            request.user, check.cleaned_data["holder_id_number"], check.cleaned_data["card_number"]
        )
        log_access(
            request,
            kind=Kind.LOOKUP,
            subject=mask_id_number(check.cleaned_data["holder_id_number"]),
            detail=_("法律援助卡查验：%(count)s 张") % {"count": len(answers)},
        )
    page = ListPaginator(cards_listed(request.user), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "eligibility/card_list.html",
        {
            "check": check,
            "answers": answers,
            "page": page,
            "can_issue": request.user.has_perm("eligibility.add_legalaidcard")
            and _issuing_centres(request.user).exists(),
        },
        status=status,
    )


@login_required
@permission_required("eligibility.add_legalaidcard", raise_exception=True)
@require_http_methods(["GET", "POST"])
def card_issue(request):
    centres = list(_issuing_centres(request.user))
    profile = user_profile(request.user)
    initial = {"issuing_centre": profile.organisation.pk} if profile else {}
    form = forms.CardForm(request.POST or None, centres=centres, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        centre = next(c for c in centres if str(c.pk) == data.pop("issuing_centre"))
        try:
            card = services.card_issue(actor=request.user, centre=centre, **data)
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("已发放法律援助卡 %(number)s。") % {"number": card.number})
            return redirect("eligibility:card_detail", pk=card.pk)
    return render(request, "eligibility/card_form.html", {"form": form})


@login_required
@permission_required("eligibility.view_legalaidcard", raise_exception=True)
def card_detail(request, pk: int):
    card = selectors.card_for_user(request.user, pk)
    return render(
        request,
        "eligibility/card_detail.html",
        {
            "card": card,
            "claims": card.claims.select_related("assessment__application").order_by("-pk")[:20],
            "can_revoke": request.user.has_perm("eligibility.revoke_legalaidcard")
            and services.card_revoke_refusal(card) is None,
            "transitions": history_rows(card),
            "today": timezone.localdate(),
        },
    )


@login_required
@permission_required("eligibility.revoke_legalaidcard", raise_exception=True)
@require_http_methods(["GET", "POST"])
def card_revoke(request, pk: int):
    card = selectors.card_for_user(request.user, pk)
    form = forms.CardRevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.card_revoke(card, actor=request.user, reason=form.cleaned_data["reason"])
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("法律援助卡 %(number)s 已注销。") % {"number": card.number})
            return redirect("eligibility:card_detail", pk=card.pk)
    return render(request, "eligibility/card_revoke.html", {"card": card, "form": form})


@login_required
@permission_required("eligibility.view_legalaidcard", raise_exception=True)
def card_pdf(request, pk: int):
    filename, content = documents.render_card(selectors.card_for_user(request.user, pk))
    return pdf_response(filename, content)

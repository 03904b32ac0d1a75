"""Pre-provision (先行提供, LAL 44): an urgent application's case opened before the decision."""

from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from legalaid.errors import DomainError
from legalaid.paginators import ListPaginator

from .. import forms, selectors, services
from .common import done


@login_required
@permission_required("cases.open_case", raise_exception=True)
def pre_provision_queue(request):
    """Urgent applications not yet decided: the centre may open the case and assign now."""
    page = ListPaginator(selectors.applications_to_pre_provide(request.user), 25).get_page(request.GET.get("page"))
    for application in page:
        # The button only where the service would accept it (the same predicate).
        application.pre_provision_refusal = services.pre_provision_refusal(application, request.user)
    return render(request, "cases/open_pre_provision_queue.html", {"page": page, "today": timezone.localdate()})


@login_required
@permission_required("cases.open_case", raise_exception=True)
def open_pre_provision(request, application_pk: int):
    from intake.selectors import application_for_user

    application = application_for_user(request.user, application_pk)
    refusal = services.pre_provision_refusal(application, request.user)
    form = forms.PreProvisionForm(
        request.POST or None,
        initial={"summary": application.facts},
        needs_reason=not application.pre_provision_at,
    )
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_open_pre_provision(application, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            forms.apply_domain_error(form, error)
        else:
            return done(
                request,
                case,
                _("已先行提供法律援助并立案，案号 %(number)s。请在 %(due)s 前指派承办人；审查决定随后作出。")
                % {"number": case.number, "due": case.assignment_due.isoformat()},
            )
    return render(
        request,
        "cases/open_pre_provision.html",
        {"form": form, "application": application, "refusal": refusal},
    )

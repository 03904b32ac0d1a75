"""What the case views share: loading a case through the user's selector, and the one-form action page."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone

from legalaid.errors import DomainError

from .. import deadlines, forms, selectors
from ..models import Case


def done(request, case: Case, message: str):
    messages.success(request, message)
    return redirect("cases:case_detail", case.pk)


def load_case(request, pk: int) -> Case:
    return selectors.case_for_user(request.user, pk)


def simple_action(request, case, form, template, title, call, success, **extra):
    """A page with one form that calls one service; its refusal becomes a form error."""
    if request.method == "POST" and form.is_valid():
        try:
            call(form.cleaned_data)
        except DomainError as error:
            forms.apply_domain_error(form, error)
        else:
            return done(request, case, success)
    return render(request, template, {"case": case, "form": form, "title": title, **extra})


def urgency(due):
    return deadlines.urgency(due, timezone.localdate())

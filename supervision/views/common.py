"""What every supervision view shares: a domain refusal shown on its form, and pagination."""

from django.core.paginator import Paginator

from legalaid.errors import DomainError


def form_error(form, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def page(request, queryset, per_page=30):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))

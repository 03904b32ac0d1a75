"""What every supervision view shares: a domain refusal shown on its form, and pagination."""

from legalaid.errors import DomainError
from legalaid.paginators import ListPaginator


def form_error(form, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def page(request, queryset, per_page=30):
    return ListPaginator(queryset, per_page).get_page(request.GET.get("page"))

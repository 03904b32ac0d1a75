"""The centre's review queue and the list of applications."""

from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import render
from django.utils import timezone

from legalaid.paginators import ListPaginator, paginator_for_search

from .. import rules, selectors
from ..exports import applications_filtered, review_queue_tab
from ..models import Application
from .common import PAGE_SIZE

Status = Application.Status


@login_required
@permission_required("intake.view_application", raise_exception=True)
def review_queue(request):
    """The centre's review queue: urgent first, then by decision due date."""
    today = timezone.localdate()
    view = review_queue_tab(request.GET)
    counts = selectors.queue_counts(request.user, today)
    queue = selectors.review_queue_rows(request.user, view=view, today=today, counts=counts)
    page = ListPaginator(queue, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(application, rules.clock_state(application, today)) for application in page]
    return render(
        request,
        "intake/queue.html",
        {
            "page": page,
            "rows": rows,
            "view": view,
            "counts": counts,
            "today": today,
        },
    )


@login_required
@permission_required("intake.view_application", raise_exception=True)
def application_list(request):
    status, query, applications = applications_filtered(request.user, request.GET)
    page = paginator_for_search(query)(applications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "intake/application_list.html",
        {"page": page, "status": status, "q": query, "statuses": Status.choices},
    )

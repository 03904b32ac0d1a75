"""The centre's review queue and the list of applications."""

from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from .. import rules, selectors
from ..models import Application
from .common import PAGE_SIZE

Status = Application.Status


@login_required
@permission_required("intake.view_application", raise_exception=True)
def review_queue(request):
    """The centre's review queue: urgent first, then by decision due date."""
    view = request.GET.get("view", "review")
    if view not in selectors.QUEUE_VIEWS:
        view = "review"
    today = timezone.localdate()
    page = Paginator(selectors.review_queue(request.user, view=view, today=today), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [(application, rules.clock_state(application, today)) for application in page]
    return render(
        request,
        "intake/queue.html",
        {
            "page": page,
            "rows": rows,
            "view": view,
            "counts": selectors.queue_counts(request.user, today),
            "today": today,
        },
    )


@login_required
@permission_required("intake.view_application", raise_exception=True)
def application_list(request):
    status = request.GET.get("status", "")
    if status not in Status.values:
        status = ""
    query = request.GET.get("q", "").strip()
    applications = selectors.application_list(request.user, status=status, query=query)
    page = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "intake/application_list.html",
        {"page": page, "status": status, "q": query, "statuses": Status.choices},
    )

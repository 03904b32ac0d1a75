"""The director's view of the access log, filtered by kind, user name and date (the filter its export reads too)."""

from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import render

from ..models import AccessRecord
from ..paginators import ListPaginator
from .exports import access_log_filtered


@login_required
@permission_required("legalaid.view_accessrecord", raise_exception=True)
def access_log(request):
    shown, records = access_log_filtered(request.user, request.GET)
    page = ListPaginator(records, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "kinds": AccessRecord.Kind.choices,
        "kind": shown.kind,
        "who": shown.who,
        "start": shown.start.isoformat() if shown.start else "",
        "end": shown.end.isoformat() if shown.end else "",
    }
    return render(request, "audit/access_log.html", context)

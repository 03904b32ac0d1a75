"""The director's view of the access log, filtered by kind, user name and date."""

from datetime import date

from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.db.models.functions import Concat
from django.shortcuts import render

from ..models import AccessRecord
from .selectors import access_records_for_user


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None


@login_required
@permission_required("legalaid.view_accessrecord", raise_exception=True)
def access_log(request):
    records = access_records_for_user(request.user)
    kind = request.GET.get("kind", "")
    if kind in AccessRecord.Kind.values:
        records = records.filter(kind=kind)
    who = request.GET.get("who", "").strip()[:40]
    if who:
        records = records.annotate(full_name=Concat("user__last_name", "user__first_name")).filter(
            Q(full_name__contains=who) | Q(user__username=who)
        )
    start, end = _day(request.GET.get("start", "")), _day(request.GET.get("end", ""))
    if start:
        records = records.filter(at__date__gte=start)
    if end:
        records = records.filter(at__date__lte=end)
    page = Paginator(records.order_by("-at", "-pk"), 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "kinds": AccessRecord.Kind.choices,
        "kind": kind,
        "who": who,
        "start": start.isoformat() if start else "",
        "end": end.isoformat() if end else "",
    }
    return render(request, "audit/access_log.html", context)

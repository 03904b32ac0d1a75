"""The monthly supervision bulletin (月通报): figures per firm and handler, on screen and as PDF.

Every figure is an SQL aggregate grouped by handler; firms are sums of their handlers.
The data is stored on the bulletin as it was computed, so a bulletin re-renders exactly.
"""

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.db.models import Avg, Count, Q
from django.utils import timezone

from cases.models import Case
from legalaid.models import Organisation
from legalaid.pdf import render_pdf

from . import dates
from .models import Complaint, FollowUpVisit, QualityAssessment, QualityGrade, SupervisionCard, SupervisionFlag

METRICS = (
    "closed",
    "assessed",
    "score_sum",
    "fails",
    "complaints",
    "satisfaction_sum",
    "visits",
    "cards_issued",
    "cards_returned",
    "overdue",
)


def _bounds(period: date) -> tuple[date, date, datetime, datetime]:
    first, last = dates.month_bounds(period)
    tz = timezone.get_current_timezone()
    start = datetime.combine(first, time.min, tzinfo=tz)
    end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=tz)
    return first, last, start, end


def _by_handler(queryset, field: str, **annotations) -> dict[int, dict]:
    return {row[field]: row for row in queryset.values(field).annotate(**annotations).order_by()}


def bulletin_data(centre: Organisation, period: date) -> dict:
    first, last, start, end = _bounds(period)
    cases = Case.objects.filter(centre=centre)
    closed = _by_handler(
        cases.filter(closed_at__gte=start, closed_at__lt=end, handler__isnull=False), "handler_id", n=Count("pk")
    )
    assessed = _by_handler(
        QualityAssessment.objects.filter(
            centre=centre, status=QualityAssessment.Status.FINALISED, finalised_at__gte=start, finalised_at__lt=end
        ),
        "handler_id",
        n=Count("pk"),
        avg=Avg("percent"),
        fails=Count("pk", filter=Q(grade=QualityGrade.FAIL)),
    )
    complaints = _by_handler(
        Complaint.objects.filter(centre=centre, handler__isnull=False, received_on__gte=first, received_on__lte=last),
        "handler_id",
        n=Count("pk"),
    )
    visits = _by_handler(
        FollowUpVisit.objects.filter(
            centre=centre,
            status=FollowUpVisit.Status.DONE,
            satisfaction__isnull=False,
            performed_on__gte=first,
            performed_on__lte=last,
        ),
        "handler_id",
        n=Count("pk"),
        avg=Avg("satisfaction"),
    )
    cards = _by_handler(
        SupervisionCard.objects.filter(centre=centre, issued_at__gte=start, issued_at__lt=end),
        "handler_id",
        n=Count("pk"),
        returned=Count("pk", filter=Q(response__isnull=False)),
    )
    # Deadlines missed and still open at the month's end: agreement not signed, closing not submitted.
    overdue = _by_handler(
        cases.filter(handler__isnull=False).filter(
            Q(status__in=Case.HANDLING, agreement_signed_on__isnull=True, agreement_due__lte=last)
            | Q(status__in=(*Case.HANDLING, Case.Status.TERMINATED), closing_due__lte=last)
        ),
        "handler_id",
        n=Count("pk"),
    )
    handler_ids = set().union(closed, assessed, complaints, visits, cards, overdue)
    handlers = {
        user.pk: user
        for user in _handler_users(handler_ids).select_related("profile__organisation").order_by("last_name")
    }

    rows = []
    for handler_id in handler_ids:
        user = handlers.get(handler_id)
        if user is None:
            continue
        firm = user.profile.organisation.name if hasattr(user, "profile") else "—"
        a, v, c = assessed.get(handler_id, {}), visits.get(handler_id, {}), cards.get(handler_id, {})
        rows.append(
            {
                "handler": user.get_full_name() or user.username,
                "firm": firm,
                "closed": closed.get(handler_id, {}).get("n", 0),
                "assessed": a.get("n", 0),
                "score_sum": float((a.get("avg") or 0) * a.get("n", 0)),
                "fails": a.get("fails", 0),
                "complaints": complaints.get(handler_id, {}).get("n", 0),
                "visits": v.get("n", 0),
                "satisfaction_sum": float((v.get("avg") or 0) * v.get("n", 0)),
                "cards_issued": c.get("n", 0),
                "cards_returned": c.get("returned", 0),
                "overdue": overdue.get(handler_id, {}).get("n", 0),
            }
        )
    rows.sort(key=lambda row: (row["firm"], row["handler"]))
    firms: dict[str, dict] = defaultdict(lambda: dict.fromkeys(METRICS, 0))
    for row in rows:
        for key in METRICS:
            firms[row["firm"]][key] += row[key]
    totals = dict.fromkeys(METRICS, 0)
    for row in rows:
        for key in METRICS:
            totals[key] += row[key]
    return {
        "centre": centre.name,
        "period": first.strftime("%Y-%m"),
        "period_label": f"{first.year}年{first.month}月",
        "computed_at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
        "handlers": [_finish(row) for row in rows],
        "firms": [_finish({"firm": name, **values}) for name, values in sorted(firms.items())],
        "totals": _finish(totals),
        "open_flags": SupervisionFlag.objects.filter(centre=centre, status=SupervisionFlag.Status.OPEN).count(),
        "complaints_against_centre": Complaint.objects.filter(
            centre=centre, target=Complaint.Target.CENTRE, received_on__gte=first, received_on__lte=last
        ).count(),
    }


def _handler_users(ids):
    from legalaid.models import User

    return User.objects.filter(pk__in=ids)


def _finish(row: dict) -> dict:
    """Averages and rates from the sums (kept as sums so firms and totals add up exactly)."""
    row = dict(row)
    row["average_score"] = round(row["score_sum"] / row["assessed"], 1) if row["assessed"] else None
    row["satisfaction"] = round(row["satisfaction_sum"] / row["visits"], 2) if row["visits"] else None
    row["return_rate"] = round(row["cards_returned"] * 100 / row["cards_issued"], 1) if row["cards_issued"] else None
    return row


def render_bulletin(bulletin) -> tuple[str, bytes]:
    data = bulletin.data
    content = render_pdf("supervision/pdf/bulletin.html", {"data": data})
    return f"案件监督月通报-{data['centre']}-{data['period']}.pdf", content

"""The access log's export in the one list-export registry, and the log's filter that the page and the export
both read: kind, the viewer's name or user name, and the dates."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.db.models.functions import Concat
from django.http import QueryDict
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from ..exports import ListExport, register_list_export
from ..models import AccessRecord
from .selectors import access_records_for_user


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None


@dataclass(frozen=True)
class AccessLogFilter:
    kind: str
    who: str
    start: date | None
    end: date | None


def access_log_filtered(user, params: QueryDict) -> tuple[AccessLogFilter, QuerySet[AccessRecord]]:
    """The filter as the page shows it back (an unknown kind or a malformed date ignored) and the records it
    selects, newest first."""
    kind = params.get("kind", "")
    shown = AccessLogFilter(
        kind=kind if kind in AccessRecord.Kind.values else "",
        who=params.get("who", "").strip()[:40],
        start=_day(params.get("start", "")),
        end=_day(params.get("end", "")),
    )
    records = access_records_for_user(user)
    if shown.kind:
        records = records.filter(kind=shown.kind)
    if shown.who:
        records = records.annotate(full_name=Concat("user__last_name", "user__first_name")).filter(
            Q(full_name__contains=shown.who) | Q(user__username=shown.who)
        )
    if shown.start:
        records = records.filter(at__date__gte=shown.start)
    if shown.end:
        records = records.filter(at__date__lte=shown.end)
    return shown, records.order_by("-at", "-pk")


def _records(user, params: QueryDict):
    return access_log_filtered(user, params)[1]


register_list_export(
    ListExport(
        identifier="legalaid.access_log",
        title=_("个人信息访问记录"),
        permission="legalaid.view_accessrecord",
        records=_records,
        filters=("kind", "who", "start", "end"),
        columns=(
            (_("时间"), lambda r: localtime(r.at).strftime("%Y-%m-%d %H:%M:%S")),
            (_("查看人"), lambda r: str(r.user) if r.user_id else ""),
            (_("机构"), lambda r: r.organisation.name if r.organisation_id else ""),
            (_("类型"), lambda r: r.get_kind_display()),
            (_("涉及对象"), lambda r: r.subject),  # written masked, as the page shows it
            (_("内容"), lambda r: r.detail),
            (_("来源地址"), lambda r: r.address or ""),
        ),
    )
)

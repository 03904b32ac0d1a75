"""A user's batch print runs in the one list-export registry: the batch page's list (their own latest runs),
open to whoever may print some kind in a batch, as the page is."""

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ..exports import ListExport, local_minute, register_list_export
from ..models import DocumentBatch
from . import registry, services

BATCHES_SHOWN = 20


def batches_listed(user) -> QuerySet[DocumentBatch]:
    """The user's latest print runs, newest first: the batch page and its export."""
    return DocumentBatch.objects.filter(requested_by=user).order_by("-requested_at", "-pk")[:BATCHES_SHOWN]


def kind_title(code: str) -> str:
    try:
        return str(registry.kind(code).title)
    except LookupError:  # a kind no longer registered: its code, as the page shows it
        return code


register_list_export(
    ListExport(
        identifier="documents.batches",
        title=_("文书批量打印"),
        permission="",
        allowed=lambda user: bool(services.batchable_kinds(user)),
        records=lambda user, params: batches_listed(user),
        columns=(
            (_("申请时间"), lambda b: local_minute(b.requested_at)),
            (_("文书种类"), lambda b: kind_title(b.kind)),
            (_("日期自"), lambda b: b.start.isoformat()),
            (_("日期至"), lambda b: b.end.isoformat()),
            (_("份数"), lambda b: b.document_count),
            (_("状态"), lambda b: b.get_status_display()),
        ),
    )
)

"""Reads of the archive, scoped through the cases selector (a user sees the archives of the cases they may see)."""

from django.db.models import QuerySet

from legalaid.documents import registry
from legalaid.documents.registry import DocumentState

from ..models import Case, CaseArchive, CooperationRequest
from ..selectors import cases_for_user
from . import catalogue, services


def archives_for_user(user) -> QuerySet[CaseArchive]:
    return CaseArchive.objects.filter(case__in=cases_for_user(user)).select_related("case", "centre")


def case_file(case: Case, user) -> dict:
    """The 卷宗 page: every document of the file with its state, the scans, the archive and whether it may be made."""
    documents = []
    for record, own in catalogue.file_records(case):
        subject = registry.subject(record)
        # A print link only where the documents' own view will open it (a handler or a firm manager may see
        # the case but not the application's intake record).
        printable = (not subject.permission or user.has_perm(subject.permission)) and subject.selector(user).filter(
            pk=record.pk
        ).exists()
        issued = registry.issued_documents(record)
        for kind, state, reason in registry.documents_of(record):
            # Of another centre's record only what it has issued (its reply) belongs here.
            if state == DocumentState.NOT_APPLICABLE or (not own and state != DocumentState.EXISTS):
                continue
            documents.append(
                {
                    "kind": kind,
                    "state": state,
                    "label": DocumentState(state).label,
                    "reason": reason,
                    "record": record,
                    # A case may ask several centres: their letters are told apart by the other centre.
                    "party": record.counterpart_name if isinstance(record, CooperationRequest) and own else "",
                    "subject_key": subject.key,
                    "printable": printable and registry.is_printable(kind, state, issued),
                }
            )
    archive = getattr(case, "archive", None)
    may_archive = user.has_perm("cases.archive_case")
    return {
        "documents": documents,
        "scans": catalogue.scans(case),
        "archive": archive,
        "entries": list(archive.entries.order_by("order")) if archive else [],
        "may_archive": may_archive,
        # The button shows by the rule the service applies; its reason is shown to those who may archive.
        "archive_refusal": services.archive_refusal(case, user) if may_archive and archive is None else None,
    }

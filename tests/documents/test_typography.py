"""The typography of official texts: full-width punctuation in prose, Chinese dates, amounts."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template

from legalaid.documents.typography import amount_figures, amount_in_capitals, chinese_date, mask_id, prose

CAPITALS = {
    "0": "人民币零元整",
    "0.05": "人民币伍分",
    "0.55": "人民币伍角伍分",
    "10": "人民币壹拾元整",
    "15": "人民币壹拾伍元整",
    "20.5": "人民币贰拾元零伍角",
    "100.5": "人民币壹佰元零伍角",
    "325.04": "人民币叁佰贰拾伍元零肆分",
    "1005.5": "人民币壹仟零伍元伍角",
    "1010": "人民币壹仟零壹拾元整",
    "1409.50": "人民币壹仟肆佰零玖元伍角",
    "1680.32": "人民币壹仟陆佰捌拾元零叁角贰分",
    "6007.14": "人民币陆仟零柒元壹角肆分",
    "10050": "人民币壹万零伍拾元整",
    "12000": "人民币壹万贰仟元整",
    "12000.07": "人民币壹万贰仟元零柒分",
    "23000": "人民币贰万叁仟元整",
    "100000": "人民币壹拾万元整",
    "100500": "人民币壹拾万零伍佰元整",
    "107000.53": "人民币壹拾万柒仟元零伍角叁分",
    "1000005": "人民币壹佰万零伍元整",
    "10000000": "人民币壹仟万元整",
    "100000005": "人民币壹亿零伍元整",
    "123456789.12": "人民币壹亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖元壹角贰分",
}


@pytest.mark.parametrize(("figures", "words"), CAPITALS.items())
def test_amount_in_capitals(figures, words):
    assert amount_in_capitals(Decimal(figures)) == words


def test_amount_rounds_to_the_fen_and_refuses_negative_amounts():
    assert amount_in_capitals(Decimal("12.345")) == "人民币壹拾贰元叁角伍分"
    with pytest.raises(ValueError):
        amount_in_capitals(Decimal("-1"))


def test_amount_figures():
    assert amount_figures(Decimal("12000")) == "12,000.00元"
    assert amount_figures(Decimal("1234567.891")) == "1,234,567.89元"
    assert amount_figures(Decimal("0")) == "0.00元"


def test_chinese_date():
    assert chinese_date(date(2026, 11, 30)) == "2026年11月30日"
    assert chinese_date(date(2026, 1, 5)) == "2026年1月5日"
    # 20:00 UTC on 30 November is already 1 December in Shanghai.
    assert chinese_date(datetime(2026, 11, 30, 20, 0, tzinfo=ZoneInfo("UTC"))) == "2026年12月1日"
    assert chinese_date(None) == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("申请人系进城务工人员,申请支付劳动报酬", "申请人系进城务工人员，申请支付劳动报酬"),
        ("老年人、残疾人;符合条件", "老年人、残疾人；符合条件"),
        ("理由:经审查", "理由：经审查"),
        ("是否同意?请答复!", "是否同意？请答复！"),
        ("申请人(残疾二级)", "申请人（残疾二级）"),
        ("标的额(12,000.00元);另", "标的额（12,000.00元）；另"),
        ('所谓"欠薪"问题', "所谓“欠薪”问题"),
        ("金额12,000.00元", "金额12,000.00元"),
        ("上午09:30到达", "上午09:30到达"),
        ("Hello, world (yes): ok", "Hello, world (yes): ok"),
        ("经审查, 符合条件", "经审查，符合条件"),
        ("吉𠮷,龑", "吉𠮷，龑"),
        ("申请人(Zhang San)到场", "申请人（Zhang San）到场"),
    ],
)
def test_prose(text, expected):
    assert prose(text) == expected
    assert prose(expected) == expected  # idempotent


def test_mask_id_uses_the_sites_rule():
    assert mask_id("340422198005170011") == "340422********0011"
    assert mask_id("") == ""


def test_filters():
    rendered = Template(
        "{% load official %}{{ day|cn_date }}|{{ money|capitals }}|{{ money|yuan }}|{{ text|prose }}|{{ id|masked_id }}"
    ).render(
        Context(
            {
                "day": date(2026, 11, 30),
                "money": Decimal("12000"),
                "text": "甲,乙<b>",
                "id": "340422198005170011",
            }
        )
    )
    assert rendered == "2026年11月30日|人民币壹万贰仟元整|12,000.00元|甲，乙&lt;b&gt;|340422********0011"

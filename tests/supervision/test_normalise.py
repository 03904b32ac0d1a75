"""Input typed on a Chinese keyboard: case numbers with any brackets, instalment lines with "，"."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from supervision import normalise
from supervision.models import Complaint, EnforcementWatch

CANONICAL = "〔2026〕皖0422法援民字第0012号"


@pytest.mark.parametrize(
    "typed",
    [
        "〔2026〕皖0422法援民字第0012号",
        "(2026)皖0422法援民字第0012号",
        "（2026）皖0422法援民字第0012号",
        "[2026]皖0422法援民字第0012号",
        "【2026】皖0422法援民字第0012号",
        "［２０２６］皖０４２２法援民字第００１２号",
        "﹝2026﹞ 皖0422法援民字第0012号 ",
        "〖2026〗皖0422\u3000法援民字第0012号",
    ],
)
def test_case_number_brackets_and_digits(typed):
    assert normalise.case_number(typed) == CANONICAL


def test_case_number_variants_cover_each_pattern_bracket():
    variants = normalise.case_number_variants("【2026】x1号")
    assert variants[0] == "〔2026〕x1号"
    assert {"(2026)x1号", "（2026）x1号", "[2026]x1号", "【2026】x1号"} <= set(variants)
    assert normalise.case_number_variants("  ") == []


@pytest.mark.parametrize(
    "typed",
    [
        "2026-05-31,5000",
        "2026-05-31，5000",
        "２０２６－０５－３１，５０００",
        "2026-05-31、5000元",
        " 2026-05-31\t5000 ",
    ],
)
def test_instalment_line(typed):
    assert normalise.instalment_line(typed) == "2026-05-31,5000"


def test_complaint_case_number_found_whatever_brackets(case, network, as_alice):
    typed = normalise.case_number(case.number).replace("〔", "（").replace("〕", "）")
    typed = typed.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    response = as_alice.post(
        reverse("supervision:complaint_new"),
        {
            "centre": network.centre.pk,
            "target": "handler",
            "complainant_kind": "aided_person",
            "complainant_name": "李四",
            "channel": "visit",
            "received_on": "2026-03-10",
            "summary": "收费",
            "case_number": typed,
        },
    )
    assert response.status_code == 302
    assert Complaint.objects.get().case == case


def test_schedule_accepts_full_width_commas(case, as_alice):
    response = as_alice.post(
        reverse("supervision:enforcement_new", args=[case.pk]),
        {
            "instrument": "judgment",
            "instrument_number": "(2026)皖0422民初1号",
            "effective_on": "2026-03-01",
            "obligor": "某公司",
            "schedule": "２０２６－０５－３１，５０００\n2026-08-31，3000.50元",
        },
    )
    assert response.status_code == 302
    watch = EnforcementWatch.objects.get()
    assert [(i.due_date, i.amount) for i in watch.instalments.order_by("due_date")] == [
        (date(2026, 5, 31), Decimal("5000")),
        (date(2026, 8, 31), Decimal("3000.50")),
    ]

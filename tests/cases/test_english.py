"""The cases catalogue is complete and compiled, and refusals and labels read in English."""

import gettext
import re
from pathlib import Path

import pytest
from django.utils import translation

from cases import deadlines, services
from legalaid.errors import DomainError
from tests.cases.factories import notification_case
from tests.legalaid.test_english import _entries

CATALOGUE = Path(__file__).resolve().parents[2] / "cases/locale/en/LC_MESSAGES/django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[-0-9.]*[sdf]|%[sd]|\{\w+(?::[^}]*)?\}")


def test_catalogue_complete_placeholders_kept_and_compiled():
    entries = [entry for entry in _entries(CATALOGUE.read_text(encoding="utf-8")) if entry[0]]
    assert len(entries) > 600
    assert [msgid for msgid, strs, flags in entries if not all(s.strip() for s in strs) or "fuzzy" in flags] == []
    wrong = [
        msgid
        for msgid, strs, _flags in entries
        if any(set(PLACEHOLDER.findall(s)) != set(PLACEHOLDER.findall(msgid)) for s in strs)
    ]
    assert wrong == []
    with CATALOGUE.with_suffix(".mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    assert [msgid for msgid, strs, _flags in entries if len(strs) == 1 and compiled.gettext(msgid) != strs[0]] == []


def test_refusals_and_badges_in_english(network, alice, bob, roster):
    case = notification_case(alice, network.centre)
    with translation.override("en"):
        with pytest.raises(DomainError) as refused:
            services.case_end_record(case, actor=roster.minors_lawyer, case_end_date=case.accepted_at.date(), text="")
        assert str(refused.value) == "Only the handler of this case may record the end of the matter."
        assert deadlines.Urgency("overdue", -2).label == "2 days overdue"

"""English chosen: the means-test reasons, outcomes and refusals read in English, while what the
decision letter prints (the stored reasons and the snapshot) stays Chinese."""

import pytest
import time_machine
from django.utils import translation

from eligibility import engine, services
from legalaid.errors import DomainError
from tests.eligibility.factories import members, under_review

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel("2026-03-02 10:00 +08:00", tick=False):
        yield


def test_reasons_are_shown_in_the_readers_language(alice, network, standards):
    application = under_review(alice, network.centre)
    assessment = services.assessment_create(
        application, actor=alice, members=members("1800", "0"), integrity_pledge=True
    )
    assert "人均月收入 900.00 元" in assessment.reasons[-2]  # kept in Chinese for the letter
    with translation.override("en"):
        shown = assessment.reasons_display
        assert assessment.get_outcome_display() == "Meets the hardship standard"
    assert "900.00 yuan a head per month: not above the region's hardship standard" in shown[-2]
    # The first reason names the matter (data, in Chinese); the rest are wholly English.
    assert all(not any("\u4e00" <= ch <= "\u9fff" for ch in reason) for reason in shown[1:])


def test_missing_facts_are_named_in_the_readers_language():
    reason = engine.Reason(
        engine.gettext_noop("尚缺少以下情况，无法作出判断：%(facts)s。"), facts=["household_size", "standard"]
    )
    assert str(reason) == "尚缺少以下情况，无法作出判断：家庭人口数、经济困难标准。"
    with translation.override("en"):
        shown = engine.render_reason(reason.template, reason.params, translation.gettext)
    assert shown.startswith("The following are still missing") and "Household size" in shown


def test_refusals_are_translated(alice, network, standards):
    application = under_review(alice, network.centre)
    with translation.override("en"), pytest.raises(DomainError) as error:
        services.application_decide(application, actor=alice, granted=True)
    assert "means test" in str(error.value).lower()

"""With English chosen, the statistics pages and the home panels have no Chinese outside user data
(read by the same rules as the whole-site English crawl); stored reports keep their Chinese labels
and are shown with the current catalogue's English words."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings

from intake.models import Channel, Consultation
from supervision.models import StatisticsReport
from supervision.statistics import services
from tests.legalaid.test_english_crawl import PageReader, UserData, stored_texts, untranslated

PAGES = [
    "/",
    "/supervision/statistics/",
    "/supervision/statistics/dashboard/",
    "/supervision/statistics/targets/",
    "/supervision/statistics/report/monthly/?organisation={centre}&month=2026-02",
    "/supervision/statistics/report/monthly/?organisation={centre}&month=2026-01",
    "/supervision/statistics/report/yearly/?organisation={centre}&year=2026",
    "/supervision/statistics/report/targets/?organisation={centre}&year=2026",
    "/supervision/statistics/report/obligations/?organisation={centre}&year=2026",
    "/supervision/statistics/monthly/{report}/",
    "/supervision/statistics/monthly/{correction}/",
]


@pytest.mark.django_db
def test_statistics_pages_in_english(generated, network, director, client):
    with time_machine.travel("2026-03-10 10:00 +08:00", tick=False):
        report = services.monthly_reports_generate(date(2026, 2, 1)) and StatisticsReport.objects.get(
            organisation=network.centre, period=date(2026, 2, 1)
        )
        services.annual_target_set(network.centre, actor=director, year=2026, cases=100, other_matters=10)
        services.report_submit(report, actor=director)
        Consultation.objects.create(
            channel=Channel.objects.first(),
            organisation=network.centre,
            taken_by=director,
            consulted_at=datetime(2026, 2, 3, 9, tzinfo=ZoneInfo("Asia/Shanghai")),
            question="补录",
        )
        correction = services.report_correct(report, actor=director, reason="补录2月咨询")
        assert correction.differences
        client.force_login(director)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        data = UserData(stored_texts() - _report_labels())
        found = {}
        for page in PAGES:
            url = page.format(centre=network.centre.pk, report=report.pk, correction=correction.pk)
            response = client.get(url)
            assert response.status_code == 200, url
            reader = PageReader()
            reader.feed(_ours(url, response.content.decode()))
            runs = untranslated(reader.texts, data)
            if runs:
                found[url] = sorted(set(runs))
    assert found == {}
    assert report.figures["indicators"][0]["label"] == "咨询合计"  # stored as filed, in Chinese


def _ours(url: str, html: str) -> str:
    """The part of the page statistics renders: the page body, or on the home page its panels
    (the layout around them and the other apps' panels are checked by their own tests)."""
    if url == "/":
        panels = re.findall(
            r'<section[^>]*aria-labelledby="panel-(?:statistics|monthly-reports)".*?</section>', html, re.S
        )
        assert panels, "the director's statistics panel is on the home page"
        return '<main id="main">' + "".join(panels) + "</main>"
    start = html.index('<main id="main"')
    return html[start : html.index("</main>", start) + len("</main>")]


def _report_labels() -> set[str]:
    """The words of stored reports are interface text, not user data: they must be shown translated."""
    words = set()
    for changes in StatisticsReport.objects.values_list("differences", flat=True):
        words |= {change["indicator"] for change in changes}
    for figures in StatisticsReport.objects.values_list("figures", flat=True):
        words |= {row["label"] for row in figures.get("indicators", [])}
        words |= {row["section"] for row in figures.get("indicators", [])}
        words |= {"合计", "本级", figures.get("period", {}).get("label", "")}
    return words

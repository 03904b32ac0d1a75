"""English: the supervision catalogue is complete and every screen template's text is marked.

Official documents (templates/supervision/pdf/) stay Chinese; statistics keeps its own catalogue.
"""

import re
from datetime import date
from pathlib import Path

import pytest
from django.utils import translation

from tests.official_documents import is_official_document

ROOT = Path(__file__).resolve().parents[2] / "supervision"
HAN = re.compile(r"[\u4e00-\u9fff]")
MARKED = re.compile(r"{%\s*blocktranslate.*?{%\s*endblocktranslate\s*%}|{%.*?%}|{{.*?}}|{#.*?#}", re.S)
PLACEHOLDER = re.compile(r"%\([a-z_]+\)s|\{[a-z_]*\}")


def _entries(path: Path):
    for block in path.read_text(encoding="utf-8").split("\n\n")[1:]:
        values, current = {"msgid": "", "msgstr": ""}, None
        for line in block.splitlines():
            match = re.match(r'^(msgid|msgstr) "(.*)"$', line)
            if match:
                current = match.group(1)
                values[current] = match.group(2)
            elif line.startswith('"') and current:
                values[current] += line[1:-1]
        yield values["msgid"], values["msgstr"]


def test_catalogue_is_complete_with_the_same_placeholders():
    entries = list(_entries(ROOT / "locale/en/LC_MESSAGES/django.po"))
    assert len(entries) > 500
    for msgid, msgstr in entries:
        assert msgstr, msgid
        assert sorted(PLACEHOLDER.findall(msgid)) == sorted(PLACEHOLDER.findall(msgstr)), msgid


def test_screen_templates_have_no_unmarked_chinese():
    templates = ROOT / "templates/supervision"
    for path in templates.rglob("*.html"):
        if (
            is_official_document(path)
            or path.parent.name == "reports"
            or "reports" in path.relative_to(templates).parts
        ):
            continue
        left = MARKED.sub("", path.read_text(encoding="utf-8"))
        assert not HAN.search(left), f"{path.name}: {HAN.search(left) and left[HAN.search(left).start() - 20 :][:60]}"


def test_refusals_come_out_in_english():
    from datetime import date

    from legalaid.errors import DomainError
    from supervision.services.common import not_future

    with translation.override("en"):
        try:
            not_future(date(2999, 1, 1), "回访日期", "performed_on")
        except DomainError as exc:
            assert not HAN.search(exc.message.replace("回访日期", ""))


@pytest.mark.django_db
def test_supervision_pages_render_in_english(closed_case, supervisor, rubric, settings):
    """With English chosen the pages render with the English catalogue (names and case data stay as entered)."""
    from django.test import Client
    from django.urls import reverse

    from supervision import services

    services.follow_up_schedule(closed_case, actor=supervisor, due_date=date(2026, 3, 12), note="抽查")
    card = services.card_issue(closed_case.pk)
    [bulletin] = [
        b for b in services.bulletins_generate_month(date(2026, 2, 1)) if b.organisation == closed_case.centre
    ]
    client = Client()
    client.force_login(supervisor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    expected = {
        reverse("supervision:index"): "Case supervision overview",
        reverse("supervision:queue"): "Closed cases to assess",
        reverse("supervision:visits"): "Next 7 days and overdue",
        reverse("supervision:cards"): "Print this period's cards",
        reverse("supervision:complaints"): "No complaints.",
        reverse("supervision:enforcement"): "Follow-up of judgments and mediation",
        reverse("supervision:case", args=[closed_case.pk]): "Complaints, flags and enforcement follow-up",
        reverse("supervision:bulletin", args=[bulletin.pk]): "1. By organisation",
        reverse("supervision:card_rate", args=[card.return_code]): "Submit rating",
    }
    for url, text in expected.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert text in response.content.decode(), url

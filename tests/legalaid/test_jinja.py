"""The Jinja2 environment of the row fragments shows values as the Django templates do: nothing for a missing
value or None, dates in Asia/Shanghai, Django's translations (with a value formatted in), escaped text."""

from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings
from django.template import engines
from django.template.backends.jinja2 import Jinja2
from django.template.defaultfilters import date as django_date
from django.utils import translation
from django.utils.timezone import template_localtime

OPTIONS = next(engine["OPTIONS"] for engine in django_settings.TEMPLATES if engine["BACKEND"].endswith("Jinja2"))


def _render(source: str, **context) -> str:
    return engines["jinja2"].from_string(source).render(context)


def test_missing_and_none_show_as_nothing_and_text_is_escaped(settings):
    row = SimpleNamespace(urgency=None, title="<喆堃>", detail=None)
    source = "[{{ row.urgency.css }}|{{ row.detail }}|{{ row.nothing }}|{{ row.title }}]"
    assert _render(source, row=row) == "[|||&lt;喆堃&gt;]"
    settings.DEBUG = True  # the demo with DEBUG on: Django's backend would print a missing value as {{ … }}
    debug_engine = Jinja2({"NAME": "rows", "DIRS": [], "APP_DIRS": False, "OPTIONS": OPTIONS})
    assert debug_engine.from_string(source).render({"row": row}) == "[|||&lt;喆堃&gt;]"


def test_dates_are_shown_in_the_centres_time_zone():
    late_evening_utc = datetime(2026, 3, 1, 17, 30, tzinfo=UTC)
    assert _render('{{ at|date("Y-m-d H:i") }}', at=late_evening_utc) == "2026-03-02 01:30"
    assert _render('{{ at|date("m-d") }}', at=None) == ""


def test_dates_are_written_as_djangos_date_filter_writes_them():
    # The fragments write numeric formats themselves (legalaid.jinja._numeric_format); any other goes to Django.
    values = [
        datetime(2026, 12, 31, 16, 5, tzinfo=UTC),  # the next year in Shanghai
        datetime(2026, 1, 2, 3, 4),  # naive
        datetime(987, 6, 5, 4, 3, tzinfo=UTC),
        date(2026, 2, 28),
        date(99, 1, 1),
        None,
        "2026-03-01",  # not a date: Django writes nothing
    ]
    formats = ["Y-m-d", "m-d", "Y-m-d H:i", "H:i", "Y年n月j日", r"Y-m-d \a\t H", "{Y}-m", "D, d M", ""]
    for value in values:
        for format_string in formats:
            try:
                expected = django_date(template_localtime(value), format_string)
            except TypeError:  # a date with an hour: an error of the template, in Django's as here
                with pytest.raises(TypeError):
                    _render("{{ at|date(f) }}", at=value, f=format_string)
                continue
            assert _render("{{ at|date(f) }}", at=value, f=format_string) == expected, (value, format_string)


def test_translations_come_from_djangos_catalogues_with_their_values():
    source = '{{ _("无到期事项") }} · {{ _("逾期 %(n)s")|format(n=3) }}'
    assert _render(source) == "无到期事项 · 逾期 3"
    with translation.override("en"):
        assert _render(source) == "Nothing due · 3 overdue"

"""The Jinja2 environment for the row fragments of the most requested pages.

The pages themselves stay Django templates (their layout, forms and blocks); only a loop rendered for every
row on every request is a Jinja2 template, which Jinja2 compiles to Python once per process: the case
search's rows, the review queue's, and the sections of the deadline board and of 我的待办 (a fifth, a sixth,
a twelfth and a twentieth of those pages' Python calls, issue 14). A Django template includes one with
`{% jinja_fragment "app/name.html" page=page %}` (`{% load rows %}`); the fragment lives in the app's `jinja2/`
directory. The layout's top bar and foot, on every page, are fragments too (legalaid/navbar.html, footer.html),
and the supervision pages' menu: they cut the layout of every signed-in page by a quarter (4.15k -> 3.15k calls).

The environment behaves as the Django templates do where a row needs it: autoescaping, None shown as
nothing, translations from Django's catalogues, the filters of the template libraries the settings name
(`label`, `pk_url`, `status_css`…), Django's `date` (in the current time zone) and `timesince`. A string is written
`{{ _("无到期事项") }}`, or `{{ _("逾期 %(n)s")|format(n=…) }}` with a value: `makemessages` reads both.
"""

from datetime import date, datetime
from functools import cache, lru_cache
from importlib import import_module

from django.conf import settings
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import timesince_filter
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import format_html
from django.utils.timezone import template_localtime
from django.utils.translation import get_language_info, gettext, ngettext
from jinja2 import Environment, Undefined

# Django's format characters a row's dates use, as the numbers they stand for: a date of the case search's
# rows written by Django's `date` filter took 20 µs, two per row (issue 14).
_NUMBERS = {"Y": "{0.year:04d}", "m": "{0.month:02d}", "d": "{0.day:02d}", "H": "{0.hour:02d}", "i": "{0.minute:02d}"}


@lru_cache(maxsize=64)
def _numeric_format(format_string: str | None) -> tuple[str, bool] | None:
    """`format_string` as a str.format pattern and whether it reads the time of day; None when it has any
    other letter (a name of a month or a day, text Django escapes with a backslash): Django writes that."""
    if not format_string:
        return None
    pattern = []
    for character in format_string:
        if character in _NUMBERS:
            pattern.append(_NUMBERS[character])
        elif character.isalpha() or character == "\\":
            return None
        else:
            pattern.append(character.replace("{", "{{").replace("}", "}}"))
    return "".join(pattern), any(character in "Hi" for character in format_string)


def _date(value, format_string=None) -> str:
    """Django's `date` filter, the value first in the current time zone as Django templates show it."""
    numeric = _numeric_format(format_string)
    if numeric is None or value is None:
        return date_filter(template_localtime(value), format_string)
    pattern, reads_time = numeric
    if isinstance(value, datetime):
        return pattern.format(template_localtime(value))
    if isinstance(value, date) and not reads_time:
        return pattern.format(value)
    return date_filter(value, format_string)  # a date shown with its hour: as Django does (nothing)


def _nothing_for_none(value):
    return "" if value is None else value


@lru_cache(maxsize=256)
def _address(url_name: str, script_prefix: str, urlconf) -> str:
    return reverse(url_name, urlconf=urlconf)


def url(url_name: str) -> str:
    """`{{ url("home") }}`: the address of a URL that takes no argument, reversed once per process."""
    return _address(url_name, get_script_prefix(), get_urlconf())


def csrf_field(token) -> str:
    """`{{ csrf_field(csrf_token) }}`: the hidden field `{% csrf_token %}` writes, for the page's token."""
    if not token or token == "NOTPROVIDED":  # a page rendered without the request: no form is sent from it
        return ""
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)


@cache
def languages() -> list[tuple[str, str]]:
    """(code, the language's own name) of each language the interface speaks, for the language switch."""
    return [(code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES]


def environment(*, filter_libraries=(), **options) -> Environment:
    """The backend's environment; `filter_libraries` (OPTIONS) name Django template libraries whose filters
    a fragment may use, called as Jinja2 calls a filter (`{{ case|label("status") }}`): plain functions only."""
    options.setdefault("autoescape", True)
    # Missing values show as nothing, as in a Django template, with DEBUG on too (Django's backend would
    # then print them as `{{ … }}`): a row whose due date or urgency is None is not an error.
    options["undefined"] = Undefined
    env = Environment(extensions=["jinja2.ext.i18n"], finalize=_nothing_for_none, **options)
    # Old-style gettext: `_("…")` is the catalogue's string, formatted (if at all) by `|format(n=…)`, so that
    # every msgid is written `_("…")` alone, which `makemessages` reads from the fragment as from a template.
    env.install_gettext_callables(gettext, ngettext, newstyle=False)
    for library in filter_libraries:
        env.filters.update(import_module(library).register.filters)
    env.filters["date"] = _date
    env.filters["timesince"] = timesince_filter
    from .selectors import user_profile  # the models load after the template engines

    env.globals.update(url=url, csrf_field=csrf_field, languages=languages, user_profile=user_profile)
    return env

"""The Jinja2 environment for the row fragments of the most requested lists.

The pages themselves stay Django templates (their layout, forms and blocks); only the loop over a list's
rows, rendered for every row on every request, is a Jinja2 template, which Jinja2 compiles to Python once
per process. The case search's thirty rows took about half of its server time as a Django template loop
(issue 14). A Django template includes a fragment with `{% rows_fragment "app/name.html" page=page %}`
(`{% load rows %}`); the fragment lives in the app's `jinja2/` directory.

The environment behaves as the Django templates do where a row needs it: autoescaping, None shown as
nothing, translations from Django's catalogues (`{{ _("…") }}`, which `makemessages` also reads), and the
filters of the template libraries the settings name (`legalaid.templatetags.rows`' `label` and `pk_url`…) and
Django's `date` (in the current time zone).
"""

from importlib import import_module

from django.template.defaultfilters import date as date_filter
from django.utils.timezone import template_localtime
from django.utils.translation import gettext, ngettext
from jinja2 import Environment


def _date(value, format_string=None) -> str:
    """Django's `date` filter, the value first in the current time zone as Django templates show it."""
    return date_filter(template_localtime(value), format_string)


def _nothing_for_none(value):
    return "" if value is None else value


def environment(*, filter_libraries=(), **options) -> Environment:
    """The backend's environment; `filter_libraries` (OPTIONS) name Django template libraries whose filters
    a fragment may use, called as Jinja2 calls a filter (`{{ case|label("status") }}`): plain functions only."""
    options.setdefault("autoescape", True)
    env = Environment(extensions=["jinja2.ext.i18n"], finalize=_nothing_for_none, **options)
    env.install_gettext_callables(gettext, ngettext, newstyle=True)
    for library in filter_libraries:
        env.filters.update(import_module(library).register.filters)
    env.filters["date"] = _date
    return env

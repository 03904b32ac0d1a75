"""Filters for the rows of list pages: what a row shows per record, at the cost of a dictionary look-up.

`{% load rows %}`, then in a row loop:

- `{{ case|label:"status" }}` is `case.get_status_display()`. Django's own method rebuilds a dictionary of
  every choice on each call, hashing each lazy label (a catalogue look-up apiece): about 50 µs a call, which
  on a 50-row list with two such columns was a quarter of the page. The labels of a field's choices are
  fixed in code, so they are translated once per process and language here.
- `{{ case.pk|pk_url:"cases:case_detail" }}` is `{% url "cases:case_detail" case.pk %}`: the address is
  reversed once per process with a stand-in key and the record's key put in its place, instead of URL
  resolution on every row.
- `{% jinja_fragment "cases/case_rows.html" page=page %}` renders a list's rows (or the layout's top bar and
  foot) with a Jinja2 fragment (legalaid/jinja.py), where these filters are `{{ case|label("status") }}` and
  `{{ case.pk|pk_url("…") }}`.
"""

from functools import lru_cache

from django import template
from django.template.loader import get_template
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.hashable import make_hashable
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()

# A key no record has, which every `<int:pk>` converter accepts and no other part of an address contains.
STAND_IN = 7_390_218_465_503_317


@lru_cache(maxsize=1024)
def choice_labels(model: type, field_name: str, language: str | None) -> dict:
    """{value: label} of a model field's choices, the labels in `language` (cached: choices are code)."""
    field = model._meta.get_field(field_name)
    return {make_hashable(value): str(label) for value, label in field.flatchoices}


@register.filter
def label(obj, field_name: str):
    """The label of the value of the object's choice field, as `obj.get_<field>_display()` gives it (nothing
    for a missing object, as the template's `{{ obj.get_<field>_display }}` shows for one)."""
    if obj is None:
        return ""
    value = getattr(obj, obj._meta.get_field(field_name).attname)
    return choice_labels(type(obj), field_name, get_language()).get(make_hashable(value), value)


@lru_cache(maxsize=512)
def _address_parts(url_name: str, script_prefix: str, urlconf) -> tuple[str, str]:
    address = reverse(url_name, args=[STAND_IN], urlconf=urlconf)
    head, stand_in, tail = address.partition(str(STAND_IN))
    if not stand_in or str(STAND_IN) in tail:
        raise ValueError(f"{url_name} does not take the record's key as its one argument")
    return head, tail


@register.filter
def pk_url(pk, url_name: str) -> str:
    """The address of the URL named `url_name` for the record with this key (its one argument)."""
    head, tail = _address_parts(url_name, get_script_prefix(), get_urlconf())
    return f"{head}{int(pk)}{tail}"


@register.simple_tag(takes_context=True)
def jinja_fragment(context, template_name: str, **values) -> SafeString:
    """A Jinja2 fragment (legalaid/jinja.py) rendered with these values: compiled to Python once, thirty rows
    cost a fraction of a Django template loop. It has the page's `request` and `csrf_token` too: the token
    the page's own `{% csrf_token %}` shows, masked once a request (the backend's `csrf_input` masks it anew
    each time it is written, a hundred calls apiece). Jinja2 escapes what it writes."""
    values.setdefault("request", context.get("request"))
    values.setdefault("csrf_token", context.get("csrf_token"))
    return mark_safe(get_template(template_name, using="jinja2").render(values))

"""`{% load list_filters %}`: the filter forms of list pages, rendered without Django's widget templates.

A list is requested far more often than any form, and a widget template renders each <option> of a select
through an include of its own (a quarter of the consultation ledger's time). `lists/filter_field.html` and
this filter write the same markup in one pass.
"""

from django import template
from django.forms import ModelChoiceField
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()
default_label = ModelChoiceField.label_from_instance


@register.filter
def select_options(bound_field) -> str:
    """The <option> tags of a select, the current value selected.

    Joined as plain strings, each key and label escaped once: format_html per option (escaping, formatting
    and marking each one safe) was a fifth of the case search's time, whose filters list a hundred options.
    """
    value = bound_field.value()
    current = "" if value is None else str(value)
    options = []
    for key, label in _choices(bound_field.field):
        key = str(key)
        selected = " selected" if key == current else ""
        options.append(f'<option value="{conditional_escape(key)}"{selected}>{conditional_escape(label)}</option>')
    return mark_safe("".join(options))


def _choices(field):
    """(key, label) of each option. A model choice field's records are read as one plain query: its own
    iterator streams them through a server-side cursor on PostgreSQL (three round trips for a few
    dozen names); a roster's own options, and a model named by one column, need no record at all.
    Otherwise the widget's choices: a choice field keeps its own there, and a plain field shown as a
    select (the statistics forms' organisation) has them nowhere else."""
    if not isinstance(field, ModelChoiceField):
        return field.widget.choices
    choices = [] if field.empty_label is None else [("", field.empty_label)]
    if getattr(field, "options", None) is not None:
        return choices + field.options()
    label_field = getattr(field.queryset.model, "LABEL_FIELD", None)
    if label_field and field.to_field_name is None and type(field).label_from_instance is default_label:
        # A model named by one column of its own: the key and that column, without a record apiece.
        return choices + list(field.queryset.values_list("pk", label_field))
    return choices + [(field.prepare_value(record), field.label_from_instance(record)) for record in field.queryset]


@register.filter
def record_options(records, current) -> str:
    """The <option> tags of a select of a queryset's records (key and name), `current`'s selected: the
    same one pass for a select the template lists itself (a city's hundred organisations), reading
    the two columns without building the records."""
    current = "" if current is None else str(current)
    options = []
    for pk, name in records.values_list("pk", "name"):
        key = str(pk)
        selected = " selected" if key == current else ""
        options.append(f'<option value="{conditional_escape(key)}"{selected}>{conditional_escape(name)}</option>')
    return mark_safe("".join(options))

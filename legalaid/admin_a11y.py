"""The admin site as this project configures it, usable with a screen reader (issue 16, WCAG 2.1 AA).

Django's admin names its controls through <label for> on the change form; the places below have no
such label, and every app's admin goes through this one module for them:

- the two inputs of a date and time field (`NamedSplitDateTimeField`, the admin's default for every
  DateTimeField);
- the fields in a table row: a tabular inline (`TabularInline`) and an editable list
  (`EditableListMixin`) print one header per column and no label per cell, so each field carries its
  column's name as `aria-label`;
- a list filter's choice for a blank value, a link with no text (`BlankNamedValuesFilter`, registered
  for every plain text field).

What Django's scripts build in the browser (select2's autocomplete, the two-pane chooser of
`filter_horizontal`) is named by static/admin-a11y/admin.js, and the breadcrumb links are set apart
by static/admin-a11y/admin.css; templates/admin/base_site.html loads both on every admin page.
"""

from itertools import zip_longest

from django import forms
from django.contrib import admin
from django.contrib.admin.filters import AllValuesFieldListFilter, FieldListFilter
from django.contrib.admin.options import FORMFIELD_FOR_DBFIELD_DEFAULTS
from django.db import models
from django.forms.models import BaseInlineFormSet, BaseModelFormSet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class NamedSplitDateTimeField(forms.SplitDateTimeField):
    """A date and time field whose two inputs each carry a name a screen reader reads ("受理时间 日期").

    Django's split widget prints its "Date:"/"Time:" beside the inputs as plain text and its <label>
    has no `for` (one label cannot name two inputs), so both inputs were nameless (WCAG 1.3.1, 4.1.2).
    The field's label is known here, when the admin builds the form for the request, in its language;
    the words are Django's own translated widget labels."""

    # Django's msgids, translated by Django's catalogue (a variable, so makemessages leaves them there).
    WORDS = ("Date:", "Time:")

    def widget_attrs(self, widget):
        for part, word in zip(widget.widgets, self.WORDS, strict=True):
            part.attrs["aria-label"] = f"{self.label} {gettext(word).rstrip(':：')}"
        return super().widget_attrs(widget)


# The admin's default form field for every DateTimeField of every app's ModelAdmin: one place,
# instead of a formfield_overrides line in each admin class.
FORMFIELD_FOR_DBFIELD_DEFAULTS[models.DateTimeField] = {
    **FORMFIELD_FOR_DBFIELD_DEFAULTS[models.DateTimeField],
    "form_class": NamedSplitDateTimeField,
}


def name_row_fields(form) -> None:
    """Each visible field of a form shown as a table row is named by its column's heading, its label.

    Set on the form's own copies of its fields (a form instance deep-copies its class's fields), so a
    form class used elsewhere keeps its widgets as they were. A split date and time names its two
    inputs itself; a name on the pair would replace theirs."""
    for field in form.fields.values():
        widget = field.widget
        if not widget.is_hidden and not isinstance(widget, forms.MultiWidget) and field.label:
            widget.attrs.setdefault("aria-label", field.label)


class RowLabelledInlineFormSet(BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)  # the row's "delete" box is added here: named with the others
        name_row_fields(form)


class RowLabelledModelFormSet(BaseModelFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        name_row_fields(form)


class TabularInline(admin.TabularInline):
    """Every app's tabular inline: its row fields named by their columns (tests/legalaid/test_accessibility.py
    checks that every registered admin uses this one)."""

    formset = RowLabelledInlineFormSet


class EditableListMixin:
    """For a ModelAdmin with `list_editable`: the list's row fields named by their columns."""

    def get_changelist_formset(self, request, **kwargs):
        return super().get_changelist_formset(request, formset=RowLabelledModelFormSet, **kwargs)


# What a list filter shows for an empty text value: Django prints the value itself, which makes a link
# with no text (WCAG 2.4.4, 4.1.2).
BLANK = _("（空）")


class BlankNamedValuesFilter(AllValuesFieldListFilter):
    """Django's filter by each value a text column holds, the blank value shown as "（空）"."""

    def choices(self, changelist):
        # Django's choices: "All", then one per value other than NULL in lookup_choices' order, then NULL's.
        # lookup_choices is one queryset, read once and reused by Django's loop below.
        values = [None, *(value for value in self.lookup_choices if value is not None)]
        for value, choice in zip_longest(values, super().choices(changelist)):
            if value == "":
                choice = {**choice, "display": f"{BLANK}{choice['display']}"}  # Django adds " (n)" with facets
            yield choice


# For every plain text field, in place of Django's filter by value (the last resort for any field no other
# filter takes); a text field with choices keeps Django's filter by choice, which shows the choices' labels.
FieldListFilter.register(
    lambda field: isinstance(field, models.CharField | models.TextField) and not field.choices,
    BlankNamedValuesFilter,
    take_priority=True,
)

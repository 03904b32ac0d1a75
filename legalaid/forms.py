"""Form helpers shared by every app."""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib.auth.forms import PasswordChangeForm
from django.db.models import QuerySet


@dataclass(frozen=True)
class Roster:
    """The records a list's filter may choose from: `records` validates a choice, `options()` lists them
    as (key, label) rows, read without building a record each."""

    records: QuerySet
    options: Callable[[], list[tuple[object, str]]]


class RosterChoiceField(forms.ModelChoiceField):
    """A list filter's choice among a roster's records (`offer`): its select lists the roster's options.

    A county's handler roster is a hundred options on every case search and deadline board; iterated as
    records through the ORM it cost about 2 ms more than its query took to run (issue 14)."""

    options: Callable[[], list[tuple[object, str]]] | None = None

    def offer(self, roster: Roster) -> None:
        self.queryset = roster.records
        self.options = roster.options


class StyledFormMixin:
    """Bootstrap classes on every widget; invalid fields get Bootstrap's `is-invalid`.

    aria-invalid and aria-describedby are left to Django (5.2 sets them from the field's errors
    and help text, matching the ids includes/field.html renders); setting aria-describedby here
    would replace Django's and point at ids the page may not render.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, (forms.CheckboxInput,)):
                css = "form-check-input"
            elif isinstance(widget, (forms.Select, forms.SelectMultiple)) and not isinstance(
                widget, (forms.CheckboxSelectMultiple, forms.RadioSelect)
            ):
                css = "form-select"
            elif isinstance(widget, (forms.CheckboxSelectMultiple, forms.RadioSelect)):
                css = ""
            else:
                css = "form-control"
            if css:
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()


class StyledPasswordChangeForm(StyledFormMixin, PasswordChangeForm):
    pass

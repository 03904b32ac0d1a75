"""What every intake form shares: styling, one-time tokens, scans, and service refusals as form errors."""

import uuid

from django import forms
from django.core.exceptions import ValidationError

from legalaid.errors import DomainError
from legalaid.forms import StyledFormMixin
from legalaid.uploads import validate_scan, validate_upload_batch

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


class ChoiceStyledMixin(StyledFormMixin):
    """StyledFormMixin, plus Bootstrap's class on each radio button and checkbox of a choice list."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
                field.widget.attrs["class"] = "form-check-input"


def apply_domain_error(form: forms.Form, error: DomainError) -> None:
    """Show a service's refusal next to the field it concerns, or at the top of the form."""
    field = error.field if error.field in form.fields else None
    if field and form.fields[field].widget.is_hidden:
        field = None
    form.add_error(field, error.message)


def new_token() -> str:
    return uuid.uuid4().hex


class SubmissionTokenMixin(forms.Form):
    """A one-time token: the same form posted twice is refused by the service, not filed twice."""

    submission_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_token", new_token())


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleScanField(forms.FileField):
    """Several PDF/JPEG/PNG scans in one input, each checked."""

    widget = MultipleFileInput

    def __init__(self, *args, public: bool = False, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        self.public = public  # the anonymous online application has lower per-request caps
        self.widget.attrs.setdefault("accept", ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png")

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data] if data else []
        validate_upload_batch(files, public=self.public)
        cleaned = [super(MultipleScanField, self).clean(f, initial) for f in files if f]
        errors = []
        for upload in cleaned:
            try:
                validate_scan(upload)
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return cleaned

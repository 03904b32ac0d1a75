"""Forms of the statistics pages (validation only)."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from legalaid.forms import StyledFormMixin

from .registry import MonthForm


class GenerateForm(MonthForm):
    """Generate (or compute again) an organisation's monthly report."""


class CorrectionForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("更正原因"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": gettext_lazy("请写明更正原因。")},
    )


class TargetForm(StyledFormMixin, forms.Form):
    organisation = forms.IntegerField(label=gettext_lazy("单位"), widget=forms.Select)
    year = forms.IntegerField(label=gettext_lazy("年度"), min_value=2000, max_value=2100)
    cases = forms.IntegerField(label=gettext_lazy("法律援助案件(件)"), min_value=0, max_value=10_000_000)
    other_matters = forms.IntegerField(
        label=gettext_lazy("其他法律援助事项(件)"), min_value=0, max_value=100_000_000, initial=0
    )
    basis = forms.CharField(label=gettext_lazy("依据"), max_length=200, required=False)

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].widget.choices = [(org.pk, org.name) for org in organisations]
        self.allowed = {org.pk for org in organisations}

    def clean_organisation(self) -> int:
        value = self.cleaned_data["organisation"]
        if value not in self.allowed:
            raise forms.ValidationError(_("请选择您管理范围内的单位。"))
        return value

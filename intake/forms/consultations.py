"""The consultation ledger and home visits."""

from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from legalaid.models import MatterCategory, Organisation
from legalaid.selectors import visible_organisations
from legalaid.validators import parse_resident_id, validate_phone

from .. import selectors
from ..models import (
    Consultation,
    Person,
)
from .common import DATE, DATETIME, DATETIME_FORMATS, ChoiceStyledMixin, SubmissionTokenMixin


class ConsultationForm(ChoiceStyledMixin, SubmissionTokenMixin):
    """Short on purpose: a clerk records a consultation in under a minute."""

    channel = forms.ModelChoiceField(label=_("渠道"), queryset=selectors.consultation_channels(), empty_label=None)
    consulted_at = forms.DateTimeField(label=_("咨询时间"), widget=DATETIME, input_formats=DATETIME_FORMATS)
    visitor_name = forms.CharField(label=_("咨询人"), max_length=50, required=False)
    visitor_phone = forms.CharField(label=_("联系电话"), max_length=30, required=False, validators=[validate_phone])
    id_number = forms.CharField(
        label=_("身份证号码"), max_length=18, required=False, help_text=_("当事人愿意提供时填写，用于关联人员档案")
    )
    matter = forms.ModelChoiceField(
        label=_("事项类别"), queryset=MatterCategory.objects.filter(is_active=True), required=False
    )
    question = forms.CharField(label=_("咨询问题"), widget=forms.Textarea(attrs={"rows": 3}))
    answer = forms.CharField(label=_("解答摘要"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    outcome = forms.ChoiceField(label=_("处理结果"), choices=Consultation.Outcome.choices, widget=forms.RadioSelect)
    referred_agency = forms.CharField(label=_("转介部门"), max_length=100, required=False)
    call_back_due = forms.DateTimeField(
        label=_("回复期限"),
        widget=DATETIME,
        input_formats=DATETIME_FORMATS,
        required=False,
        help_text=_("留空则为24小时内"),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            organisation = selectors.user_organisation(user)
            self.initial.setdefault("consulted_at", timezone.localtime().replace(second=0, microsecond=0))
            self.initial.setdefault("outcome", Consultation.Outcome.ANSWERED)
            if organisation is not None:
                if organisation.kind in Organisation.WORKSTATION_KINDS:
                    default = (
                        "workstation"
                        if organisation.kind == Organisation.Kind.TOWNSHIP_WORKSTATION
                        else "court_workstation"
                    )
                else:
                    default = "centre_window"
                self.initial.setdefault("channel", default)

    def clean_id_number(self):
        number = (self.cleaned_data.get("id_number") or "").strip().upper()
        if number:
            parse_resident_id(number)
        return number

    def clean(self):
        data = super().clean()
        consulted = data.get("consulted_at")
        if consulted and consulted > timezone.now() + timedelta(minutes=5):
            self.add_error("consulted_at", _("咨询时间不能晚于当前时间。"))
        # Only a person already in the user's scope supplies the name; saying more would tell
        # whether the number is registered elsewhere.
        if (
            data.get("id_number")
            and not (data.get("visitor_name") or "").strip()
            and not selectors.persons_for_user(self.user).filter(id_number=data["id_number"]).exists()
        ):
            self.add_error("visitor_name", _("填写身份证号码时，请同时填写咨询人姓名。"))
        return data


class ConsultationFilterForm(ChoiceStyledMixin, forms.Form):
    date_from = forms.DateField(label=_("起始日期"), widget=DATE, required=False)
    date_to = forms.DateField(label=_("截止日期"), widget=DATE, required=False)
    channel = forms.ModelChoiceField(
        label=_("渠道"), queryset=selectors.consultation_channels(), required=False, empty_label=_("全部")
    )
    organisation = forms.ModelChoiceField(
        label=_("机构"), queryset=Organisation.objects.none(), required=False, empty_label=_("全部")
    )
    matter = forms.ModelChoiceField(
        label=_("事项"), queryset=MatterCategory.objects.all(), required=False, empty_label=_("全部")
    )
    taken_by = forms.ModelChoiceField(
        label=_("首问责任人"), queryset=Organisation.objects.none(), required=False, empty_label=_("全部")
    )
    outcome = forms.ChoiceField(
        label=_("处理结果"), choices=[("", _("全部"))] + list(Consultation.Outcome.choices), required=False
    )
    q = forms.CharField(label=_("关键词"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = visible_organisations(user).exclude(kind__in=Organisation.PROVIDER_KINDS)
        self.fields["taken_by"].queryset = selectors.consultation_staff(user)
        self.fields["taken_by"].label_from_instance = lambda u: u.get_full_name() or u.username

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("截止日期不能早于起始日期。"))
        return data

    def filters(self) -> selectors.ConsultationFilter:
        if not self.is_valid():
            return selectors.ConsultationFilter()
        data = self.cleaned_data
        return selectors.ConsultationFilter(
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            channel=data["channel"].pk if data.get("channel") else "",
            organisation_id=data["organisation"].pk if data.get("organisation") else None,
            matter_id=data["matter"].pk if data.get("matter") else None,
            taken_by_id=data["taken_by"].pk if data.get("taken_by") else None,
            outcome=data.get("outcome") or "",
            query=data.get("q") or "",
        )


class CallBackForm(ChoiceStyledMixin, forms.Form):
    note = forms.CharField(label=_("回复内容"), widget=forms.Textarea(attrs={"rows": 3}))


# ---------------------------------------------------------------- home visits


class HomeVisitForm(ChoiceStyledMixin, forms.Form):
    scheduled_for = forms.DateTimeField(label=_("预约时间"), widget=DATETIME, input_formats=DATETIME_FORMATS)
    staff = forms.ModelChoiceField(label=_("上门人员"), queryset=Organisation.objects.none())
    address = forms.CharField(label=_("上门地址"), max_length=200)
    purpose = forms.CharField(label=_("事由"), max_length=200, required=False, initial=_("上门受理法律援助申请"))

    def __init__(self, *args, user, person: Person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = selectors.consultation_staff(user)
        self.fields["staff"].label_from_instance = lambda u: u.get_full_name() or u.username
        if not self.is_bound:
            self.initial.setdefault("staff", user.pk)
            self.initial.setdefault("address", person.residence_address or person.household_address)

    def clean_scheduled_for(self):
        when = self.cleaned_data["scheduled_for"]
        if when < timezone.now() - timedelta(hours=1):
            raise ValidationError(_("预约时间不能早于现在。"))
        return when


class HomeVisitOutcomeForm(ChoiceStyledMixin, forms.Form):
    outcome = forms.CharField(label=_("服务结果"), widget=forms.Textarea(attrs={"rows": 3}))

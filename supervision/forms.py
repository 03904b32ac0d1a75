"""Forms validate input only; services decide."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from legalaid.forms import StyledFormMixin
from legalaid.models import Organisation
from legalaid.roles import CENTRE_ROLES, Role

from . import normalise
from .models import (
    SATISFACTION_CHOICES,
    Complaint,
    EnforcementWatch,
    FollowUpVisit,
    MoneyAnswer,
    QualityAssessment,
    SupervisionActivity,
    YesNo,
)

User = get_user_model()
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _blank(choices, label=None):
    return [("", format_lazy("— {} —", label or _("请选择"))), *choices]


class ReviewForm(StyledFormMixin, forms.Form):
    """One reviewer's points and comments, one pair of fields per rubric item (built from the snapshot)."""

    reviewer = forms.ModelChoiceField(label=_("评查人"), queryset=User.objects.none())
    comment = forms.CharField(label=_("评查意见"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, assessment: QualityAssessment, reviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = assessment.rubric_snapshot["items"]
        self.fields["reviewer"].queryset = reviewers
        self.fields["reviewer"].label_from_instance = _reviewer_label
        for item in self.items:
            maximum = Decimal(item["max_points"])
            self.fields[f"points_{item['id']}"] = forms.DecimalField(
                label=f"{item['position']}. {item['title']}",
                min_value=Decimal("0"),
                max_value=maximum,
                decimal_places=1,
                help_text=_("满分 %(max)s 分。%(guidance)s")
                % {"max": item["max_points"], "guidance": item["guidance"]},
                error_messages={
                    "max_value": _("不能超过满分 %(max)s 分。") % {"max": maximum},
                    "min_value": _("不能为负数。"),
                },
            )
            self.fields[f"comment_{item['id']}"] = forms.CharField(label=_("说明"), required=False, max_length=500)
        super_init_style(self)

    def rows(self):
        for item in self.items:
            yield item, self[f"points_{item['id']}"], self[f"comment_{item['id']}"]

    def scores(self) -> dict[int, tuple]:
        return {
            item["id"]: (self.cleaned_data[f"points_{item['id']}"], self.cleaned_data[f"comment_{item['id']}"])
            for item in self.items
        }


def super_init_style(form):
    # StyledFormMixin styled the fields present at its __init__; style the ones added after it.
    for field in form.fields.values():
        css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
        if css not in field.widget.attrs.get("class", ""):
            field.widget.attrs["class"] = f"{field.widget.attrs.get('class', '')} {css}".strip()


def _reviewer_label(user) -> str:
    profile = getattr(user, "profile", None)
    where = profile.organisation.short_name or profile.organisation.name if profile else ""
    return f"{user.get_full_name() or user.username}({where})" if where else str(user)


def reviewer_choices(centre: Organisation, handler_id: int):
    """Centre supervisors and staff, and handlers of the centre's network other than the case's own."""
    return (
        User.objects.filter(is_active=True, profile__organisation__path__startswith=centre.path)
        .filter(profile__role__in=[*CENTRE_ROLES, Role.HANDLER])
        .exclude(pk=handler_id)
        .select_related("profile__organisation")
        .order_by("profile__role", "last_name", "first_name")
    )


class SampleForm(StyledFormMixin, forms.Form):
    count = forms.IntegerField(label=_("抽查件数"), min_value=1, max_value=200, initial=5)
    closed_from = forms.DateField(label=_("结案日期自"), widget=DATE)
    closed_to = forms.DateField(label=_("至"), widget=DATE)

    def clean(self):
        data = super().clean()
        if data.get("closed_from") and data.get("closed_to") and data["closed_to"] < data["closed_from"]:
            self.add_error("closed_to", _("结束日期不能早于开始日期。"))
        return data


class ActivityForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = SupervisionActivity
        fields = ["kind", "date", "authority", "findings", "score"]
        widgets = {"date": DATE, "findings": forms.Textarea(attrs={"rows": 4})}
        labels = {"findings": _("情况记录(征询意见可不填)")}


class OpinionForm(StyledFormMixin, forms.Form):
    received_on = forms.DateField(label=_("收到意见日期"), widget=DATE)
    opinion = forms.CharField(label=_("办案机关意见"), widget=forms.Textarea(attrs={"rows": 4}))


class VisitScheduleForm(StyledFormMixin, forms.Form):
    due_date = forms.DateField(label=_("回访日期"), widget=DATE)
    note = forms.CharField(label=_("回访事由"), max_length=200)


class VisitRecordForm(StyledFormMixin, forms.Form):
    channel = forms.ChoiceField(label=_("回访方式"), choices=_blank(FollowUpVisit.Channel.choices))
    result = forms.ChoiceField(label=_("回访结果"), choices=_blank(FollowUpVisit.Result.choices))
    performed_on = forms.DateField(label=_("回访日期"), widget=DATE)
    contact_name = forms.CharField(label=_("受访人"), max_length=50, required=False)
    handler_contacted = forms.ChoiceField(
        label=_("承办人是否与受援人联系"), choices=_blank(YesNo.choices[:3], _("联系上时必填")), required=False
    )
    money = forms.ChoiceField(
        label=_("承办人是否索要、收取财物或礼品"),
        choices=_blank(MoneyAnswer.choices, _("联系上时必填")),
        required=False,
    )
    attended_hearing = forms.ChoiceField(
        label=_("承办人是否出庭(参加调解、仲裁)"), choices=_blank(YesNo.choices, _("联系上时必填")), required=False
    )
    satisfaction = forms.TypedChoiceField(
        label=_("满意度"),
        choices=_blank(SATISFACTION_CHOICES, _("联系上时必填")),
        coerce=int,
        empty_value=None,
        required=False,
    )
    comments = forms.CharField(label=_("意见建议"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class CancelForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("取消原因"), max_length=200)


class ResolveForm(StyledFormMixin, forms.Form):
    resolution = forms.CharField(label=_("处理情况"), widget=forms.Textarea(attrs={"rows": 3}))


class CardAnswerForm(StyledFormMixin, forms.Form):
    """The aided person's rating: public page and staff entry of a paper card."""

    satisfaction = forms.TypedChoiceField(
        label=_("您对承办人的总体评价"), choices=SATISFACTION_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    handler_contacted = forms.ChoiceField(
        label=_("承办人是否与您联系"), choices=YesNo.choices[:3], widget=forms.RadioSelect
    )
    attended_hearing = forms.ChoiceField(
        label=_("承办人是否出庭或参加调解"), choices=YesNo.choices, widget=forms.RadioSelect
    )
    money = forms.ChoiceField(
        label=_("承办人是否向您索要或收取财物、礼品"), choices=MoneyAnswer.choices[:3], widget=forms.RadioSelect
    )
    comments = forms.CharField(
        label=_("意见和建议"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )


class PaperCardForm(CardAnswerForm):
    submitted_on = forms.DateField(label=_("交回日期"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["money"].choices = MoneyAnswer.choices


class CodeForm(StyledFormMixin, forms.Form):
    code = forms.CharField(label=_("回执码"), max_length=20, help_text=_("监督卡回执联上的 8 位码，如 K7QH-3MXP"))


class PeriodForm(StyledFormMixin, forms.Form):
    start = forms.DateField(label=_("指派日期自"), widget=DATE)
    end = forms.DateField(label=_("至"), widget=DATE)
    centre = forms.ModelChoiceField(label=_("法律援助中心"), queryset=Organisation.objects.none(), required=False)

    def __init__(self, *args, centres=None, **kwargs):
        super().__init__(*args, **kwargs)
        if centres is not None:
            self.fields["centre"].queryset = centres
            self.fields["centre"].empty_label = _("全部")

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end"):
            if data["end"] < data["start"]:
                self.add_error("end", _("结束日期不能早于开始日期。"))
            elif (data["end"] - data["start"]).days > 366:
                self.add_error("end", _("一次最多选择一年。"))
        return data


class ComplaintForm(StyledFormMixin, forms.ModelForm):
    case_number = forms.CharField(
        label=_("关联案号"), max_length=60, required=False, help_text=_("投诉涉及具体案件的，填写案号")
    )

    class Meta:
        model = Complaint
        fields = [
            "centre",
            "target",
            "handler",
            "complainant_kind",
            "complainant_name",
            "complainant_phone",
            "channel",
            "received_on",
            "summary",
        ]
        widgets = {"received_on": DATE, "summary": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"handler": _("投诉承办人且已填写案号的，可不选，默认为该案承办人")}

    def __init__(self, *args, centres, handlers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["centre"].queryset = centres
        self.fields["handler"].queryset = handlers
        self.fields["handler"].required = False
        self.fields["received_on"].initial = timezone.localdate


class AcceptForm(StyledFormMixin, forms.Form):
    accepted_on = forms.DateField(label=_("受理日期"), widget=DATE)


class DeclineForm(StyledFormMixin, forms.Form):
    decided_on = forms.DateField(label=_("决定日期"), widget=DATE)
    reason = forms.CharField(label=_("不予受理的理由"), widget=forms.Textarea(attrs={"rows": 3}))


class ConcludeForm(StyledFormMixin, forms.Form):
    concluded_on = forms.DateField(label=_("办结日期"), widget=DATE)
    outcome = forms.ChoiceField(label=_("调查结论"), choices=_blank(Complaint.Outcome.choices))
    findings = forms.CharField(label=_("调查情况"), widget=forms.Textarea(attrs={"rows": 3}))
    measures = forms.CharField(label=_("处理措施"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ReplyForm(StyledFormMixin, forms.Form):
    replied_on = forms.DateField(label=_("答复日期"), widget=DATE)
    reply = forms.CharField(label=_("答复内容"), widget=forms.Textarea(attrs={"rows": 3}))


class EnforcementForm(StyledFormMixin, forms.Form):
    instrument = forms.ChoiceField(label=_("法律文书"), choices=_blank(EnforcementWatch.Instrument.choices))
    instrument_number = forms.CharField(label=_("文书编号"), max_length=80)
    effective_on = forms.DateField(label=_("生效日期"), widget=DATE)
    obligor = forms.CharField(label=_("履行义务人"), max_length=100)
    schedule = forms.CharField(
        label=_("分期履行安排"),
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "2026-05-31,5000\n2026-08-31,5000"}),
        help_text=_("每行一期：应付日期，金额(元)，逗号全角半角均可。最后一期的日期即履行期间的最后一日。"),
    )
    note = forms.CharField(label=_("备注"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def clean_schedule(self) -> list[tuple[date, Decimal]]:
        rows, errors = [], []
        for number, raw in enumerate(self.cleaned_data["schedule"].splitlines(), start=1):
            line = normalise.instalment_line(raw)
            if not line:
                continue
            day, _sep, amount = line.partition(",")
            try:
                due = date.fromisoformat(day)
                value = Decimal(amount)
                if not value.is_finite() or value <= 0 or value != value.quantize(Decimal("0.01")):
                    raise InvalidOperation
            except (ValueError, InvalidOperation):
                errors.append(_("第 %(number)s 行应为“日期，金额”，如 2026-05-31,5000") % {"number": number})
                continue
            rows.append((due, value))
        if errors:
            raise forms.ValidationError(";".join(errors) + "。")
        if not rows:
            raise forms.ValidationError(_("请至少填写一期。"))
        return rows


class InstalmentForm(StyledFormMixin, forms.Form):
    received = forms.TypedChoiceField(
        label=_("履行情况"), choices=[("1", _("已收到")), ("0", _("未履行"))], coerce=lambda v: v == "1"
    )
    received_on = forms.DateField(label=_("收到日期"), widget=DATE, required=False)
    received_amount = forms.DecimalField(
        label=_("实收金额(元)"),
        min_value=Decimal("0.01"),
        decimal_places=2,
        required=False,
        help_text=_("留空表示按应付金额"),
    )
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class WatchCloseForm(StyledFormMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("结束原因"),
        choices=_blank(
            [
                (EnforcementWatch.Status.FULFILLED, _("已履行完毕")),
                (EnforcementWatch.Status.ENFORCEMENT_APPLIED, _("受援人已申请强制执行")),
                (EnforcementWatch.Status.CLOSED, _("其他原因停止跟踪")),
            ]
        ),
    )
    note = forms.CharField(label=_("说明"), widget=forms.Textarea(attrs={"rows": 2}))


class BulletinRequestForm(StyledFormMixin, forms.Form):
    centre = forms.ModelChoiceField(label=_("法律援助中心"), queryset=Organisation.objects.none())
    month = forms.CharField(label=_("月份"), widget=forms.DateInput(attrs={"type": "month"}), help_text=_("如 2026-03"))

    def __init__(self, *args, centres, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["centre"].queryset = centres

    def clean_month(self) -> date:
        raw = self.cleaned_data["month"].strip()
        try:
            return date.fromisoformat(f"{raw[:7]}-01")
        except ValueError as exc:
            raise forms.ValidationError(_("月份格式应为 2026-03。")) from exc


class PublicComplaintForm(StyledFormMixin, forms.Form):
    """The public complaint form (12348-style): a few plain questions, phone-friendly."""

    complainant_name = forms.CharField(label=_("您的姓名"), max_length=50)
    complainant_phone = forms.CharField(
        label=_("联系电话"), max_length=30, widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"})
    )
    complainant_kind = forms.ChoiceField(
        label=_("您的身份"), choices=Complaint.ComplainantKind.choices, widget=forms.RadioSelect
    )
    target = forms.ChoiceField(
        label=_("投诉对象"),
        choices=[(Complaint.Target.HANDLER, _("承办律师(承办人)")), (Complaint.Target.CENTRE, _("法律援助机构"))],
        widget=forms.RadioSelect,
    )
    case_number = forms.CharField(
        label=_("案号(可不填)"),
        max_length=60,
        required=False,
        help_text=_("见法律援助通知书或监督卡，如〔2026〕皖0422法援民字第0012号；括号和全角数字都可以。"),
    )
    centre = forms.ModelChoiceField(
        label=_("法律援助中心"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("填写了案号的可不选。"),
    )
    summary = forms.CharField(
        label=_("投诉事项"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("请写明发生了什么、什么时候、涉及谁。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["centre"].queryset = Organisation.objects.filter(
            kind__in=Organisation.CENTRE_KINDS, is_active=True
        ).order_by("name")

    def clean_complainant_phone(self) -> str:
        phone = normalise.phone(self.cleaned_data["complainant_phone"])
        if not normalise.looks_like_phone(phone):
            raise forms.ValidationError(_("请填写正确的电话号码，如 13800000000 或 0554-1234567。"))
        return phone

    def clean_case_number(self) -> str:
        return normalise.case_number(self.cleaned_data["case_number"])

    def clean(self):
        data = super().clean()
        if not data.get("case_number") and not data.get("centre") and "centre" not in self.errors:
            self.add_error("centre", _("请选择法律援助中心，或填写案号。"))
        return data

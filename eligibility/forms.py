"""Forms of eligibility: validation only; the services decide."""

from datetime import date
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from legalaid.forms import StyledFormMixin
from legalaid.validators import validate_phone, validate_resident_id

from .models import HouseholdMember, LegalAidCard, Objection, PledgeSpotCheck, Recovery, RefusalReason

MONEY = {"max_digits": 12, "decimal_places": 2, "min_value": Decimal("0")}


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MemberForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=50)
    relation = forms.ChoiceField(label=_("关系"), choices=[("", "—")] + HouseholdMember.Relation.choices)
    monthly_income = forms.DecimalField(label=_("月收入(元)"), **MONEY)
    income_source = forms.CharField(label=_("收入来源"), max_length=100, required=False)


MemberFormSet = forms.formset_factory(MemberForm, extra=6, max_num=20)


class ClaimForm(StyledFormMixin, forms.Form):
    # Optional: a claim pre-filled from intake is dropped by choosing "—" (the view skips blank rows).
    category = forms.ChoiceField(label=_("免审类别"), required=False)
    document_seen = forms.CharField(label=_("查验的证明材料(名称、编号)"), max_length=200, required=False)
    card_number = forms.CharField(label=_("法律援助卡号"), max_length=30, required=False)

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "—")] + [(c.code, c.name) for c in categories]


ClaimFormSet = forms.formset_factory(ClaimForm, extra=2, max_num=6)


class AssessmentForm(StyledFormMixin, forms.Form):
    household_assets = forms.DecimalField(
        label=_("家庭财产(元)"),
        required=False,
        help_text=_("本地区标准要求审查财产时必填"),
        max_digits=14,
        decimal_places=2,
        min_value=Decimal("0"),
    )
    integrity_pledge = forms.BooleanField(label=_("申请人已阅读并签署上述诚信承诺"), required=False)
    priority_group = forms.ChoiceField(label=_("简化程序重点人群(即申即批)"), required=False)
    notes = forms.CharField(label=_("审查说明"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, priority_groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["priority_group"].choices = [("", _("不属于"))] + [(g.code, g.name) for g in priority_groups]


class DecisionForm(StyledFormMixin, forms.Form):
    GRANT, REFUSE = "grant", "refuse"
    result = forms.ChoiceField(
        label=_("决定"),
        choices=[(GRANT, _("给予法律援助")), (REFUSE, _("不予法律援助"))],
        widget=forms.RadioSelect,
    )
    refusal_reasons = forms.MultipleChoiceField(
        label=_("不予援助理由(可多选)"),
        choices=RefusalReason.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    reason_text = forms.CharField(
        label=_("具体理由"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("不予法律援助时必填，将写入决定书"),
    )

    def clean(self):
        data = super().clean()
        if data.get("result") == self.REFUSE:
            if not data.get("refusal_reasons"):
                self.add_error("refusal_reasons", _("不予法律援助须选择理由。"))
            if not (data.get("reason_text") or "").strip():
                self.add_error("reason_text", _("不予法律援助须写明具体理由。"))
        return data


class CardForm(StyledFormMixin, forms.Form):
    issuing_centre = forms.ChoiceField(label=_("发卡机构"))
    holder_name = forms.CharField(label=_("持卡人姓名"), max_length=50)
    holder_id_number = forms.CharField(label=_("身份证号码"), max_length=18, validators=[validate_resident_id])
    holder_phone = forms.CharField(label=_("联系电话"), max_length=30, required=False, validators=[validate_phone])
    holder_address = forms.CharField(label=_("住址"), max_length=200, required=False)
    group = forms.ChoiceField(label=_("发卡对象类别"), choices=LegalAidCard.Group.choices)
    group_detail = forms.CharField(label=_("类别说明"), max_length=100, required=False)
    proof_document = forms.CharField(
        label=_("核验的证件"), max_length=200, help_text=_("如残疾人证、最低生活保障证的名称和编号")
    )
    issued_on = forms.DateField(label=_("发卡日期"), widget=date_input())
    valid_until = forms.DateField(label=_("有效期至"), widget=date_input(), required=False, help_text=_("留空为三年"))

    def __init__(self, *args, centres=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuing_centre"].choices = [(c.pk, c.name) for c in centres]
        self.fields["issued_on"].initial = timezone.localdate()

    def clean(self):
        data = super().clean()
        issued, until = data.get("issued_on"), data.get("valid_until")
        if issued and until and until < issued:
            self.add_error("valid_until", _("有效期不能早于发卡日期。"))
        return data


class CardRevokeForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("注销理由"), widget=forms.Textarea(attrs={"rows": 3}))


class CardCheckForm(StyledFormMixin, forms.Form):
    holder_id_number = forms.CharField(label=_("持卡人身份证号码"), max_length=18, validators=[validate_resident_id])
    card_number = forms.CharField(label=_("卡号(可不填)"), max_length=30, required=False)


def not_in_future(value: date) -> None:
    if value > timezone.localdate():
        raise forms.ValidationError(_("日期不能晚于今天。"))


class ObjectionForm(StyledFormMixin, forms.Form):
    objector_name = forms.CharField(label=_("异议人"), max_length=50)
    objector_phone = forms.CharField(label=_("联系电话"), max_length=30, required=False, validators=[validate_phone])
    filed_on = forms.DateField(label=_("提出异议日期"), widget=date_input(), validators=[not_in_future])
    grounds = forms.CharField(label=_("异议理由"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["filed_on"].initial = timezone.localdate()


class ObjectionDecisionForm(StyledFormMixin, forms.Form):
    result = forms.ChoiceField(
        label=_("审查结果"),
        choices=[
            (Objection.Status.UPHELD, Objection.Status.UPHELD.label),
            (Objection.Status.CORRECTION_ORDERED, Objection.Status.CORRECTION_ORDERED.label),
        ],
        widget=forms.RadioSelect,
    )
    decided_on = forms.DateField(label=_("审查决定日期"), widget=date_input(), validators=[not_in_future])
    opinion = forms.CharField(label=_("审查意见"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].initial = timezone.localdate()


class SpotCheckForm(StyledFormMixin, forms.Form):
    result = forms.ChoiceField(
        label=_("核查结果"),
        choices=[
            (PledgeSpotCheck.Status.CONFIRMED, PledgeSpotCheck.Status.CONFIRMED.label),
            (PledgeSpotCheck.Status.FALSE_PLEDGE, PledgeSpotCheck.Status.FALSE_PLEDGE.label),
        ],
        widget=forms.RadioSelect,
    )
    findings = forms.CharField(label=_("核查情况"), widget=forms.Textarea(attrs={"rows": 4}))
    cost_amount = forms.DecimalField(label=_("应退还的法律援助费用(元)"), required=False, **MONEY)


class RecoveryForm(StyledFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("状态"), choices=Recovery.Status.choices)
    cost_amount = forms.DecimalField(label=_("应退还的法律援助费用(元)"), required=False, **MONEY)
    fine_amount = forms.DecimalField(
        label=_("罚款(元)"), required=False, max_digits=8, decimal_places=2, min_value=0, max_value=3000
    )
    notes = forms.CharField(label=_("追缴情况"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

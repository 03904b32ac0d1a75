"""The public online application and status look-up: plain words, few fields, works on a phone."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from legalaid.models import MatterCategory, Organisation
from legalaid.validators import parse_resident_id, validate_mobile
from legalaid.vocabulary import CaseType

from ..services.public import CALL_TIME_WORDS
from .common import DATE, ChoiceStyledMixin, MultipleScanField, SubmissionTokenMixin

PUBLIC_CASE_TYPES = [
    (CaseType.CIVIL, _("民事纠纷(如欠款、婚姻家庭、交通事故、人身损害)")),
    (CaseType.LABOUR_ARBITRATION, _("劳动争议(如拖欠工资、工伤)")),
    (CaseType.CRIMINAL, _("刑事案件(本人或近亲属被追究刑事责任，或是犯罪受害人)")),
    (CaseType.ADMINISTRATIVE, _("与政府部门之间的争议(行政案件)")),
    (CaseType.NON_LITIGATION, _("其他，不打官司的事务")),
]


class PublicApplicationForm(ChoiceStyledMixin, SubmissionTokenMixin):
    """The public online form: plain words, few fields, works on a phone."""

    centre = forms.ModelChoiceField(
        label=_("向哪个法律援助中心申请"),
        queryset=Organisation.objects.filter(kind__in=Organisation.CENTRE_KINDS, is_active=True).order_by("path"),
        empty_label=_("— 请选择你所在的县(区) —"),
        help_text=_("一般选择你居住地或案件发生地的法律援助中心"),
    )
    name = forms.CharField(label=_("你的姓名"), max_length=50)
    id_number = forms.CharField(
        label=_("身份证号码"), max_length=18, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    phone = forms.CharField(
        label=_("手机号码"),
        max_length=11,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        help_text=_("工作人员会打这个电话联系你"),
    )
    address = forms.CharField(label=_("现在住在哪里"), max_length=200)
    case_type = forms.ChoiceField(label=_("遇到的是哪类问题"), choices=PUBLIC_CASE_TYPES, widget=forms.RadioSelect)
    facts = forms.CharField(
        label=_("请简单说说发生了什么事，希望得到什么帮助"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=3000,
    )
    opposing_party = forms.CharField(label=_("对方是谁(个人姓名或单位名称)"), max_length=100, required=False)
    deadline_date = forms.DateField(
        label=_("是否有快到期的日子(如诉讼时效、开庭、仲裁期限)"),
        widget=DATE,
        required=False,
        help_text=_("没有或不清楚可以不填"),
    )
    files = MultipleScanField(
        public=True,
        label=_("上传材料照片或扫描件(可不传)"),
        help_text=_("身份证、相关合同、欠条、判决书等；只能上传 PDF、JPG、PNG 文件"),
    )
    pledge = forms.BooleanField(label=_("我保证以上内容真实，愿意承担提供虚假信息的法律责任"))
    # Bots fill every field; people never see this one.
    website = forms.CharField(required=False, widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))

    def clean_id_number(self):
        number = self.cleaned_data["id_number"].strip().upper()
        parse_resident_id(number)
        return number

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        validate_mobile(phone)
        return phone

    def clean_deadline_date(self):
        deadline = self.cleaned_data.get("deadline_date")
        if deadline and deadline < timezone.localdate():
            raise ValidationError(_("这个日期已经过去了；如果期限已过，请在“发生了什么事”里说明。"))
        return deadline

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise ValidationError(_("提交失败，请刷新页面后重试。"))
        return ""


class PublicStatusForm(ChoiceStyledMixin, forms.Form):
    number = forms.CharField(label=_("受理编号"), max_length=20, widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    last4 = forms.CharField(
        label=_("身份证号码或手机号码的后4位"),
        min_length=4,
        max_length=4,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class PublicConsultationForm(ChoiceStyledMixin, SubmissionTokenMixin):
    """The online consultation (12348-style): a question left for the centre to call back."""

    centre = forms.ModelChoiceField(
        label=_("向哪个法律援助中心咨询"),
        queryset=Organisation.objects.filter(kind__in=Organisation.CENTRE_KINDS, is_active=True).order_by("path"),
        empty_label=_("— 请选择你所在的县(区) —"),
    )
    name = forms.CharField(label=_("怎么称呼你"), max_length=50)
    phone = forms.CharField(
        label=_("手机号码"),
        max_length=11,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        help_text=_("工作人员会打这个电话回复你"),
    )
    matter = forms.ModelChoiceField(
        label=_("问题属于哪一类"),
        queryset=MatterCategory.objects.filter(is_active=True).order_by("sort_order", "pk"),
        empty_label=_("— 不清楚可以不选 —"),
        required=False,
    )
    question = forms.CharField(
        label=_("你想咨询什么问题"), widget=forms.Textarea(attrs={"rows": 6}), max_length=2000, min_length=5
    )
    call_time = forms.ChoiceField(
        label=_("方便接电话的时间"), choices=list(CALL_TIME_WORDS.items()), initial="any", widget=forms.RadioSelect
    )
    consent = forms.BooleanField(label=_("我同意法律援助中心用这个号码给我回电和发短信"))
    # Bots fill every field; people never see this one.
    website = forms.CharField(required=False, widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        validate_mobile(phone)
        return phone

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise ValidationError(_("提交失败，请刷新页面后重试。"))
        return ""

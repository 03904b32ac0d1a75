"""Filing and working on an application."""

from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from legalaid.models import MatterCategory, Organisation
from legalaid.uploads import validate_scan
from legalaid.validators import validate_phone
from legalaid.vocabulary import CaseType, CriminalStage

from .. import clock, selectors, services
from ..models import (
    Application,
    MaterialRequirement,
    OpposingParty,
    PreliminaryReview,
    ServiceRequested,
)
from ..waivers import waiver_choices
from .common import DATE, DATETIME, DATETIME_FORMATS, ChoiceStyledMixin, MultipleScanField, SubmissionTokenMixin


class ApplicationForm(ChoiceStyledMixin, SubmissionTokenMixin):
    channel = forms.ModelChoiceField(label=_("申请渠道"), queryset=selectors.application_channels(), empty_label=None)
    receiving_organisation = forms.ModelChoiceField(
        label=_("接收机构"), queryset=Organisation.objects.none(), empty_label=None
    )
    received_at = forms.DateTimeField(
        label=_("接收时间"), widget=DATETIME, input_formats=DATETIME_FORMATS, help_text=_("审查期限自接收之日起计算")
    )
    applied_at = forms.DateTimeField(
        label=_("当事人提出申请时间"),
        widget=DATETIME,
        input_formats=DATETIME_FORMATS,
        required=False,
        help_text=_("看守所、值班律师转交时填写，用于核对24小时转交时限"),
    )
    representative_relationship = forms.ChoiceField(
        label=_("代为申请人与申请人关系"),
        choices=[("", "—")] + list(Application.Relationship.choices),
        required=False,
    )
    case_type = forms.ChoiceField(label=_("案件类型"), choices=CaseType.choices)
    criminal_stage = forms.ChoiceField(
        label=_("刑事诉讼阶段"), choices=[("", "—")] + list(CriminalStage.choices), required=False
    )
    matter = forms.ModelChoiceField(
        label=_("事项类别"),
        queryset=MatterCategory.objects.filter(is_active=True),
        required=False,
        empty_label=_("— 请选择 —"),
    )
    service_requested = forms.ChoiceField(label=_("申请援助事项"), choices=ServiceRequested.choices)
    facts = forms.CharField(label=_("案情及申请理由"), widget=forms.Textarea(attrs={"rows": 5}))
    deadline_date = forms.DateField(
        label=_("时效或期限届满日"),
        widget=DATE,
        required=False,
        help_text=_("距届满不足七日的，自动标记为紧急(先行提供)"),
    )
    deadline_kind = forms.ChoiceField(
        label=_("期限类型"), choices=[("", "—")] + list(Application.DeadlineKind.choices), required=False
    )
    needs_preservation = forms.BooleanField(label=_("需要证据保全、财产保全或先予执行"), required=False)
    urgent_reason = forms.CharField(label=_("其他紧急情形"), max_length=200, required=False)
    waiver_claimed = forms.ChoiceField(label=_("主张免予核查经济困难状况的类别"), required=False)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=30, required=False, validators=[validate_phone])

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        receivers = selectors.receiving_organisations(user)
        self.fields["receiving_organisation"].queryset = receivers
        self.fields["waiver_claimed"].choices = [("", _("不主张(需核查经济困难状况)"))] + waiver_choices()
        if not self.is_bound:
            profile_org = selectors.user_organisation(user)
            self.initial.setdefault("received_at", timezone.localtime().replace(second=0, microsecond=0))
            self.initial.setdefault("case_type", CaseType.CIVIL)
            self.initial.setdefault("service_requested", ServiceRequested.LITIGATION)
            if profile_org is not None:
                self.initial.setdefault("receiving_organisation", profile_org.pk)
                default_channel = (
                    "workstation" if profile_org.kind in Organisation.WORKSTATION_KINDS else "centre_window"
                )
                self.initial.setdefault("channel", default_channel)

    def clean(self):
        data = super().clean()
        received_at = data.get("received_at")
        if received_at and received_at > timezone.now() + timedelta(minutes=5):
            self.add_error("received_at", _("接收时间不能晚于当前时间。"))
        deadline = data.get("deadline_date")
        if deadline and received_at and deadline < timezone.localdate(received_at):
            self.add_error(
                "deadline_date",
                _("时效或期限届满日不能早于接收日期(%(date)s)。") % {"date": timezone.localdate(received_at)},
            )
        if data.get("case_type") == CaseType.CRIMINAL and not data.get("criminal_stage"):
            self.add_error("criminal_stage", _("刑事案件请选择诉讼阶段。"))
        applied_at = data.get("applied_at")
        if applied_at and received_at and applied_at > received_at:
            self.add_error("applied_at", _("当事人提出申请的时间不能晚于接收时间。"))
        return data


class ApplicationDetailsForm(ChoiceStyledMixin, forms.Form):
    """Correcting an open application's details."""

    case_type = ApplicationForm.base_fields["case_type"]
    criminal_stage = ApplicationForm.base_fields["criminal_stage"]
    matter = ApplicationForm.base_fields["matter"]
    service_requested = ApplicationForm.base_fields["service_requested"]
    facts = ApplicationForm.base_fields["facts"]
    deadline_date = ApplicationForm.base_fields["deadline_date"]
    deadline_kind = ApplicationForm.base_fields["deadline_kind"]
    needs_preservation = ApplicationForm.base_fields["needs_preservation"]
    urgent_reason = ApplicationForm.base_fields["urgent_reason"]
    waiver_claimed = forms.ChoiceField(label=_("主张免予核查经济困难状况的类别"), required=False)
    contact_phone = ApplicationForm.base_fields["contact_phone"]

    def __init__(self, *args, application: Application, **kwargs):
        self.application = application
        initial = {name: getattr(application, name) for name in self.base_fields if name != "matter"}
        kwargs.setdefault("initial", {**initial, "matter": application.matter_id})
        super().__init__(*args, **kwargs)
        self.fields["waiver_claimed"].choices = [("", _("不主张(需核查经济困难状况)"))] + waiver_choices()

    def clean(self):
        data = super().clean()
        deadline = data.get("deadline_date")
        received = timezone.localdate(self.application.received_at)
        if deadline and deadline < received:
            self.add_error("deadline_date", _("时效或期限届满日不能早于接收日期(%(date)s)。") % {"date": received})
        return data


class OpposingPartyForm(ChoiceStyledMixin, forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=OpposingParty.Kind.choices, initial=OpposingParty.Kind.PERSON)
    name = forms.CharField(label=_("姓名或名称"), max_length=100, required=False)
    id_number = forms.CharField(label=_("证件号码或统一社会信用代码"), max_length=40, required=False)
    birth_date = forms.DateField(label=_("出生日期"), widget=DATE, required=False)
    role = forms.CharField(label=_("诉讼地位或关系"), max_length=50, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=30, required=False, validators=[validate_phone])
    address = forms.CharField(label=_("住所地"), max_length=200, required=False)

    def clean(self):
        data = super().clean()
        birth = data.get("birth_date")
        if birth and birth > timezone.localdate():
            self.add_error("birth_date", _("出生日期不能晚于今天。"))
        if not data.get("name") and any(data.get(k) for k in ("id_number", "birth_date", "phone", "address")):
            self.add_error("name", _("请填写对方当事人姓名或名称。"))
        return data


OpposingPartyFormSet = forms.formset_factory(OpposingPartyForm, extra=2, max_num=20)


class UploadForm(ChoiceStyledMixin, forms.Form):
    """One scan and what it is (a checklist item or a free title)."""

    requirement = forms.ModelChoiceField(
        label=_("对应清单材料"),
        queryset=MaterialRequirement.objects.all(),
        required=False,
        empty_label=_("— 其他材料 —"),
    )
    title = forms.CharField(label=_("材料名称"), max_length=100, required=False)
    file = forms.FileField(
        label=_("扫描件(PDF/JPG/PNG)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            validate_scan(upload)
        return upload

    def scan(self) -> services.ScanUpload | None:
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        requirement = self.cleaned_data.get("requirement")
        return services.ScanUpload(upload, self.cleaned_data.get("title", ""), requirement.pk if requirement else None)


UploadFormSet = forms.formset_factory(UploadForm, extra=3, max_num=20)


class AttachmentsForm(ChoiceStyledMixin, forms.Form):
    files = MultipleScanField(label=_("上传扫描件(可多选)"))
    title = forms.CharField(label=_("材料名称"), max_length=100, required=False, help_text=_("留空则使用文件名"))

    def clean_files(self):
        files = self.cleaned_data.get("files") or []
        if not files:
            raise ValidationError(_("请选择要上传的文件。"))
        return files


class PreliminaryReviewForm(ChoiceStyledMixin, forms.Form):
    materials_complete = forms.TypedChoiceField(
        label=_("材料审查"),
        choices=[("1", _("材料齐全")), ("0", _("材料不齐全"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    provided_items = forms.MultipleChoiceField(
        label=_("已提交的材料"), required=False, widget=forms.CheckboxSelectMultiple
    )
    missing_items = forms.CharField(label=_("缺少的材料"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    waiver_basis = forms.ChoiceField(label=_("免予核查经济困难状况依据"), required=False)
    recommendation = forms.ChoiceField(label=_("初审意见"), choices=PreliminaryReview.Recommendation.choices)
    reasons = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, application: Application, **kwargs):
        super().__init__(*args, **kwargs)
        checklist = selectors.application_checklist(application)
        self.fields["provided_items"].choices = [(item.name, item.name) for item in checklist]
        self.fields["waiver_basis"].choices = [("", _("无(需核查经济困难状况)"))] + waiver_choices()
        if not self.is_bound:
            self.initial.setdefault("waiver_basis", application.waiver_claimed)
            uploaded = selectors.materials_provided(application)
            self.initial.setdefault("provided_items", [item.name for item in checklist if item.pk in uploaded])


class NoticeForm(ChoiceStyledMixin, forms.Form):
    items = forms.CharField(
        label=_("需要补充的全部材料(每行一项)"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("一次性告知：请把所有缺少的材料和需要说明的事项一次列全，之后不能再次告知。"),
    )
    due_date = forms.DateField(label=_("补充期限"), widget=DATE)
    note = forms.CharField(label=_("其他告知事项"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, application: Application, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            provided = selectors.materials_provided(application)
            missing = [
                item.name
                for item in selectors.application_checklist(application)
                if item.is_required and item.pk not in provided
            ]
            self.initial.setdefault("items", "\n".join(missing))
            self.initial.setdefault("due_date", timezone.localdate() + timedelta(days=clock.DEFAULT_NOTICE_DAYS))

    def clean_items(self):
        items = [line.strip(" \t-·•、0123456789.") for line in self.cleaned_data["items"].splitlines()]
        items = [item for item in items if item]
        if not items:
            raise ValidationError(_("请列出需要补充的全部材料。"))
        return items

    def clean_due_date(self):
        due = self.cleaned_data["due_date"]
        if due <= timezone.localdate():
            raise ValidationError(_("补充期限应晚于今天。"))
        return due


class SupplyForm(ChoiceStyledMixin, forms.Form):
    note = forms.CharField(
        label=_("补充情况"), widget=forms.Textarea(attrs={"rows": 3}), help_text=_("写明申请人补交了哪些材料")
    )
    files = MultipleScanField(label=_("补充材料扫描件(可多选)"))


class ReasonForm(ChoiceStyledMixin, forms.Form):
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)

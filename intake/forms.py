"""Forms: validation only. Services hold the rules; forms turn their DomainError into field errors."""

import uuid
from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from legalaid.errors import DomainError
from legalaid.forms import StyledFormMixin
from legalaid.models import MatterCategory, Organisation
from legalaid.selectors import visible_organisations
from legalaid.uploads import validate_scan
from legalaid.validators import mask_id_number, parse_resident_id, validate_mobile, validate_phone
from legalaid.vocabulary import CaseType, CriminalStage

from . import clock, selectors, services
from .models import (
    Application,
    Consultation,
    MaterialRequirement,
    OpposingParty,
    Person,
    PreliminaryReview,
    ServiceRequested,
)
from .waivers import waiver_choices

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

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("accept", ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png")

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data] if data else []
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


# ---------------------------------------------------------------- persons

PERSON_FORM_FIELDS = list(services.PERSON_FIELDS)

_person_fields = forms.fields_for_model(
    Person,
    fields=PERSON_FORM_FIELDS,
    widgets={"birth_date": DATE},
    help_texts={
        "id_number": _("填写居民身份证号码后,出生日期和性别将自动从号码中读取。"),
        "birth_date": _("无身份证号码时填写"),
        "household_division_code": _("6位行政区划代码,如寿县为340422"),
    },
)
PersonFieldsBase = type("PersonFieldsBase", (forms.Form,), dict(_person_fields))


class PersonForm(ChoiceStyledMixin, PersonFieldsBase):
    """A person's details. An ID number already registered is reported: with the person's name when
    they are in the user's scope, otherwise only as "registered" (the registry is no oracle)."""

    def __init__(self, *args, user, person: Person | None = None, **kwargs):
        self.user = user
        self.person = person
        self.duplicate: Person | None = None
        self.normalised: dict = {}
        if person is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(person, name) for name in PERSON_FORM_FIELDS}
        super().__init__(*args, **kwargs)
        self.fields["id_number"].widget.attrs.update({"autocomplete": "off", "data-person-lookup": "1"})

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            self.normalised = services.normalise_person_fields(data)
        except DomainError as error:
            apply_domain_error(self, error)
            return data
        number = self.normalised["id_number"]
        if number:
            existing = Person.objects.filter(id_number=number)
            if self.person is not None:
                existing = existing.exclude(pk=self.person.pk)
            self.duplicate = existing.first()
            if self.duplicate is not None:
                self.add_error("id_number", self.duplicate_message())
        return data

    def duplicate_in_scope(self) -> bool:
        return (
            self.duplicate is not None and selectors.persons_for_user(self.user).filter(pk=self.duplicate.pk).exists()
        )

    def duplicate_message(self) -> str:
        if not self.duplicate_in_scope():
            return _("该证件号码(%(number)s)已登记。请核对号码,或选择使用已登记的人员信息。") % {
                "number": mask_id_number(self.duplicate.id_number)
            }
        birth = self.duplicate.birth_date
        return _("该证件号码已登记为“%(name)s”(%(birth)s)。请核对号码,或选择使用已登记的人员信息。") % {
            "name": self.duplicate.name,
            "birth": _("%(date)s出生") % {"date": birth.isoformat()} if birth else _("出生日期不详"),
        }


class ApplicantForm(PersonForm):
    """The applicant (or representative) section of a filing: a new person, or one already registered.

    A registered person is linked only through `services.person_to_reuse`: one in the user's scope
    (picked from their records), or one anywhere whose full ID number was typed in this form.
    A posted id alone never reaches a person outside the scope.
    """

    use_existing = forms.BooleanField(label=_("使用已登记的人员信息"), required=False)
    existing = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, optional: bool = False, **kwargs):
        self.optional = optional
        self.existing_person: Person | None = None
        super().__init__(*args, **kwargs)
        if optional:
            self.fields["name"].required = False

    def _posted(self, name: str) -> str:
        if self.is_bound:
            return str(self.data.get(self.add_prefix(name)) or "").strip()
        return str(self.initial.get(name) or "").strip()

    @property
    def typed_id_number(self) -> str:
        """The ID number typed in this section now (the key to a person registered elsewhere)."""
        return self._posted("id_number")

    def _reusable(self) -> Person | None:
        return services.person_to_reuse(self.user, pk=self._posted("existing"), typed_id_number=self.typed_id_number)

    @property
    def offer(self) -> dict | None:
        """What the form says about a registered person: the name only for one in the user's scope."""
        person = self.duplicate or self._reusable()
        if person is None:
            return None
        if selectors.persons_for_user(self.user).filter(pk=person.pk).exists():
            birth = person.birth_date.isoformat() if person.birth_date else _("出生日期不详")
            text = _("该证件号码已登记:%(name)s,%(sex)s,%(birth)s 出生。") % {
                "name": person.name,
                "sex": person.get_sex_display() or _("性别不详"),
                "birth": birth,
            }
            return {"pk": person.pk, "text": text}
        typed = self._posted("id_number")
        return {"pk": "", "text": _("该证件号码(%(number)s)已登记。") % {"number": mask_id_number(typed)}}

    @property
    def use_existing_checked(self) -> bool:
        return bool(self._posted("use_existing"))

    def is_blank(self) -> bool:
        if not self.is_bound:
            return True
        return not any((self.data.get(self.add_prefix(name)) or "").strip() for name in ("name", "id_number"))

    def full_clean(self):
        if self.is_bound and self.use_existing_checked:
            self.existing_person = self._reusable()
            if self.existing_person is not None:
                self._errors = ErrorDict()
                self.cleaned_data = {}
                return
        if self.optional and self.is_blank():
            self._errors = ErrorDict()
            self.cleaned_data = {}
            return
        super().full_clean()

    def person_to_file(self, actor) -> Person | None:
        """The existing person chosen, a newly registered one, or None for an empty optional section."""
        if self.existing_person is not None:
            return self.existing_person
        if self.optional and self.is_blank():
            return None
        return services.person_create(actor=actor, **self.normalised)


# ---------------------------------------------------------------- applications


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
        help_text=_("看守所、值班律师转交时填写,用于核对24小时转交时限"),
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
        help_text=_("距届满不足七日的,自动标记为紧急(先行提供)"),
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
            uploaded = {a.requirement_id for a in application.attachments.all() if a.requirement_id}
            self.initial.setdefault("provided_items", [item.name for item in checklist if item.pk in uploaded])


class NoticeForm(ChoiceStyledMixin, forms.Form):
    items = forms.CharField(
        label=_("需要补充的全部材料(每行一项)"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("一次性告知:请把所有缺少的材料和需要说明的事项一次列全,之后不能再次告知。"),
    )
    due_date = forms.DateField(label=_("补充期限"), widget=DATE)
    note = forms.CharField(label=_("其他告知事项"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, application: Application, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            provided = {a.requirement_id for a in application.attachments.all()}
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


# ---------------------------------------------------------------- consultations


class ConsultationForm(ChoiceStyledMixin, SubmissionTokenMixin):
    """Short on purpose: a clerk records a consultation in under a minute."""

    channel = forms.ModelChoiceField(label=_("渠道"), queryset=selectors.consultation_channels(), empty_label=None)
    consulted_at = forms.DateTimeField(label=_("咨询时间"), widget=DATETIME, input_formats=DATETIME_FORMATS)
    visitor_name = forms.CharField(label=_("咨询人"), max_length=50, required=False)
    visitor_phone = forms.CharField(label=_("联系电话"), max_length=30, required=False, validators=[validate_phone])
    id_number = forms.CharField(
        label=_("身份证号码"), max_length=18, required=False, help_text=_("当事人愿意提供时填写,用于关联人员档案")
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
            self.add_error("visitor_name", _("填写身份证号码时,请同时填写咨询人姓名。"))
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


# ---------------------------------------------------------------- public online application

PUBLIC_CASE_TYPES = [
    (CaseType.CIVIL, _("民事纠纷(如欠款、婚姻家庭、交通事故、人身损害)")),
    (CaseType.LABOUR_ARBITRATION, _("劳动争议(如拖欠工资、工伤)")),
    (CaseType.CRIMINAL, _("刑事案件(本人或近亲属被追究刑事责任,或是犯罪受害人)")),
    (CaseType.ADMINISTRATIVE, _("与政府部门之间的争议(行政案件)")),
    (CaseType.NON_LITIGATION, _("其他,不打官司的事务")),
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
        label=_("请简单说说发生了什么事,希望得到什么帮助"),
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
        label=_("上传材料照片或扫描件(可不传)"),
        help_text=_("身份证、相关合同、欠条、判决书等;只能上传 PDF、JPG、PNG 文件"),
    )
    pledge = forms.BooleanField(label=_("我保证以上内容真实,愿意承担提供虚假信息的法律责任"))
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
            raise ValidationError(_("这个日期已经过去了;如果期限已过,请在“发生了什么事”里说明。"))
        return deadline

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise ValidationError(_("提交失败,请刷新页面后重试。"))
        return ""


class PublicStatusForm(ChoiceStyledMixin, forms.Form):
    number = forms.CharField(label=_("受理编号"), max_length=20, widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    last4 = forms.CharField(
        label=_("身份证号码或手机号码的后4位"),
        min_length=4,
        max_length=4,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

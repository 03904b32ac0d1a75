"""Intake: consultations, persons, applications from every channel, preliminary review,
one-time notices, the statutory clock and home visits.

Status changes happen only in `intake.services`; the models hold data and derived reads.
"""

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from legalaid.models import MatterCategory, Organisation, TransitionRecord
from legalaid.validators import validate_division_code, validate_phone
from legalaid.vocabulary import CaseType, CriminalStage, PersonGroup

ELDERLY_AGE = 60
ADULT_AGE = 18
MAJORITY_ETHNIC_GROUP = "汉族"


def age_on(birth_date: date | None, on: date) -> int | None:
    if birth_date is None:
        return None
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


class Channel(models.Model):
    """A way a consultation or an application reaches the network; edited in admin.

    `category` is the statistics channel (visit, phone, letter, online) the ministry counts.
    """

    class Category(models.TextChoices):
        VISIT = "visit", _("来访")
        PHONE = "phone", _("来电")
        LETTER = "letter", _("来信")
        ONLINE = "online", _("网络")
        FORWARDED = "forwarded", _("转交")

    code = models.SlugField(_("代码"), max_length=40, primary_key=True)
    name = models.CharField(_("名称"), max_length=60)
    category = models.CharField(_("统计渠道"), max_length=20, choices=Category.choices)
    for_consultation = models.BooleanField(_("用于咨询"), default=False)
    for_application = models.BooleanField(_("用于申请"), default=False)
    forward_hours = models.PositiveSmallIntegerField(
        _("转交时限(小时)"),
        null=True,
        blank=True,
        help_text=_("看守所、值班律师转交申请的时限(法律援助法第三十九条:24小时);不适用留空"),
    )
    description = models.CharField(_("说明"), max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=100)
    is_active = models.BooleanField(_("启用"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("渠道")
        verbose_name_plural = _("渠道")

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """One record per real person, keyed by their ID number when known."""

    class IdType(models.TextChoices):
        RESIDENT_ID = "resident_id", _("居民身份证")
        PASSPORT = "passport", _("护照")
        HK_MACAO_PERMIT = "hk_macao_permit", _("港澳居民来往内地通行证")
        TAIWAN_PERMIT = "taiwan_permit", _("台湾居民来往大陆通行证")
        FOREIGN_RESIDENCE = "foreign_residence", _("外国人永久居留身份证")
        OTHER = "other", _("其他证件")
        NONE = "none", _("未提供")

    class Sex(models.TextChoices):
        MALE = "M", _("男")
        FEMALE = "F", _("女")

    class DisabilityGrade(models.IntegerChoices):
        GRADE_1 = 1, _("一级")
        GRADE_2 = 2, _("二级")
        GRADE_3 = 3, _("三级")
        GRADE_4 = 4, _("四级")

    FOREIGN_ID_TYPES = (IdType.PASSPORT, IdType.FOREIGN_RESIDENCE)

    name = models.CharField(_("姓名"), max_length=50)
    id_type = models.CharField(_("证件类型"), max_length=30, choices=IdType.choices, default=IdType.RESIDENT_ID)
    id_number = models.CharField(_("证件号码"), max_length=40, blank=True)
    sex = models.CharField(_("性别"), max_length=1, choices=Sex.choices, blank=True)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    ethnicity = models.CharField(_("民族"), max_length=20, blank=True, default=MAJORITY_ETHNIC_GROUP)
    nationality = models.CharField(_("国籍"), max_length=40, default="中国")
    phone = models.CharField(_("联系电话"), max_length=30, blank=True, validators=[validate_phone])
    household_address = models.CharField(_("户籍地址"), max_length=200, blank=True)
    household_division_code = models.CharField(
        _("户籍地区划代码"), max_length=6, blank=True, validators=[validate_division_code]
    )
    residence_address = models.CharField(_("经常居住地址"), max_length=200, blank=True)
    residence_division_code = models.CharField(
        _("居住地区划代码"), max_length=6, blank=True, validators=[validate_division_code]
    )
    work_unit = models.CharField(_("工作单位"), max_length=100, blank=True)
    # Groups that cannot be derived from the ID, birth date, sex or ethnicity.
    is_disabled = models.BooleanField(_("残疾人"), default=False)
    disability_grade = models.PositiveSmallIntegerField(
        _("残疾等级"), choices=DisabilityGrade.choices, null=True, blank=True
    )
    is_migrant_worker = models.BooleanField(_("农民工"), default=False)
    is_service_member = models.BooleanField(_("军人军属"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("当事人")
        verbose_name_plural = _("当事人")
        constraints = [
            models.UniqueConstraint(
                fields=["id_number"], condition=~Q(id_number=""), name="intake_person_unique_id_number"
            ),
        ]
        indexes = [models.Index(fields=["name", "birth_date"], name="intake_person_name_birth")]

    def __str__(self) -> str:
        return self.name

    def age(self, on: date | None = None) -> int | None:
        return age_on(self.birth_date, on or timezone.localdate())

    @property
    def is_foreigner(self) -> bool:
        return self.id_type in self.FOREIGN_ID_TYPES or (bool(self.nationality) and self.nationality != "中国")

    def groups(self, on: date | None = None) -> list[str]:
        """The statistics groups (PersonGroup codes) this person belongs to on a date."""
        age = self.age(on)
        found = []
        if age is not None and age >= ELDERLY_AGE:
            found.append(PersonGroup.ELDERLY)
        if age is not None and age < ADULT_AGE:
            found.append(PersonGroup.MINOR)
        if self.sex == self.Sex.FEMALE:
            found.append(PersonGroup.WOMAN)
        if self.is_disabled:
            found.append(PersonGroup.DISABLED)
        if self.is_migrant_worker:
            found.append(PersonGroup.MIGRANT_WORKER)
        if self.is_service_member:
            found.append(PersonGroup.SERVICE_MEMBER)
        if self.ethnicity and self.ethnicity != MAJORITY_ETHNIC_GROUP:
            found.append(PersonGroup.ETHNIC_MINORITY)
        if self.is_foreigner:
            found.append(PersonGroup.FOREIGNER)
        return [str(g) for g in found]

    def group_labels(self, on: date | None = None) -> list[str]:
        """The groups' names as plain strings in the active language (lazy labels cannot be joined)."""
        labels = dict(PersonGroup.choices)
        return [str(labels[g]) for g in self.groups(on)]


class ServiceRequested(models.TextChoices):
    """Forms of legal aid an applicant may ask for (LAL 22)."""

    DOCUMENT_DRAFTING = "document_drafting", _("代拟法律文书")
    CRIMINAL_DEFENCE = "criminal_defence", _("刑事辩护")
    CRIMINAL_REPRESENTATION = "criminal_representation", _("刑事代理")
    LITIGATION = "litigation", _("民事、行政诉讼代理")
    NON_LITIGATION = "non_litigation", _("非诉讼代理")
    ARBITRATION = "arbitration", _("劳动争议调解与仲裁代理")
    STATE_COMPENSATION = "state_compensation", _("国家赔偿代理")


class Application(models.Model):
    """An application for legal aid, from whichever channel it came."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("已接收待受理")
        PRELIMINARY_REVIEW = "preliminary_review", _("工作站初审中")
        UNDER_REVIEW = "under_review", _("中心审查中")
        AWAITING_MATERIALS = "awaiting_materials", _("待补充材料")
        GRANTED = "granted", _("准予法律援助")
        REFUSED = "refused", _("不予法律援助")
        WITHDRAWN = "withdrawn", _("已撤回")
        DEEMED_WITHDRAWN = "deemed_withdrawn", _("视为撤回")

    OPEN_STATUSES = (Status.RECEIVED, Status.PRELIMINARY_REVIEW, Status.UNDER_REVIEW, Status.AWAITING_MATERIALS)
    CLOSED_STATUSES = (Status.GRANTED, Status.REFUSED, Status.WITHDRAWN, Status.DEEMED_WITHDRAWN)
    # Statuses in which the centre's 7-day decision clock runs.
    CLOCK_RUNNING_STATUSES = (Status.RECEIVED, Status.PRELIMINARY_REVIEW, Status.UNDER_REVIEW)

    class Relationship(models.TextChoices):
        GUARDIAN = "guardian", _("监护人(法定代理人)")
        SPOUSE = "spouse", _("配偶")
        PARENT = "parent", _("父母")
        CHILD = "child", _("子女")
        SIBLING = "sibling", _("兄弟姐妹")
        GRANDPARENT = "grandparent", _("祖父母、外祖父母")
        GRANDCHILD = "grandchild", _("孙子女、外孙子女")
        OTHER_RELATIVE = "other_relative", _("其他近亲属")

    class DeadlineKind(models.TextChoices):
        LIMITATION = "limitation", _("诉讼时效")
        PROCEDURAL = "procedural", _("诉讼、仲裁或复议期限")

    number = models.CharField(_("受理编号"), max_length=20, unique=True)
    applicant = models.ForeignKey(
        Person,
        verbose_name=_("申请人"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    representative = models.ForeignKey(
        Person,
        verbose_name=_("代为申请人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="represented_applications",
        help_text=_("无民事行为能力或限制民事行为能力人的法定代理人或近亲属(法律援助法第四十条)"),
    )
    representative_relationship = models.CharField(
        _("与申请人关系"), max_length=20, choices=Relationship.choices, blank=True
    )
    channel = models.ForeignKey(
        Channel,
        verbose_name=_("申请渠道"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    receiving_organisation = models.ForeignKey(
        Organisation, verbose_name=_("接收机构"), on_delete=models.PROTECT, related_name="received_applications"
    )
    centre = models.ForeignKey(
        Organisation, verbose_name=_("审查中心"), on_delete=models.PROTECT, related_name="centre_applications"
    )
    case_type = models.CharField(_("案件类型"), max_length=20, choices=CaseType.choices)
    criminal_stage = models.CharField(_("刑事诉讼阶段"), max_length=30, choices=CriminalStage.choices, blank=True)
    matter = models.ForeignKey(
        MatterCategory, verbose_name=_("事项类别"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    facts = models.TextField(_("案情及申请理由"))
    service_requested = models.CharField(_("申请援助事项"), max_length=30, choices=ServiceRequested.choices)
    deadline_date = models.DateField(_("时效或期限届满日"), null=True, blank=True)
    deadline_kind = models.CharField(_("期限类型"), max_length=20, choices=DeadlineKind.choices, blank=True)
    needs_preservation = models.BooleanField(_("需要证据保全、财产保全或先予执行"), default=False)
    is_urgent = models.BooleanField(_("紧急(先行提供)"), default=False, db_index=True)
    urgent_reason = models.CharField(_("紧急情形"), max_length=200, blank=True)
    waiver_claimed = models.CharField(
        _("申请免予核查经济状况的类别"), max_length=40, blank=True, help_text=_("免审类别代码,由审查环节确认")
    )
    applied_at = models.DateTimeField(
        _("当事人提出申请时间"), null=True, blank=True, help_text=_("看守所、值班律师转交时,当事人提出申请的时间")
    )
    received_at = models.DateTimeField(_("接收时间"), default=timezone.now)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision_due = models.DateField(_("决定期限"), db_index=True)
    paused_days = models.PositiveIntegerField(_("补充材料暂停天数"), default=0)
    paused_since = models.DateTimeField(_("暂停计时起"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    pre_provision_at = models.DateTimeField(_("先行提供决定时间"), null=True, blank=True)
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=30, choices=Status.choices, default=Status.RECEIVED, db_index=True)
    status_changed_at = models.DateTimeField(_("状态变更时间"), default=timezone.now)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True, validators=[validate_phone])
    # A one-time token rendered into the filing form: the same form submitted twice files once.
    submission_token = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("法律援助申请")
        verbose_name_plural = _("法律援助申请")
        indexes = [
            models.Index(fields=["centre", "status", "decision_due"], name="intake_app_queue"),
            models.Index(fields=["receiving_organisation", "status"], name="intake_app_receiver_status"),
        ]
        permissions = [
            ("review_application", _("受理和审查法律援助申请")),
            ("preliminary_review_application", _("工作站初审法律援助申请")),
            ("issue_materials_notice", _("发出一次性告知")),
            ("record_materials", _("登记补充材料")),
            ("approve_pre_provision", _("决定先行提供法律援助")),
            ("withdraw_application", _("登记撤回申请")),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.applicant.name}" if self.applicant_id else self.number

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_paused(self) -> bool:
        return self.status == self.Status.AWAITING_MATERIALS


class OpposingParty(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", _("自然人")
        ORGANISATION = "organisation", _("法人或其他组织")

    application = models.ForeignKey(
        Application, verbose_name=_("申请"), on_delete=models.CASCADE, related_name="opposing_parties"
    )
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.PERSON)
    name = models.CharField(_("姓名或名称"), max_length=100)
    id_number = models.CharField(_("证件号码或统一社会信用代码"), max_length=40, blank=True)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    role = models.CharField(_("诉讼地位或关系"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    address = models.CharField(_("住所地"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("对方当事人")
        verbose_name_plural = _("对方当事人")
        indexes = [
            models.Index(fields=["id_number"], name="intake_opp_id_number"),
            models.Index(fields=["name", "birth_date"], name="intake_opp_name_birth"),
        ]

    def __str__(self) -> str:
        return self.name


class ApplicationTransition(TransitionRecord):
    application = models.ForeignKey(
        Application, verbose_name=_("申请"), on_delete=models.PROTECT, related_name="transitions"
    )

    class Meta(TransitionRecord.Meta):
        verbose_name = _("申请状态变更记录")
        verbose_name_plural = _("申请状态变更记录")

    def __str__(self) -> str:
        return f"{self.application_id} {self.from_label}→{self.to_label}"


def attachment_path(instance, filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"intake/applications/{instance.application_id}/{timezone.now():%Y%m%d%H%M%S%f}.{suffix}"


class Attachment(models.Model):
    """A scanned document uploaded for an application; stored outside the web root."""

    class Source(models.TextChoices):
        FILING = "filing", _("申请时提交")
        SUPPLEMENT = "supplement", _("补充材料")
        ONLINE = "online", _("网上申请")

    application = models.ForeignKey(
        Application, verbose_name=_("申请"), on_delete=models.PROTECT, related_name="attachments"
    )
    requirement = models.ForeignKey(
        "MaterialRequirement",
        verbose_name=_("对应材料"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("材料名称"), max_length=100)
    file = models.FileField(_("文件"), upload_to=attachment_path)
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=50)
    size = models.PositiveIntegerField(_("大小(字节)"))
    source = models.CharField(_("来源"), max_length=20, choices=Source.choices, default=Source.FILING)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("申请材料")
        verbose_name_plural = _("申请材料")

    def __str__(self) -> str:
        return self.title


class MaterialRequirement(models.Model):
    """One item of the materials checklist, for a matter and/or a waiver category; edited in admin."""

    name = models.CharField(_("材料名称"), max_length=100)
    description = models.CharField(_("说明"), max_length=300, blank=True)
    matter = models.ForeignKey(
        MatterCategory,
        verbose_name=_("事项类别"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("留空表示所有事项都需要"),
    )
    case_type = models.CharField(
        _("案件类型"), max_length=20, choices=CaseType.choices, blank=True, help_text=_("留空表示不限")
    )
    waiver_category = models.CharField(
        _("免审类别代码"), max_length=40, blank=True, help_text=_("仅在申请人主张该免审类别时需要;留空表示不限")
    )
    is_required = models.BooleanField(_("必须提供"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=100)
    effective_from = models.DateField(_("生效日期"), default=date(2022, 1, 1))
    effective_to = models.DateField(_("失效日期"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("申请材料清单项")
        verbose_name_plural = _("申请材料清单")

    def __str__(self) -> str:
        return self.name


class PreliminaryReview(models.Model):
    """The workstation's first check of an application (初审), sent up to the centre."""

    class Recommendation(models.TextChoices):
        GRANT = "grant", _("建议给予法律援助")
        REFUSE = "refuse", _("建议不予法律援助")
        CENTRE_DECIDES = "centre_decides", _("提请中心审查决定")

    application = models.ForeignKey(
        Application, verbose_name=_("申请"), on_delete=models.PROTECT, related_name="preliminary_reviews"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("初审机构"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("初审人"), on_delete=models.PROTECT, related_name="+"
    )
    materials_complete = models.BooleanField(_("材料齐全"))
    provided_items = models.JSONField(_("已提交材料"), default=list, blank=True)
    missing_items = models.TextField(_("缺少的材料"), blank=True)
    waiver_basis = models.CharField(_("免予核查经济状况依据"), max_length=40, blank=True)
    recommendation = models.CharField(_("初审意见"), max_length=20, choices=Recommendation.choices)
    reasons = models.TextField(_("理由"))
    submitted_at = models.DateTimeField(_("报送时间"), default=timezone.now)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("初审意见")
        verbose_name_plural = _("初审意见")

    def __str__(self) -> str:
        return f"{self.application.number} {self.get_recommendation_display()}"


def notice_pdf_path(instance, filename: str) -> str:
    return f"intake/notices/{instance.application_id}/{filename}"


class MaterialsNotice(models.Model):
    """The one-time notice (一次性告知): every missing item, told at once in writing."""

    application = models.OneToOneField(
        Application, verbose_name=_("申请"), on_delete=models.PROTECT, related_name="materials_notice"
    )
    number = models.CharField(_("告知书编号"), max_length=30, unique=True)
    items = models.JSONField(_("需补充的材料"), default=list)
    note = models.TextField(_("其他告知事项"), blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("告知人"), on_delete=models.PROTECT, related_name="+"
    )
    issuing_organisation = models.ForeignKey(
        Organisation, verbose_name=_("告知机构"), on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(_("告知时间"), default=timezone.now)
    due_date = models.DateField(_("补充期限"))
    resume_status = models.CharField(_("补充后恢复的状态"), max_length=30, choices=Application.Status.choices)
    supplied_at = models.DateTimeField(_("补充时间"), null=True, blank=True)
    supplied_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    supply_note = models.TextField(_("补充情况"), blank=True)
    lapsed_at = models.DateTimeField(_("逾期视为撤回时间"), null=True, blank=True)
    pdf = models.FileField(_("告知书PDF"), upload_to=notice_pdf_path, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("一次性告知书")
        verbose_name_plural = _("一次性告知书")
        indexes = [models.Index(fields=["due_date"], name="intake_notice_due")]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.supplied_at is None and self.lapsed_at is None


class NoticeText(models.Model):
    """Wording of printed notices, effective-dated and edited in admin.

    The body may use {applicant}, {number}, {due_date}, {centre}, {received_date}, {decision_due}.
    """

    class Kind(models.TextChoices):
        MATERIALS_NOTICE = "materials_notice", _("一次性告知书")
        DEEMED_WITHDRAWAL = "deemed_withdrawal", _("视为撤回告知书")
        ACCEPTANCE_NOTICE = "acceptance_notice", _("初审案件受理通知书")
        RIGHTS_AND_DUTIES = "rights_and_duties", _("申请人权利义务告知")
        ONLINE_RECEIPT = "online_receipt", _("网上申请回执说明")

    kind = models.CharField(_("文书"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("标题"), max_length=100)
    body = models.TextField(_("正文"))
    effective_from = models.DateField(_("生效日期"), default=date(2022, 1, 1))
    effective_to = models.DateField(_("失效日期"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "-effective_from"]
        verbose_name = _("文书文本")
        verbose_name_plural = _("文书文本")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}({self.effective_from})"


def letter_pdf_path(instance, filename: str) -> str:
    return f"intake/letters/{instance.application_id}/{filename}"


class ApplicantLetter(models.Model):
    """A generated letter to the applicant (e.g. deemed withdrawal), kept as issued."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("申请"),
        on_delete=models.PROTECT,
        related_name="letters",
    )
    kind = models.CharField(_("文书"), max_length=30, choices=NoticeText.Kind.choices)
    body = models.TextField(_("正文"))
    created_at = models.DateTimeField(_("生成时间"), default=timezone.now)
    pdf = models.FileField(_("PDF"), upload_to=letter_pdf_path, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("致申请人文书")
        verbose_name_plural = _("致申请人文书")
        constraints = [models.UniqueConstraint(fields=["application", "kind"], name="intake_letter_once")]

    def __str__(self) -> str:
        return f"{self.application.number} {self.get_kind_display()}"


class Consultation(models.Model):
    """One entry of the consultation ledger (咨询台账)."""

    class Outcome(models.TextChoices):
        ANSWERED = "answered", _("已解答")
        REFERRED_TO_APPLICATION = "referred_to_application", _("引导申请法律援助")
        REFERRED_TO_AGENCY = "referred_to_agency", _("转介其他部门")
        CALL_BACK = "call_back", _("需回复")

    channel = models.ForeignKey(
        Channel, verbose_name=_("咨询渠道"), on_delete=models.PROTECT, related_name="consultations"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("接待机构"), on_delete=models.PROTECT, related_name="consultations"
    )
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("首问责任人"),
        on_delete=models.PROTECT,
        related_name="consultations_taken",
    )
    consulted_at = models.DateTimeField(_("咨询时间"), default=timezone.now, db_index=True)
    person = models.ForeignKey(
        Person, verbose_name=_("咨询人"), null=True, blank=True, on_delete=models.PROTECT, related_name="consultations"
    )
    visitor_name = models.CharField(_("咨询人姓名"), max_length=50, blank=True)
    visitor_phone = models.CharField(_("联系电话"), max_length=30, blank=True, validators=[validate_phone])
    matter = models.ForeignKey(
        MatterCategory, verbose_name=_("事项类别"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    question = models.TextField(_("咨询问题"))
    answer = models.TextField(_("解答摘要"), blank=True)
    outcome = models.CharField(_("处理结果"), max_length=30, choices=Outcome.choices, default=Outcome.ANSWERED)
    referred_agency = models.CharField(_("转介部门"), max_length=100, blank=True)
    application = models.ForeignKey(
        Application,
        verbose_name=_("转为申请"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    call_back_due = models.DateTimeField(_("回复期限"), null=True, blank=True)
    called_back_at = models.DateTimeField(_("回复时间"), null=True, blank=True)
    called_back_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("回复人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    call_back_note = models.TextField(_("回复内容"), blank=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("时长(分钟)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    submission_token = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-consulted_at", "-pk"]
        verbose_name = _("咨询记录")
        verbose_name_plural = _("咨询台账")
        indexes = [
            models.Index(fields=["organisation", "consulted_at"], name="intake_consult_org_time"),
            models.Index(fields=["call_back_due"], name="intake_consult_callback"),
        ]
        permissions = [("export_consultation", _("导出咨询台账"))]

    def __str__(self) -> str:
        return f"{self.consulted_at:%Y-%m-%d %H:%M} {self.display_name}"

    @property
    def display_name(self) -> str:
        return self.person.name if self.person_id else (self.visitor_name or str(_("匿名")))

    @property
    def awaits_call_back(self) -> bool:
        return self.call_back_due is not None and self.called_back_at is None


class HomeVisit(models.Model):
    """A home visit booked for an elderly or disabled person who cannot come in (上门服务)."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("已预约")
        DONE = "done", _("已上门")
        CANCELLED = "cancelled", _("已取消")

    person = models.ForeignKey(Person, verbose_name=_("服务对象"), on_delete=models.PROTECT, related_name="home_visits")
    application = models.ForeignKey(
        Application,
        verbose_name=_("相关申请"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="home_visits",
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("服务机构"), on_delete=models.PROTECT, related_name="home_visits"
    )
    scheduled_for = models.DateTimeField(_("预约时间"), db_index=True)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上门人员"), on_delete=models.PROTECT, related_name="home_visits"
    )
    address = models.CharField(_("上门地址"), max_length=200)
    purpose = models.CharField(_("事由"), max_length=200)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    outcome = models.TextField(_("服务结果"), blank=True)
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("预约人"), on_delete=models.PROTECT, related_name="+"
    )
    booked_at = models.DateTimeField(_("预约登记时间"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["scheduled_for", "pk"]
        verbose_name = _("上门服务")
        verbose_name_plural = _("上门服务")

    def __str__(self) -> str:
        return f"{self.person.name} {self.scheduled_for:%Y-%m-%d}"

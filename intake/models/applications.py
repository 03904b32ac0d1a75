"""Applications, their parties, scans, checklist and preliminary review."""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from legalaid.kernel.effective import EffectiveDated, period_constraint
from legalaid.models import MatterCategory, Organisation, TransitionRecord
from legalaid.validators import validate_phone
from legalaid.vocabulary import CaseType, CriminalStage

from .persons import Channel, Person, PersonAppearance, writes_any

LAL_IN_FORCE = date(2022, 1, 1)  # the Legal Aid Law's commencement: the default start of a rule row


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
    # The applicant's name kept on the row, for a search by a surname alone: walking a centre's applications
    # in the list's order and reading each applicant's person cost a random read per row (144 ms of SQL at a
    # million cases). Derived when saved; a person's renaming (intake.services.person_update) carries it.
    applicant_name = models.CharField(_("申请人姓名"), max_length=50, blank=True, default="", editable=False)
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
    # No index of its own: the indexes below lead with the centre.
    centre = models.ForeignKey(
        Organisation,
        verbose_name=_("审查中心"),
        on_delete=models.PROTECT,
        related_name="centre_applications",
        db_index=False,
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
        _("申请免予核查经济状况的类别"), max_length=40, blank=True, help_text=_("免审类别代码，由审查环节确认")
    )
    applied_at = models.DateTimeField(
        _("当事人提出申请时间"), null=True, blank=True, help_text=_("看守所、值班律师转交时，当事人提出申请的时间")
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
            # A centre's list, newest first (the default order): a page read from the index in order, its
            # persons and places joined for that page only (issue 14: 75 ms at 12,000 applications).
            models.Index(fields=["centre", "received_at", "id"], name="intake_app_centre_received"),
            models.Index(fields=["receiving_organisation", "status"], name="intake_app_receiver_status"),
            # Who appears at an organisation, from the index alone (the persons list's scope).
            models.Index(
                fields=["receiving_organisation"],
                include=["applicant", "representative"],
                name="intake_app_receiver_persons",
            ),
            # The grant clock: grants since the board's watermark only (cases.GrantWatermark), not every
            # grant ever made.
            models.Index(
                fields=["centre", "status_changed_at"],
                name="intake_app_granted_since",
                condition=models.Q(status="granted"),
            ),
            # The open applications' clock and queue figures (home panels, 我的待办, the board) from the
            # index alone: every column their counts read, only the rows still open (issue 14).
            models.Index(
                fields=["centre", "status", "decision_due", "received_at", "id"],
                include=["is_urgent", "needs_preservation", "deadline_date"],
                name="intake_app_open_queue",
                condition=models.Q(status__in=["received", "preliminary_review", "under_review", "awaiting_materials"]),
            ),
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

    def save(self, *args, **kwargs):
        # Kept here, as Organisation.path is, so that no way of writing an application leaves it unsearchable.
        if not self.applicant_name and self.applicant_id is not None:
            self.applicant_name = self.applicant.name
        super().save(*args, **kwargs)
        if writes_any(kwargs, "applicant", "representative", "receiving_organisation"):
            PersonAppearance.record(self.receiving_organisation_id, self.applicant_id, self.representative_id)

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


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


class MaterialRequirement(EffectiveDated):
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
        _("免审类别代码"), max_length=40, blank=True, help_text=_("仅在申请人主张该免审类别时需要；留空表示不限")
    )
    is_required = models.BooleanField(_("必须提供"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=100)
    effective_from = models.DateField(_("生效日期"), default=LAL_IN_FORCE)
    history = HistoricalRecords()

    # The same item for the same case type and waiver category holds once at any date.
    overlap_fields = ("name", "case_type", "waiver_category")

    class Meta:
        ordering = ["sort_order", "pk"]
        constraints = [period_constraint("intake_requirement_period")]
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

"""The organisation network, the people in it, and shared vocabularies."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..kernel.actors import ActorKind, actor_label
from ..kernel.transitions import status_label
from ..roles import CENTRE_ROLES, Role
from ..validators import validate_credit_code, validate_division_code, validate_phone
from ..vocabulary import CaseType, HandlerType


class User(AbstractUser):
    """An account. Chinese names are written family name first, without a space."""

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    @staticmethod
    def shown_name(last_name: str, first_name: str, username: str) -> str:
        """How an account is named on a page, from its columns alone (a roster read without records)."""
        return f"{last_name}{first_name}".strip() or username

    def get_full_name(self) -> str:
        return f"{self.last_name}{self.first_name}".strip()

    def __str__(self) -> str:
        return self.shown_name(self.last_name, self.first_name, self.username)


class Division(models.Model):
    """An administrative division (GB/T 2260), 6-digit code."""

    code = models.CharField(_("区划代码"), max_length=6, primary_key=True, validators=[validate_division_code])
    name = models.CharField(_("名称"), max_length=60)

    class Meta:
        ordering = ["code"]
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")

    def __str__(self) -> str:
        return f"{self.name}({self.code})"


class MatterCategory(models.Model):
    """A category of legal matter. Which categories are in scope where and when is eligibility's rule."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=60)
    case_type = models.CharField(
        _("主要案件类型"), max_length=20, choices=CaseType.choices, blank=True, help_text=_("留空表示不限")
    )
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=100)
    is_active = models.BooleanField(_("启用"), default=True)

    # A record is named by this column alone (__str__): a filter's select lists it without building records.
    LABEL_FIELD = "name"

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("事项类别")
        verbose_name_plural = _("事项类别")

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    class Kind(models.TextChoices):
        JUSTICE_BUREAU = "justice_bureau", _("司法局")
        CITY_CENTRE = "city_centre", _("市级法律援助中心")
        COUNTY_CENTRE = "county_centre", _("县(区)法律援助中心")
        TOWNSHIP_WORKSTATION = "township_workstation", _("乡镇(街道)工作站")
        COURT_WORKSTATION = "court_workstation", _("驻法院工作站")
        PROCURATORATE_WORKSTATION = "procuratorate_workstation", _("驻检察院工作站")
        DETENTION_WORKSTATION = "detention_workstation", _("驻看守所工作站")
        LIAISON_POINT = "liaison_point", _("联络点")
        PARTNER_OFFICE = "partner_office", _("部门联络中心")
        LAW_FIRM = "law_firm", _("律师事务所")
        LEGAL_SERVICE_OFFICE = "legal_service_office", _("基层法律服务所")
        FORENSIC_INSTITUTE = "forensic_institute", _("司法鉴定机构")
        NOTARY_OFFICE = "notary_office", _("公证处")

    CENTRE_KINDS = (Kind.CITY_CENTRE, Kind.COUNTY_CENTRE)
    WORKSTATION_KINDS = (
        Kind.TOWNSHIP_WORKSTATION,
        Kind.COURT_WORKSTATION,
        Kind.PROCURATORATE_WORKSTATION,
        Kind.DETENTION_WORKSTATION,
    )
    PROVIDER_KINDS = (Kind.LAW_FIRM, Kind.LEGAL_SERVICE_OFFICE, Kind.FORENSIC_INSTITUTE, Kind.NOTARY_OFFICE)

    name = models.CharField(_("名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=30, blank=True)
    kind = models.CharField(_("类型"), max_length=30, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级机构"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # Materialised path of ids ("/1/4/17/") so a subtree is one indexed prefix query.
    path = models.CharField(max_length=255, editable=False, db_index=True)
    division_code = models.CharField(_("行政区划代码"), max_length=6, validators=[validate_division_code])
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True, validators=[validate_credit_code])
    address = models.CharField(_("地址"), max_length=200, blank=True)
    phone = models.CharField(_("电话"), max_length=30, blank=True, validators=[validate_phone])
    opening_hours = models.CharField(_("办公时间"), max_length=100, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    history = HistoricalRecords()

    LABEL_FIELD = "name"  # as MatterCategory's

    class Meta:
        ordering = ["path"]
        verbose_name = _("机构")
        verbose_name_plural = _("机构")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # Keeping the materialised path in step with `parent` is data integrity, not
        # workflow, so it lives here where no write can bypass it.
        old_path = self.path
        if self.placed_under_itself():
            raise ValueError("An organisation cannot be placed under its own subtree.")
        super().save(*args, **kwargs)
        new_path = f"{self.parent.path if self.parent else '/'}{self.pk}/"
        if new_path != old_path:
            Organisation.objects.filter(pk=self.pk).update(path=new_path)
            if old_path:
                descendants = Organisation.objects.filter(path__startswith=old_path).exclude(pk=self.pk)
                for org in descendants:
                    Organisation.objects.filter(pk=org.pk).update(path=new_path + org.path[len(old_path) :])
            self.path = new_path

    def placed_under_itself(self) -> bool:
        return bool(self.path and self.parent and self.parent.path.startswith(self.path))

    def clean(self):
        if self.placed_under_itself():
            raise ValidationError({"parent": _("上级机构不能是本机构或其下级机构。")})

    @property
    def is_centre(self) -> bool:
        return self.kind in self.CENTRE_KINDS

    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/") if part]

    def responsible_centre(self) -> "Organisation | None":
        """The nearest legal-aid centre at or above this organisation."""
        if self.is_centre:
            return self
        centres = Organisation.objects.filter(id__in=self.ancestor_ids(), kind__in=self.CENTRE_KINDS)
        return max(centres, key=lambda org: len(org.path), default=None)

    def subtree(self) -> models.QuerySet["Organisation"]:
        return Organisation.objects.filter(path__startswith=self.path)


class UserProfile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="profile")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("所属机构"), on_delete=models.PROTECT, related_name="members"
    )
    role = models.CharField(_("角色"), max_length=30, choices=Role.choices)
    phone = models.CharField(_("电话"), max_length=30, blank=True, validators=[validate_phone])
    title = models.CharField(_("职务"), max_length=50, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("用户资料")
        verbose_name_plural = _("用户资料")

    def __str__(self) -> str:
        return f"{self.user.get_full_name() or self.user.username}({self.get_role_display()})"

    @property
    def works_for_centre(self) -> bool:
        return self.role in CENTRE_ROLES


class HandlerProfile(models.Model):
    """What assignment needs to know about a handler (承办人)."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("在岗")
        ON_LEAVE = "on_leave", _("休假")
        INACTIVE = "inactive", _("停止承办")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="handler_profile")
    handler_type = models.CharField(_("承办人类型"), max_length=30, choices=HandlerType.choices)
    licence_number = models.CharField(_("执业证号"), max_length=30, blank=True)
    practice_start_date = models.DateField(_("执业起始日期"), null=True, blank=True)
    criminal_defence_years = models.PositiveSmallIntegerField(_("刑事辩护执业年限"), default=0)
    specialties = models.ManyToManyField(MatterCategory, verbose_name=_("擅长领域"), blank=True)
    trained_for_minors = models.BooleanField(_("熟悉未成年人案件"), default=False)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    history = HistoricalRecords(m2m_fields=[specialties])

    class Meta:
        verbose_name = _("承办人资料")
        verbose_name_plural = _("承办人资料")

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.username

    @property
    def is_lawyer(self) -> bool:
        return self.handler_type in HandlerType.lawyers()


class TransitionRecord(models.Model):
    """Append-only history row of a status change: who, from, to, why, when.

    Each app subclasses it with a foreign key to its record (application, case, complaint); records
    without a table of their own use `StatusChange`. Rows are written only by
    `legalaid.kernel.transition` / `record_transition`. `actor` is empty when the system or the
    public acted, and `actor_kind` says which. These rows are the audit trail and a source for
    statistics: never edited or deleted.
    """

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), on_delete=models.PROTECT, null=True)
    actor_kind = models.CharField(_("操作人类型"), max_length=10, choices=ActorKind.choices, default=ActorKind.USER)
    from_status = models.CharField(_("原状态"), max_length=30, blank=True)
    to_status = models.CharField(_("新状态"), max_length=30)
    reason = models.TextField(_("理由"), blank=True)
    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]

    def subject_model(self) -> type[models.Model]:
        for field in self._meta.get_fields():
            if field.many_to_one and field.name != "actor":
                return field.related_model
        raise LookupError(type(self).__name__)

    @property
    def actor_display(self) -> str:
        return actor_label(self.actor, self.actor_kind)

    @property
    def from_label(self) -> str:
        return status_label(self.subject_model(), self.from_status)

    @property
    def to_label(self) -> str:
        return status_label(self.subject_model(), self.to_status)


class StatusChange(TransitionRecord):
    """History of the status of records that have no transition table of their own
    (follow-up visits, flags, home visits, recoveries, card batches, …)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")

    class Meta(TransitionRecord.Meta):
        verbose_name = _("状态变更记录")
        verbose_name_plural = _("状态变更记录")
        indexes = [models.Index(fields=["content_type", "object_id", "at"], name="statuschange_subject")]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id} {self.from_status}→{self.to_status}"

    def subject_model(self) -> type[models.Model]:
        return self.content_type.model_class()


class OutboxMessage(models.Model):
    """A side effect (a task to run) written in the same transaction as the change that implies it.

    Published to Celery after the commit, or later by the relay; see `legalaid.kernel.outbox`.
    """

    task = models.CharField(_("任务"), max_length=200)
    args = models.JSONField(_("参数"), default=list)
    key = models.CharField(_("去重键"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    available_at = models.DateTimeField(_("可发送时间"), default=timezone.now)
    published_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("失败次数"), default=0)
    last_error = models.TextField(_("最近错误"), blank=True)

    class Meta:
        verbose_name = _("待发任务")
        verbose_name_plural = _("待发任务")
        constraints = [
            models.UniqueConstraint(fields=["key"], condition=~models.Q(key=""), name="outbox_unique_key"),
        ]
        indexes = [
            models.Index(fields=["available_at"], condition=models.Q(published_at__isnull=True), name="outbox_waiting"),
        ]

    def __str__(self) -> str:
        return f"{self.task}{tuple(self.args)}"


from .documents import DocumentBatch, DocumentCounter, IssuedDocument  # noqa: E402 - refer to the network
from .duty import DutyShift  # noqa: E402 - refers to the network
from .notifications import (  # noqa: E402 - defined after the network they refer to
    ContactPreference,
    Message,
    MessageChannel,
    MessageEvent,
    MessageText,
)

__all__ = [
    "AccessRecord",
    "ContactPreference",
    "Division",
    "DocumentBatch",
    "DocumentCounter",
    "DutyShift",
    "HandlerProfile",
    "IssuedDocument",
    "MatterCategory",
    "Message",
    "MessageChannel",
    "MessageEvent",
    "MessageText",
    "Organisation",
    "OutboxMessage",
    "StatusChange",
    "TransitionRecord",
    "User",
    "UserProfile",
]


class AccessRecord(models.Model):
    """One display of personal data in full, one scan downloaded or one export taken: who, whose, what, when,
    from where. Append-only (cla_backend keeps such a log); the director reads it, nobody edits it."""

    class Kind(models.TextChoices):
        FULL_ID_NUMBER = "id_number", _("完整证件号码")
        FULL_PHONE = "phone", _("完整电话号码")
        SCAN = "scan", _("下载扫描件")
        EXPORT = "export", _("导出")
        DOCUMENT = "document", _("打印含个人信息的文书")
        LOOKUP = "lookup", _("跨机构查询")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("查看人"), on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("查看人所在机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    subject = models.CharField(_("涉及对象"), max_length=200, help_text=_("如当事人姓名(脱敏)或导出报表名称"))
    detail = models.CharField(_("内容"), max_length=300, blank=True)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    address = models.GenericIPAddressField(_("来源地址"), null=True, blank=True)
    path = models.CharField(_("页面"), max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("个人信息访问记录")
        verbose_name_plural = _("个人信息访问记录")
        indexes = [models.Index(fields=["content_type", "object_id"], name="access_subject")]

    def __str__(self) -> str:
        return f"{self.user} {self.get_kind_display()} {self.subject}"

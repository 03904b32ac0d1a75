"""Supervision during and after a case: activities, follow-up visits, and the flags they raise."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from legalaid.models import Organisation

from .common import SATISFACTION_CHOICES, MoneyAnswer, YesNo

User = settings.AUTH_USER_MODEL


class SupervisionActivity(models.Model):
    """Hearing observation, file inspection, or the opinion of the court or procuratorate (LAL 59)."""

    class Kind(models.TextChoices):
        HEARING_OBSERVATION = "hearing_observation", _("旁听庭审")
        FILE_INSPECTION = "file_inspection", _("案卷检查")
        AUTHORITY_OPINION = "authority_opinion", _("征询办案机关意见")

    case = models.ForeignKey(
        "cases.Case", verbose_name=_("案件"), on_delete=models.PROTECT, related_name="supervision_activities"
    )
    kind = models.CharField(_("监督方式"), max_length=30, choices=Kind.choices)
    date = models.DateField(_("日期"), help_text=_("旁听、检查的日期；征询意见为发函日期"))
    authority = models.CharField(_("法院或办案机关"), max_length=100, blank=True)
    observer = models.ForeignKey(
        User, verbose_name=_("监督人员"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    findings = models.TextField(_("情况记录"), blank=True)
    score = models.PositiveSmallIntegerField(
        _("评分"), null=True, blank=True, validators=[MaxValueValidator(100)], help_text=_("百分制，可不填")
    )
    opinion_received_on = models.DateField(_("收到意见日期"), null=True, blank=True)
    opinion = models.TextField(_("办案机关意见"), blank=True)
    recorded_by = models.ForeignKey(User, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("登记时间"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("监督活动")
        verbose_name_plural = _("监督活动")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%Y-%m-%d}"

    @property
    def awaits_opinion(self) -> bool:
        return self.kind == self.Kind.AUTHORITY_OPINION and self.opinion_received_on is None


class FollowUpVisit(models.Model):
    """A follow-up visit (回访) to the aided person: scheduled, then recorded with coded answers."""

    class Occasion(models.TextChoices):
        AFTER_ASSIGNMENT = "after_assignment", _("指派后回访")
        DURING_HANDLING = "during_handling", _("办案中回访")
        AFTER_CLOSING = "after_closing", _("结案后回访")
        MANUAL = "manual", _("专项回访")

    AUTOMATIC = (Occasion.AFTER_ASSIGNMENT, Occasion.DURING_HANDLING, Occasion.AFTER_CLOSING)

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("待回访")
        DONE = "done", _("已回访")
        CANCELLED = "cancelled", _("已取消")

    class Channel(models.TextChoices):
        PHONE = "phone", _("电话")
        VISIT = "visit", _("走访")
        LETTER = "letter", _("信函")
        SMS = "sms", _("短信")

    class Result(models.TextChoices):
        REACHED = "reached", _("已联系上")
        UNREACHABLE = "unreachable", _("无法接通")
        WRONG_NUMBER = "wrong_number", _("号码错误")
        REFUSED = "refused", _("拒绝回访")

    case = models.ForeignKey("cases.Case", verbose_name=_("案件"), on_delete=models.PROTECT, related_name="follow_ups")
    centre = models.ForeignKey(Organisation, verbose_name=_("法律援助中心"), on_delete=models.PROTECT, related_name="+")
    handler = models.ForeignKey(
        User, verbose_name=_("承办人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    occasion = models.CharField(_("回访类别"), max_length=20, choices=Occasion.choices)
    due_date = models.DateField(_("应回访日期"), db_index=True)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    scheduled_by = models.ForeignKey(
        User,
        verbose_name=_("安排人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("为空表示系统自动安排"),
    )
    scheduled_at = models.DateTimeField(_("安排时间"), default=timezone.now)
    note = models.CharField(_("回访事由"), max_length=200, blank=True)

    channel = models.CharField(_("回访方式"), max_length=20, choices=Channel.choices, blank=True)
    result = models.CharField(_("回访结果"), max_length=20, choices=Result.choices, blank=True)
    performed_on = models.DateField(_("回访日期"), null=True, blank=True)
    performed_by = models.ForeignKey(
        User, verbose_name=_("回访人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    contact_name = models.CharField(_("受访人"), max_length=50, blank=True)
    handler_contacted = models.CharField(_("承办人是否与受援人联系"), max_length=10, choices=YesNo.choices, blank=True)
    money = models.CharField(_("承办人是否索要、收取财物"), max_length=10, choices=MoneyAnswer.choices, blank=True)
    attended_hearing = models.CharField(_("承办人是否出庭"), max_length=10, choices=YesNo.choices, blank=True)
    satisfaction = models.PositiveSmallIntegerField(
        _("满意度"),
        null=True,
        blank=True,
        choices=SATISFACTION_CHOICES,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    comments = models.TextField(_("意见建议"), blank=True)
    recorded_at = models.DateTimeField(_("登记时间"), null=True, blank=True)
    cancelled_reason = models.CharField(_("取消原因"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("回访")
        verbose_name_plural = _("回访")
        constraints = [
            # Automatic scheduling is idempotent: one visit per case and automatic occasion.
            models.UniqueConstraint(
                fields=["case", "occasion"],
                condition=~Q(occasion="manual"),
                name="supervision_visit_one_per_occasion",
            )
        ]
        indexes = [
            models.Index(fields=["centre", "status", "due_date"], name="supervision_visit_due"),
            # The visit clock, scoped through the case: scheduled visits only, in due order.
            models.Index(
                fields=["due_date"], name="supervision_visit_scheduled", condition=models.Q(status="scheduled")
            ),
        ]
        permissions = [("record_follow_up", _("安排和登记回访"))]

    def __str__(self) -> str:
        return f"{self.case}·{self.get_occasion_display()}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.SCHEDULED


class SupervisionFlag(models.Model):
    """Something the centre director must look at: money asked or taken, or a dissatisfied aided person."""

    class Kind(models.TextChoices):
        MONEY = "money", _("索要或收取财物")
        DISSATISFIED = "dissatisfied", _("受援人不满意")

    class Source(models.TextChoices):
        FOLLOW_UP = "follow_up", _("回访")
        CARD = "card", _("质量监督卡")

    class Status(models.TextChoices):
        OPEN = "open", _("待处理")
        RESOLVED = "resolved", _("已处理")

    case = models.ForeignKey("cases.Case", verbose_name=_("案件"), on_delete=models.PROTECT, related_name="+")
    centre = models.ForeignKey(Organisation, verbose_name=_("法律援助中心"), on_delete=models.PROTECT, related_name="+")
    handler = models.ForeignKey(
        User, verbose_name=_("承办人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices)
    source = models.CharField(_("来源"), max_length=20, choices=Source.choices)
    visit = models.ForeignKey(
        FollowUpVisit, verbose_name=_("回访"), null=True, blank=True, on_delete=models.PROTECT, related_name="flags"
    )
    card_response = models.ForeignKey(
        "supervision.CardResponse",
        verbose_name=_("监督卡评价"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="flags",
    )
    detail = models.TextField(_("情况"))
    raised_at = models.DateTimeField(_("提出时间"), default=timezone.now)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.OPEN)
    resolved_by = models.ForeignKey(
        User, verbose_name=_("处理人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    resolution = models.TextField(_("处理情况"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-raised_at", "-pk"]
        verbose_name = _("监督预警")
        verbose_name_plural = _("监督预警")
        indexes = [models.Index(fields=["centre", "status"], name="supervision_flag_centre_status")]
        permissions = [("resolve_flag", _("处理监督预警"))]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}·{self.case}"

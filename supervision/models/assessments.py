"""Quality assessment of closed cases: one evaluation per file, by one or two reviewers."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.models import Case
from legalaid.models import Organisation, TransitionRecord

from .quality import QualityGrade, QualityRubric, RubricItem

User = settings.AUTH_USER_MODEL


class QualityAssessment(models.Model):
    class Status(models.TextChoices):
        IN_REVIEW = "in_review", _("评查中")
        FINALISED = "finalised", _("已评定")

    class Mode(models.TextChoices):
        ROUTINE = "routine", _("逐案评查")
        SAMPLE = "sample", _("随机抽查")

    class SubsidyAction(models.TextChoices):
        NONE = "none", _("不扣减")
        REDUCE = "reduce", _("扣减")
        WITHHOLD = "withhold", _("不予发放")

    MAX_REVIEWERS = 2

    case = models.OneToOneField(
        "cases.Case", verbose_name=_("案件"), on_delete=models.PROTECT, related_name="quality_assessment"
    )
    centre = models.ForeignKey(Organisation, verbose_name=_("法律援助中心"), on_delete=models.PROTECT, related_name="+")
    handler = models.ForeignKey(User, verbose_name=_("承办人"), on_delete=models.PROTECT, related_name="+")
    handler_organisation = models.ForeignKey(
        Organisation, verbose_name=_("承办机构"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    rubric = models.ForeignKey(QualityRubric, verbose_name=_("质量标准"), on_delete=models.PROTECT, related_name="+")
    rubric_snapshot = models.JSONField(_("评分标准快照"), default=dict)
    mode = models.CharField(_("评查方式"), max_length=20, choices=Mode.choices, default=Mode.ROUTINE)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.IN_REVIEW)
    total = models.DecimalField(_("得分"), max_digits=6, decimal_places=2, null=True, blank=True)
    percent = models.DecimalField(_("得分率(%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    grade = models.CharField(_("等次"), max_length=20, choices=QualityGrade.choices, blank=True)
    comment = models.TextField(_("评查意见"), blank=True)
    subsidy_action = models.CharField(_("补贴处理"), max_length=20, choices=SubsidyAction.choices, blank=True)
    subsidy_percent = models.PositiveSmallIntegerField(_("扣减比例(%)"), null=True, blank=True)
    subsidy_note = models.CharField(_("补贴处理结果"), max_length=200, blank=True)
    started_by = models.ForeignKey(User, verbose_name=_("发起人"), on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(_("发起时间"), default=timezone.now)
    finalised_by = models.ForeignKey(
        User, verbose_name=_("评定人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    finalised_at = models.DateTimeField(_("评定时间"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("案件质量评查")
        verbose_name_plural = _("案件质量评查")
        indexes = [
            models.Index(fields=["centre", "finalised_at"], name="supervision_qa_centre_final"),
            models.Index(fields=["handler", "finalised_at"], name="supervision_qa_handler_final"),
        ]
        permissions = [("assess_quality", _("评查案件质量"))]

    def __str__(self) -> str:
        return f"{self.case}·{self.get_grade_display() or self.get_status_display()}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if self.status == self.Status.FINALISED:
            # The case leaves the quality queue (Case.assessed_at) with the assessment's own transaction.
            Case.objects.filter(pk=self.case_id, assessed_at__isnull=True).update(
                assessed_at=self.finalised_at or timezone.now()
            )

    @property
    def is_final(self) -> bool:
        return self.status == self.Status.FINALISED

    @property
    def max_total(self) -> Decimal:
        return Decimal(self.rubric_snapshot.get("max_total", "0"))


class AssessmentTransition(TransitionRecord):
    assessment = models.ForeignKey(
        QualityAssessment, verbose_name=_("质量评查"), on_delete=models.PROTECT, related_name="transitions"
    )

    class Meta(TransitionRecord.Meta):
        verbose_name = _("质量评查记录")
        verbose_name_plural = _("质量评查记录")


class QualityReview(models.Model):
    """One reviewer's scoring of a file; a reviewer from a firm other than the handler's is a peer."""

    assessment = models.ForeignKey(
        QualityAssessment, verbose_name=_("质量评查"), on_delete=models.PROTECT, related_name="reviews"
    )
    reviewer = models.ForeignKey(User, verbose_name=_("评查人"), on_delete=models.PROTECT, related_name="+")
    reviewer_organisation = models.ForeignKey(
        Organisation, verbose_name=_("评查人所在机构"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    is_peer = models.BooleanField(_("同行评估"), default=False)
    total = models.DecimalField(_("得分"), max_digits=6, decimal_places=2)
    comment = models.TextField(_("评查意见"), blank=True)
    recorded_by = models.ForeignKey(User, verbose_name=_("录入人"), on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("录入时间"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["recorded_at", "pk"]
        verbose_name = _("评查人评分")
        verbose_name_plural = _("评查人评分")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "reviewer"], name="supervision_review_one_per_reviewer")
        ]

    def __str__(self) -> str:
        return f"{self.reviewer}:{self.total}"


class ItemScore(models.Model):
    review = models.ForeignKey(QualityReview, verbose_name=_("评分"), on_delete=models.PROTECT, related_name="scores")
    item = models.ForeignKey(RubricItem, verbose_name=_("评查项目"), on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(
        _("得分"), max_digits=5, decimal_places=1, validators=[MinValueValidator(Decimal("0"))]
    )
    comment = models.CharField(_("说明"), max_length=500, blank=True)

    class Meta:
        ordering = ["item__position", "pk"]
        verbose_name = _("项目得分")
        verbose_name_plural = _("项目得分")
        constraints = [models.UniqueConstraint(fields=["review", "item"], name="supervision_score_one_per_item")]

    def __str__(self) -> str:
        return f"{self.item_id}:{self.points}"

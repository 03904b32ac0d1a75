"""Quality standards: a rubric per case type and stage, its items and its grade bands."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from legalaid.kernel.effective import EffectiveDated, period_constraint
from legalaid.vocabulary import CaseType, CriminalStage


class QualityGrade(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    GOOD = "good", _("良好")
    PASS = "pass", _("合格")
    FAIL = "fail", _("不合格")


DEFAULT_BANDS = {
    QualityGrade.EXCELLENT: Decimal("90"),
    QualityGrade.GOOD: Decimal("75"),
    QualityGrade.PASS: Decimal("60"),
    QualityGrade.FAIL: Decimal("0"),
}


class QualityRubric(EffectiveDated):
    """The quality standard for one case type (and, for criminal cases, optionally one stage)."""

    name = models.CharField(_("名称"), max_length=100)
    case_type = models.CharField(_("案件类型"), max_length=20, choices=CaseType.choices)
    criminal_stage = models.CharField(
        _("刑事诉讼阶段"), max_length=30, choices=CriminalStage.choices, blank=True, help_text=_("留空表示适用所有阶段")
    )
    effective_from = models.DateField(_("生效日期"), default=date(2022, 1, 1))
    basis = models.CharField(_("依据"), max_length=200, blank=True)
    history = HistoricalRecords()

    overlap_fields = ("case_type", "criminal_stage")

    class Meta:
        ordering = ["case_type", "criminal_stage", "-effective_from"]
        verbose_name = _("案件质量标准")
        verbose_name_plural = _("案件质量标准")
        constraints = [period_constraint("supervision_rubric_period")]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if self.criminal_stage and self.case_type != CaseType.CRIMINAL:
            raise ValidationError({"criminal_stage": _("只有刑事案件区分诉讼阶段。")})

    @classmethod
    def for_case(cls, case_type: str, criminal_stage: str, on: date) -> "QualityRubric | None":
        """The rubric in force on `on`: the stage's own if there is one, else the case type's."""
        in_force = cls.objects.in_force(on).filter(case_type=case_type)
        if criminal_stage:
            own = in_force.filter(criminal_stage=criminal_stage).order_by("-effective_from").first()
            if own:
                return own
        return in_force.filter(criminal_stage="").order_by("-effective_from").first()

    @property
    def max_total(self) -> Decimal:
        return sum((item.max_points for item in self.items.all()), Decimal("0"))


class RubricItem(models.Model):
    """One scored item of a rubric, under one of the five measures of the 三三五 model."""

    class Measure(models.TextChoices):
        RELIABILITY = "reliability", _("服务能力的可靠性")
        CONDUCT = "conduct", _("服务行为的规范性")
        TIMELINESS = "timeliness", _("及时性")
        EFFECTIVENESS = "effectiveness", _("有效性")
        SATISFACTION = "satisfaction", _("受援人满意度")

    rubric = models.ForeignKey(
        QualityRubric, verbose_name=_("质量标准"), on_delete=models.CASCADE, related_name="items"
    )
    position = models.PositiveSmallIntegerField(_("序号"), default=1)
    measure = models.CharField(_("评价维度"), max_length=20, choices=Measure.choices)
    title = models.CharField(_("评查项目"), max_length=200)
    guidance = models.TextField(_("评分指引"), blank=True)
    max_points = models.DecimalField(
        _("满分"), max_digits=5, decimal_places=1, validators=[MinValueValidator(Decimal("0.5"))]
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["rubric", "position", "pk"]
        verbose_name = _("评查项目")
        verbose_name_plural = _("评查项目")

    def __str__(self) -> str:
        return _("%(position)s. %(title)s(%(points)s 分)") % {
            "position": self.position,
            "title": self.title,
            "points": self.max_points,
        }


class GradeBand(models.Model):
    """The lowest score (percentage of the maximum) that earns a grade under a rubric."""

    rubric = models.ForeignKey(
        QualityRubric, verbose_name=_("质量标准"), on_delete=models.CASCADE, related_name="bands"
    )
    grade = models.CharField(_("等次"), max_length=20, choices=QualityGrade.choices)
    min_percent = models.DecimalField(
        _("最低得分率(%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["rubric", "-min_percent"]
        verbose_name = _("等次分数线")
        verbose_name_plural = _("等次分数线")
        constraints = [models.UniqueConstraint(fields=["rubric", "grade"], name="supervision_band_unique_grade")]

    def __str__(self) -> str:
        return f"{self.get_grade_display()} ≥ {self.min_percent}%"

"""Rule tables edited in admin: case numbering, annual obligations, the closing checklist, subsidy rates.

The effective-dated ones inherit `EffectiveDated`: `Model.objects.in_force(day)` and no overlapping
periods for the same subject.
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from legalaid.kernel.effective import EffectiveDated, period_constraint
from legalaid.models import Organisation
from legalaid.validators import validate_division_code
from legalaid.vocabulary import CaseType, CriminalStage, HandlerType

from ..numbering import DEFAULT_PATTERN, PatternError, check_pattern

MONEY = {"max_digits": 14, "decimal_places": 2}


class CaseNumberSetting(models.Model):
    """How one centre numbers its cases; without a row the default pattern and region are used."""

    centre = models.OneToOneField(
        Organisation, verbose_name=_("法律援助中心"), on_delete=models.PROTECT, related_name="case_number_setting"
    )
    pattern = models.CharField(
        _("编号格式"),
        max_length=100,
        default=DEFAULT_PATTERN,
        help_text=_("占位符：{year} 年度、{region} 地区代字、{type} 案件类型代字、{seq:04d} 顺序号(四位补零)"),
    )
    region = models.CharField(_("地区代字"), max_length=20, blank=True, help_text=_("如“皖0422”；留空按区划代码生成"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("案件编号规则")
        verbose_name_plural = _("案件编号规则")

    def __str__(self) -> str:
        return f"{self.centre}:{self.pattern}"

    def clean(self):
        try:
            check_pattern(self.pattern)
        except PatternError as exc:
            raise ValidationError({"pattern": str(exc)}) from exc
        if self.centre_id and not self.centre.is_centre:
            raise ValidationError({"centre": _("编号规则只能为法律援助中心设置。")})


class CaseNumberCounter(models.Model):
    """The last number used per centre, year and case type; locked with SELECT ... FOR UPDATE."""

    centre = models.ForeignKey(Organisation, verbose_name=_("法律援助中心"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    case_type = models.CharField(_("案件类型"), max_length=20, choices=CaseType.choices)
    last_value = models.PositiveIntegerField(_("已用到的顺序号"), default=0)

    class Meta:
        verbose_name = _("案件编号计数器")
        verbose_name_plural = _("案件编号计数器")
        constraints = [
            models.UniqueConstraint(fields=["centre", "year", "case_type"], name="cases_counter_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.centre} {self.year} {self.get_case_type_display()}:{self.last_value}"


class AnnualObligation(EffectiveDated):
    """The minimum legal-aid cases a handler of a type should take each year (seed 003); effective-dated."""

    handler_type = models.CharField(_("承办人类型"), max_length=30, choices=HandlerType.choices)
    minimum_cases = models.PositiveSmallIntegerField(_("年度最低办案数"))
    effective_from = models.DateField(_("生效日期"), default=date(2022, 1, 1))
    note = models.CharField(_("依据"), max_length=200, blank=True)
    history = HistoricalRecords()

    overlap_fields = ("handler_type",)

    class Meta:
        ordering = ["handler_type", "-effective_from"]
        verbose_name = _("年度办案义务")
        verbose_name_plural = _("年度办案义务")
        constraints = [period_constraint("cases_annualobligation_period")]

    def __str__(self) -> str:
        return f"{self.get_handler_type_display()} ≥{self.minimum_cases}({self.effective_from})"


class ClosingChecklistItem(EffectiveDated):
    """One item of the closing-materials checklist for a case type and stage; effective-dated, edited in admin."""

    name = models.CharField(_("材料名称"), max_length=100)
    case_type = models.CharField(
        _("案件类型"), max_length=20, choices=CaseType.choices, blank=True, help_text=_("留空表示所有类型")
    )
    criminal_stage = models.CharField(
        _("刑事诉讼阶段"), max_length=30, choices=CriminalStage.choices, blank=True, help_text=_("留空表示所有阶段")
    )
    is_required = models.BooleanField(_("必须提交"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=100)
    effective_from = models.DateField(_("生效日期"), default=date(2022, 1, 1))
    history = HistoricalRecords()

    overlap_fields = ("name", "case_type", "criminal_stage")

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("结案材料清单项")
        verbose_name_plural = _("结案材料清单")
        constraints = [period_constraint("cases_checklistitem_period")]

    def __str__(self) -> str:
        return self.name


class SubsidyStandard(EffectiveDated):
    """The handler subsidy for a case type and stage in a region (LAL 52); effective-dated, edited in admin.

    A standard kept for a city or province applies to every county under it that has none of its own.
    """

    division_code = models.CharField(_("适用区划代码"), max_length=6, validators=[validate_division_code])
    case_type = models.CharField(_("案件类型"), max_length=20, choices=CaseType.choices)
    criminal_stage = models.CharField(
        _("刑事诉讼阶段"), max_length=30, choices=CriminalStage.choices, blank=True, help_text=_("留空表示所有阶段")
    )
    amount = models.DecimalField(_("补贴标准(元)"), validators=[MinValueValidator(Decimal("0"))], **MONEY)
    note = models.CharField(_("依据"), max_length=200, blank=True)
    history = HistoricalRecords()

    overlap_fields = ("division_code", "case_type", "criminal_stage")

    class Meta:
        ordering = ["division_code", "case_type", "criminal_stage", "-effective_from"]
        verbose_name = _("办案补贴标准")
        verbose_name_plural = _("办案补贴标准")
        constraints = [period_constraint("cases_subsidystandard_period")]

    def __str__(self) -> str:
        stage = f"·{self.get_criminal_stage_display()}" if self.criminal_stage else ""
        return _("%(region)s %(type)s%(stage)s %(amount)s 元") % {
            "region": self.division_code,
            "type": self.get_case_type_display(),
            "stage": stage,
            "amount": self.amount,
        }


class SubsidyExtra(EffectiveDated):
    """An extra amount on top of the standard (group case, work outside the region); effective-dated."""

    class Kind(models.TextChoices):
        GROUP_CASE = "group_case", _("群体性案件补贴")
        OUTSIDE_REGION = "outside_region", _("异地办案差旅补贴")

    division_code = models.CharField(_("适用区划代码"), max_length=6, validators=[validate_division_code])
    kind = models.CharField(_("类别"), max_length=30, choices=Kind.choices)
    amount = models.DecimalField(_("金额(元)"), validators=[MinValueValidator(Decimal("0"))], **MONEY)
    note = models.CharField(_("依据"), max_length=200, blank=True)
    history = HistoricalRecords()

    overlap_fields = ("division_code", "kind")

    class Meta:
        ordering = ["division_code", "kind", "-effective_from"]
        verbose_name = _("补贴加发标准")
        verbose_name_plural = _("补贴加发标准")
        constraints = [period_constraint("cases_subsidyextra_period")]

    def __str__(self) -> str:
        return _("%(region)s %(kind)s %(amount)s 元") % {
            "region": self.division_code,
            "kind": self.get_kind_display(),
            "amount": self.amount,
        }

"""Rules that change over time, kept as effective-dated rows edited in admin: hardship standards,
matter scope, waiver categories, priority groups and the pledge spot-check share."""

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from legalaid.kernel.effective import EffectiveDated, period_constraint
from legalaid.models import Division, MatterCategory

from ..regions import division_chain, level_of
from ..validators import validate_province_code, validate_region_code

CENT = Decimal("0.01")


def cents(value: Decimal | None) -> str | None:
    return None if value is None else str(Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP))


class HardshipStandard(EffectiveDated):
    """The economic-hardship standard of a division (LAL 34): a monthly per-capita household income line.

    Often set as a multiple of the local minimum-allowance line; then both are kept and the line
    is their product, rounded half-up to cents. A lookup falls back township → county → city → province.
    """

    division_code = models.CharField(
        _("地区代码"),
        max_length=9,
        db_index=True,
        validators=[validate_region_code],
        help_text=_("省、市、县6位行政区划代码，或乡镇(街道)9位代码"),
    )
    division_name = models.CharField(_("地区名称"), max_length=60, blank=True)
    monthly_per_capita_line = models.DecimalField(
        _("人均月收入标准(元)"),
        max_digits=10,
        decimal_places=2,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("家庭人均月收入不高于此数为经济困难；按低保标准倍数确定时可留空，自动计算"),
    )
    minimum_allowance_base = models.DecimalField(
        _("当地最低生活保障标准(元/人·月)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    multiple = models.DecimalField(
        _("倍数"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("如标准为低保标准的1.5倍，填 1.50"),
    )
    asset_limit = models.DecimalField(
        _("家庭财产限额(元)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("本地区同时审查家庭财产时填写；留空表示不审查财产"),
    )
    legal_basis = models.CharField(_("文件依据"), max_length=200, blank=True)
    notes = models.TextField(_("备注"), blank=True)
    history = HistoricalRecords()

    overlap_fields = ("division_code",)
    overlap_message = _("该地区已有有效期重叠的经济困难标准：{other}。请先修改原标准的失效日期。")

    class Meta:
        ordering = ["division_code", "-effective_from"]
        verbose_name = _("经济困难标准")
        verbose_name_plural = _("经济困难标准")
        constraints = [period_constraint("hardship_standard_period")]

    def __str__(self) -> str:
        return _("%(division)s 人均每月%(line)s元") % {
            "division": self.division_name or self.division_code,
            "line": self.monthly_per_capita_line,
        }

    @property
    def level(self) -> str:
        return level_of(self.division_code)

    def clean(self):
        if self.division_code:
            self.division_code = self.division_code.strip()
        has_base, has_multiple = self.minimum_allowance_base is not None, self.multiple is not None
        if has_base != has_multiple:
            field = "multiple" if has_base else "minimum_allowance_base"
            raise ValidationError({field: _("按低保标准倍数确定时，低保标准和倍数都要填写。")})
        if has_base:
            self.monthly_per_capita_line = (self.minimum_allowance_base * self.multiple).quantize(
                CENT, rounding=ROUND_HALF_UP
            )
        elif self.monthly_per_capita_line is None:
            raise ValidationError(
                {"monthly_per_capita_line": _("请填写人均月收入标准，或填写当地最低生活保障标准及倍数。")}
            )
        if not self.division_name and self.division_code:
            division = Division.objects.filter(code=self.division_code).first()
            if division:
                self.division_name = division.name
        super().clean()

    def snapshot(self) -> dict:
        """What a decision keeps of the standard it used, so it can be explained after the standard changes."""
        return {
            "id": self.pk,
            "division_code": self.division_code,
            "division_name": self.division_name,
            "monthly_per_capita_line": cents(self.monthly_per_capita_line),
            "minimum_allowance_base": cents(self.minimum_allowance_base),
            "multiple": cents(self.multiple),
            "asset_limit": cents(self.asset_limit),
            "effective_from": self.effective_from.isoformat(),
            "effective_to": self.effective_to.isoformat() if self.effective_to else None,
            "legal_basis": self.legal_basis,
        }


class MatterScope(EffectiveDated):
    """A matter category in scope (LAL 31-32): statutory everywhere, or supplementary for a province."""

    class Kind(models.TextChoices):
        STATUTORY = "statutory", _("法定事项")
        SUPPLEMENTARY = "supplementary", _("地方补充事项")

    matter = models.ForeignKey(
        MatterCategory, verbose_name=_("事项类别"), on_delete=models.PROTECT, related_name="scope_rules"
    )
    province_code = models.CharField(
        _("适用省份代码"),
        max_length=6,
        blank=True,
        validators=[validate_province_code],
        help_text=_("留空表示全国适用(法定事项)；地方补充事项填省级代码，如 340000"),
    )
    kind = models.CharField(_("性质"), max_length=20, choices=Kind.choices)
    means_test_required = models.BooleanField(
        _("需审查经济困难状况"), default=True, help_text=_("法律援助法第三十二条规定的事项不受经济困难条件限制")
    )
    legal_basis = models.CharField(_("依据"), max_length=200, blank=True)
    history = HistoricalRecords()

    overlap_fields = ("matter_id", "province_code")
    overlap_message = _("该事项在该省已有有效期重叠的范围规定：{other}。请先修改原规定的失效日期。")

    class Meta:
        ordering = ["province_code", "matter__sort_order", "-effective_from"]
        verbose_name = _("法律援助事项范围")
        verbose_name_plural = _("法律援助事项范围")
        constraints = [period_constraint("matter_scope_period")]

    def __str__(self) -> str:
        where = self.province_code or _("全国")
        return f"{self.matter}({self.get_kind_display()},{where})"

    def clean(self):
        if self.kind == self.Kind.SUPPLEMENTARY and not self.province_code:
            raise ValidationError({"province_code": _("地方补充事项必须填写适用省份。")})
        super().clean()

    def applies_in(self, region_code: str) -> bool:
        return not self.province_code or self.province_code == region_code[:2] + "0000"


class RegionalRule(EffectiveDated):
    """A rule set for the whole country (empty region) or for a division and everything under it."""

    region_code = models.CharField(
        _("适用地区代码"),
        max_length=9,
        blank=True,
        validators=[validate_region_code],
        help_text=_("留空表示全国适用；填写行政区划代码则适用于该地区及其下级地区"),
    )

    class Meta:
        abstract = True

    def applies_in(self, region_code: str) -> bool:
        return not self.region_code or self.region_code in division_chain(region_code)


class WaiverCategory(RegionalRule):
    """A category whose proof waives the means verification (LAL 42 and local rules)."""

    code = models.SlugField(_("代码"), max_length=40)
    name = models.CharField(_("名称"), max_length=80)
    legal_basis = models.CharField(_("依据"), max_length=200)
    proof_document = models.CharField(_("所需证明材料"), max_length=200)
    matters = models.ManyToManyField(
        MatterCategory,
        verbose_name=_("适用事项"),
        blank=True,
        related_name="waiver_categories",
        help_text=_("留空表示适用于所有事项"),
    )
    is_local = models.BooleanField(_("地方规定"), default=False)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=100)
    history = HistoricalRecords(m2m_fields=[matters])

    overlap_fields = ("code", "region_code")
    overlap_message = _("该代码在该地区已有有效期重叠的免审类别：{other}。请先修改原类别的失效日期。")

    class Meta:
        ordering = ["sort_order", "code", "-effective_from"]
        verbose_name = _("免审类别")
        verbose_name_plural = _("免审类别")
        constraints = [period_constraint("waiver_category_period")]

    def __str__(self) -> str:
        return self.name


class PriorityGroup(RegionalRule):
    """A group whose applications take the simplified, same-day path (即申即批)."""

    code = models.SlugField(_("代码"), max_length=40)
    name = models.CharField(_("名称"), max_length=80)
    legal_basis = models.CharField(_("依据"), max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=100)
    history = HistoricalRecords()

    overlap_fields = ("code", "region_code")

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("简化程序重点人群")
        verbose_name_plural = _("简化程序重点人群")
        constraints = [period_constraint("priority_group_period")]

    def __str__(self) -> str:
        return self.name


class SpotCheckPolicy(EffectiveDated):
    """What share of last month's pledge-based grants is drawn for verification (LAL 41)."""

    share_percent = models.DecimalField(
        _("抽查比例(%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    minimum_count = models.PositiveSmallIntegerField(_("每月至少抽查件数"), default=1)
    legal_basis = models.CharField(_("依据"), max_length=200, blank=True)
    history = HistoricalRecords()

    overlap_fields = ()
    overlap_message = _("已有有效期重叠的抽查规定：{other}。请先修改原规定的失效日期。")

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("诚信承诺抽查规定")
        verbose_name_plural = _("诚信承诺抽查规定")
        constraints = [period_constraint("spot_check_policy_period")]

    def __str__(self) -> str:
        return _("抽查 %(share)s%%(每月至少 %(minimum)s 件)") % {
            "share": self.share_percent,
            "minimum": self.minimum_count,
        }

"""The base of every effective-dated rule table (hardship standards, waivers, subsidy rates, policies…)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class EffectiveDatedQuerySet(models.QuerySet):
    def in_force(self, on: date):
        """Rows that hold on `on` (inclusive at both ends; an empty end is open)."""
        return self.filter(effective_from__lte=on).filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on))


class EffectiveDated(models.Model):
    """A row that holds from `effective_from` to `effective_to` (inclusive; open when empty).

    Rows for the same subject (`overlap_fields`, empty: the whole table) may not overlap: at any
    date exactly one applies. A subclass may redeclare `effective_from` to give it a default.
    """

    effective_from = models.DateField(_("生效日期"))
    effective_to = models.DateField(_("失效日期"), null=True, blank=True, help_text=_("含当日；留空表示长期有效"))

    overlap_fields: tuple[str, ...] = ()
    overlap_message = _("与已有记录的有效期重叠：{other}。请先修改原记录的失效日期。")

    objects = EffectiveDatedQuerySet.as_manager()

    class Meta:
        abstract = True

    def covers(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)

    @property
    def period_display(self) -> str:
        end = self.effective_to.isoformat() if self.effective_to else _("长期")
        return _("%(start)s 至 %(end)s") % {"start": self.effective_from.isoformat(), "end": end}

    def overlapping(self) -> models.QuerySet:
        siblings = type(self)._default_manager.filter(**{name: getattr(self, name) for name in self.overlap_fields})
        if self.pk:
            siblings = siblings.exclude(pk=self.pk)
        if self.effective_to is not None:
            siblings = siblings.filter(effective_from__lte=self.effective_to)
        return siblings.filter(Q(effective_to__isnull=True) | Q(effective_to__gte=self.effective_from))

    def clean(self):
        super().clean()
        if self.effective_from and self.effective_to and self.effective_to < self.effective_from:
            raise ValidationError({"effective_to": _("失效日期不能早于生效日期。")})
        if self.effective_from and all(getattr(self, name, None) is not None for name in self.overlap_fields):
            other = self.overlapping().first()
            if other is not None:
                raise ValidationError(
                    {"effective_from": str(self.overlap_message).format(other=f"{other}({other.period_display})")}
                )


def period_constraint(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(effective_to__isnull=True) | Q(effective_to__gte=models.F("effective_from")), name=name
    )

"""Answer vocabularies shared by follow-up visits and returned cards."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class YesNo(models.TextChoices):
    YES = "yes", _("是")
    NO = "no", _("否")
    UNKNOWN = "unknown", _("不清楚")
    NOT_APPLICABLE = "n/a", _("不适用")


class MoneyAnswer(models.TextChoices):
    """Did the handler ask for or take money or gifts? (LAL 20: legal aid is free.)"""

    NO = "no", _("没有")
    ASKED = "asked", _("索要过财物")
    TOOK = "took", _("收取过财物")
    UNKNOWN = "unknown", _("未回答")

    @classmethod
    def raises_flag(cls, value: str) -> bool:
        return value in (cls.ASKED, cls.TOOK)


SATISFACTION_CHOICES = [
    (5, _("非常满意")),
    (4, _("满意")),
    (3, _("一般")),
    (2, _("不满意")),
    (1, _("非常不满意")),
]
DISSATISFIED_AT_MOST = 2


def is_dissatisfied(satisfaction: int | None) -> bool:
    return satisfaction is not None and satisfaction <= DISSATISFIED_AT_MOST

"""Vocabularies every stage of the lifecycle uses (glossary in shared/domain.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseType(models.TextChoices):
    CRIMINAL = "criminal", _("刑事")
    CIVIL = "civil", _("民事")
    ADMINISTRATIVE = "administrative", _("行政")
    NON_LITIGATION = "non_litigation", _("非诉讼")
    LABOUR_ARBITRATION = "labour_arbitration", _("劳动仲裁")


class CriminalStage(models.TextChoices):
    INVESTIGATION = "investigation", _("侦查阶段")
    PROSECUTION_REVIEW = "prosecution_review", _("审查起诉阶段")
    FIRST_INSTANCE = "first_instance", _("一审阶段")
    SECOND_INSTANCE = "second_instance", _("二审阶段")
    DEATH_PENALTY_REVIEW = "death_penalty_review", _("死刑复核阶段")
    RETRIAL = "retrial", _("再审阶段")


class PersonGroup(models.TextChoices):
    """Groups counted in statistics; one person may belong to several."""

    ELDERLY = "elderly", _("老年人")
    MINOR = "minor", _("未成年人")
    WOMAN = "woman", _("妇女")
    DISABLED = "disabled", _("残疾人")
    MIGRANT_WORKER = "migrant_worker", _("农民工")
    SERVICE_MEMBER = "service_member", _("军人军属")
    ETHNIC_MINORITY = "ethnic_minority", _("少数民族")
    FOREIGNER = "foreigner", _("外国人")


class HandlerType(models.TextChoices):
    PRACTISING_LAWYER = "practising_lawyer", _("社会执业律师")
    CENTRE_LAWYER = "centre_lawyer", _("法律援助机构律师")
    LEGAL_SERVICE_WORKER = "legal_service_worker", _("基层法律服务工作者")
    VOLUNTEER = "volunteer", _("法律援助志愿者")
    NOTARY = "notary", _("公证员")
    FORENSIC_EXPERT = "forensic_expert", _("司法鉴定人")

    @classmethod
    def lawyers(cls) -> tuple[str, ...]:
        return (cls.PRACTISING_LAWYER, cls.CENTRE_LAWYER)

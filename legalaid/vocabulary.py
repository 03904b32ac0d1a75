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


# GB/T 2260 province prefixes and the one-character abbreviations used in document numbers.
PROVINCE_ABBREVIATIONS = {
    "11": "京",
    "12": "津",
    "13": "冀",
    "14": "晋",
    "15": "蒙",
    "21": "辽",
    "22": "吉",
    "23": "黑",
    "31": "沪",
    "32": "苏",
    "33": "浙",
    "34": "皖",
    "35": "闽",
    "36": "赣",
    "37": "鲁",
    "41": "豫",
    "42": "鄂",
    "43": "湘",
    "44": "粤",
    "45": "桂",
    "46": "琼",
    "50": "渝",
    "51": "川",
    "52": "黔",
    "53": "滇",
    "54": "藏",
    "61": "陕",
    "62": "甘",
    "63": "青",
    "64": "宁",
    "65": "新",
}


def default_region(division_code: str) -> str:
    """皖0422 for 340422: the province's abbreviation and the last four digits of the code."""
    code = (division_code or "").strip()
    return PROVINCE_ABBREVIATIONS.get(code[:2], "") + code[2:6]

"""Which means-test waiver categories an applicant may claim.

Eligibility owns the waiver table (effective-dated rows); intake never imports it. Instead,
eligibility registers a provider at start-up (`register_waiver_provider(func)`, func returning
[(code, label), ...] effective today), and intake stores the chosen code as a string. Until a
provider is registered, the codes named in the materials checklist are offered.
"""

from collections.abc import Callable

from django.utils.translation import gettext_lazy as _

from .models import MaterialRequirement

_providers: list[Callable[[], list[tuple[str, str]]]] = []

# Labels for the codes the default materials checklist uses (see seed_data.MATERIALS).
DEFAULT_LABELS = {
    "social_assistance": _("社会救助对象(低保、特困供养)"),
    "five_guarantee": _("五保供养对象"),
    "no_income_disabled": _("无固定生活来源的残疾人"),
    "no_income_elderly": _("无固定生活来源的老年人"),
    "legal_aid_card": _("法律援助卡持卡人"),
    "migrant_worker": _("申请支付劳动报酬或工伤赔偿的进城务工人员"),
}


def register_waiver_provider(provider: Callable[[], list[tuple[str, str]]]) -> None:
    if provider not in _providers:
        _providers.append(provider)


def waiver_choices() -> list[tuple[str, str]]:
    for provider in _providers:
        choices = provider()
        if choices:
            return list(choices)
    codes = (
        MaterialRequirement.objects.exclude(waiver_category="")
        .values_list("waiver_category", flat=True)
        .distinct()
        .order_by("waiver_category")
    )
    return [(code, str(DEFAULT_LABELS.get(code, code))) for code in codes]


def waiver_label(code: str) -> str:
    if not code:
        return ""
    return dict(waiver_choices()).get(code, code)

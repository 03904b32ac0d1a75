"""Which means-test waiver categories an applicant may claim.

Eligibility owns the waiver table (effective-dated rows); intake never imports it. Instead,
eligibility registers a provider at start-up (`register_waiver_provider(func)`, func returning
[(code, label), ...] effective today), and intake stores the chosen code as a string. Until a
provider is registered, the codes named in the materials checklist are offered.
"""

from collections.abc import Callable

from .models import MaterialRequirement

_providers: list[Callable[[], list[tuple[str, str]]]] = []

# Labels for the codes the default materials checklist uses (see seed_data.MATERIALS).
DEFAULT_LABELS = {
    "minimum_allowance": "城乡居民最低生活保障对象",
    "extreme_poverty": "特困供养人员",
    "severe_disability": "无固定生活来源的残疾人",
    "legal_aid_card": "持有法律援助卡",
    "migrant_worker_wages": "农民工请求支付劳动报酬或工伤赔偿",
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
    return [(code, DEFAULT_LABELS.get(code, code)) for code in codes]


def waiver_label(code: str) -> str:
    if not code:
        return ""
    return dict(waiver_choices()).get(code, code)

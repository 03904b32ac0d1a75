"""The rules in force in a region on a date: standard, scope, waiver categories, priority groups."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from legalaid.selectors import user_profile
from legalaid.validators import PROVINCE_PREFIXES

from .. import selectors
from ..models import MatterScope
from ..regions import is_region_code
from ..rulebook import RuleBook

DEFAULT_REGION = "340000"


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return timezone.localdate()


@login_required
@permission_required("eligibility.view_hardshipstandard", raise_exception=True)
def rules(request):
    profile = user_profile(request.user)
    home = profile.organisation.division_code if profile else DEFAULT_REGION
    region = request.GET.get("region", "").strip() or home
    if not is_region_code(region) or region[:2] not in PROVINCE_PREFIXES:
        messages.error(request, _("地区代码应为6位行政区划代码或9位乡镇代码。"))
        region = home
    day = _day(request.GET.get("date", ""))
    book = RuleBook.load()
    scopes = sorted(book.scope_rules(region, day), key=lambda s: (s.kind, s.matter.sort_order))
    return render(
        request,
        "eligibility/rules.html",
        {
            "region": region,
            "day": day,
            "standard": book.standard_for(region, day),
            "standards": selectors.standards_history(region),
            "statutory": [s for s in scopes if s.kind == MatterScope.Kind.STATUTORY],
            "supplementary": [s for s in scopes if s.kind == MatterScope.Kind.SUPPLEMENTARY],
            "waivers": book.waivers_on(region, day),
            "priority_groups": selectors.priority_groups_on(region, day),
        },
    )

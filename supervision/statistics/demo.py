"""Demo statistics: 寿县's targets for this year and the past twelve months' reports, filed as the
monthly job would have filed them (safe to run twice: a filed month is left as it is).

Called by `supervision.demo.seed_demo` after the demo cases exist.
"""

from django.utils import timezone

from legalaid.models import Organisation, User

from ..models.statistics import AnnualTarget
from . import filing, periods

# (organisation name, cases, other matters): 寿县 and its breakdown.
TARGETS = [
    ("寿县法律援助中心", 180, 1800),
    ("寿春镇法律援助工作站", 30, 300),
    ("安丰塘镇法律援助工作站", 20, 200),
    ("安徽寿州律师事务所", 40, 0),
]


def seed_demo(stdout=None) -> None:
    year = timezone.localdate().year
    director = User.objects.filter(username="director").first()
    if director is not None:
        for name, cases, other in TARGETS:
            organisation = Organisation.objects.filter(name=name).first()
            if organisation is not None:
                AnnualTarget.objects.get_or_create(
                    organisation=organisation,
                    year=year,
                    defaults={
                        "cases": cases,
                        "other_matters": other,
                        "basis": "县政府为民办实事项目",
                        "set_by": director,
                    },
                )
    today = timezone.localdate()
    result = filing.file_closed_months(today, since=periods.add_months(today, -12))
    if stdout is not None:
        targets = AnnualTarget.objects.filter(year=year).count()
        stdout.write(f"统计：年度目标 {targets} 项，过去12个月月报表新生成 {result['generated']} 份")

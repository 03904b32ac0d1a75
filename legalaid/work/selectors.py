"""What awaits a user: the registered figures that are their role's work, with rows or counts only."""

from datetime import date

from django.urls import reverse
from django.utils import timezone

from legalaid import figures
from legalaid.selectors import user_role

WORK_LIMIT = 10


def work_figures(user) -> list[figures.Figure]:
    """The figures that are this user's work: their role's, and only those they may see."""
    role = user_role(user)
    if role is None:
        return []
    return [f for f in figures.registered() if role in f.roles and figures.may_see(f, user)]


def work_for_user(user, *, today: date | None = None, limit: int = WORK_LIMIT) -> dict:
    """Each non-empty kind of work with its total, overdue count and first `limit` rows (none when
    `limit` is 0: the counts alone, as the home panel shows them). Overdue kinds first."""
    today = today or timezone.localdate()
    horizon = figures.horizon_for(today)
    chosen = work_figures(user)
    list_urls = {figure.name: figure.list_url for figure in chosen}
    sections = []
    for section in figures.sections(chosen, user, today=today, horizon=horizon, limit=limit):
        if not section["total"]:
            continue
        list_url = list_urls[section["kind"]]
        section["list_url"] = reverse(list_url) if list_url else ""
        sections.append(section)
    sections.sort(key=lambda section: not section["overdue"])
    return {
        "today": today,
        "sections": sections,
        "total": sum(section["total"] for section in sections),
        "overdue": sum(section["overdue"] for section in sections),
    }

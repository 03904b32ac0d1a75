"""Navigation and home-page panels that apps register in their AppConfig.ready().

legalaid imports no lifecycle app; each app adds its own menu entries and home
panels here, and the base template and home view show those the user may use.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .roles import Role

DIRECTOR_ONLY = frozenset({Role.CENTRE_DIRECTOR})


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: str | None = None
    roles: frozenset[str] = field(default_factory=frozenset)  # empty: any role
    order: int = 100
    group: str = ""  # menu heading; empty: derived from the URL namespace (see MENU_GROUPS)


# Menu headings by URL-name prefix, in menu order; the first matching prefix wins.
MENU_GROUPS = [
    ("work", _("我的待办")),
    ("intake:", _("咨询受理")),
    ("eligibility:", _("审查决定")),
    ("cases:", _("案件办理")),
    ("supervision:statistics", _("统计分析")),
    ("supervision:", _("质量监督")),
    ("", _("系统")),
]


@lru_cache(maxsize=512)
def menu_group_index(url_name: str) -> int:
    """The place in MENU_GROUPS of an entry's heading, from its URL name (fixed: looked up once per entry)."""
    return next(index for index, (prefix, _label) in enumerate(MENU_GROUPS) if url_name.startswith(prefix))


def _heading(key: int | str) -> tuple[str, int]:
    """A group's heading in the current language and its place in the menu (an entry's own heading that
    names a standard one joins it; any other comes last)."""
    if isinstance(key, int):
        return str(MENU_GROUPS[key][1]), key
    heading = str(key)
    return heading, next((i for i, (_prefix, label) in enumerate(MENU_GROUPS) if str(label) == heading), 99)


@dataclass(frozen=True)
class HomePanel:
    """A block on the home page: `context(request)` returns the template's context or None to hide it."""

    template_name: str
    context: Callable
    roles: frozenset[str] = field(default_factory=frozenset)
    permission: str | None = None
    order: int = 100


NAV_ITEMS: list[NavItem] = []
HOME_PANELS: list[HomePanel] = []


def register_nav(item: NavItem) -> None:
    if item not in NAV_ITEMS:
        NAV_ITEMS.append(item)
        NAV_ITEMS.sort(key=lambda i: i.order)
        _menu.cache_clear()
        _menu_html.cache_clear()


def register_home_panel(panel: HomePanel) -> None:
    if panel not in HOME_PANELS:
        HOME_PANELS.append(panel)
        HOME_PANELS.sort(key=lambda p: p.order)


def allowed(user, role: str | None, roles: frozenset[str], permission: str | None) -> bool:
    if roles and role not in roles and not user.is_superuser:
        return False
    return permission is None or user.has_perm(permission)


@lru_cache(maxsize=512)
def menu_url(url_name: str, script_prefix: str, urlconf) -> str | None:
    """An entry's address, reversed once per process (the menu is on every page; its URLs never change)."""
    try:
        return reverse(url_name, urlconf=urlconf)
    except NoReverseMatch:  # an app's entry whose URLs are not included in this URL conf
        return None


@lru_cache(maxsize=256)
def _menu(
    role: str | None, superuser: bool, permissions: frozenset[str], language: str | None, script_prefix: str, urlconf
):
    """The menu of a role with these permissions, in this language: ((heading, ((label, url), ...)), ...).

    Built once per process for each (role, permissions, language): nothing in it depends on the request but
    which entry is the current page, which navigation() marks. A user's permissions are still read on every
    request (legalaid.middleware); a changed role or permission is simply another key here.
    """
    # Grouped by heading key first, so that each heading is translated once, not once per entry.
    groups: dict[int | str, list[tuple[str, str]]] = {}
    for item in NAV_ITEMS:
        if item.roles and role not in item.roles and not superuser:
            continue
        if item.permission is not None and not superuser and item.permission not in permissions:
            continue
        url = menu_url(item.url_name, script_prefix, urlconf)
        if url is None:
            continue
        key = item.group or menu_group_index(item.url_name)
        groups.setdefault(key, []).append((str(item.label), url))
    headings: dict[str, list[tuple[str, str]]] = {}
    places: dict[str, int] = {}
    for key, items in groups.items():
        heading, place = _heading(key)
        headings.setdefault(heading, []).extend(items)
        places[heading] = min(place, places.get(heading, place))
    return tuple(
        (heading, tuple(items)) for heading, items in sorted(headings.items(), key=lambda pair: places[pair[0]])
    )


@lru_cache(maxsize=1024)
def _menu_html(menu: tuple, current: frozenset[str], home_active: bool, staff: bool, language: str | None) -> str:
    """The menu's markup with these entries marked current (includes/menu.html), rendered once per process.

    A user's menu is the same on every page but for its current entry, so each (menu, current entry) is
    rendered once rather than on every request; `language` keys the cache (the template's own words).
    """
    groups = []
    for heading, entries in menu:
        items = [{"label": label, "url": url, "active": url in current} for label, url in entries]
        groups.append({"label": heading, "items": items, "active": any(item["active"] for item in items)})
    html = render_to_string("includes/menu.html", {"nav_menu": groups, "home_active": home_active, "staff": staff})
    return mark_safe(html)


def navigation(request) -> dict:
    """Context processor: the menu entries this user may use (nav_html), the current page's marked active."""
    user = getattr(request, "user", None)  # absent on an error page for a request refused before auth
    if user is None or not user.is_authenticated:
        return {"nav_html": ""}
    from .selectors import user_role

    role = user_role(user)
    # has_perm's own rule: an active superuser holds every permission, anyone else those the backends give.
    superuser = user.is_active and user.is_superuser
    permissions = frozenset() if superuser else frozenset(user.get_all_permissions())
    language = get_language()
    menu = _menu(role, superuser, permissions, language, get_script_prefix(), settings.ROOT_URLCONF)
    path = request.path
    current = frozenset(
        url for _heading, entries in menu for _label, url in entries if url != "/" and path.startswith(url)
    )
    return {"nav_html": _menu_html(menu, current, path == "/", user.is_staff, language), "user_role": role}


# The directors' self-service (legalaid.directory): users, roles and the handler roster of their subtree.
register_nav(NavItem(label=_("人员与承办人名册"), url_name="directory:index", roles=DIRECTOR_ONLY, order=905))
register_nav(NavItem(label=_("我的值班"), url_name="directory:my_duties", roles=frozenset({Role.HANDLER}), order=906))

"""Every id a form or link names is resolved through the user's scope: another organisation's id posted
anywhere gives a form error or a 404, never a record linked to it and never its data on the page.

The demo is loaded in a rolled-back transaction (as the fuzz test does). Each demo login crawls what it
can reach; while the pages render, every Django form field drawn is recorded (name → field), so the test
knows which inputs name an object and of which model — a model choice (select or hidden), an integer
id field, or a query parameter in a link — without a hand-written list of forms. A field whose values
look like ids but whose model it cannot tell fails the test: a new kind of id field must be understood.

For each id field the test picks an object of that model outside the user's scope (the app's own
selector) and not among the options the form offered, fills the rest of the form as a user would
(what the page shows, plus a plausible value for each required empty field), and submits it inside a
savepoint. It fails when the request breaks (5xx), when a form accepted the object, when any row now
refers to the object or the object itself changed, or when the page shows the object's number, ID
number or phone.
"""

import re
from collections import Counter, deque
from contextlib import contextmanager
from datetime import date
from html.parser import HTMLParser
from importlib import import_module
from unittest import mock
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.forms.boundfield import BoundField
from django.forms.models import model_to_dict
from django.test import Client, override_settings
from django.urls import Resolver404, resolve

from legalaid.validators import id_check_char
from tests.legalaid.test_english_crawl import PageReader, follow, seed_all_demos

pytestmark = pytest.mark.django_db

MAX_PAGES = 150  # per login
PER_VIEW = 2  # pages of one view (two cases' pages, two list filters): the forms repeat from page to page
PROJECT_APPS = ("legalaid", "intake", "eligibility", "cases", "supervision")
# What each user may name, per model: the app's own scoped selector. Models not listed are shared
# vocabularies (matter categories, channels, material requirements) that every user may name.
SCOPES = {
    "intake.person": "intake.selectors.persons_linkable",
    "intake.application": "intake.selectors.applications_for_user",
    "intake.consultation": "intake.selectors.consultations_for_user",
    "intake.homevisit": "intake.selectors.home_visits_for_user",
    "eligibility.legalaidcard": "eligibility.selectors.cards_for_user",
    "eligibility.decision": "eligibility.selectors.decisions_for_user",
    "eligibility.objection": "eligibility.selectors.objections_for_user",
    "cases.case": "cases.selectors.scope.cases_for_user",
    "cases.cooperationrequest": "cases.selectors.scope.cooperation_for_user",
    "cases.subsidy": "cases.selectors.scope.subsidies_for_user",
    "supervision.supervisioncard": "supervision.selectors.cards_for_user",
    "supervision.complaint": "supervision.selectors.complaints_for_user",
    "supervision.enforcementwatch": "supervision.selectors.watches_for_user",
    "supervision.qualityassessment": "supervision.selectors.assessments_for_user",
    "supervision.followupvisit": "supervision.selectors.visits_for_user",
    "legalaid.organisation": "legalaid.selectors.visible_organisations",
    "legalaid.user": "members",
}
# Field names that name an object without saying which: the applicant section's registered person.
EXTRA_NAMES = {"existing": "intake.person"}
SHOWN_FIELDS = ("number", "id_number", "phone", "return_code")  # what must never appear for an outsider
ID_VALUE = re.compile(r"^\d{1,9}$")


def scope(user, label: str):
    from legalaid.models import User
    from legalaid.selectors import visible_organisations

    if SCOPES[label] == "members":
        return User.objects.filter(profile__organisation__in=visible_organisations(user))
    module, name = SCOPES[label].rsplit(".", 1)
    return getattr(import_module(module), name)(user)


def models_by_name() -> dict[str, set[str]]:
    """Which models a field or parameter name can name: model names, and every foreign key's name."""
    names: dict[str, set[str]] = {}
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        names.setdefault(model._meta.model_name, set()).add(model._meta.label_lower)
        for field in model._meta.get_fields():
            if field.concrete and field.is_relation and field.related_model is not None and not field.auto_created:
                names.setdefault(field.name, set()).add(field.related_model._meta.label_lower)
    for name, label in EXTRA_NAMES.items():
        names.setdefault(name, set()).add(label)
    return {name: {label for label in labels if label in SCOPES} for name, labels in names.items()}


class FormReader(HTMLParser):
    """Forms with every named control's value as the page shows it, and each select's options."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self.form: dict | None = None
        self.select: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.form = {"action": attrs.get("action") or "", "method": (attrs.get("method") or "get").lower()}
            self.form |= {"data": {}, "options": {}, "hidden": set()}
            self.forms.append(self.form)
            return
        name = attrs.get("name")
        if self.form is None or not name:
            if tag == "option" and self.select:
                self._option(attrs)
            return
        kind = (attrs.get("type") or "text").lower()
        if tag == "input" and kind == "radio":  # a choice among objects may be a row of radio buttons
            self.form["options"].setdefault(name, []).append(attrs.get("value", "on"))
            self.form["data"].setdefault(name, None)
        if tag == "input" and kind in {"checkbox", "radio"}:
            if "checked" in attrs:
                self.form["data"][name] = attrs.get("value", "on")
        elif tag == "input" and kind not in {"submit", "button", "file", "image", "reset"}:
            self.form["data"][name] = attrs.get("value") or ""
            if kind == "hidden":
                self.form["hidden"].add(name)
        elif tag == "select":
            self.select = name
            self.form["options"][name] = []
            self.form["data"].setdefault(name, None)
        elif tag == "textarea":
            self.textarea = name
            self.form["data"][name] = ""

    def _option(self, attrs):
        value = attrs.get("value", "")
        self.form["options"][self.select].append(value)
        if "selected" in attrs or self.form["data"].get(self.select) is None:
            self.form["data"][self.select] = value

    def handle_data(self, data):
        if self.form is not None and self.textarea:
            self.form["data"][self.textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


@contextmanager
def watching_forms():
    """Record every form field drawn (html name → field) and every form cleaned, while inside."""
    drawn: dict[str, forms.Field] = {}
    cleaned: list[forms.BaseForm] = []
    as_widget, full_clean = BoundField.as_widget, forms.BaseForm.full_clean

    def draw(self, *args, **kwargs):
        drawn[self.html_name] = self.field
        return as_widget(self, *args, **kwargs)

    def clean(self):
        cleaned.append(self)
        return full_clean(self)

    with mock.patch.object(BoundField, "as_widget", draw), mock.patch.object(forms.BaseForm, "full_clean", clean):
        yield drawn, cleaned


def crawl(client: Client, drawn: dict) -> tuple[dict, dict, set]:
    """Forms reachable from home (with the fields drawn for each) and links whose query names an id."""
    queue, seen, found, links = deque(["/"]), {"/"}, {}, {}
    pages, per_view = 0, Counter()
    while queue and pages < MAX_PAGES:
        url = queue.popleft()
        try:
            view = resolve(urlsplit(url).path).view_name
        except Resolver404:
            continue
        per_view[view] += 1
        if per_view[view] > PER_VIEW:
            continue
        drawn.clear()
        response = client.get(url)
        pages += 1
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue
        html = response.content.decode()
        reader = FormReader()
        reader.feed(html)
        for form in reader.forms:
            action = urlsplit(urljoin("http://testserver" + url, form["action"] or url)).path
            if not action.startswith(("/accounts/", "/i18n/", "/admin/")):
                form["fields"] = {name: drawn[name] for name in form["data"] if name in drawn}
                found.setdefault((form["method"], action), form | {"page": url})
        page_links = PageReader()
        page_links.feed(html)
        for href in page_links.links:
            link = follow(url, href)
            if not link or link in seen:
                continue
            seen.add(link)
            parts = urlsplit(link)
            if parts.path.count("/") <= 5:
                queue.append(link)
            for name, value in parse_qsl(parts.query):
                if ID_VALUE.match(value):
                    links.setdefault((parts.path, name), dict(parse_qsl(parts.query)))
    return found, links, seen


# Hidden yes/no inputs of one-button forms, e.g. the directory's activate/deactivate.
HIDDEN_SWITCHES = {"active"}


def id_fields(form: dict, names: dict) -> tuple[dict[str, tuple[set[str], str]], set[str]]:
    """The form's fields that name an object (name → models and the attribute typed: its pk, or its number
    for a `case_number` field), and those that look like ids of no known model."""
    found, unknown = {}, set()
    for name, value in form["data"].items():
        field = form["fields"].get(name)
        short = name.rsplit("-", 1)[-1]
        if isinstance(field, forms.ModelChoiceField):
            label = field.queryset.model._meta.label_lower
            if label in SCOPES:
                found[name] = ({label}, "pk")
            continue
        if short in {"csrfmiddlewaretoken", "page"} or (isinstance(field, forms.ChoiceField) and not names.get(short)):
            continue  # a page number, or a fixed list of choices
        if short in HIDDEN_SWITCHES and value in {"0", "1"}:
            continue  # a button's yes/no (activate or deactivate an account) names nothing
        options = [option for option in form["options"].get(name, []) if option]
        looks_like_id = (name in form["hidden"] and ID_VALUE.match(value or "")) or (
            options and all(ID_VALUE.match(option) for option in options) and not set(options) <= {"0", "1"}
        )  # a yes/no given as 1/0 names nothing
        if names.get(short):
            found[name] = (names[short], "pk")
        elif short.endswith("_number") and names.get(short.removesuffix("_number")):
            found[name] = (names[short.removesuffix("_number")], "number")
        elif looks_like_id and short not in names and not isinstance(field, forms.IntegerField | forms.DateField):
            unknown.add(f"{form['method'].upper()} {form['page']} {name}")
    return found, unknown


def resident_id(serial: int) -> str:
    first = f"340422199001{serial % 28 + 1:02d}{serial % 900 + 100:03d}"
    return first + id_check_char(first)


def filled(form: dict, serial: int) -> dict:
    """The form as the page shows it, with a plausible value in every required empty field."""
    data = {name: value for name, value in form["data"].items() if value is not None}
    today = date.today()
    for name, field in form["fields"].items():
        if data.get(name) or not field.required:
            continue
        short = name.rsplit("-", 1)[-1]
        options = [option for option in form["options"].get(name, []) if option]
        if options:
            data[name] = options[0]
        elif isinstance(field, forms.DateTimeField):
            data[name] = f"{today.isoformat()}T10:00"
        elif isinstance(field, forms.DateField):
            data[name] = today.isoformat()
        elif isinstance(field, forms.TimeField):
            data[name] = "10:00"
        elif isinstance(field, forms.IntegerField | forms.DecimalField):
            data[name] = str(max(1, field.min_value or 1))
        elif isinstance(field, forms.EmailField):
            data[name] = "probe@example.com"
        elif isinstance(field, forms.BooleanField):
            data[name] = "on"
        elif "id_number" in short:
            data[name] = resident_id(serial)
        elif "phone" in short:
            data[name] = f"139{serial:08d}"
        elif isinstance(field, forms.CharField):
            data[name] = "探测用文字"
    return data


def foreign(user, label: str, offered: list[str], attribute: str = "pk"):
    """An object of the model that the user may not see and that the form did not offer."""
    model = apps.get_model(label)
    if attribute != "pk" and attribute not in {field.name for field in model._meta.concrete_fields}:
        return None
    hidden = model._default_manager.exclude(pk__in=scope(user, label).values("pk"))
    if attribute != "pk":
        hidden = hidden.exclude(**{attribute: ""})
    return hidden.exclude(pk__in=[int(option) for option in offered if ID_VALUE.match(option)]).order_by("pk").first()


def traces(obj) -> tuple:
    """Everything that would change if a request linked or edited the object: rows referring to it, its row."""
    counts = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is type(obj):
                counts.append(model._base_manager.filter(**{field.attname: obj.pk}).count())
    return tuple(counts), model_to_dict(type(obj)._base_manager.get(pk=obj.pk))


def shown(obj) -> list[str]:
    return [str(getattr(obj, name)) for name in SHOWN_FIELDS if len(str(getattr(obj, name, "") or "")) >= 6]


def probe(client: Client, method: str, action: str, data: dict, name: str, obj, cleaned: list) -> str | None:
    """Submit `data` naming `obj` in `name`; what went wrong, or None. (What was typed may be echoed.)"""
    before = traces(obj)
    cleaned.clear()
    with transaction.atomic():
        response = client.post(action, data) if method == "post" else client.get(f"{action}?{urlencode(data)}")
        after = traces(obj)
        transaction.set_rollback(True)
    if response.status_code >= 500:
        return f"{response.status_code}"
    if response.status_code in {400, 403, 404}:
        return None
    for form in cleaned:
        value = getattr(form, "cleaned_data", {}).get(name[len(form.prefix) + 1 :] if form.prefix else name)
        chosen = list(value) if isinstance(value, models.QuerySet) else [value]
        if any(isinstance(item, models.Model) and item.pk == obj.pk for item in chosen):
            return f"the form accepted {obj._meta.label} {obj.pk}"
    if after != before:
        return f"{obj._meta.label} {obj.pk} was linked or changed"
    page = response.content.decode("utf-8", "replace")
    if leaked := [value for value in shown(obj) if value in page and value != data[name]]:
        return f"the page shows {obj._meta.label} {obj.pk}: {leaked}"
    return None


def attack(user, client: Client) -> dict:
    names = models_by_name()
    problems, unknown, probes = [], set(), []
    with watching_forms() as (drawn, cleaned):
        found, links, _seen = crawl(client, drawn)
        for (method, action), form in sorted(found.items()):
            targets, strange = id_fields(form, names)
            unknown |= strange
            for name, (labels, attribute) in sorted(targets.items()):
                for label in sorted(labels):
                    obj = foreign(user, label, form["options"].get(name, []), attribute)
                    if obj is None:
                        continue
                    value = str(getattr(obj, attribute))
                    data = filled(form, len(probes)) | {name: value}
                    probes.append(f"{method.upper()} {action} {name}")
                    if problem := probe(client, method, action, data, name, obj, cleaned):
                        problems.append(f"{method.upper()} {action} {name}={value} ({label}): {problem}")
        for (path, name), query in sorted(links.items()):
            for label in sorted(names.get(name, set())):
                obj = foreign(user, label, [])
                if obj is not None:
                    probes.append(f"GET {path}?{name}=")
                    if problem := probe(client, "get", path, query | {name: str(obj.pk)}, name, obj, cleaned):
                        problems.append(f"GET {path}?{name}={obj.pk} ({label}): {problem}")
    return {"problems": problems, "unknown": sorted(unknown), "probes": probes, "forms": len(found)}


@pytest.fixture(scope="module")
def outsider_results(django_db_setup, django_db_blocker, tmp_path_factory):
    from legalaid.demo import DEMO_LOGINS
    from legalaid.models import User

    results = {}
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("outsider-media")),
        transaction.atomic(),
    ):
        seed_all_demos()
        for username, *_rest in DEMO_LOGINS:
            user = User.objects.get(username=username)
            client = Client(raise_request_exception=False)
            client.force_login(user)
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
            results[username] = attack(user, client)
        transaction.set_rollback(True)
    return results


def test_another_organisations_id_is_never_accepted(outsider_results):
    assert {who: result["problems"] for who, result in outsider_results.items() if result["problems"]} == {}


def test_every_id_field_is_understood(outsider_results):
    """A field carrying ids of a model the test cannot name would escape the probe above."""
    assert {who: result["unknown"] for who, result in outsider_results.items() if result["unknown"]} == {}


def test_the_probe_reaches_the_forms_of_the_desk_the_centre_and_the_handler(outsider_results):
    """A login that sees everything has nothing foreign to try; these four always have."""
    tried = {who: len(outsider_results[who]["probes"]) for who in ("clerk", "staff", "lawyer", "staff_fengtai")}
    assert all(tried.values()), tried

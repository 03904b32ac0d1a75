"""English through Django i18n: the footer switcher's cookie turns the interface into English,
and every string in the English catalogue is translated."""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from tests.conftest import login

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
# legalaid's own catalogue: its Python, its templates and the project-level templates/.
LEGALAID_CATALOGUE = Path(settings.BASE_DIR) / "legalaid" / "locale" / "en" / "LC_MESSAGES" / "django.po"
CATALOGUES = pytest.mark.parametrize(
    ("catalogue", "minimum"), [(CATALOGUE, 1000), (LEGALAID_CATALOGUE, 150)], ids=["project", "legalaid"]
)


@pytest.fixture(autouse=True)
def back_to_chinese():
    """The middleware activates the cookie's language for the thread and leaves it active after the
    response; put the default back so later tests in this process are not run in English."""
    yield
    translation.deactivate()


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_login_page_in_english(english, db):
    response = english.get(reverse("login"))
    page = response.content.decode()
    assert response["Content-Language"] == "en"
    assert "Log in to Legal Aid Desk" in page
    assert "Username" in page and "Password" in page
    assert "登录法援通" not in page


def test_home_page_in_english(network, alice):
    client = login(alice)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("home")).content.decode()
    assert "Centre staff workbench" in page
    assert "Log out" in page
    assert "中心工作人员工作台" not in page


def test_chinese_without_cookie_or_with_unknown_language(client, network, alice):
    client.force_login(alice)
    assert "中心工作人员工作台" in client.get(reverse("home")).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert "中心工作人员工作台" in client.get(reverse("home")).content.decode()


def test_footer_switcher_sets_english(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert "Log in to Legal Aid Desk" in client.get(reverse("login")).content.decode()


def test_plural_and_placeholders_translate():
    with translation.override("en"):
        assert translation.ngettext("共 %(n)s 条", "共 %(n)s 条", 1) % {"n": 1} == "1 record"
        assert translation.ngettext("共 %(n)s 条", "共 %(n)s 条", 3) % {"n": 3} == "3 records"
        assert translation.gettext("第 %(n)s / %(total)s 页") % {"n": 2, "total": 5} == "Page 2 of 5"


def _entries(text):
    """(msgid, [msgstr...], flags) for every active entry of a .po file, without extra dependencies."""

    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}

    def unquote(lines):
        quoted = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', "\n".join(lines)))
        return re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), m.group(0)), quoted)

    entries = []
    for block in text.split("\n\n"):
        lines = [line for line in block.strip().splitlines() if not line.startswith("#~")]
        if not lines:
            continue
        flags = " ".join(line for line in lines if line.startswith("#,"))
        fields, current = {}, None
        for line in lines:
            if line.startswith("#"):
                continue
            match = re.match(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) ", line)
            if match:
                current = match.group(1)
                fields[current] = [line]
            elif current:
                fields[current].append(line)
        if "msgid" not in fields:
            continue
        msgid = unquote(fields["msgid"])
        strs = [unquote(v) for k, v in fields.items() if k.startswith("msgstr")]
        entries.append((msgid, strs, flags))
    return entries


@CATALOGUES
def test_catalogue_has_no_untranslated_or_fuzzy_entries(catalogue, minimum):
    entries = [e for e in _entries(catalogue.read_text(encoding="utf-8")) if e[0]]
    assert len(entries) > minimum
    untranslated = [msgid for msgid, strs, _flags in entries if not strs or not all(s.strip() for s in strs)]
    fuzzy = [msgid for msgid, _strs, flags in entries if "fuzzy" in flags]
    assert untranslated == [], f"{len(untranslated)} untranslated: {untranslated[:10]}"
    assert fuzzy == [], f"{len(fuzzy)} fuzzy: {fuzzy[:10]}"


@CATALOGUES
def test_placeholders_kept_in_translations(catalogue, minimum):
    placeholder = re.compile(r"%\(\w+\)[-0-9.]*[sdf]|%[sd]|\{\w+(?::[^}]*)?\}")
    wrong = []
    for msgid, strs, _flags in _entries(catalogue.read_text(encoding="utf-8")):
        if not msgid:
            continue
        expected = set(placeholder.findall(msgid))
        for msgstr in strs:
            if set(placeholder.findall(msgstr)) != expected:
                wrong.append((msgid, msgstr))
    assert wrong == []


@CATALOGUES
def test_compiled_catalogue_matches_po(catalogue, minimum):
    """django.mo is compiled from the committed django.po (run compilemessages after editing it)."""
    with catalogue.with_suffix(".mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    stale = [
        msgid
        for msgid, strs, _flags in _entries(catalogue.read_text(encoding="utf-8"))
        if msgid and len(strs) == 1 and compiled.gettext(msgid) != strs[0]
    ]
    assert stale == []

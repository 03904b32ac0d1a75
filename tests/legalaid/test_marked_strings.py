"""Every user-facing Chinese string in legalaid's Python and in the project and legalaid templates
is marked for translation, so that the English catalogue can cover it.

Left out on purpose: demo data and seeded rule data (names of places, people and rules are data,
shown as entered), settings (start-up errors, already bilingual), docstrings and comments, and
official document templates (tests/official_documents.py: they stay Chinese)."""

import ast
import re
from pathlib import Path

from django.conf import settings

from tests.official_documents import is_official_document

BASE = Path(settings.BASE_DIR)
CJK = re.compile(r"[\u4e00-\u9fff]")
GETTEXT = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy"}
NOT_INTERFACE = {"demo.py", "seed_data.py", "settings.py", "place_names.py"}
# The official documents' own notation (dates, amounts in capitals, document numbers): always Chinese.
OFFICIAL_NOTATION = {"legalaid/documents/typography.py", "legalaid/documents/numbering.py"}
# The plain page shown when even the error layout fails: bilingual on purpose, no catalogue needed.
BILINGUAL = {("views.py", "PLAIN_ERROR")}


def _unmarked_in_python(path: Path) -> list[str]:
    tree = ast.parse(path.read_text())
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name in GETTEXT:
                skip |= {id(inner) for inner in ast.walk(node)}
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            skip.add(id(body[0].value))  # docstring
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and (path.name, t.id) in BILINGUAL for t in node.targets
        ):
            skip |= {id(inner) for inner in ast.walk(node)}
    return [
        f"{path.relative_to(BASE)}:{node.lineno}: {node.value[:60]}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and CJK.search(node.value)
        and id(node) not in skip
    ]


def test_legalaid_python_strings_are_marked():
    files = [
        path
        for path in (BASE / "legalaid").rglob("*.py")
        if path.name not in NOT_INTERFACE
        and str(path.relative_to(BASE)) not in OFFICIAL_NOTATION
        and "migrations" not in path.parts
        and "management" not in path.parts
    ]
    unmarked = [line for path in files for line in _unmarked_in_python(path)]
    assert unmarked == []


def _unmarked_in_template(path: Path) -> list[str]:
    text = path.read_text()
    for pattern in (
        r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}",
        r"{%\s*blocktranslate.*?{%\s*endblocktranslate\s*%}",
        r"{%\s*translate\s+(\".*?\"|'.*?').*?%}",
        r"_\((\".*?\"|'.*?')\)",
    ):
        text = re.sub(pattern, "", text, flags=re.S)
    return [f"{path.relative_to(BASE)}: {line.strip()[:60]}" for line in text.splitlines() if CJK.search(line)]


def test_templates_strings_are_marked():
    roots = [BASE / "templates", BASE / "legalaid" / "templates"]
    templates = [path for root in roots for path in root.rglob("*.html") if not is_official_document(path)]
    assert templates
    unmarked = [line for path in templates for line in _unmarked_in_template(path)]
    assert unmarked == []

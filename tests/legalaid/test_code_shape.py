"""Modules stay small enough to read: split by noun once they grow (CONVENTIONS, "Services split by noun")."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ("legalaid", "intake", "eligibility", "cases", "supervision")
LIMIT = 520  # "about 500 lines"


def test_no_application_module_is_over_about_500_lines():
    too_long = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > LIMIT:
                too_long.append(f"{path.relative_to(ROOT)}: {lines} lines")
    assert too_long == [], "split these by noun:\n" + "\n".join(too_long)

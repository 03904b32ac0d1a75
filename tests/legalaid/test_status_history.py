"""Every model with a status changes it only through the kernel, so every change leaves a history row.

The list of stateful models is printed by the first test (run with -s to read it); the second scans the
code of every app for a status written any other way (an attribute set, a queryset `update(status=...)`).
The kernel's `transition()` and the lease claim are the only writers; each writes an attributed row,
which the kernel's own tests and each app's service tests check.
"""

import ast
from pathlib import Path

from django.apps import apps

from legalaid.kernel.transitions import _history_of

ROOT = Path(__file__).resolve().parents[2]
APPS = ("legalaid", "intake", "eligibility", "cases", "supervision")
KERNEL_WRITERS = {ROOT / "legalaid/kernel/transitions.py", ROOT / "legalaid/kernel/leases.py"}


def stateful_models():
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label in APPS
        and not model.__name__.startswith("Historical")
        and any(field.name == "status" for field in model._meta.concrete_fields)
    ]


def test_every_stateful_model_has_a_history(db):
    found = stateful_models()
    assert len(found) >= 10
    for model in found:
        history, subject_field = _history_of(model)
        assert {"actor", "actor_kind", "from_status", "to_status", "reason", "at"} <= {
            f.name for f in history._meta.concrete_fields
        }, model
        print(f"{model._meta.label}: {history._meta.label}" + (f".{subject_field}" if subject_field else ""))


def status_writes(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Attribute) and target.attr == "status":
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} sets .status")
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "update"
            and any(keyword.arg == "status" for keyword in node.keywords)
        ):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} update(status=...)")
    return found


def test_no_status_is_written_outside_the_kernel():
    offenders = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts or path in KERNEL_WRITERS or path.name == "demo.py":
                continue
            offenders += status_writes(path)
    assert offenders == [], "status written outside legalaid.kernel.transition:\n" + "\n".join(offenders)

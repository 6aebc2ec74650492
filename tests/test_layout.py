"""The direction of dependencies the README's layout section promises."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(package):
    """(file, module) for every import in `package`, relative imports resolved."""
    for path in sorted((ROOT / package).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    yield path, alias.name
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    parts = path.relative_to(ROOT).with_suffix("").parts[: -node.level]
                    yield path, ".".join([*parts, node.module or ""]).rstrip(".")
                else:
                    yield path, node.module


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        ("measures", {"findings", "followup"}),
        ("findings", {"followup"}),
        ("core", {"measures", "findings", "followup"}),
        ("ia_portal", {"measures", "findings", "followup", "core"}),
    ],
)
def test_imports_run_one_way(package, forbidden):
    wrong = [
        f"{path.relative_to(ROOT)}: {module}"
        for path, module in imported_modules(package)
        if module.split(".")[0] in forbidden
    ]
    assert wrong == []


def test_the_check_sees_relative_imports():
    modules = {module for _, module in imported_modules("findings")}
    assert "findings.models" in modules

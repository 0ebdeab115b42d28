"""core is the leaf layer: it imports no other Cercle app (lint-imports checks every layer)."""

import ast
from pathlib import Path

import cercle.core

CORE = Path(cercle.core.__file__).parent


def imported_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module


def test_core_imports_no_other_cercle_app():
    outside = {
        f"{path.relative_to(CORE)}: {module}"
        for path in CORE.rglob("*.py")
        for module in imported_modules(path)
        if module.startswith("cercle.") and not module.startswith("cercle.core")
    }
    assert outside == set()


def test_home_page_and_demo_command_belong_to_the_site_app():
    from django.core.management import get_commands
    from django.urls import resolve

    assert get_commands()["demo"] == "cercle.site"
    assert resolve("/").func.__module__ == "cercle.site.views"

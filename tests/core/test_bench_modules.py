"""`make bench` is not run by CI: at least every bench module must still import after a
refactoring moves what it measures (two did not, silently, after the shape changes)."""

import importlib
import pkgutil

import pytest

import bench
import bench.scenarios

MODULES = [
    f"bench.scenarios.{info.name}" for info in pkgutil.iter_modules(bench.scenarios.__path__)
]
MODULES += [f"bench.{info.name}" for info in pkgutil.iter_modules(bench.__path__) if not info.ispkg]


@pytest.mark.parametrize("name", MODULES)
def test_bench_module_imports(name):
    importlib.import_module(name)

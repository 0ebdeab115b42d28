"""One dataset size, in its own process and database: `python -m bench.measure S out.json`."""

import importlib
import json
import os
import pkgutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(size: str, out: str) -> None:
    db = ROOT / "var" / f"bench-{size}.sqlite3"
    db.parent.mkdir(exist_ok=True)
    db.unlink(missing_ok=True)
    os.environ["CERCLE_DATABASE_URL"] = f"sqlite:///{db}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "cercle.settings_test"
    # Pages are measured as served: with their fragments cached (and from scratch, "cold").
    os.environ["CERCLE_TEST_PAGE_CACHE"] = "on"
    sys.path.insert(0, str(ROOT / "src"))

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from bench import scenarios
    from bench.harness import SIZES, Context, Page, measure_page

    settings.DEBUG = False
    call_command("migrate", verbosity=0)
    ctx = Context(size=size, organisations=SIZES[size])
    modules = [
        importlib.import_module(f"bench.scenarios.{info.name}")
        for info in sorted(pkgutil.iter_modules(scenarios.__path__), key=lambda i: i.name)
    ]
    for module in modules:
        module.build(ctx)
    results = {"pages": {}, "figures": []}
    user = ctx.data["referent"]
    results["pages"]["floor"] = measure_page(Page("floor", "/plancher/"))
    results["pages"]["floor (signed in)"] = measure_page(Page("floor", "/plancher/", user))
    for module in modules:
        for page in module.pages(ctx):
            results["pages"][page.name] = {
                **measure_page(page),
                "signed_in": page.user is not None,
            }
        if size == "L" and hasattr(module, "figures"):
            results["figures"].extend(module.figures(ctx))
    Path(out).write_text(json.dumps(results))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

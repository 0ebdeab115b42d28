"""Our programme page next to pretalx's server-rendered schedule, in one run, alternating.

`python -m bench.pretalx [out.json]` needs a prepared copy of ../shared/anchors/pretalx (see its
README) named by PRETALX_BENCH_DIR and its virtualenv by PRETALX_VENV; without them it says so
and measures nothing. It builds dataset S (a 40-session, 2-day programme like pretalx's
"benchcon"), then three times in a row: pretalx's bench.py (its own process, 30 timed GETs
per page, both cache modes), then our programme page in this process (30 timed GETs, served
from its cached fragments and from scratch). The figures are the ratios of the medians of the
same round, then the median of the three rounds: never a comparison with an old figure.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRETALX_PAGE = "schedule nojs (HTML)"
ROUNDS = 3


def _pretalx(bench_dir: Path, venv: Path, cache: str) -> float:
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        command = f'. ./env.sh && BENCH_CACHE={cache} "$PY" bench.py --json {out.name}'
        subprocess.run(
            ["bash", "-c", command],
            cwd=bench_dir,
            env={**os.environ, "PRETALX_VENV": str(venv)},
            check=True,
            stdout=subprocess.DEVNULL,
        )
        rows = json.loads(Path(out.name).read_text())["rows"]
    return next(row["median_ms"] for row in rows if row["page"] == PRETALX_PAGE)


def _ours():
    """Build dataset S once; return a function timing our programme page (cached, cold)."""
    db = ROOT / "var" / "bench-pretalx.sqlite3"
    db.parent.mkdir(exist_ok=True)
    db.unlink(missing_ok=True)
    os.environ["CERCLE_DATABASE_URL"] = f"sqlite:///{db}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "cercle.settings_test"
    os.environ["CERCLE_TEST_PAGE_CACHE"] = "on"
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from bench.harness import SIZES, Context, Page, measure_page
    from bench.scenarios import s00_organisations, s60_meetings

    settings.DEBUG = False
    call_command("migrate", verbosity=0)
    ctx = Context(size="S", organisations=SIZES["S"])
    for module in (s00_organisations, s60_meetings):
        module.build(ctx)
    page = next(p for p in s60_meetings.pages(ctx) if p.name.startswith("meeting programme"))
    return lambda: measure_page(Page(page.name, page.url), repeat=30)


def main(out: str | None = None) -> list[dict]:
    bench_dir, venv = os.environ.get("PRETALX_BENCH_DIR"), os.environ.get("PRETALX_VENV")
    if not bench_dir or not venv:
        print(
            "pretalx side by side: skipped (set PRETALX_BENCH_DIR to a prepared copy of "
            "../shared/anchors/pretalx and PRETALX_VENV to its virtualenv, see its README)"
        )
        return []
    measure = _ours()
    rounds = []
    for number in range(1, ROUNDS + 1):
        theirs_cold = _pretalx(Path(bench_dir), Path(venv), "dummy")
        theirs_cached = _pretalx(Path(bench_dir), Path(venv), "locmem")
        ours = measure()
        rounds.append(
            {
                "pretalx_nocache": theirs_cold,
                "pretalx_cached": theirs_cached,
                "ours_cached": ours["median_ms"],
                "ours_nocache": ours["cold_ms"],
            }
        )
        print(
            f"round {number}: pretalx schedule/nojs {theirs_cold:.1f} ms (no cache), "
            f"{theirs_cached:.1f} ms (locmem cache); our programme {ours['cold_ms']:.1f} ms "
            f"(from scratch), {ours['median_ms']:.1f} ms (cached fragments)"
        )

    def ratio(theirs: str, ours: str) -> float:
        return round(statistics.median(r[theirs] / r[ours] for r in rounds), 2)

    without_cache = ratio("pretalx_nocache", "ours_nocache")
    with_cache = ratio("pretalx_cached", "ours_cached")
    served = ratio("pretalx_nocache", "ours_cached")
    print(
        f"programme vs pretalx, same run (median of {ROUNDS} rounds): ours is {served}× faster "
        f"as served (target ≥ 4×, pretalx measured without cache as in the issue); "
        f"{without_cache}× with neither cached; {with_cache}× with both cached"
    )
    records = [
        {"name": "programme vs pretalx, as served", "value": served, "unit": "× faster"},
        {"name": "programme vs pretalx, neither cached", "value": without_cache, "unit": "×"},
        {"name": "programme vs pretalx, both cached", "value": with_cache, "unit": "× faster"},
    ]
    if out:
        Path(out).write_text(json.dumps(records))
    return records


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else None)

"""`make bench`: build datasets S and L, measure every page, print figures, write var/bench.json."""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_QUERIES = 15
MAX_RATIO = 3.0


def run_size(size: str) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        subprocess.run(
            [sys.executable, "-m", "bench.measure", size, out.name], cwd=ROOT, check=True
        )
        return json.loads(Path(out.name).read_text())


def run_contention() -> list[dict]:
    """300 simultaneous registrations through gunicorn + PostgreSQL (see bench/contention.py)."""
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        done = subprocess.run([sys.executable, "-m", "bench.contention", out.name], cwd=ROOT)
        if done.returncode != 0:
            print("contention run failed (is PostgreSQL running on 127.0.0.1:5432?)")
            return []
        return json.loads(Path(out.name).read_text())


def run_pretalx() -> list[dict]:
    """Our programme next to pretalx's schedule, same run (see bench/pretalx.py)."""
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        done = subprocess.run([sys.executable, "-m", "bench.pretalx", out.name], cwd=ROOT)
        if done.returncode != 0:
            print("pretalx side by side failed")
            return []
        text = Path(out.name).read_text()
        return json.loads(text) if text else []


def summary(records: list[dict]) -> None:
    """The figures of issue 15's table, each with its target."""
    by_name = {r["name"]: r["value"] for r in records}
    ratios = {
        r["name"].removesuffix(" ratio to floor L"): r["value"]
        for r in records
        if r["name"].endswith(" ratio to floor L") and not r["name"].startswith("floor")
    }
    worst = max(ratios, key=ratios.get) if ratios else None
    rows = [
        (
            "pages at L, ratio to the floor (worst)",
            f"{ratios[worst]:.2f} ({worst})" if worst else "—",
            f"≤ {MAX_RATIO} every page",
        ),
        (
            "pages at L within 3× the floor",
            f"{sum(v <= MAX_RATIO for v in ratios.values())} of {len(ratios)}",
            "all",
        ),
        (
            "programme page vs pretalx schedule/nojs (same run)",
            f"{by_name['programme vs pretalx, as served']}× faster"
            if "programme vs pretalx, as served" in by_name
            else "not measured (PRETALX_BENCH_DIR, PRETALX_VENV)",
            "≥ 4× faster",
        ),
        (
            "300 simultaneous registrations for 30 seats",
            f"{by_name.get('contention throughput (2 app servers)', '—')} req/s, "
            f"{by_name.get('contention confirmed', '—')} confirmed, "
            f"{by_name.get('contention errors', '—')} errors",
            "≥ 150 req/s, 30 confirmed, 0 errors",
        ),
        ("app servers tested together", "2 behind nginx, 2 workers", "2 + 2 workers"),
    ]
    print("\n| figure | now | target |\n|---|---|---|")
    for row in rows:
        print(f"| {row[0]} | {row[1]} | {row[2]} |")


def main() -> int:
    by_size = {size: run_size(size) for size in ("S", "L")}
    records, problems = [], []
    small, large = by_size["S"]["pages"], by_size["L"]["pages"]
    print(
        f"{'page':<40} {'q(S)':>5} {'q(L)':>5} {'ms(S)':>8} {'ms(L)':>8} {'×floor(L)':>10}"
        f" {'cold ms(L)':>11} {'cold ×floor':>12}"
    )
    for name, at_l in large.items():
        at_s = small[name]
        floor = large["floor (signed in)" if at_l.get("signed_in") else "floor"]["median_ms"]
        ratio = at_l["median_ms"] / floor
        cold_ratio = at_l["cold_ms"] / floor
        print(
            f"{name:<40} {at_s['queries']:>5} {at_l['queries']:>5} "
            f"{at_s['median_ms']:>8.2f} {at_l['median_ms']:>8.2f} {ratio:>10.2f}"
            f" {at_l['cold_ms']:>11.2f} {cold_ratio:>12.2f}"
        )
        records += [
            {"name": f"{name} queries S", "value": at_s["queries"], "unit": "queries"},
            {"name": f"{name} queries L", "value": at_l["queries"], "unit": "queries"},
            {"name": f"{name} median S", "value": round(at_s["median_ms"], 3), "unit": "ms"},
            {"name": f"{name} median L", "value": round(at_l["median_ms"], 3), "unit": "ms"},
            {"name": f"{name} ratio to floor L", "value": round(ratio, 3), "unit": "×"},
            {"name": f"{name} uncached L", "value": round(at_l["cold_ms"], 3), "unit": "ms"},
            {"name": f"{name} uncached ratio L", "value": round(cold_ratio, 3), "unit": "×"},
        ]
        if at_s["queries"] != at_l["queries"]:
            problems.append(f"{name}: {at_s['queries']} queries at S, {at_l['queries']} at L")
        if at_l["queries"] > MAX_QUERIES:
            problems.append(f"{name}: {at_l['queries']} queries (target ≤ {MAX_QUERIES})")
        if ratio > MAX_RATIO and not name.startswith("floor"):
            problems.append(f"{name}: {ratio:.2f} × floor (target ≤ {MAX_RATIO})")
    for figure in by_size["L"]["figures"]:
        print(f"{figure['name']:<60} {figure['value']:>12} {figure['unit']}")
        records.append(figure)
    records += run_pretalx()
    records += run_contention()
    summary(records)
    (ROOT / "var").mkdir(exist_ok=True)
    (ROOT / "var" / "bench.json").write_text(json.dumps(records, indent=2, ensure_ascii=False))
    print(f"\n{len(records)} figures written to var/bench.json")
    for problem in problems:
        print(f"OFF TARGET: {problem}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

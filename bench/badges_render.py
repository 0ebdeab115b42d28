"""Time the rendering of meeting badges: `python bench/badges_render.py`.

Target: 1,000 label-sheet badges with their QR codes in at most 1.5 s on a slow 2-core machine,
peak memory at most 200 MB.
"""

import base64
import random
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))

FIRST_NAMES = [
    "Hélène",
    "Jérôme",
    "Françoise",
    "Benoît",
    "Anaïs",
    "Loïc",
    "Clémence",
    "Noël",
    "Maëlle",
    "François-Xavier",
    "Marie-Thérèse",
    "Gaëtan",
    "Océane",
    "Stéphane",
    "Zoé",
    "Aurélien",
    "Émilie",
    "Joël",
    "Cécile",
    "Raphaël",
    "Inès",
    "Léon",
    "Agnès",
    "Théo",
]
LAST_NAMES = [
    "Léveillé",
    "Dubois-Fontaine",
    "Lefèvre",
    "Nguyen",
    "Bénard",
    "Da Silva",
    "Gauthier",
    "Œttinger",
    "Rocheteau",
    "Marchand",
    "de La Rochefoucauld-Montbel",
    "Poirier",
    "Kerbrat",
    "Lemaître",
    "Bouchez",
    "Hoarau",
    "Schœlcher",
    "Perrin",
    "Giraud",
    "N'Diaye",
]
ORGANISATIONS = [
    "Communauté d'agglomération du Pays de Saint-Omer",
    "Mairie de Saint-Étienne-de-Saint-Geoirs",
    "Conseil départemental des Côtes-d'Armor",
    "Syndicat intercommunal d'informatique de l'Hérault",
    "Métropole Aix-Marseille-Provence",
    "Communauté de communes du Val d'Ille-Aubigné",
    "Ville de Besançon",
    "Éditions Logiciel Libre & Territoires SAS",
    "Centre de gestion de la fonction publique territoriale de l'Isère",
    "Région Auvergne-Rhône-Alpes",
]
LABELS = [
    ("Nouveaux utilisateurs", "#1F5FAD"),
    ("Experts", "#F2C230"),
    ("Équipe éditeur", "#2E7D32"),
    ("Collectivité hôte", "#8E2F6F"),
]


def sample_badges(n: int, *, seed: int = 2025) -> list:
    """`n` badges with varied French names, organisations and 55-character URL-safe tokens."""
    from cercle.onsite.badges.render import Badge

    rng = random.Random(seed)
    badges = []
    for _ in range(n):
        label, colour = rng.choice(LABELS)
        badges.append(
            Badge(
                name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                organisation=rng.choice(ORGANISATIONS),
                # Like a signed check-in token: 41 random bytes, URL-safe base64, no padding.
                qr_payload=base64.urlsafe_b64encode(rng.randbytes(41)).decode()[:55],
                label=label,
                colour=colour,
            )
        )
    return badges


def measure(n: int = 1000, repeat: int = 5, *, layout: str = "a4-10-86x54") -> dict:
    """Render `n` badges `repeat` times; median seconds, badges per second and peak memory."""
    from cercle.onsite.badges.render import render_badges

    badges = sample_badges(n)
    # Warm-up: font loading happens once per process and is not part of a render.
    render_badges(badges[:10], layout=layout)
    durations = []
    for _ in range(repeat):
        start = time.perf_counter()
        pdf = render_badges(badges, layout=layout)
        durations.append(time.perf_counter() - start)
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # Traced separately: tracemalloc slows rendering down several times.
    tracemalloc.start()
    render_badges(badges, layout=layout)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    median = statistics.median(durations)
    return {
        "layout": layout,
        "badges": n,
        "repeat": repeat,
        "median_s": median,
        "min_s": min(durations),
        "badges_per_s": n / median,
        "peak_rss_mb": peak_rss_mb,
        "peak_python_mb": traced_peak / 2**20,
        "pdf_mb": len(pdf) / 2**20,
    }


def main() -> None:
    for layout in ("a4-10-86x54", "a4-8-90x60"):
        result = measure(layout=layout)
        print(
            f"{result['layout']}: {result['badges']} badges × {result['repeat']} runs, "
            f"median {result['median_s']:.3f} s (min {result['min_s']:.3f} s), "
            f"{result['badges_per_s']:.0f} badges/s, "
            f"peak RSS {result['peak_rss_mb']:.0f} MB "
            f"(Python allocations {result['peak_python_mb']:.1f} MB), "
            f"PDF {result['pdf_mb']:.2f} MB"
        )


if __name__ == "__main__":
    main()

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parents[2]
EXPORT = """ballot,request,value
AAAAA,D-2026-0001,4
AAAAA,D-2026-0002,1
BBBBB,D-2026-0002,3
"""


def test_recount_prints_json_ranking_with_tie_broken_by_supporters(tmp_path, capsys):
    path = tmp_path / "bulletins.csv"
    path.write_text(EXPORT, encoding="utf-8")
    call_command("recount", str(path), "--method", "points", "--seats", "1", "--json")
    assert json.loads(capsys.readouterr().out) == {
        "method": "points",
        "seats": 1,
        "ranking": [
            {"request": "D-2026-0002", "score": 4},
            {"request": "D-2026-0001", "score": 4},
        ],
        "retained": ["D-2026-0002"],
        "tie_at_cutoff": None,
    }


def test_recount_prints_a_table(tmp_path, capsys):
    path = tmp_path / "bulletins.csv"
    path.write_text(EXPORT, encoding="utf-8")
    call_command("recount", str(path), "--method", "points", "--seats", "1")
    assert "1  D-2026-0002      4  retained" in capsys.readouterr().out


def test_recount_names_the_malformed_line(tmp_path):
    path = tmp_path / "bulletins.csv"
    path.write_text(EXPORT + "CCCCC,D-2026-0001,beaucoup\n", encoding="utf-8")
    with pytest.raises(
        CommandError, match="ligne 5 : valeur 'beaucoup' n’est pas un nombre entier"
    ):
        call_command("recount", str(path), "--method", "points", "--seats", "1")


def run_recount(path, *options):
    return subprocess.run(
        [sys.executable, "manage.py", "recount", str(path), *options],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"CERCLE_DEBUG": "true", "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT / "src")},
        check=False,
        timeout=120,
    )


def test_recount_exits_non_zero_on_error(tmp_path):
    path = tmp_path / "bulletins.csv"
    path.write_text("ballot,request\n", encoding="utf-8")
    done = run_recount(path, "--method", "approval", "--seats", "2")
    assert done.returncode != 0
    assert "ligne 1 : colonne(s) manquante(s) : value." in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        # A cell over the csv module's own limit (128 kB).
        ("ballot,request,value\nAAAAA," + "D" * 140_000 + ",1\n", "ligne 2 : "),
        # A 5,000-digit rank (Python refuses to convert over 4,300 digits).
        ("ballot,request,value\nAAAAA,D-2026-0001," + "9" * 5000 + "\n", "dépasse 200 caractères"),
    ],
    ids=["cell-over-128-kB", "rank-of-5000-digits"],
)
def test_recount_refuses_hostile_cells_with_a_clear_message(tmp_path, content, expected):
    path = tmp_path / "bulletins.csv"
    path.write_text(content, encoding="utf-8")
    done = run_recount(path, "--method", "schulze", "--seats", "1")
    assert done.returncode != 0
    assert expected in done.stderr
    assert "Traceback" not in done.stderr


def test_recount_refuses_too_many_candidates_before_counting(tmp_path):
    rows = "".join(f"AAAAA,D-{i:05d},{i + 1}\n" for i in range(6000))
    path = tmp_path / "bulletins.csv"
    path.write_text("ballot,request,value\n" + rows, encoding="utf-8")
    with pytest.raises(CommandError) as excinfo:
        call_command("recount", str(path), "--method", "schulze", "--seats", "1")
    assert "6000 demandes ; le recomptage en accepte au plus 500" in str(excinfo.value)


def test_recount_refuses_a_file_over_the_size_limit(tmp_path, monkeypatch):
    from cercle.votes.management.commands import recount as command

    monkeypatch.setattr(command, "MAX_FILE_BYTES", 1024)
    path = tmp_path / "bulletins.csv"
    path.write_text(EXPORT + "CCCCC,D-2026-0003,1\n" * 100, encoding="utf-8")
    with pytest.raises(CommandError, match="larger than"):
        call_command("recount", str(path), "--method", "points", "--seats", "1")


def test_recount_reports_a_schulze_tie_at_the_cutoff(tmp_path, capsys):
    # A>B>X and X>A>B: A and X are both unbeaten; one seat.
    path = tmp_path / "bulletins.csv"
    path.write_text(
        "ballot,request,value\nR1,A,1\nR1,B,2\nR1,X,3\nR2,X,1\nR2,A,2\nR2,B,3\n",
        encoding="utf-8",
    )
    call_command("recount", str(path), "--method", "schulze", "--seats", "1", "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["retained"] == []
    assert data["tie_at_cutoff"] == {"requests": ["A", "X"], "seats": 1}
    call_command("recount", str(path), "--method", "schulze", "--seats", "1")
    assert "égalité au seuil" in capsys.readouterr().out

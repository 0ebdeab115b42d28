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
    }


def test_recount_prints_a_table(tmp_path, capsys):
    path = tmp_path / "bulletins.csv"
    path.write_text(EXPORT, encoding="utf-8")
    call_command("recount", str(path), "--method", "points", "--seats", "1")
    assert "1  D-2026-0002      4  retained" in capsys.readouterr().out


def test_recount_names_the_malformed_line(tmp_path):
    path = tmp_path / "bulletins.csv"
    path.write_text(EXPORT + "CCCCC,D-2026-0001,beaucoup\n", encoding="utf-8")
    with pytest.raises(CommandError, match="line 5: value 'beaucoup' is not an integer"):
        call_command("recount", str(path), "--method", "points", "--seats", "1")


def test_recount_exits_non_zero_on_error(tmp_path):
    path = tmp_path / "bulletins.csv"
    path.write_text("ballot,request\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "manage.py", "recount", str(path), "--method", "approval", "--seats", "2"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"CERCLE_DEBUG": "true", "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert done.returncode != 0
    assert "line 1: missing column(s): value" in done.stderr

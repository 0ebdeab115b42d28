from pathlib import Path

import cercle.meetings


def test_meetings_never_imports_onsite():
    root = Path(cercle.meetings.__file__).parent
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "cercle.onsite" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []

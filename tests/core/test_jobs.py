from cercle.core import jobs


def test_run_due_runs_each_job_once_per_interval(monkeypatch):
    calls = []
    monkeypatch.setattr(jobs, "_registry", {})
    jobs.register("a", lambda: calls.append("a"), every=10)

    jobs.run_due(now=100.0)
    jobs.run_due(now=105.0)
    jobs.run_due(now=111.0)

    assert calls == ["a", "a"]


def test_run_due_survives_a_failing_job(monkeypatch):
    calls = []
    monkeypatch.setattr(jobs, "_registry", {})

    def broken():
        raise RuntimeError("boom")

    jobs.register("broken", broken, every=1)
    jobs.register("fine", lambda: calls.append("fine"), every=1)

    assert jobs.run_due(now=5.0) == ["broken", "fine"]
    assert calls == ["fine"]

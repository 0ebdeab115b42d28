"""Contention run: 300 simultaneous registrations for a 30-seat workshop, through gunicorn.

`python -m bench.contention [out.json]` creates the PostgreSQL database
`cercle_bench_contention`, migrates it, creates 300 members with signed-in sessions, starts
gunicorn (several workers) on a free 127.0.0.1 port, has each member fetch the registration
page (real session cookie and CSRF token), then fires the 300 form submissions at once and
prints confirmed, waiting and error counts and the requests per second. Traffic stays on
127.0.0.1; the database is dropped at the end.
"""

import http.client
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "cercle_bench_contention"
PG = os.environ.get("CERCLE_BENCH_PG", "postgres://postgres@127.0.0.1:5432")
PEOPLE, SEATS, WORKERS = 300, 30, 4
SECRET = "bench-contention-secret-key-" + "k" * 40


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as connection:
        connection.execute(sql)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _environment() -> dict:
    return {
        **os.environ,
        "CERCLE_DATABASE_URL": f"{PG}/{DB_NAME}",
        "CERCLE_SECRET_KEY": SECRET,
        "CERCLE_SECURE_SSL_REDIRECT": "false",
        "CERCLE_DEBUG": "false",
        "CERCLE_LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "cercle.settings",
    }


def _arrange():
    """Data and signed-in sessions, created in this process on the bench database."""
    os.environ.update(_environment())
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from datetime import date, datetime
    from datetime import time as clock

    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command

    from cercle.meetings.enums import MeetingStatus, SessionKind
    from cercle.meetings.models import PARIS, Meeting, MeetingDay, Session
    from cercle.organisations.models import Membership, Organisation

    call_command("migrate", verbosity=0)
    host = Organisation.objects.create(name="Ville hôte", slug="ville-hote", kind="commune")
    meeting = Meeting.objects.create(
        edition=1, title="Rencontre", slug="rencontre", host=host, status=MeetingStatus.OPEN
    )
    day = MeetingDay.objects.create(meeting=meeting, date=date(2099, 6, 2))
    workshop = Session.objects.create(
        meeting=meeting,
        day=day,
        title="Atelier",
        kind=SessionKind.WORKSHOP,
        capacity=SEATS,
        starts_at=datetime.combine(day.date, clock(14), tzinfo=PARIS),
        ends_at=datetime.combine(day.date, clock(16), tzinfo=PARIS),
    )
    user_model = get_user_model()
    user_model.objects.bulk_create(
        user_model(email=f"c{i}@bench.test", display_name=f"Personne {i}", password="!")
        for i in range(PEOPLE)
    )
    people = list(user_model.objects.order_by("pk"))
    Membership.objects.bulk_create(
        Membership(user=person, organisation=host, role="agent") for person in people
    )
    cookies = []
    for person in people:
        store = SessionStore()
        store[SESSION_KEY] = str(person.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = person.get_session_auth_hash()
        store.create()
        cookies.append(store.session_key)
    form = {
        "organisation": str(host.pk),
        f"day_{day.pk}": "on_site",
        "workshops": str(workshop.pk),
        "badge_organisation": host.name,
        "experience": "newcomer",
        "image_consent": "yes",
    }
    return meeting.slug, cookies, form, workshop.pk


def _count(workshop_id) -> tuple[int, int]:
    from django.db import connection

    from cercle.meetings.models import WorkshopSeat

    seats = list(
        WorkshopSeat.objects.filter(session_id=workshop_id).values_list("status", flat=True)
    )
    connection.close()
    return seats.count("confirmed"), seats.count("waiting")


def _start_server(port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "cercle.wsgi:application",
            "--pythonpath",
            str(ROOT / "src"),
            "--workers",
            str(WORKERS),
            "--bind",
            f"127.0.0.1:{port}",
            "--backlog",
            "1024",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=_environment(),
    )
    for _ in range(100):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("gunicorn did not start")


def _prepare(port, path, session_key):
    """GET the registration page as the person: their CSRF cookie and form token."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", path, headers={"Cookie": f"sessionid={session_key}"})
    response = connection.getresponse()
    body = response.read().decode()
    cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie") or "")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if response.status != 200 or not cookie or not token:
        raise RuntimeError(f"registration page answered {response.status}")
    return session_key, cookie[1], token[1]


def _submit(port, path, form, credentials, index, barrier):
    session_key, csrf_cookie, token = credentials
    body = urlencode({**form, "badge_name": f"Personne {index}", "csrfmiddlewaretoken": token})
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    barrier.wait()
    connection.request(
        "POST",
        path,
        body=body,
        headers={
            "Cookie": f"sessionid={session_key}; csrftoken={csrf_cookie}",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    response = connection.getresponse()
    response.read()
    return response.status, time.perf_counter()


def main(out: str | None = None) -> dict:
    _admin(f"DROP DATABASE IF EXISTS {DB_NAME}")
    _admin(f"CREATE DATABASE {DB_NAME}")
    server = None
    try:
        slug, cookies, form, workshop_id = _arrange()
        path = f"/rencontres/{slug}/inscription/"
        port = _free_port()
        server = _start_server(port)
        with ThreadPoolExecutor(max_workers=50) as pool:
            credentials = list(pool.map(lambda key: _prepare(port, path, key), cookies))
        barrier = threading.Barrier(PEOPLE + 1)
        with ThreadPoolExecutor(max_workers=PEOPLE) as pool:
            futures = [
                pool.submit(_submit, port, path, form, c, i, barrier)
                for i, c in enumerate(credentials)
            ]
            barrier.wait()
            started = time.perf_counter()
            results = [future.result() for future in futures]
        elapsed = max(finished for _status, finished in results) - started
        errors = sum(1 for status, _finished in results if status != 302)
        confirmed, waiting = _count(workshop_id)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        from django.db import connections

        connections.close_all()
        _admin(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    figures = {
        "confirmed": confirmed,
        "waiting": waiting,
        "errors": errors,
        "requests_per_second": round(PEOPLE / elapsed, 1),
    }
    print(
        f"contention: {PEOPLE} simultaneous registrations for {SEATS} seats through gunicorn "
        f"({WORKERS} workers) + PostgreSQL: {confirmed} confirmed, {waiting} waiting, "
        f"{errors} errors, {figures['requests_per_second']} requests/s"
    )
    records = [
        {"name": "contention confirmed", "value": confirmed, "unit": "registrations"},
        {"name": "contention waiting", "value": waiting, "unit": "registrations"},
        {"name": "contention errors", "value": errors, "unit": "requests"},
        {"name": "contention throughput", "value": figures["requests_per_second"], "unit": "req/s"},
    ]
    if out:
        Path(out).write_text(json.dumps(records))
    return figures


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else None)

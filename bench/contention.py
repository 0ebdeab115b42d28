"""Contention run: 300 simultaneous registrations for a 30-seat workshop, through the cluster.

`python -m bench.contention [out.json]` creates the PostgreSQL database
`cercle_bench_contention`, starts the cluster of bench/cluster.py (nginx in front of two gunicorn
instances, two workers, Redis), creates 300 members with signed-in sessions, has each fetch the
registration page through nginx (real session cookie and CSRF token), then:

0. the same 300 people GET the floor page (`/plancher/`, the cheapest signed-in page) at once:
   the ceiling of this machine and cluster in the same run, to set the race's figures against;
1. fires the 300 form submissions at once: confirmed, waiting, errors, requests per second;
2. waits for the two workers to send the confirmations: each person's email exactly once;
3. guesses a password 12 times, alternating between the two instances directly: the login
   throttle (in Redis) lets exactly 5 guesses through in all, not 5 per instance;
4. runs a second race on another workshop and `kill -9`s one app server (master and workers)
   when a third of the answers are in; the people whose request died retry once: no confirmed
   registration lost, none half-written, still exactly 30 seats.

Traffic stays on 127.0.0.1; the database is dropped at the end.
"""

import functools
import http.client
import json
import os
import re
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

from bench.cluster import ROOT, Cluster, admin_sql

DB_NAME = "cercle_bench_contention"
PEOPLE, SEATS = 300, 30
WRONG_GUESSES, THROTTLE_LIMIT = 12, 5


def _arrange(environment: dict):
    """Data and signed-in sessions, created in this process on the bench database."""
    os.environ.update(environment)
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

    from cercle.meetings.enums import MeetingStatus, SessionKind
    from cercle.meetings.models import PARIS, Meeting, MeetingDay, Session
    from cercle.organisations.models import Membership, Organisation

    host = Organisation.objects.create(name="Ville hôte", slug="ville-hote", kind="commune")
    races = []
    for edition in (1, 2):
        meeting = Meeting.objects.create(
            edition=edition,
            title=f"Rencontre {edition}",
            slug=f"rencontre-{edition}",
            host=host,
            status=MeetingStatus.OPEN,
        )
        day = MeetingDay.objects.create(meeting=meeting, date=date(2099, 6, 1 + edition))
        workshop = Session.objects.create(
            meeting=meeting,
            day=day,
            title="Atelier",
            kind=SessionKind.WORKSHOP,
            capacity=SEATS,
            starts_at=datetime.combine(day.date, clock(14), tzinfo=PARIS),
            ends_at=datetime.combine(day.date, clock(16), tzinfo=PARIS),
        )
        form = {
            "organisation": str(host.pk),
            f"day_{day.pk}": "on_site",
            "workshops": str(workshop.pk),
            "badge_organisation": host.name,
            "experience": "newcomer",
            "image_consent": "yes",
        }
        races.append((f"/rencontres/{meeting.slug}/inscription/", form, meeting.pk, workshop.pk))
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
    guesser = user_model.objects.create_user(email="guess@bench.test", password="right-one-42")
    return races, cookies, guesser.email


def _seats(workshop_id) -> tuple[int, int]:
    from django.db import connection

    from cercle.meetings.models import WorkshopSeat

    seats = list(
        WorkshopSeat.objects.filter(session_id=workshop_id).values_list("status", flat=True)
    )
    connection.close()
    return seats.count("confirmed"), seats.count("waiting")


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


def _send(port, method, path, headers, body=None, barrier=None):
    """One request once `barrier` lets everyone go; (status, finish time). A dropped
    connection is status 0."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    if barrier is not None:
        barrier.wait()
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        status = response.status
    except OSError:
        status = 0
    return status, time.perf_counter()


def _submit(port, path, form, credentials, index, barrier=None):
    """POST the registration form as the person."""
    session_key, csrf_cookie, token = credentials
    body = urlencode({**form, "badge_name": f"Personne {index}", "csrfmiddlewaretoken": token})
    headers = {
        "Cookie": f"sessionid={session_key}; csrftoken={csrf_cookie}",
        "Content-Type": "application/x-www-form-urlencoded",
    }
    return _send(port, "POST", path, headers, body, barrier)


def _at_once(requests, on_answer=None):
    """Each `request(barrier=...)` in its own thread, all let go together; the statuses and the
    elapsed time. `on_answer(n)` is called as the n-th answer arrives."""
    barrier = threading.Barrier(len(requests) + 1)
    answered = []

    def one(request):
        result = request(barrier=barrier)
        answered.append(result)
        if on_answer is not None:
            on_answer(len(answered))
        return result

    with ThreadPoolExecutor(max_workers=len(requests)) as pool:
        futures = [pool.submit(one, request) for request in requests]
        barrier.wait()
        started = time.perf_counter()
        results = [future.result() for future in futures]
    elapsed = max(finished for _status, finished in results) - started
    return [status for status, _finished in results], elapsed


def _floor_race(port, cookies):
    """Every person GETs the floor page at once."""
    return _at_once(
        [
            functools.partial(_send, port, "GET", "/plancher/", {"Cookie": f"sessionid={key}"})
            for key in cookies
        ]
    )


def _race(port, path, form, credentials, on_answer=None):
    """All registration submissions at once."""
    return _at_once(
        [
            functools.partial(_submit, port, path, form, credential, index)
            for index, credential in enumerate(credentials)
        ],
        on_answer,
    )


def _idle_seconds() -> float:
    """Seconds every processor of the machine spent idle (or waiting for a disk) so far."""
    fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()
    return (int(fields[4]) + int(fields[5])) / os.sysconf("SC_CLK_TCK")


def _measured(cluster, run):
    """`run()`'s result, the processor seconds each part of the cluster used meanwhile, and
    the machine's idle seconds (the rest went to other processes)."""
    cpu_before, generator_before = cluster.cpu_seconds(), time.process_time()
    idle_before = _idle_seconds()
    result = run()
    cpu = {part: seconds - cpu_before[part] for part, seconds in cluster.cpu_seconds().items()}
    cpu["load generator"] = time.process_time() - generator_before
    return result, cpu, _idle_seconds() - idle_before


def _wait_for_mail(count: int, timeout: float = 120) -> float:
    """Seconds until `count` confirmations are sent by the workers (nothing left due)."""
    from django.db import connection

    from cercle.meetings.models import Registration
    from cercle.outbox.models import Message, MessageStatus

    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        due = Registration.objects.filter(confirmation_due_at__isnull=False).count()
        sent = Message.objects.filter(status=MessageStatus.SENT).count()
        if not due and sent >= count:
            break
        time.sleep(0.5)
    connection.close()
    return time.perf_counter() - started


def _mails_per_person(mail_dir: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    for path in mail_dir.iterdir():
        for address in re.findall(r"^To: (\S+@bench\.test)$", path.read_text(), re.MULTILINE):
            counts[address] = counts.get(address, 0) + 1
    return counts


def _guess(port: int, email: str) -> bool:
    """One wrong password straight to an app server; True when the throttle refused it."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/connexion/")
    response = connection.getresponse()
    body = response.read().decode()
    cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie") or "")[1]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)[1]
    form = {"username": email, "password": "wrong", "csrfmiddlewaretoken": token}
    connection.request(
        "POST",
        "/connexion/",
        body=urlencode(form),
        headers={
            "Cookie": f"csrftoken={cookie}",
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://127.0.0.1:{port}/connexion/",
        },
    )
    response = connection.getresponse()
    page = response.read().decode()
    return "Trop de tentatives" in page or "Too many failed attempts" in page


def _complete(meeting_id) -> tuple[int, int]:
    """Active registrations of a meeting, and those missing their day or workshop row."""
    from django.db import connection
    from django.db.models import Count

    from cercle.meetings.models import Registration

    rows = Registration.objects.filter(meeting_id=meeting_id, cancelled_at__isnull=True)
    counted = rows.annotate(
        day_rows=Count("days", distinct=True), seat_rows=Count("workshops", distinct=True)
    )
    half = sum(1 for r in counted if r.day_rows != 1 or r.seat_rows != 1)
    total = rows.count()
    connection.close()
    return total, half


def _per_request(name: str, cpu: dict[str, float]) -> list[dict]:
    """One record per part: its processor time per request, in milliseconds."""
    return [
        {"name": f"{name}: {part}", "value": round(1000 * seconds / PEOPLE, 2), "unit": "ms"}
        for part, seconds in cpu.items()
    ]


def main(out: str | None = None) -> list[dict]:
    admin_sql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    admin_sql(f"CREATE DATABASE {DB_NAME}")
    work = Path(tempfile.mkdtemp(prefix="cercle-cluster-"))
    cluster = Cluster(
        DB_NAME, work=work, app_workers=int(os.environ.get("CERCLE_BENCH_APP_WORKERS", "3"))
    )
    records = []
    try:
        cluster.prepare()
        races, cookies, guesser = _arrange(cluster.environment())
        cluster.start()
        port = cluster.port
        (path, form, _meeting, workshop) = races[0]
        (kill_path, kill_form, kill_meeting, kill_workshop) = races[1]
        with ThreadPoolExecutor(max_workers=50) as pool:
            credentials = list(pool.map(lambda key: _prepare(port, path, key), cookies))
            kill_credentials = list(pool.map(lambda k: _prepare(port, kill_path, k), cookies))

        # 0. The floor page, same people, same cluster: the ceiling of this run.
        (floor_statuses, floor_elapsed), floor_cpu, _floor_idle = _measured(
            cluster, lambda: _floor_race(port, cookies)
        )
        floor_errors = sum(1 for status in floor_statuses if status != 200)
        floor_rate = round(PEOPLE / floor_elapsed, 1)

        # 1. The race through nginx, both instances serving; where the processor time goes.
        (statuses, elapsed), cpu, idle = _measured(
            cluster, lambda: _race(port, path, form, credentials)
        )
        errors = sum(1 for status in statuses if status != 302)
        confirmed, waiting = _seats(workshop)
        rate = round(PEOPLE / elapsed, 1)
        print(
            f"contention: {PEOPLE} simultaneous registrations for {SEATS} seats through nginx, "
            f"2 gunicorn instances x {cluster.app_workers} workers, PostgreSQL, Redis: "
            f"{confirmed} confirmed, {waiting} waiting, {errors} errors, {rate} requests/s "
            f"(target: {SEATS} confirmed, 0 errors, >= 150 requests/s)"
        )

        budget = (os.cpu_count() or 1) * elapsed
        print(
            f"processor time during the race ({os.cpu_count()} cores x {elapsed:.2f} s = "
            f"{budget:.2f} s): "
            + ", ".join(
                f"{part} {seconds:.2f} s ({1000 * seconds / PEOPLE:.1f} ms per registration)"
                for part, seconds in cpu.items()
            )
            + f"; idle or elsewhere {max(budget - sum(cpu.values()), 0):.2f} s"
            + f" (idle {idle:.2f} s, the rest other processes)"
        )

        floor_total, race_total = sum(floor_cpu.values()), sum(cpu.values())
        ratio = round(race_total / floor_total, 2) if floor_total else None
        print(
            f"floor page /plancher/ in the same run: {PEOPLE} simultaneous signed-in GETs, "
            f"{floor_errors} errors, {floor_rate} requests/s; processor time per request: "
            + ", ".join(
                f"{part} {1000 * seconds / PEOPLE:.1f} ms" for part, seconds in floor_cpu.items()
            )
            + f"; a registration costs {ratio}x the floor's processor time "
            f"({1000 * race_total / PEOPLE:.1f} vs {1000 * floor_total / PEOPLE:.1f} ms), "
            f"the race runs at {round(rate / floor_rate, 2)}x the floor's rate"
        )

        rss = cluster.worker_rss_mb()
        peak_rss = round(max(rss, default=0))
        print(
            f"app worker memory after the race: {max(rss, default=0):.0f} MB RSS at most over "
            f"{len(rss)} gunicorn workers (target: ≤ 150 MB)"
        )

        # 2. The two workers send every confirmation exactly once.
        took = _wait_for_mail(PEOPLE)
        per_person = _mails_per_person(cluster.mail_dir)
        once = sum(1 for i in range(PEOPLE) if per_person.get(f"c{i}@bench.test") == 1)
        doubled = sum(1 for n in per_person.values() if n > 1)
        print(
            f"confirmations by 2 workers: {once}/{PEOPLE} people emailed exactly once, "
            f"{doubled} emailed twice or more, all sent {took:.1f} s after the race"
        )

        # 3. Login throttling shared by the two instances (Redis).
        refused = [_guess(cluster.app_ports[i % 2], guesser) for i in range(WRONG_GUESSES)]
        checked = refused.count(False)
        print(
            f"login throttle across 2 instances: {checked} of {WRONG_GUESSES} wrong passwords "
            f"checked, {refused.count(True)} refused (target: exactly {THROTTLE_LIMIT} checked)"
        )

        # 4. kill -9 one app server during a second race; the refused people retry once.
        killed = threading.Event()

        def kill_at_a_third(answers: int) -> None:
            if answers >= PEOPLE // 3 and not killed.is_set():
                killed.set()
                cluster.kill_app(0)

        statuses, _elapsed = _race(port, kill_path, kill_form, kill_credentials, kill_at_a_third)
        died = [i for i, status in enumerate(statuses) if status != 302]
        retried = [_submit(port, kill_path, kill_form, kill_credentials[i], i)[0] for i in died]
        lost_after_retry = sum(1 for status in retried if status != 302)
        kill_confirmed, kill_waiting = _seats(kill_workshop)
        registered, half_written = _complete(kill_meeting)
        print(
            f"kill -9 of one app server mid-race: {len(died)} requests died and were retried "
            f"({lost_after_retry} still failing); {registered}/{PEOPLE} registered, "
            f"{half_written} half-written, {kill_confirmed} confirmed, {kill_waiting} waiting"
        )
        records = [
            {"name": "contention confirmed", "value": confirmed, "unit": "registrations"},
            {"name": "contention waiting", "value": waiting, "unit": "registrations"},
            {"name": "contention errors", "value": errors, "unit": "requests"},
            {"name": "contention throughput (2 app servers)", "value": rate, "unit": "req/s"},
            {"name": "app worker memory (max RSS)", "value": peak_rss, "unit": "MB"},
            *_per_request("race CPU per registration", cpu),
            {"name": "race: machine idle", "value": round(idle, 2), "unit": "s"},
            {"name": "floor page throughput (2 app servers)", "value": floor_rate, "unit": "req/s"},
            {"name": "floor page errors", "value": floor_errors, "unit": "requests"},
            *_per_request("floor CPU per request", floor_cpu),
            {"name": "registration CPU / floor CPU", "value": ratio, "unit": "x"},
            {"name": "confirmations sent exactly once", "value": once, "unit": "people"},
            {"name": "confirmations sent twice or more", "value": doubled, "unit": "people"},
            {"name": "wrong passwords checked across 2 instances", "value": checked, "unit": ""},
            {"name": "kill -9 race: requests died", "value": len(died), "unit": "requests"},
            {"name": "kill -9 race: registered", "value": registered, "unit": "people"},
            {"name": "kill -9 race: half-written", "value": half_written, "unit": "registrations"},
            {"name": "kill -9 race: confirmed", "value": kill_confirmed, "unit": "seats"},
        ]
    finally:
        cluster.stop()
        from django.db import connections

        connections.close_all()
        admin_sql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    if out:
        Path(out).write_text(json.dumps(records))
    return records


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else None)

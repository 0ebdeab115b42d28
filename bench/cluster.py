"""Two app servers behind a load balancer, on one machine: `make cluster` and the bench's race.

nginx (Debian's package) listens on one port, serves `collectstatic`'s output and spreads the
requests over two gunicorn instances on their own ports; both share one PostgreSQL database and
one Redis (cache, sessions, login throttling); two `manage.py worker` processes send the outbox
and the meeting notices, claiming rows with `skip_locked`. Each gunicorn runs in its own process
group so the bench can `kill -9` one of them (master and workers) in the middle of a race.

    python -m bench.cluster serve        # make cluster: demo data, http://127.0.0.1:8080/
"""

import contextlib
import http.client
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG = os.environ.get("CERCLE_BENCH_PG", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("CERCLE_BENCH_REDIS", "redis://127.0.0.1:6379")
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

NGINX_CONF = """\
daemon off;
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
{user}
events {{ worker_connections 2048; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {work}/tmp/body;
    proxy_temp_path {work}/tmp/proxy;
    fastcgi_temp_path {work}/tmp/fastcgi;
    uwsgi_temp_path {work}/tmp/uwsgi;
    scgi_temp_path {work}/tmp/scgi;
    client_max_body_size 25m;
    upstream cercle {{
        # A dead instance is skipped for 10 s after one refused connection; a request already
        # sent to it is never replayed elsewhere (POSTs are not idempotent).
{servers}
        keepalive 64;
    }}
    server {{
        listen 127.0.0.1:{port};
        location /static/ {{ alias {static}/; expires 1h; }}
        location / {{
            proxy_pass http://cercle;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_read_timeout 120s;
        }}
    }}
}}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def admin_sql(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as connection:
        connection.execute(sql)


TICKS = os.sysconf("SC_CLK_TCK")


def _process_tree(pid: int) -> list[int]:
    """The process and its descendants (children of each one's main thread)."""
    tree, index = [pid], 0
    while index < len(tree):
        current = tree[index]
        index += 1
        children = Path(f"/proc/{current}/task/{current}/children")
        try:
            tree.extend(int(child) for child in children.read_text().split())
        except OSError:
            continue
    return tree


def _cpu_seconds(pids) -> float:
    """User + system CPU time the processes have used so far (a process gone counts 0)."""
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / TICKS


def _named(name: str) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == name:
                    pids.append(int(entry.name))
            except OSError:
                continue
    return pids


WORKER_NICENESS = 10


def _lower_autogroup(pid: int) -> None:
    """With the kernel's autogroups (sched_autogroup_enabled), a process in its own session is
    weighed against the app servers as a group, whatever its own niceness: lower the group's
    priority as well. (Under systemd, give the worker unit a lower CPUWeight= instead.)"""
    # No autogroups on this kernel (no such file): the process's own niceness is what counts.
    with contextlib.suppress(OSError):
        Path(f"/proc/{pid}/autogroup").write_text(str(WORKER_NICENESS))


def wait_for(port: int, path: str = "/healthz", tries: int = 150) -> None:
    for _ in range(tries):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", path)
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"nothing answers on 127.0.0.1:{port}{path}")


class Cluster:
    """nginx + 2 gunicorn instances + 2 workers over one PostgreSQL database and one Redis."""

    def __init__(
        self,
        database: str,
        *,
        work: Path,
        port: int | None = None,
        redis_db: int = 9,
        app_workers: int = 2,
        secret_key: str | None = None,
    ):
        self.database = database
        self.work = work
        self.port = port or free_port()
        self.app_ports = [free_port(), free_port()]
        self.redis_url = f"{REDIS}/{redis_db}"
        self.app_workers = app_workers
        self.secret_key = secret_key or secrets.token_urlsafe(48)
        self.mail_dir = work / "mail"
        self.apps: list[subprocess.Popen | None] = []
        self.workers: list[subprocess.Popen] = []
        self.nginx: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def environment(self) -> dict:
        return {
            **os.environ,
            "PYTHONPATH": str(ROOT / "src"),
            "DJANGO_SETTINGS_MODULE": "cercle.settings",
            "CERCLE_DEBUG": "false",
            "CERCLE_SECRET_KEY": self.secret_key,
            "CERCLE_DATABASE_URL": f"{PG}/{self.database}",
            "CERCLE_REDIS_URL": self.redis_url,
            "CERCLE_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "CERCLE_SITE_URL": self.url,
            "CERCLE_SECURE_SSL_REDIRECT": "false",
            "CERCLE_TRUSTED_PROXIES": "1",
            "CERCLE_STATIC_ROOT": str(self.work / "static"),
            "CERCLE_MEDIA_ROOT": str(self.work / "media"),
            # Emails land as files in var/cluster/mail: the bench counts them per recipient.
            "CERCLE_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "CERCLE_EMAIL_FILE_PATH": str(self.mail_dir),
            "CERCLE_LOG_LEVEL": "WARNING",
        }

    def manage(self, *args: str) -> None:
        subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), *args],
            cwd=ROOT,
            env=self.environment(),
            check=True,
        )

    def prepare(self) -> None:
        """Empty the Redis database, collect the static files, migrate."""
        import redis

        redis.Redis.from_url(self.redis_url).flushdb()
        for folder in ("tmp", "mail", "media"):
            (self.work / folder).mkdir(parents=True, exist_ok=True)
        self.manage("collectstatic", "--no-input", "-v0")
        self.manage("migrate", "--no-input", "-v0")

    def _gunicorn(self, port: int) -> subprocess.Popen:
        command = [
            str(Path(sys.executable).parent / "gunicorn"),
            "cercle.wsgi:application",
            "--workers",
            str(self.app_workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--backlog",
            "2048",
            # The application is imported once, before the workers fork (less memory, no
            # import on a worker's first request).
            "--preload",
            "--log-level",
            "warning",
        ]
        return subprocess.Popen(command, cwd=ROOT, env=self.environment(), start_new_session=True)

    def start(self) -> "Cluster":
        self.apps = [self._gunicorn(port) for port in self.app_ports]
        for _ in range(2):
            # Background work yields the processor to the people waiting for a page.
            worker = subprocess.Popen(
                ["nice", "-n", str(WORKER_NICENESS), sys.executable, str(ROOT / "manage.py")]
                + ["worker"],
                cwd=ROOT,
                env=self.environment(),
                stdout=subprocess.DEVNULL,
                start_new_session=True,
            )
            _lower_autogroup(worker.pid)
            self.workers.append(worker)
        servers = "\n".join(
            f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=10s;"
            for port in self.app_ports
        )
        config = self.work / "nginx.conf"
        config.write_text(
            NGINX_CONF.format(
                work=self.work,
                port=self.port,
                servers=servers,
                static=self.work / "static",
                user="user root;" if os.geteuid() == 0 else "",
            )
        )
        self.nginx = subprocess.Popen([NGINX, "-c", str(config), "-p", str(self.work)])
        for port in self.app_ports:
            wait_for(port)
        wait_for(self.port)
        return self

    def worker_rss_mb(self) -> list[float]:
        """Resident memory of every gunicorn worker process (children of the two masters)."""
        sizes = []
        for process in self.apps:
            if process is None:
                continue
            children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
            for pid in children.read_text().split() if children.exists() else []:
                status = Path(f"/proc/{pid}/status")
                for line in status.read_text().splitlines() if status.exists() else []:
                    if line.startswith("VmRSS:"):
                        sizes.append(int(line.split()[1]) / 1024)
        return sizes

    def cpu_seconds(self) -> dict[str, float]:
        """CPU time used so far by each part of the cluster on this machine (PostgreSQL and
        Redis: every process of theirs, other databases' included)."""
        apps = [pid for p in self.apps if p is not None for pid in _process_tree(p.pid)]
        workers = [pid for p in self.workers for pid in _process_tree(p.pid)]
        nginx = _process_tree(self.nginx.pid) if self.nginx is not None else []
        return {
            "app servers": _cpu_seconds(apps),
            "workers": _cpu_seconds(workers),
            "nginx": _cpu_seconds(nginx),
            "PostgreSQL": _cpu_seconds(_named("postgres")),
            "Redis": _cpu_seconds(_named("redis-server")),
        }

    def kill_app(self, index: int) -> None:
        """kill -9 one app server: its gunicorn master and every worker, mid-request."""
        process = self.apps[index]
        if process is not None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            self.apps[index] = None

    def stop(self) -> None:
        for process in [*self.apps, *self.workers]:
            if process is not None and process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        if self.nginx is not None and self.nginx.poll() is None:
            self.nginx.terminate()
        for process in [*self.apps, *self.workers, self.nginx]:
            if process is not None:
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()


def serve() -> None:
    """`make cluster`: the demo club on http://127.0.0.1:8080 through nginx, until Ctrl-C."""
    database = "cercle_cluster"
    work = ROOT / "var" / "cluster"
    work.mkdir(parents=True, exist_ok=True)
    secret_file = work / "secret_key"
    if not secret_file.exists():
        secret_file.write_text(secrets.token_urlsafe(48))
        secret_file.chmod(0o600)
    try:
        admin_sql(f"CREATE DATABASE {database}")
    except Exception as error:  # noqa: BLE001 - already there: keep its data
        if "already exists" not in str(error):
            raise
    cluster = Cluster(
        database,
        work=work,
        port=int(os.environ.get("PORT", "8080")),
        secret_key=secret_file.read_text().strip(),
    )
    cluster.prepare()
    cluster.manage("demo")
    cluster.start()
    print(
        f"Cercle on {cluster.url}/ through nginx -> gunicorn :{cluster.app_ports[0]} and "
        f":{cluster.app_ports[1]}, 2 workers, PostgreSQL {database}, Redis {cluster.redis_url}. "
        f"Emails are written to {cluster.mail_dir}. Ctrl-C stops everything."
    )
    try:
        signal.pause()
    except KeyboardInterrupt:
        pass
    finally:
        cluster.stop()


if __name__ == "__main__":
    if sys.argv[1:] != ["serve"]:
        sys.exit("usage: python -m bench.cluster serve")
    serve()

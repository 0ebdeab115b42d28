"""A local stand-in for the vendor's Redmine, answering GET /issues/<id>.json as Redmine does
(https://www.redmine.org/projects/redmine/wiki/Rest_Issues): 200 with {"issue": {...}}, 404 for
an unknown issue, 401 for a wrong API key; one issue never answers in time."""

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

API_KEY = "cle-de-test-0123456789"
SLOW = 999


def issue(number, *, status="Nouveau", status_id=1, version=None, done_ratio=0):
    data = {
        "id": number,
        "project": {"id": 1, "name": "Suite e-administration"},
        "tracker": {"id": 2, "name": "Évolution"},
        "status": {"id": status_id, "name": status, "is_closed": False},
        "priority": {"id": 2, "name": "Normal"},
        "author": {"id": 5, "name": "Équipe éditeur"},
        "subject": f"Ticket {number}",
        "description": "",
        "start_date": "2026-09-01",
        "due_date": None,
        "done_ratio": done_ratio,
        "is_private": False,
        "estimated_hours": None,
        "created_on": "2026-09-01T08:00:00Z",
        "updated_on": "2026-11-20T16:30:00Z",
        "closed_on": None,
    }
    if version:
        data["fixed_version"] = {"id": 7, "name": version}
    return data


class FakeRedmine:
    def __init__(self):
        self.issues = {}
        self.requests = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests.append({"path": self.path, "headers": dict(self.headers)})
                match = re.fullmatch(r"/issues/(\d+)\.json", self.path)
                if self.headers.get("X-Redmine-API-Key") != API_KEY:
                    return self._answer(401, b"")
                if match and int(match.group(1)) == SLOW:
                    time.sleep(2)
                    return self._answer(200, b"{}")
                if not match or int(match.group(1)) not in server.issues:
                    return self._answer(404, b"")
                body = json.dumps({"issue": server.issues[int(match.group(1))]}).encode()
                return self._answer(200, body, "application/json; charset=utf-8")

            def _answer(self, status, body, content_type="text/plain"):
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", content_type)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout test)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()

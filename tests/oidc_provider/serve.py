"""Start the test OpenID Connect provider: `python -m tests.oidc_provider.serve DB_PATH`.

Binds a free port on 127.0.0.1, generates its RSA keys, migrates its own SQLite database,
registers Cercle's clients and the people of the tests, prints "ready <port>" and serves.
"""

import os
import sys
import threading

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

PASSWORD = "provider-password"
SECRET = "provider-client-secret"
# The client of each provider key Cercle's tests configure (see fixtures.py).
CLIENTS = {
    "suite": "cercle",
    "mauvaise-audience": "cercle-wrong-audience",
    "mauvaise-signature": "cercle-bad-signature",
}
PEOPLE = [
    # email, first name, last name, email verified
    ("marie.dupont@quimper.test", "Marie", "Dupont", True),
    ("paul.martin@quimper.test", "Paul", "Martin", True),
    ("claire.nouvelle@quimper.test", "Claire", "Nouvelle", True),
    ("louise.douteuse@quimper.test", "Louise", "Douteuse", False),
    # Hostile text in the name claims, copied into the display name of an invited account.
    ("hostile@quimper.test", '<script>alert("x")</script>', "=cmd|' /C calc'!A0\r\nX", True),
]


def _private_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def _register():
    from django.contrib.auth.models import Group, User
    from oauth2_provider.models import Application

    for key, client_id in CLIENTS.items():
        callbacks = [
            f"http://{host}/connexion/oidc/{key}/retour/"
            for host in ("testserver", "localhost", "127.0.0.1")
        ]
        Application.objects.create(
            name=client_id,
            client_id=client_id,
            client_secret=SECRET,
            client_type=Application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
            redirect_uris=" ".join(callbacks),
            post_logout_redirect_uris="http://testserver/ http://localhost/ http://127.0.0.1/",
            algorithm=Application.RS256_ALGORITHM,
            skip_authorization=True,
        )
    unverified = Group.objects.create(name="unverified-email")
    for email, first_name, last_name, verified in PEOPLE:
        user = User.objects.create_user(
            email, email, PASSWORD, first_name=first_name, last_name=last_name
        )
        if not verified:
            user.groups.add(unverified)


def main():
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, format, *args):  # noqa: A002
            pass

    server = ThreadedWSGIServer(("127.0.0.1", 0), QuietHandler)
    os.environ["OIDC_TEST_PROVIDER_PORT"] = str(server.server_port)
    os.environ["OIDC_TEST_PROVIDER_DB"] = sys.argv[1]
    os.environ["OIDC_TEST_PROVIDER_KEY"] = _private_pem()
    os.environ["OIDC_TEST_ROGUE_KEY"] = _private_pem()
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"

    import django
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application

    django.setup()
    call_command("migrate", verbosity=0, interactive=False, run_syncdb=True)
    _register()
    server.set_app(get_wsgi_application())
    if not sys.stdin.isatty():
        # Started by the tests with a pipe as input: when the test run ends, even killed,
        # the pipe closes and the provider goes with it.
        threading.Thread(target=_exit_at_end_of_input, daemon=True).start()
    print(f"ready {server.server_port}", flush=True)
    server.serve_forever()


def _exit_at_end_of_input():
    sys.stdin.read()
    os._exit(0)


if __name__ == "__main__":
    main()

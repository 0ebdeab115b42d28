"""Browser tests: Playwright drives Debian's Chromium.

Every audited page gets an axe-core audit at desktop width and at phone width (390 px), must not
scroll sideways on a phone, and no page may trip the Content-Security-Policy: a violation
reported by the browser fails the test.
"""

import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD

# Playwright's sync API runs an event loop in this thread; the ORM calls made by the
# test itself (arranging data, reading the outbox) are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CERCLE_CHROMIUM", "/usr/bin/chromium")
AXE_SCRIPT = Path(__file__).parent / "vendor" / "axe-4.14.1.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}

# The browser reports CSP violations in the console itself; the listener below adds the
# directive and the blocked resource, which the console message does not always name.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
    + ` (${event.sourceFile || document.location.href}:${event.lineNumber})`);
});
"""

# Elements sticking out on the right of a phone screen, outside any scroll container: what
# makes the whole page scroll sideways (named in the failure to point at the culprit).
WIDER_THAN_VIEWPORT = """
() => {
  const width = window.innerWidth;
  if (document.documentElement.scrollWidth <= width) return [];
  // Inside a scroll container, unless absolutely placed and the container is not positioned.
  const clipped = (el) => {
    let escaping = ["absolute", "fixed"].includes(getComputedStyle(el).position);
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      const style = getComputedStyle(up);
      if (!escaping && style.overflowX !== "visible") return true;
      if (style.position !== "static") escaping = false;
    }
    return false;
  };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + (el.classList.length ? "." + [...el.classList].join(".") : "");
  const overflows = (el) => el.getBoundingClientRect().right > width + 1;
  const sticksOut = (el) => overflows(el) && !clipped(el);
  return [...document.querySelectorAll("body *")]
    .filter((el) => sticksOut(el) && ![...el.children].some(sticksOut))
    .slice(0, 6)
    .map((el) => `${name(el)} (right edge ${Math.round(el.getBoundingClientRect().right)} px)`)
    .concat([`scrollWidth ${document.documentElement.scrollWidth} > ${width}`]);
}
"""


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium package.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


class AuditedPage:
    """A Playwright page whose every navigation can be audited (axe-core, phone width, CSP)."""

    def __init__(self, page, base_url):
        self.page = page
        self.base_url = base_url
        self.audited = []
        self.csp_violations = []
        page.on("console", self._on_console)

    def _on_console(self, message):
        text = message.text
        if message.type == "error" and (
            "Content Security Policy" in text or text.startswith("CSP violation")
        ):
            self.csp_violations.append(f"{self.page.url}: {text}")

    def goto(self, path):
        self.page.goto(self.base_url + path)
        self.audit()

    def audit(self):
        """axe-core at desktop and phone width, no sideways scroll on a phone, no CSP violation."""
        self.page.wait_for_load_state("load")
        problems = []
        for name, size in (("desktop", DESKTOP), ("390 px", PHONE)):
            self.page.set_viewport_size(size)
            problems += [f"[{name}] {violation}" for violation in self._axe()]
            if name != "desktop":
                problems += [f"[{name}] scrolls sideways: {edge}" for edge in self._overflow()]
        self.page.set_viewport_size(DESKTOP)
        self.audited.append(self.page.url)
        assert problems == [], f"Audit failed on {self.page.url}:\n" + "\n".join(problems)
        self.assert_no_csp_violation()

    def assert_no_csp_violation(self):
        violations, self.csp_violations = self.csp_violations, []
        assert violations == [], "Content-Security-Policy violations:\n" + "\n".join(violations)

    def _axe(self):
        # Evaluated through the DevTools protocol: the page's CSP does not apply, whereas a
        # <script> tag added to the page would be refused (and reported) like any inline script.
        if not self.page.evaluate("typeof window.axe !== 'undefined'"):
            self.page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
        result = self.page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
        )
        return [
            f"{v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(node["target"][0] for node in v["nodes"][:5])
            for v in result["violations"]
        ]

    def _overflow(self):
        return self.page.evaluate(WIDER_THAN_VIEWPORT)

    def __getattr__(self, name):
        return getattr(self.page, name)


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris", viewport=DESKTOP)
    context.set_default_timeout(15_000)
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    audited = AuditedPage(context.new_page(), live_server.url)
    yield audited
    # Whatever the test did after its last audit must not have tripped the policy either.
    violations = audited.csp_violations
    context.close()
    assert violations == [], "Content-Security-Policy violations:\n" + "\n".join(violations)


def sign_in(page, email, password=PASSWORD):
    """Sign in through the form, as a person does; the page after sign-in is audited."""
    page.goto("/connexion/")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
    page.audit()


def sign_out(page):
    page.get_by_role("button", name="Se déconnecter").click()


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)

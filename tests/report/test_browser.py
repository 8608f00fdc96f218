"""The HTML report in a real browser: headless Chromium opens it from disk.

Chromium is driven over the DevTools protocol on a pipe (``--remote-debugging-pipe``:
JSON messages separated by NUL bytes on file descriptors 3 and 4), so the test needs
nothing beyond the standard library.  It checks the DOM after the page's script ran
(one card per claim that does not hold, mathematics laid out as MathML, the claim
filter working), that the page logs no error and requests nothing but itself, and
saves two screenshots under ``reports/``: ``screenshot-desktop.png`` (1280 px wide)
and ``screenshot-phone.png`` (390 px wide).

Skipped when no ``chromium`` binary is installed (``apt-get install chromium``).
"""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest

from oracle.cli import main

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "reports"
DESKTOP = (1280, 2000)
PHONE = (390, 1600)


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None


CHROMIUM = _chromium()


class DevTools:
    """A minimal Chrome DevTools Protocol client over ``--remote-debugging-pipe``."""

    def __init__(self, binary: str, profile: str, timeout: float = 60.0):
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()

        def wire() -> None:  # in the child: the protocol wants the pipe on descriptors 3 and 4
            os.dup2(to_chrome_r, 3)
            os.dup2(from_chrome_w, 4)

        args = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-extensions", "--disable-default-apps", "--mute-audio", "--hide-scrollbars",
                "--remote-debugging-pipe", f"--user-data-dir={profile}", "about:blank"]
        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, preexec_fn=wire, pass_fds=(3, 4))
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self.timeout = timeout
        self._buf = b""
        self._next = 0
        self.events: list[dict[str, Any]] = []
        self.session: str | None = None

    def close(self) -> None:
        try:
            self.send("Browser.close", session=False, wait=False)
        except OSError:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)
        for fd in (self._to_chrome, self._from_chrome):
            try:
                os.close(fd)
            except OSError:
                pass

    def _read_message(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no answer from Chromium")
            ready, _, _ = select.select([self._from_chrome], [], [], left)
            if ready:
                chunk = os.read(self._from_chrome, 1 << 20)
                if not chunk:
                    raise ConnectionError("Chromium closed the DevTools pipe")
                self._buf += chunk
        raw, self._buf = self._buf.split(b"\0", 1)
        return json.loads(raw)

    def send(self, method: str, params: dict[str, Any] | None = None, *, session: bool = True,
             wait: bool = True) -> dict[str, Any]:
        self._next += 1
        msg: dict[str, Any] = {"id": self._next, "method": method, "params": params or {}}
        if session and self.session:
            msg["sessionId"] = self.session
        os.write(self._to_chrome, json.dumps(msg).encode() + b"\0")
        if not wait:
            return {}
        deadline = time.monotonic() + self.timeout
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            if "method" in reply:
                self.events.append(reply)

    def wait_for(self, method: str, timeout: float | None = None) -> dict[str, Any]:
        for e in self.events:
            if e["method"] == method:
                return e
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            msg = self._read_message(deadline)
            if "method" in msg:
                self.events.append(msg)
                if msg["method"] == method:
                    return msg

    def open(self, url: str) -> None:
        target = self.send("Target.createTarget", {"url": "about:blank"}, session=False)["targetId"]
        self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True},
                                 session=False)["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.send(f"{domain}.enable")
        self.events.clear()
        self.send("Page.navigate", {"url": url})
        self.wait_for("Page.loadEventFired")

    def evaluate(self, expression: str) -> Any:
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            raise AssertionError(f"script failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def screenshot(self, width: int, height: int, path: Path, *, mobile: bool) -> bytes:
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})
        self.evaluate("window.scrollTo(0, 0); document.body.offsetHeight")
        data = base64.b64decode(self.send("Page.captureScreenshot", {"format": "png"})["data"])
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return data


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if CHROMIUM is None:
        pytest.skip("no chromium binary (apt-get install chromium)")
    out = tmp_path_factory.mktemp("browser-report")
    code = main(["verify", "--only", "germain-2019/*", "--examples", "5", "--out", str(out)])
    assert code in (0, 1), f"verify exited with {code}"
    assert (out / "index.html").exists() and (out / "errata.md").exists()
    return out


@pytest.fixture(scope="module")
def browser(report: Path):
    profile = tempfile.mkdtemp(prefix="oracle-chromium-")
    tools = DevTools(CHROMIUM, profile)
    try:
        tools.open((report / "index.html").resolve().as_uri())
        yield tools
    finally:
        tools.close()
        shutil.rmtree(profile, ignore_errors=True)


def _verdicts(report: Path) -> dict[str, Any]:
    return json.loads((report / "verdicts.json").read_text(encoding="utf-8"))


def test_one_card_per_mistake_listing_every_claim_that_does_not_hold(browser: DevTools, report: Path):
    """A claim alone in its cause has its own card; claims that share a cause are parts of one card."""
    claims = _verdicts(report)["claims"]
    expected = sorted(c["claim_id"] for c in claims if c["observed"] != "holds")
    assert expected, "the germain-2019 selection should have errata"
    ids = browser.evaluate("Array.from(document.querySelectorAll("
                           "'article.card:not(.group) > header h3 .cid, article.card.group section.part h4 .cid'))"
                           ".map(e => e.textContent)")
    assert sorted(ids) == expected
    findings = [c for c in claims if c["observed"] not in ("holds", "not judged")]
    causes = {(c["document"], c["cause"]) for c in findings}
    not_judged = [c for c in claims if c["observed"] == "not judged"]  # each its own card, with no severity
    cards = browser.evaluate("document.querySelectorAll('article.card').length")
    assert cards == len(causes) + len(not_judged) and len(causes) < len(findings)
    errata = [c["claim_id"] for c in claims if c["observed"] == "erratum"]
    shown = browser.evaluate("Array.from(document.querySelectorAll("
                             "'article.card.v-erratum:not(.group) > header .cid, section.part.v-erratum .cid'))"
                             ".map(e => e.textContent)")
    assert sorted(shown) == sorted(errata)
    badges = browser.evaluate("Array.from(document.querySelectorAll('article.card > header .badge.sev'))"
                              ".map(e => e.textContent)")
    assert len(badges) == len(causes) and set(badges) == {c["severity"].title() for c in findings}


def test_mathematics_is_laid_out_as_mathml(browser: DevTools):
    stats = browser.evaluate("""(() => {
        const maths = Array.from(document.querySelectorAll('article.card .formula math'));
        const frac = document.querySelector('article.card .formula mfrac');
        return {
            count: maths.length,
            display: maths.length ? getComputedStyle(maths[0]).display : '',
            fracHeight: frac ? frac.getBoundingClientRect().height : 0,
            lineHeight: parseFloat(getComputedStyle(document.body).fontSize),
            fallbacks: document.querySelectorAll('article.card .formula code.tex').length,
            images: document.querySelectorAll('img').length,
        };
    })()""")
    assert stats["count"] >= 2
    assert stats["display"] in ("block math", "inline math", "math"), stats  # MathML Core layout, not plain inline text
    assert stats["fracHeight"] > 1.3 * stats["lineHeight"], stats  # a fraction stacks numerator over denominator
    assert stats["images"] == 0  # no images of text


def test_no_console_error_and_no_request_but_the_page_itself(browser: DevTools, report: Path):
    page = (report / "index.html").resolve().as_uri()
    errors = [e for e in browser.events if
              (e["method"] == "Runtime.consoleAPICalled" and e["params"].get("type") in ("error", "assert"))
              or e["method"] == "Runtime.exceptionThrown"
              or (e["method"] == "Log.entryAdded" and e["params"]["entry"].get("level") == "error")]
    assert not errors, errors
    requests = [e["params"]["request"]["url"] for e in browser.events if e["method"] == "Network.requestWillBeSent"]
    assert requests and requests[0] == page
    assert all(url == page or url.startswith("data:") for url in requests), requests


def test_the_claim_filter_runs_and_the_table_shows_everything_without_it(browser: DevTools, report: Path):
    claims = _verdicts(report)["claims"]
    html = (report / "index.html").read_text(encoding="utf-8")
    assert html.count('<tr id="row-') == len(claims)  # the full table is in the page without any script
    assert browser.evaluate("document.getElementById('claim-filters').hidden") is False
    shown = browser.evaluate("""(() => {
        const form = document.getElementById('claim-filters');
        form.elements.verdict.value = 'erratum';
        form.dispatchEvent(new Event('change'));
        const n = Array.from(document.querySelectorAll('#claims-table tbody tr')).filter(r => !r.hidden).length;
        const text = document.getElementById('claim-count').textContent;
        form.elements.verdict.value = '';
        form.dispatchEvent(new Event('change'));
        return {n: n, text: text};
    })()""")
    errata = sum(c["observed"] == "erratum" for c in claims)
    assert shown == {"n": errata, "text": f"{errata} of {len(claims)} claims shown"}
    assert browser.evaluate("document.getElementById('claim-count').textContent") == f"All {len(claims)} claims shown"


def test_screenshots_at_desktop_and_phone_width(browser: DevTools):
    desktop = browser.screenshot(*DESKTOP, SCREENSHOTS / "screenshot-desktop.png", mobile=False)
    assert desktop[:8] == b"\x89PNG\r\n\x1a\n" and len(desktop) > 20_000
    phone = browser.screenshot(*PHONE, SCREENSHOTS / "screenshot-phone.png", mobile=True)
    assert phone[:8] == b"\x89PNG\r\n\x1a\n" and len(phone) > 10_000
    # At phone width nothing makes the page scroll sideways (wide tables and formulas scroll in their boxes).
    overflow = browser.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than a {PHONE[0]}px screen"
    browser.send("Emulation.clearDeviceMetricsOverride")

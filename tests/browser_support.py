"""Helpers for the browser tests: a real `streamlit run` on a free loopback port, and Debian's Chromium."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from urllib.parse import urlsplit

PROJECT = Path(__file__).resolve().parents[1]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
STARTUP_TIMEOUT = 60.0
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
# No proxy, ever: the only server these tests talk to is on loopback.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def chromium_path() -> str:
    """Return Debian's Chromium; a missing browser is a broken set-up, not a reason to skip."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        raise RuntimeError(
            f"{CHROMIUM} not found: the browser tests need Debian's Chromium and Thai fonts; "
            "run `make test` (it installs them with apt-get)"
        )
    return str(CHROMIUM)


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def is_loopback(url: str) -> bool:
    """True for URLs the page may load: loopback http(s), and inline data:/blob: URLs."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.hostname in LOOPBACK_HOSTS


#: The desktop the browser tests open pages at, unless a test asks for a laptop or a phone.
VIEWPORT = {"width": 1440, "height": 1000}


def loopback_context(browser, blocked: list[str], timeout_ms: float, viewport: dict | None = None, **options):
    """Return a fresh browser context (VIEWPORT unless given, Thai locale; options such as is_mobile go to
    Chromium) whose requests beyond loopback are refused and noted in `blocked`: the machine has no internet, and the
    app must not need it."""

    def only_loopback(route) -> None:
        if is_loopback(route.request.url):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context = browser.new_context(viewport=viewport or VIEWPORT, locale="th-TH", **options)
    context.set_default_timeout(timeout_ms)
    context.route("**/*", only_loopback)
    return context


@contextlib.contextmanager
def loopback_contexts(browser, timeout_ms: float) -> Iterator[Callable[[], object]]:
    """Yield a maker of fresh browser contexts (no shared storage) that may only reach loopback, as
    loopback_context makes them; on leaving, close them all and fail if any page tried to reach beyond loopback."""
    contexts = []
    blocked: list[str] = []

    def make(viewport: dict | None = None, **options):
        contexts.append(loopback_context(browser, blocked, timeout_ms, viewport, **options))
        return contexts[-1]

    try:
        yield make
    finally:
        for context in contexts:
            context.close()
    assert not blocked, f"the page tried to reach beyond loopback: {sorted(set(blocked))}"


def _health(base_url: str) -> str | None:
    try:
        with _OPENER.open(f"{base_url}/_stcore/health", timeout=5) as response:
            return response.read().decode("utf-8", "replace").strip()
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


@contextlib.contextmanager
def streamlit_server(
    db_path: Path, timeout: float = STARTUP_TIMEOUT, *, extra_args: Sequence[str] = ()
) -> Iterator[str]:
    """Run `streamlit run app.py` against db_path on a free loopback port; yield its base URL.

    extra_args are more `streamlit run` options, e.g. `("--secrets.files", path)` for a login test's secrets.
    """
    with streamlit_process(db_path, timeout, extra_args=extra_args) as (base_url, _):
        yield base_url


@contextlib.contextmanager
def streamlit_process(
    db_path: Path, timeout: float = STARTUP_TIMEOUT, *, extra_args: Sequence[str] = ()
) -> Iterator[tuple[str, subprocess.Popen]]:
    """Like `streamlit_server`, but yield (base URL, server process) so callers can watch its memory."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "ITA_DB": str(db_path), "PYTHONUNBUFFERED": "1"}
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        env.pop(name, None)
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(PROJECT / "app.py"),
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
        *extra_args,
    ]
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8") as log:
        process = subprocess.Popen(
            command, cwd=PROJECT, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )
        try:
            deadline = time.monotonic() + timeout
            while _health(base_url) != "ok":
                if process.poll() is not None:
                    raise RuntimeError(f"streamlit exited with {process.returncode}:\n{_read(log)}")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"streamlit not healthy at {base_url} after {timeout:.0f} s:\n{_read(log)}")
                time.sleep(0.25)
            yield base_url, process
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=15)


def peak_rss_mb(process: subprocess.Popen) -> float:
    """Return the peak resident set (VmHWM) of a running process, in MB."""
    for line in Path(f"/proc/{process.pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmHWM in /proc/{process.pid}/status")


def _read(log) -> str:
    log.flush()
    log.seek(0)
    return log.read()[-5000:]

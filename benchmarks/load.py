"""Bounded load run for `make bench`: concurrent browser sessions against one server, each changing filters.

Every session is a fresh browser context on one of the chart pages and makes `changes` changes to the shared
sidebar filters (fiscal year, agency type, region), with a seeded think time between them. A change is
timed on the page's own clock, from the pointer going down on the option (or on a chip's remove button) until
the rerun that click started is over and committed to the page, nothing is stale, the title shows the new year
and the charts have stopped changing (INIT_JS and DONE_JS say how, and why not simply data-test-script-state).

Two runs: users who read the updated chart before the next change (THINK_S, the run the target applies to), and a
stress run of users changing filters as fast as they can click (STRESS_THINK_S), to show where the machine
saturates. In both the browsers yield the CPU to the server, as on users' own machines (BROWSER_NICE).
`python benchmarks/load.py [DB] [--stress] [--equal]` builds a demo database unless given one, runs 10 × 10 and
prints a table; --equal leaves the browsers on equal terms with the server (BROWSER_NICE says why they yield
otherwise).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

PROJECT = Path(__file__).resolve().parents[1]
TARGET_P95_S = 2.0
CHANGE_TIMEOUT_MS = 30_000
QUIET_MS = 300  # charts unchanged this long after the page is ready: Plotly has finished drawing
LOAD_TIMEOUT_MS = 120_000  # first loads of all sessions at once, cold caches, on 2 cores
#: Seconds a user spends on the updated chart before the next change: reading a title, a bar or a legend
#: takes a few seconds. The sessions start out of step (the first wait is 0 to THINK_S[1]).
THINK_S = (3.0, 6.0)
#: Users clicking as fast as they can: on 2 cores the ten renderers alone then want more CPU than there is.
STRESS_THINK_S = (0.5, 1.0)
STAGGER_S = 0.3
#: The ten browsers stand in for users' own machines, but here they share the server's two cores. Playwright
#: starts Chromium in a session of its own, and Linux first shares the CPU between such sessions (autogroups),
#: then among a session's processes by their nice values. Left so, the server's script runs waited behind the
#: browsers for a CPU: in one reading run, runs of 0.04–0.1 CPU-s took 1–1.6 s, almost all of it waiting to
#: run. So, once every page is open, the browsers yield: nice 10 on their session and on each of their threads.
#: The server then goes first, as on a machine of its own; each change still counts its browser's drawing, and
#: the ten browsers still share what is left. `--equal` (and a row of `make bench`) measures without it.
BROWSER_NICE = 10
SEED = 2568
#: How often a waiting session looks at its page. Not every animation frame: polling on requestAnimationFrame
#: keeps each renderer drawing 60 frames a second while it waits, which took a fifth of the browsers' CPU in a
#: load run and slowed the very server being measured. The end of a change is read from the page's own clock
#: (DONE_JS), so polling only decides how soon the harness notices, up to POLL_MS later.
POLL_MS = 50
#: Chart pages the sessions are spread over, as real users would be.
PAGES = ("/", "/types", "/regions", "/ita-cpi", "/oversight")
#: Pages whose title ends with the fiscal year: there the title must show the new year too.
YEAR_IN_TITLE = {"/", "/types", "/regions", "/oversight"}
#: Pages the sidebar's type and region filters act on (oversight scopes by its own unit, so there only the
#: year is changed: a change that leaves the page as it was is no test of "the updated chart").
TYPE_REGION_PAGES = {"/", "/types", "/regions", "/ita-cpi"}
#: Types found in every region and year of the demo data, so any combination still draws a chart.
TYPES = ("sao", "subdistrict_municipality", "town_municipality", "pao", "province")
MAX_CHOSEN = 2

# Installed before any page script runs. Whether a rerun is going is not read from the page's
# data-test-script-state: React batches state, and on a busy machine "running" and "notRunning" can land in
# one commit, so the attribute never changes (seen: 2 of 100 changes under load); nor from script_finished
# messages, which the server drops from its queue when another run starts. Instead the page counts runs started
# (new_session messages) and keeps the server's last word on whether one is going (session_status_changed's
# script_is_running), and notes which messages React has committed to the page, through the hook React offers
# its developer tools. Our listener is added after Streamlit's, so the next commit includes what it counted.
# Field numbers come from the installed Streamlit's ForwardMsg (see _init_js).
INIT_JS = """
const load = window.__load = {started: 0, running: false, seq: 0, reflected: 0, down: 0, idleAt: 0,
                              drawnAt: 0, readyAt: 0};
addEventListener('pointerdown', () => { load.down = performance.now(); }, true);
// Plotly may finish drawing a chart a frame or more after React's commit: note when a chart last changed.
new MutationObserver(records => {
  if (records.some(r => (r.target.nodeType === 1 ? r.target : r.target.parentElement)?.closest('.js-plotly-plot')))
    load.drawnAt = performance.now();
}).observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {isDisabled: false, supportsFiber: true, renderers: new Map(),
  inject: () => 1, onCommitFiberRoot: () => { load.reflected = load.seq; },
  onCommitFiberUnmount: () => {}, onPostCommitFiberRoot: () => {}, checkDCE: () => {}};
function read(data) {  // note a ForwardMsg's new_session, or its session_status_changed's script_is_running
  const b = new Uint8Array(data);
  let i = 0;
  const varint = () => { let x = 0, shift = 0, c; do { c = b[i++]; x += (c & 127) * 2 ** shift; shift += 7; }
                         while (c & 128); return x; };
  const skip = wire => { if (wire === 0) varint(); else if (wire === 2) { const n = varint(); i += n; }
                         else if (wire === 1) i += 8; else if (wire === 5) i += 4; else i = b.length; };
  while (i < b.length) {
    const key = varint(), field = Math.floor(key / 8), wire = key % 8;
    if (field === NEW_SESSION) { load.started++; load.running = true; load.seq++; return; }
    if (field === STATUS && wire === 2) {
      const end = varint() + i;
      let running = false;
      while (i < end) { const inner = varint(); if (inner === IS_RUNNING * 8) running = varint() !== 0;
                        else skip(inner % 8); }
      load.running = running; load.seq++;
      if (!running) load.idleAt = performance.now();  // the server's run is over: the rest is the browser's
      return;
    }
    skip(wire);
  }
}
const NativeWebSocket = window.WebSocket;
window.WebSocket = class extends NativeWebSocket {
  constructor(...args) {
    super(...args);
    queueMicrotask(() => this.addEventListener('message', event => {
      if (event.data instanceof ArrayBuffer) read(event.data);
    }));
  }
};
"""
# Polled every animation frame. The page is ready once a run has started since the click, the server says
# none is going, the page has committed that, the root says notRunning, no element is stale (Streamlit marks
# the previous run's elements data-stale="true" until the new run replaces them), the title shows the expected
# text and a chart is drawn. Then, once no chart has changed for QUIET ms, return the time the page was ready
# or the chart last changed, whichever is later: the page's own clock, not the time this poll noticed.
DONE_JS = """([started, title, quiet]) => {
  const load = window.__load, now = performance.now();
  const main = document.querySelector('[data-testid="stMain"]');
  const ready = load.started > started && !load.running && load.reflected >= load.seq
    && document.querySelector('[data-testid="stApp"]').dataset.testScriptState === 'notRunning'
    && !main.querySelector('[data-stale="true"]') && !!main.querySelector('.js-plotly-plot .main-svg')
    && (!title || (main.querySelector('h1')?.textContent || '').includes(title));
  if (!ready) { load.readyAt = 0; return false; }
  load.readyAt = load.readyAt || now;
  return now - load.drawnAt >= quiet && Math.max(load.readyAt, load.drawnAt);
}"""
# What a timed-out change left behind, for the error sample.
STATE_JS = """() => ({...window.__load,
  state: document.querySelector('[data-testid="stApp"]').dataset.testScriptState,
  stale: document.querySelectorAll('[data-testid="stMain"] [data-stale="true"]').length,
  charts: document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot').length,
  title: document.querySelector('[data-testid="stMain"] h1')?.textContent})"""
IDLE_JS = """() => !window.__load.running && window.__load.reflected >= window.__load.seq
  && document.querySelector('[data-testid="stApp"]')?.dataset.testScriptState === 'notRunning'
  && !document.querySelector('[data-testid="stMain"] [data-stale="true"]')
  && !!document.querySelector('[data-testid="stMain"] .js-plotly-plot .main-svg')"""


class Change(NamedTuple):
    """One timed filter change."""

    kind: str  # year, type or region
    total: float  # seconds from the click to the updated chart
    over: float  # seconds from the click to the page having the server's message that the run is over
    page: str
    at: float  # when the click was made, in seconds on the harness's clock


def run(
    db_path: Path,
    sessions: int = 10,
    changes: int = 10,
    think_s: tuple[float, float] = THINK_S,
    browsers_yield: bool = True,
) -> dict:
    """Run `sessions` concurrent browser sessions of `changes` filter changes each against one server on db_path,
    waiting think_s (low, high) seconds between a session's changes; with browsers_yield, the browsers run at
    BROWSER_NICE once all pages are open (`browsers` in the result says what was lowered).

    Returns a JSON-able summary. p50 and p95 are over every timed change of every session, by
    statistics.quantiles(n=100, method="inclusive") (linear interpolation between order statistics, as
    numpy's default percentile). Errors are timeouts (CHANGE_TIMEOUT_MS), exception boxes, dialogs, a lost
    connection, page errors and websocket closes; such a change is not timed, and a session that cannot go on
    makes no more changes (`timed` < `changes` shows it). Memory is the server's peak resident set (VmHWM) and
    the largest VmRSS sampled every 0.25 s. `cpu_s` is what the server, our Chromium, this harness and the rest
    of the machine used while the changes ran (the first page loads are not counted). `overlap` says how many
    other sessions' changes were under way during the slowest changes (those at or above p95) and during the rest
    (median and largest of each). `server_cpu_wait_s` is how long the server's threads were ready to run but
    waited for a CPU while the changes ran (Linux schedstat, sampled every 0.25 s: a thread's last moments before
    it ends are missed, so it is a lower bound).
    """
    sys.path.insert(0, str(PROJECT / "tests"))
    sys.path.insert(0, str(PROJECT))
    from browser_support import peak_rss_mb, streamlit_process

    idle_check = _busy_cores(1.0)  # something else running on the machine would slow every change
    with streamlit_process(Path(db_path)) as (base_url, server):
        outcome = asyncio.run(_run_sessions(base_url, server.pid, sessions, changes, think_s, browsers_yield))
        peak = peak_rss_mb(server)
    changes_made: list[Change] = outcome["times"]
    times = [c.total for c in changes_made]
    p95 = _percentile(times, 95)
    return {
        "sessions": sessions,
        "changes_per_session": changes,
        "changes": sessions * changes,
        "think_s": think_s,
        "timed": len(times),
        "p50_s": _percentile(times, 50),
        "p95_s": p95,
        "max_s": round(max(times), 3) if times else None,
        "errors": len(outcome["errors"]),
        "error_samples": outcome["errors"][:5],
        "server_peak_rss_mb": round(peak, 1),
        "server_max_sampled_rss_mb": round(outcome["max_rss_mb"], 1),
        # Where the time goes: click → the page has the server's "run over" message (the server's run,
        # and the renderer working through the run's earlier messages), then → the charts drawn.
        "until_run_over_s": _spread([c.over for c in changes_made]),
        "drawing_s": _spread([c.total - c.over for c in changes_made]),
        "by_kind": {
            kind: _spread([c.total for c in changes_made if c.kind == kind])
            for kind in sorted({c.kind for c in changes_made})
        },
        # Which pages the slow changes were on: a change that redraws more charts costs the browser more.
        "by_page": {
            page: _spread([c.total for c in changes_made if c.page == page])
            for page in PAGES
            if any(c.page == page for c in changes_made)
        },
        "overlap": _overlap(changes_made, p95),
        "cpu_s": outcome["cpu_s"],
        "wall_s": outcome["wall_s"],
        "busy_cores_before": round(idle_check, 2),
        "browsers": outcome["browsers"],
        "server_cpu_wait_s": outcome["server_cpu_wait_s"],
        "target_p95_s": TARGET_P95_S,
        "meets_target": p95 is not None and p95 <= TARGET_P95_S and not outcome["errors"],
    }


def _percentile(values: list[float], q: int) -> float | None:
    """Return the q-th percentile (statistics.quantiles, inclusive method), rounded; None for no values."""
    if len(values) < 2:
        return round(values[0], 3) if values else None
    return round(statistics.quantiles(values, n=100, method="inclusive")[q - 1], 3)


def _overlap(changes: list[Change], p95: float | None) -> dict:
    """Return, for the changes at or above p95 and for the rest, the median and largest number of other changes
    under way at the same time (from click to updated chart)."""

    def others(change: Change) -> int:
        return sum(
            1 for o in changes if o is not change and o.at < change.at + change.total and change.at < o.at + o.total
        )

    counts = [(others(c), p95 is not None and c.total >= p95) for c in changes]
    return {
        group: {"n": len(found), "median": statistics.median(found) if found else None, "max": max(found, default=None)}
        for group, found in (
            ("slowest", [n for n, slow in counts if slow]),
            ("rest", [n for n, slow in counts if not slow]),
        )
    }


def _spread(values: list[float]) -> dict:
    """Return the count, p50 and p95 of values."""
    return {"n": len(values), "p50_s": _percentile(values, 50), "p95_s": _percentile(values, 95)}


async def _run_sessions(
    base_url: str, server_pid: int, sessions: int, changes: int, think_s: tuple[float, float], browsers_yield: bool
) -> dict:
    # One Chromium with one context per session, driven from one asyncio loop: each context still gets its own
    # renderer process (as separate users' tabs would), while threads with their own sync_playwright would add
    # a Node driver and a whole browser per session, CPU that real users' machines would not take from the server.
    from browser_support import CHROMIUM_ARGS, chromium_path
    from playwright.async_api import async_playwright

    errors: list[str] = []
    times: list[Change] = []
    rss = [0.0]
    waits: dict[int, list[float]] = {}  # server thread → [run-queue wait when first seen, and when last seen]
    stop, counting = asyncio.Event(), asyncio.Event()
    sampler = asyncio.create_task(_sample_server(server_pid, rss, waits, counting, stop))
    # Every session opens its page first; the changes (and the CPU accounting) start when all are open, so
    # ten cold first loads do not count as the load of filter changes.
    loaded = asyncio.Barrier(sessions + 1)
    async with async_playwright() as playwright:
        others = _browser_pids()  # a test suite's browser, say: not this run's to lower
        browser = await playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        tasks = [
            asyncio.create_task(_session(browser, base_url, i, changes, think_s, times, errors, loaded, _init_js()))
            for i in range(sessions)
        ]
        await loaded.wait()
        lowered = _yield_to_server(BROWSER_NICE, _browser_pids() - others) if browsers_yield else None
        counting.set()
        before, wall = _cpu_seconds(server_pid), time.perf_counter()
        await asyncio.gather(*tasks)
        after, wall = _cpu_seconds(server_pid), time.perf_counter() - wall
        errors = list(errors)  # closing the browser closes every websocket: not an error
        await browser.close()
    stop.set()
    await sampler
    cpu = {k: round(after[k] - before[k], 1) for k in after}
    # The rest of the machine's busy time: kernel (loopback network), short-lived processes, anything else.
    cpu["other"] = round(cpu.pop("machine_busy") - sum(cpu.values()), 1)
    return {
        "times": times,
        "errors": errors,
        "max_rss_mb": rss[0],
        "wall_s": round(wall, 1),
        "cpu_s": cpu,
        "browsers": lowered,
        "server_cpu_wait_s": round(sum(last - first for first, last in waits.values()), 1),
    }


async def _session(
    browser,
    base_url: str,
    index: int,
    changes: int,
    think_s: tuple[float, float],
    times: list,
    errors: list,
    loaded: asyncio.Barrier,
    init_js: str,
) -> None:
    """One user: open a chart page, wait for the others, then make `changes` filter changes with think times."""
    from ita_analytics import i18n, reference

    path = PAGES[index % len(PAGES)]
    rng = random.Random(SEED + index)
    types = reference.agency_types().set_index("type_code")["short_th"]
    labels = {
        "year": i18n.t("fiscal_year", "th"),
        "type": i18n.t("agency_type", "th"),
        "region": i18n.t("region", "th"),
    }
    options = {
        "type": [types[code] for code in TYPES],
        "region": [i18n.t(f"region_{r}", "th") for r in reference.REGIONS],
    }
    chosen: dict[str, list[str]] = {"type": [], "region": []}
    where = f"session {index} {path}"
    await asyncio.sleep(index * STAGGER_S)  # users do not all arrive at the same millisecond
    try:
        context = await browser.new_context(viewport={"width": 1400, "height": 1000}, locale="th-TH")
        context.set_default_timeout(CHANGE_TIMEOUT_MS)
        await context.route("**/*", _only_loopback)
        await context.add_init_script(init_js)
        page = await context.new_page()
        page.on("pageerror", lambda error: errors.append(f"{where}: page error: {error}"))
        page.on("websocket", lambda ws: ws.on("close", lambda _: errors.append(f"{where}: websocket closed")))
        sidebar = page.locator('[data-testid="stSidebar"]')
        await page.goto(base_url + path)
        await page.wait_for_function(IDLE_JS, polling=POLL_MS, timeout=LOAD_TIMEOUT_MS)
    except Exception as error:  # noqa: BLE001 — the session never started; its changes count as not made
        errors.append(f"{where}: first load: {type(error).__name__}: {str(error)[:300]}")
        changes = 0
    await loaded.wait()
    try:
        for step in range(changes):
            # Out of step from the first change, as users who opened their pages at different moments would be.
            await asyncio.sleep(rng.uniform(0 if step == 0 else think_s[0], think_s[1]))
            kind = "year" if path not in TYPE_REGION_PAGES else ("year", "type", "region")[(step + index) % 3]
            try:
                total, over, at = await _change(page, sidebar, kind, labels[kind], options.get(kind), chosen, path, rng)
                problem = await _problem(page)
                if problem:
                    errors.append(f"{where} change {step} ({kind}): {problem}")
                else:
                    times.append(Change(kind, total, over, path, at))
            except Exception as error:  # noqa: BLE001 — a timeout or a vanished element is a failed change
                errors.append(f"{where} change {step} ({kind}): {type(error).__name__}: {str(error)[:400]}")
                await page.keyboard.press("Escape")
                await page.evaluate("() => document.activeElement?.blur()")
                # go on from a settled page
                await page.wait_for_function(IDLE_JS, polling=POLL_MS, timeout=LOAD_TIMEOUT_MS)
                for name in chosen:  # and from what the page shows, whatever the failed change left
                    chosen[name] = await _chips(sidebar, labels[name])
    except Exception as error:  # noqa: BLE001 — the session cannot go on; the rest of its changes are not made
        errors.append(f"{where}: {type(error).__name__}: {str(error)[:300]}")
    # The context stays open until the browser closes: its renderer's CPU time is counted only while it lives.


async def _chips(sidebar, label: str) -> list[str]:
    """Return the values chosen in the sidebar multiselect labelled `label`."""
    box = sidebar.locator('[data-testid="stMultiSelect"]').filter(has=sidebar.page.get_by_text(label, exact=True))
    names = await box.get_by_role("button", name="Remove ").evaluate_all("bs => bs.map(b => b.ariaLabel)")
    return [n.removeprefix("Remove ") for n in names if n and n.startswith("Remove ")]


async def _change(
    page, sidebar, kind: str, label: str, offered: list[str] | None, chosen: dict, path: str, rng: random.Random
) -> tuple[float, float, float]:
    """Make one change; return seconds from the click to the updated chart (DONE_JS), and to the page
    having the server's message that the run is over, and when the click was made (time.perf_counter)."""
    await page.wait_for_function(IDLE_JS, polling=POLL_MS)
    box = sidebar.get_by_role("combobox", name=label, exact=True)
    title = None
    if kind == "year":
        current = await box.input_value()
        await _open_list(page, box)
        years = [y.strip() for y in await page.get_by_role("option").all_inner_texts() if y.strip() != current]
        year = rng.choice(years)
        target = page.get_by_role("option", name=year, exact=True)
        title = year if path in YEAR_IN_TITLE else None
    elif chosen[kind] and (len(chosen[kind]) >= MAX_CHOSEN or rng.random() < 0.4):
        value = rng.choice(chosen[kind])
        chosen[kind].remove(value)
        target = sidebar.get_by_role("button", name=f"Remove {value}", exact=True)
    else:
        value = rng.choice([v for v in offered if v not in chosen[kind]])
        chosen[kind].append(value)
        # A box at the window's bottom edge (the sidebar's last filters, below the dataset picker) opens a menu with
        # no options in it: bring it to the middle first, as a reader scrolls to see what they pick.
        await box.evaluate("e => e.scrollIntoView({block: 'center'})")
        await box.click()
        await box.fill(value)  # the option list is virtualised: filter it so the option is drawn
        target = page.get_by_role("option", name=value, exact=True)
    started = await page.evaluate("() => (window.__load.readyAt = 0, window.__load.started)")
    at = time.perf_counter()
    await target.click()
    try:
        done = await page.wait_for_function(DONE_JS, arg=[started, title, QUIET_MS], polling=POLL_MS)
    except Exception as error:  # noqa: BLE001 — playwright's TimeoutError: say what the page was waiting for
        raise TimeoutError(
            f"no updated chart after {CHANGE_TIMEOUT_MS / 1000:.0f} s; runs started before the "
            f"click {started}, page now {await page.evaluate(STATE_JS)}"
        ) from error
    down, idle = await page.evaluate("() => [window.__load.down, window.__load.idleAt]")
    end = await done.json_value()
    if kind != "year":
        # Close the menu and leave the box, as a user clicking elsewhere would: a focused multiselect is taller
        # (its chips unfold), so the pointer-down on a chip's remove button below it would blur it, move the
        # button away before the pointer-up, and lose the click.
        await page.keyboard.press("Escape")
        await page.evaluate("() => document.activeElement?.blur()")
    return (end - down) / 1000, (idle - down) / 1000, at


async def _open_list(page, box) -> None:
    """Click a select box until its option list shows (a click just as a run ends is sometimes lost)."""
    for _ in range(2):
        await box.click()
        try:
            await page.get_by_role("option").first.wait_for(timeout=5_000)
            return
        except Exception:  # noqa: BLE001 — playwright's TimeoutError: close whatever opened, click again
            await page.keyboard.press("Escape")
    await box.click()
    await page.get_by_role("option").first.wait_for()


async def _problem(page) -> str | None:
    """Return what went wrong on the page after a change (exception box, dialog, lost connection), if anything."""
    exception = page.locator('[data-testid="stException"]')
    if await exception.count():
        return "exception: " + (await exception.first.inner_text())[:200]
    if await page.get_by_role("dialog").count():
        return "dialog: " + (await page.get_by_role("dialog").first.inner_text())[:200]
    state = await page.locator('[data-testid="stApp"]').get_attribute("data-test-connection-state")
    return None if state == "CONNECTED" else f"connection state {state}"


async def _only_loopback(route) -> None:
    from browser_support import is_loopback

    # The machine has no internet, and the app must not need it: anything else is refused at once.
    await (route.continue_() if is_loopback(route.request.url) else route.abort())


async def _sample_server(
    pid: int, peak: list[float], waits: dict[int, list[float]], counting: asyncio.Event, stop: asyncio.Event
) -> None:
    """Every 0.25 s, note the server's resident set (the largest in peak[0]) and, once counting is set, each of
    its threads' run-queue wait (schedstat's second field, ns) in waits."""
    while not stop.is_set():
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    peak[0] = max(peak[0], int(line.split()[1]) / 1024)
        except OSError:
            return
        if counting.is_set():
            for task in Path(f"/proc/{pid}/task").glob("*/schedstat"):
                try:
                    waited = int(task.read_text().split()[1]) / 1e9
                except (OSError, IndexError, ValueError):  # the thread ended meanwhile
                    continue
                waits.setdefault(int(task.parent.name), [waited, waited])[1] = waited
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), 0.25)


def _init_js() -> str:
    """Return INIT_JS with the installed Streamlit's ForwardMsg field numbers filled in."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    fields = ForwardMsg.DESCRIPTOR.fields_by_name
    status = fields["session_status_changed"]
    return (
        INIT_JS.replace("NEW_SESSION", str(fields["new_session"].number))
        .replace("STATUS", str(status.number))
        .replace("IS_RUNNING", str(status.message_type.fields_by_name["script_is_running"].number))
    )


def _busy_cores(seconds: float) -> float:
    """Return how many cores the machine kept busy over the next `seconds`."""
    before = _cpu_seconds(-1)["machine_busy"]
    time.sleep(seconds)
    return (_cpu_seconds(-1)["machine_busy"] - before) / seconds


def _processes() -> dict[int, tuple[str, int, float]]:
    """Return every process's name, parent pid and CPU seconds so far, by pid."""
    tick = os.sysconf("SC_CLK_TCK")
    procs = {}
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text() if entry.name.isdigit() else ""
        except OSError:
            continue
        if stat:
            name, fields = stat[stat.index("(") + 1 : stat.rindex(")")], stat[stat.rindex(")") + 2 :].split()
            procs[int(entry.name)] = name, int(fields[1]), (int(fields[11]) + int(fields[12])) / tick
    return procs


def _ours(procs: dict[int, tuple[str, int, float]], pid: int) -> bool:
    """Return whether pid descends from this process. Only our own descendants count as ours: a test suite's
    Chromium running beside us is the machine's, not this run's."""
    while pid > 1 and pid != os.getpid():
        pid = procs[pid][1] if pid in procs else 0
    return pid == os.getpid()


def _browser_pids() -> set[int]:
    """Return the pids of our Chromium processes."""
    procs = _processes()
    return {pid for pid, (name, _, _) in procs.items() if name.startswith("chrom") and _ours(procs, pid)}


def _yield_to_server(nice: int, browsers: set[int]) -> dict:
    """Set the browsers' session (its autogroup, where Linux has them) and each of their threads to `nice`; return
    how many processes, threads and autogroups were set, and how many threads read back at `nice`."""
    groups, threads, at_nice = set(), 0, 0
    for pid in browsers:
        group = Path(f"/proc/{pid}/autogroup")
        try:
            name = group.read_text().split()[0]
            if name not in groups:
                group.write_text(str(nice))
                groups.add(name)
        except OSError:  # a kernel without autogroups: then the threads' own nice values decide
            pass
        for task in Path(f"/proc/{pid}/task").glob("*"):
            try:
                os.setpriority(os.PRIO_PROCESS, int(task.name), nice)
                threads += 1
                at_nice += os.getpriority(os.PRIO_PROCESS, int(task.name)) == nice
            except OSError:  # the thread ended meanwhile
                pass
    return {
        "nice": nice,
        "processes": len(browsers),
        "threads": threads,
        "threads_at_nice": at_nice,
        "autogroups": len(groups),
    }


def _cpu_seconds(server_pid: int) -> dict[str, float]:
    """Return CPU seconds used so far by the server, by our Chromium, by this harness (this process and
    Playwright's driver), and by the whole machine (busy)."""
    procs = _processes()
    used = {"server": 0.0, "chromium": 0.0, "harness": 0.0}
    for pid, (name, _, seconds) in procs.items():
        if pid == server_pid:
            used["server"] += seconds
        elif _ours(procs, pid):
            used["chromium" if name.startswith("chrom") else "harness"] += seconds
    cpu = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    used["machine_busy"] = (sum(cpu) - cpu[3] - cpu[4]) / os.sysconf("SC_CLK_TCK")  # all but idle and iowait
    return used


def main() -> None:
    """Build a demo database (or use the one named), run the load (--stress: the stress run; --equal: the browsers
    on equal terms with the server) and print a table."""
    import json

    args = [a for a in sys.argv[1:] if a not in ("--stress", "--equal")]
    with tempfile.TemporaryDirectory(prefix="ita-load-") as work:
        if args:
            db_path = Path(args[0])
        else:
            db_path = Path(work) / "ita.duckdb"
            subprocess.run(
                [sys.executable, "-m", "ita_analytics", "init", "--db", str(db_path)],
                cwd=PROJECT,
                check=True,
                stdout=subprocess.DEVNULL,
            )
        result = run(
            db_path,
            think_s=STRESS_THINK_S if "--stress" in sys.argv else THINK_S,
            browsers_yield="--equal" not in sys.argv,
        )
    lowered = result["browsers"]
    print(
        f"think {result['think_s'][0]:g}–{result['think_s'][1]:g} s; browsers "
        + (
            f"yield to the server (nice {lowered['nice']}: {lowered['threads_at_nice']} threads of "
            f"{lowered['processes']} processes, {lowered['autogroups']} autogroup)"
            if lowered
            else "on equal terms"
        )
    )
    print(
        f"{'sessions × changes':<20}{'p50 s':>8}{'p95 s':>8}{'max s':>8}{'target':>8}{'errors':>8}"
        f"{'server RSS MB':>15}  ok"
    )
    print(
        f"{result['sessions']} × {result['changes_per_session']:<15}{result['p50_s'] or 0:>8.2f}"
        f"{result['p95_s'] or 0:>8.2f}{result['max_s'] or 0:>8.2f}{result['target_p95_s']:>8.1f}"
        f"{result['errors']:>8}{result['server_peak_rss_mb']:>15.0f}  {'yes' if result['meets_target'] else 'NO'}"
    )
    for sample in result["error_samples"]:
        print("  error:", sample)
    over, drawing = result["until_run_over_s"], result["drawing_s"]
    print(
        f"click → page has the server's 'run over': p50 {over['p50_s'] or 0:.2f} s, p95 {over['p95_s'] or 0:.2f} s;"
        f" then → charts drawn: p50 {drawing['p50_s'] or 0:.2f} s, p95 {drawing['p95_s'] or 0:.2f} s"
    )
    slow, rest = result["overlap"]["slowest"], result["overlap"]["rest"]
    if slow["n"] and rest["n"]:
        print(
            f"other changes under way meanwhile: the slowest {slow['n']} (≥ p95) median {slow['median']:g}, "
            f"max {slow['max']}; the other {rest['n']} median {rest['median']:g}, max {rest['max']}"
        )
    print(
        "by page: "
        + ", ".join(
            f"{page} p50 {spread['p50_s'] or 0:.2f} s, p95 {spread['p95_s'] or 0:.2f} s"
            for page, spread in result["by_page"].items()
        )
    )
    print(f"the server's threads waited {result['server_cpu_wait_s']:.1f} s (at least) for a CPU during the changes")
    cpu, wall = result["cpu_s"], result["wall_s"]
    print(
        f"CPU during the changes ({wall:.0f} s wall, {os.cpu_count()} cores): "
        + ", ".join(f"{k} {v:.0f} s ({v / wall:.0%} of a core)" for k, v in cpu.items())
    )
    if result["busy_cores_before"] > 0.2:
        print(
            f"warning: the machine was busy before the run ({result['busy_cores_before']:.1f} cores): "
            "the times are not this app's alone"
        )
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()

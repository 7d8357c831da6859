"""placard edit on a big campaign: the editor's first load, and a save until its findings come back.

    python bench/bench_edit.py                # N = 5000 slogans, 5 saves
    python bench/bench_edit.py --n 20000 --saves 10 --no-browser

For N generated slogans (bench/synth.py) it starts ``placard edit`` and measures:

* first load, in Chromium (headless, as in the browser tests, a fresh profile): from opening /admin/
  until the editor's frame shows (the bundle and the generated config loaded), and until the slogans
  list shows its first entry (the admin page's ``placard`` backend asks placard's API for the first page
  of the folder, ``entriesByFolderPage``; Decap parses and draws that page);
* the next page: the list scrolled to its last entry, until the next page's entries show;
* the choices of a placement slot's ``ref`` field (every approved slogan, guide and ad, made by the API
  from the loaded campaign; this first request waits for the campaign's first load);
* save -> findings: ``persistEntry`` of one slogan over HTTP, until the answer with its findings is
  back (the campaign's checks run on the saved text first); a clean save and a held one (a bad status).

The baseline, measured in the same run on the same campaign, is a full ``placard check`` (what a clerk ran
before to learn whether a change was right). Targets (issue 24): first load <= 3 s, save -> findings <= 1 s.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from synth import make_placard_campaign

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"
sys.path.insert(0, str(HERE.parent / "tests"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def env() -> dict:
    e = dict(os.environ)
    e["PYTHONPATH"] = str(SRC)
    e["NO_MKDOCS_2_WARNING"] = "1"
    return e


def post(port: int, body: dict) -> tuple[int, dict, float]:
    data = json.dumps(body).encode()
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    conn.request("POST", "/api/v1", body=data, headers={"Content-Type": "application/json"})
    r = conn.getresponse()
    answer = json.loads(r.read())
    return r.status, answer, time.perf_counter() - started


def wait_up(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            post(port, {"action": "info"})
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("placard edit did not start")


def cpu_seconds(root_pid: int) -> float:
    """CPU seconds (user + system) used so far by ``root_pid`` and every process below it (Linux /proc).

    On a machine shared with other work a wall time depends on the load; the CPU the browser spent on a
    load does not (much): an idle machine's wall time is about this, less what runs in parallel."""
    tick = os.sysconf("SC_CLK_TCK")
    stats = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                fields = (d / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            # ppid, utime + stime
            stats[int(d.name)] = (int(fields[1]), int(fields[11]) + int(fields[12]))
    total, todo = 0, [root_pid]
    while todo:
        pid = todo.pop()
        total += stats.get(pid, (0, 0))[1]
        todo += [child for child, (ppid, _t) in stats.items() if ppid == pid]
    return total / tick


def browser_load(port: int, profile: Path) -> tuple[float, ...]:
    from browser_support import start_chrome
    from selenium.webdriver.common.by import By

    driver = start_chrome(profile, 1280, 900)
    try:

        def wait(xpath: str, seconds: float = 120):
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline:
                found = driver.find_elements(By.XPATH, xpath)
                # the first only: one round trip, not one per entry
                if found and found[0].is_displayed():
                    return found[0]
                time.sleep(0.02)
            raise SystemExit(f"{xpath} never showed")

        driver.get("about:blank")
        chrome = driver.service.process.pid  # chromedriver: chromium's processes run below it
        cpu = cpu_seconds(chrome)
        started = time.perf_counter()
        driver.get(f"http://127.0.0.1:{port}/admin/")
        # the bundle ran: the page's frame shows
        wait("//*[contains(@href, '/collections/slogans/new')]")
        page = time.perf_counter() - started
        wait("//a[contains(@href, '/collections/slogans/entries/')]")
        listing = time.perf_counter() - started
        listing_cpu = cpu_seconds(chrome) - cpu
        driver.get("about:blank")
        cpu = cpu_seconds(chrome)
        # again, as on a clerk's second visit: the bundle cached and compiled
        started = time.perf_counter()
        driver.get(f"http://127.0.0.1:{port}/admin/")
        wait("//*[contains(@href, '/collections/slogans/new')]")
        page2 = time.perf_counter() - started
        wait("//a[contains(@href, '/collections/slogans/entries/')]")
        listing2 = time.perf_counter() - started
        listing2_cpu = cpu_seconds(chrome) - cpu
        cards = (
            "return document.querySelectorAll(\"a[href*='/collections/slogans/entries/']\").length"
        )
        shown = driver.execute_script(cards)
        started = time.perf_counter()
        driver.execute_script(
            "var all = document.querySelectorAll(\"a[href*='/collections/slogans/entries/']\");"
            "all[all.length - 1].scrollIntoView();"
        )
        deadline = time.monotonic() + 60
        while driver.execute_script(cards) <= shown:
            if time.monotonic() > deadline:
                raise SystemExit("the next page never showed")
            time.sleep(0.02)
        more = time.perf_counter() - started
        return page, listing, listing_cpu, page2, listing2, listing2_cpu, more
    finally:
        driver.quit()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=5000)
    ap.add_argument("--saves", type=int, default=5)
    ap.add_argument("--no-browser", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="placard-bench-edit-") as tmp:
        root = make_placard_campaign(Path(tmp) / "c", args.n)
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "placard", "check", str(root)], env=env(), capture_output=True
        )
        check_s = time.perf_counter() - started
        port = free_port()
        proc = subprocess.Popen(
            [sys.executable, "-m", "placard", "edit", str(root), "--port", str(port)],
            env=env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_up(port)
            started = time.perf_counter()
            status, entries, listing_s = post(
                port,
                {
                    "action": "entriesByFolder",
                    "params": {"folder": "slogans", "extension": "md", "depth": 1},
                },
            )
            assert status == 200 and len(entries) == args.n, (status, len(entries))
            status, first_page, page_api_s = post(
                port,
                {
                    "action": "entriesByFolderPage",
                    "params": {
                        "folder": "slogans",
                        "extension": "md",
                        "depth": 1,
                        "after": None,
                        "limit": 100,
                    },
                },
            )
            assert status == 200 and len(first_page["entries"]) == min(100, args.n), status
            # a slot's ref field: the approved items it offers (waits for the campaign's first load)
            status, approved, approved_s = post(
                port, {"action": "getEntry", "params": {"path": "placard-approved-items.json"}}
            )
            assert status == 200 and len(json.loads(approved["data"])["items"]) >= args.n, status
            _s, _a, approved2_s = post(
                port, {"action": "getEntry", "params": {"path": "placard-approved-items.json"}}
            )
            rel = "slogans/s000001.md"
            _s, entry, _t = post(port, {"action": "getEntry", "params": {"path": rel}})
            raw = entry["data"]
            clean, held, first_save = [], [], 0.0
            # the first save also waits for the campaign's first load
            for i in range(args.saves + 1):
                text = raw.replace("status: approved", f"status: approved\ntags: [第{i}版]")
                status, answer, took = post(
                    port,
                    {
                        "action": "persistEntry",
                        "params": {
                            "dataFiles": [{"path": rel, "raw": text, "slug": "s000001"}],
                            "assets": [],
                            "options": {
                                "commitMessage": "x",
                                "useWorkflow": False,
                                "status": "draft",
                            },
                        },
                    },
                )
                assert status == 200 and "findings" in answer, (status, answer)
                if i:
                    clean.append(took)
                else:
                    first_save = took
                bad = text.replace("status: approved", "status: aproved")
                status, answer, took = post(
                    port,
                    {
                        "action": "persistEntry",
                        "params": {
                            "dataFiles": [{"path": rel, "raw": bad, "slug": "s000001"}],
                            "assets": [],
                            "options": {
                                "commitMessage": "x",
                                "useWorkflow": False,
                                "status": "draft",
                            },
                        },
                    },
                )
                assert status == 422 and answer["findings"], (status, answer)
                if i:
                    held.append(took)
            page_s = list_s = list_cpu = page2_s = list2_s = list2_cpu = more_s = None
            if not args.no_browser:
                page_s, list_s, list_cpu, page2_s, list2_s, list2_cpu, more_s = browser_load(
                    port, Path(tmp) / "profile"
                )
        finally:
            proc.terminate()
            proc.wait(30)

    def row(name, value, target=""):
        shown = "—" if value is None else f"{value:8.3f} s"
        print(f"| {name:<58} | {shown:>10} | {target:>8} |")

    print(
        f"\nplacard edit, {args.n} slogans ({args.saves} saves each, median); "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs\n"
    )
    print(f"| {'measure':<58} | {'time':>10} | {'target':>8} |")
    print(f"|{'-' * 60}|{'-' * 12}|{'-' * 10}|")
    row("baseline: placard check (full load + all checks)", check_s)
    row("first load: /admin/ until the editor's frame shows", page_s, "")
    row("first load: /admin/ until the slogans list shows", list_s, "<= 3 s")
    row("  chromium's CPU seconds in that time (all its processes)", list_cpu)
    row("next visit: /admin/ until the editor's frame shows", page2_s)
    row("next visit: /admin/ until the slogans list shows", list2_s)
    row("  chromium's CPU seconds in that time (all its processes)", list2_cpu)
    row("list scrolled to its end: the next page shows", more_s)
    row("API entriesByFolderPage, first 100 slogans (JSON over HTTP)", page_api_s)
    row("API entriesByFolder, all slogans (sorting, relations)", listing_s)
    row("API a slot's ref choices, all approved items (1st: + load)", approved_s)
    row("API a slot's ref choices, all approved items (again)", approved2_s)
    row("first save (waits for the campaign's first load)", first_save)
    row("save -> findings, clean save (written)", statistics.median(clean), "<= 1 s")
    row("save -> findings, save with an error (held)", statistics.median(held), "<= 1 s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""placard edit on a big campaign: the editor's first load, and a save until its findings come back.

    python bench/bench_edit.py                # N = 5000 slogans, 5 saves
    python bench/bench_edit.py --n 20000 --saves 10 --no-browser

For N generated slogans (bench/synth.py) it starts ``placard edit`` and measures:

* first load, in Chromium (headless, as in the browser tests, a fresh profile): from opening /admin/
  until the editor's frame shows (the bundle and the generated config loaded), and until the slogans
  list shows its first entry (Decap's ``entriesByFolder`` of all N slogans through placard's API);
* save -> findings: ``persistEntry`` of one slogan over HTTP, until the answer with its findings is
  back (the campaign's checks run on the saved text first); a clean save and a held one (a bad status).

The baseline, measured in the same run on the same campaign, is a full ``placard check`` (what a clerk ran
before to learn whether a change was right). Targets (issue 24): first load <= 3 s, save -> findings <= 1 s.
"""

from __future__ import annotations

import argparse
import http.client
import json
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
    import os

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


def browser_load(port: int, profile: Path) -> tuple[float, float]:
    from browser_support import start_chrome
    from selenium.webdriver.common.by import By

    driver = start_chrome(profile, 1280, 900)
    try:

        def wait(xpath: str, seconds: float = 120):
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline:
                found = driver.find_elements(By.XPATH, xpath)
                if found and found[0].is_displayed():  # the first only: one round trip, not one per entry
                    return found[0]
                time.sleep(0.02)
            raise SystemExit(f"{xpath} never showed")

        driver.get("about:blank")
        started = time.perf_counter()
        driver.get(f"http://127.0.0.1:{port}/admin/")
        wait("//*[contains(@href, '/collections/slogans/new')]")  # the bundle ran: the page's frame shows
        page = time.perf_counter() - started
        wait("//a[contains(@href, '/collections/slogans/entries/')]")
        listing = time.perf_counter() - started
        driver.get("about:blank")
        started = time.perf_counter()  # again, as on a clerk's second visit: the bundle cached and compiled
        driver.get(f"http://127.0.0.1:{port}/admin/")
        wait("//*[contains(@href, '/collections/slogans/new')]")
        page2 = time.perf_counter() - started
        wait("//a[contains(@href, '/collections/slogans/entries/')]")
        listing2 = time.perf_counter() - started
        return page, listing, page2, listing2
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
        subprocess.run([sys.executable, "-m", "placard", "check", str(root)], env=env(), capture_output=True)
        check_s = time.perf_counter() - started
        port = free_port()
        proc = subprocess.Popen([sys.executable, "-m", "placard", "edit", str(root), "--port", str(port)],
                                env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_up(port)
            started = time.perf_counter()
            status, entries, listing_s = post(port, {"action": "entriesByFolder",
                                                     "params": {"folder": "slogans", "extension": "md", "depth": 1}})
            assert status == 200 and len(entries) == args.n, (status, len(entries))
            rel = "slogans/s000001.md"
            _s, entry, _t = post(port, {"action": "getEntry", "params": {"path": rel}})
            raw = entry["data"]
            clean, held, first_save = [], [], 0.0
            for i in range(args.saves + 1):  # the first save also waits for the campaign's first load
                text = raw.replace("status: approved", f"status: approved\ntags: [第{i}版]")
                status, answer, took = post(port, {"action": "persistEntry", "params": {
                    "dataFiles": [{"path": rel, "raw": text, "slug": "s000001"}], "assets": [],
                    "options": {"commitMessage": "x", "useWorkflow": False, "status": "draft"}}})
                assert status == 200 and "findings" in answer, (status, answer)
                if i:
                    clean.append(took)
                else:
                    first_save = took
                bad = text.replace("status: approved", "status: aproved")
                status, answer, took = post(port, {"action": "persistEntry", "params": {
                    "dataFiles": [{"path": rel, "raw": bad, "slug": "s000001"}], "assets": [],
                    "options": {"commitMessage": "x", "useWorkflow": False, "status": "draft"}}})
                assert status == 422 and answer["findings"], (status, answer)
                if i:
                    held.append(took)
            page_s = list_s = page2_s = list2_s = None
            if not args.no_browser:
                page_s, list_s, page2_s, list2_s = browser_load(port, Path(tmp) / "profile")
        finally:
            proc.terminate()
            proc.wait(30)

    def row(name, value, target=""):
        shown = "—" if value is None else f"{value:8.3f} s"
        print(f"| {name:<58} | {shown:>10} | {target:>8} |")

    print(f"\nplacard edit, {args.n} slogans ({args.saves} saves each, median)\n")
    print(f"| {'measure':<58} | {'time':>10} | {'target':>8} |")
    print(f"|{'-' * 60}|{'-' * 12}|{'-' * 10}|")
    row("baseline: placard check (full load + all checks)", check_s)
    row("first load: /admin/ until the editor's frame shows", page_s, "")
    row("first load: /admin/ until the slogans list shows", list_s, "<= 3 s")
    row("next visit: /admin/ until the editor's frame shows", page2_s)
    row("next visit: /admin/ until the slogans list shows", list2_s)
    row("API entriesByFolder, all slogans (JSON over HTTP)", listing_s)
    row("first save (waits for the campaign's first load)", first_save)
    row("save -> findings, clean save (written)", statistics.median(clean), "<= 1 s")
    row("save -> findings, save with an error (held)", statistics.median(held), "<= 1 s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

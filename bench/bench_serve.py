"""Edit one slogan in a running preview: how long until the new page is served, as a person sees it.

    python bench/bench_serve.py                 # N = 5000, 20000; mkdocs serve as the baseline
    python bench/bench_serve.py --n 5000 --edits 5 --no-baseline

For each N it generates a campaign of N slogans (bench/synth.py), starts ``placard serve`` on it,
waits for the site, then edits one slogan at a time (an editor's save: a temporary file renamed
over the slogan) and polls the slogan's page over HTTP every 10 ms until the new text is there.
After the edits it checks that the served search index still holds every slogan, then measures
the server's CPU time while idle (nothing changes) for --idle seconds.

The baseline is ``mkdocs serve`` (with ``-w slogans``) on the same campaign in the same run: its
hooks are placard's, the way ``placard serve`` ran before it kept the site in memory. Both
servers run pinned to one CPU (the first one this process may use).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from synth import make_placard_campaign

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"
TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=60) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except OSError:
        return 0, ""


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its children that have ended."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(x) for x in fields[11:15]) / TICKS


def wait_for(url: str, needle: str, proc, timeout: float, interval: float = 0.01) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited:\n{proc.stdout.read()[-3000:]}")
        status, body = get(url)
        if status == 200 and needle in body:
            return time.perf_counter() - start
        time.sleep(interval)
    raise SystemExit(f"{needle!r} never appeared at {url} within {timeout:.0f} s")


def wait_indexed(base: str, stem: str, marker: str, proc, t0: float, timeout: float = 1800) -> float:
    """Seconds from ``t0`` until the served search index has the slogan's entry with its new text."""
    while time.perf_counter() - t0 < timeout:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited:\n{proc.stdout.read()[-3000:]}")
        status, body = get(base + "search/search_index.json")
        try:  # a server may be writing the file at that moment: read it again
            docs = json.loads(body)["docs"] if status == 200 else []
        except ValueError:
            docs = []
        if docs:
            for d in docs:
                if d["location"] == f"s/{stem}/" and marker in d["title"].replace("\u200b", ""):
                    return time.perf_counter() - t0
        time.sleep(0.05)
    raise SystemExit(f"the index never had {marker!r}")


def save_like_an_editor(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def run_server(kind: str, root: Path, n: int, edits: int, idle: float, cpu: int) -> dict:
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(SRC), NO_MKDOCS_2_WARNING="1", PLACARD_PREVIEW="1",
               PLACARD_NO_POSTERS="1")
    if kind == "placard":
        cmd = [sys.executable, "-m", "placard", "serve", str(root), "-a", f"127.0.0.1:{port}"]
    else:
        cmd = [sys.executable, "-m", "mkdocs", "serve", "-f", str(root / "mkdocs.yml"), "-a", f"127.0.0.1:{port}",
               "-w", str(root / "slogans"), "--no-strict"]
    proc = subprocess.Popen(cmd, env=env, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            preexec_fn=lambda: os.sched_setaffinity(0, {cpu}))
    base = f"http://127.0.0.1:{port}/"
    out: dict = {"kind": kind, "n": n}
    try:
        first = sorted((root / "slogans").glob("*.md"))
        t0 = time.perf_counter()
        wait_for(base + f"s/{first[0].stem}/", "<html", proc, timeout=3600, interval=0.5)
        out["start_s"] = time.perf_counter() - t0
        times, index_times = [], []
        for k in range(edits):
            path = first[(k * 997 + 13) % len(first)]
            text = path.read_text("utf-8")
            marker = f"编辑测试第{k}号{kind}标语"
            lines = [f'text: "{marker}"' if ln.startswith("text:") else ln for ln in text.splitlines()]
            t0 = time.perf_counter()
            save_like_an_editor(path, "\n".join(lines) + "\n")
            times.append(wait_for(base + f"s/{path.stem}/", marker, proc, timeout=1800))
            index_times.append(wait_indexed(base, path.stem, marker, proc, t0))
            time.sleep(1.0)  # let the server settle before the next edit
        out["edit_s"] = times
        out["index_s"] = index_times
        status, body = get(base + "search/search_index.json")
        locations = {d["location"] for d in json.loads(body)["docs"]} if status == 200 else set()
        out["indexed"] = sum(1 for p in first if f"s/{p.stem}/" in locations)
        time.sleep(3)
        c0, w0 = cpu_seconds(proc.pid), time.perf_counter()
        time.sleep(idle)
        out["idle_pct"] = 100 * (cpu_seconds(proc.pid) - c0) / (time.perf_counter() - w0)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, action="append", help="number of slogans (repeatable; default 5000 and 20000)")
    ap.add_argument("--edits", type=int, default=3, help="edits per server (default 3)")
    ap.add_argument("--baseline-edits", type=int, default=1, help="edits for mkdocs serve (default 1: it is slow)")
    ap.add_argument("--idle", type=float, default=20.0, help="seconds of idle CPU measurement (default 20)")
    ap.add_argument("--no-baseline", action="store_true", help="skip mkdocs serve")
    args = ap.parse_args()
    cpu = sorted(os.sched_getaffinity(0))[0]
    rows = []
    with tempfile.TemporaryDirectory(prefix="placard-bench-serve-") as tmp:
        for n in args.n or [5000, 20000]:
            for kind in ("placard", *(() if args.no_baseline else ("mkdocs",))):
                root = make_placard_campaign(Path(tmp) / f"{kind}-{n}", n)
                edits = args.edits if kind == "placard" else args.baseline_edits
                r = run_server(kind, root, n, edits, args.idle, cpu)
                rows.append(r)
                print(f"N={n} {kind}: first page after {r['start_s']:.1f} s; edits "
                      + ", ".join(f"{t:.2f}" for t in r["edit_s"]) + " s", file=sys.stderr)
                shutil.rmtree(root, ignore_errors=True)
    print()
    print(f"{'N':>6} | {'server':<14} | {'start s':>7} | {'edit→page served s':>18} | {'edit→index s':>12} | "
          f"{'indexed':>13} | {'idle CPU %':>10}")
    print(f"{'':>6} | {'':<14} | {'':>7} | {'median':>8} {'max':>9} | {'median':>12} | {'':>13} | {'':>10}")
    print("-" * 100)
    for r in rows:
        name = "placard serve" if r["kind"] == "placard" else "mkdocs serve"
        med, worst = statistics.median(r["edit_s"]), max(r["edit_s"])
        print(f"{r['n']:>6} | {name:<14} | {r['start_s']:>7.1f} | {med:>8.2f} {worst:>9.2f} | "
              f"{statistics.median(r['index_s']):>12.2f} | {r['indexed']:>6}/{r['n']:<6} | {r['idle_pct']:>10.2f}")
    print("\ntargets: edit→served < 1 s at N=5000 and < 2 s at N=20000 with every slogan indexed; "
          "idle < 1% of a core at N=20000")


if __name__ == "__main__":
    main()

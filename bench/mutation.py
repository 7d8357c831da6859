"""Mutation testing of the modules whose wrong result reaches users (mutmut 3).

    .venv/bin/python bench/mutation.py                 # every module in pyproject's table, one at a time
    .venv/bin/python bench/mutation.py share typos     # only modules whose path contains 'share' or 'typos'
    .venv/bin/python bench/mutation.py --survivors     # also list each surviving mutant (mutmut show NAME)
    .venv/bin/python bench/mutation.py --again share   # after adding tests: rerun only last time's survivors
    .venv/bin/python bench/mutation.py --table         # print the table of the last runs, run nothing

The modules and the FAST test files that cover each are listed in pyproject.toml under
``[tool.placard.mutation.modules]``: a mutant of a module is run against those files only, never the
whole suite. Each module runs in its own copy of the repository under ``.cache/mutation/<name>/``
(mutmut writes a ``mutants/`` folder and reads ``[tool.mutmut]`` from the copy's pyproject.toml), under
``nice -n 10`` and one worker, so it shares a small machine politely.

Mutants that cannot change what any user sees (equivalent mutants) are listed, each with the reason,
in ``bench/mutation_equivalent.tsv``; they are left out of the score:

    score = killed / (mutants - equivalent)     killed counts mutmut's killed and timeout

A surviving mutant is a bug that no test would notice: kill it with a test that asserts what a user
sees, or, if it truly cannot change behaviour, list it as equivalent with the reason.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WORK = REPO / ".cache" / "mutation"
EQUIVALENT = REPO / "bench" / "mutation_equivalent.tsv"
RESULTS = WORK / "results.json"
# What a test needs from the repository: the package, the tests and the example campaign they copy.
COPY = (
    "src",
    "tests",
    "pyproject.toml",
    "mkdocs.yml",
    "docs",
    "slogans",
    "posters",
    "hooks",
    "reviews",
)
KILLED = {
    1,
    3,
    36,
    24,
    -24,
    152,
    255,
    -9,
    -11,
}  # mutmut's killed, timeout and crashed (memory cap) exit codes
MEMORY_KB = 2_500_000  # a mutant that loops and allocates is stopped here, not by the machine
STATUS = {0: "survived", 5: "no tests", 33: "no tests", 34: "skipped", None: "not checked"}


def modules() -> dict[str, list[str]]:
    data = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    return data["tool"]["placard"]["mutation"]["modules"]


def equivalent() -> dict[str, str]:
    """mutant name -> why it cannot change behaviour."""
    out = {}
    if EQUIVALENT.is_file():
        for line in EQUIVALENT.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                name, _, reason = line.partition("\t")
                out[name.strip()] = reason.strip()
    return out


def _mutmut_config(module: str, tests: list[str]) -> str:
    def arr(xs):
        return "[" + ", ".join(json.dumps(x) for x in xs) + "]"

    return (
        "\n[tool.mutmut]\n"
        'source_paths = ["src"]\n'
        'also_copy = ["mkdocs.yml", "docs", "slogans", "posters", "hooks", "reviews"]\n'
        f"only_mutate = {arr([module])}\n"
        f"pytest_add_cli_args_test_selection = {arr(tests)}\n"
        'pytest_add_cli_args = ["-q", "-p", "no:cacheprovider", "-p", "no:randomly"]\n'
        "use_git_change_detection = false\n"
        # a limit on CPU seconds (not wall time, so a busy machine does not cause false timeouts):
        # twice (the covering tests' clean time + 2 s), doubled by mutmut
        "timeout_multiplier = 2.0\n"
        "timeout_constant = 2.0\n"
    )


def prepare(name: str, module: str, tests: list[str]) -> Path:
    """A fresh copy of the repository for one module, with mutmut configured for it."""
    work = WORK / name
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", ".hypothesis", "*.egg-info", "artifacts")
    for part in COPY:
        src = REPO / part
        if src.is_dir():
            shutil.copytree(src, work / part, ignore=ignore)
        elif src.is_file():
            shutil.copy2(src, work / part)
    py = (work / "pyproject.toml").read_text(encoding="utf-8")
    py = py.split("\n[tool.mutmut]\n")[0]  # the repository's own section (all modules) is replaced
    (work / "pyproject.toml").write_text(py + _mutmut_config(module, tests), encoding="utf-8")
    return work


def refresh(name: str, module: str, tests: list[str]) -> Path | None:
    """The module's existing copy brought up to date (sources, tests, config), its mutants kept; None
    when there is no finished earlier run to refresh."""
    work = WORK / name
    if not (work / "mutants" / (module + ".meta")).is_file():
        return None
    ignore = shutil.ignore_patterns("__pycache__", ".hypothesis", "*.egg-info", "artifacts")
    for part in COPY:
        src = REPO / part
        if part == "pyproject.toml":
            continue  # below, with the module's mutmut section
        if part == "src":
            # changed sources: the copy's (mutmut regenerates the mutated module's changed functions)
            # and, for every other module, the mutants folder's own copy (mutmut never refreshes those)
            for f in src.rglob("*.py"):
                rel = f.relative_to(REPO)
                for target in (work / rel, work / "mutants" / rel):
                    if target == work / "mutants" / module:
                        continue
                    if not target.is_file() or target.read_bytes() != f.read_bytes():
                        target.parent.mkdir(parents=True, exist_ok=True)
                        shutil.copy2(f, target)
                        os.utime(
                            target
                        )  # the copy's module newer than its mutants: mutmut regenerates them
        elif src.is_dir():
            shutil.copytree(src, work / part, ignore=ignore, dirs_exist_ok=True)
        elif src.is_file():
            shutil.copy2(src, work / part)
    py = (REPO / "pyproject.toml").read_text(encoding="utf-8").split("\n[tool.mutmut]\n")[0]
    py += _mutmut_config(module, tests)
    if (work / "pyproject.toml").read_text(encoding="utf-8") != py:  # mutmut watches its date
        (work / "pyproject.toml").write_text(py, encoding="utf-8")
    return work


def _mutmut(work: Path, *names: str) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.pop("CI", None)  # mutants run the fast tests only; no browser or PDF tool is involved
    env.pop("PYTHONPATH", None)
    env["PLACARD_MUTATION"] = (
        "1"  # a tenth of the Hypothesis examples (tests/conftest.py: examples)
    )
    # one worker, low priority, and a memory cap: a mutant that loops forever appending fails fast
    cmd = [
        "bash",
        "-c",
        f'ulimit -v {MEMORY_KB}; exec nice -n 10 {sys.executable} -m mutmut run --max-children 1 "$@"',
        "mutmut",
        *names,
    ]
    return subprocess.run(cmd, cwd=work, env=env, capture_output=True, text=True)


def rerun_one(name: str, module: str, tests: list[str], eq: dict[str, str]) -> dict:
    """After new tests: only the mutants not killed last time (and those of changed functions)."""
    work = refresh(name, module, tests)
    if work is None:
        return run_one(name, module, tests)
    t0 = time.monotonic()
    meta = work / "mutants" / (module + ".meta")
    log = _mutmut(work).stdout  # the mutants of changed functions (and the new tests' coverage)
    codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
    again = sorted(k for k, v in codes.items() if v not in KILLED and k not in eq)
    if again:
        proc = _mutmut(work, *again)
        log += proc.stdout + proc.stderr
    (work / "mutmut.log").write_text(log, encoding="utf-8")
    codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
    return {"module": module, "seconds": round(time.monotonic() - t0), "codes": codes}


def run_one(name: str, module: str, tests: list[str]) -> dict:
    work = prepare(name, module, tests)
    env = dict(os.environ)
    env.pop("CI", None)  # mutants run the fast tests only; no browser or PDF tool is involved
    env.pop("PYTHONPATH", None)
    env["PLACARD_MUTATION"] = (
        "1"  # a tenth of the Hypothesis examples (tests/conftest.py: examples)
    )
    t0 = time.monotonic()
    # one worker, low priority, and a memory cap: a mutant that loops forever appending fails fast
    cmd = [
        "bash",
        "-c",
        f"ulimit -v {MEMORY_KB}; exec nice -n 10 {sys.executable} -m mutmut run --max-children 1",
    ]
    proc = subprocess.run(cmd, cwd=work, env=env, capture_output=True, text=True)
    (work / "mutmut.log").write_text(proc.stdout + proc.stderr, encoding="utf-8")
    meta = work / "mutants" / (module + ".meta")
    if not meta.is_file():
        tail = (proc.stdout + proc.stderr)[-2000:]
        raise SystemExit(
            f"mutmut made no results for {module} (see {work / 'mutmut.log'}):\n{tail}"
        )
    codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
    return {
        "module": module,
        "seconds": round(time.monotonic() - t0),
        "codes": {k: v for k, v in codes.items()},
    }


def summarise(res: dict, eq: dict[str, str]) -> dict:
    codes = res["codes"]
    killed = sorted(k for k, v in codes.items() if v in KILLED)
    # a "wording" entry (a message text no test pins, see the file) is still a survivor, shown apart
    wording = sorted(
        k for k in codes if k in eq and k not in killed and eq[k].startswith("wording")
    )
    equiv = sorted(k for k in codes if k in eq and k not in killed and k not in wording)
    survived = sorted(k for k in codes if k not in killed and k not in equiv)
    denom = len(codes) - len(equiv)
    score = 100.0 * len(killed) / denom if denom else 100.0
    behaviour = 100.0 * len(killed) / (denom - len(wording)) if denom - len(wording) else 100.0
    return {
        "module": res["module"],
        "mutants": len(codes),
        "killed": len(killed),
        "survived": survived,
        "equivalent": equiv,
        "wording": wording,
        "score": score,
        "behaviour": behaviour,
        "seconds": res.get("seconds", 0),
        "status": {k: STATUS.get(codes[k], "suspicious") for k in survived},
    }


def table(rows: list[dict]) -> str:
    head = f"| {'module':<32} | mutants | killed | survived (wording) | equivalent | score | without wording |"
    lines = [head, "|" + "|".join("-" * (len(c)) for c in head.split("|")[1:-1]) + "|"]
    for r in rows:
        mark = "" if r["score"] >= 90 else " *"
        lines.append(
            f"| {r['module'].removeprefix('src/placard/'):<32} | {r['mutants']:>7} | {r['killed']:>6} | "
            f"{len(r['survived']):>12} ({len(r['wording']):>3}) | {len(r['equivalent']):>10} | {r['score']:>4.0f}%{mark} | {r['behaviour']:>14.0f}% |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "only", nargs="*", help="run only modules whose path contains one of these words"
    )
    ap.add_argument("--survivors", action="store_true", help="list the surviving mutants")
    ap.add_argument(
        "--again",
        action="store_true",
        help="rerun only the mutants not killed last time (after adding tests), in the existing copy",
    )
    ap.add_argument(
        "--table", action="store_true", help="print the table of the last runs; run nothing"
    )
    args = ap.parse_args(argv)
    mods = modules()
    # in the order asked for (the table's order otherwise)
    chosen = (
        list(mods)
        if not args.only
        else list(dict.fromkeys(m for w in args.only for m in mods if w in m))
    )
    saved = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.is_file() else {}
    if not args.table:
        for module in chosen:
            name = module.removeprefix("src/placard/").removesuffix(".py").replace("/", "-")
            print(f"mutating {module} against {' '.join(mods[module])} ...", flush=True)
            if args.again:
                saved[module] = rerun_one(name, module, mods[module], equivalent())
            else:
                saved[module] = run_one(name, module, mods[module])
            RESULTS.parent.mkdir(parents=True, exist_ok=True)
            RESULTS.write_text(json.dumps(saved, indent=1), encoding="utf-8")
    eq = equivalent()
    rows = [summarise(saved[m], eq) for m in mods if m in saved and (args.table or m in chosen)]
    print(table(rows))
    if rows:
        print(
            "(* below 90 %. score = killed / (mutants - equivalent); 'without wording' also leaves out the "
            f"survivors that only change a message's words. Both kinds are listed in bench/{EQUIVALENT.name})"
        )
    if args.survivors:
        for r in rows:
            for k in r["survived"]:
                print(f"  {k}: {r['status'][k]}" + (" (wording)" if k in r["wording"] else ""))
    return 0 if all(r["score"] >= 90 for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())

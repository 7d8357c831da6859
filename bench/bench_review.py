"""What review records cost `placard check` (issue 23): 20,000 slogans, each hashed.

Target: hashing every item (and reading a review file per item) adds at most 10% to `placard check`.
Three variants on the same synthetic campaign, in the same run, R rounds of each (after one
untimed run of each; the first check with records, which parses every review file and writes the cache,
is printed on its own line):

* baseline: load + every check, with the review feature taken out (no reviews/ read, no review check);
* legacy:   as placard runs now on a campaign without reviews/ (nothing to hash; one review.legacy);
* records:  a reviews/<id>.yml per item (an ``adopted`` record each, as `placard review adopt` writes).

    PYTHONPATH=src taskset -c 0 python bench/bench_review.py [--slogans N] [--repeat R]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import make_placard_campaign  # noqa: E402

from placard import load as load_mod  # noqa: E402
from placard.engine import run_checks  # noqa: E402
from placard.heap import few_full_collections  # noqa: E402
from placard.review import records  # noqa: E402
from placard.review.content import projection, published_hash  # noqa: E402
from placard.rules import CHECKS  # noqa: E402
from placard.rules import review as review_rule  # noqa: E402

TODAY = dt.date(2026, 11, 23)


def check_once(root: Path) -> tuple[float, int, float]:
    """What `placard check` does (with its collector setting, placard.heap): CPU s, findings, wall s.
    The garbage of the run before is collected first, so no variant pays for another's."""
    gc.collect()
    t0 = time.process_time()  # CPU seconds: on a shared machine wall time measures the neighbours
    w0 = time.perf_counter()
    with few_full_collections():
        loaded = load_mod.load_campaign(root, TODAY)
        findings = list(loaded.findings) + run_checks(loaded.campaign)
    return time.process_time() - t0, len(findings), time.perf_counter() - w0


def write_records(root: Path) -> None:
    """One adopted record per slogan, written as placard review adopt writes it (without a read-back each)."""
    campaign = load_mod.load_campaign(root, TODAY).campaign
    folder = root / records.REVIEWS_DIR
    folder.mkdir()
    for item in campaign.items():
        rec = {
            "item": item.id,
            "action": "adopted",
            "by": "区文明办",
            "comment": "adopted",
            "time": "2026-09-01T00:00:00+08:00",
            "hash": published_hash(item),
            "content": projection(item),
            "prev": "",
        }
        rec["seal"] = records.seal_of(rec, "")
        (folder / f"{item.id}.yml").write_text(records.dump(item.id, [rec]), encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--slogans", type=int, default=20_000)
    ap.add_argument("--repeat", type=int, default=11)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="placard-bench-review-") as tmp:
        root = make_placard_campaign(Path(tmp) / "c", args.slogans)
        t0 = time.perf_counter()
        write_records(root)
        made = time.perf_counter() - t0
        on, off = root / records.REVIEWS_DIR, root / ".reviews-off"
        on.rename(off)

        real_load = records.load_reviews

        def baseline():
            load_mod_reviews = records.load_reviews
            records.load_reviews = lambda *a, **k: records.Reviews()
            CHECKS.remove(review_rule.check)
            try:
                return check_once(root)
            finally:
                CHECKS.append(review_rule.check)
                records.load_reviews = load_mod_reviews

        def legacy():
            return check_once(root)

        own: list[float] = []  # CPU s inside the review code (reading reviews/, the review check) per run

        def timed(fn, spent: list[float]):
            def run(*a, **k):
                t = time.process_time()
                try:
                    return fn(*a, **k)
                finally:
                    spent[0] += time.process_time() - t

            return run

        def with_records():
            off.rename(on)
            spent = [0.0]
            at = CHECKS.index(review_rule.check)
            records.load_reviews = timed(real_load, spent)
            CHECKS[at] = timed(review_rule.check, spent)
            try:
                return check_once(root)
            finally:
                CHECKS[at] = review_rule.check
                records.load_reviews = real_load
                own.append(spent[0])
                on.rename(off)

        variants = {
            "baseline (no review)": baseline,
            "legacy (no reviews/)": legacy,
            "records (file per item)": with_records,
        }
        times: dict[str, list[float]] = {k: [] for k in variants}
        walls: dict[str, list[float]] = {k: [] for k in variants}
        counts: dict[str, int] = {}
        check_once(root)  # warm the page cache and imports
        # files written in the last 3 s are not cached yet (records.RACY_NS): the first check after that
        # reads every review file and writes .cache/placard/reviews*.bin, as a city's first check would
        time.sleep(max(0.0, records.RACY_NS / 1e9 + 0.2 - (time.perf_counter() - t0 - made)))
        cold, _, cold_wall = with_records()
        for fn in variants.values():  # each variant once before the timed runs
            fn()
        names = list(variants)
        own.clear()
        for i in range(args.repeat):
            for name in (
                names[i % 3 :] + names[: i % 3]
            ):  # each variant first, second and last in turn
                fn = variants[name]
                secs, n, wall = fn()
                times[name].append(secs)
                walls[name].append(wall)
                counts[name] = n
        assert records.load_reviews is real_load
        base_name = "baseline (no review)"
        print(
            f"placard check, {args.slogans:,} slogans (+ the example's guides and ads), {args.repeat} rounds; "
            f"{args.slogans:,} review files written in {made:.1f} s"
        )
        print(
            f"first check with records (no cache yet: every review file parsed): {cold:.2f} s CPU, "
            f"{cold_wall:.2f} s wall"
        )
        print(
            "CPU s: median and fastest of the rounds; 'vs baseline': the median of each round's ratio to the "
            "baseline run beside it\n(a shared machine's drift cancels out), and the ratio of the fastest runs"
        )
        print(
            f"{'variant':<26}{'CPU s':>8}{'fastest':>9}{'vs baseline':>13}{'fastest':>9}{'wall s':>8}"
            f"{'findings':>10}"
        )

        def paired(name: str) -> float:
            return statistics.median(t / b for t, b in zip(times[name], times[base_name], strict=True)) - 1

        for name in variants:
            m, w, fast = statistics.median(times[name]), statistics.median(walls[name]), min(times[name])
            print(
                f"{name:<26}{m:>8.2f}{fast:>9.2f}{paired(name) * 100:>+12.1f}%"
                f"{(fast / min(times[base_name]) - 1) * 100:>+8.1f}%{w:>8.2f}{counts[name]:>10}"
            )
        rec_name = "records (file per item)"
        share = statistics.median(o / b for o, b in zip(own, times[base_name], strict=True))
        print(
            f"the review code's own CPU time in the records runs (reading reviews/ and the cache, hashing every "
            f"item, the review check): median {statistics.median(own):.3f} s, fastest {min(own):.3f} s = "
            f"{share * 100:+.1f}% of the baseline run beside it"
        )
        worst = max(paired(k) for k in variants)
        print(f"target: ≤ +10% (median of paired ratios) — {'met' if worst <= 0.10 else 'NOT met'} "
              f"({worst * 100:+.1f}%; {rec_name}: own time {share * 100:+.1f}%)")


if __name__ == "__main__":
    main()

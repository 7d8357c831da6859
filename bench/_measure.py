"""Run one build in this process and print seconds and peak memory as JSON (used by bench_site.py)."""

import json
import os
import resource
import sys
import time

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
kind, root, out = sys.argv[1:4]
start = time.perf_counter()
if kind == "placard":
    from placard.cli import main

    # the public site, as the baseline builds one site (the staff site: bench/bench_site.py --staff)
    staff = sys.argv[4:5] == ["--staff"]
    code = main(["build", root, "--out", out, "--no-posters",
                 *(["--staff-out", out + "-staff"] if staff else ["--no-staff"])])
else:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    build(load_config(config_file=os.path.join(root, "mkdocs.yml"), site_dir=out))
    code = 0
seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_SELF)
peak_mb = usage.ru_maxrss / 1024
cpu = usage.ru_utime + usage.ru_stime  # imports included, as for the wall time
print(json.dumps({"code": code, "seconds": seconds, "cpu": cpu, "user": usage.ru_utime, "sys": usage.ru_stime,
                  "peak_mb": peak_mb}))

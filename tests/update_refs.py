"""Rewrite the reference renders in tests/data/poster_refs/ (the only way to change them).

    .venv/bin/python tests/update_refs.py

Draws the small test campaign of tests/test_posters.py exactly as the `rendered` fixture does and saves
each reference poster at half size. Look at every changed PNG (git diff shows which) before committing:
test_reference_renders then compares new renders against what you approved. No environment variable
makes that test pass; a missing reference fails it.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "src")]


def main() -> int:
    from PIL import Image
    from test_posters import REF_POSTERS, REFS, make_campaign, plan_of, ref_image

    from placard.posters.build import build_posters

    with tempfile.TemporaryDirectory() as tmp:
        campaign, plan = plan_of(make_campaign(Path(tmp) / "mini"))
        if plan.findings:
            print("\n".join(f.render() for f in plan.findings), file=sys.stderr)
            return 1
        out = Path(tmp) / "site"
        report = build_posters(campaign, plan, out, workers=1)
        if report.failed:
            print(f"posters failed: {report.failed}", file=sys.stderr)
            return 1
        REFS.mkdir(parents=True, exist_ok=True)
        for set_name, item in REF_POSTERS:
            job = next(j for j in plan.jobs if j.set == set_name and j.item_id == item)
            ref = REFS / f"{set_name}-{item}.png"
            with Image.open(out / job.files["png"]) as im:
                ref_image(im).save(ref, optimize=True)
            print(f"wrote {ref.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""River vs rivulet, side by side in one run, on the same stream (docs/perf/2026-11-benchmarks.md).

Run through benches/river/speed.sh [N_SAMPLES [ROUNDS]] (it makes the venv with
river==0.26.1). Writes the stream to a temporary JSON file, then ROUNDS times (default 3, each
with fresh models): times River's StandardScaler | TargetStandardScaler(LinearRegression()) on
it, rivulet's wasm package (Node, object input) on the same file with the equivalent spec, and
the same loops in headless Chromium (benches/chromium_bench.mjs; left out, with a line saying
why, when Chromium is missing). Prints each round and the medians: River µs/sample, rivulet
ns/sample and the ratios.
"""

import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import river
from river import linear_model, preprocessing

N = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
REPS = int(sys.argv[2]) if len(sys.argv) > 2 else 3
ROOT = Path(__file__).resolve().parents[2]
SPEC = {"scaler": "standard", "scale_one_hot": True, "target_scaler": True, "model": {"type": "linear"}}


def stream(n):
    rng = random.Random(42)
    modes = ["CLASSIC", "ARAM", "URF", "CHERRY"]
    rows = []
    for _ in range(n):
        x = []
        seen = set()
        for t in range(10):
            k = f"{'blue' if t < 5 else 'red'}_champ_{rng.randrange(170)}"
            if k not in seen:
                seen.add(k)
                x.append([k, 1.0])
        x.append(["mode", rng.choice(modes)])
        x.append(["hour", float(rng.randrange(24))])
        x.append(["weekday", float(rng.randrange(7))])
        for k in range(6):
            x.append([f"count_{k}", float(rng.randrange(50))])
        rows.append({"x": x, "y": 1200.0 + rng.randrange(1200)})
    return rows


def as_dict(x):
    return {(f"{k}={v}" if isinstance(v, str) else k): (1.0 if isinstance(v, str) else v) for k, v in x}


def time_river(dicts):
    model = preprocessing.StandardScaler() | preprocessing.TargetStandardScaler(linear_model.LinearRegression())
    t0 = time.perf_counter()
    for x, y in dicts:
        model.predict_one(x)
        model.learn_one(x, y)
    return (time.perf_counter() - t0) / len(dicts) * 1e6


def time_rivulet(path):
    out = subprocess.run(
        ["node", str(ROOT / "benches/node_bench.mjs"), "--stream", path, "--spec", json.dumps(SPEC)],
        check=True, capture_output=True, text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def time_chromium(path, spec, proba=False):
    """The object-input loops in headless Chromium: {ns_per_sample, combined_ns_per_sample,
    browser}, or {skipped: why}."""
    cmd = ["node", str(ROOT / "benches/chromium_bench.mjs"), "--stream", path, "--spec", json.dumps(spec)]
    out = subprocess.run(cmd + (["--proba"] if proba else []), check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main():
    rows = stream(N)
    dicts = [(as_dict(r["x"]), r["y"]) for r in rows]
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(rows, f)
        path = f.name
    # River and rivulet alternate, REPS times (fresh models each time), so that load from other
    # processes hits both sides alike; the ratios are per round, the summary their median.
    runs = []
    batches = []
    browser = []
    try:
        for _ in range(REPS):
            river_us = time_river(dicts)
            res = time_rivulet(path)
            runs.append((river_us, res["ns_per_sample"], res["combined_ns_per_sample"]))
            batches.append((res["learn_many_ns_per_sample"], res["learn_many_dense_ns_per_sample"], res["dense_width"], res["learn_many_dense_full_ns_per_sample"]))
            browser.append(time_chromium(path, SPEC))
    finally:
        Path(path).unlink()
    med = statistics.median
    print(f"stream: {N} samples, ~20 features each; river {river.__version__}, Python {sys.version.split()[0]}; {REPS} alternating rounds")
    for i, (r, ns, nc) in enumerate(runs):
        print(f"round {i + 1}: River {r:6.2f} µs; rivulet two calls {ns:5.0f} ns ({r * 1000 / ns:4.1f}x), predict_learn_one {nc:5.0f} ns ({r * 1000 / nc:4.1f}x)")
    river_us = med([r for r, _, _ in runs])
    ns = med([n for _, n, _ in runs])
    ns_combined = med([c for _, _, c in runs])
    print(f"River   StandardScaler | TargetStandardScaler(LinearRegression): {river_us:8.2f} µs/sample (median)")
    print(f"rivulet same pipeline (wasm in Node, object input):              {ns:8.0f} ns/sample (median)")
    print(f"ratio (River / rivulet): {med([r * 1000 / n for r, n, _ in runs]):.1f}x (median of the rounds' ratios)")
    print(f"rivulet predict_learn_one (one call, same stream):             {ns_combined:8.0f} ns/sample (median)")
    print(f"ratio (River / rivulet predict_learn_one): {med([r * 1000 / c for r, _, c in runs]):.1f}x (median of the rounds' ratios)")
    print(f"rivulet/full learn_many, batches of 1,000 objects (learn only):  {med([b[0] for b in batches]):8.0f} ns/sample (median)")
    print(f"rivulet/full learn_many_dense, {batches[0][2]} columns, ~20 present (learn only): {med([b[1] for b in batches]):8.0f} ns/sample (median)")
    print(f"rivulet/full learn_many_dense, 26 columns, all present (learn only): {med([b[3] for b in batches]):8.0f} ns/sample (median)")
    if "skipped" in browser[0]:
        print(f"rivulet in Chromium: left out, {browser[0]['skipped']}")
        return
    for i, ((r, _, _), c) in enumerate(zip(runs, browser)):
        print(f"round {i + 1} in {c['browser']}: two calls {c['ns_per_sample']:5.0f} ns ({r * 1000 / c['ns_per_sample']:4.1f}x), predict_learn_one {c['combined_ns_per_sample']:5.0f} ns ({r * 1000 / c['combined_ns_per_sample']:4.1f}x)")
    print(f"rivulet in {browser[0]['browser']} (headless, web entry), two calls:    {med([c['ns_per_sample'] for c in browser]):8.0f} ns/sample (median), {med([r * 1000 / c['ns_per_sample'] for (r, _, _), c in zip(runs, browser)]):.1f}x River")
    print(f"rivulet in {browser[0]['browser']}, predict_learn_one:                 {med([c['combined_ns_per_sample'] for c in browser]):8.0f} ns/sample (median), {med([r * 1000 / c['combined_ns_per_sample'] for (r, _, _), c in zip(runs, browser)]):.1f}x River")


if __name__ == "__main__":
    main()

"""River vs rivulet, side by side in one run, on the same stream (docs/perf/2026-11-benchmarks.md).

Run through benches/river/speed.sh [N_SAMPLES [ROUNDS]] (it makes the venv with
river==0.26.1). Writes the stream to a temporary JSON file, then ROUNDS times (default 3, each
with fresh models): times River's StandardScaler | TargetStandardScaler(LinearRegression()) on
it, rivulet's wasm package (Node, object input) on the same file with the equivalent spec, and
the same loops in headless Chromium and Firefox (benches/browser_bench.mjs; each left out, with
a line saying why, when that browser is missing). Prints each round and the medians: River µs/sample, rivulet
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


BROWSERS = ("chromium", "firefox", "webkit")


def time_browsers(path, spec, proba=False):
    """The object-input loops in each headless browser: {name: {ns_per_sample,
    combined_ns_per_sample, browser}, or {skipped: why}}."""
    out = {}
    for name in BROWSERS:
        cmd = ["node", str(ROOT / "benches/browser_bench.mjs"), "--stream", path, "--spec", json.dumps(spec), "--browser", name]
        text = subprocess.run(cmd + (["--proba"] if proba else []), check=True, capture_output=True, text=True).stdout
        out[name] = json.loads(text.strip().splitlines()[-1])
    return out


def print_browsers(river_us, rounds, combined):
    """Each browser's rounds (`rounds`: one time_browsers() result per round, aligned with the
    rounds' River times `river_us`) and medians; `combined` adds the predict_learn_one loop."""
    med = statistics.median
    for name in BROWSERS:
        runs = [r[name] for r in rounds]
        if "skipped" in runs[0]:
            print(f"rivulet in {name}: left out, {runs[0]['skipped']}")
            continue
        label = runs[0]["browser"]
        loops = [("two calls" if combined else "same calls", "ns_per_sample")]
        loops += [("predict_learn_one", "combined_ns_per_sample")] if combined else []
        for i, (r, c) in enumerate(zip(river_us, runs)):
            print(f"round {i + 1} in {label}: " + ", ".join(f"{what} {c[key]:5.0f} ns ({r * 1000 / c[key]:4.1f}x)" for what, key in loops))
        for what, key in loops:
            ratio = med([r * 1000 / c[key] for r, c in zip(river_us, runs)])
            print(f"rivulet in {label} (headless, web entry), {what}: {med([c[key] for c in runs]):8.0f} ns/sample (median), {ratio:.1f}x River")


def main():
    N = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    REPS = int(sys.argv[2]) if len(sys.argv) > 2 else 3
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
            browser.append(time_browsers(path, SPEC))
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
    print_browsers([r for r, _, _ in runs], browser, combined=True)

if __name__ == "__main__":
    main()

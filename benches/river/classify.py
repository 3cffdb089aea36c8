"""River vs rivulet on a classification stream, side by side in one run (docs/classification.md).

Run through benches/river/classify.sh [N_SAMPLES [ROUNDS]] (it makes the venv with
river==0.26.1 and builds what is missing). Writes a stream (~20 features: one-hot champions and
a mode, counts; a boolean label) to a temporary JSON file, then ROUNDS times (default 3, fresh
models each time, alternating): River's StandardScaler | LogisticRegression() doing
predict_proba_one + learn_one on it; rivulet's wasm package in Node (object input,
predict_proba_one + learn_one) and rivulet natively (`benches/river/classify_stream_bench.rs`,
string keys through `Model`) with the equivalent spec, and the wasm package in headless Chromium
and Firefox (benches/browser_bench.mjs, each when it is here). Prints each round and the medians.
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
from speed import print_browsers, time_browsers  # benches/river/speed.py: the same browser runner

N = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
REPS = int(sys.argv[2]) if len(sys.argv) > 2 else 3
ROOT = Path(__file__).resolve().parents[2]
SPEC = {"scaler": "standard", "scale_one_hot": True, "model": {"type": "logistic"}}
NATIVE = ROOT / "target/native/examples/classify_stream_bench"


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
        mode = rng.choice(modes)
        x.append(["mode", mode])
        hour = float(rng.randrange(24))
        x.append(["hour", hour])
        x.append(["weekday", float(rng.randrange(7))])
        counts = [float(rng.randrange(50)) for _ in range(6)]
        for k, c in enumerate(counts):
            x.append([f"count_{k}", c])
        z = 0.05 * (counts[0] - counts[1]) + (0.8 if mode == "ARAM" else 0.0) - 0.03 * (hour - 12) + rng.gauss(0, 1)
        rows.append({"x": x, "y": z > 0})
    return rows


def as_dict(x):
    return {(f"{k}={v}" if isinstance(v, str) else k): (1.0 if isinstance(v, str) else v) for k, v in x}


def time_river(dicts):
    model = preprocessing.StandardScaler() | linear_model.LogisticRegression()
    t0 = time.perf_counter()
    for x, y in dicts:
        model.predict_proba_one(x)
        model.learn_one(x, y)
    return (time.perf_counter() - t0) / len(dicts) * 1e6


def time_node(path):
    out = subprocess.run(
        ["node", str(ROOT / "benches/node_bench.mjs"), "--stream", path, "--spec", json.dumps(SPEC), "--proba"],
        check=True, capture_output=True, text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])["ns_per_sample"]


def time_native(path):
    out = subprocess.run([str(NATIVE), path, json.dumps(SPEC)], check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])["ns_per_sample"]


def main():
    rows = stream(N)
    dicts = [(as_dict(r["x"]), r["y"]) for r in rows]
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(rows, f)
        path = f.name
    runs = []
    browser = []
    try:
        for _ in range(REPS):
            runs.append((time_river(dicts), time_node(path), time_native(path)))
            browser.append(time_browsers(path, SPEC, proba=True))
    finally:
        Path(path).unlink()
    med = statistics.median
    print(f"stream: {N} samples, ~20 features each, boolean label; river {river.__version__}, Python {sys.version.split()[0]}; {REPS} alternating rounds")
    for i, (r, w, n) in enumerate(runs):
        print(f"round {i + 1}: River {r:6.2f} µs; rivulet wasm (Node) {w:5.0f} ns ({r * 1000 / w:4.1f}x); native {n:5.0f} ns ({r * 1000 / n:4.1f}x)")
    print(f"River   StandardScaler | LogisticRegression, predict_proba_one + learn_one: {med([r for r, _, _ in runs]):8.2f} µs/sample (median)")
    print(f"rivulet wasm in Node, object input, same calls:                           {med([w for _, w, _ in runs]):8.0f} ns/sample (median), {med([r * 1000 / w for r, w, _ in runs]):.1f}x River")
    print(f"rivulet native, string keys through Model, same calls:                    {med([n for _, _, n in runs]):8.0f} ns/sample (median), {med([r * 1000 / n for r, _, n in runs]):.1f}x River")
    print_browsers([r for r, _, _ in runs], browser, combined=False)

if __name__ == "__main__":
    main()

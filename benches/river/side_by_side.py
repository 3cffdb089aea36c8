"""River's models on the exact stream rivulet learns from, timed in the same run as rivulet's.

Called by benches/river/side_by_side.sh (which makes the venv, dumps the featurized stream with
`cargo run -p rivulet-lol --example models_side_by_side -- dump` and passes the rivulet results file). Reads
the stream (one `{"x": {...}, "y": seconds}` per game, time order), runs each River model with
progressive validation (predict, then learn, one pass) and prints one table with rivulet's rows.
"""

from __future__ import annotations

import argparse
import json
import math
import time

import river
from river import facto, forest, linear_model, optim, preprocessing, stats, tree

assert river.__version__ == "0.26.1", river.__version__


def dense_keys(stream):
    """Keys used by the tree learners: every key except champion pairs and mode×champion
    crosses (9,898 keys in all would make dense dicts useless), absent ones as 0."""
    keys = set()
    for x, _ in stream:
        keys.update(k for k in x if not k.startswith("pair=") and "|" not in k)
    return sorted(keys)


def densify(x, keys):
    return {k: x.get(k, 0.0) for k in keys}


def evaluate(name, make, data):
    model = make()
    n = n_nr = 0
    abs_sum = sq = abs_nr = 0.0
    t0 = time.perf_counter()
    for x, y in data:
        p = model.predict_one(x)
        if p is None:
            p = 0.0
        e = abs(p - y)
        n += 1
        abs_sum += e
        sq += e * e
        if y >= 300:
            n_nr += 1
            abs_nr += e
        model.learn_one(x, y)
    secs = time.perf_counter() - t0
    return {"name": name, "n": n, "mae": abs_sum / n, "mae_no_remake": abs_nr / max(n_nr, 1),
            "rmse": math.sqrt(sq / n), "us_per_sample": secs * 1e6 / n}


class RunningMean:
    def __init__(self):
        self.m = stats.Mean()

    def predict_one(self, x):
        return self.m.get()

    def learn_one(self, x, y):
        self.m.update(y)


def huber_linear():
    # The best River linear measured on games.csv (docs/evaluation.md): AdaGrad .01, Huber .25, MaxAbs, target scaler.
    return preprocessing.TargetStandardScaler(
        regressor=preprocessing.MaxAbsScaler()
        | linear_model.LinearRegression(optimizer=optim.AdaGrad(0.01), loss=optim.losses.Huber(0.25)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--stream", required=True)
    ap.add_argument("--rivulet", required=True, help="JSON lines written by the rivulet example")
    ap.add_argument("--fm", required=True, help="FM hyperparameters (JSON), shared with rivulet")
    ap.add_argument("--fm-limit", type=int, required=True)
    ap.add_argument("--tree-limit", type=int, required=True)
    ap.add_argument("--skip-arf", action="store_true")
    a = ap.parse_args()

    stream = []
    with open(a.stream) as f:
        for line in f:
            d = json.loads(line)
            stream.append((d["x"], d["y"]))
    fm = json.loads(a.fm)
    keys = dense_keys(stream)
    dense = [(densify(x, keys), y) for x, y in stream[: a.tree_limit]]

    def fm_model():
        return preprocessing.TargetStandardScaler(
            regressor=preprocessing.MaxAbsScaler()
            | facto.FMRegressor(
                n_factors=fm["n_factors"],
                weight_optimizer=optim.SGD(fm["lr"]),
                latent_optimizer=optim.SGD(fm["latent_lr"]),
                loss=optim.losses.Huber(fm["loss"]["epsilon"]),
                latent_initializer=optim.initializers.Normal(sigma=fm["init_sigma"], seed=fm["seed"]),
                seed=fm["seed"]))

    rows = []
    n_all = len(stream)
    runs = [
        ("running mean", RunningMean, stream),
        ("TSS(MaxAbs | LinearRegression(AdaGrad .01, Huber .25))", huber_linear, stream),
        ("TSS(MaxAbs | FMRegressor)", fm_model, stream[: a.fm_limit]),
        ("HoeffdingTreeRegressor (dense)", tree.HoeffdingTreeRegressor, dense),
        ("AMFRegressor(10 trees, seed 42) (dense)", lambda: forest.AMFRegressor(seed=42), dense),
    ]
    if not a.skip_arf:
        runs.append(("ARFRegressor(seed 42) (dense)", lambda: forest.ARFRegressor(seed=42), dense))
    for name, make, data in runs:
        r = evaluate(name, make, data)
        print(json.dumps(r), flush=True)
        rows.append(("River", r))

    with open(a.rivulet) as f:
        for line in f:
            rows.append(("rivulet", json.loads(line)))

    # Speed ratio: River's same model over rivulet's, matched by the `pair` key.
    pairs = {"TSS(MaxAbs | LinearRegression(AdaGrad .01, Huber .25))": "linear",
             "TSS(MaxAbs | FMRegressor)": "fm", "AMFRegressor(10 trees, seed 42) (dense)": "amf"}
    riv = {r["name"]: r for lib, r in rows if lib == "rivulet"}
    print()
    print(f"stream: {n_all} games; FM rows on the first {min(a.fm_limit, n_all)}, "
          f"tree rows on the first {min(a.tree_limit, n_all)} ({len(keys)} dense keys)")
    print()
    print("| library | model | games | MAE all (s) | MAE w/o remakes (s) | RMSE (s) | samples/s | River µs ÷ rivulet µs |")
    print("|---|---|---|---|---|---|---|---|")
    for lib, r in rows:
        ratio = ""
        if lib == "River" and r["name"] in pairs and pairs[r["name"]] in riv:
            q = riv[pairs[r["name"]]]
            if q["n"] == r["n"] and q["us_per_sample"] > 0:
                ratio = f"{r['us_per_sample'] / q['us_per_sample']:.0f}×"
        sps = 1e6 / r["us_per_sample"] if r["us_per_sample"] > 0 else float("inf")
        name = r["name"].replace("|", "\\|")
        print(f"| {lib} | {name} | {r['n']} | {r['mae']:.1f} | {r['mae_no_remake']:.1f} | "
              f"{r['rmse']:.1f} | {sps:,.0f} | {ratio} |")


if __name__ == "__main__":
    main()

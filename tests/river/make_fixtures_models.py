"""Golden fixtures for rivulet's FM and AMF estimators, recorded from River itself.

Run by hand (not by the tests), then commit the JSON it writes beside this file:

    python3 -m venv /tmp/river-venv && /tmp/river-venv/bin/pip install river==0.26.1
    /tmp/river-venv/bin/python tests/river/make_fixtures_models.py

The Rust tests (tests/learn_models_*.rs) replay the same streams and compare every prediction.
Exact parity needs the same random numbers: rivulet reimplements numpy's legacy
`RandomState.normal` and CPython's `random.Random`, so `models_rng.json` also pins raw draws.
"""

from __future__ import annotations

import json
import os
import random

import numpy as np
import river
from river import facto, forest, optim

assert river.__version__ == "0.26.1", river.__version__
HERE = os.path.dirname(os.path.abspath(__file__))


def dump(name, obj):
    with open(os.path.join(HERE, name), "w") as f:
        json.dump(obj, f, indent=None, separators=(",", ":"))
        f.write("\n")


def rng_fixture():
    out = {"numpy_normal": [], "python": []}
    for seed in (0, 42, 4294967295):
        rs = np.random.RandomState(seed)
        out["numpy_normal"].append(
            {"seed": seed, "loc": 0.0, "scale": 0.1,
             "values": [float(v) for v in np.concatenate([rs.normal(0.0, 0.1, size=10) for _ in range(30)])]}
        )
    for seed in (0, 7, 123456789, 2**40 + 5):
        r = random.Random(seed)
        draws = []
        for i in range(200):
            kind = i % 4
            if kind == 0:
                draws.append(["random", r.random()])
            elif kind == 1:
                draws.append(["randint", r.randint(0, 9999999)])
            elif kind == 2:
                draws.append(["uniform", 0.25, 3.5, r.uniform(0.25, 3.5)])
            else:
                w = [0.0, 0.5, 2.0, 0.0, 1.25]
                draws.append(["choice", w, r.choices(range(len(w)), w, k=1)[0]])
        out["python"].append({"seed": seed, "draws": draws})
    dump("models_rng.json", out)


def sparse_stream(n=400, seed=1):
    """One-hot 'champions' (some appear only late), a zero-valued key, numeric keys."""
    r = random.Random(seed)
    stream = []
    for t in range(n):
        pool = 20 if t < n // 2 else 30
        champs = r.sample(range(pool), 4)
        x = {f"c{c:02d}": 1.0 for c in champs}
        x["hour"] = round(r.uniform(0, 1), 6)
        if t % 3 == 0:
            x["zero"] = 0.0
        if t > n // 3:
            x["late"] = round(r.uniform(-1, 2), 6)
        y = 2.0 + 0.8 * x["hour"]
        if "c03" in x and "c07" in x:
            y += 3.0
        if "c01" in x:
            y -= 1.0
        y += r.gauss(0, 0.2)
        stream.append([list(x.items()), y])
    return stream


def run(model, stream):
    preds = []
    for items, y in stream:
        x = dict(items)
        p = model.predict_one(x)
        preds.append(p)
        model.learn_one(x, y)
    return preds


def fm_fixture():
    stream = sparse_stream()
    cases = [
        ("defaults_seed42", dict(seed=42), {"seed": 42}),
        ("k4_lr05_intercept01", dict(n_factors=4, seed=7, intercept_lr=0.1,
                                     weight_optimizer=optim.SGD(0.05), latent_optimizer=optim.SGD(0.05)),
         {"n_factors": 4, "seed": 7, "intercept_lr": 0.1, "lr": 0.05, "latent_lr": 0.05}),
        ("huber_l1_l2", dict(seed=1, loss=optim.losses.Huber(0.5), l1_weight=0.001, l2_weight=0.01,
                             l1_latent=0.0005, l2_latent=0.02, intercept=1.0),
         {"seed": 1, "loss": {"type": "huber", "epsilon": 0.5}, "l1_weight": 0.001, "l2_weight": 0.01,
          "l1_latent": 0.0005, "l2_latent": 0.02, "intercept": 1.0}),
        ("absolute_clip_norm", dict(seed=5, loss=optim.losses.Absolute(), clip_gradient=0.5,
                                    sample_normalization=True, intercept_lr=0.05),
         {"seed": 5, "loss": {"type": "absolute"}, "clip_gradient": 0.5, "sample_normalization": True,
          "intercept_lr": 0.05}),
    ]
    out = {"stream": stream, "cases": []}
    for name, river_kw, spec in cases:
        model = facto.FMRegressor(**river_kw)
        preds = run(model, stream)
        latents = {k: [float(v) for v in vs] for k, vs in model.latents.items()}
        out["cases"].append({
            "name": name, "config": spec, "predictions": preds,
            "final": {"intercept": float(model.intercept),
                      "weights": {k: float(v) for k, v in model.weights.items()},
                      "latents": latents},
        })
    dump("models_fm.json", out)


def dense_stream(n=300, seed=2):
    """Dense numeric keys f0..f4 in [0, 1] (names sort in order of appearance, so River's sorted
    feature names and rivulet's interned ids break ties the same way), plus g0 that appears
    late and is sometimes missing (exercises the most-common-path rule)."""
    r = random.Random(seed)
    stream = []
    for t in range(n):
        x = {f"f{i}": round(r.random(), 6) for i in range(5)}
        if t > n // 3 and r.random() < 0.7:
            x["g0"] = round(r.random(), 6)
        y = 10.0 + (5.0 if x["f0"] > 0.5 else 0.0) + 3.0 * x["f1"] * x["f2"] + r.gauss(0, 0.5)
        stream.append([list(x.items()), y])
    return stream


def amf_fixture():
    stream = dense_stream()
    cases = [
        ("defaults_seed42", dict(seed=42), {"seed": 42}),
        ("t3_step05_seed7", dict(n_estimators=3, step=0.5, seed=7),
         {"n_estimators": 3, "step": 0.5, "seed": 7}),
        ("no_aggregation_seed3", dict(n_estimators=4, use_aggregation=False, seed=3),
         {"n_estimators": 4, "use_aggregation": False, "seed": 3}),
        ("max_nodes15_seed11", dict(n_estimators=5, max_nodes=15, seed=11),
         {"n_estimators": 5, "max_nodes": 15, "seed": 11}),
    ]
    out = {"stream": stream, "cases": []}
    for name, river_kw, spec in cases:
        model = forest.AMFRegressor(**river_kw)
        preds = []
        for items, y in stream:
            x = dict(items)
            p = model.predict_one(x)
            preds.append(p)  # None before the first sample
            model.learn_one(x, y)
        n_nodes = [t._n_nodes for t in model]
        out["cases"].append({"name": name, "config": spec, "predictions": preds, "n_nodes": n_nodes})
    dump("models_amf.json", out)


if __name__ == "__main__":
    rng_fixture()
    fm_fixture()
    amf_fixture()
    print("wrote models_rng.json, models_fm.json, models_amf.json")

"""Golden fixtures for rivulet's classification and drift parity tests, made by River itself.

Run by hand (the JSON beside this script is committed; `tests/learn_classify.rs` and the wasm
tests `tests/wasm_node_classify.rs` / `tests/wasm_browser_classify.rs` read it):

    python3 -m venv .venv && .venv/bin/pip install river==0.26.1
    .venv/bin/python tests/river/make_fixtures_classify.py

Streams:
- `mixed`: numeric features, one-hot keys (categoricals, written `name=value`), a feature that
  appears late (from sample 150), a categorical whose values appear mid-stream, a constant;
  the label is a noisy logistic function of them;
- `phishing`: River's bundled `datasets.Phishing` (1,250 samples, shipped inside the package).

Every case records River's `predict_proba_one(x)[True]` before learning each sample
(progressive validation), the final intercept, and the metrics over the stream (Accuracy on
`predict_one`, LogLoss and ROCAUC on the probability, Precision, Recall, F1), cumulative and
rolling (window 100), after every `METRIC_EVERY`-th sample and the last (all are updated on every
sample; the subsample keeps the JSON small).

Drift: ADWIN and PageHinkley (defaults and a few parameter sets) on streams with known change
points; every index where `drift_detected` is true is recorded.
"""

import json
import math
import random
import sys
from pathlib import Path

import river
from river import compose, datasets, drift, linear_model, metrics, optim, preprocessing, utils

REQUIRED = "0.26.1"
if river.__version__ != REQUIRED:
    sys.exit(f"river=={REQUIRED} is required, found {river.__version__}")

WINDOW = 100
METRIC_EVERY = 7
rng = random.Random(20261204)
COLORS = ["red", "green", "blue"]
SHAPES = ["circle", "square", "star", "hexagon"]


def make_mixed(n=600):
    stream = []
    for t in range(n):
        x = []  # ordered [name, number | string]
        a = rng.gauss(1.0, 2.0)
        x.append(["a", a])
        b = None
        if rng.random() < 0.75:
            b = rng.uniform(-3.0, 3.0)
            x.append(["b", b])
        x.append(["const", 2.0])
        color = rng.choice(COLORS)
        x.append(["color", color])
        shape = None
        if t >= 80:
            shape = SHAPES[rng.randrange(4 if t >= 300 else 2)]
            x.append(["shape", shape])
        late = None
        if t >= 150:
            late = rng.uniform(0.0, 4.0)
            x.append(["late", late])
        if rng.random() < 0.2:
            x.append(["sometimes_zero", 0.0 if rng.random() < 0.5 else 2.5])
        z = (
            -0.5
            + 0.9 * a
            - 0.7 * (b or 0.0)
            + (1.2 if color == "red" else 0.0)
            - (1.5 if shape == "star" else 0.0)
            + 0.6 * (late or 0.0)
            + rng.gauss(0.0, 0.8)
        )
        stream.append({"x": x, "y": z > 0.0})
    return stream


def make_phishing():
    out = []
    for x, y in datasets.Phishing():
        out.append({"x": [[k, float(v)] for k, v in x.items()], "y": bool(y)})
    return out


def to_river(x):
    """Rivulet's encoding: a string value is the one-hot key `name=value` with value 1."""
    return {(f"{k}={v}" if isinstance(v, str) else k): (1.0 if isinstance(v, str) else v) for k, v in x}


METRICS = {
    "accuracy": (metrics.Accuracy, "label"),
    "log_loss": (metrics.LogLoss, "proba"),
    "precision": (metrics.Precision, "label"),
    "recall": (metrics.Recall, "label"),
    "f1": (metrics.F1, "label"),
    "roc_auc": (metrics.ROCAUC, "proba"),
}


def new_metrics():
    ms = {}
    for name, (cls, kind) in METRICS.items():
        ms[name] = (cls(), kind)
        ms[f"rolling_{name}"] = (utils.Rolling(cls, window_size=WINDOW), kind)
    return ms


def run(model, stream):
    probas, labels = [], []
    ms = new_metrics()
    series = {k: [] for k in ms}
    for t, s in enumerate(stream):
        x = to_river(s["x"])
        p = model.predict_proba_one(x)[True]
        label = model.predict_one(x)
        if label != (p > 0.5):
            sys.exit("predict_one is not p > 0.5")
        probas.append(p)
        labels.append(label)
        for k, (m, kind) in ms.items():
            m.update(s["y"], label if kind == "label" else p)
            if t % METRIC_EVERY == 0 or t == len(stream) - 1:
                series[k].append(float(m.get()))
        model.learn_one(x, s["y"])
    return probas, series


def last_step(model):
    if isinstance(model, compose.Pipeline):
        return list(model.steps.values())[-1]
    return model


def cases(stream_name, stream):
    LR = linear_model.LogisticRegression
    std = preprocessing.StandardScaler
    sc = {"scaler": "standard", "scale_one_hot": True}
    yield "std_sgd", {**sc, "model": {"type": "logistic"}}, std() | LR()
    yield "std_sgd_0.1", {**sc, "model": {"type": "logistic", "optimizer": {"type": "sgd", "lr": 0.1}}}, std() | LR(optimizer=optim.SGD(0.1))
    yield "std_adam", {**sc, "model": {"type": "logistic", "optimizer": {"type": "adam", "lr": 0.01}}}, std() | LR(optimizer=optim.Adam(0.01))
    yield "std_adagrad", {**sc, "model": {"type": "logistic", "optimizer": {"type": "adagrad", "lr": 0.1}}}, std() | LR(optimizer=optim.AdaGrad(0.1))
    yield "none_sgd", {"scaler": "none", "model": {"type": "logistic", "optimizer": {"type": "sgd", "lr": 0.05}}}, LR(optimizer=optim.SGD(0.05))
    yield "std_normal_init", {**sc, "model": {"type": "logistic", "optimizer": {"type": "sgd", "lr": 0.05}, "initializer": {"type": "normal", "mu": 0.0, "sigma": 0.1, "seed": 7}}}, std() | LR(optimizer=optim.SGD(0.05), initializer=optim.initializers.Normal(mu=0.0, sigma=0.1, seed=7))
    yield "none_normal_init_adam", {"scaler": "none", "model": {"type": "logistic", "optimizer": {"type": "adam", "lr": 0.01}, "initializer": {"type": "normal", "mu": 0.05, "sigma": 0.3, "seed": 2026}}}, LR(optimizer=optim.Adam(0.01), initializer=optim.initializers.Normal(mu=0.05, sigma=0.3, seed=2026))
    if stream_name == "phishing":
        return
    yield "std_l2", {**sc, "model": {"type": "logistic", "optimizer": {"type": "sgd", "lr": 0.1}, "l2": 0.01}}, std() | LR(optimizer=optim.SGD(0.1), l2=0.01)
    yield "std_l1", {**sc, "model": {"type": "logistic", "optimizer": {"type": "sgd", "lr": 0.1}, "l1": 0.002}}, std() | LR(optimizer=optim.SGD(0.1), l1=0.002)
    yield "std_l1_adagrad", {**sc, "model": {"type": "logistic", "optimizer": {"type": "adagrad", "lr": 0.1}, "l1": 0.001}}, std() | LR(optimizer=optim.AdaGrad(0.1), l1=0.001)
    yield "std_clip", {**sc, "model": {"type": "logistic", "optimizer": {"type": "sgd", "lr": 0.1}, "clip_gradient": 0.3}}, std() | LR(optimizer=optim.SGD(0.1), clip_gradient=0.3)
    yield "std_intercept_lr", {**sc, "model": {"type": "logistic", "optimizer": {"type": "sgd", "lr": 0.1}, "intercept_lr": 0.2, "intercept_init": 0.5}}, std() | LR(optimizer=optim.SGD(0.1), intercept_lr=0.2, intercept_init=0.5)
    yield "std_constant_init", {**sc, "model": {"type": "logistic", "optimizer": {"type": "sgd", "lr": 0.05}, "initializer": {"type": "constant", "value": 0.1}}}, std() | LR(optimizer=optim.SGD(0.05), initializer=optim.initializers.Constant(0.1))
    yield "std_hinge", {**sc, "model": {"type": "logistic", "optimizer": {"type": "sgd", "lr": 0.05}, "loss": {"type": "hinge"}}}, std() | LR(optimizer=optim.SGD(0.05), loss=optim.losses.Hinge())
    yield "std_weighted_log", {**sc, "model": {"type": "logistic", "optimizer": {"type": "sgd", "lr": 0.1}, "loss": {"type": "log", "weight_pos": 2.0, "weight_neg": 0.5}}}, std() | LR(optimizer=optim.SGD(0.1), loss=optim.losses.Log(weight_pos=2.0, weight_neg=0.5))
    yield "std_inverse_scaling", {**sc, "model": {"type": "logistic", "optimizer": {"type": "sgd", "lr": {"type": "inverse_scaling", "learning_rate": 0.5, "power": 0.5}}}}, std() | LR(optimizer=optim.SGD(optim.schedulers.InverseScaling(0.5, 0.5)))
    yield "maxabs_rmsprop", {"scaler": "maxabs", "scale_one_hot": True, "model": {"type": "logistic", "optimizer": {"type": "rmsprop", "lr": 0.01}}}, preprocessing.MaxAbsScaler() | LR(optimizer=optim.RMSProp(0.01))
    # rivulet's default layout: numeric features standard-scaled, one-hot keys passed through.
    numeric = sorted({k for s in stream for k, v in s["x"] if not isinstance(v, str)})
    onehot = sorted({f"{k}={v}" for s in stream for k, v in s["x"] if isinstance(v, str)})
    num_set, hot_set = set(numeric), set(onehot)

    def only_numeric(x):
        return {k: v for k, v in x.items() if k in num_set}

    def only_onehot(x):
        return {k: v for k, v in x.items() if k in hot_set}

    union = compose.TransformerUnion(
        compose.FuncTransformer(only_numeric) | std(), compose.FuncTransformer(only_onehot)
    )
    yield "default", {"model": {"type": "logistic"}}, union | LR()
    union = compose.TransformerUnion(
        compose.FuncTransformer(only_numeric) | std(), compose.FuncTransformer(only_onehot)
    )
    yield "default_normal_init", {"model": {"type": "logistic", "initializer": {"type": "normal", "sigma": 0.5, "seed": 11}}}, union | LR(initializer=optim.initializers.Normal(sigma=0.5, seed=11))


def drift_streams():
    r = random.Random(99)
    streams = {}
    # One shift of the mean at 1000.
    streams["gauss_shift"] = [r.gauss(0.0, 1.0) for _ in range(1000)] + [r.gauss(1.5, 1.0) for _ in range(1000)]
    # An error stream (0/1) whose rate jumps from 0.1 to 0.4 at 1500, then back to 0.15 at 3000.
    streams["bernoulli"] = (
        [float(r.random() < 0.1) for _ in range(1500)]
        + [float(r.random() < 0.4) for _ in range(1500)]
        + [float(r.random() < 0.15) for _ in range(1000)]
    )
    # Three segments, a slow drift, then a drop.
    seg = [r.gauss(5.0, 2.0) for _ in range(700)]
    seg += [r.gauss(5.0 + 4.0 * i / 600, 2.0) for i in range(600)]
    seg += [r.gauss(0.0, 0.5) for _ in range(700)]
    streams["segments"] = seg
    return streams


DETECTORS = {
    "adwin": (drift.ADWIN, {}),
    "adwin_delta_0.05_clock_8": (drift.ADWIN, {"delta": 0.05, "clock": 8}),
    "adwin_buckets_3_grace_50": (drift.ADWIN, {"max_buckets": 3, "min_window_length": 10, "grace_period": 50}),
    "adwin_clock_1_delta_0.01": (drift.ADWIN, {"clock": 1, "delta": 0.01}),
    "page_hinkley": (drift.PageHinkley, {}),
    "page_hinkley_up_t10": (drift.PageHinkley, {"threshold": 10.0, "mode": "up", "delta": 0.01}),
    "page_hinkley_down_t20": (drift.PageHinkley, {"threshold": 20.0, "mode": "down", "min_instances": 50, "alpha": 0.99}),
}


def drift_fixtures():
    out = {"streams": drift_streams(), "detectors": {k: v[1] for k, v in DETECTORS.items()}, "detections": {}}
    for dname, (cls, params) in DETECTORS.items():
        for sname, xs in out["streams"].items():
            d = cls(**params)
            found = []
            for i, x in enumerate(xs):
                d.update(x)
                if d.drift_detected:
                    found.append(i)
            out["detections"][f"{dname}/{sname}"] = found
            print(f"{dname:28s} {sname:12s} detections {found}")
    return out


def main():
    out = {
        "generator": "tests/river/make_fixtures_classify.py",
        "river": river.__version__,
        "python": sys.version.split()[0],
        "window": WINDOW,
        "metric_every": METRIC_EVERY,
        "streams": {"mixed": make_mixed(), "phishing": make_phishing()},
        "cases": [],
    }
    for sname, stream in out["streams"].items():
        for name, spec, model in cases(sname, stream):
            probas, series = run(model, stream)
            if not all(math.isfinite(p) for p in probas):
                sys.exit(f"{sname}/{name} diverged")
            out["cases"].append(
                {
                    "stream": sname,
                    "name": name,
                    "spec": spec,
                    "probas": probas,
                    "intercept": last_step(model).intercept,
                    "metrics": series,
                }
            )
            final = {k: round(v[-1], 4) for k, v in series.items() if not k.startswith("rolling")}
            print(f"{sname}/{name:24s} {final}")
    out["drift"] = drift_fixtures()
    path = Path(__file__).with_name("classify.json")
    path.write_text(json.dumps(out, indent=None, separators=(",", ":")) + "\n")
    print(f"wrote {path} ({path.stat().st_size} bytes)")


if __name__ == "__main__":
    main()

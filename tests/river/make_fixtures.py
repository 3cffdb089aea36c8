"""Golden fixtures for rivulet's River parity tests, made by River itself.

Run by hand (the JSON beside this script is committed; the Rust test `tests/learn_river.rs`
reads it):

    python3 -m venv /tmp/river-venv && /tmp/river-venv/bin/pip install river==0.26.1
    /tmp/river-venv/bin/python tests/river/make_fixtures.py

The stream has numeric features, one-hot keys (categoricals, written `name=value`), a feature
that appears late (from sample 120), a constant (zero-variance) feature, a feature that is
sometimes 0, a rare small count, and a categorical whose values appear mid-stream. Every case
records River's prediction before learning each sample (progressive validation), and the final
intercept.
"""

import json
import math
import random
import sys
from pathlib import Path

import river
from river import compose, linear_model, optim, preprocessing, stats

REQUIRED = "0.26.1"
if river.__version__ != REQUIRED:
    sys.exit(f"river=={REQUIRED} is required, found {river.__version__}")

N = 400
rng = random.Random(20261126)
CHAMPS = [str(c) for c in (1, 2, 3, 17, 64, 157, 222, 266)]
MODES = ["CLASSIC", "ARAM", "URF"]


def make_stream():
    stream = []
    for t in range(N):
        x = []  # ordered [name, number | string]
        a = rng.gauss(3.0, 10.0)
        x.append(["a", a])
        b = None
        if rng.random() < 0.7:
            b = rng.uniform(-5.0, 5.0)
            x.append(["b", b])
        x.append(["const", 5.0])
        champs = rng.sample(CHAMPS, 3)
        for c in champs:
            x.append(["champ", c])
        if t >= 50:
            mode = MODES[rng.randrange(len(MODES) if t >= 200 else 2)]
            x.append(["mode", mode])
        else:
            mode = None
        late = None
        if t >= 120:
            late = rng.uniform(0.0, 2.0)
            x.append(["late", late])
        if rng.random() < 0.3:
            x.append(["sometimes_zero", 0.0 if rng.random() < 0.5 else 1.5])
        if rng.random() < 0.05:
            x.append(["rare", float(rng.randint(1, 3))])
        y = (
            40.0
            + 0.8 * a
            - 1.5 * (b or 0.0)
            + (6.0 if "2" in champs else 0.0)
            - (4.0 if "157" in champs else 0.0)
            + (8.0 if mode == "ARAM" else 0.0)
            + 3.0 * (late or 0.0)
            + rng.gauss(0.0, 2.0)
        )
        stream.append({"x": x, "y": y})
    return stream


def to_river(x):
    """Rivulet's encoding: a string value is the one-hot key `name=value` with value 1."""
    return {(f"{k}={v}" if isinstance(v, str) else k): (1.0 if isinstance(v, str) else v) for k, v in x}


def one_hot_keys(stream):
    return sorted({f"{k}={v}" for s in stream for k, v in s["x"] if isinstance(v, str)})


def numeric_keys(stream):
    return sorted({k for s in stream for k, v in s["x"] if not isinstance(v, str)})


def run(model, stream):
    preds = []
    for s in stream:
        x = to_river(s["x"])
        p = model.predict_one(x)
        preds.append(p)
        model.learn_one(x, s["y"])
        if not math.isfinite(p) or abs(p) > 1e4:
            sys.exit("a case diverged: pick gentler hyperparameters")
    return preds


def last_linear(model):
    step = model
    if isinstance(step, compose.Pipeline):
        step = list(step.steps.values())[-1]
    if isinstance(step, preprocessing.TargetStandardScaler):
        step = step.regressor
    return step


def cases(stream):
    LR = linear_model.LinearRegression
    std = preprocessing.StandardScaler
    numeric = numeric_keys(stream)
    onehot = one_hot_keys(stream)
    # rivulet spec -> equivalent River pipeline
    sc = {"scaler": "standard", "scale_one_hot": True, "target_scaler": False}
    yield "standard_sgd", {**sc, "model": {"type": "linear"}}, std() | LR()
    yield "standard_sgd_intercept_lr_0.1", {**sc, "model": {"type": "linear", "intercept_lr": 0.1}}, std() | LR(intercept_lr=0.1)
    yield "standard_adam", {**sc, "model": {"type": "linear", "optimizer": {"type": "adam", "lr": 0.01}}}, std() | LR(optimizer=optim.Adam(0.01))
    yield "standard_adagrad", {**sc, "model": {"type": "linear", "optimizer": {"type": "adagrad", "lr": 0.1}}}, std() | LR(optimizer=optim.AdaGrad(0.1))
    yield "standard_rmsprop", {**sc, "model": {"type": "linear", "optimizer": {"type": "rmsprop", "lr": 0.01}}}, std() | LR(optimizer=optim.RMSProp(0.01))
    yield "standard_ftrl", {**sc, "model": {"type": "linear", "optimizer": {"type": "ftrl", "alpha": 0.1}}}, std() | LR(optimizer=optim.FTRLProximal(alpha=0.1))
    yield "standard_huber", {**sc, "model": {"type": "linear", "loss": {"type": "huber", "epsilon": 1.0}, "intercept_lr": 0.1}}, std() | LR(loss=optim.losses.Huber(1.0), intercept_lr=0.1)
    yield "standard_absolute", {**sc, "model": {"type": "linear", "loss": {"type": "absolute"}, "intercept_lr": 0.3}}, std() | LR(loss=optim.losses.Absolute(), intercept_lr=0.3)
    yield "standard_quantile_0.8", {**sc, "model": {"type": "linear", "loss": {"type": "quantile", "alpha": 0.8}, "intercept_lr": 0.3}}, std() | LR(loss=optim.losses.Quantile(0.8), intercept_lr=0.3)
    yield "standard_l2", {**sc, "model": {"type": "linear", "l2": 0.05}}, std() | LR(l2=0.05)
    yield "standard_clip", {**sc, "model": {"type": "linear", "clip_gradient": 5.0}}, std() | LR(clip_gradient=5.0)
    yield "standard_inverse_scaling", {**sc, "model": {"type": "linear", "optimizer": {"type": "sgd", "lr": {"type": "inverse_scaling", "learning_rate": 0.05, "power": 0.5}}}}, std() | LR(optimizer=optim.SGD(optim.schedulers.InverseScaling(0.05, 0.5)))
    yield "standard_optimal", {**sc, "model": {"type": "linear", "optimizer": {"type": "sgd", "lr": {"type": "optimal", "alpha": 10.0}}}}, std() | LR(optimizer=optim.SGD(optim.schedulers.Optimal(optim.losses.Squared(), alpha=10.0)))
    yield "standard_target_scaler", {**sc, "target_scaler": True, "model": {"type": "linear"}}, std() | preprocessing.TargetStandardScaler(LR())
    yield "maxabs_target_huber", {"scaler": "maxabs", "scale_one_hot": True, "target_scaler": True, "model": {"type": "linear", "optimizer": {"type": "sgd", "lr": 0.003}, "loss": {"type": "huber", "epsilon": 0.5}}}, preprocessing.MaxAbsScaler() | preprocessing.TargetStandardScaler(LR(optimizer=optim.SGD(0.003), loss=optim.losses.Huber(0.5)))
    yield "maxabs_adagrad", {"scaler": "maxabs", "scale_one_hot": True, "target_scaler": True, "model": {"type": "linear", "optimizer": {"type": "adagrad", "lr": 0.01}, "loss": {"type": "huber", "epsilon": 0.25}}}, preprocessing.MaxAbsScaler() | preprocessing.TargetStandardScaler(LR(optimizer=optim.AdaGrad(0.01), loss=optim.losses.Huber(0.25)))
    yield "none_sgd", {"scaler": "none", "target_scaler": False, "model": {"type": "linear", "optimizer": {"type": "sgd", "lr": 0.001}}}, LR(optimizer=optim.SGD(0.001))
    # rivulet's default: numeric features standard-scaled, one-hot keys passed through, target scaled.
    num_set, hot_set = set(numeric), set(onehot)

    def only_numeric(x):
        return {k: v for k, v in x.items() if k in num_set}

    def only_onehot(x):
        return {k: v for k, v in x.items() if k in hot_set}

    union = compose.TransformerUnion(
        compose.FuncTransformer(only_numeric) | std(), compose.FuncTransformer(only_onehot)
    )
    yield "default", {}, union | preprocessing.TargetStandardScaler(LR())


def stat_fixtures():
    r = random.Random(7)
    xs = [r.gauss(0.0, 3.0) + (50.0 if r.random() < 0.05 else 0.0) for _ in range(500)]
    out = {"values": xs}
    for name, make in [
        ("mean", stats.Mean),
        ("var", stats.Var),
        ("var_ddof0", lambda: stats.Var(ddof=0)),
        ("ewmean_0.3", lambda: stats.EWMean(0.3)),
        ("ewvar_0.3", lambda: stats.EWVar(0.3)),
        ("quantile_0.5", lambda: stats.Quantile(0.5)),
        ("quantile_0.9", lambda: stats.Quantile(0.9)),
    ]:
        s = make()
        got = []
        for x in xs:
            s.update(x)
            got.append(s.get())
        out[name] = got
    return out


def main():
    stream = make_stream()
    out = {
        "generator": "tests/river/make_fixtures.py",
        "river": river.__version__,
        "python": sys.version.split()[0],
        "stream": stream,
        "cases": [],
        "stats": stat_fixtures(),
    }
    for name, spec, model in cases(stream):
        preds = run(model, stream)
        lin = last_linear(model)
        out["cases"].append({"name": name, "spec": spec, "predictions": preds, "intercept": lin.intercept})
        print(f"{name:32s} last prediction {preds[-1]:12.6f}  MAE {sum(abs(p - s['y']) for p, s in zip(preds, stream)) / N:10.4f}")
    path = Path(__file__).with_name("fixtures.json")
    path.write_text(json.dumps(out, indent=None, separators=(",", ":")) + "\n")
    print(f"wrote {path} ({path.stat().st_size} bytes)")


if __name__ == "__main__":
    main()

// Classification from JavaScript with the built package (./x build-wasm first): the lean
// `rivulet` entry has LogisticRegression (`{"model": {"type": "logistic"}}`,
// `predict_proba_one`, boolean labels); `rivulet/full` adds the metric and drift-detector
// classes (docs/classification.md). The numbers' parity with River is tested in wasm by
// tests/wasm_node_classify.rs; here: the package's surface as a user calls it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { PKG } from "./consumer.mjs";

const lean = await import(join(PKG, "node-entry.js"));
const full = await import(join(PKG, "full", "node-entry.js"));
await lean.default();
await full.default();

const sample = (i) => ({ a: (i % 10) - 4.5, color: i % 3 === 0 ? "red" : "blue" });
const label = (i) => (i % 10) - 4.5 > 0;

test("the lean entry learns a logistic model from booleans and gives P(true)", () => {
  const m = new lean.Model({ model: { type: "logistic", optimizer: { type: "sgd", lr: 0.1 } } });
  assert.equal(m.is_classifier, true);
  assert.equal(m.predict_proba_one(sample(9)), 0.5);
  for (let i = 0; i < 200; i++) m.learn_one(sample(i), label(i));
  const p = m.predict_proba_one(sample(9));
  assert.ok(p > 0.9 && p <= 1, `P(true) ${p}`);
  assert.equal(m.predict_one(sample(9)), 1);
  assert.equal(m.predict_one(sample(0)), 0);
  const before = m.serialize();
  assert.throws(() => m.learn_one(sample(1), 0.5), /label/);
  assert.throws(() => m.learn_one(sample(1), "yes"), /label/);
  assert.equal(m.serialize(), before);
  const same = lean.Model.deserialize(before);
  assert.equal(same.predict_proba_one(sample(3)), m.predict_proba_one(sample(3)));
  assert.throws(() => new lean.Model().predict_proba_one(sample(1)), /classifier/);
  // The lean entry has no metric or detector classes; the full one has.
  assert.equal(lean.ADWIN, undefined);
  assert.equal(typeof full.ADWIN, "function");
});

test("rivulet/full: metrics and drift detectors", () => {
  const m = new full.Model({ model: { type: "logistic" } });
  const cm = new full.ConfusionMatrix();
  const rolling = new full.ConfusionMatrix(50);
  const loss = new full.LogLoss();
  const auc = new full.ROCAUC();
  for (let i = 0; i < 300; i++) {
    const p = m.predict_learn_one(sample(i), label(i));
    cm.update(label(i), p > 0.5);
    rolling.update(label(i), p > 0.5);
    loss.update(label(i), p);
    auc.update(label(i), p);
  }
  assert.ok(cm.accuracy() > 0.8, `accuracy ${cm.accuracy()}`);
  assert.ok(rolling.accuracy() >= cm.accuracy());
  assert.ok(loss.get() > 0 && loss.get() < Math.LN2, `log loss ${loss.get()}`);
  assert.ok(auc.get() > 0.9, `ROC AUC ${auc.get()}`);
  for (const f of ["precision", "recall", "f1"]) assert.ok(cm[f]() > 0 && cm[f]() <= 1, f);

  const adwin = new full.ADWIN();
  const ph = new full.PageHinkley();
  const found = { adwin: [], ph: [] };
  for (let i = 0; i < 2000; i++) {
    const x = i < 1000 ? (i % 7) / 7 : 0.5 + (i % 5) / 5;
    if (adwin.update(x)) found.adwin.push(i);
    if (ph.update(i < 1000 ? (i % 7) / 7 : 3.0 + (i % 5) / 5)) found.ph.push(i);
    assert.equal(adwin.drift_detected, found.adwin.at(-1) === i);
  }
  // River's indices on these streams (the Rust doctests of Adwin / PageHinkley use the same).
  assert.deepEqual(found.adwin, [1055]);
  assert.deepEqual(found.ph, [1017]);
  assert.throws(() => new full.PageHinkley(30, 0.005, 50, 0.9999, "sideways"), /mode/);
});

test("River's Normal initializer: in rivulet/full (seeded draws, saved with the model); the lean entry says where it is", () => {
  const spec = { model: { type: "logistic", initializer: { type: "normal", sigma: 0.3, seed: 4 } } };
  assert.throws(() => new lean.Model(spec), /initializer `normal` is not in this build.*rivulet\/full/);
  const m = new full.Model(spec);
  assert.deepEqual(m.spec().model.initializer, { type: "normal", mu: 0, sigma: 0.3, seed: 4 });
  for (let i = 0; i < 5; i++) m.learn_one(sample(i), label(i));
  // Restored mid-stream, it draws the same weights for keys it meets later as the original.
  const restored = full.Model.deserialize(m.serialize());
  for (let i = 5; i < 40; i++) {
    const x = { ...sample(i), [`late_${i % 7}`]: 1 };
    assert.equal(restored.predict_proba_one(x), m.predict_proba_one(x));
    m.learn_one(x, label(i));
    restored.learn_one(x, label(i));
  }
  assert.equal(restored.serialize(), m.serialize());
  // Another seed, other draws.
  const other = new full.Model({ model: { ...spec.model, initializer: { type: "normal", sigma: 0.3, seed: 5 } } });
  const first = new full.Model(spec);
  other.learn_one(sample(1), true);
  first.learn_one(sample(1), true);
  assert.notEqual(other.predict_proba_one(sample(2)), first.predict_proba_one(sample(2)));
});

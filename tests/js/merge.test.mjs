// `Model.merge(models)` from rivulet/full in Node: the core's merge (tests/learn_merge.rs checks
// its arithmetic) reached from JS: the merged model's scaler statistics equal those of one model
// that saw both streams, its n_learned is the sum, the models given stay usable, classifiers
// merge into a classifier, and bad input throws saying why. Uses the built package (./x build-wasm first).
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { PKG } from "./consumer.mjs";

const { default: init, Model } = await import(join(PKG, "full", "node-entry.js"));
await init();

const MODES = ["CLASSIC", "ARAM", "URF"];
const sample = (i) => ({ [`champ_${i % 13}`]: 1, hour: (i * 5) % 24 + 0.5, mode: MODES[i % 3], gold: 1000 + ((i * 131) % 977) });
const target = (i) => 1500 + ((i * 37) % 400);

test("Model.merge: statistics as one model on both streams, counts add, inputs stay usable", () => {
  const a = new Model();
  const b = new Model();
  const all = new Model();
  for (let i = 0; i < 400; i++) {
    (i % 3 === 0 ? b : a).learn_one(sample(i), target(i));
    all.learn_one(sample(i), target(i));
  }
  const merged = Model.merge([a, b]);
  assert.equal(merged.n_learned, 400);
  assert.equal(merged.n_features, all.n_features);
  const stats = (m) => {
    const s = JSON.parse(m.serialize());
    const t = s.state.transformers[0];
    return Object.fromEntries(s.features.map((k, i) => [k, [t.counts[i], t.means[i], t.vars[i]]]));
  };
  const sm = stats(merged);
  const so = stats(all);
  for (const [k, [c, mean, v]] of Object.entries(so)) {
    const [cm, meanm, vm] = sm[k];
    assert.equal(cm, c, `${k} count`);
    assert.ok(Math.abs(meanm - mean) <= 1e-9 * Math.max(1, Math.abs(mean)), `${k} mean ${meanm} vs ${mean}`);
    assert.ok(Math.abs(vm - v) <= 1e-9 * Math.max(1, Math.abs(v)), `${k} var ${vm} vs ${v}`);
  }
  const p = merged.predict_one(sample(5));
  assert.ok(Number.isFinite(p) && Math.abs(p - all.predict_one(sample(5))) < 300, `${p}`);
  // The inputs are untouched and still usable.
  assert.equal(a.n_learned + b.n_learned, 400);
  a.learn_one(sample(1), 1700);
  merged.learn_one(sample(2), 1800);
  assert.equal(Model.deserialize(merged.serialize()).n_learned, 401);
});

test("Model.merge refuses what cannot merge, saying why", () => {
  const a = new Model();
  assert.throws(() => Model.merge([a, new Model({ scaler: "maxabs" })]), /does not have the same spec/);
  assert.throws(() => Model.merge([new Model({ model: { type: "fm" } })]), /only linear models merge/);
  assert.throws(() => Model.merge([]), /no models/);
  assert.throws(() => Model.merge([a, { serialize: 3 }]), /models\[1\] is not a Model/);
});

test("Model.merge of classifiers: a classifier with the weights averaged by sample counts", () => {
  const spec = { model: { type: "logistic" } };
  const a = new Model(spec);
  const b = new Model(spec);
  const label = (i) => target(i) < 1650;
  for (let i = 0; i < 300; i++) (i % 4 === 0 ? b : a).learn_one(sample(i), label(i));
  const merged = Model.merge([a, b]);
  assert.equal(merged.is_classifier, true);
  assert.equal(merged.n_learned, 300);
  const weights = (m) => {
    const s = JSON.parse(m.serialize());
    return Object.fromEntries(s.features.map((k, i) => [k, s.state.regressor.weights[i] ?? 0]));
  };
  const [wa, wb, wm] = [weights(a), weights(b), weights(merged)];
  for (const [k, w] of Object.entries(wm)) {
    const want = 0.75 * (wa[k] ?? 0) + 0.25 * (wb[k] ?? 0);
    assert.ok(Math.abs(w - want) <= 1e-12 * Math.max(1, Math.abs(want)), `${k}: ${w} vs ${want}`);
  }
  const p = merged.predict_proba_one(sample(3));
  assert.ok(p > 0 && p < 1, `${p}`);
  assert.equal(merged.predict_one(sample(3)), p > 0.5 ? 1 : 0);
  merged.learn_one(sample(3), true);
  assert.throws(() => merged.learn_one(sample(3), 1700), /label/);
});

// Batches in Node: `learn_many` / `predict_many` over feature objects and `learn_many_dense` /
// `predict_many_dense` over Float64Array rows give bit for bit what looping the single calls
// gives (serialized models compared byte for byte, predictions by their bits), and a batch with
// bad input is refused whole, naming the sample. The batch methods are in `rivulet/full` (the
// lean entry's size budget). Uses the built package (./x build-wasm first).
// The same checks run on the Rust face in Node and Chromium (tests/wasm_scenarios/batch.rs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { PKG } from "./consumer.mjs";

const { default: init, Model } = await import(join(PKG, "full", "node-entry.js"));
await init();

const MODES = ["CLASSIC", "ARAM", "URF"];
const sample = (i) => ({
  [`champ_${i % 13}`]: 1,
  hour: (i * 5) % 24 + 0.25,
  mode: MODES[i % 3],
  ...(i % 4 === 0 ? { [`rare_${i % 40}`]: i % 7 } : {}),
});
const target = (i) => 1500 + ((i * 37) % 400) - (i % 3 === 1 ? 300 : 0);
const bits = (v) => {
  const b = new DataView(new ArrayBuffer(8));
  b.setFloat64(0, v);
  return b.getBigUint64(0);
};

for (const spec of [undefined, { model: { type: "linear", optimizer: { type: "adam" } } },
  { scaler: "maxabs", model: { type: "logistic" } }]) {
  const cls = spec?.model?.type === "logistic";
  const y = (i) => (cls ? target(i) > 1600 : target(i));
  test(`learn_many / predict_many equal looped calls bit for bit (${JSON.stringify(spec)})`, () => {
    const one = new Model(spec);
    const many = new Model(spec);
    // Batches of 50: the first ones bring new keys (slow path), later ones only known keys
    // (fast path); the last one mixes both again.
    for (let start = 0; start < 600; start += 50) {
      const xs = [];
      const ys = [];
      for (let i = start; i < start + 50; i++) {
        const x = start === 550 ? { ...sample(i), [`late_${i}`]: 1 } : sample(i % 200);
        xs.push(x);
        ys.push(y(i));
      }
      const looped = xs.map((x) => one.predict_one(x));
      const batched = many.predict_many(xs);
      assert.ok(batched instanceof Float64Array);
      assert.deepEqual([...batched].map(bits), looped.map(bits), `predictions of batch ${start}`);
      xs.forEach((x, k) => one.learn_one(x, ys[k]));
      many.learn_many(xs, start % 100 === 0 ? Float64Array.from(ys, Number) : ys);
      assert.equal(many.serialize(), one.serialize(), `models after batch ${start}`);
    }
    assert.equal(many.n_learned, 600);
  });
}

test("a batch with bad input throws naming the sample and learns nothing", () => {
  const m = new Model();
  m.learn_many([sample(0), sample(1)], [1800, 1900]);
  const before = m.serialize();
  const xs = Array.from({ length: 8 }, (_, i) => sample(i));
  const ys = xs.map((_, i) => target(i));
  const cases = [
    [xs.map((x, i) => (i === 5 ? { ...x, hour: NaN } : x)), ys, /^sample 5: feature 'hour': is NaN$/],
    [xs, ys.map((v, i) => (i === 3 ? Infinity : v)), /^sample 3: target: must be a finite number/],
    [xs.map((x, i) => (i === 6 ? 42 : x)), ys, /^sample 6: x must be a plain object/],
    // A key new to the model, a number in sample 2, a one-hot key in sample 4.
    [xs.map((x, i) => (i === 2 ? { ...x, "k=v": 1 } : i === 4 ? { ...x, k: "v" } : x)), ys, /^sample 4: .*k=v.*cannot change type/],
    [xs, ys.slice(1), /8 samples but 7 targets/],
    [sample(1), ys, /xs must be an array/],
    [xs, "nope", /ys must be an array or a Float64Array/],
  ];
  for (const [bx, by, re] of cases) {
    assert.throws(() => m.learn_many(bx, by), (e) => e instanceof Error && re.test(e.message), String(re));
    assert.equal(m.serialize(), before, `unchanged after ${re}`);
  }
  assert.throws(() => m.predict_many([sample(1), { "mode=CLASSIC": 1 }]), /sample 1: .*cannot change type/);
});

test("learn_many_dense / predict_many_dense equal learn_dense / predict_dense bit for bit", () => {
  const numeric = ["hour", "gold", "kills"];
  const oneHot = MODES.map((m) => `mode=${m}`);
  const width = numeric.length + oneHot.length;
  const one = new Model();
  const many = new Model();
  assert.equal(one.set_layout(numeric, oneHot), width);
  assert.equal(many.set_layout(numeric, oneHot), width);
  const n = 500;
  const rows = new Float64Array(n * width);
  const ys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = rows.subarray(i * width, (i + 1) * width);
    r.set([(i * 5) % 24, 1000 + ((i * 97) % 5000), i % 9 === 0 ? NaN : i % 11]);
    for (let k = 0; k < 3; k++) r[3 + k] = i % 3 === k ? 1 : NaN;
    ys[i] = target(i);
  }
  for (let i = 0; i < n; i++) one.learn_dense(rows.subarray(i * width, (i + 1) * width), ys[i]);
  many.learn_many_dense(rows.subarray(0, 200 * width), ys.subarray(0, 200));
  many.learn_many_dense(rows.subarray(200 * width), ys.subarray(200));
  assert.equal(many.serialize(), one.serialize());
  const p = many.predict_many_dense(rows.subarray(0, 50 * width));
  for (let i = 0; i < 50; i++) {
    assert.equal(bits(p[i]), bits(one.predict_dense(rows.subarray(i * width, (i + 1) * width))), `row ${i}`);
  }
  const before = many.serialize();
  const bad = rows.slice(0, 10 * width);
  bad[7 * width + 1] = Infinity;
  assert.throws(() => many.learn_many_dense(bad, ys.subarray(0, 10)), /sample 7: feature 'gold': is Infinity$/);
  assert.throws(() => many.learn_many_dense(rows.subarray(0, 10 * width), ys.subarray(0, 9)), /9 targets/);
  assert.throws(() => many.predict_many_dense(rows.subarray(0, width + 1)), /whole rows of 6/);
  assert.equal(many.serialize(), before);
  assert.throws(() => new Model().learn_many_dense(rows, ys), /no layout/);
});

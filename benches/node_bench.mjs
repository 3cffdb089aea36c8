// The wasm package in Node: ns per predict_one + learn_one with object input (and the dense
// Float64Array fast path), over 1,000,000 samples (docs/perf/2026-11-benchmarks.md).
//   node benches/node_bench.mjs                     # synthetic LoL-like stream, 1e6 samples
//   node benches/node_bench.mjs --stream FILE.json  # a stream written by benches/river/speed.py
//        [--spec JSON]                              # prints one JSON line: {ns_per_sample, ...}
//        [--proba]                                  # a classifier: predict_proba_one, boolean y
//        (ns_per_sample: predict_one + learn_one; combined_ns_per_sample: predict_learn_one;
//        learn_many_ns_per_sample / learn_many_dense_ns_per_sample: rivulet/full's batches of
//        1,000, objects and a dense schema of every key in the stream)
// Needs ./x build-wasm (uses pkg/node-entry.js).
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { timeCombined, timeObjects, timeStream } from "./loops.mjs";

const root = resolve(import.meta.dirname, "..");
const { default: init, Model } = await import(resolve(root, "pkg/node-entry.js"));
await init();
// The batch methods are in rivulet/full.
const { Model: FullModel } = await import(resolve(root, "pkg/full/node-entry.js"));
const BATCH = 1000;

const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

function synthetic(n) {
  let s = 42n;
  const rnd = () => {
    s ^= (s << 13n) & 0xffffffffffffffffn;
    s ^= s >> 7n;
    s ^= (s << 17n) & 0xffffffffffffffffn;
    return Number(s % 1000003n);
  };
  const modes = ["CLASSIC", "ARAM", "URF", "CHERRY"];
  const rows = [];
  for (let i = 0; i < n; i++) {
    const x = {};
    for (let t = 0; t < 10; t++) x[`${t < 5 ? "blue" : "red"}_champ_${rnd() % 170}`] = 1;
    x.mode = modes[rnd() % 4];
    x.hour = rnd() % 24;
    x.weekday = rnd() % 7;
    for (let k = 0; k < 6; k++) x[`count_${k}`] = rnd() % 50;
    rows.push([x, 1200 + (rnd() % 1200)]);
  }
  return rows;
}

const proba = args.includes("--proba");

const T0 = process.hrtime.bigint();
const now = () => Number(process.hrtime.bigint() - T0);
function timeDense(spec, rows, total) {
  const model = new Model(spec);
  const numeric = new Set(), onehot = new Set();
  for (const [x] of rows) for (const [k, v] of Object.entries(x)) {
    if (typeof v === "string") onehot.add(`${k}=${v}`); else numeric.add(k);
  }
  const num = [...numeric], hot = [...onehot];
  model.set_layout(num, hot);
  const col = new Map([...num, ...hot].map((k, i) => [k, i]));
  const dense = rows.map(([x, y]) => {
    const d = new Float64Array(col.size).fill(NaN);
    for (const [k, v] of Object.entries(x)) d[col.get(typeof v === "string" ? `${k}=${v}` : k)] = typeof v === "string" ? 1 : v;
    return [d, y];
  });
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < total; i++) {
    const [d, y] = dense[i % dense.length];
    model.predict_dense(d);
    model.learn_dense(d, y);
  }
  return Number(process.hrtime.bigint() - t0) / total;
}

/** A dense schema of every key in `rows` (numbers, then `name=value` one-hot keys). */
function denseRows(rows) {
  const numeric = new Set(), onehot = new Set();
  for (const [x] of rows) for (const [k, v] of Object.entries(x)) {
    if (typeof v === "string") onehot.add(`${k}=${v}`); else numeric.add(k);
  }
  const num = [...numeric], hot = [...onehot];
  const col = new Map([...num, ...hot].map((k, i) => [k, i]));
  const flat = new Float64Array(rows.length * col.size).fill(NaN);
  rows.forEach(([x], i) => {
    for (const [k, v] of Object.entries(x)) {
      flat[i * col.size + col.get(typeof v === "string" ? `${k}=${v}` : k)] = typeof v === "string" ? 1 : v;
    }
  });
  return { num, hot, width: col.size, flat, ys: Float64Array.from(rows, (r) => r[1]) };
}

/** ns per sample of `learn_many` in batches of BATCH objects (batches cut before timing). */
function timeLearnMany(spec, rows) {
  const batches = [];
  for (let i = 0; i < rows.length; i += BATCH) {
    const part = rows.slice(i, i + BATCH);
    batches.push([part.map((r) => r[0]), Float64Array.from(part, (r) => r[1])]);
  }
  const model = new FullModel(spec);
  const t0 = process.hrtime.bigint();
  for (const [xs, ys] of batches) model.learn_many(xs, ys);
  return Number(process.hrtime.bigint() - t0) / rows.length;
}

/**
 * A full dense schema: the stream's targets with FULL_WIDTH numeric columns that every row has
 * (deterministic values), what a user with fixed-schema data hands `learn_many_dense`.
 */
const FULL_WIDTH = 26;
function fullDenseRows(rows) {
  const num = Array.from({ length: FULL_WIDTH }, (_, j) => `f${j}`);
  const flat = new Float64Array(rows.length * FULL_WIDTH);
  for (let i = 0; i < rows.length; i++) {
    for (let j = 0; j < FULL_WIDTH; j++) flat[i * FULL_WIDTH + j] = ((i * 31 + j * 17) % 97) / 10;
  }
  return { num, hot: [], width: FULL_WIDTH, flat, ys: Float64Array.from(rows, (r) => r[1]) };
}

/** ns per sample of `learn_many_dense` in batches of BATCH rows. */
function timeLearnManyDense(spec, d) {
  const model = new FullModel(spec);
  model.set_layout(d.num, d.hot);
  const n = d.ys.length;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i += BATCH) {
    const end = Math.min(n, i + BATCH);
    model.learn_many_dense(d.flat.subarray(i * d.width, end * d.width), d.ys.subarray(i, end));
  }
  return Number(process.hrtime.bigint() - t0) / n;
}

const file = opt("--stream");
if (file) {
  const data = JSON.parse(readFileSync(file, "utf8"));
  const spec = JSON.parse(opt("--spec") ?? "null");
  const rows = data.map((r) => [Object.fromEntries(r.x), r.y]);
  const { ns, combined } = timeStream(Model, spec, rows, proba, now);
  timeLearnMany(spec, rows); // warm-up (the full module's own for...in data)
  const many = timeLearnMany(spec, rows);
  const d = denseRows(rows);
  timeLearnManyDense(spec, d);
  const manyDense = timeLearnManyDense(spec, d);
  const full = fullDenseRows(rows);
  timeLearnManyDense(spec, full);
  const manyDenseFull = timeLearnManyDense(spec, full);
  console.log(JSON.stringify({
    learn_many_dense_full_ns_per_sample: manyDenseFull, dense_full_width: FULL_WIDTH,
    ns_per_sample: ns, combined_ns_per_sample: combined, learn_many_ns_per_sample: many,
    learn_many_dense_ns_per_sample: manyDense, dense_width: d.width, n: rows.length,
  }));
} else {
  const total = Number(opt("--n") ?? 1_000_000);
  const rows = synthetic(20000);
  timeObjects(new Model(), rows, 50000, proba, now); // warm-up
  const ns = timeObjects(new Model(), rows, total, proba, now);
  const nsDense = timeDense(null, rows, total);
  const nsCombined = timeCombined(new Model(), rows, total, now);
  console.log(`wasm in Node ${process.version}, ${total} samples, ~20 features each`);
  console.log(`object input  (predict_one + learn_one): ${ns.toFixed(0)} ns/sample`);
  console.log(`object input  (predict_learn_one): ${nsCombined.toFixed(0)} ns/sample`);
  console.log(`dense input   (predict_dense + learn_dense): ${nsDense.toFixed(0)} ns/sample`);
}

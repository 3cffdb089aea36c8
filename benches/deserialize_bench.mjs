// The wasm package in Node: time to restore a large saved model with Model.deserialize
// (docs/perf/2026-11-size-pass-3.md, step 3: numbers outside learn::json's exact fast path are
// parsed by the JS engine).
//   node benches/deserialize_bench.mjs [FEATURES]    # default 10,000 features
// Prints the saved model's size, how many of its numbers take each path, and ms per deserialize
// (median of 21) for the model as saved and for the same JSON with every fraction rewritten to
// "0.5" (all fast path) or to a 17-digit value (all through JS). Needs ./x build-wasm.
import { resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const { default: init, Model } = await import(resolve(root, "pkg/node-entry.js"));
await init();

const nf = Number(process.argv[2] ?? 10000);
const m = new Model();
for (let i = 0; i < 2 * nf; i++) {
  const x = {};
  for (let k = 0; k < 20; k++) x[`f${(i * 7 + k * 131) % nf}`] = (i % 13) + k;
  m.learn_one(x, i % 97);
}
const saved = m.serialize();
m.free();

const NUMBER = /(?<=[:[,])-?\d[\d.eE+-]*/g;
const fraction = (t) => /[.eE]/.test(t);
// The parser's fast path (Clinger): at most 2^53 as digits, decimal exponent within ±22.
const fast = (t) => {
  const [, int, frac = "", exp = "0"] = t.match(/^-?(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/);
  const e = Number(exp) - frac.length;
  return BigInt(int + frac) <= 2n ** 53n && e >= -22 && e <= 22;
};
const nums = saved.match(NUMBER).filter(fraction);
const nFast = nums.filter(fast).length;

function median(text) {
  const times = [];
  for (let r = 0; r < 21; r++) {
    const t0 = performance.now();
    Model.deserialize(text).free();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[10];
}

console.log(
  `saved model: ${nf} features, ${saved.length} bytes, ${nums.length} fractional numbers ` +
    `(${nFast} within the fast path, ${nums.length - nFast} through JS)`,
);
for (const [name, text] of [
  ["as saved", saved],
  ["every fraction 0.5 (all fast path)", saved.replace(NUMBER, (t) => (fraction(t) ? "0.5" : t))],
  [
    "every fraction 17 digits (all through JS)",
    saved.replace(NUMBER, (t) => (fraction(t) ? "0.30000000000000004" : t)),
  ],
]) {
  console.log(`deserialize, ${name}: ${median(text).toFixed(2)} ms`);
}

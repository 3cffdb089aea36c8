// Odd and hostile arguments to every method of `Model` (rivulet/full, in Node, then through the
// web entry in Chromium, Firefox and WebKit; the calls are in hostile_cases.mjs): each call
// either works or throws an `Error` saying what is wrong, the model is unchanged by a call that
// threw, and it stays usable. A JS exception that crossed the wasm frames while a method held
// the model (a `null` where a Float64Array goes, a Proxy whose traps throw, a `length` getter
// that throws) used to leave it borrowed for good: every later call threw "recursive use of an
// object detected", and the learned model could not even be saved. Uses the built package
// (./x build-wasm first).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PKG } from "./consumer.mjs";
import { BROWSERS, engineMissing, filesUnder, runPage } from "../e2e/engines.mjs";
import { hostile, hostileMatrix, LyingLength, ThrowingLength } from "./hostile_cases.mjs";

const { default: init, Model } = await import(join(PKG, "full", "node-entry.js"));
await init();

test("odd and hostile arguments: a clear Error or a result; a model that threw is unchanged and usable", () => {
  const { threw, failures } = hostileMatrix(Model);
  assert.deepEqual(failures, []);
  assert.ok(threw > 160, `most of these calls refuse their argument (${threw} did)`);
});

// The same calls through the web entry's glue, which differs from Node's in how a method's result
// and error come back (scripts/without_multivalue.mjs), in each engine.
for (const engine of BROWSERS) {
  const skip = engineMissing(engine);
  test(`the same in ${engine}, through the web entry`, { skip: skip || false, timeout: 120_000 }, async () => {
    const routes = {
      ...filesUnder(join(PKG, "full", "web"), "/web"),
      "/hostile_cases.mjs": readFileSync(join(import.meta.dirname, "hostile_cases.mjs")),
    };
    const page = `<!doctype html><html><body><script type="module">
import init, { Model } from "/web/rivulet.js";
import { hostileMatrix } from "/hostile_cases.mjs";
try {
  await init();
  document.body.dataset.result = JSON.stringify(hostileMatrix(Model));
} catch (e) {
  document.body.dataset.result = JSON.stringify({ error: String(e && e.stack || e) });
}
</script></body></html>`;
    const { result, browser } = await runPage(engine, page, routes);
    assert.equal(result.error, undefined, `${browser}: ${result.error}`);
    assert.deepEqual(result.failures, [], browser);
    assert.ok(result.threw > 160, `${browser}: most of these calls refuse their argument (${result.threw} did)`);
  });
}

test("the dense methods say which argument is not a Float64Array", () => {
  const m = new Model();
  m.set_layout(["hour"], []);
  assert.throws(() => m.predict_dense(null), /^Error: values must be a Float64Array$/);
  assert.throws(() => m.learn_dense(hostile(new Float64Array(1)), 1), /values must be a Float64Array/);
  assert.throws(() => m.learn_many_dense(new Float64Array(1), [1]), /ys must be a Float64Array/);
  assert.throws(() => m.predict_many_dense(new Int32Array(1)), /rows must be a Float64Array/);
  assert.throws(() => m.learn_many(hostile([{ hour: 1 }]), [1]), /xs must be an array of feature objects/);
  // A subclass is a Float64Array: its data count, whatever its `length` getter says.
  m.learn_dense(new LyingLength([2]), 1800);
  assert.equal(m.n_learned, 1);
  assert.equal(m.predict_dense(new ThrowingLength([2])), m.predict_dense(new Float64Array([2])));
});

test("top_weights takes a whole number of weights: -1 is refused, not wrapped to all of them", () => {
  const m = new Model();
  for (let i = 0; i < 5; i++) m.learn_one({ hour: i, gold: 10 * i, mode: i % 2 ? "ARAM" : "CLASSIC" }, 1500 + i);
  assert.equal(m.top_weights(2).length, 2);
  assert.equal(m.top_weights(0).length, 0);
  for (const k of [-1, 2.5, NaN, Infinity]) {
    assert.throws(() => m.top_weights(k), /^Error: top_weights: k must be a whole number of weights, 0 or more$/, `top_weights(${k})`);
  }
});

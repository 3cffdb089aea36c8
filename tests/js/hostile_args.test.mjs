// Odd and hostile arguments to every method of `Model` (rivulet/full, in Node): each call
// either works or throws an `Error` saying what is wrong, the model is unchanged by a call that
// threw, and it stays usable. A JS exception that crossed the wasm frames while a method held
// the model (a `null` where a Float64Array goes, a Proxy whose traps throw, a `length` getter
// that throws) used to leave it borrowed for good: every later call threw "recursive use of an
// object detected", and the learned model could not even be saved. Uses the built package
// (./x build-wasm first).
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { PKG } from "./consumer.mjs";

const { default: init, Model } = await import(join(PKG, "full", "node-entry.js"));
await init();

const trap = () => {
  throw new Error("trap");
};
/** A Proxy of `target` whose every trap throws. */
const hostile = (target) =>
  new Proxy(target, { get: trap, has: trap, ownKeys: trap, getPrototypeOf: trap, getOwnPropertyDescriptor: trap });
class LyingLength extends Float64Array {
  get length() {
    return 1e9;
  }
}
class ThrowingLength extends Float64Array {
  get length() {
    throw new Error("length getter");
  }
}
const ODD = {
  null: null,
  undefined: undefined,
  NaN: NaN,
  string: "1,2",
  "plain object": {},
  "array of numbers": [1, 2],
  "Proxy of an array": hostile([{ hour: 1 }]),
  "Proxy of an object": hostile({ hour: 1 }),
  "Proxy of a Float64Array": hostile(new Float64Array(2)),
  "throwing length getter": { get length() { throw new Error("length"); } },
  "Float64Array subclass with a lying length": new LyingLength(2),
  "Float64Array subclass whose length throws": new ThrowingLength(2),
  "Int32Array": new Int32Array(2),
  symbol: Symbol("x"),
  bigint: 3n,
};
const CALLS = {
  learn_one: (m, a) => m.learn_one(a, 1),
  "learn_one (target)": (m, a) => m.learn_one({ hour: 1 }, a),
  predict_one: (m, a) => m.predict_one(a),
  predict_learn_one: (m, a) => m.predict_learn_one(a, 1),
  learn_many: (m, a) => m.learn_many(a, [1]),
  "learn_many (an element)": (m, a) => m.learn_many([a], [1]),
  "learn_many (targets)": (m, a) => m.learn_many([{ hour: 1 }], a),
  predict_many: (m, a) => m.predict_many(a),
  set_layout: (m, a) => m.set_layout(a, []),
  predict_dense: (m, a) => m.predict_dense(a),
  learn_dense: (m, a) => m.learn_dense(a, 1),
  "learn_dense (target)": (m, a) => m.learn_dense(new Float64Array(2), a),
  learn_many_dense: (m, a) => m.learn_many_dense(a, new Float64Array(1)),
  "learn_many_dense (targets)": (m, a) => m.learn_many_dense(new Float64Array(2), a),
  predict_many_dense: (m, a) => m.predict_many_dense(a),
  explain_one: (m, a) => m.explain_one(a),
  top_weights: (m, a) => m.top_weights(a),
  merge: (m, a) => Model.merge([m, a]),
  "merge (the list)": (m, a) => Model.merge(a),
};

test("odd and hostile arguments: a clear Error or a result; a model that threw is unchanged and usable", () => {
  let threw = 0;
  for (const [callName, call] of Object.entries(CALLS)) {
    for (const [argName, arg] of Object.entries(ODD)) {
      const m = new Model();
      for (let i = 0; i < 5; i++) m.learn_one({ hour: i, mode: i % 2 ? "ARAM" : "CLASSIC" }, 1500 + i);
      m.set_layout(["hour", "gold"], []);
      const before = m.serialize();
      const what = `${callName}(${argName})`;
      try {
        call(m, arg);
      } catch (e) {
        threw++;
        assert.ok(e instanceof Error, `${what} threw a non-Error: ${e}`);
        assert.ok(!(e instanceof WebAssembly.RuntimeError), `${what} aborted the module: ${e.message}`);
        assert.doesNotMatch(e.message, /recursive use|borrowed/, what);
        assert.equal(m.serialize(), before, `${what} threw and changed the model`);
      }
      // Usable afterwards: it predicts, learns and saves.
      assert.ok(Number.isFinite(m.predict_one({ hour: 2 })), what);
      const n = m.n_learned;
      m.learn_one({ hour: 3 }, 1600);
      m.predict_dense(new Float64Array([3, 1000]));
      assert.equal(Model.deserialize(m.serialize()).n_learned, n + 1, what);
      m.free();
    }
  }
  assert.ok(threw > 160, `most of these calls refuse their argument (${threw} did)`);
});

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

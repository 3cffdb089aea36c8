// The odd and hostile arguments of tests/js/hostile_args.test.mjs, as a plain module that runs
// in Node and in a browser page alike (no node: imports): every method of rivulet/full's `Model`
// called with each argument. `hostileMatrix(Model)` makes each call on a fresh trained model and
// returns `{ threw, failures }`: a failure is a call that threw something other than an `Error`,
// aborted the module, left the model borrowed, changed a model it threw for, or left a model
// that cannot predict, learn and save afterwards.
const trap = () => {
  throw new Error("trap");
};
/** A Proxy of `target` whose every trap throws. */
export const hostile = (target) =>
  new Proxy(target, { get: trap, has: trap, ownKeys: trap, getPrototypeOf: trap, getOwnPropertyDescriptor: trap });
export class LyingLength extends Float64Array {
  get length() {
    return 1e9;
  }
}
export class ThrowingLength extends Float64Array {
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
const calls = (Model) => ({
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
});

export function hostileMatrix(Model) {
  let threw = 0;
  const failures = [];
  for (const [callName, call] of Object.entries(calls(Model))) {
    for (const [argName, arg] of Object.entries(ODD)) {
      const what = `${callName}(${argName})`;
      const m = new Model();
      for (let i = 0; i < 5; i++) m.learn_one({ hour: i, mode: i % 2 ? "ARAM" : "CLASSIC" }, 1500 + i);
      m.set_layout(["hour", "gold"], []);
      const before = m.serialize();
      try {
        call(m, arg);
      } catch (e) {
        threw++;
        if (!(e instanceof Error)) failures.push(`${what} threw a non-Error: ${String(e)}`);
        else if (e instanceof WebAssembly.RuntimeError) failures.push(`${what} aborted the module: ${e.message}`);
        else if (/recursive use|borrowed/.test(e.message)) failures.push(`${what}: ${e.message}`);
        else if (m.serialize() !== before) failures.push(`${what} threw and changed the model`);
      }
      // Usable afterwards: it predicts, learns and saves.
      try {
        if (!Number.isFinite(m.predict_one({ hour: 2 }))) failures.push(`${what}: no prediction afterwards`);
        const n = m.n_learned;
        m.learn_one({ hour: 3 }, 1600);
        m.predict_dense(new Float64Array([3, 1000]));
        if (Model.deserialize(m.serialize()).n_learned !== n + 1) failures.push(`${what}: did not learn afterwards`);
        m.free();
      } catch (e) {
        failures.push(`${what}: unusable afterwards: ${e && e.message}`);
      }
    }
  }
  return { threw, failures };
}

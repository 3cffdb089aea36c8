// The object fast path compares each key and value of x with the ones the previous successful
// call wrote at that position, and looks nothing up while they agree (src/wasm/model.rs,
// `rv_encode`): `learn_one(x, y)` right after `predict_one(x)` costs a walk, not a walk plus
// lookups. Whatever the caller does to x in between, the model must learn exactly what it
// would learn from a fresh object with x's current own keys: each case runs `predict_one(x)`, a
// change, `learn_one(x, y)` on one model, and the same on a reference model that only ever sees
// fresh copies (fresh objects, other calls in between), then compares the serialized models
// byte for byte.
// Uses the built package directly (./x build-wasm first).
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { PKG } from "./consumer.mjs";

const { default: init, Model } = await import(join(PKG, "node-entry.js"));
await init();

const MODES = ["CLASSIC", "ARAM", "URF"];
/** Sample i: champions, a mode, numbers (some 0), every key known after the warm-up. */
const sample = (i) => ({
  [`champ_${i % 7}`]: 1,
  [`champ_${(i * 3 + 1) % 7 + 7}`]: 1,
  mode: MODES[i % 3],
  hour: (i * 5) % 24,
  zero: 0,
  count: (i * 7) % 11,
});
const target = (i) => 1500 + ((i * 37) % 400);
/** Own enumerable keys and values of x, as a fresh plain object (what the slow path reads). */
const copy = (x) => Object.fromEntries(Object.keys(x).map((k) => [k, x[k]]));

/** The reference: each call gets a fresh copy of x and follows a prediction on an unrelated
 * object with other keys, so no walk of it can reuse the previous one's pairs. */
function reference() {
  const ref = new Model();
  const noise = { unrelated_a: 1, unrelated_b: "z" };
  const wrap = (f) => (x, ...rest) => {
    ref.predict_one(noise);
    return f.call(ref, copy(x), ...rest);
  };
  return {
    predict_one: wrap(ref.predict_one),
    learn_one: wrap(ref.learn_one),
    serialize: () => ref.serialize(),
  };
}

/** Two models trained on the same warm-up: `m` (the one under test) and `ref`. */
function pair() {
  const m = new Model(), ref = reference();
  for (let i = 0; i < 40; i++) {
    const x = sample(i);
    m.predict_one(x);
    m.learn_one(x, target(i));
    ref.predict_one(copy(x));
    ref.learn_one(copy(x), target(i));
  }
  assert.equal(m.serialize(), ref.serialize());
  return { m, ref };
}

/** predict(x) → change(x) → learn(x, y) on m; the same through fresh copies on ref. */
function check(name, change, { x = sample(3), expectNew = false } = {}) {
  const { m, ref } = pair();
  const p = m.predict_one(x);
  assert.equal(p, ref.predict_one(copy(x)), `${name}: prediction`);
  const nf = m.n_features;
  change(x);
  const seen = copy(x);
  m.learn_one(x, 1777);
  ref.learn_one(seen, 1777);
  assert.equal(m.serialize(), ref.serialize(), `${name}: learned state`);
  if (expectNew) assert.ok(m.n_features > nf, `${name}: the new key was learned`);
  // And the next sample goes on as usual.
  const z = sample(11);
  assert.equal(m.predict_one(z), ref.predict_one(copy(z)), `${name}: next prediction`);
}

test("learn_one after predict_one on an unchanged object learns the same", () => {
  check("unchanged", () => {});
});

test("a changed value between predict_one and learn_one is learned", () => {
  check("number", (x) => { x.hour = x.hour + 3; });
  check("number to another known key's value", (x) => { x.count = x.hour; });
  check("0 to -0", (x) => { x.zero = -0; });
  check("categorical to another known value", (x) => { x.mode = x.mode === "ARAM" ? "URF" : "ARAM"; });
  check("categorical to a new value", (x) => { x.mode = "CHERRY"; }, { expectNew: true });
  check("number to a string", (x) => { x.count = "many"; }, { expectNew: true });
  check("last key changed", (x) => { x.count = 99; });
});

test("added, removed and reordered keys between predict_one and learn_one are learned", () => {
  check("known key added", (x) => { x.champ_5 = 1; }, { x: { champ_1: 1, hour: 3, mode: "URF" } });
  check("new key added", (x) => { x.brand_new = 4; }, { expectNew: true });
  check("key removed (first)", (x) => { delete x[Object.keys(x)[0]]; });
  check("key removed (last)", (x) => { delete x.count; });
  check("reordered", (x) => { const h = x.hour; delete x.hour; x.hour = h; });
  check("removed then added back with another value", (x) => { delete x.zero; x.zero = 2; });
});

test("a getter is read once per call and its current value is learned", () => {
  const { m, ref } = pair();
  let reads = 0;
  const x = { champ_2: 1, mode: "ARAM", get hour() { reads += 1; return reads * 2; }, count: 4 };
  const p = m.predict_one(x);
  assert.equal(reads, 1);
  assert.equal(p, ref.predict_one({ champ_2: 1, mode: "ARAM", hour: 2, count: 4 }));
  m.learn_one(x, 1900);
  assert.equal(reads, 2, "learn_one reads the getter once");
  ref.learn_one({ champ_2: 1, mode: "ARAM", hour: 4, count: 4 }, 1900);
  assert.equal(m.serialize(), ref.serialize());
  // A getter returning the same value every time: learned as that value.
  const same = { champ_2: 1, get hour() { return 7; } };
  m.predict_one(same);
  m.learn_one(same, 1800);
  ref.learn_one({ champ_2: 1, hour: 7 }, 1800);
  assert.equal(m.serialize(), ref.serialize());
});

test("another object, another sample in between, or another model in between", () => {
  const { m, ref } = pair();
  // A different object with the same keys and other values.
  const a = sample(4), b = { ...sample(4), hour: 23, mode: "URF" };
  m.predict_one(a);
  m.learn_one(b, 1600);
  ref.learn_one(copy(b), 1600);
  assert.equal(m.serialize(), ref.serialize(), "other object");
  // predict(a), predict(c), learn(a) after a was changed.
  const c = sample(5);
  m.predict_one(a);
  m.predict_one(c);
  a.count = 10;
  m.learn_one(a, 1650);
  ref.learn_one(copy(a), 1650);
  assert.equal(m.serialize(), ref.serialize(), "sample in between");
  // predict on one model, then the object is changed and learned by another model first.
  const other = new Model();
  const d = sample(6);
  m.predict_one(d);
  d.hour = 1;
  other.learn_one(d, 1500);
  d.hour = 2;
  m.learn_one(d, 1700);
  ref.learn_one(copy(d), 1700);
  assert.equal(m.serialize(), ref.serialize(), "another model");
  // learn_one twice on the same object (the second changed in between).
  m.learn_one(d, 1710);
  d.count = 3;
  m.learn_one(d, 1720);
  ref.learn_one(copy({ ...d, count: sample(6).count }), 1710);
  ref.learn_one(copy(d), 1720);
  assert.equal(m.serialize(), ref.serialize(), "learn twice");
});

test("prototype changes between predict_one and learn_one: only own keys are learned", () => {
  // An own key moved to a prototype: for...in would still list it, Object.keys does not.
  check("key moved to the prototype", (x) => {
    const c = x.count;
    delete x.count;
    Object.setPrototypeOf(x, { count: c });
  });
  check("prototype set to null", (x) => { Object.setPrototypeOf(x, null); });
  // Object.prototype polluted in between (the key is known to the model).
  const { m, ref } = pair();
  const x = sample(8);
  delete x.count;
  m.predict_one(x);
  Object.prototype.count = 9;
  let r;
  try {
    m.learn_one(x, 1750);
    r = copy(x);
  } finally {
    delete Object.prototype.count;
  }
  ref.learn_one(r, 1750);
  assert.equal(m.serialize(), ref.serialize());
});

test("bad input between predict_one and learn_one throws the slow path's error and changes nothing", () => {
  const { m } = pair();
  const x = sample(9);
  m.predict_one(x);
  const before = m.serialize();
  x.hour = NaN;
  assert.throws(() => m.learn_one(x, 1800), /hour/);
  x.hour = 3;
  x.mode = null;
  assert.throws(() => m.learn_one(x, 1800), /mode/);
  x.mode = "ARAM";
  assert.throws(() => m.learn_one(x, NaN), /target/);
  assert.throws(() => m.learn_one(x, "1800"), /target/);
  assert.throws(() => m.learn_one(x, Infinity), /target/);
  Object.defineProperty(x, "count", { get() { throw new Error("boom"); }, enumerable: true });
  assert.throws(() => m.learn_one(x, 1800), /count|boom/);
  assert.equal(m.serialize(), before);
});

test("a getter that grows wasm memory during the re-walk changes nothing in what is learned", () => {
  const { m, ref } = pair();
  let grew = false;
  const x = {
    get champ_1() {
      if (grew) return 1;
      grew = true;
      const other = new Model();
      for (let i = 0; i < 500; i++) {
        const z = {};
        for (let k = 0; k < 100; k++) z[`k${i}_${k}`] = k;
        other.learn_one(z, i);
      }
      other.free();
      return 1;
    },
    hour: 5,
    mode: "URF",
  };
  grew = true; // predict without growing
  m.predict_one(x);
  ref.predict_one({ champ_1: 1, hour: 5, mode: "URF" });
  grew = false; // the re-walk grows memory on its first key; the later keys are changed
  x.hour = 6;
  x.mode = "ARAM";
  m.learn_one(x, 1990);
  ref.learn_one({ champ_1: 1, hour: 6, mode: "ARAM" }, 1990);
  assert.equal(m.serialize(), ref.serialize());
});

test("a failed call in between: what it wrote is not taken for the earlier sample's pairs", () => {
  const { m, ref } = pair();
  const a = { champ_1: 1, hour: 5, count: 2, mode: "URF" };
  m.predict_one(a);
  ref.predict_one(a);
  // Same keys as a; the first value differs (so its pair is written), the second is bad.
  const c = { champ_1: 1, hour: 9, count: NaN, mode: "URF" };
  assert.throws(() => m.learn_one(c, 1800), /count/);
  // c's first pairs with a's last ones: every key and value now equals what was written last.
  const d = { champ_1: 1, hour: 9, count: 2, mode: "URF" };
  m.learn_one(d, 1800);
  ref.learn_one(d, 1800);
  assert.equal(m.serialize(), ref.serialize());
});

test("a Proxy whose traps throw gets an Error, and the model stays usable", () => {
  const { m, ref } = pair();
  const before = m.serialize();
  const boom = () => { throw new Error("trap"); };
  const revocable = Proxy.revocable({ hour: 1 }, {});
  revocable.revoke();
  const hostile = [
    new Proxy({ hour: 1 }, { ownKeys: boom }),
    new Proxy({ hour: 1 }, { get: boom }),
    new Proxy({ hour: 1 }, { getOwnPropertyDescriptor: boom }),
    revocable.proxy,
  ];
  for (const [i, x] of hostile.entries()) {
    assert.throws(() => m.predict_one(x), Error, `predict_one, proxy ${i}`);
    assert.throws(() => m.learn_one(x, 1800), Error, `learn_one, proxy ${i}`);
    assert.throws(() => m.predict_learn_one(x, 1800), Error, `predict_learn_one, proxy ${i}`);
  }
  assert.equal(m.serialize(), before);
  // Object.keys does not ask for the prototype: this one is read like { hour: 1 }.
  const noProto = new Proxy({ hour: 1 }, { getPrototypeOf: boom });
  assert.equal(m.predict_one(noProto), ref.predict_one({ hour: 1 }));
  m.learn_one(noProto, 1801);
  ref.learn_one({ hour: 1 }, 1801);
  assert.equal(m.serialize(), ref.serialize());
  // Still usable: learns and predicts as a model that never saw them.
  const x = sample(12);
  assert.equal(m.predict_one(x), ref.predict_one(x));
  m.learn_one(x, 1811);
  ref.learn_one(x, 1811);
  assert.equal(m.serialize(), ref.serialize());
  // A well-behaved Proxy of a plain object is read like the object.
  const p = new Proxy(sample(13), {});
  m.learn_one(p, 1822);
  ref.learn_one(sample(13), 1822);
  assert.equal(m.serialize(), ref.serialize());
});

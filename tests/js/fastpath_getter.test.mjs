// The object fast path against a hostile input: a getter that makes wasm memory grow while the
// object is being read (here by training another model on many new keys). The view the fast path
// writes through is then detached; the sample must still be learned exactly as from a plain
// object. Uses the built package directly (./x build-wasm first).
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { PKG } from "./consumer.mjs";

const { default: init, Model } = await import(join(PKG, "node-entry.js"));
await init();

test("a getter that grows wasm memory mid-read changes nothing in what is learned", () => {
  // The warm-up samples differ from the tested one in every value, so that slots left over from
  // them cannot pass for the tested sample's.
  const plain = (b) => ({ a: b + 1, b, mode: "ARAM" });
  const withGetter = (grow, b) => {
    let grew = false;
    return {
      a: b + 1,
      get b() {
        if (grow && !grew) {
          grew = true;
          const other = new Model();
          // ~50k new keys: the vocabulary and weights need more wasm memory.
          for (let i = 0; i < 500; i++) {
            const x = {};
            for (let k = 0; k < 100; k++) x[`k${i}_${k}`] = k;
            other.learn_one(x, i);
          }
          other.free();
        }
        return b;
      },
      mode: "ARAM",
    };
  };
  const reference = new Model();
  const model = new Model();
  // First samples take the slow path and fill the key cache; later ones take the fast path.
  for (let i = 0; i < 3; i++) {
    reference.learn_one(plain(10 + i), 1000 + i);
    model.learn_one(withGetter(false, 10 + i), 1000 + i);
  }
  const before = model.serialize();
  assert.equal(before, reference.serialize());
  reference.learn_one(plain(2), 2000);
  model.learn_one(withGetter(true, 2), 2000);
  assert.equal(model.serialize(), reference.serialize());
  assert.equal(model.predict_one(withGetter(true, 3)), reference.predict_one(plain(3)));
});

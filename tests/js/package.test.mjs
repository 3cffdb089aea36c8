// The npm package as a user gets it: `npm pack` the generated pkg/, install the tarball into a
// scratch consumer project, and run the README's code in Node. Needs `./x build-wasm` first
// (./x test builds it before this stage).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { writeFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { consumerWithPackage } from "./consumer.mjs";

test("npm pack → install → import init, { Model } from 'rivulet' works in Node", (t) => {
  const { dir, info } = consumerWithPackage(t, "consumer");
  const files = info.files.map((f) => f.path);
  for (const f of ["package.json", "web/rivulet.js", "web/rivulet_bg.wasm", "web/rivulet.d.ts",
    "node/rivulet.js", "node/rivulet_bg.wasm", "node-entry.js", "node-entry.d.ts", "README.md",
    "full/web/rivulet.js", "full/web/rivulet_bg.wasm", "full/web/rivulet.d.ts",
    "full/node/rivulet.js", "full/node/rivulet_bg.wasm", "full/node-entry.js", "full/node-entry.d.ts"]) {
    assert.ok(files.includes(f), `the tarball holds ${f}`);
  }
  const manifest = JSON.parse(readFileSync(join(dir, "node_modules/rivulet/package.json"), "utf8"));
  assert.equal(manifest.name, "rivulet");
  assert.equal(manifest.type, "module");
  assert.ok(manifest.exports["."].node && manifest.exports["."].default && manifest.types);
  assert.ok(manifest.exports["./full"].node && manifest.exports["./full"].default);
  const dts = readFileSync(join(dir, "node_modules/rivulet/web/rivulet.d.ts"), "utf8");
  assert.match(dts, /export type Features = Record<string, number \| string>/);
  assert.match(dts, /export interface ModelSpec/);
  assert.match(dts, /predict_one\(x: Features\): number/);

  writeFileSync(join(dir, "main.mjs"), `
    const store = new Map();
    globalThis.localStorage ??= { setItem: (k, v) => store.set(k, String(v)), getItem: (k) => store.get(k) ?? null };
    import init, { Model } from "rivulet";
    await init();
    const model = new Model({ /* a pipeline spec, or nothing for a sensible default */ });
    const y0 = model.predict_one({ blue_champ_157: 1, hour: 21.5, mode: "ARAM" });
    model.learn_one({ blue_champ_157: 1, hour: 21.5, mode: "ARAM" }, 1834);
    model.learn_one({ blue_champ_157: 1, hour: 20.0, mode: "CLASSIC" }, 2100);
    localStorage.setItem("model", model.serialize());
    const same = Model.deserialize(localStorage.getItem("model"));
    let message = "";
    try { same.learn_one({ hour: NaN }, 1); } catch (e) { message = e instanceof Error ? e.message : "not an Error"; }
    console.log(JSON.stringify({
      y0,
      y: model.predict_one({ hour: 21.5, mode: "ARAM" }),
      ySame: same.predict_one({ hour: 21.5, mode: "ARAM" }),
      identical: same.serialize() === model.serialize(),
      n: same.n_learned,
      message,
      def: new Model().spec(),
    }));
  `);
  const res = JSON.parse(execFileSync("node", ["main.mjs"], { cwd: dir, encoding: "utf8" }));
  assert.equal(res.y0, 0);
  assert.ok(Number.isFinite(res.y) && res.y > 1000, `prediction ${res.y}`);
  assert.equal(res.y, res.ySame);
  assert.equal(res.identical, true);
  assert.equal(res.n, 2);
  assert.match(res.message, /hour/);
  assert.equal(res.def.scaler, "standard");
  assert.equal(res.def.target_scaler, true);
});

test("the lean entry refuses FM and AMF naming rivulet/full; rivulet/full learns with them", (t) => {
  const { dir } = consumerWithPackage(t, "consumer-full");
  const dts = readFileSync(join(dir, "node_modules/rivulet/full/web/rivulet.d.ts"), "utf8");
  assert.match(dts, /export interface ModelSpec/);
  writeFileSync(join(dir, "main.mjs"), `
    import init, { Model } from "rivulet";
    import initFull, { Model as FullModel } from "rivulet/full";
    await init();
    await initFull();
    const refused = {};
    for (const type of ["fm", "amf"]) {
      try { new Model({ model: { type } }); refused[type] = "accepted"; }
      catch (e) { refused[type] = e instanceof Error ? e.message : "not an Error"; }
    }
    const out = { refused };
    for (const [type, extra] of [["fm", { n_factors: 4, seed: 1 }], ["amf", { n_estimators: 3, seed: 1 }]]) {
      const m = new FullModel({ model: { type, ...extra } });
      // Dense numeric input (AMF needs absent features as zeros).
      for (let i = 0; i < 60; i++) m.learn_one({ hour: i % 24, aram: i % 2 }, i % 2 ? 1100 : 1900);
      const same = FullModel.deserialize(m.serialize());
      out[type] = {
        spec: m.spec().model.type,
        n: same.n_learned,
        aram: same.predict_one({ hour: 5, aram: 1 }),
        classic: same.predict_one({ hour: 5, aram: 0 }),
        identical: same.serialize() === m.serialize(),
      };
    }
    // A model saved by the full entry with a linear spec loads in the lean one.
    const lin = new FullModel();
    lin.learn_one({ hour: 3 }, 2000);
    out.crossLoad = Model.deserialize(lin.serialize()).serialize() === lin.serialize();
    console.log(JSON.stringify(out));
  `);
  const res = JSON.parse(execFileSync("node", ["main.mjs"], { cwd: dir, encoding: "utf8" }));
  for (const type of ["fm", "amf"]) {
    assert.match(res.refused[type], new RegExp(`model type \`${type}\` is not in this build`));
    assert.match(res.refused[type], /rivulet\/full/);
    const r = res[type];
    assert.equal(r.spec, type);
    assert.equal(r.n, 60);
    assert.equal(r.identical, true);
    assert.ok(Number.isFinite(r.aram) && Number.isFinite(r.classic), JSON.stringify(r));
    assert.ok(r.classic - r.aram > 100, `${type}: CLASSIC ${r.classic} vs ARAM ${r.aram}`);
  }
  assert.equal(res.crossLoad, true);
});

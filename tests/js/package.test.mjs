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
    "node/rivulet.js", "node/rivulet_bg.wasm", "node-entry.js", "node-entry.d.ts", "README.md"]) {
    assert.ok(files.includes(f), `the tarball holds ${f}`);
  }
  const manifest = JSON.parse(readFileSync(join(dir, "node_modules/rivulet/package.json"), "utf8"));
  assert.equal(manifest.name, "rivulet");
  assert.equal(manifest.type, "module");
  assert.ok(manifest.exports["."].node && manifest.exports["."].default && manifest.types);
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

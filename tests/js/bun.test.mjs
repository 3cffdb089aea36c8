// The packed package in Bun (JavaScriptCore), from a consumer project: the `bun` export condition
// picks the web build (results through wasm memory, which JavaScriptCore hands back faster than
// multi-value returns: docs/perf/2026-12-05-firefox.md), `await init()` loads its `.wasm`, and
// both entries learn, predict, throw clear errors and round-trip. Bun comes from the npm
// registry as an optional dev dependency (Linux x64); elsewhere this test skips, in CI it fails.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, consumerWithPackage } from "./consumer.mjs";

const BUN = join(ROOT, "node_modules/@oven/bun-linux-x64/bin/bun");
const missing = existsSync(BUN) ? false : `${BUN} is missing (npm ci installs it on Linux x64)`;
if (missing && process.env.CI) throw new Error(`Bun is needed in CI: ${missing}`);
if (missing) console.log(`# skipping the Bun test: ${missing}`);

const SCRIPT = `
import init, { Model } from "rivulet";
import initFull, { Model as FullModel } from "rivulet/full";
await init();
await initFull();
const m = new Model();
for (let i = 0; i < 50; i++) m.learn_one({ hour: i % 24, mode: i % 2 ? "ARAM" : "CLASSIC" }, i % 2 ? 1100 : 1900);
let message = "";
try { m.learn_one({ hour: NaN }, 1); } catch (e) { message = e.message; }
m.learn_one({ hour: 1, mode: "ARAM" }, 1200);
const again = Model.deserialize(m.serialize());
const fm = new FullModel({ model: { type: "fm", seed: 1 } });
for (let i = 0; i < 20; i++) fm.learn_one({ hour: i % 4 }, 1500 + i);
console.log(JSON.stringify({
  resolved: [import.meta.resolve("rivulet"), import.meta.resolve("rivulet/full")],
  n: m.n_learned, same: again.serialize() === m.serialize(),
  aram: again.predict_one({ hour: 21, mode: "ARAM" }), classic: again.predict_one({ hour: 21, mode: "CLASSIC" }),
  message, fm: fm.n_learned,
}));
`;

test("the package in Bun: the web build through the bun condition; it learns, throws, round-trips", { skip: missing, timeout: 120_000 }, (t) => {
  const { dir } = consumerWithPackage(t, "bun");
  writeFileSync(join(dir, "main.mjs"), SCRIPT);
  const out = execFileSync(BUN, ["main.mjs"], { cwd: dir, encoding: "utf8" });
  const r = JSON.parse(out.trim().split("\n").pop());
  assert.match(r.resolved[0], /node_modules\/rivulet\/web\/rivulet\.js$/);
  assert.match(r.resolved[1], /node_modules\/rivulet\/full\/web\/rivulet\.js$/);
  assert.equal(r.message, "feature 'hour': is NaN");
  assert.equal(r.n, 51, "the model learns on after the refused sample");
  assert.equal(r.same, true);
  assert.ok(r.classic - r.aram > 200, `CLASSIC ${r.classic} vs ARAM ${r.aram}`);
  assert.equal(r.fm, 20);
});

// Models that are never `free()`d must not leak: wasm-bindgen registers each `Model` with a
// FinalizationRegistry that frees its wasm memory once the JS object is garbage collected.
// A child Node (`--expose-gc`) creates 10,000 models, each learning a few samples, and drops
// them; the module's linear memory (`wasm_memory_bytes()`, which only grows) must stay within a
// few MiB, where the same run keeping every model alive grows by much more (so the check would
// see a leak). Uses the built package (./x build-wasm first).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { PKG } from "./consumer.mjs";

const SCRIPT = `
const { default: init, Model, wasm_memory_bytes } = await import(process.argv[3]);
await init();
const keep = process.argv[2] === "keep";
const kept = [];
const sample = (i) => ({ hour: i % 24, ["champ_" + (i % 50)]: 1, mode: "ARAM", gold: i * 3 });
const settle = async () => { globalThis.gc(); await new Promise((r) => setTimeout(r, 5)); };
new Model().learn_one(sample(0), 1); // the module's first allocations
await settle();
const base = wasm_memory_bytes();
for (let i = 0; i < 10000; i++) {
  const m = new Model();
  for (let k = 0; k < 5; k++) m.learn_one(sample(i + k), 1800 + k);
  if (keep) kept.push(m);
  if (i % 250 === 249) await settle();
}
await settle();
await settle();
console.log(JSON.stringify({ grown: wasm_memory_bytes() - base, kept: kept.length }));
`;

test("10,000 models dropped without free() leave wasm memory bounded", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "rivulet-memory-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const script = join(dir, "models.mjs");
  writeFileSync(script, SCRIPT);
  const entry = pathToFileURL(join(PKG, "node-entry.js")).href;
  const run = (mode) =>
    JSON.parse(execFileSync("node", ["--expose-gc", script, mode, entry], { encoding: "utf8" }));
  const dropped = run("drop");
  const kept = run("keep");
  const MiB = 1 << 20;
  console.log(`wasm memory grown: dropped ${dropped.grown} B, kept alive ${kept.grown} B`);
  assert.equal(kept.kept, 10000);
  assert.ok(dropped.grown <= 4 * MiB, `dropped models: memory grew by ${dropped.grown} bytes`);
  assert.ok(kept.grown >= 4 * Math.max(dropped.grown, MiB),
    `kept models grow memory by ${kept.grown} bytes: the check can see a leak`);
});

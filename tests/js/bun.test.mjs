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
import { ROOT, RUNTIME_SCRIPT, checkRuntimeScript, consumerWithPackage } from "./consumer.mjs";

const BUN = join(ROOT, "node_modules/@oven/bun-linux-x64/bin/bun");
const missing = existsSync(BUN) ? false : `${BUN} is missing (npm ci installs it on Linux x64)`;
if (missing && process.env.CI) throw new Error(`Bun is needed in CI: ${missing}`);
if (missing) console.log(`# skipping the Bun test: ${missing}`);

test("the package in Bun: the web build through the bun condition; it learns, throws, round-trips", { skip: missing, timeout: 120_000 }, (t) => {
  const { dir } = consumerWithPackage(t, "bun");
  writeFileSync(join(dir, "main.mjs"), RUNTIME_SCRIPT);
  const r = checkRuntimeScript(execFileSync(BUN, ["main.mjs"], { cwd: dir, encoding: "utf8" }));
  assert.match(r.resolved[0], /node_modules\/rivulet\/web\/rivulet\.js$/);
  assert.match(r.resolved[1], /node_modules\/rivulet\/full\/web\/rivulet\.js$/);
});

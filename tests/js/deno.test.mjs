// The packed package in Deno 2 (V8), from a consumer project with its node_modules, as a Deno
// user with a package.json has it: Deno resolves the `node` export condition, so both entries
// load the Node build (its `.wasm` read through node:fs: the one permission it needs is
// --allow-read), learn, predict, throw clear errors and round-trip. Deno comes from the npm
// registry (@deno/linux-x64-glibc, fetched by ./x setup into target/; ./x test passes its path
// as RIVULET_DENO); elsewhere this test skips, in CI it fails.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, RUNTIME_SCRIPT, checkRuntimeScript, consumerWithPackage } from "./consumer.mjs";

const fetched = () =>
  readdirSync(join(ROOT, "target"), { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name.startsWith("deno-"))
    .map((d) => join(ROOT, "target", d.name, "deno"))
    .find(existsSync);
const DENO = process.env.RIVULET_DENO || (existsSync(join(ROOT, "target")) ? fetched() : undefined);
const missing = DENO && existsSync(DENO) ? false : `Deno is missing (${DENO ?? "target/deno-*/deno"}; ./x setup fetches it on Linux x64)`;
if (missing && process.env.CI) throw new Error(`Deno is needed in CI: ${missing}`);
if (missing) console.log(`# skipping the Deno test: ${missing}`);

test("the package in Deno: the Node build through the node condition; it learns, throws, round-trips", { skip: missing, timeout: 120_000 }, (t) => {
  const { dir } = consumerWithPackage(t, "deno");
  writeFileSync(join(dir, "main.mjs"), RUNTIME_SCRIPT);
  const run = (...flags) => execFileSync(DENO, ["run", "--quiet", ...flags, "main.mjs"], {
    cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, DENO_DIR: join(dir, ".deno"), NO_COLOR: "1" },
  });
  const r = checkRuntimeScript(run("--allow-read"));
  assert.match(r.resolved[0], /node_modules\/rivulet\/node-entry\.js$/);
  assert.match(r.resolved[1], /node_modules\/rivulet\/full\/node-entry\.js$/);
  // Without the permission, Deno says which file the package wanted to read.
  assert.throws(() => run(), (e) => /rivulet_bg\.wasm/.test(String(e.stderr)) && /--allow-read/.test(String(e.stderr)));
});

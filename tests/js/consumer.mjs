// A scratch consumer project with the npm package installed from its tarball, as a user gets it:
// `npm pack` the generated pkg/, then `npm install` that file (offline: it has no dependencies).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const ROOT = resolve(import.meta.dirname, "../..");
export const PKG = join(ROOT, "pkg");

/** Packs pkg/ and installs it into a fresh folder (removed after the test `t`). Returns the
 * folder and `npm pack`'s description of the tarball (`files`: paths inside it). */
export function consumerWithPackage(t, name) {
  assert.ok(
    existsSync(join(PKG, "package.json")) && existsSync(join(PKG, "node", "rivulet_bg.wasm")),
    "pkg/ is missing: run ./x build-wasm first",
  );
  const dir = mkdtempSync(join(tmpdir(), `rivulet-${name}-`));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const info = JSON.parse(
    execFileSync("npm", ["pack", PKG, "--pack-destination", dir, "--json"], { encoding: "utf8" }),
  )[0];
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name, private: true, type: "module" }));
  execFileSync("npm", ["install", "--offline", "--no-audit", "--no-fund", join(dir, info.filename)], {
    cwd: dir,
    stdio: "pipe",
  });
  return { dir, info };
}

/**
 * What the runtime tests (Bun, Deno) run in a consumer project: both entries learn, refuse a NaN
 * with a clear error and learn on, round-trip, and FM learns; it prints one JSON line, which
 * `checkRuntimeScript` reads and checks (the caller checks `resolved`, the entries' files).
 */
export const RUNTIME_SCRIPT = `
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

/** Checks `RUNTIME_SCRIPT`'s output (its last line) and returns it parsed. */
export function checkRuntimeScript(out) {
  const r = JSON.parse(out.trim().split("\n").pop());
  assert.equal(r.message, "feature 'hour': is NaN");
  assert.equal(r.n, 51, "the model learns on after the refused sample");
  assert.equal(r.same, true);
  assert.ok(r.classic - r.aram > 200, `CLASSIC ${r.classic} vs ARAM ${r.aram}`);
  assert.equal(r.fm, 20);
  return r;
}

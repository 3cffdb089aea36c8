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

// The object-input loops of benches/node_bench.mjs (benches/loops.mjs, the same code) in a
// headless browser page: what a page's users get from the package's web entry. Chromium (a newer
// V8 than Node 20's), Firefox ESR (SpiderMonkey) or WebKitGTK (JavaScriptCore), as
// tests/e2e/engines.mjs drives them.
//   node benches/browser_bench.mjs --stream FILE.json [--spec JSON] [--proba] [--browser chromium|firefox|webkit]
// Prints one JSON line: {ns_per_sample, combined_ns_per_sample, browser}, or {skipped: why}
// when the browser, its driver or the package is missing. Needs ./x build-wasm (pkg/web).
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { engineMissing, filesUnder, runPage } from "../tests/e2e/engines.mjs";

const ROOT = resolve(import.meta.dirname, "..");
const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const file = opt("--stream");
if (!file) {
  console.error("usage: node benches/browser_bench.mjs --stream FILE.json [--spec JSON] [--proba] [--browser chromium|firefox|webkit]");
  process.exit(2);
}
const spec = opt("--spec") ?? "null";
const proba = args.includes("--proba");
const which = opt("--browser") ?? "chromium";

const missing = !existsSync(join(ROOT, "pkg/web/rivulet.js")) ? "pkg/web is missing (./x build-wasm)" : engineMissing(which);
if (missing) {
  console.log(JSON.stringify({ skipped: missing }));
  process.exit(0);
}

// The page: the package's web entry and the shared loops, timed as node_bench.mjs times them.
const PAGE = `<!doctype html><html><body><script type="module">
import init, { Model } from "/pkg/web/rivulet.js";
import { timeStream } from "/benches/loops.mjs";
try {
  await init();
  const data = await (await fetch("/stream.json")).json();
  const rows = data.map((r) => [Object.fromEntries(r.x), r.y]);
  const now = () => performance.now() * 1e6;
  const r = timeStream(Model, ${spec}, rows, ${proba}, now);
  document.body.dataset.result = JSON.stringify({ ns_per_sample: r.ns, combined_ns_per_sample: r.combined,
    isolated: self.crossOriginIsolated });
} catch (e) {
  document.body.dataset.result = JSON.stringify({ error: String(e && e.stack || e) });
}
</script></body></html>`;

const routes = {
  ...filesUnder(join(ROOT, "pkg/web"), "/pkg/web"),
  "/benches/loops.mjs": readFileSync(join(ROOT, "benches/loops.mjs")),
  "/stream.json": readFileSync(file),
};
const { result: r, browser } = await runPage(which, PAGE, routes);
if (r.error) throw new Error(`the benchmark page failed: ${r.error}`);
if (!r.isolated) throw new Error("the page is not cross-origin isolated: its clock would be coarse");
console.log(JSON.stringify({ ns_per_sample: r.ns_per_sample, combined_ns_per_sample: r.combined_ns_per_sample, browser }));

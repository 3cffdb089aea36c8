// The object-input loops of benches/node_bench.mjs (benches/loops.mjs, the same code) in a
// headless Chromium page: what a page's users get from the package's web entry, a newer V8
// than Node 20's. Serves pkg/web, benches/loops.mjs and the stream on loopback (cross-origin
// isolated, so that performance.now() ticks every 5 µs, not 100 µs).
//   node benches/chromium_bench.mjs --stream FILE.json [--spec JSON] [--proba]
// Prints one JSON line: {ns_per_sample, combined_ns_per_sample, browser}, or {skipped: why}
// when Chromium or the package is missing. Needs ./x build-wasm (pkg/web) and Debian's chromium
// (CHROMIUM overrides the path).
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, normalize, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "..");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const file = opt("--stream");
if (!file) {
  console.error("usage: node benches/chromium_bench.mjs --stream FILE.json [--spec JSON] [--proba]");
  process.exit(2);
}
const spec = opt("--spec") ?? "null";
const proba = args.includes("--proba");

const missing = !existsSync(CHROMIUM)
  ? `${CHROMIUM} is missing (apt-get install chromium)`
  : !existsSync(join(ROOT, "pkg/web/rivulet.js"))
    ? "pkg/web is missing (./x build-wasm)"
    : !existsSync(join(ROOT, "node_modules/playwright-core"))
      ? "playwright-core is missing (npm ci)"
      : null;
if (missing) {
  console.log(JSON.stringify({ skipped: missing }));
  process.exit(0);
}
const { chromium } = await import("playwright-core");

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

const MIME = { ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm" };
const server = createServer((req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname));
  const headers = { "cross-origin-opener-policy": "same-origin", "cross-origin-embedder-policy": "require-corp" };
  if (path === "/") {
    res.writeHead(200, { ...headers, "content-type": "text/html" }).end(PAGE);
  } else if (path === "/stream.json") {
    res.writeHead(200, { ...headers, "content-type": "application/json" }).end(readFileSync(file));
  } else if ((path.startsWith("/pkg/web/") || path === "/benches/loops.mjs") && existsSync(join(ROOT, path))) {
    res.writeHead(200, { ...headers, "content-type": MIME[extname(path)] ?? "application/octet-stream" });
    res.end(readFileSync(join(ROOT, path)));
  } else {
    res.writeHead(404).end();
  }
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
});
try {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.waitForFunction(() => document.body.dataset.result, null, { timeout: 600_000 });
  const r = JSON.parse(await page.evaluate(() => document.body.dataset.result));
  if (r.error) throw new Error(`the benchmark page failed: ${r.error}`);
  if (!r.isolated) throw new Error("the page is not cross-origin isolated: its clock would tick every 100 µs");
  console.log(JSON.stringify({ ns_per_sample: r.ns_per_sample, combined_ns_per_sample: r.combined_ns_per_sample, browser: `Chromium ${browser.version()}` }));
} finally {
  await browser.close();
  server.close();
}

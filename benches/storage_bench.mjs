// Save / load time and bytes of rivulet/full's storage (docs/npm-package.md, "Storage") in
// headless Chromium: a 1,000-feature model and a 100,000-feature one, on localStorage and
// IndexedDB, each timed ROUNDS times (median and range printed). Needs ./x build-wasm and
// /usr/bin/chromium (or CHROMIUM=...).
//   node benches/storage_bench.mjs [ROUNDS]
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import { join, normalize, resolve } from "node:path";
import { chromium } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS } from "../tests/e2e/harness.mjs";

const PKG = resolve(import.meta.dirname, "../pkg");
const ROUNDS = Number(process.argv[2] ?? 20);
const INDEX = `<!doctype html><script type="module">
import init, * as rv from "/full/web/rivulet.js";
await init();
window.rv = rv;
window.ready = true;
</script>`;

const server = createServer((req, res) => {
  const path = normalize(new URL(req.url, "http://x").pathname);
  if (path === "/") return res.writeHead(200, { "content-type": "text/html" }).end(INDEX);
  const file = join(PKG, path);
  if (!file.startsWith(PKG) || !existsSync(file)) return res.writeHead(404).end();
  res.writeHead(200, { "content-type": path.endsWith(".wasm") ? "application/wasm" : "text/javascript" });
  res.end(readFileSync(file));
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
try {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.waitForFunction(() => window.ready === true);
  console.log(`storage bench, ${ROUNDS} rounds each, Chromium ${browser.version()}`);
  console.log("model           | backend      | bytes      | save ms median (min-max) | load ms median (min-max)");
  for (const [features, width] of [[1_000, 10], [100_000, 100]]) {
    for (const scheme of ["localstorage", "indexeddb"]) {
      const r = await page.evaluate(async ([features, width, scheme, rounds]) => {
        // `features / width` samples of `width` new keys each, plus two shared ones.
        const m = new rv.Model();
        for (let i = 0; i < features / width; i++) {
          const x = { hour: i % 24, mode: ["ARAM", "CLASSIC"][i % 2] };
          for (let j = 0; j < width; j++) x[`champ_${i * width + j}`] = (j % 5) + 1;
          m.learn_one(x, 1200 + (i % 300));
        }
        const url = `${scheme}://bench`;
        const save = [], load = [];
        let bytes = 0;
        for (let k = 0; k < rounds; k++) {
          let t = performance.now();
          bytes = (await m.save(url)).bytes;
          save.push(performance.now() - t);
          t = performance.now();
          (await rv.Model.load(url)).free();
          load.push(performance.now() - t);
        }
        await rv.Model.remove_model(url);
        const n = m.n_features;
        m.free();
        return { n, bytes, save, load };
      }, [features, width, scheme, ROUNDS]);
      const stat = (xs) => {
        const s = [...xs].sort((a, b) => a - b);
        return `${s[s.length >> 1].toFixed(2)} (${s[0].toFixed(2)}-${s[s.length - 1].toFixed(2)})`;
      };
      console.log(`${String(r.n).padEnd(7)} features | ${scheme.padEnd(12)} | ${String(r.bytes).padEnd(10)} | ${stat(r.save).padEnd(24)} | ${stat(r.load)}`);
    }
  }
} finally {
  await browser.close();
  server.close();
}

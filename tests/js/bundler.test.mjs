// The npm package through a bundler, as a web app embeds it: pack → install into a scratch
// project → build an app that imports both entries with Vite, or with webpack 5 (its defaults,
// no plugin or loader) → serve the built dist/ on loopback → run it in headless Chromium
// (playwright-core). Proves each entry's wasm URL survives bundling: the bundler must emit the
// .wasm as an asset and rewrite `new URL(..., import.meta.url)` to it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, normalize } from "node:path";
import { chromium } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS } from "../e2e/harness.mjs";
import { consumerWithPackage, ROOT } from "./consumer.mjs";

const VITE = join(ROOT, "node_modules/vite/bin/vite.js");
const WEBPACK = join(ROOT, "node_modules/webpack/lib/index.js");
/** Why a bundler's test cannot run here (false when it can). */
function missing(tool, path) {
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} is missing (apt-get install chromium)`;
  if (!existsSync(path)) return `${tool} is missing (npm ci)`;
  return false;
}
const skipVite = missing("vite", VITE);
const skipWebpack = missing("webpack", WEBPACK);
for (const [tool, why] of [["Vite", skipVite], ["webpack", skipWebpack]]) {
  if (why) console.log(`# skipping the ${tool} bundler test: ${why}`);
}

const MIME = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm" };

/** A static server for `root` on 127.0.0.1, port 0. */
async function serve(root) {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname));
    const file = join(root, path === "/" ? "index.html" : path);
    if (!file.startsWith(root) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": MIME[extname(file)] ?? "application/octet-stream" });
    res.end(readFileSync(file));
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return { server, url: `http://127.0.0.1:${server.address().port}/` };
}

// The README's lines, then the checks the test reads back from the page.
const APP = `
    import init, { Model } from "rivulet";
    import initFull, { Model as FullModel } from "rivulet/full";
    try {
      await init();
      // rivulet/full (FM + AMF): its own module and .wasm, bundled the same way.
      await initFull();
      const fm = new FullModel({ model: { type: "fm", seed: 1 } });
      for (let i = 0; i < 20; i++) fm.learn_one({ hour: i % 4, aram: i % 2 }, i % 2 ? 1100 : 1900);
      const fmN = FullModel.deserialize(fm.serialize()).n_learned;
      const model = new Model();
      const y0 = model.predict_one({ blue_champ_157: 1, hour: 21.5, mode: "ARAM" });
      for (let i = 0; i < 50; i++) model.learn_one({ blue_champ_157: 1, hour: 20 + (i % 4), mode: i % 2 ? "ARAM" : "CLASSIC" }, i % 2 ? 1100 : 1900);
      localStorage.setItem("model", model.serialize());
      const same = Model.deserialize(localStorage.getItem("model"));
      let message = "";
      try { model.learn_one({ hour: Infinity }, 1); } catch (e) { message = String(e.message); }
      document.body.dataset.result = JSON.stringify({
        y0, n: same.n_learned, identical: same.serialize() === model.serialize(),
        aram: same.predict_one({ hour: 21, mode: "ARAM" }), classic: same.predict_one({ hour: 21, mode: "CLASSIC" }),
        message, fmN,
      });
    } catch (e) {
      document.body.dataset.result = JSON.stringify({ error: String(e && e.stack || e) });
    }
  `;

/** Serves the built app `dist` on loopback, runs it in Chromium and checks what it learnt. */
async function runBuiltApp(t, dist) {
  const assets = readdirSync(dist, { recursive: true }).map(String);
  assert.equal(assets.filter((f) => f.endsWith(".wasm")).length, 2,
    `the bundler emitted both entries' .wasm (rivulet, rivulet/full) as assets (${assets})`);
  const { server, url } = await serve(dist);
  t.after(() => server.close());
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  t.after(() => browser.close());
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(url);
  await page.waitForFunction(() => document.body.dataset.result, null, { timeout: 30_000 });
  const r = JSON.parse(await page.evaluate(() => document.body.dataset.result));
  assert.equal(r.error, undefined, r.error);
  assert.deepEqual(errors, []);
  assert.equal(r.y0, 0);
  assert.equal(r.n, 50);
  assert.equal(r.identical, true);
  // The mode one-hot carries the difference between the two targets.
  assert.ok(r.classic - r.aram > 200, `CLASSIC ${r.classic} vs ARAM ${r.aram}`);
  assert.match(r.message, /hour/);
  assert.equal(r.fmN, 20);
}

test("a Vite app bundles the package and learns in Chromium", { skip: skipVite, timeout: 120_000 }, async (t) => {
  const { dir } = consumerWithPackage(t, "vite-app");
  writeFileSync(join(dir, "index.html"), `<!doctype html><html><body><script type="module" src="/main.js"></script></body></html>`);
  writeFileSync(join(dir, "main.js"), APP);
  execFileSync(process.execPath, [VITE, "build", "--logLevel", "warn"], { cwd: dir, stdio: "pipe" });
  await runBuiltApp(t, join(dir, "dist"));
});

// webpack 5 through its Node API (what webpack-cli calls), with a config that names only the
// entry and the output: no loader, no plugin, no `experiments`, as a user's first try would be.
// A production and a development build: the second keeps webpack's module wrappers (eval-less
// here: devtool false), the runtime that resolves the asset's URL against the script's.
for (const mode of ["production", "development"]) {
  test(`a webpack 5 app (${mode}) bundles the package and learns in Chromium`, { skip: skipWebpack, timeout: 120_000 }, async (t) => {
    const { dir } = consumerWithPackage(t, `webpack-app-${mode}`);
    mkdirSync(join(dir, "src"));
    writeFileSync(join(dir, "src", "index.js"), APP);
    const { default: webpack } = await import(WEBPACK);
    const stats = await new Promise((done, fail) => {
      const compiler = webpack({
        mode, devtool: false, context: dir, entry: "./src/index.js",
        output: { path: join(dir, "dist"), clean: true },
      });
      compiler.run((err, result) => compiler.close(() => (err ? fail(err) : done(result))));
    });
    assert.equal(stats.hasErrors(), false, stats.toString({ all: false, errors: true }));
    writeFileSync(join(dir, "dist", "index.html"), `<!doctype html><html><body><script src="main.js"></script></body></html>`);
    await runBuiltApp(t, join(dir, "dist"));
  });
}

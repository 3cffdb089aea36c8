// `explain_one` as a web developer meets it (issue 20): docs/npm-package.md's example run as
// written from the packed tarball (`rivulet/full`; the lean `rivulet` has no explain_one), bad
// input (predict_one's error, the model unchanged), and games.csv through the wasm faces in Node
// and in headless Chromium (tests/js/explain_games.mjs; skipped with a message when
// ../shared/data is absent). Needs `./x build-wasm` first.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, normalize } from "node:path";
import { chromium } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS } from "../e2e/harness.mjs";
import { PKG, ROOT, consumerWithPackage } from "./consumer.mjs";
import { checkGames, gamesFromCsv } from "./explain_games.mjs";

const DATA = process.env.RIVULET_SHARED_DATA ?? join(ROOT, "..", "shared", "data");
const GAMES_CSV = join(DATA, "kaggle-datasnaek-games-2017", "games.csv");
const skipGames = existsSync(GAMES_CSV) ? false : `${GAMES_CSV} is absent (set RIVULET_SHARED_DATA)`;
if (skipGames) console.log(`# skipping the games.csv explain tests: ${skipGames}`);
const skipBrowser = !existsSync(CHROMIUM) ? `${CHROMIUM} is missing (apt-get install chromium)` : false;
// The same games in Node and in Chromium: the first 2,000 in time order.
const N_GAMES = 2000;

/** The first ```js block of docs/npm-package.md's explain section. */
function docExample() {
  const doc = readFileSync(join(ROOT, "docs/npm-package.md"), "utf8");
  const section = doc.slice(doc.indexOf("## Why a prediction: `explain_one`"));
  const m = section.match(/```js\n([\s\S]*?)```/);
  assert.ok(m, "docs/npm-package.md has the explain example");
  return m[1];
}

test("docs/npm-package.md's explain_one example runs from the packed rivulet/full; the lean entry has none", (t) => {
  const { dir } = consumerWithPackage(t, "explain");
  // The example as written, then what it computed, as JSON.
  writeFileSync(join(dir, "main.mjs"), `${docExample()}
    import * as lean from "rivulet";
    console.log("RESULT " + JSON.stringify({ e, sum, p: model.predict_one(x), lean: typeof new lean.Model().explain_one }));
  `);
  const out = execFileSync("node", ["main.mjs"], { cwd: dir, encoding: "utf8" });
  const r = JSON.parse(out.split("\n").find((l) => l.startsWith("RESULT ")).slice(7));
  assert.deepEqual(r.e.features.map((c) => [c.feature, c.value]), [["hour", 22], ["mode=ARAM", 1], ["kills", 35]]);
  assert.equal(r.e.prediction, r.p);
  const scale = Math.abs(r.e.intercept) + r.e.features.reduce((s, c) => s + Math.abs(c.contribution), 0);
  assert.ok(Math.abs(r.sum - r.p) <= 1e-12 * scale, `${r.sum} vs ${r.p}`);
  assert.ok(r.e.features.every((c) => c.contribution !== 0 && c.interaction === 0), JSON.stringify(r.e));
  assert.ok(!("logit" in r.e));
  assert.match(out, /^hour 22 /m, "the example prints each feature");
  assert.equal(r.lean, "undefined", "the lean entry has no explain_one");
});

test("explain_one: bad input throws predict_one's Error and changes nothing; FM and AMF", async () => {
  const { Model } = await import(join(PKG, "full", "node-entry.js"));
  const m = new Model();
  m.learn_one({ hour: 3, mode: "ARAM", kills: 10 }, 1200);
  m.learn_one({ hour: 5, mode: "URF", kills: 30 }, 1000);
  const before = m.serialize();
  const nested = { hour: { h: 3 } };
  const bads = [
    { hour: NaN }, { hour: Infinity }, { hour: null }, { hour: true }, nested, { "mode=ARAM": 1 },
    null, undefined, 42, "hour", [["hour", 3]],
  ];
  for (const bad of bads) {
    const message = (f) => { try { f(); return null; } catch (e) { return e instanceof Error ? e.message : `not an Error: ${e}`; } };
    const a = message(() => m.explain_one(bad));
    const b = message(() => m.predict_one(bad));
    assert.equal(a, b, `the same outcome as predict_one for ${JSON.stringify(bad)}`);
  }
  assert.equal(m.serialize(), before, "nothing changed");
  // A key never learned counts 0 and is left out.
  assert.deepEqual(m.explain_one({ new_key: 4, kills: 20 }).features.map((c) => c.feature), ["kills"]);
  m.free();

  // FM: the pairwise terms, half to each feature.
  const fm = new Model({ scaler: "none", target_scaler: false, model: { type: "fm", n_factors: 3, seed: 1 } });
  fm.learn_one({ a: 2, b: 3 }, 1);
  const e = fm.explain_one({ a: 2, b: 3 });
  const [a, b] = e.features;
  assert.ok(a.interaction !== 0 && Math.abs(a.interaction - b.interaction) <= 1e-15 * Math.abs(a.interaction));
  assert.ok(Math.abs(a.contribution - (a.weight * 2 + a.interaction)) <= 1e-15);
  fm.free();
  // AMF: plainly not available, after the input check.
  const amf = new Model({ model: { type: "amf", n_estimators: 2 } });
  amf.learn_one({ hour: 3 }, 1200);
  assert.throws(() => amf.explain_one({ hour: 3 }), /^Error: not available: explain_one needs a model with additive parts/);
  assert.throws(() => amf.explain_one({ hour: NaN }), (err) => {
    assert.throws(() => amf.predict_one({ hour: NaN }), { message: err.message });
    return true;
  });
  amf.free();
});

test(`games.csv in Node: every estimator's parts add up (first ${N_GAMES} games)`, { skip: skipGames, timeout: 120_000 }, async () => {
  const full = await import(join(PKG, "full", "node-entry.js"));
  const page = await import(join(PKG, "page", "web", "rivulet.js"));
  page.initSync({ module: readFileSync(join(PKG, "page", "web", "rivulet_bg.wasm")) });
  const games = gamesFromCsv(readFileSync(GAMES_CSV, "utf8"), N_GAMES);
  assert.equal(games.length, N_GAMES);
  const r = checkGames({ Model: full.Model, DurationPredictor: page.DurationPredictor, featurize: page.featurize }, games);
  console.log(`games.csv in Node: ${r.checked} explanations checked; worst relative gaps ${JSON.stringify(r.worst)}`);
  assert.equal(r.checked, N_GAMES * 4 + 3 * (N_GAMES / 10));
});

let server, browser;
before(async () => {
  if (skipGames || skipBrowser) return;
  // pkg/ and this folder on loopback: the browser imports the built modules and the scenario.
  const roots = { "/pkg/": PKG, "/tests/js/": join(ROOT, "tests", "js") };
  const MIME = { ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm" };
  server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname));
    if (path === "/") return res.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><title>explain</title>");
    const [prefix, dir] = Object.entries(roots).find(([p]) => path.startsWith(p)) ?? [];
    const file = dir && join(dir, path.slice(prefix.length));
    if (!file || !file.startsWith(dir) || !existsSync(file)) return res.writeHead(404).end();
    res.writeHead(200, { "content-type": MIME[extname(file)] ?? "application/octet-stream" }).end(readFileSync(file));
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  server?.close();
});

test(`games.csv in Chromium: every estimator's parts add up (first ${N_GAMES} games)`, { skip: skipGames || skipBrowser, timeout: 180_000 }, async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e));
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  // The whole file: the first N_GAMES in time order are picked in the page (the file is not sorted).
  const text = readFileSync(GAMES_CSV, "utf8");
  const r = await page.evaluate(async ({ text, n }) => {
    const full = await import("/pkg/full/web/rivulet.js");
    const lol = await import("/pkg/page/web/rivulet.js");
    await full.default();
    await lol.default();
    const { checkGames, gamesFromCsv } = await import("/tests/js/explain_games.mjs");
    const games = gamesFromCsv(text, n);
    return { ...checkGames({ Model: full.Model, DurationPredictor: lol.DurationPredictor, featurize: lol.featurize }, games), ua: navigator.userAgent };
  }, { text, n: N_GAMES });
  console.log(`games.csv in ${r.ua.match(/Chrom\w*\/[\d.]+/)?.[0]}: ${r.checked} explanations checked; worst relative gaps ${JSON.stringify(r.worst)}`);
  assert.equal(r.games, N_GAMES);
  assert.equal(r.checked, N_GAMES * 4 + 3 * (N_GAMES / 10));
  assert.deepEqual(errors, []);
  await page.close();
});

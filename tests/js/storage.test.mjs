// Model storage of rivulet/full (`model.save(url)`, `Model.load(url)`, `Model.list_models()`,
// `Model.remove_model(url)`; src/wasm/storage.rs) in headless Chromium (playwright-core) on a
// page served from pkg/ on loopback, and in Node, where it must say it is not available.
// Covers: round trips on both backends, a quota filled on purpose (localStorage) and a tiny
// quota set through DevTools (IndexedDB), reloads in the middle of saves, two tabs saving the
// same name, corrupt saves, a newer format, and the migration of a bare serialize() text.
// Uses the built package (./x build-wasm first).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { createServer } from "node:http";
import { extname, join, normalize } from "node:path";
import { chromium } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS } from "../e2e/harness.mjs";
import { PKG } from "./consumer.mjs";

const skipBrowser = !existsSync(CHROMIUM) ? `${CHROMIUM} is missing (apt-get install chromium)` : false;
if (skipBrowser) console.log(`# skipping the Chromium storage tests: ${skipBrowser}`);

// The page: rivulet/full, and deterministic models (a seed and a size give the same model in
// every tab and after every reload, so a loaded model can be compared with what was saved).
const INDEX = `<!doctype html><html><body><script type="module">
import init, * as rv from "/full/web/rivulet.js";
await init();
window.rv = rv;
window.train = (seed, n, width) => {
  const m = new rv.Model();
  for (let i = 0; i < n; i++) {
    const x = { mode: ["ARAM", "CLASSIC", "URF"][(i + seed) % 3], hour: (i * 5 + seed) % 24 };
    for (let j = 0; j < width; j++) x["s" + seed + "_f" + (i * width + j)] = ((i + j + seed) % 7) + 1;
    m.learn_one(x, 1000 + ((i * 37 + seed * 11) % 400));
  }
  return m;
};
// Which of the expected models (by seed/size) the text of a loaded model is, or "torn".
window.which = (text, specs) => {
  for (const [label, [seed, n, width]] of Object.entries(specs)) {
    const m = window.train(seed, n, width);
    const same = m.serialize() === text;
    m.free();
    if (same) return label;
  }
  return "torn";
};
window.failure = async (p) => {
  try { await p; return null; } catch (e) {
    return { name: e.name, code: e.code, url: e.url, message: e.message, bytes_needed: e.bytes_needed, isError: e instanceof Error, guard: rv.is_storage_error(e) };
  }
};
window.ready = true;
</script></body></html>`;

const MIME = { ".js": "text/javascript", ".wasm": "application/wasm" };
let server;
let base;
let browser;

before(async () => {
  if (skipBrowser) return;
  assert.ok(existsSync(join(PKG, "full", "web", "rivulet_bg.wasm")), "pkg/full is missing: run ./x build-wasm first");
  server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname));
    if (path === "/" || path.startsWith("/page")) {
      res.writeHead(200, { "content-type": "text/html" }).end(INDEX);
      return;
    }
    const file = join(PKG, path);
    if (!file.startsWith(PKG) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": MIME[extname(file)] ?? "application/octet-stream" });
    res.end(readFileSync(file));
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  server?.close();
});

/** A fresh context (its own storage) and a page of it with rivulet/full ready. */
async function freshPage(t) {
  const context = await browser.newContext();
  t.after(() => context.close());
  const page = await open(context);
  return { context, page };
}

async function open(context, path = "/") {
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e));
  page.errors = errors;
  page.warnings = [];
  page.on("console", (m) => { if (m.type() === "warning") page.warnings.push(m.text()); });
  await page.goto(base + path);
  await page.waitForFunction(() => window.ready === true);
  return page;
}

for (const scheme of ["localstorage", "indexeddb"]) {
  test(`${scheme}: save, load, list and remove round trip`, { skip: skipBrowser, timeout: 60_000 }, async (t) => {
    const { page } = await freshPage(t);
    const r = await page.evaluate(async (url) => {
      const m = window.train(1, 40, 5);
      m.set_layout(["hour"], []);
      const info = await m.save(url);
      const loaded = await rv.Model.load(url);
      const list = await rv.Model.list_models();
      const same = loaded.serialize() === m.serialize();
      const p = [loaded.predict_one({ hour: 3, mode: "URF" }), m.predict_one({ hour: 3, mode: "URF" })];
      // The loaded model learns on.
      loaded.learn_one({ hour: 4, mode: "ARAM", new_key: 2 }, 1500);
      const saved2 = await loaded.save(url);
      const again = await rv.Model.load(url);
      const removed = [await rv.Model.remove_model(url), await rv.Model.remove_model(url)];
      const gone = await window.failure(rv.Model.load(url));
      const listAfter = await rv.Model.list_models();
      return { info, list, same, p, n: again.n_learned, saved2, removed, gone, listAfter };
    }, `${scheme}://my model/v1`);
    assert.equal(r.same, true, "the loaded model serializes as the saved one");
    assert.equal(r.p[0], r.p[1]);
    assert.equal(r.info.url, `${scheme}://my model/v1`);
    assert.equal(r.info.n_learned, 40);
    assert.equal(r.info.format_version, 2);
    assert.ok(r.info.bytes > 1000 && Number.isFinite(r.info.saved_at), JSON.stringify(r.info));
    assert.deepEqual(r.list, [r.info]);
    assert.equal(r.n, 41);
    assert.equal(r.saved2.n_learned, 41);
    assert.deepEqual(r.removed, [true, false]);
    assert.equal(r.gone.code, "not_found");
    assert.equal(r.gone.name, "StorageError");
    assert.equal(r.gone.isError, true);
  assert.equal(r.gone.guard, true);
    assert.match(r.gone.message, /my model\/v1: no model is saved there/);
    assert.deepEqual(r.listAfter, []);
    assert.deepEqual(page.errors, []);
  });
}

test("in a worker: indexeddb:// works, localstorage:// is unavailable", { skip: skipBrowser, timeout: 60_000 }, async (t) => {
  const { page } = await freshPage(t);
  const r = await page.evaluate(async () => {
    const code = `
      import init, { Model } from "${location.origin}/full/web/rivulet.js";
      await init();
      const m = new Model();
      m.learn_one({ hour: 3, mode: "ARAM" }, 1200);
      const out = {};
      out.info = await m.save("indexeddb://from-worker");
      out.same = (await Model.load("indexeddb://from-worker")).serialize() === m.serialize();
      try { await m.save("localstorage://w"); } catch (e) { out.local = { code: e.code, message: e.message }; }
      postMessage(out);`;
    const worker = new Worker(URL.createObjectURL(new Blob([code], { type: "text/javascript" })), { type: "module" });
    const out = await new Promise((ok, no) => { worker.onmessage = (e) => ok(e.data); worker.onerror = (e) => no(new Error(e.message)); });
    worker.terminate();
    // The page sees what the worker saved (same origin, same database).
    out.fromPage = (await rv.Model.load("indexeddb://from-worker")).n_learned;
    return out;
  });
  assert.equal(r.info.n_learned, 1);
  assert.equal(r.same, true);
  assert.equal(r.fromPage, 1);
  assert.equal(r.local.code, "unavailable");
  assert.match(r.local.message, /localstorage:\/\/w: localStorage is not available in this environment/);
});

test("bad URLs reject with code bad_url", { skip: skipBrowser, timeout: 30_000 }, async (t) => {
  const { page } = await freshPage(t);
  const r = await page.evaluate(async () => {
    const m = window.train(1, 3, 1);
    return Promise.all([m.save("file:///x"), m.save("localstorage://"), rv.Model.load("model"), rv.Model.remove_model(7)].map(window.failure));
  });
  for (const f of r) {
    assert.equal(f.code, "bad_url", JSON.stringify(f));
    assert.match(f.message, /expected 'localstorage:\/\/NAME' or 'indexeddb:\/\/NAME'/);
  }
});

test("localStorage filled on purpose: a quota error naming the bytes, the old save still loads", { skip: skipBrowser, timeout: 60_000 }, async (t) => {
  const { page } = await freshPage(t);
  const r = await page.evaluate(async () => {
    const url = "localstorage://q";
    const small = window.train(1, 20, 5);
    await small.save(url);
    // Fill what is left with junk, halving the chunk until not one more character fits.
    let filled = 0;
    for (let size = 1 << 20, i = 0; size >= 1; ) {
      try { localStorage.setItem(`junk${i++}`, "x".repeat(size)); filled += size; } catch { size >>= 1; }
    }
    const bigger = window.train(1, 60, 5);
    const text = bigger.serialize();
    const err = await window.failure(bigger.save(url));
    const loaded = await rv.Model.load(url);
    const oldKept = loaded.serialize() === small.serialize();
    // An overwrite counts only by its growth: the same model saved again still fits.
    const resave = await window.failure(small.save(url));
    // Room again: the same save goes through.
    for (let i = 0; localStorage.getItem(`junk${i}`) !== null; i++) localStorage.removeItem(`junk${i}`);
    const info = await bigger.save(url);
    const now = (await rv.Model.load(url)).serialize() === text;
    return { filled, err, oldKept, resave, info, now };
  });
  assert.ok(r.filled > 1_000_000, `filled ${r.filled}`);
  assert.equal(r.err?.code, "quota", JSON.stringify(r.err));
  assert.equal(r.err.name, "StorageError");
  assert.equal(r.err.bytes_needed, r.info.bytes, "bytes_needed is the size of the save");
  assert.match(r.err.message, new RegExp(`this save needs ${r.info.bytes} bytes. The previous save at localstorage://q is kept`));
  assert.equal(r.oldKept, true);
  assert.equal(r.resave, null, JSON.stringify(r.resave));
  assert.equal(r.now, true);
});

test("IndexedDB holds a model localStorage cannot", { skip: skipBrowser, timeout: 120_000 }, async (t) => {
  const { page } = await freshPage(t);
  // 3,000 samples of 150 new keys each: 450,000 features, a save of ~13 MB (localStorage holds
  // 10 MiB per origin in Chromium).
  const big = await page.evaluate(async () => {
    const m = window.train(3, 3000, 150);
    const local = await window.failure(m.save("localstorage://big"));
    const t0 = performance.now();
    const info = await m.save("indexeddb://big");
    const saveMs = performance.now() - t0;
    const t1 = performance.now();
    const loaded = await rv.Model.load("indexeddb://big");
    const loadMs = performance.now() - t1;
    return { local, info, saveMs, loadMs, same: loaded.serialize() === m.serialize(), features: m.n_features };
  });
  console.log(`# a ${big.features}-feature model: ${big.info.bytes} bytes; indexeddb save ${big.saveMs.toFixed(0)} ms, load ${big.loadMs.toFixed(0)} ms`);
  assert.ok(big.info.bytes > 11_000_000, `${big.info.bytes}`);
  assert.equal(big.local?.code, "quota", JSON.stringify(big.local));
  assert.equal(big.local.bytes_needed, big.info.bytes);
  assert.equal(big.same, true);

});

test("IndexedDB with a tiny quota: a quota error naming the bytes, the old save kept whole", { skip: skipBrowser, timeout: 120_000 }, async (t) => {
  // A 200 kB quota for the origin (DevTools' Storage.overrideQuotaForOrigin, set before the
  // page opens; the IndexedDB backend enforces it, navigator.storage.estimate() does not show
  // it). Chromium compresses IndexedDB values, so the bigger model is ~15 times that.
  const context = await browser.newContext();
  t.after(() => context.close());
  const blank = await context.newPage();
  const cdp = await context.newCDPSession(blank);
  await cdp.send("Storage.overrideQuotaForOrigin", { origin: base, quotaSize: 200_000 });
  const page = await open(context);
  const r = await page.evaluate(async () => {
    const url = "indexeddb://q";
    const small = window.train(1, 20, 5);
    await small.save(url);
    const bigger = window.train(4, 1000, 100); // ~2.9 MB of text
    const err = await window.failure(bigger.save(url));
    const loaded = await rv.Model.load(url);
    const list = await rv.Model.list_models();
    return { err, oldKept: loaded.serialize() === small.serialize(), list: list.map((i) => [i.url, i.n_learned]) };
  });
  await cdp.send("Storage.overrideQuotaForOrigin", { origin: base });
  assert.equal(r.err?.code, "quota", JSON.stringify(r.err));
  assert.ok(r.err.bytes_needed > 1_000_000, JSON.stringify(r.err));
  assert.match(r.err.message, /indexeddb:\/\/q: the storage quota is full: this save needs \d+ bytes\. The previous save at indexeddb:\/\/q is kept/);
  assert.equal(r.oldKept, true);
  // The failed transaction wrote neither store: the listing still has the old save's header.
  assert.deepEqual(r.list, [["indexeddb://q", 20]]);
});

for (const scheme of ["indexeddb", "localstorage"]) {
  test(`${scheme}: a reload in the middle of a save leaves the old model or the new one, whole`, { skip: skipBrowser, timeout: 180_000 }, async (t) => {
    const { context } = await freshPage(t);
    const url = `${scheme}://reload`;
    // old: small; new: ~2.6 MB, long enough to save that a reload lands inside the save.
    const specs = { old: [1, 20, 5], new: [5, 400, 100] };
    let page = await open(context);
    await page.evaluate(([url, specs]) => window.train(...specs.old).save(url), [url, specs]);
    const seen = { old: 0, new: 0, torn: 0 };
    for (const delay of [0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512]) {
      // Back to the old model, then start the new save and reload `delay` ms later.
      await page.evaluate(([url, specs]) => window.train(...specs.old).save(url), [url, specs]);
      await page.evaluate(([url, specs, delay]) => {
        const m = window.train(...specs.new);
        m.save(url);
        setTimeout(() => location.reload(), delay);
      }, [url, specs, delay]);
      await page.waitForEvent("load");
      await page.waitForFunction(() => window.ready === true);
      const got = await page.evaluate(async ([url, specs]) => window.which((await rv.Model.load(url)).serialize(), specs), [url, specs]);
      seen[got]++;
    }
    console.log(`# ${scheme}: after a reload during the save: ${JSON.stringify(seen)}`);
    assert.equal(seen.torn, 0);
    assert.equal(seen.old + seen.new, 12);
    await page.close();
  });

  test(`${scheme}: two tabs saving the same name end with one whole model`, { skip: skipBrowser, timeout: 120_000 }, async (t) => {
    const { context, page: a } = await freshPage(t);
    const b = await open(context);
    const url = `${scheme}://shared`;
    const specs = { a: [7, 300, 20], b: [8, 300, 20] };
    const saveMany = (page, spec) => page.evaluate(async ([url, spec]) => {
      const m = window.train(...spec);
      const done = [];
      for (let i = 0; i < 10; i++) done.push(m.save(url));
      return (await Promise.allSettled(done)).filter((r) => r.status === "rejected").map((r) => r.reason.message);
    }, [url, spec]);
    const [failedA, failedB] = await Promise.all([saveMany(a, specs.a), saveMany(b, specs.b)]);
    assert.deepEqual([failedA, failedB], [[], []]);
    const c = await open(context);
    const got = await c.evaluate(async ([url, specs]) => window.which((await rv.Model.load(url)).serialize(), specs), [url, specs]);
    assert.ok(got === "a" || got === "b", got);
    const list = await c.evaluate(() => rv.Model.list_models());
    assert.equal(list.length, 1);
    assert.equal(list[0].n_learned, 300);
  });
}

/** The process groups of the Chromiums `startChromium` started and did not kill yet. */
const running = new Set();
process.on("exit", () => { for (const pid of running) try { process.kill(-pid, "SIGKILL"); } catch { /* gone */ } });

/** `promise`, or a failure naming `what` after `ms` (a storage call that never settles must
 * fail the test, not hang it). */
function within(ms, what, promise) {
  let timer;
  const late = new Promise((_, no) => { timer = setTimeout(() => no(new Error(`${what}: no answer within ${ms} ms`)), ms); });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** Chromium on a profile folder that outlives it, driven over DevTools (Playwright refuses a
 * user-data-dir in launch()); in its own process group, so that `crash()` kills all of it. */
async function startChromium(profile) {
  const child = spawn(CHROMIUM, [...CHROMIUM_ARGS, `--user-data-dir=${profile}`, "--remote-debugging-port=0", "about:blank"], {
    stdio: ["ignore", "ignore", "pipe"],
    detached: true,
  });
  running.add(child.pid);
  const exited = new Promise((r) => child.once("exit", r));
  const ws = await new Promise((ok, no) => {
    let err = "";
    const timer = setTimeout(() => no(new Error(`chromium did not start: ${err}`)), 30_000);
    child.stderr.on("data", (d) => {
      err += d;
      const m = err.match(/DevTools listening on (ws:\/\/\S+)/);
      if (m) { clearTimeout(timer); ok(m[1]); }
    });
    child.on("exit", (code) => { clearTimeout(timer); no(new Error(`chromium exited with ${code}: ${err}`)); });
  });
  const crash = async () => {
    if (!running.delete(child.pid)) return;
    process.kill(-child.pid, "SIGKILL");
    await exited;
  };
  try {
    const cdp = await chromium.connectOverCDP(ws, { timeout: 30_000 });
    const page = await within(60_000, "opening the page", open(cdp.contexts()[0]));
    /** `crash()`: SIGKILL to every process of this Chromium (its group, by the pid started). */
    return { page, crash };
  } catch (e) {
    await crash();
    throw e;
  }
}

test("indexeddb: Chromium killed (SIGKILL) in the middle of a save leaves the old model or the new one, whole", { skip: skipBrowser, timeout: 240_000 }, async (t) => {
  const profile = mkdtempSync(join(tmpdir(), "rivulet-storage-crash-"));
  let chrome;
  t.after(async () => {
    await chrome?.crash();
    rmSync(profile, { recursive: true, force: true });
  });
  const url = "indexeddb://crash";
  const specs = { old: [1, 20, 5], new: [5, 400, 100] };
  const seen = { old: 0, new: 0, torn: 0 };
  chrome = await startChromium(profile);
  for (const delay of [0, 10, 30, 60, 100, 200, 400, 800]) {
    await within(60_000, "saving the old model", chrome.page.evaluate(([url, specs]) => window.train(...specs.old).save(url), [url, specs]));
    await chrome.page.evaluate(([url, specs]) => { window.train(...specs.new).save(url); }, [url, specs]);
    await new Promise((r) => setTimeout(r, delay));
    await chrome.crash();
    chrome = await startChromium(profile);
    const got = await within(60_000, `loading after a kill ${delay} ms into the save`, chrome.page.evaluate(async ([url, specs]) => window.which((await rv.Model.load(url)).serialize(), specs), [url, specs]));
    seen[got]++;
  }
  await chrome.crash();
  console.log(`# indexeddb: after Chromium was killed during the save: ${JSON.stringify(seen)}`);
  assert.equal(seen.torn, 0);
  assert.equal(seen.old + seen.new, 8);
});

test("a corrupt save gives a clear error and is left as it was; a newer format says so", { skip: skipBrowser, timeout: 60_000 }, async (t) => {
  const { page } = await freshPage(t);
  const r = await page.evaluate(async () => {
    const m = window.train(1, 20, 5);
    const out = {};
    // localStorage: truncated, then one character changed, then not a save at all.
    await m.save("localstorage://c");
    const key = "rivulet_models/c";
    const good = localStorage.getItem(key);
    const cases = {
      truncated: good.slice(0, good.length - 10),
      edited: good.replace('"n_learned":20,"features"', '"n_learned":21,"features"'),
      garbage: "hello",
      newer: good.replace('"version":2', '"version":9'),
      badModel: (() => { const [h, body] = good.split("\n"); return h + "\n" + body; })().replace('"rivulet-model"', '"rivulet-modex"'),
    };
    for (const [name, text] of Object.entries(cases)) {
      localStorage.setItem(key, text);
      out[name] = await window.failure(rv.Model.load("localstorage://c"));
      out[name].unchanged = localStorage.getItem(key) === text;
    }
    // A whole, checksummed save of a model format newer than this rivulet reads.
    const fnv1a64 = (text) => {
      let h = 0xcbf29ce484222325n;
      for (const byte of new TextEncoder().encode(text)) h = ((h ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
      return h.toString(16).padStart(16, "0");
    };
    const body = good.split("\n")[1].replace('{"format":"rivulet-model","version":1,', '{"format":"rivulet-model","version":2,');
    const header = { ...JSON.parse(good.split("\n")[0]), bytes: body.length, fnv1a64: fnv1a64(body) };
    const checksumOfGood = fnv1a64(good.split("\n")[1]) === JSON.parse(good.split("\n")[0]).fnv1a64;
    localStorage.setItem(key, JSON.stringify(header) + "\n" + body);
    out.newerModel = await window.failure(rv.Model.load("localstorage://c"));
    out.newerModel.checksumOfGood = checksumOfGood;
    // A save over a corrupt one repairs it.
    await m.save("localstorage://c");
    out.repaired = (await rv.Model.load("localstorage://c")).n_learned;
    // IndexedDB: a truncated text and a value that is not text, put there directly.
    await m.save("indexeddb://c");
    const db = await new Promise((ok, no) => { const r = indexedDB.open("rivulet_models", 1); r.onsuccess = () => ok(r.result); r.onerror = () => no(r.error); });
    const put = (value) => new Promise((ok, no) => {
      const tx = db.transaction(["models"], "readwrite");
      tx.objectStore("models").put(value, "c");
      tx.oncomplete = ok; tx.onabort = () => no(tx.error);
    });
    await put(good.slice(0, 200));
    out.idbTruncated = await window.failure(rv.Model.load("indexeddb://c"));
    await put({ not: "text" });
    out.idbNotText = await window.failure(rv.Model.load("indexeddb://c"));
    db.close();
    return out;
  });
  const expect = {
    truncated: /localstorage:\/\/c: the save cannot be read: it is truncated or was changed: its header says \d+ bytes of model, \d+ are there\. Nothing was changed/,
    edited: /its checksum does not match its model text/,
    garbage: /it is neither a rivulet save nor a model's serialize\(\) text/,
    badModel: /its checksum does not match/,
    idbTruncated: /indexeddb:\/\/c: the save cannot be read: it is truncated or was changed/,
    idbNotText: /indexeddb:\/\/c: the save cannot be read: it is not text/,
  };
  for (const [name, re] of Object.entries(expect)) {
    assert.equal(r[name].code, "corrupt", `${name}: ${JSON.stringify(r[name])}`);
    assert.match(r[name].message, re, name);
  }
  for (const name of ["truncated", "edited", "garbage", "newer", "badModel"]) assert.equal(r[name].unchanged, true, name);
  assert.equal(r.newer.code, "newer_version");
  assert.match(r.newer.message, /saved by a newer rivulet \(storage format 9; this one reads up to 2\); nothing was changed/);
  assert.equal(r.newerModel.checksumOfGood, true, "the test's FNV-1a agrees with the saved checksum");
  assert.equal(r.newerModel.code, "newer_version", JSON.stringify(r.newerModel));
  assert.match(r.newerModel.message, /version 2 is newer than this rivulet supports \(1\); nothing was changed/);
  assert.equal(r.repaired, 20);
});

test("a bare serialize() text (storage format 1, as the README showed) loads with a warning; nothing is rewritten", { skip: skipBrowser, timeout: 60_000 }, async (t) => {
  const { page } = await freshPage(t);
  const r = await page.evaluate(async () => {
    const m = window.train(2, 30, 4);
    localStorage.setItem("model", m.serialize());
    const loaded = await rv.Model.load("localstorage://model");
    const list = await rv.Model.list_models();
    return {
      same: loaded.serialize() === m.serialize(),
      keys: Object.keys(localStorage),
      oldUnchanged: localStorage.getItem("model") === m.serialize(),
      list,
      corrupt: await (async () => {
        localStorage.setItem("model", m.serialize().slice(0, 100));
        return window.failure(rv.Model.load("localstorage://model"));
      })(),
      notAModel: await (async () => {
        localStorage.setItem("other", "just a string");
        return window.failure(rv.Model.load("localstorage://other"));
      })(),
    };
  });
  assert.equal(r.same, true);
  assert.deepEqual(r.keys, ["model"]);
  assert.equal(r.oldUnchanged, true);
  assert.deepEqual(r.list, []);
  assert.equal(page.warnings.length, 1, page.warnings.join("\n"));
  assert.match(page.warnings[0], /rivulet: localstorage:\/\/model: loaded a save in the old storage format 1 \(a bare serialize\(\) text under localStorage key 'model'\); save\(\) writes format 2/);
  assert.equal(r.corrupt.code, "corrupt");
  assert.match(r.corrupt.message, /the model does not load \(invalid serialized model: not JSON/);
  assert.equal(r.notAModel.code, "not_found");
});

test("Node: every storage call rejects with a clear 'not available in this environment'", async () => {
  const { default: init, Model, is_storage_error } = await import(join(PKG, "full", "node-entry.js"));
  await init();
  assert.equal(is_storage_error(new Error("x")), false);
  assert.equal(is_storage_error({ name: "StorageError" }), false);
  const m = new Model();
  m.learn_one({ hour: 3 }, 1200);
  const calls = {
    "save localstorage": m.save("localstorage://m"),
    "save indexeddb": m.save("indexeddb://m"),
    "load localstorage": Model.load("localstorage://m"),
    "load indexeddb": Model.load("indexeddb://m"),
    remove: Model.remove_model("indexeddb://m"),
    list: Model.list_models(),
  };
  for (const [what, p] of Object.entries(calls)) {
    await assert.rejects(p, (e) => {
      assert.ok(e instanceof Error, what);
      assert.equal(is_storage_error(e), true, what);
      assert.equal(e.name, "StorageError", what);
      assert.equal(e.code, "unavailable", what);
      assert.match(e.message, /(localStorage|indexedDB) is not available in this environment|neither localStorage nor indexedDB is available in this environment/, what);
      assert.match(e.message, /\(browser pages have (it|them); Node\.js does not: use serialize\(\) and Model\.deserialize\(\) there\)$/, what);
      return true;
    });
  }
  await assert.rejects(m.save("s3://bucket/m"), (e) => e.code === "bad_url");
});

// The page end to end in the two other engines: the real proxy (simulated league, featured
// games off as on Riot today) and headless Firefox ESR (SpiderMonkey) and WebKitGTK's MiniBrowser
// (JavaScriptCore, Safari's engine), driven through WebDriver by selenium-webdriver
// (tests/e2e/engines.mjs; Playwright drives only its own patched builds of these, which cannot
// be fetched here). The Chromium suite (page.test.mjs) covers the page's every path; this one
// walks the path a player takes (load, follow games by Riot ID, a live prediction, the matches
// end and the model learns, a reload keeps it) and fails on any uncaught exception,
// unhandled rejection or console error: collected in the page after it starts, and in Firefox
// also from the first line through WebDriver BiDi. `./x setup` installs the engines.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { By, Key } from "selenium-webdriver";
import LogInspector from "selenium-webdriver/bidi/logInspector.js";
import { ENGINES, openDriver } from "./engines.mjs";
import { ARTIFACTS, missingPrerequisite, startProxy } from "./harness.mjs";

const T = 90_000; // per-test bound
const WAIT = 45_000; // per-condition bound inside a test

let proxy;

before(async () => {
  const why = missingPrerequisite();
  if (why) throw new Error(`end-to-end tests cannot run: ${why}`);
  proxy = await startProxy({ timeScale: 200, seed: 11 });
});

after(async () => {
  await proxy?.stop();
});

// Installed in the page once it has started (and again after a reload): what goes wrong later.
const COLLECT = `if (!window.__errors) {
  window.__errors = [];
  addEventListener("error", (e) => __errors.push("exception: " + e.message));
  addEventListener("unhandledrejection", (e) => __errors.push("rejection: " + (e.reason && e.reason.message || e.reason)));
  const error = console.error.bind(console);
  console.error = (...a) => { __errors.push("console: " + a.join(" ")); error(...a); };
}`;

/** Helpers over one WebDriver session; `errors` collects what BiDi reports (Firefox). */
function pageOf(driver, errors) {
  const all = async () => [...errors, ...((await driver.executeScript("return window.__errors ?? []")) ?? [])];
  /** Poll `script` (a function body run in the page, with `arguments`) until it returns
   * something truthy; returns that. */
  const until = async (script, what, ...args) => {
    const deadline = Date.now() + WAIT;
    for (;;) {
      const v = await driver.executeScript(script, ...args);
      if (v) return v;
      if (Date.now() > deadline) {
        const notices = await driver.executeScript("return document.getElementById('notices')?.textContent");
        throw new Error(`timed out waiting for ${what} (notices: ${JSON.stringify(notices)}; errors: ${JSON.stringify(await all())})`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const storedModel = () => driver.executeScript("return JSON.parse(localStorage.getItem('rivulet.model.v1'))");
  const text = (id) => driver.executeScript("return document.getElementById(arguments[0]).textContent", id);

  /** Follow `count` live games by typing suggested players' Riot IDs, as a visitor would. */
  const followByRiotId = async (count) => {
    const ids = [];
    const tried = new Set();
    const deadline = Date.now() + WAIT;
    while (ids.length < count) {
      if (Date.now() > deadline) throw new Error(`found only ${ids.length} of ${count} games by Riot ID`);
      const meta = await driver.executeAsyncScript("fetch('/api/meta').then((r) => r.json()).then(arguments[0])");
      const s = (meta.suggestions ?? []).find((x) => !tried.has(`${x.gameName}#${x.tagLine}`));
      if (!s) { await new Promise((r) => setTimeout(r, 200)); continue; }
      const riotId = `${s.gameName}#${s.tagLine}`;
      tried.add(riotId);
      const before = await driver.executeScript("return (JSON.parse(localStorage.getItem('rivulet.tracked.v1'))?.matches ?? []).map((m) => m.id)");
      await driver.executeScript("document.getElementById('add-status').dataset.kind = ''");
      const input = await driver.findElement(By.id("riot-id"));
      await input.clear();
      await input.sendKeys(riotId, Key.ENTER);
      const kind = await until(`const k = document.getElementById("add-status").dataset.kind;
        return ["added", "already", "not-in-game", "unknown-id"].includes(k) && !document.getElementById("add-button").disabled && k;`, `the lookup of ${riotId}`);
      if (kind !== "added") continue;
      const id = await driver.executeScript("return (JSON.parse(localStorage.getItem('rivulet.tracked.v1'))?.matches ?? []).map((m) => m.id).find((i) => !arguments[0].includes(i))", before);
      await until("return document.querySelector(`#matches [data-id=\"${arguments[0]}\"]`)", `the card of ${id}`, id);
      ids.push(id);
    }
    return ids;
  };
  return { all, until, storedModel, text, followByRiotId };
}

for (const engine of ENGINES) {
  describe(`the page in ${engine}`, () => {
    let session;
    const errors = [];
    before(async () => {
      session = await openDriver(engine);
      if (engine === "firefox") {
        const inspector = await LogInspector(session.driver);
        await inspector.onJavascriptException((e) => errors.push(`exception: ${e.text}`));
        // 404 (not in game, match not over yet) and 429 are answers the page handles, not errors.
        await inspector.onConsoleEntry((e) => {
          if (e.level === "error" && !/\b(404|429)\b/.test(e.text)) errors.push(`console: ${e.text}`);
        });
      }
    });
    after(async () => {
      await session?.quit();
    });

    test("loads, follows games by Riot ID, predicts, learns, and keeps the model across a reload", { timeout: T }, async () => {
      const driver = session.driver;
      const { all, until, storedModel, text, followByRiotId } = pageOf(driver, errors);
      await driver.get(proxy.url);
      await until("return document.body.dataset.ready", "the page to start");
      assert.equal(await driver.executeScript("return document.body.dataset.ready"), "1", `started (notices: ${await text("notices")})`);
      await driver.executeScript(COLLECT);
      assert.equal(await driver.executeScript("return document.getElementById('mode').dataset.mode"), "simulated");
      assert.ok(await driver.executeScript("return document.querySelectorAll('#suggestions li').length") > 0, "suggestions are shown");
      assert.equal(await text("stat-learned"), "0");
      const fresh = await storedModel();
      assert.ok(fresh && fresh.model.length > 0, "a fresh model is saved at start");

      const ids = await followByRiotId(3);
      assert.equal(new Set(ids).size, 3);
      const expected = await until("return document.querySelector('#matches .match[data-status=\"live\"] .expected')?.textContent", "a live prediction");
      assert.match(expected, /^\d+:\d\d/);
      const interval = await driver.executeScript("return document.querySelector('#matches .match[data-status=\"live\"] .interval')?.textContent");
      assert.match(interval, /^\d+:\d\d – \d+:\d\d/);

      const n = await until("const n = Number(document.getElementById('stat-learned').textContent); return n >= 2 && n", "two matches learned");
      const learned = await storedModel();
      assert.notEqual(learned.model, fresh.model, "the stored model changed");
      assert.equal(JSON.parse(learned.model).n_learned, learned.history.length);
      assert.ok(learned.history.length >= n);
      for (const h of learned.history) assert.ok(ids.includes(h.id), `learned a followed match (${h.id})`);
      assert.match(await text("stat-mae"), /^\d+:\d\d$/, "MAE appears");
      assert.ok(await driver.executeScript("return document.querySelectorAll('#chart .dots circle').length") >= 2, "the chart plots the errors");
      mkdirSync(ARTIFACTS, { recursive: true });
      writeFileSync(join(ARTIFACTS, `${engine}-learned.png`), await driver.takeScreenshot(), "base64");
      const beforeReload = await all();

      await driver.navigate().refresh();
      await until("return document.body.dataset.ready === '1'", "the page after the reload");
      await driver.executeScript(COLLECT);
      const kept = await storedModel();
      for (const h of learned.history) assert.ok(kept.history.some((x) => x.id === h.id), `history kept (${h.id})`);
      await until(`const d = JSON.parse(localStorage.getItem("rivulet.model.v1"));
        return document.getElementById("stat-learned").textContent === String(d.history.length);`, "the reloaded page to show the stored model");
      const shown = await driver.executeScript("return [...document.querySelectorAll('#matches .match')].map((e) => e.dataset.id)");
      assert.deepEqual([...shown].sort(), [...ids].sort(), "every followed match is back");
      assert.deepEqual([...beforeReload, ...await all()], []);
    });
  });
}

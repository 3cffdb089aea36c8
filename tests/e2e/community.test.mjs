// Community learning end to end: the real proxy (simulated league, community log in a temp data
// folder) and the page in headless Chromium, several browser contexts (several visitors).

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { launchBrowser, missingPrerequisite, newContext, openPage, screenshot, startProxy, stored, trackFeatured } from "./harness.mjs";

const T = 120_000;
const WAIT = 60_000;

let proxy, browser;

before(async () => {
  const why = missingPrerequisite();
  if (why) throw new Error(`end-to-end tests cannot run: ${why}`);
  // Featured games on: this suite tracks games from the featured list (the default is off, as Riot).
  proxy = await startProxy({ timeScale: 200, seed: 13, community: true, args: ["--featured", "on"] });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await proxy?.stop();
});

async function until(page, fn, arg, what, timeout = WAIT) {
  try {
    const handle = await page.waitForFunction(fn, arg, { timeout, polling: 100 });
    return handle.jsonValue();
  } catch (e) {
    const notices = await page.locator("#notices").innerText().catch(() => "?");
    throw new Error(`timed out waiting for ${what} (notices: ${JSON.stringify(notices)}; page errors: ${JSON.stringify(page.errors)})`, { cause: e });
  }
}

async function proxyJson(path) {
  const res = await fetch(`${proxy.url}${path}`);
  assert.equal(res.status, 200, path);
  return { body: await res.json(), headers: res.headers };
}

const nLearned = (doc) => JSON.parse(doc.model).n_learned;

describe("community learning", () => {
  test("a new visitor's first prediction comes from a community model holding another visitor's matches", { timeout: T }, async () => {
    const a = await newContext(browser);
    let learnedIds;
    try {
      const page = await openPage(a, `${proxy.url}/?community=2`);
      await trackFeatured(page, 4);
      await until(page, () => JSON.parse(localStorage.getItem("rivulet.model.v1")).history.length >= 2, null, "two matches learned by visitor A");
      learnedIds = (await stored(page)).model.history.map((h) => h.id);
    } finally {
      await a.close();
    }
    const { body: where } = await proxyJson(`/api/community/positions?ids=${learnedIds.join(",")}`);
    const positions = learnedIds.map((id) => where.positions[id]);
    assert.ok(positions.every((p) => Number.isInteger(p) && p >= 1), `A's matches are in the log: ${JSON.stringify(where)}`);
    const highest = Math.max(...positions);

    const b = await newContext(browser);
    try {
      const page = await openPage(b, `${proxy.url}/?community=3600`);
      const doc = (await stored(page)).model;
      assert.ok(doc.base, "B's model starts from the community snapshot");
      assert.ok(doc.base.position >= highest, `the snapshot (position ${doc.base.position}) holds A's matches (up to ${highest})`);
      assert.equal(doc.history.length, 0, "B itself learned nothing yet");
      assert.equal(doc.inherited.learned, nLearned(doc), "the snapshot's record is inherited");
      assert.equal(await page.innerText("#local-learned"), "0");
      assert.equal(await page.innerText("#stat-learned"), "0");
      assert.equal(nLearned(doc), doc.base.learned);
      assert.ok(doc.base.learned >= learnedIds.length);
      // B's first prediction: made with that model.
      await trackFeatured(page, 1);
      const check = await until(page, async () => {
        const t = JSON.parse(localStorage.getItem("rivulet.tracked.v1")).matches.find((m) => m.pregame);
        if (!t) return false;
        const { Model } = await import("/js/model.js");
        const m = new Model(JSON.parse(localStorage.getItem("rivulet.model.v1")).model);
        const expected = m.predict(t.game, t.extras, 0).expected;
        m.free();
        return { shown: t.pregame.expected, expected };
      }, null, "B's first prediction");
      assert.equal(check.shown, check.expected);
      assert.match(await page.innerText("#community-note"), /started from the community model/);
      assert.equal(await page.innerText("#local-learned"), "0");
      assert.notEqual(await page.innerText("#community-learned"), "–");
      assert.notEqual(await page.innerText("#community-mae"), "–");
      await screenshot(page, "community-01-new-visitor");
      assert.deepEqual(page.errors, []);
    } finally {
      await b.close();
    }
  });

  test("the privacy switch holds across reloads", { timeout: T }, async () => {
    const ctx = await newContext(browser);
    try {
      let page = await openPage(ctx, `${proxy.url}/?community=1`);
      await until(page, () => JSON.parse(localStorage.getItem("rivulet.model.v1")).base, null, "a community base");
      await page.check("#learn-only-mine");
      await until(page, () => !JSON.parse(localStorage.getItem("rivulet.model.v1")).base, null, "the local-only model");
      let doc = (await stored(page)).model;
      assert.equal(nLearned(doc), doc.history.length, "only this browser's matches");
      assert.equal(doc.inherited, undefined);
      await page.reload();
      await page.waitForFunction(() => document.body.dataset.ready === "1");
      assert.equal(await page.isChecked("#learn-only-mine"), true);
      // Several refresh periods later it is still local only.
      await page.waitForTimeout(3_000);
      doc = (await stored(page)).model;
      assert.equal(doc.base, undefined);
      assert.match(await page.innerText("#community-note"), /only from this browser's own matches/);
      // A new tab of the same visitor starts local only too.
      page = await openPage(ctx, `${proxy.url}/?community=1`);
      assert.equal(await page.isChecked("#learn-only-mine"), true);
      await page.uncheck("#learn-only-mine");
      await until(page, () => JSON.parse(localStorage.getItem("rivulet.model.v1")).base, null, "back on the community model");
      assert.equal(JSON.parse(await page.evaluate(() => localStorage.getItem("rivulet.settings.v1"))).learnOnlyMine, false);
      assert.deepEqual(page.errors, []);
    } finally {
      await ctx.close();
    }
  });

  test("a newer snapshot loses no local match", { timeout: T }, async () => {
    const ctx = await newContext(browser);
    try {
      let page = await openPage(ctx, `${proxy.url}/?community=1`);
      await until(page, () => JSON.parse(localStorage.getItem("rivulet.model.v1")).base, null, "a community base");
      // A match this browser learned that the proxy never logged (say, from another proxy).
      await page.evaluate(async () => {
        const { Model } = await import("/js/model.js");
        const { journalEntry } = await import("/js/community.js");
        const res = await fetch("/api/euw1/lol/spectator/v5/featured-games");
        const game = (await res.json()).gameList[0];
        const d = JSON.parse(localStorage.getItem("rivulet.model.v1"));
        const m = new Model(d.model);
        const pre = m.learn(game, {}, 1500);
        d.model = m.serialize();
        m.free();
        d.journal.push(journalEntry("EUW1_1", game, {}, 1500));
        d.history.push({ id: "EUW1_1", label: "elsewhere", predicted: pre.expected, lo80: pre.lo80, hi80: pre.hi80, actual: 1500, absErr: Math.abs(pre.expected - 1500), learnedAt: Date.now() });
        localStorage.setItem("rivulet.model.v1", JSON.stringify(d));
      });
      await page.reload();
      await page.waitForFunction(() => document.body.dataset.ready === "1");
      const before = (await stored(page)).model;
      // Learn matches here too; the proxy logs them, its snapshot moves on, the page follows.
      await trackFeatured(page, 3);
      const after = await until(page, (pos) => {
        const d = JSON.parse(localStorage.getItem("rivulet.model.v1"));
        return d.history.length >= 3 && d.base.position > pos && d.journal.every((e) => "p" in e) && d;
      }, before.base.position, "a newer snapshot adopted after local learning");
      const ids = after.journal.map((e) => e.id);
      assert.ok(ids.includes("EUW1_1"), "the journal keeps the outside match");
      const notInBase = after.journal.filter((e) => e.p == null || e.p > after.base.position);
      assert.ok(notInBase.some((e) => e.id === "EUW1_1"), "the snapshot does not hold it");
      assert.equal(nLearned(after), after.base.learned + notInBase.length, "snapshot + this browser's matches it lacks");
      assert.equal(after.history.length, after.journal.length);
      // This browser's count survives the move to a newer snapshot (the rest is inherited).
      await until(page, () => document.getElementById("local-learned").textContent === String(JSON.parse(localStorage.getItem("rivulet.model.v1")).history.length), null, "this browser's count on the new snapshot");
      const held = after.journal.filter((e) => e.p != null && e.p <= after.base.position).map((e) => e.id);
      const { body } = await proxyJson(`/api/community/positions?ids=${held.join(",") || "EUW1_1"}`);
      for (const id of held) assert.ok(body.positions[id] <= after.base.position);
      await until(page, () => /started from the community model/.test(document.getElementById("community-note").textContent), null, "the note");
      await screenshot(page, "community-02-newer-snapshot");
      page = null;
    } finally {
      await ctx.close();
    }
  });
});

// Backfill end to end: the real proxy (simulated league, community log in a temp data folder)
// and the page in headless Chromium. Looking a player up makes the proxy fetch their recent
// matches in the background; the page's community panel shows the progress ("k/n") and then the
// community model holding them.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { launchBrowser, missingPrerequisite, newContext, openPage, screenshot, startProxy } from "./harness.mjs";

const WAIT = 60_000;
const N = 12;

let proxy, browser;

before(async () => {
  const why = missingPrerequisite();
  if (why) throw new Error(`end-to-end tests cannot run: ${why}`);
  // 150 ms between backfill requests: the 13 requests take about 2 s, long enough to be seen.
  proxy = await startProxy({ timeScale: 100, seed: 21, community: true, args: ["--backfill", String(N), "--backfill-spacing-ms", "150"] });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await proxy?.stop();
});

test("a looked-up player's recent games are learned in the background, with the progress shown", { timeout: 120_000 }, async () => {
  const context = await newContext(browser);
  const page = await openPage(context, `${proxy.url}/?community=2`);
  // Every line the backfill list shows, as it changes.
  await page.evaluate(() => {
    window.backfillSeen = [];
    new MutationObserver(() => {
      for (const li of document.querySelectorAll("#backfill li")) {
        if (window.backfillSeen.at(-1) !== li.textContent) window.backfillSeen.push(li.textContent);
      }
    }).observe(document.getElementById("backfill"), { childList: true, subtree: true, characterData: true });
  });
  const meta = await page.evaluate(() => fetch("/api/meta").then((r) => r.json()));
  const s = meta.suggestions[0];
  const who = `${s.gameName}#${s.tagLine}`;
  await page.fill("#riot-id", who);
  await page.press("#riot-id", "Enter");
  const done = new RegExp(`^Learned from ${who.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}'s ${N} recent games: ${N}/${N} \\(${N} new to the community model\\)$`);
  await page.waitForFunction((src) => [...document.querySelectorAll("#backfill li")].some((li) => new RegExp(src).test(li.textContent)), done.source, { timeout: WAIT, polling: 100 });
  const seen = await page.evaluate(() => window.backfillSeen);
  assert.ok(seen.some((t) => new RegExp(`: ([0-9]|1[01])/${N}$`).test(t) && t.startsWith(`Learning from ${who}'s ${N} recent games`)), `progress shown on the way: ${JSON.stringify(seen)}`);
  // The community model learned them, and the page says so.
  const learned = await page.waitForFunction((n) => Number(document.getElementById("community-learned").textContent) >= n, N, { timeout: WAIT, polling: 200 }).then(() => page.locator("#community-learned").innerText());
  assert.ok(Number(learned) >= N, learned);
  await screenshot(page, "backfill-progress");
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("follow checks are sent as bulk work, a visitor's lookups are not", { timeout: 120_000 }, async () => {
  const context = await newContext(browser);
  const page = await openPage(context, proxy.url);
  const seen = [];
  page.on("request", (r) => {
    if (r.url().includes("/lol/spectator/v5/active-games/") || r.url().includes("/riot/account/v1/")) seen.push({ url: r.url(), priority: r.headers()["x-rivulet-priority"] ?? null });
  });
  const meta = await page.evaluate(() => fetch("/api/meta").then((r) => r.json()));
  const s = meta.idle[0];
  await page.fill("#riot-id", `${s.gameName}#${s.tagLine}`);
  await page.click("#follow-button");
  // The follow loop checks the followed player within a few seconds (at most one check a second).
  await page.waitForFunction(() => !document.getElementById("followed-box").hidden, null, { timeout: WAIT });
  const t0 = Date.now();
  while (!seen.some((r) => r.url.includes("/active-games/")) && Date.now() - t0 < WAIT) await new Promise((r) => setTimeout(r, 100));
  const checks = seen.filter((r) => r.url.includes("/active-games/"));
  assert.ok(checks.length > 0, "a follow check was sent");
  assert.ok(checks.every((r) => r.priority === "bulk"), JSON.stringify(checks));
  const lookups = seen.filter((r) => r.url.includes("/riot/account/v1/"));
  assert.ok(lookups.length > 0 && lookups.every((r) => r.priority === null), JSON.stringify(lookups));
  assert.deepEqual(page.errors, []);
  await context.close();
});

// "Why this prediction" end to end: the real proxy (simulated league) and the real page wasm in
// headless Chromium. A live card decomposes its prediction into the mode's typical duration plus
// the largest contributions, and the numbers shown add up to the prediction shown (within the
// rounding of each line to the second). The page has no WCAG 2 A/AA violations (axe-core) with
// cards shown.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ARTIFACTS, ROOT, launchBrowser, missingPrerequisite, newContext, openPage, screenshot, startProxy, trackByRiotId, trackFeatured } from "./harness.mjs";

const T = 90_000;
const WAIT = 45_000;
let proxy, browser;

before(async () => {
  const why = missingPrerequisite();
  if (why) throw new Error(`end-to-end tests cannot run: ${why}`);
  // Time ×60: a game lasts about half a minute of test time, long enough to read its card.
  // Featured games on: this suite tracks games from the featured list (the default is off, as Riot).
  proxy = await startProxy({ timeScale: 60, seed: 5, args: ["--featured", "on"] });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await proxy?.stop();
});

async function until(page, fn, arg, what) {
  try {
    return await (await page.waitForFunction(fn, arg, { timeout: WAIT, polling: 100 })).jsonValue();
  } catch (e) {
    throw new Error(`timed out waiting for ${what} (page errors: ${JSON.stringify(page.errors)})`, { cause: e });
  }
}

/** "31:40", "+1:10", "−0:20" → seconds. */
function seconds(text) {
  const m = text.trim().match(/^([+−-]?)(\d+):(\d\d)$/);
  assert.ok(m, `a duration: ${JSON.stringify(text)}`);
  return (m[1] === "−" || m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/** The decomposition of a live card, read in one go (the card re-renders as time runs): its
 * lines, its total, the card's displayed prediction, its notes. */
async function readCard(card) {
  const raw = await card.evaluate((el) => {
    const texts = (sel) => [...el.querySelectorAll(sel)].map((n) => n.textContent);
    return {
      labels: texts(".why-table tbody th"), values: texts(".why-table tbody td"),
      total: el.querySelector(".why-total").textContent, shown: el.querySelector(".expected").textContent,
      notes: texts(".why-note"),
    };
  });
  return { ...raw, values: raw.values.map(seconds), total: seconds(raw.total), shown: seconds(raw.shown) };
}

function assertAddsUp({ labels, values, total, shown }, what) {
  assert.equal(total, shown, `${what}: the decomposition's total is the prediction shown`);
  const sum = values.reduce((a, b) => a + b, 0);
  // Read as shown, to the second: the rows are rounded so that they add up (roundKeepingSum).
  assert.equal(sum, total, `${what}: ${labels.map((l, i) => `${l} ${values[i]}`).join("; ")} = ${sum} vs ${total}`);
  assert.match(labels[0], /: typical$/, `${what}: starts with the mode's typical duration`);
  for (const l of labels) assert.doesNotMatch(l, /champ=|ban=|spell=|\|/, `${what}: human names, not keys (${l})`);
}

/** A DurationPredictor that has learned 40 games like the tracked ones (with their ranks and
 * masteries when `withExtras`), as an exported file. */
async function warmModel(page, withExtras = false) {
  return page.evaluate(async (withExtras) => {
    const mod = await import("/pkg/page/web/rivulet.js");
    await mod.default();
    const matches = JSON.parse(localStorage.getItem("rivulet.tracked.v1")).matches;
    const p = new mod.DurationPredictor();
    for (let i = 0; i < 40; i++) {
      for (const { game: g, extras } of matches) {
        // With extras: higher-ranked games end sooner (a pattern for the ranks' weights to learn).
        const ranks = withExtras ? mod.featurize(g, extras).rank_mean ?? 0 : 0;
        p.learn(g, withExtras ? extras : undefined, 1500 + 37 * ((i * 7 + g.participants[0].championId) % 17) - 60 * ranks);
      }
    }
    const text = p.serialize();
    p.free();
    return text;
  }, withExtras);
}

describe("why this prediction", () => {
  test("the card's arithmetic: rounding that keeps the sum, the change note, human names", { timeout: T }, async () => {
    const ctx = await newContext(browser);
    try {
      const page = await openPage(ctx, proxy.url);
      const r = await page.evaluate(async () => {
        const x = await import("/js/explain.js");
        const { championName } = await import("/js/model.js");
        const e = (expected) => ({ expected });
        const game = { gameQueueConfigId: 420, gameMode: "CLASSIC" };
        const warm = (parts) => ({
          typical: 1800, warm: true, clamp: 0, elapsed: 0, elapsed_shift: 0,
          parts: parts.map(([feature, contribution]) => ({ feature, contribution })),
          expected: 1800 + parts.reduce((s, [, c]) => s + c, 0),
        });
        return {
          // 3 × 0.4 s + 29:00.8 = 29:02: rounded alone the rows say 29:01.
          rounded: x.roundKeepingSum([1740.8, 0.4, 0.4, 0.4], 1742),
          negative: x.roundKeepingSum([1800, -0.6, -0.6], 1798.8),
          // The time played adds 1:00 and the matches learned since take 0:54 away: no share.
          opposite: x.changeNote(e(1866), e(1806), 1860),
          same: x.changeNote(e(1900), e(1810), 1800),
          allTime: x.changeNote(e(1900), e(1800), 1800),
          none: x.changeNote(e(1800), e(1800), 1800),
          // A warm card shows the 3-5 largest groups: two of half a second or more and the
          // next largest (+0:00), or the 5 largest of 7 and "Everything else".
          few: x.decompose(warm([["champ=103", 30], ["ban=27", 2], ["spell=4", 0.2], ["hour=21", 0.1]]), game).map((l) => l.kind),
          many: x.decompose(warm([["champ=103", 30], ["ban=27", -9], ["spell=4", 8], ["hour=21", 7], ["rank_mean", -6], ["mastery_mean", 5], ["mode=ARAM", 4]]), game).map((l) => l.kind),
          names: ["champ=103", "blue:champ=103", "other:champ=7", "ARAM|champ=84", "TUTORIAL_MODULE_1|champ=84", "pair=7+103", "ban=27", "spell=4", "hour=21"].map(x.subjectOf),
          champions: Object.fromEntries([103, 7, 84, 27].map((id) => [id, championName(id)])),
        };
      });
      assert.deepEqual(r.few, ["typical", "champions", "bans", "spells"]);
      assert.deepEqual(r.many, ["typical", "champions", "bans", "spells", "time", "ranks", "rest"]);
      assert.deepEqual(r.rounded, [1741, 1, 0, 0]);
      assert.deepEqual(r.negative, [1800, 0, -1]);
      assert.equal(r.opposite, "Since the pre-game prediction (31:00): +0:06: +1:00 from the time already played, −0:54 from the matches learned since.");
      assert.equal(r.same, "Since the pre-game prediction (30:00): +1:40: +1:30 (90 %) from the time already played, +0:10 from the matches learned since.");
      assert.equal(r.allTime, "Since the pre-game prediction (30:00): +1:40, all of it from the time already played.");
      assert.equal(r.none, null);
      const c = r.champions;
      assert.ok(Object.values(c).every((n) => /^[A-Z][\w' .&]+$/.test(n)), JSON.stringify(c));
      assert.deepEqual(r.names, [c[103], `${c[103]} (blue)`, `${c[7]} (other)`, `${c[84]} in ARAM`, `${c[84]} in TUTORIAL_MODULE_1`, `${c[7]} + ${c[103]}`, `${c[27]} banned`, "Flash", "21:00"]);
      assert.ok(r.names.every((n) => !/=|\|/.test(n)), `names, not keys: ${r.names}`);
    } finally {
      await ctx.close();
    }
  });

  test("cards decompose their prediction, the parts add up, and axe finds no WCAG 2 A/AA violation", { timeout: T }, async () => {
    const ctx = await newContext(browser);
    try {
      const page = await openPage(ctx, proxy.url);
      await trackFeatured(page);
      await until(page, () => document.querySelector('#matches .match[data-status="live"] .why-table'), null, "a decomposition");
      const card = page.locator('#matches .match[data-status="live"]:has(.why-table)').first();
      // A fresh model: the prior dominates, said in words.
      const cold = await readCard(card);
      assertAddsUp(cold, "cold");
      assert.ok(cold.notes.some((n) => /prior dominates/.test(n)), `says the prior dominates (${cold.notes})`);
      assert.ok(!cold.labels.some((l) => /^(Champions|Bans|Ranks|Champion mastery|Time of day|Summoner spells)/.test(l)), `no per-group noise while warming up (${cold.labels})`);
      await screenshot(page, "explain-cold");

      // A model warm on these modes: the largest contributions, grouped, with champion names.
      const text = await warmModel(page);
      await page.setInputFiles("#model-import-file", { name: "warm.json", mimeType: "application/json", buffer: Buffer.from(text) });
      await until(page, () => /^\d+ matches learned/.test(document.getElementById("model-summary").textContent) &&
        !document.querySelector('#matches .match[data-status="live"] .why-note.prior'), null, "the warm model on the cards");
      const warm = await readCard(card);
      assertAddsUp(warm, "warm");
      const groupLines = warm.labels.filter((l) => /^(Game mode|Champions|Bans|Ranks|Champion mastery|Time of day|Summoner spells|Other)\b/.test(l));
      assert.ok(groupLines.length >= 3 && groupLines.length <= 5, `the 3-5 largest groups (${warm.labels})`);
      assert.ok(warm.labels.some((l) => /^Champions: \D+/.test(l)), `a champions line with names (${warm.labels})`);
      assert.ok(!warm.notes.some((n) => /prior dominates/.test(n)));
      // Once the game has started: how much of the change since the pre-game prediction comes
      // from the time already played. Its numbers are the card's: the change is the prediction
      // shown minus the pre-game one, and the time's part is the "Time already played" row.
      await until(page, () => document.querySelector('.match[data-status="live"] .why-note.elapsed-share'), null, "the elapsed share");
      const notes = page.locator('#matches .match[data-status="live"]:has(.why-note.elapsed-share)');
      let mostPlayed = { i: 0, time: -1 }; // the card the screenshot shows
      for (let i = 0; i < await notes.count(); i++) {
        const c = await readCard(notes.nth(i));
        assertAddsUp(c, `card ${i} with the note`);
        const note = c.notes.find((n) => n.startsWith("Since the pre-game prediction"));
        const m = note.match(/^Since the pre-game prediction \((\d+:\d\d)\): ([+−]\d+:\d\d)(?:, all of it from the time already played\.|, all of it from the matches learned since, none from the time already played\.|: ([+−]\d+:\d\d)(?: \((\d+) %\))? from the time already played, ([+−]\d+:\d\d) from the matches learned since\.)$/);
        assert.ok(m, `the note reads as designed: ${note}`);
        const [pre, change] = [seconds(m[1]), seconds(m[2])];
        assert.equal(change, c.shown - pre, `${note}: the change is the prediction shown minus the pre-game one`);
        const timeRow = c.values[c.labels.findIndex((l) => l.startsWith("Time already played"))];
        const byTime = m[3] ? seconds(m[3]) : /all of it from the time/.test(note) ? change : 0;
        const byLearning = m[5] ? seconds(m[5]) : change - byTime;
        assert.equal(byTime + byLearning, change, note);
        assert.equal(byTime, timeRow, `${note}: the time's part is the "Time already played" row`);
        if (Math.abs(timeRow) > mostPlayed.time) mostPlayed = { i, time: Math.abs(timeRow) };
        if (m[4]) assert.equal(Number(m[4]), Math.round((100 * byTime) / change), note);
      }
      // The model panel: groups with human names and spreads, no raw keys.
      const groups = await page.locator("#weights td.feature").allInnerTexts();
      assert.ok(groups.includes("Champions") && groups.includes("Bans"), `weight groups (${groups})`);
      const largest = await page.locator("#weights .largest").allInnerTexts();
      assert.ok(largest.every((t) => !/champ=|ban=/.test(t)), `names, not keys (${largest})`);
      // In seconds (what a key adds to a game that has it), not the model's scaled units.
      const entry = /^[^=|]+ [+−](\d+\.\d s|\d+:\d\d)$/;
      assert.ok(largest.every((t) => t.split(", ").every((x) => entry.test(x))), `seconds per key (${largest})`);
      // Each key its own name: `champ=222` and `CLASSIC|champ=222` once both read "Jinx".
      const names = largest.map((t) => t.split(", ").map((x) => x.replace(/ [+−][^ ]+( s)?$/, "")));
      assert.ok(names.every((row) => new Set(row).size === row.length), `distinct names per row (${largest})`);
      await screenshot(page, "explain-cards");
      await notes.nth(mostPlayed.i).screenshot({ path: join(ARTIFACTS, "explain-card.png") });

      // The page's CSP refuses inline scripts, so axe goes in through the DevTools protocol's
      // evaluation, which the page's policy does not govern (the CSP test checks the policy).
      await page.evaluate(readFileSync(join(ROOT, "node_modules/axe-core/axe.min.js"), "utf8"));
      const result = await page.evaluate(() => globalThis.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa"] } }));
      const found = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
      assert.deepEqual(found, [], "no WCAG 2 A/AA violations");
      assert.ok(result.passes.length > 10, "axe ran its rules");
      // ... on the cards' decompositions and the model panel's groups, not on an empty page.
      const checked = result.passes.flatMap((r) => r.nodes.map((n) => n.html)).join("\n");
      for (const what of ["why-total", "why-note", 'class="largest"', "elapsed-share"]) assert.ok(checked.includes(what), `axe checked ${what}`);
      assert.deepEqual(page.errors, []);
    } finally {
      await ctx.close();
    }
  });
  test("games tracked by Riot ID: ranks and masteries are groups with human names in the model panel, and the cards add up", { timeout: T }, async () => {
    const ctx = await newContext(browser);
    try {
      const page = await openPage(ctx, proxy.url);
      await trackByRiotId(page, 2);
      await until(page, () => document.querySelectorAll('#matches .match[data-status="live"] .why-table').length >= 2, null, "two decompositions");
      const text = await warmModel(page, true);
      await page.setInputFiles("#model-import-file", { name: "warm.json", mimeType: "application/json", buffer: Buffer.from(text) });
      await until(page, () => !document.querySelector('#matches .match[data-status="live"] .why-note.prior') &&
        document.querySelector('#matches .match[data-status="live"] .why-table'), null, "the warm model on the cards");
      const cards = page.locator('#matches .match[data-status="live"]:has(.why-table)');
      const labels = [];
      for (let i = 0; i < await cards.count(); i++) {
        const c = await readCard(cards.nth(i));
        assertAddsUp(c, `Riot ID card ${i}`);
        labels.push(...c.labels);
      }
      await screenshot(page, "explain-riot-id");
      // Every line is a group by its player-facing name (which groups make a card's top 5
      // depends on the games the league deals; the unit test above covers each name).
      for (const l of labels) assert.match(l, /^(.+: typical|Champions: .+|Bans: .+|Ranks|Champion mastery|Time of day(: \d+:00)?|Summoner spells: .+|Game mode: .+|Other: .+|Everything else|Calibration on past errors|Time already played \(\d+:\d\d\))$/);
      const rows = await page.locator("#weights tr").evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent)));
      const group = (name) => rows.find((r) => r[0] === name);
      for (const name of ["Ranks", "Champion mastery"]) {
        assert.ok(group(name) && Number(group(name)[1]) >= 3, `${name}: several weights (${JSON.stringify(rows)})`);
        assert.match(group(name)[2], /^(\d+\.\d s|\d+:\d\d)$/, `${name}: a spread in seconds`);
        assert.doesNotMatch(group(name)[3], /rank_|mastery_/, `${name}: human names`);
      }
      assert.deepEqual(page.errors, []);
    } finally {
      await ctx.close();
    }
  });
});

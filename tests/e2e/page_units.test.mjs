// The page's pure logic in Node (no browser, no proxy): Retry-After parsing, Riot ID parsing,
// match-v5 durations, the rolling mean, and the storage layer over an in-memory Storage that
// can be made to run out of quota.

import { test } from "node:test";
import assert from "node:assert/strict";
import { ApiError, FEATURED_GONE, featuredOutcome, parseAppRateLimit, parseRetryAfter, parseRiotId, matchDurationSeconds, accountRegion, PLATFORM_REGION } from "../../www/js/api.js";
import { baselineMae, rolling } from "../../www/js/chart.js";
import { KEYS, Store, StorageFullError, emptyFollowedDoc, emptyModelDoc, emptyTrackedDoc, ownRecord, upgradeModelDoc } from "../../www/js/store.js";
import { ASSUMED_LIVE_BUDGET, FOLLOW_SHARE, dueFollow, followPlan } from "../../www/js/follow.js";

/** A Storage-like object with a quota in characters (keys + values), like browsers count it. */
class MemoryStorage {
  constructor(quota = Infinity) { this.map = new Map(); this.quota = quota; }
  get length() { return this.map.size; }
  key(i) { return [...this.map.keys()][i] ?? null; }
  getItem(k) { return this.map.has(k) ? this.map.get(k) : null; }
  used() { let n = 0; for (const [k, v] of this.map) n += k.length + v.length; return n; }
  setItem(k, v) {
    v = String(v);
    const next = this.used() - (this.map.has(k) ? k.length + this.map.get(k).length : 0) + k.length + v.length;
    if (next > this.quota) throw new DOMException("quota", "QuotaExceededError");
    this.map.set(k, v);
  }
  removeItem(k) { this.map.delete(k); }
}

const validModel = (json) => { if (!json.startsWith("{")) throw new Error("not a model"); };

function newStore(storage) {
  const messages = [];
  const store = new Store({ storage, notify: (m, level) => messages.push({ m, level }), validateModel: validModel });
  store.channel?.close();
  return { store, messages };
}

test("Retry-After: seconds, HTTP dates, garbage and bounds", () => {
  assert.equal(parseRetryAfter("7"), 7);
  assert.equal(parseRetryAfter("0.2"), 1);
  assert.equal(parseRetryAfter(null), 5);
  assert.equal(parseRetryAfter("soon"), 5);
  assert.equal(parseRetryAfter("999999"), 3600);
  const now = Date.parse("2026-11-26T12:00:00Z");
  assert.equal(parseRetryAfter("Thu, 26 Nov 2026 12:00:30 GMT", now), 30);
});

test("Riot IDs as players type or paste them; refusals say what to fix", () => {
  assert.deepEqual(parseRiotId("  Hide on bush#KR1 "), { gameName: "Hide on bush", tagLine: "KR1", suggested: "kr" });
  assert.deepEqual(parseRiotId("Some Name # abc1 "), { gameName: "Some Name", tagLine: "abc1" }, "spaces around #, a custom tag");
  assert.deepEqual(parseRiotId("Faker\uFF03KR1"), { gameName: "Faker", tagLine: "KR1", suggested: "kr" }, "full-width ＃");
  assert.deepEqual(parseRiotId("Káz u#EUW"), { gameName: "Káz u", tagLine: "EUW", suggested: "euw1" });
  // Pasted profile addresses: the region from the address, the Riot ID from its last segment.
  assert.deepEqual(parseRiotId("https://www.op.gg/summoners/euw/Some%20Name-EUW"), { gameName: "Some Name", tagLine: "EUW", platform: "euw1", suggested: "euw1" });
  assert.deepEqual(parseRiotId(" https://op.gg/lol/summoners/kr/Hide%20on%20bush-KR1 "), { gameName: "Hide on bush", tagLine: "KR1", platform: "kr", suggested: "kr" });
  assert.deepEqual(parseRiotId("https://u.gg/lol/profile/na1/doublelift-NA1/overview"), { gameName: "doublelift", tagLine: "NA1", platform: "na1", suggested: "na1" });
  assert.deepEqual(parseRiotId("op.gg/summoners/lan/Tío-Rico-1234"), { gameName: "Tío-Rico", tagLine: "1234", platform: "la1" }, "the last dash splits name and tag");
  // Tags that name no platform suggest none; ambiguous ones too.
  assert.equal(parseRiotId("Name#1234").suggested, undefined);
  assert.equal(parseRiotId("Name#SEA").suggested, undefined);
  // Each refusal says what to fix.
  const refuses = (text, re) => assert.throws(() => parseRiotId(text), re, text);
  refuses("", /Enter a Riot ID as gameName#tagLine/);
  refuses("noTag", /"noTag" has no tag line: write the Riot ID as gameName#tagLine, e.g. "noTag#EUW"/);
  refuses("a#b#EUW", /has 2 # signs: a Riot ID has one/);
  refuses("#EUW", /The game name is missing before "#EUW"/);
  refuses("Name#", /The tag line is missing after "Name#"/);
  refuses("ab#EUW", /The game name "ab" has 2 characters; a Riot ID's game name has 3 to 16/);
  refuses("abcdefghijklmnopq#EUW", /has 17 characters/);
  refuses("ab?x=1#EUW", /The game name cannot contain "\?": remove it/);
  refuses("Name#E!W", /The tag line "E!W" has "!"; it holds only letters and digits/);
  refuses("Name#TOOLONG", /The tag line "TOOLONG" has 7 characters; a tag line has 3 to 5/);
  refuses("https://example.com/some/page", /not a player profile this page can read/);
});

test("match-v5 duration: seconds, or milliseconds before patch 11.20", () => {
  assert.equal(matchDurationSeconds({ info: { gameDuration: 1834, gameEndTimestamp: 1 } }), 1834);
  assert.equal(matchDurationSeconds({ info: { gameDuration: 1834000 } }), 1834);
  assert.equal(matchDurationSeconds({ info: {} }), null);
  assert.equal(matchDurationSeconds({}), null);
});

test("regions: every platform has one; account-v1 has no sea", () => {
  assert.equal(PLATFORM_REGION.euw1, "europe");
  assert.equal(accountRegion("oc1"), "asia");
  assert.equal(accountRegion("na1"), "americas");
});

test("rolling mean over a window", () => {
  assert.deepEqual(rolling([2, 4, 6, 8], 2), [2, 3, 5, 7]);
  assert.deepEqual(rolling([], 20), []);
});

test("the naive guess: mean of the earlier matches of the same queue, else of all earlier ones", () => {
  const h = (label, actual) => ({ label, actual });
  assert.deepEqual(baselineMae([]), { n: 0, mae: NaN });
  assert.deepEqual(baselineMae([h("A", 1800)]), { n: 0, mae: NaN });
  // A2 guessed 1800 (A1) → 200; B1 has no B before → all earlier (1800, 2000: 1900) → 700;
  // A3 guessed (1800 + 2000) / 2 = 1900 → 100; B2 guessed 1200 (B1) → 0.
  const r = baselineMae([h("A", 1800), h("A", 2000), h("B", 1200), h("A", 1800), h("B", 1200)]);
  assert.equal(r.n, 4);
  assert.equal(r.mae, (200 + 700 + 100 + 0) / 4);
});

test("store: a save is whole or not at all; quota keeps the previous model", () => {
  const storage = new MemoryStorage(2000);
  const { store } = newStore(storage);
  const first = store.writeModel(emptyModelDoc("{\"w\":1}"));
  assert.equal(store.readModel().model, "{\"w\":1}");
  const big = { ...first, model: `{"w":"${"9".repeat(5000)}"}` };
  assert.throws(() => store.writeModel(big), StorageFullError);
  const still = store.readModel();
  assert.equal(still.model, "{\"w\":1}");
  assert.equal(still.rev, first.rev);
});

test("store: UI preferences never throw; a full storage only forgets them", () => {
  const storage = new MemoryStorage(2000);
  const { store } = newStore(storage);
  assert.equal(store.readPref("platform"), null);
  assert.equal(store.writePref("platform", "kr"), true);
  assert.equal(store.readPref("platform"), "kr");
  storage.setItem("filler", "x".repeat(2000 - storage.used() - "filler".length));
  assert.equal(store.writePref("platform", "euw1"), false, "no room: not remembered, no throw");
  assert.equal(store.readPref("platform"), "kr");
  const broken = { getItem() { throw new Error("denied"); }, setItem() { throw new Error("denied"); }, removeItem() {}, key() { return null; }, length: 0 };
  const { store: off } = newStore(broken);
  assert.equal(off.readPref("notify"), null);
  assert.equal(off.writePref("notify", "1"), false);
});

test("store: unreadable entries are set aside under a quarantine key, with a message", () => {
  const cases = [
    ["not json", "{{"],
    ["another shape (the key holds the version)", JSON.stringify({ v: 2, model: "{}" })],
    ["malformed statistics of an old save", JSON.stringify({ ...emptyModelDoc("{}"), stats: { learned: "5" } })],
    ["bad model", JSON.stringify({ ...emptyModelDoc("garbage") })],
    ["bad history", JSON.stringify({ ...emptyModelDoc("{}"), history: [{ id: 1 }] })],
  ];
  for (const [name, raw] of cases) {
    const storage = new MemoryStorage();
    storage.setItem(KEYS.model, raw);
    const { store, messages } = newStore(storage);
    assert.equal(store.readModel(), null, name);
    assert.equal(storage.getItem(KEYS.model), null, name);
    const q = [...storage.map.keys()].filter((k) => k.startsWith("rivulet.quarantine."));
    assert.equal(q.length, 1, name);
    assert.equal(storage.getItem(q[0]), raw, name);
    assert.equal(messages.length, 1, name);
    assert.match(messages[0].m, /set aside/, name);
  }
});

test("store: a model saved with the page's own statistics still loads; the counts become the predictor's", () => {
  // What the page saved before the predictor's record was shown: `stats` beside the model.
  const history = [{ id: "EUW1_1", label: "x", predicted: 1800, actual: 1700, absErr: 100, learnedAt: 1 }, { id: "EUW1_2", label: "x", predicted: 1800, actual: 2000, absErr: 200, learnedAt: 2 }];
  const old = { v: 1, rev: "r1", savedAt: 1, model: "{\"w\":1}", history, stats: { learned: 2, sumAbsErr: 300 }, journal: [] };
  // A local model: its record is the same two matches, so nothing is inherited.
  const loaded = (record) => () => ({ record: () => record, free() {} });
  const storage = new MemoryStorage();
  storage.setItem(KEYS.model, JSON.stringify(old));
  let store = new Store({ storage, validateModel: loaded({ learned: 2, sumAbsErr: 300 }) });
  store.channel?.close();
  const { doc } = store.readModel({ keepLoaded: true });
  assert.equal(doc.stats, undefined, "the copy is gone");
  assert.equal(doc.inherited, undefined);
  assert.equal(doc.rev, "r1");
  assert.deepEqual(ownRecord(doc, { learned: 2, sumAbsErr: 300 }), { learned: 2, sumAbsErr: 300 }, "the same counts as before");
  // On a community snapshot of 40 matches: what the model holds beyond this browser's is inherited.
  storage.setItem(KEYS.model, JSON.stringify({ ...old, base: { position: 40, learned: 40, etag: "e" } }));
  store = new Store({ storage, validateModel: loaded({ learned: 42, sumAbsErr: 4300 }) });
  store.channel?.close();
  const based = store.readModel();
  assert.deepEqual(based.inherited, { learned: 40, sumAbsErr: 4000 });
  assert.deepEqual(ownRecord(based, { learned: 42, sumAbsErr: 4300 }), { learned: 2, sumAbsErr: 300 });
  // Saved again, the document has the new shape and reads back the same.
  store.writeModel(based);
  assert.equal(JSON.parse(storage.getItem(KEYS.model)).stats, undefined);
  assert.deepEqual(store.readModel().inherited, { learned: 40, sumAbsErr: 4000 });
  // Older than the journal: an empty journal that says how many matches it lacks.
  assert.deepEqual(upgradeModelDoc({ ...old, journal: undefined }, { learned: 2, sumAbsErr: 300 }).journalLost, 2);
  // A document of today's shape is returned as is.
  const today = emptyModelDoc("{}");
  assert.equal(upgradeModelDoc(today, { learned: 0, sumAbsErr: 0 }), today);
  assert.deepEqual(ownRecord(today, undefined), { learned: 0, sumAbsErr: 0 });
});

test("store: quarantine fits even when storage is full (the original is removed first)", () => {
  const raw = "x".repeat(900);
  const storage = new MemoryStorage(1000);
  storage.setItem(KEYS.model, raw);
  storage.setItem("other", "y".repeat(1000 - 50 - KEYS.model.length - raw.length - "other".length)); // 50 chars free
  const { store, messages } = newStore(storage);
  assert.equal(store.readModel(), null);
  const q = [...storage.map.keys()].filter((k) => k.startsWith("rivulet.quarantine."));
  assert.equal(q.length, 1, "copy kept although only 50 characters were free");
  assert.equal(storage.getItem(q[0]), raw);
  assert.match(messages[0].m, /set aside under/);
});

test("store: other versions of our keys are set aside; unrelated keys are left alone", () => {
  const storage = new MemoryStorage();
  storage.setItem("rivulet.model.v0", "old");
  storage.setItem("rivulet.tracked.v7", "future");
  storage.setItem("rivulet.ui.platform.v1", "euw1");
  storage.setItem("someone.else", "1");
  const { store, messages } = newStore(storage);
  store.quarantineOtherVersions();
  assert.equal(storage.getItem("rivulet.model.v0"), null);
  assert.equal(storage.getItem("rivulet.tracked.v7"), null);
  assert.equal(storage.getItem("rivulet.ui.platform.v1"), "euw1");
  assert.equal(storage.getItem("someone.else"), "1");
  assert.equal(messages.length, 2);
});

test("store: the tracked list is validated and updated read-modify-write", async () => {
  const storage = new MemoryStorage();
  const { store } = newStore(storage);
  const game = { gameId: 1, participants: [] };
  await store.updateTracked((d) => { d.matches.push({ id: "EUW1_1", game }); });
  await store.updateTracked((d) => { d.matches.push({ id: "EUW1_2", game }); });
  assert.deepEqual(store.readTracked().matches.map((m) => m.id), ["EUW1_1", "EUW1_2"]);
  const skipped = await store.updateTracked(() => false);
  assert.equal(skipped.out, false);
  storage.setItem(KEYS.tracked, JSON.stringify({ ...emptyTrackedDoc(), matches: [{ id: "x" }] }));
  assert.equal(store.readTracked(), null);
});

test("featured games: an error or an empty list reads as 'no longer offered', a passing failure as retry", () => {
  const game = { gameId: 1, participants: [{ championId: 1 }] };
  assert.deepEqual(featuredOutcome({ gameList: [game], clientRefreshInterval: 300 }, null), { games: [game] });
  for (const body of [{ gameList: [] }, {}, null, { gameList: "x" }, { gameList: [null, { gameId: 2 }] }]) {
    assert.deepEqual(featuredOutcome(body, null), { gone: true }, JSON.stringify(body));
  }
  for (const [kind, status] of [["http", 403], ["not-found", 404], ["http", 502], ["bad-response", 200]]) {
    assert.deepEqual(featuredOutcome(null, new ApiError(kind, "x", { status })), { gone: true }, `${kind} ${status}`);
  }
  const limited = new ApiError("rate-limited", "Rate limited by the Riot API; retry in 4 s.", { status: 429, retryAfter: 4 });
  assert.deepEqual(featuredOutcome(null, limited), { retry: limited.message });
  assert.ok(featuredOutcome(null, new ApiError("unreachable", "down")).retry);
  assert.match(FEATURED_GONE, /no longer offers featured games/);
  assert.match(FEATURED_GONE, /Riot ID/);
});

test("follow loop pace: a quarter of the reported budget, a game minute per player, backoff", () => {
  // --sim-rate-limit 20 (per 10 s): checks may use 5 per 10 s, one every 2 s.
  const sim = { mode: "simulated", timeScale: 1, rateLimit: { requests: 20, seconds: 10 } };
  assert.deepEqual(followPlan(sim, 1), { spacingMs: 2000, periodMs: 60_000 });
  assert.deepEqual(followPlan(sim, 40), { spacingMs: 2000, periodMs: 80_000 }, "40 players cannot each be checked every minute");
  assert.equal(followPlan(sim, 1, 4).spacingMs, 8000, "backoff after a 429");
  // Live, nothing reported: a development key's 100 per 120 s, a quarter of it.
  const live = followPlan({ mode: "live", timeScale: 1, rateLimit: null }, 3);
  assert.equal(live.spacingMs, (ASSUMED_LIVE_BUDGET.seconds * 1000) / (ASSUMED_LIVE_BUDGET.requests * FOLLOW_SHARE));
  assert.equal(live.spacingMs, 4800);
  // An unlimited simulated league at time x200: once a second, each player once a game minute.
  assert.deepEqual(followPlan({ mode: "simulated", timeScale: 200, rateLimit: null }, 2), { spacingMs: 1000, periodMs: 2000 });
  assert.deepEqual(followPlan(null, 1), { spacingMs: 1000, periodMs: 60_000 });
  // Live, Riot announcing its limits through the proxy: the long window rules.
  const announced = parseAppRateLimit("20:1,100:120");
  assert.deepEqual(announced, { requests: 100, seconds: 120 });
  assert.equal(followPlan({ mode: "live", timeScale: 1 }, 1, 1, { requests: 10, seconds: 10 }).spacingMs, 4000);
  assert.equal(parseAppRateLimit("garbage"), null);
  assert.deepEqual(parseAppRateLimit("3:1, x, 0:5"), { requests: 3, seconds: 1 });
});

test("follow loop: the player checked longest ago, once their period has passed", () => {
  const players = [{ puuid: "a", checkedAt: 5_000 }, { puuid: "b", checkedAt: 0 }, { puuid: "c", checkedAt: 9_000 }];
  assert.equal(dueFollow(players, 10_000, 1_000).puuid, "b");
  assert.equal(dueFollow(players, 10_000, 5_000).puuid, "b");
  assert.equal(dueFollow([players[0], players[2]], 10_000, 5_000).puuid, "a");
  assert.equal(dueFollow([players[0], players[2]], 10_000, 6_000), null, "nobody is due");
  assert.equal(dueFollow([], 10_000, 0), null);
});

test("store: followed players are a versioned document, read-modify-written under the lock", async () => {
  const storage = new MemoryStorage();
  const { store, messages } = newStore(storage);
  assert.equal(store.readFollowed(), null);
  const player = { puuid: "p".repeat(78), gameName: "Some Name", tagLine: "EUW", platform: "euw1", checkedAt: 0 };
  const { doc } = await store.updateFollowed((d) => { d.players.push(player); });
  assert.equal(doc.v, 1);
  assert.deepEqual(JSON.parse(storage.getItem(KEYS.followed)).players, [player]);
  assert.deepEqual(store.readFollowed().players, [player]);
  const unchanged = await store.updateFollowed(() => false);
  assert.equal(unchanged.doc.rev, doc.rev, "a refused edit writes nothing");
  // A malformed document is set aside with a message, never half-read.
  storage.setItem(KEYS.followed, JSON.stringify({ ...emptyFollowedDoc(), players: [{ gameName: "x" }] }));
  assert.equal(store.readFollowed(), null);
  assert.equal(storage.getItem(KEYS.followed), null);
  assert.ok(messages.some(({ m }) => /list of followed players.*a followed player is malformed/.test(m)), JSON.stringify(messages));
  // Another version of the key is set aside too.
  storage.setItem("rivulet.followed.v2", "{}");
  store.quarantineOtherVersions();
  assert.equal(storage.getItem("rivulet.followed.v2"), null);
});

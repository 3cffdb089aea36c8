// Unit tests of the page's community helpers (no browser): the compact journal entry, the
// journal of a model saved before it existed, and trimming that keeps what no snapshot holds.

import { test } from "node:test";
import assert from "node:assert/strict";
import { backfillText, journalEntry, withJournal } from "../../www/js/community.js";
import { JOURNAL_LIMIT, trimJournal, upgradeModelDoc } from "../../www/js/store.js";

const P = (c) => `puuid-${c}`.padEnd(78, "x");
const game = {
  gameId: 42, gameMode: "CLASSIC", gameType: "MATCHED_GAME", gameQueueConfigId: 420, mapId: 11, platformId: "EUW1",
  gameStartTime: 1_700_000_000_000, gameLength: 600, observers: { encryptionKey: "secret" },
  participants: [
    { puuid: P(1), teamId: 100, championId: 1, spell1Id: 4, spell2Id: 14, riotId: "Someone#EUW", profileIconId: 7 },
    { puuid: null, teamId: 200, championId: 2, spell1Id: 4, spell2Id: 12, bot: true },
  ],
  bannedChampions: [{ championId: 55, teamId: 100, pickTurn: 1 }],
};
const extras = {
  ranks: { [P(1)]: [{ queueType: "RANKED_SOLO_5x5", tier: "GOLD", rank: "II", leaguePoints: 40, wins: 3 }] },
  masteries: { [P(1)]: { puuid: P(1), championId: 1, championLevel: 7, championPoints: 12345 } },
};

test("a journal entry keeps what the featurizer reads and names no player", () => {
  const e = journalEntry("EUW1_42", game, extras, 1800);
  assert.equal(e.id, "EUW1_42");
  assert.equal(e.d, 1800);
  const text = JSON.stringify(e);
  assert.ok(!text.includes("puuid-1") && !text.includes("Someone") && !text.includes("secret"), text);
  assert.deepEqual(e.g.participants[0], { puuid: "p0", teamId: 100, championId: 1, spell1Id: 4, spell2Id: 14 });
  assert.equal(e.g.participants[1].puuid, undefined);
  assert.deepEqual(e.x.ranks.p0, [{ queueType: "RANKED_SOLO_5x5", tier: "GOLD", rank: "II" }]);
  assert.deepEqual(e.x.masteries.p0, { championId: 1, championLevel: 7, championPoints: 12345 });
  assert.deepEqual(e.g.bannedChampions, game.bannedChampions);
  for (const k of ["gameMode", "gameQueueConfigId", "mapId", "platformId", "gameStartTime"]) assert.equal(e.g[k], game[k]);
});

test("a model saved before the journal existed says how many matches the journal lacks", () => {
  // Such a document is upgraded on load (store.js): an empty journal that lacks its 5 matches.
  const legacy = upgradeModelDoc({ stats: { learned: 5, sumAbsErr: 1 }, history: [] }, { learned: 5, sumAbsErr: 1 });
  const e = journalEntry("EUW1_1", game, {}, 1000);
  assert.deepEqual(withJournal(legacy, e), { journal: [e], journalLost: 5 });
  const fresh = upgradeModelDoc({ stats: { learned: 0, sumAbsErr: 0 }, journal: [] }, { learned: 0, sumAbsErr: 0 });
  assert.deepEqual(withJournal(fresh, e), { journal: [e], journalLost: 0 });
  assert.deepEqual(withJournal({ history: [] }, e), { journal: [e], journalLost: 0 }, "a fresh document");
});

test("trimming drops first what the base snapshot holds, then the oldest (counted as lost)", () => {
  const entry = (i, p) => ({ id: `EUW1_${i}`, g: game, x: {}, d: 1000, p });
  const journal = Array.from({ length: JOURNAL_LIMIT + 3 }, (_, i) => entry(i, i < 2 ? 10 : i === 5 ? 999 : null));
  const out = trimJournal({ base: { position: 100, learned: 100 }, journal });
  assert.equal(out.journal.length, JOURNAL_LIMIT);
  const ids = new Set(out.journal.map((e) => e.id));
  assert.ok(!ids.has("EUW1_0") && !ids.has("EUW1_1"), "held by the base: dropped first");
  assert.ok(!ids.has("EUW1_2"), "then the oldest");
  assert.ok(ids.has("EUW1_5"), "a match past the base's position is kept");
  assert.equal(out.journalLost, 1);
  const small = { journal: [entry(1, null)] };
  assert.equal(trimJournal(small), small);
});

test("a backfill's line says where it is", () => {
  const who = "Faker#KR1";
  assert.equal(backfillText(who, { state: "queued", ahead: 2 }), "Learning from Faker#KR1's recent games: waiting (2 players ahead)…");
  assert.equal(backfillText(who, { state: "running", total: 0, done: 0 }), "Learning from Faker#KR1's recent games: reading the match history…");
  assert.equal(backfillText(who, { state: "running", total: 20, done: 12 }), "Learning from Faker#KR1's 20 recent games: 12/20");
  assert.equal(backfillText(who, { state: "done", total: 20, done: 20, logged: 17 }), "Learned from Faker#KR1's 20 recent games: 20/20 (17 new to the community model)");
  assert.equal(backfillText(who, { state: "done", total: 0, done: 0, logged: 0 }), "Faker#KR1 has no recent games to learn from.");
  assert.match(backfillText(who, { state: "failed", total: 20, done: 3, error: "Service unavailable" }), /\(3\/20\): Service unavailable$/);
  assert.equal(backfillText(who, null), "");
});

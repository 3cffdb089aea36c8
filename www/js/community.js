// Community learning on the page (docs/community.md): a new visitor's model starts from the
// proxy's community model (every finished match the proxy logged), and keeps up with newer
// snapshots without losing what this browser learned: its own matches that a snapshot does not
// hold are learned again on top. "Learn only from my own matches" keeps the local-only model.
//
// The page's own learned matches are kept in the model document's `journal` (compact: what the
// featurizer reads, no puuids); `base` says which snapshot the model started from. Every change
// goes through the store's lock, like the rest of the page.

import { Model } from "./model.js";
import { emptyModelDoc, ownRecord } from "./store.js";

const PATHS = {
  backfill: (puuid) => `/api/community/backfill?puuid=${encodeURIComponent(puuid)}`,
  model: "/api/community/model",
  stats: "/api/community/stats",
  positions: (ids) => `/api/community/positions?ids=${ids.map(encodeURIComponent).join(",")}`,
};
const POSITIONS_PER_REQUEST = 100;
const DEFAULT_REFRESH_S = 30;

/** Seconds between checks for a newer snapshot: the default, or the page URL's
 * `?community=SECONDS` (1 to 3600; tests use a small one). */
export function refreshSetting(search = globalThis.location?.search ?? "") {
  const n = Number(new URLSearchParams(search).get("community"));
  return Number.isFinite(n) && n >= 1 && n <= 3600 ? n : DEFAULT_REFRESH_S;
}

/** The compact journal entry of a learned match: what the featurizer reads of the game and its
 * extras, with stand-in puuids (the featurizer only uses them as keys). */
export function journalEntry(id, game, extras, duration) {
  const ranks = {}, masteries = {};
  const participants = game.participants.map((p, i) => {
    const key = p.puuid ? `p${i}` : undefined;
    if (key) {
      const r = extras?.ranks?.[p.puuid];
      if (Array.isArray(r)) ranks[key] = r.map((e) => ({ queueType: e.queueType, tier: e.tier, rank: e.rank }));
      const m = extras?.masteries?.[p.puuid];
      if (m && typeof m === "object") masteries[key] = { championId: m.championId, championLevel: m.championLevel ?? 0, championPoints: m.championPoints };
    }
    return { puuid: key, teamId: p.teamId, championId: p.championId, spell1Id: p.spell1Id, spell2Id: p.spell2Id };
  });
  const g = {
    gameId: game.gameId, gameMode: game.gameMode, gameType: game.gameType ?? "", gameQueueConfigId: game.gameQueueConfigId ?? null,
    mapId: game.mapId ?? 0, platformId: game.platformId ?? "", gameStartTime: game.gameStartTime ?? 0, participants,
    bannedChampions: (game.bannedChampions ?? []).map((b) => ({ championId: b.championId, teamId: b.teamId, pickTurn: b.pickTurn })),
  };
  return { id, g, x: { ranks, masteries }, d: duration };
}

/** The journal fields of a model document after learning one more of this browser's matches
 * (a document saved before the journal existed got one on load: store.js, upgradeModelDoc). */
export function withJournal(doc, entry) {
  return { journal: [...(doc.journal ?? []), entry], journalLost: doc.journalLost ?? 0 };
}

/** The journal a model document can be rebuilt from, or null when some learned match is not in
 * it (a model saved before the journal existed, or entries dropped that no snapshot held). */
function journalOf(doc) {
  // No journal: a fresh document, nothing learned yet (an older one got its journal on load).
  return doc.journalLost ? null : (doc.journal ?? []);
}

const state = {
  store: null,
  hooks: null, // {modelDoc(), model(), adopt(model, doc), render(), notify(msg, level)}
  settings: null,
  stats: null, // the proxy's /api/community/stats, or null
  available: null, // true: the proxy has a community model; false: it has none; null: unknown
  busy: false,
};

/** The latest snapshot: {doc, etag, position, learned}, {same: true} for a 304, or null when the
 * proxy has none (or cannot be reached within `timeoutMs`). */
async function fetchSnapshot(etag, timeoutMs = 10_000) {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), timeoutMs);
  try {
    const headers = { accept: "application/json" };
    if (etag) headers["if-none-match"] = etag;
    const res = await fetch(PATHS.model, { headers, cache: "no-cache", signal: ctl.signal });
    if (res.status === 304) return { same: true };
    if (!res.ok) {
      state.available = res.status === 404 ? false : state.available;
      return null;
    }
    const doc = await res.json();
    if (doc?.format !== "rivulet.CommunitySnapshot" || !doc.model) return null;
    state.available = true;
    return { doc, etag: res.headers.get("etag"), position: Number(doc.position), learned: Number(doc.learned) };
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}

/** Each id's log position (null: not logged). Throws when the proxy cannot say. */
async function positionsOf(ids) {
  const out = new Map();
  for (let i = 0; i < ids.length; i += POSITIONS_PER_REQUEST) {
    const chunk = ids.slice(i, i + POSITIONS_PER_REQUEST);
    const res = await fetch(PATHS.positions(chunk), { headers: { accept: "application/json" }, cache: "no-store" });
    if (!res.ok) throw new Error(`the proxy answered ${res.status} for the match positions`);
    const body = await res.json();
    for (const id of chunk) out.set(id, body?.positions?.[id] ?? null);
  }
  return out;
}

/** Learn the journal entries the snapshot at `position` does not hold on top of `model`;
 * returns the journal with each entry's position noted and how many were learned again. */
async function learnOnTop(model, journal, position) {
  const valid = journal.filter((e) => /^[A-Z0-9]{1,8}_\d{1,19}$/.test(e.id));
  const pos = valid.length ? await positionsOf(valid.map((e) => e.id)) : new Map();
  let relearned = 0;
  const noted = journal.map((e) => {
    const p = pos.get(e.id) ?? null;
    if (p == null || p > position) {
      try { model.learn(e.g, e.x, e.d); relearned++; } catch { /* the model refused it before too */ }
    }
    return { ...e, p };
  });
  return { journal: noted, relearned };
}

export function settings() {
  return state.settings ?? { learnOnlyMine: false };
}

/** The model a new visitor starts from: {model, doc} built on the community snapshot, or null
 * (learn only from my own matches, or the proxy has no community model / is offline). */
export async function seedModel(store, timeoutMs = 4000) {
  state.settings ??= store.readSettings();
  if (state.settings.learnOnlyMine) return null;
  const snap = await fetchSnapshot(null, timeoutMs);
  if (!snap || snap.same) return null;
  let model;
  try { model = new Model(JSON.stringify(snap.doc.model)); } catch { return null; }
  // The snapshot's record is the community's: this browser's own starts at zero.
  const doc = { ...emptyModelDoc(model.serialize()), base: { position: snap.position, learned: snap.learned, etag: snap.etag }, journal: [], inherited: model.record() };
  return { model, doc };
}

/** Move the stored model to the newest snapshot (unless it already is on it, or the visitor
 * learns only from their own matches), learning again this browser's matches it lacks. */
export async function refresh() {
  if (!state.store || state.busy) return;
  state.busy = true;
  try {
    await loadStats();
    const current = state.hooks.modelDoc();
    // Nothing to move: local only by choice, or a model that holds matches its journal lacks.
    if (settings().learnOnlyMine || (current && !journalOf(current))) return;
    const snap = await fetchSnapshot(current?.base?.etag);
    if (!snap || snap.same) return;
    await state.store.withLock(async () => {
      const found = state.store.readModel({ keepLoaded: true });
      const doc = found?.doc ?? state.hooks.modelDoc();
      // This browser's record stays its own on the new snapshot: the rest is inherited.
      const own = ownRecord(doc, (found?.loaded ?? state.hooks.model())?.record());
      found?.loaded.free();
      if (!doc || settings().learnOnlyMine) return;
      if (doc.base && snap.position <= doc.base.position) return;
      const journal = journalOf(doc);
      if (!journal) return; // cannot rebuild without losing a learned match: keep this model
      const model = new Model(JSON.stringify(snap.doc.model));
      let saved;
      try {
        const { journal: noted } = await learnOnTop(model, journal, snap.position);
        const record = model.record();
        const inherited = { learned: Math.max(0, record.learned - own.learned), sumAbsErr: Math.max(0, record.sumAbsErr - own.sumAbsErr) };
        saved = state.store.writeModel({ ...doc, model: model.serialize(), journal: noted, base: { position: snap.position, learned: snap.learned, etag: snap.etag }, inherited });
      } catch (e) {
        model.free();
        state.hooks.notify(`The community model could not be applied (${e.message}); this browser keeps its model and retries later.`, "warn");
        return;
      }
      state.hooks.adopt(model, saved);
    });
  } finally {
    state.busy = false;
    state.hooks?.render();
  }
}

/** The privacy switch: on, the model is rebuilt from this browser's own matches only; off, it
 * moves onto the community model. The choice is saved. */
export async function setLearnOnlyMine(on) {
  const store = state.store;
  const next = { ...settings(), v: 1, learnOnlyMine: Boolean(on) };
  state.settings = store.writeSettings(next);
  if (on) {
    await store.withLock(async () => {
      const doc = store.readModel() ?? state.hooks.modelDoc();
      if (!doc?.base) return; // already local only
      const journal = journalOf(doc) ?? doc.journal ?? [];
      const model = Model.fresh();
      for (const e of journal) { try { model.learn(e.g, e.x, e.d); } catch { /* refused before too */ } }
      // All of the rebuilt model's record is this browser's.
      const saved = store.writeModel({ ...doc, model: model.serialize(), base: undefined, inherited: undefined, journal: journal.map((e) => ({ ...e, p: null })) });
      state.hooks.adopt(model, saved);
    });
  } else {
    await refresh();
  }
  state.hooks.render();
}

async function loadStats() {
  try {
    const res = await fetch(PATHS.stats, { headers: { accept: "application/json" }, cache: "no-store" });
    if (res.status === 404) { state.available = false; state.stats = null; return; }
    if (res.ok) { state.stats = await res.json(); state.available = true; }
  } catch { /* offline: keep what we had */ }
}

const $ = (id) => document.getElementById(id);
const fmt = (s) => {
  if (!Number.isFinite(s)) return "–";
  const t = Math.round(s), m = Math.floor(t / 60), r = t % 60;
  return `${m}:${String(r).padStart(2, "0")}`;
};

/** Show the community numbers beside this browser's (call after any change). */
export function render() {
  const box = $("community");
  if (!box) return;
  const doc = state.hooks?.modelDoc();
  const mine = settings().learnOnlyMine;
  const toggle = $("learn-only-mine");
  if (toggle) toggle.checked = mine;
  const s = state.stats;
  $("community-learned").textContent = s ? String(s.learned) : "–";
  $("community-mae").textContent = s && s.mae != null ? fmt(s.mae) : "–";
  const own = ownRecord(doc, state.hooks?.model()?.record());
  $("local-learned").textContent = String(own.learned);
  $("local-mae").textContent = own.learned ? fmt(own.sumAbsErr / own.learned) : "–";
  let note;
  if (state.available === false) note = "This proxy has no community model: this browser learns on its own.";
  else if (mine) note = "Learning only from this browser's own matches.";
  else if (doc?.base) note = `This model started from the community model (${doc.base.learned} matches) and learned this browser's matches it did not have on top.`;
  else if (doc && !journalOf(doc)) note = "This browser's model was saved before community learning: it keeps learning on its own (reset it to start from the community model).";
  else note = "Waiting for the community model…";
  $("community-note").textContent = note;
  box.dataset.base = doc?.base ? String(doc.base.position) : "";
}

/** Start: the switch, the periodic check for newer snapshots and the stats. */
export function startCommunity(store, hooks) {
  state.store = store;
  state.hooks = hooks;
  state.settings ??= store.readSettings();
  $("learn-only-mine")?.addEventListener("change", (ev) => {
    setLearnOnlyMine(ev.target.checked).catch((e) => hooks.notify(`The choice could not be saved: ${e.message}`, "error"));
  });
  store.onChange((what, remote) => {
    if (remote && (what === "settings" || what === "all")) { state.settings = store.readSettings(); render(); }
  });
  const every = refreshSetting() * 1000;
  refresh();
  setInterval(refresh, every);
}

// ---------- backfill progress ----------

/** How often a running backfill's progress is asked for (ms). */
const BACKFILL_POLL_MS = 1000;
/** A backfill shown longer than this is no longer asked about (ms). */
const BACKFILL_WATCH_MS = 15 * 60_000;
const backfills = new Map(); // puuid -> {who, job, since}

/** The line the page shows for one backfill (`job`: the proxy's /api/community/backfill answer). */
export function backfillText(who, job) {
  const total = Number(job?.total) || 0, done = Number(job?.done) || 0;
  switch (job?.state) {
    case "queued": return `Learning from ${who}'s recent games: waiting${job.ahead ? ` (${job.ahead} players ahead)` : ""}…`;
    case "running": return total ? `Learning from ${who}'s ${total} recent games: ${done}/${total}` : `Learning from ${who}'s recent games: reading the match history…`;
    case "done": return total ? `Learned from ${who}'s ${total} recent games: ${done}/${total} (${Number(job.logged) || 0} new to the community model)` : `${who} has no recent games to learn from.`;
    case "failed": return `Could not fetch all of ${who}'s recent games (${done}/${total}): ${job.error ?? "the Riot API refused"}`;
    default: return "";
  }
}

function renderBackfills() {
  const list = $("backfill");
  if (!list) return;
  const items = [...backfills.entries()].filter(([, b]) => b.job);
  list.hidden = items.length === 0;
  list.replaceChildren(...items.map(([puuid, b]) => {
    const li = document.createElement("li");
    li.textContent = backfillText(b.who, b.job);
    li.dataset.state = b.job.state;
    li.dataset.puuid = puuid;
    return li;
  }));
}

/** Show the proxy's backfill of a player this page just looked up, until it ends. Nothing is
 * shown when the proxy runs without backfill (404). */
export function watchBackfill(puuid, who) {
  if (!puuid || backfills.has(puuid)) return;
  const entry = { who, job: null, since: Date.now() };
  backfills.set(puuid, entry);
  const tick = async () => {
    let job = null;
    try {
      const res = await fetch(PATHS.backfill(puuid), { headers: { accept: "application/json" }, cache: "no-store" });
      if (res.ok) job = await res.json();
      else if (res.status !== 404) return void setTimeout(tick, BACKFILL_POLL_MS * 5);
    } catch { /* offline: try again later */ }
    if (job) entry.job = job;
    renderBackfills();
    const over = !job || job.state === "done" || job.state === "failed";
    // A just-queued job may not be visible at once: ask again a few times before giving up.
    if (!job && Date.now() - entry.since < 5_000) return void setTimeout(tick, BACKFILL_POLL_MS);
    if (over) {
      if (job?.state === "done") refresh();
      return;
    }
    if (Date.now() - entry.since < BACKFILL_WATCH_MS) setTimeout(tick, BACKFILL_POLL_MS);
  };
  tick();
}

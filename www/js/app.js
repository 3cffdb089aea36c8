// The page: add live games, predict their duration while they run, learn when they end.
// All model work goes through ./model.js (the wasm package); all storage through ./store.js.

import { ApiError, FEATURED_GONE, PLATFORM_REGION, accountRegion, announcedRateLimit, featuredOutcome, getJson, matchDurationSeconds, parseRiotId, routes } from "./api.js";
import { FOLLOW_LIMIT, Store, StorageFullError, emptyFollowedDoc, emptyModelDoc, emptyTrackedDoc } from "./store.js";
import { dueFollow, followPlan, sameFollow } from "./follow.js";
import { Model, championName, loadWasm, queueName } from "./model.js";
import { baselineMae, drawErrorChart } from "./chart.js";
import { journalEntry, render as renderCommunity, seedModel, startCommunity, watchBackfill, withJournal } from "./community.js";
import { explainBlock, renderWeightGroups } from "./explain.js";

/** Give up on a match whose result has not appeared after this much game time. */
export const GIVE_UP_GAME_SECONDS = 3 * 3600;
const GIVE_UP_RANGE = [60, 24 * 3600];

/** The give-up bound in game seconds: the default, or the page URL's `?giveup=SECONDS` (60 s to
 * 24 h; a demo or a test can use a small one). Returns {seconds, error}. */
export function giveUpSetting(search = globalThis.location?.search ?? "") {
  const raw = new URLSearchParams(search).get("giveup");
  if (raw == null) return { seconds: GIVE_UP_GAME_SECONDS, error: "" };
  const n = Number(raw);
  if (raw.trim() !== "" && Number.isFinite(n) && n >= GIVE_UP_RANGE[0] && n <= GIVE_UP_RANGE[1]) return { seconds: n, error: "" };
  return {
    seconds: GIVE_UP_GAME_SECONDS,
    error: `Ignored giveup=${JSON.stringify(raw)} in the address: it must be a number of game seconds from ${GIVE_UP_RANGE[0]} to ${GIVE_UP_RANGE[1]}. Matches are given up after ${fmtDuration(GIVE_UP_GAME_SECONDS)} without a result.`,
  };
}
/** Finished cards kept on screen (their results stay in the model's history either way). */
const FINISHED_KEPT = 12;
const ROLLING = 20;
const EXTRA_CONCURRENCY = 4;
const EXTRA_TRIES = 4;

const $ = (id) => document.getElementById(id);

// ---------- small formatting helpers ----------
export function fmtDuration(seconds) {
  if (!Number.isFinite(seconds)) return "–";
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  return h ? `${h}:${String(m).padStart(2, "0")}:${String(r).padStart(2, "0")}` : `${m}:${String(r).padStart(2, "0")}`;
}
const fmtErr = (s) => (Number.isFinite(s) ? `${fmtDuration(Math.abs(s))}` : "–");
function h(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v == null || v === false) continue;
    if (k === "class") e.className = v;
    // Through the CSSOM: the Content-Security-Policy forbids style attributes.
    else if (k === "style") e.style.cssText = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) if (c != null) e.append(c);
  return e;
}

// ---------- notices ----------
const shownNotices = new Map();
function notify(message, level = "info") {
  const box = $("notices");
  if (shownNotices.has(message)) return;
  const item = h("div", { class: `notice ${level}`, role: level === "error" || level === "warn" ? "alert" : null },
    h("p", {}, message),
    h("button", { type: "button", class: "quiet", "aria-label": "Dismiss this message", onclick: () => { item.remove(); shownNotices.delete(message); } }, "Dismiss"));
  shownNotices.set(message, item);
  box.append(item);
}
function clearNotice(message) {
  shownNotices.get(message)?.remove();
  shownNotices.delete(message);
}
const UNREACHABLE = "Can't reach the rivulet proxy. Is `rivulet serve` still running? Retrying…";

// ---------- state ----------
const app = {
  meta: null,
  store: null,
  model: null, // Model (wasm)
  modelDoc: null, // stored document the model came from
  tracked: emptyTrackedDoc(),
  followed: emptyFollowedDoc(),
  follow: { inflight: false, nextAt: 0, backoff: 1 }, // this tab's follow loop
  runtime: new Map(), // id → {nextPollAt, inflight, note, progress, pendingDuration, fetching}
  featured: [],
  firstPredictionMarked: false,
  giveUpSeconds: GIVE_UP_GAME_SECONDS,
};

const rt = (id) => {
  let r = app.runtime.get(id);
  if (!r) app.runtime.set(id, (r = { nextPollAt: 0, inflight: false, note: "", progress: null, pendingDuration: null, fetching: false }));
  return r;
};

const matchIdOf = (game, platform) => `${String(game.platformId || platform).toUpperCase()}_${game.gameId}`;
const timeScale = () => Number(app.meta?.timeScale) || 1;

/** Game seconds elapsed now: gameLength at fetch + real seconds since fetch × time scale. */
export function elapsedOf(m, now = Date.now()) {
  return Math.max(0, Number(m.game.gameLength) || 0) + (Math.max(0, now - m.fetchedAt) / 1000) * (m.timeScale || 1);
}

/** Real milliseconds between two result checks: ~one game minute, within 1–30 s. */
function pollIntervalMs(m) {
  return Math.min(30_000, Math.max(1_000, (60 / (m.timeScale || 1)) * 1000));
}

/** Run fn under a per-match Web Lock if no other tab holds it; returns false when it is busy. */
async function ifMatchFree(id, fn) {
  if (!navigator.locks?.request) { await fn(); return true; }
  return navigator.locks.request(`rivulet-match-${id}`, { ifAvailable: true }, async (lock) => {
    if (!lock) return false;
    await fn();
    return true;
  });
}

// ---------- model ----------
function setModel(model, doc) {
  if (app.model && app.model !== model) app.model.free();
  app.model = model;
  app.modelDoc = doc;
}

/** Load the stored model (or start from the community model, else a fresh one, and save it). */
async function loadModel() {
  await app.store.withLock(async () => {
    const found = app.store.readModel({ keepLoaded: true });
    if (found) {
      setModel(found.loaded, found.doc);
      return;
    }
    const seeded = await seedModel(app.store);
    const fresh = seeded?.model ?? Model.fresh();
    let doc = seeded?.doc ?? emptyModelDoc(fresh.serialize());
    try {
      doc = app.store.writeModel(doc);
    } catch (e) {
      notify(e instanceof StorageFullError ? e.message : `The model could not be saved: ${e.message}`, "error");
    }
    setModel(fresh, doc);
  });
}

/** Another tab changed the stored model: pick it up. */
function refreshModelFromStorage() {
  const found = app.store.readModel({ keepLoaded: true });
  if (!found) {
    // Quarantined or removed: start fresh (saved under the lock).
    loadModel().then(renderAll);
    return;
  }
  if (found.doc.rev === app.modelDoc?.rev) {
    found.loaded.free();
    return;
  }
  setModel(found.loaded, found.doc);
  renderAll();
}

function refreshFollowedFromStorage() {
  app.followed = app.store.readFollowed() ?? emptyFollowedDoc();
  renderFollowed();
}

function refreshTrackedFromStorage() {
  app.tracked = app.store.readTracked() ?? emptyTrackedDoc();
  renderAll();
}

/** Learn a finished match: locked read-modify-write of the model, then of the tracked list. */
async function learnMatch(m, duration) {
  const r = rt(m.id);
  await app.store.withLock(() => {
    // The stored model (deserialized once, here, inside the lock): another tab may have saved
    // a newer one than this tab's copy.
    const found = app.store.readModel({ keepLoaded: true });
    const stored = found?.doc ?? null;
    let model = found?.loaded ?? null;
    try {
      let entry = (stored ?? app.modelDoc)?.history.find((x) => x.id === m.id);
      if (entry) {
        // Another tab learned it first: adopt its model.
        if (stored && model && stored.rev !== app.modelDoc?.rev) { setModel(model, stored); model = null; }
      } else {
        model ??= Model.fresh();
        let pre;
        try {
          pre = model.learn(m.game, m.extras, duration);
        } catch (e) {
          r.note = `The model refused this match: ${e.message}`;
          r.pendingDuration = null;
          markTracked(m.id, { status: "gave-up", reason: r.note });
          return;
        }
        const absErr = Math.abs(pre.expected - duration);
        entry = { id: m.id, label: labelOf(m), predicted: pre.expected, lo80: pre.lo80, hi80: pre.hi80, actual: duration, absErr, learnedAt: Date.now() };
        const base = stored ?? emptyModelDoc("");
        const next = { ...base, ...withJournal(base, journalEntry(m.id, m.game, m.extras, duration)), model: model.serialize(), history: [...base.history, entry], stats: { learned: base.stats.learned + 1, sumAbsErr: base.stats.sumAbsErr + absErr } };
        let saved;
        try {
          saved = app.store.writeModel(next);
        } catch (e) {
          // Nothing was written: keep the stored model (this tab shows it) and retry later.
          r.pendingDuration = duration;
          r.nextPollAt = Date.now() + 15_000;
          r.note = `Ended after ${fmtDuration(duration)}, but the model could not be saved (storage full); retrying.`;
          notify(e instanceof StorageFullError ? e.message : `The model could not be saved: ${e.message}`, "error");
          if (stored && stored.rev !== app.modelDoc?.rev) setModel(new Model(stored.model), stored);
          return;
        }
        setModel(model, saved);
        model = null;
      }
      r.pendingDuration = null;
      r.note = "";
      markTracked(m.id, { status: "learned", result: { actual: entry.actual, predicted: entry.predicted, absErr: entry.absErr } });
    } finally {
      model?.free(); // whatever was not adopted
    }
  });
  renderAll();
}

/** Unlocked tracked-list edit (call inside the lock). */
function markTracked(id, patch) {
  const doc = app.store.readTracked() ?? emptyTrackedDoc();
  const m = doc.matches.find((x) => x.id === id);
  if (!m) return;
  Object.assign(m, patch, { finishedAt: Date.now() });
  trimFinished(doc);
  try {
    app.tracked = app.store.writeTracked(doc);
  } catch (e) {
    notify(e instanceof StorageFullError ? e.message : `The tracked matches could not be saved: ${e.message}`, "error");
  }
}

function trimFinished(doc) {
  const finished = doc.matches.filter((x) => x.status === "learned" || x.status === "gave-up");
  if (finished.length <= FINISHED_KEPT) return;
  finished.sort((a, b) => (a.finishedAt ?? 0) - (b.finishedAt ?? 0));
  const drop = new Set(finished.slice(0, finished.length - FINISHED_KEPT).map((x) => x.id));
  doc.matches = doc.matches.filter((x) => !drop.has(x.id));
}

// ---------- adding games ----------
function labelOf(m) {
  const q = m.game.gameQueueConfigId;
  return `${queueName(q)} · ${m.platform.toUpperCase()}`;
}

async function trackGame(game, platform, { source, who = "", requestsDone = 0, fetchedAt = Date.now() }) {
  if (!game || !Array.isArray(game.participants) || game.gameId == null) throw new Error("The proxy sent a game without participants.");
  const id = matchIdOf(game, platform);
  const puuids = game.participants.filter((p) => p.puuid).length;
  const m = {
    id, platform, region: PLATFORM_REGION[platform] ?? "americas", game, extras: { ranks: {}, masteries: {} },
    status: "fetching", source, who, addedAt: Date.now(), fetchedAt, timeScale: timeScale(),
    requests: { done: requestsDone, total: requestsDone + puuids * 2 },
  };
  const { out: added } = await app.store.updateTracked((doc) => {
    if (doc.matches.some((x) => x.id === id)) return false;
    doc.matches.push(m);
    return true;
  }).then((res) => { app.tracked = res.doc; return res; });
  if (added === false) return { id, already: true };
  renderAll();
  fetchExtras(m); // in the background; the card shows progress
  return { id, already: false };
}

/** Ranks and masteries of every participant (neutral defaults for whatever is missing). */
async function fetchExtras(m) {
  const r = rt(m.id);
  if (r.fetching) return;
  r.fetching = true;
  let ran = false;
  try {
    ran = await ifMatchFree(m.id, async () => {
      const tasks = [];
      for (const p of m.game.participants) {
        if (!p.puuid) continue;
        tasks.push(async () => {
          const entries = await fetchWithRetry(m, routes.league(m.platform, p.puuid));
          if (Array.isArray(entries)) m.extras.ranks[p.puuid] = entries;
        });
        tasks.push(async () => {
          const mastery = await fetchWithRetry(m, routes.mastery(m.platform, p.puuid, p.championId));
          if (mastery && typeof mastery === "object") m.extras.masteries[p.puuid] = mastery;
        });
      }
      const base = m.requests?.total - tasks.length || 0;
      r.progress = { done: base, total: base + tasks.length, failed: 0 };
      renderAll();
      let next = 0;
      const worker = async () => {
        while (next < tasks.length) {
          const t = tasks[next++];
          try { await t(); } catch (e) { r.progress.failed++; if (e.kind === "unreachable") throw e; }
          r.progress.done++;
          renderMatch(m.id);
        }
      };
      await Promise.all(Array.from({ length: Math.min(EXTRA_CONCURRENCY, tasks.length) }, worker));
      let pregame = null;
      try { pregame = app.model.predict(m.game, m.extras, 0); } catch (e) { r.note = `Prediction failed: ${e.message}`; }
      await app.store.updateTracked((doc) => {
        const t = doc.matches.find((x) => x.id === m.id);
        if (!t) return false;
        t.extras = m.extras;
        t.status = "live";
        t.requests = { done: r.progress.total, total: r.progress.total, failed: r.progress.failed };
        if (pregame) t.pregame = { expected: pregame.expected, lo80: pregame.lo80, hi80: pregame.hi80 };
        doc.predictedTotal += 1;
        return true;
      }).then((res) => { app.tracked = res.doc; });
      if (r.progress.failed) r.note = `${r.progress.failed} of ${tasks.length} rank/mastery look-ups failed; neutral defaults used for them.`;
    });
  } catch (e) {
    ran = true;
    r.nextPollAt = Date.now() + (e.retryAfter ? e.retryAfter * 1000 : 5_000);
    r.note = e instanceof StorageFullError ? "Could not save this match (storage full); retrying." : `Fetching failed: ${e.message} Retrying.`;
    if (e instanceof StorageFullError) notify(e.message, "error");
    if (e.kind === "unreachable") notify(UNREACHABLE, "error");
  } finally {
    r.fetching = false;
    if (ran) {
      r.progress = null;
      renderAll();
    } else {
      r.nextPollAt = Date.now() + 1_000; // another tab is fetching it
    }
  }
}

/** GET with retries on 429/503 (honouring Retry-After); 404 → null. */
async function fetchWithRetry(m, path) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await getJson(path, { allow404: true });
    } catch (e) {
      if (!(e instanceof ApiError) || e.kind !== "rate-limited" || attempt >= EXTRA_TRIES) throw e;
      const r = rt(m.id);
      r.note = `Rate limited; waiting ${e.retryAfter} s as the API asks.`;
      renderMatch(m.id);
      await new Promise((res) => setTimeout(res, e.retryAfter * 1000));
      r.note = "";
    }
  }
}

async function addByRiotId(platform, text) {
  const status = $("add-status");
  const button = $("add-button");
  let who;
  try {
    who = parseRiotId(text);
  } catch (e) {
    status.textContent = e.message;
    status.dataset.kind = "invalid";
    return;
  }
  const name = `${who.gameName}#${who.tagLine}`;
  // A pasted profile address names its region: it wins over the form's.
  if (who.platform && platformOffered(who.platform)) { platform = who.platform; $("platform").value = platform; }
  if (!PLATFORM_REGION[platform]) { status.textContent = `Unknown region "${platform}".`; return; }
  button.disabled = true;
  status.dataset.kind = "busy";
  status.textContent = `Looking up ${name}… (1 / 2 requests)`;
  try {
    const account = await getJson(routes.account(accountRegion(platform), who.gameName, who.tagLine), { allow404: true });
    if (!account) {
      status.dataset.kind = "unknown-id";
      status.textContent = `Unknown Riot ID: no player "${name}" on ${platform.toUpperCase()} (${accountRegion(platform)}). Check the spelling and the tag line.`;
      return;
    }
    watchBackfill(account.puuid, `${account.gameName ?? who.gameName}#${account.tagLine ?? who.tagLine}`);
    status.textContent = `Looking for ${name}'s live game… (2 / 2 requests)`;
    const game = await getJson(routes.activeGame(platform, account.puuid), { allow404: true });
    if (!game) {
      status.dataset.kind = "not-in-game";
      status.textContent = `${name} is not in a game right now.`;
      return;
    }
    const { id, already } = await trackGame(game, platform, { source: "riot-id", who: `${account.gameName ?? who.gameName}#${account.tagLine ?? who.tagLine}`, requestsDone: 2 });
    status.dataset.kind = already ? "already" : "added";
    status.textContent = already ? `Already tracking ${name}'s game.` : `Tracking ${name}'s game.`;
    document.querySelector(`[data-id="${CSS.escape(id)}"]`)?.scrollIntoView({ block: "nearest" });
  } catch (e) {
    status.dataset.kind = e.kind ?? "error";
    status.textContent = errorText(e);
  } finally {
    button.disabled = false;
  }
}

const platformOffered = (p) => [...$("platform").options].some((o) => o.value === p);

/** As the visitor types: a profile address or a platform's default tag (EUW, NA1, KR1...) picks
 * the region, and the hint says so; nothing is said while the ID is still incomplete. */
function suggestPlatform() {
  const hint = $("riot-id-hint");
  let who = null;
  try { who = parseRiotId($("riot-id").value); } catch { /* incomplete: the submit explains */ }
  const p = who?.platform ?? who?.suggested;
  if (!p || !platformOffered(p)) { hint.textContent = ""; return; }
  const select = $("platform");
  if (select.value === p) { hint.textContent = ""; return; }
  select.value = p;
  hint.textContent = who.platform
    ? `Region set to ${p.toUpperCase()} from the address.`
    : `Region set to ${p.toUpperCase()}: "${who.tagLine}" is that region's default tag. Change it if this player is elsewhere.`;
}

function errorText(e) {
  if (e instanceof StorageFullError) return e.message;
  if (e instanceof ApiError) return e.message;
  return `Something went wrong: ${e?.message ?? e}`;
}

function showFeaturedGone() {
  app.featured = [];
  $("featured-list").replaceChildren();
  $("featured-all").hidden = true;
  $("featured-load").hidden = true;
  const note = $("featured-gone");
  note.textContent = FEATURED_GONE;
  note.hidden = false;
}

async function loadFeatured() {
  const platform = $("platform").value;
  const list = $("featured-list");
  const button = $("featured-load");
  button.disabled = true;
  list.replaceChildren(h("li", { class: "muted" }, "Loading featured games…"));
  try {
    const fetchedAt = Date.now();
    let body = null, error = null;
    try { body = await getJson(routes.featured(platform)); } catch (e) { error = e; }
    const out = featuredOutcome(body, error);
    if (out.gone) { showFeaturedGone(); return; }
    if (out.retry) { list.replaceChildren(h("li", { class: "muted" }, out.retry)); return; }
    app.featured = out.games.map((game) => ({ game, platform, fetchedAt }));
    renderFeatured();
  } finally {
    button.disabled = false;
  }
}

async function trackFeatured(f) {
  try {
    await trackGame(f.game, f.platform, { source: "featured", fetchedAt: f.fetchedAt });
  } catch (e) {
    notify(errorText(e), "error");
  }
  renderFeatured();
}

// ---------- followed players ----------

/** Follow a player (puuid known); their current or next game is tracked when the loop sees it. */
async function followPlayer({ puuid, gameName, tagLine, platform }) {
  const { out } = await app.store.updateFollowed((doc) => {
    if (doc.players.some((p) => sameFollow(p, { puuid, platform }))) return false;
    if (doc.players.length >= FOLLOW_LIMIT) return false;
    doc.players.push({ puuid, gameName, tagLine, platform, followedAt: Date.now(), checkedAt: 0, lastGameId: null, inGame: false });
    return true;
  }).then((res) => { app.followed = res.doc; return res; });
  renderFollowed();
  if (out) return "followed";
  return app.followed.players.some((p) => sameFollow(p, { puuid, platform })) ? "already" : "full";
}

async function unfollow(player) {
  try {
    await app.store.updateFollowed((doc) => { doc.players = doc.players.filter((p) => !sameFollow(p, player)); })
      .then((res) => { app.followed = res.doc; });
  } catch (e) { notify(errorText(e), "error"); }
  renderFollowed();
}

/** The add form's Follow button: look the Riot ID up, then follow it. */
async function followByRiotId(platform, text) {
  const status = $("add-status");
  let who;
  try { who = parseRiotId(text); } catch (e) { status.textContent = e.message; status.dataset.kind = "invalid"; return; }
  if (who.platform && platformOffered(who.platform)) { platform = who.platform; $("platform").value = platform; }
  const name = `${who.gameName}#${who.tagLine}`;
  status.dataset.kind = "busy";
  status.textContent = `Looking up ${name}…`;
  try {
    const account = await getJson(routes.account(accountRegion(platform), who.gameName, who.tagLine), { allow404: true });
    if (!account) {
      status.dataset.kind = "unknown-id";
      status.textContent = `Unknown Riot ID: no player "${name}" on ${platform.toUpperCase()} (${accountRegion(platform)}). Check the spelling and the tag line.`;
      return;
    }
    const shown = `${account.gameName ?? who.gameName}#${account.tagLine ?? who.tagLine}`;
    watchBackfill(account.puuid, shown);
    const [gameName, tagLine] = [account.gameName ?? who.gameName, account.tagLine ?? who.tagLine];
    const out = await followPlayer({ puuid: account.puuid, gameName, tagLine, platform });
    status.dataset.kind = out === "full" ? "invalid" : "followed";
    status.textContent = out === "full" ? `You follow ${FOLLOW_LIMIT} players already: unfollow one first.`
      : out === "already" ? `You already follow ${shown}.` : `Following ${shown}: their games are tracked as soon as they start.`;
  } catch (e) {
    status.dataset.kind = e.kind ?? "error";
    status.textContent = errorText(e);
  }
}

/** A followed player started a game: say so outside the page when the visitor asked for it. */
function announceGame(p) {
  if (!$("follow-notify").checked || typeof Notification !== "function" || Notification.permission !== "granted") return;
  try { new Notification(`${p.gameName}#${p.tagLine} started a game`, { body: "rivulet is tracking it and predicting how long it lasts.", tag: `rivulet-${p.puuid}` }); } catch { /* not allowed here */ }
}

/** One step of the follow loop: check the player due, if the budget and the polled games allow. */
async function followTick() {
  const f = app.follow;
  const now = Date.now();
  if (!app.followed.players.length || f.inflight || now < f.nextAt) return;
  // Never compete with the games being polled or fetched: they go first.
  if (app.tracked.matches.some((m) => m.status === "fetching") || [...app.runtime.values()].some((r) => r.inflight || r.fetching)) return;
  const plan = followPlan(app.meta, app.followed.players.length, f.backoff, announcedRateLimit());
  f.inflight = true;
  f.nextAt = now + plan.spacingMs;
  try {
    // Pick and mark under the lock, so two tabs never check the same player twice.
    const { out: p, doc } = await app.store.updateFollowed((d) => {
      const due = dueFollow(d.players, now, plan.periodMs);
      if (!due) return false;
      due.checkedAt = now;
      return { ...due };
    });
    app.followed = doc;
    if (!p) return;
    const game = await getJson(routes.activeGame(p.platform, p.puuid), { allow404: true, bulk: true });
    f.backoff = 1;
    const started = game && game.gameId != null && game.gameId !== p.lastGameId;
    await app.store.updateFollowed((d) => {
      const q = d.players.find((x) => sameFollow(x, p));
      if (!q) return false;
      q.inGame = Boolean(game);
      if (game) q.lastGameId = game.gameId;
      return true;
    }).then((res) => { app.followed = res.doc; });
    if (started) {
      const { already } = await trackGame(game, p.platform, { source: "follow", who: `${p.gameName}#${p.tagLine}`, requestsDone: 1 });
      if (!already) announceGame(p);
    }
  } catch (e) {
    if (e instanceof ApiError && e.kind === "rate-limited") {
      f.backoff = Math.min(8, f.backoff * 2);
      f.nextAt = Date.now() + e.retryAfter * 1000;
    } else {
      f.nextAt = Date.now() + 10_000;
    }
  } finally {
    f.inflight = false;
    renderFollowed();
  }
}

function renderFollowed() {
  const players = app.followed.players;
  $("followed-box").hidden = players.length === 0;
  const ago = (t) => fmtDuration((Date.now() - t) / 1000);
  $("followed").replaceChildren(...players.map((p) => {
    const name = `${p.gameName}#${p.tagLine}`;
    const state = p.inGame ? "in a game, tracked" : p.checkedAt ? `not in a game · checked ${ago(p.checkedAt)} ago` : "checking soon";
    return h("li", { "data-puuid": p.puuid, "data-state": p.inGame ? "in-game" : p.checkedAt ? "idle" : "new" },
      h("strong", {}, name), h("span", { class: "muted" }, ` ${p.platform.toUpperCase()}`),
      h("span", { class: "state" }, state),
      h("button", { type: "button", class: "quiet unfollow", "aria-label": `Unfollow ${name}`, onclick: () => unfollow(p) }, "Unfollow"));
  }));
}

async function setNotify(on) {
  if (on && typeof Notification === "function" && Notification.permission !== "granted") {
    const answer = await Notification.requestPermission().catch(() => "denied");
    if (answer !== "granted") {
      $("follow-notify").checked = false;
      notify("Notifications are blocked for this page; followed players' games are still tracked here.", "info");
      return;
    }
  }
  app.store.writePref("notify", on ? "1" : "0");
}

// ---------- polling ----------
async function pollMatch(m) {
  const r = rt(m.id);
  if (r.inflight) return;
  r.inflight = true;
  try {
    const ran = await ifMatchFree(m.id, async () => {
      if (r.pendingDuration != null) {
        await learnMatch(m, r.pendingDuration);
        return;
      }
      const match = await getJson(routes.match(m.region, m.id), { allow404: true });
      clearNotice(UNREACHABLE);
      if (match === null) {
        if (elapsedOf(m) > app.giveUpSeconds) {
          const reason = `No result after ${fmtDuration(app.giveUpSeconds)} of game time; gave up on this match (nothing learned).`;
          await app.store.withLock(() => markTracked(m.id, { status: "gave-up", reason }));
          renderAll();
          return;
        }
        r.note = "";
        r.nextPollAt = Date.now() + pollIntervalMs(m);
        return;
      }
      const duration = matchDurationSeconds(match);
      if (duration == null) {
        const reason = "match-v5 sent a result without a duration; nothing learned.";
        await app.store.withLock(() => markTracked(m.id, { status: "gave-up", reason }));
        renderAll();
        return;
      }
      await learnMatch(m, duration);
    });
    if (!ran) r.nextPollAt = Date.now() + pollIntervalMs(m); // another tab is on it
  } catch (e) {
    if (e instanceof ApiError && e.kind === "rate-limited") {
      r.nextPollAt = Date.now() + e.retryAfter * 1000;
      r.note = `${e.message.replace(/; retry in.*/, "")}; next check in ${e.retryAfter} s.`;
    } else if (e instanceof ApiError && e.kind === "unreachable") {
      r.nextPollAt = Date.now() + 5_000;
      notify(UNREACHABLE, "error");
    } else {
      r.nextPollAt = Date.now() + 30_000;
      r.note = `Checking the result failed: ${errorText(e)} Retrying in 30 s.`;
    }
  } finally {
    r.inflight = false;
    renderMatch(m.id);
  }
}

function schedule() {
  followTick();
  const now = Date.now();
  for (const m of app.tracked.matches) {
    const r = rt(m.id);
    if (m.status === "fetching" && !r.fetching && now >= r.nextPollAt) fetchExtras(m);
    if (m.status === "live" && !r.inflight && now >= r.nextPollAt) pollMatch(m);
  }
}

// ---------- rendering ----------
const cards = new Map(); // id → {root, parts}

function teamsOf(game) {
  const teams = new Map();
  for (const p of game.participants) {
    if (!teams.has(p.teamId)) teams.set(p.teamId, []);
    teams.get(p.teamId).push(p);
  }
  return [...teams.entries()].sort((a, b) => a[0] - b[0]);
}

/** A participant with an identity can be followed from the card. */
function followButton(p, platform) {
  const [gameName, tagLine] = String(p.riotId ?? "").split("#");
  if (!p.puuid || !gameName || !tagLine) return null;
  const following = app.followed.players.some((x) => sameFollow(x, { puuid: p.puuid, platform }));
  const b = h("button", { type: "button", class: "quiet follow", "aria-label": `Follow ${p.riotId}`, disabled: following, onclick: async () => {
    b.disabled = true;
    const out = await followPlayer({ puuid: p.puuid, gameName, tagLine, platform }).catch((e) => { notify(errorText(e), "error"); return "error"; });
    b.textContent = out === "full" ? "Full" : out === "error" ? "Follow" : "Following";
    b.disabled = out !== "error";
  } }, following ? "Following" : "Follow");
  return b;
}

/** A participant in streamer mode (or a bot): no puuid, so nothing to look up or follow. */
const isHidden = (p) => !p.puuid && !p.riotId;

function buildCard(m) {
  const parts = {};
  const teams = teamsOf(m.game).map(([teamId, ps]) =>
    h("ul", { class: `team team-${teamId}`, "aria-label": teamId === 100 ? "Blue side" : teamId === 200 ? "Red side" : `Team ${teamId}` },
      ps.map((p) => isHidden(p)
        ? h("li", { class: "hidden-player", title: "Hidden player (streamer mode): no name, no rank or mastery look-up" }, championName(p.championId), h("span", { class: "muted who" }, " · hidden player"))
        : h("li", { title: p.riotId || null }, championName(p.championId), followButton(p, m.platform)))));
  const root = h("li", { class: "match", "data-id": m.id, tabindex: "-1" },
    h("div", { class: "match-head" },
      h("h3", {}, queueName(m.game.gameQueueConfigId)),
      h("span", { class: "mode-name" }, `${m.game.gameMode} · ${m.platform.toUpperCase()}`),
      h("button", { type: "button", class: "quiet remove", "aria-label": `Stop tracking match ${m.id}`, onclick: () => removeMatch(m.id) }, "✕")),
    h("p", { class: "source" }, m.who ? `${m.who}'s game${m.source === "follow" ? " (followed)" : ""}` : "Featured game", h("span", { class: "mid" }, ` · ${m.id}`)),
    h("div", { class: "teams" }, teams),
    (parts.status = h("div", { class: "status" })),
    (parts.note = h("p", { class: "note" })));
  return { root, parts };
}

function renderMatch(id) {
  const m = app.tracked.matches.find((x) => x.id === id);
  const c = cards.get(id);
  if (!m || !c) return;
  const r = rt(id);
  const { root, parts } = c;
  root.dataset.status = m.status;
  const rows = [];
  if (m.status === "fetching") {
    const p = r.progress ?? { done: m.requests?.done ?? 0, total: m.requests?.total ?? 0 };
    rows.push(h("p", { class: "progress-line" }, h("progress", { max: p.total || 1, value: p.done, "aria-label": "Requests done" }),
      h("span", { class: "count" }, `${p.done} / ${p.total} requests`)));
    rows.push(h("p", { class: "muted" }, "Fetching ranks and champion mastery…"));
  } else if (m.status === "live" && r.pendingDuration != null) {
    rows.push(h("dl", { class: "pred result" },
      h("div", {}, h("dt", {}, "True duration"), h("dd", { class: "actual" }, fmtDuration(r.pendingDuration))),
      h("div", {}, h("dt", {}, "Pre-game prediction"), h("dd", {}, m.pregame ? fmtDuration(m.pregame.expected) : "–")),
      h("div", {}, h("dt", {}, "Learned"), h("dd", {}, "not yet"))));
  } else if (m.status === "live") {
    const elapsed = elapsedOf(m);
    let pred = null;
    try { pred = app.model?.predict(m.game, m.extras, elapsed); } catch (e) { r.note = `Prediction failed: ${e.message}`; }
    if (pred) {
      const span = Math.max(pred.hi90, elapsed, 1);
      rows.push(h("dl", { class: "pred" },
        h("div", {}, h("dt", {}, "Predicted"), h("dd", { class: "expected" }, fmtDuration(pred.expected))),
        h("div", {}, h("dt", {}, "80% interval"), h("dd", { class: "interval" }, `${fmtDuration(pred.lo80)} – ${fmtDuration(pred.hi80)}`)),
        h("div", {}, h("dt", {}, "Elapsed"), h("dd", { class: "elapsed" }, fmtDuration(elapsed)))));
      if (pred.warm === false) {
        const n = Number(pred.mode_games) || 0;
        rows.push(h("p", { class: "warmup" }, `Still learning the basics: ${n} ${m.game.gameMode} game${n === 1 ? "" : "s"} learned so far, so this leans on a typical ${m.game.gameMode} game and its interval is wide.`));
      }
      rows.push(h("div", { class: "timeline", "aria-hidden": "true" },
        h("span", { class: "band", style: `left:${(100 * pred.lo80) / span}%;width:${(100 * (pred.hi80 - pred.lo80)) / span}%` }),
        h("span", { class: "done", style: `width:${Math.min(100, (100 * elapsed) / span)}%` }),
        h("span", { class: "mark", style: `left:${Math.min(100, (100 * pred.expected) / span)}%` })));
      const why = explainBlock(app.model, m, elapsed);
      if (why) rows.push(why);
      if (!app.firstPredictionMarked) {
        app.firstPredictionMarked = true;
        performance.mark("rivulet:first-prediction");
      }
    }
    rows.push(h("p", { class: "muted" }, m.pregame ? `Pre-game prediction ${fmtDuration(m.pregame.expected)} · waiting for the result` : "Waiting for the result"));
  } else if (m.status === "learned" && m.result) {
    const { actual, predicted, absErr } = m.result;
    rows.push(h("dl", { class: "pred result" },
      h("div", {}, h("dt", {}, "True duration"), h("dd", { class: "actual" }, fmtDuration(actual))),
      h("div", {}, h("dt", {}, "Predicted (pre-game)"), h("dd", { class: "expected" }, fmtDuration(predicted))),
      h("div", {}, h("dt", {}, "Error"), h("dd", { class: "error" }, `${predicted > actual ? "+" : "−"}${fmtErr(absErr)}`))));
    rows.push(h("p", { class: "muted" }, "Learned ✓"));
  } else if (m.status === "gave-up") {
    rows.push(h("p", { class: "gave-up" }, m.reason || "Gave up on this match."));
  }
  parts.status.replaceChildren(...rows);
  parts.note.textContent = r.note || "";
}

function renderMatches() {
  const list = $("matches");
  const matches = [...app.tracked.matches].sort((a, b) => rank(a) - rank(b) || b.addedAt - a.addedAt);
  const ids = new Set(matches.map((m) => m.id));
  for (const [id, c] of cards) if (!ids.has(id)) { c.root.remove(); cards.delete(id); }
  matches.forEach((m, i) => {
    let c = cards.get(m.id);
    if (!c) { c = buildCard(m); cards.set(m.id, c); }
    if (list.children[i] !== c.root) list.insertBefore(c.root, list.children[i] ?? null);
    renderMatch(m.id);
  });
  $("matches-empty").hidden = matches.length > 0;
  $("clear-finished").hidden = !matches.some((m) => m.status === "learned" || m.status === "gave-up");
}
const rank = (m) => ({ fetching: 0, live: 0, learned: 1, "gave-up": 1 })[m.status] ?? 2;

function renderStats() {
  const doc = app.modelDoc;
  const hist = doc?.history ?? [];
  const learned = doc?.stats.learned ?? 0;
  const active = app.tracked.matches.filter((m) => m.status === "live").length;
  $("stat-predicted").textContent = String(learned + active + app.tracked.matches.filter((m) => m.status === "gave-up").length);
  $("stat-learned").textContent = String(learned);
  $("stat-mae").textContent = learned ? fmtDuration(doc.stats.sumAbsErr / learned) : "–";
  const last = hist.slice(-ROLLING);
  $("stat-rolling").textContent = last.length ? fmtDuration(last.reduce((s, x) => s + x.absErr, 0) / last.length) : "–";
  const base = baselineMae(hist);
  $("stat-baseline").textContent = base.n ? fmtDuration(base.mae) : "–";
  const ranged = hist.filter((x) => Number.isFinite(x.lo80) && Number.isFinite(x.hi80));
  const inside = ranged.filter((x) => x.actual >= x.lo80 && x.actual <= x.hi80).length;
  $("stat-coverage").textContent = ranged.length ? `${Math.round((100 * inside) / ranged.length)} % (${inside} of ${ranged.length})` : "–";
  drawErrorChart($("chart"), hist.map((x) => x.absErr), ROLLING);
}


function renderModel() {
  if (!app.model) return;
  let n = 0, top = [];
  try { n = app.model.nLearned(); top = app.model.topWeights(1e6); } catch (e) { notify(`The model could not be inspected: ${e.message}`, "error"); }
  const saved = app.modelDoc?.savedAt ? new Date(app.modelDoc.savedAt).toLocaleString() : "not saved";
  $("model-summary").textContent = `${n} match${n === 1 ? "" : "es"} learned by this model · saved ${saved}`;
  renderWeightGroups($("weights"), top);
}

function renderFeatured() {
  const list = $("featured-list");
  const trackedIds = new Set(app.tracked.matches.map((m) => m.id));
  if (!app.featured.length) {
    list.replaceChildren(h("li", { class: "muted" }, "No featured games right now."));
    $("featured-all").hidden = true;
    return;
  }
  list.replaceChildren(...app.featured.map((f) => {
    const id = matchIdOf(f.game, f.platform);
    const champs = f.game.participants.map((p) => championName(p.championId)).join(", ");
    const done = trackedIds.has(id);
    return h("li", { class: "featured-game", "data-id": id },
      h("div", { class: "fg-text" }, h("strong", {}, queueName(f.game.gameQueueConfigId)), h("span", { class: "muted" }, ` · ${fmtDuration(elapsedOf({ ...f, timeScale: timeScale() }))} in`), h("br"), h("span", { class: "champs" }, champs)),
      h("button", { type: "button", disabled: done, onclick: () => trackFeatured(f), "aria-label": `Track featured game ${id}` }, done ? "Tracked" : "Track"));
  }));
  $("featured-all").hidden = app.featured.every((f) => trackedIds.has(matchIdOf(f.game, f.platform)));
}

function renderAll() {
  renderMatches();
  renderStats();
  renderModel();
  renderCommunity();
  if (app.featured.length) renderFeatured();
}

function renderMeta() {
  const el = $("mode");
  const meta = app.meta;
  if (!meta) { el.textContent = "proxy unreachable"; el.dataset.mode = "unknown"; return; }
  el.dataset.mode = meta.mode;
  const fallback = { simulated: "simulated league", live: "live", replay: "replay" }[meta.mode] ?? meta.mode;
  el.textContent = meta.label || `${fallback}${meta.mode !== "live" && meta.timeScale > 1 ? ` · time ×${meta.timeScale}` : ""}`;
  const select = $("platform");
  const platforms = Array.isArray(meta.platforms) && meta.platforms.length ? meta.platforms.filter((p) => PLATFORM_REGION[p]) : Object.keys(PLATFORM_REGION);
  const previous = select.value || app.store.readPref("platform") || platforms[0];
  select.replaceChildren(...platforms.map((p) => h("option", { value: p }, p.toUpperCase())));
  select.value = platforms.includes(previous) ? previous : platforms[0];
  if (meta.featured === false) showFeaturedGone();
  const sug = Array.isArray(meta.suggestions) ? meta.suggestions.slice(0, 6) : [];
  $("suggestions").hidden = sug.length === 0;
  $("suggestions").querySelector("ul").replaceChildren(...sug.map((s) =>
    h("li", {}, h("button", { type: "button", class: "chip", onclick: () => {
      const platform = PLATFORM_REGION[s.platform] ? s.platform : select.value;
      select.value = platform;
      $("riot-id").value = `${s.gameName}#${s.tagLine}`;
      addByRiotId(platform, $("riot-id").value);
    } }, `${s.gameName}#${s.tagLine}`, h("span", { class: "muted" }, ` ${String(s.platform ?? "").toUpperCase()}`)))));
}

async function loadMeta() {
  try {
    app.meta = await getJson(routes.meta());
    clearNotice(UNREACHABLE);
  } catch (e) {
    app.meta = null;
    notify(e.kind === "unreachable" ? UNREACHABLE : `The proxy's description could not be read: ${errorText(e)}`, "error");
    setTimeout(() => loadMeta().then(renderMeta), 5_000);
  }
}

// ---------- model actions ----------
async function removeMatch(id) {
  try {
    await app.store.updateTracked((doc) => { doc.matches = doc.matches.filter((m) => m.id !== id); }).then((r) => { app.tracked = r.doc; });
  } catch (e) { notify(errorText(e), "error"); }
  app.runtime.delete(id);
  renderAll();
  $("matches-title").focus();
}

async function clearFinished() {
  try {
    await app.store.updateTracked((doc) => { doc.matches = doc.matches.filter((m) => m.status !== "learned" && m.status !== "gave-up"); }).then((r) => { app.tracked = r.doc; });
  } catch (e) { notify(errorText(e), "error"); }
  renderAll();
}

function exportModel() {
  const text = app.model.serialize();
  const blob = new Blob([text], { type: "application/json" });
  const a = h("a", { href: URL.createObjectURL(blob), download: `rivulet-model-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-")}.json` });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

/** Replace the model (import or reset) under the lock; history starts over with it. */
async function replaceModel(model, what, extra = {}) {
  try {
    await app.store.withLock(() => {
      const doc = app.store.writeModel({ ...emptyModelDoc(model.serialize()), ...extra });
      setModel(model, doc);
    });
    notify(what, "info");
  } catch (e) {
    model.free();
    notify(errorText(e), "error");
  }
  renderAll();
}

async function importModel(file) {
  let text;
  try { text = await file.text(); } catch (e) { notify(`The file could not be read: ${e.message}`, "error"); return; }
  let model;
  try {
    model = new Model(text);
  } catch (e) {
    notify(`"${file.name}" is not a model this page can load: ${e?.message ?? e}. The current model is unchanged.`, "error");
    return;
  }
  // Its matches are not in this browser's journal: never replaced by a community snapshot.
  await replaceModel(model, `Imported "${file.name}" (${model.nLearned()} matches learned).`, { journal: [], journalLost: model.nLearned() || 1 });
}

async function resetModel() {
  if (!confirm("Reset the model? It forgets everything it learned (export it first to keep it).")) return;
  await replaceModel(Model.fresh(), "The model was reset.");
}

// ---------- start ----------
async function main() {
  // The store first: the form's handlers and the platform list read the UI preferences from it.
  app.store = new Store({ notify, validateModel: (json) => new Model(json) });
  const giveUp = giveUpSetting();
  app.giveUpSeconds = giveUp.seconds;
  if (giveUp.error) notify(giveUp.error, "warn");
  $("add-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    app.store.writePref("platform", $("platform").value);
    addByRiotId($("platform").value, $("riot-id").value);
  });
  $("riot-id").addEventListener("input", suggestPlatform);
  $("follow-button").addEventListener("click", () => {
    app.store.writePref("platform", $("platform").value);
    followByRiotId($("platform").value, $("riot-id").value);
  });
  $("follow-notify").checked = app.store.readPref("notify") === "1" && typeof Notification === "function" && Notification.permission === "granted";
  $("follow-notify").addEventListener("change", (ev) => setNotify(ev.target.checked));
  $("featured-load").addEventListener("click", loadFeatured);
  $("featured-all").addEventListener("click", async () => {
    for (const f of app.featured) await trackFeatured(f);
  });
  $("clear-finished").addEventListener("click", clearFinished);
  $("model-export").addEventListener("click", exportModel);
  $("model-import-file").addEventListener("change", (ev) => {
    const f = ev.target.files?.[0];
    ev.target.value = "";
    if (f) importModel(f);
  });
  $("model-reset").addEventListener("click", resetModel);

  const [, wasmResult] = await Promise.allSettled([loadMeta(), loadWasm().then(() => performance.mark("rivulet:wasm-ready"))]);
  renderMeta();
  if (wasmResult.status === "rejected") {
    notify(wasmResult.reason.message, "error");
    for (const c of document.querySelectorAll("main button, main input, main select")) c.disabled = true;
    document.body.dataset.ready = "error";
    return;
  }
  app.store.quarantineOtherVersions();
  await loadModel();
  performance.mark("rivulet:model-ready");
  startCommunity(app.store, { modelDoc: () => app.modelDoc, adopt: setModel, render: renderAll, notify });
  app.tracked = app.store.readTracked() ?? emptyTrackedDoc();
  app.followed = app.store.readFollowed() ?? emptyFollowedDoc();
  app.store.onChange((what, remote) => {
    if (!remote) return;
    if (what === "followed" || what === "all") refreshFollowedFromStorage();
    if (what === "model" || what === "all") refreshModelFromStorage();
    if (what === "tracked" || what === "all") refreshTrackedFromStorage();
  });
  renderAll();
  renderFollowed();
  schedule();
  setInterval(schedule, 500);
  setInterval(renderFollowed, 5000);
  setInterval(() => { for (const m of app.tracked.matches) if (m.status === "live") renderMatch(m.id); }, 1000);
  document.body.dataset.ready = "1";
}

main().catch((e) => {
  console.error(e);
  notify(`The page failed to start: ${e?.message ?? e}`, "error");
  document.body.dataset.ready = "error";
});

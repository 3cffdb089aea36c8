// The tracked matches: add a game, fetch its players' ranks and masteries, mark, trim and
// remove matches (every change a locked read-modify-write of the stored list).

import { ApiError, PLATFORM_REGION, getJson, routes } from "./api.js";
import { StorageFullError, emptyTrackedDoc } from "./store.js";
import { $ } from "./dom.js";
import { UNREACHABLE, errorText, notify } from "./notices.js";
import { app, ifMatchFree, matchIdOf, renderAll, renderMatch, rt, timeScale } from "./state.js";

/** Finished cards kept on screen (their results stay in the model's history either way). */
const FINISHED_KEPT = 12;

const EXTRA_CONCURRENCY = 4;
const EXTRA_TRIES = 4;

export function refreshTrackedFromStorage() {
  app.tracked = app.store.readTracked() ?? emptyTrackedDoc();
  renderAll();
}

/** Unlocked tracked-list edit (call inside the lock). */
export function markTracked(id, patch) {
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

export async function trackGame(game, platform, { source, who = "", requestsDone = 0, fetchedAt = Date.now() }) {
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
export async function fetchExtras(m) {
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

export async function removeMatch(id) {
  try {
    await app.store.updateTracked((doc) => { doc.matches = doc.matches.filter((m) => m.id !== id); }).then((r) => { app.tracked = r.doc; });
  } catch (e) { notify(errorText(e), "error"); }
  app.runtime.delete(id);
  renderAll();
  $("matches-title").focus();
}

export async function clearFinished() {
  try {
    await app.store.updateTracked((doc) => { doc.matches = doc.matches.filter((m) => m.status !== "learned" && m.status !== "gave-up"); }).then((r) => { app.tracked = r.doc; });
  } catch (e) { notify(errorText(e), "error"); }
  renderAll();
}

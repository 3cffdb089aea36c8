// The page's state in this tab: the stored documents it shows, each match's polling state,
// and the redraw hooks (app.js wires them to the views, so a module can ask for a redraw
// without importing the views that import it).

import { emptyFollowedDoc, emptyTrackedDoc } from "./store.js";
import { GIVE_UP_GAME_SECONDS } from "./giveup.js";

export const app = {
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

export const rt = (id) => {
  let r = app.runtime.get(id);
  if (!r) app.runtime.set(id, (r = { nextPollAt: 0, inflight: false, note: "", progress: null, pendingDuration: null, fetching: false }));
  return r;
};

export const matchIdOf = (game, platform) => `${String(game.platformId || platform).toUpperCase()}_${game.gameId}`;
export const timeScale = () => Number(app.meta?.timeScale) || 1;

/** Game seconds elapsed now: gameLength at fetch + real seconds since fetch × time scale. */
export function elapsedOf(m, now = Date.now()) {
  return Math.max(0, Number(m.game.gameLength) || 0) + (Math.max(0, now - m.fetchedAt) / 1000) * (m.timeScale || 1);
}

/** Run fn under a per-match Web Lock if no other tab holds it; returns false when it is busy. */
export async function ifMatchFree(id, fn) {
  if (!navigator.locks?.request) { await fn(); return true; }
  return navigator.locks.request(`rivulet-match-${id}`, { ifAvailable: true }, async (lock) => {
    if (!lock) return false;
    await fn();
    return true;
  });
}

const views = { all: () => {}, match: () => {} };
/** Set the redraw functions: `all()` redraws every panel, `match(id)` one match card. */
export const setViews = (v) => Object.assign(views, v);
export const renderAll = () => views.all();
export const renderMatch = (id) => views.match(id);

// Followed players: follow and unfollow, the loop that checks whether one started a game (and
// tracks it), their list, and the notification the visitor may ask for.

import { ApiError, getJson, routes, announcedRateLimit } from "./api.js";
import { FOLLOW_LIMIT, emptyFollowedDoc } from "./store.js";
import { dueFollow, followPlan, sameFollow } from "./follow.js";
import { $, h } from "./dom.js";
import { fmtDuration } from "./format.js";
import { errorText, notify } from "./notices.js";
import { app } from "./state.js";
import { trackGame } from "./tracking.js";

export function refreshFollowedFromStorage() {
  app.followed = app.store.readFollowed() ?? emptyFollowedDoc();
  renderFollowed();
}

/** Follow a player (puuid known); their current or next game is tracked when the loop sees it. */
export async function followPlayer({ puuid, gameName, tagLine, platform }) {
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

/** A followed player started a game: say so outside the page when the visitor asked for it. */
function announceGame(p) {
  if (!$("follow-notify").checked || typeof Notification !== "function" || Notification.permission !== "granted") return;
  try { new Notification(`${p.gameName}#${p.tagLine} started a game`, { body: "rivulet is tracking it and predicting how long it lasts.", tag: `rivulet-${p.puuid}` }); } catch { /* not allowed here */ }
}

/** One step of the follow loop: check the player due, if the budget and the polled games allow. */
export async function followTick() {
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

export function renderFollowed() {
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

export async function setNotify(on) {
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

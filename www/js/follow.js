// Followed players: when to check whom. Pure functions (the page's loop is in app.js).
//
// Each check is one spectator-v5 call. The checks get a quarter of the request budget the proxy
// reports: `/api/meta` `rateLimit` ({requests, seconds}, the simulated league's limit), else the
// `X-App-Rate-Limit` its answers carry (Riot's own, passed on in live mode); before any is seen in
// live mode, a Riot development key's long window is assumed (100 requests per 120 s). The rest of the
// budget is left to what a visitor asked for: polling tracked games and rank/mastery look-ups,
// which the loop never competes with (it waits while any of them is in flight).

/** Share of the request budget follow checks may use. */
export const FOLLOW_SHARE = 0.25;
/** Live mode without a reported budget: a development key's 100 requests per 120 s. */
export const ASSUMED_LIVE_BUDGET = Object.freeze({ requests: 100, seconds: 120 });
/** Never more than one check a second, whatever the budget. */
const MIN_SPACING_MS = 1_000;
/** Each player is checked about once a game minute (60 s on the live clock). */
const GAME_MINUTE_S = 60;

/**
 * The follow loop's pace for `count` followed players: `spacingMs` between two checks (from the
 * budget share, times `backoff` after rate-limited answers; `announced` is the budget of the
 * latest X-App-Rate-Limit) and `periodMs` between two checks of
 * the same player (a game minute on the league clock, longer when the budget cannot check every
 * player that often).
 */
export function followPlan(meta, count, backoff = 1, announced = null) {
  const usable = (b) => (b && b.requests > 0 && b.seconds > 0 ? b : null);
  const budget = usable(meta?.rateLimit) ?? usable(announced) ?? (meta?.mode === "live" ? ASSUMED_LIVE_BUDGET : null);
  let spacingMs = budget ? (budget.seconds * 1000) / (budget.requests * FOLLOW_SHARE) : MIN_SPACING_MS;
  spacingMs = Math.max(MIN_SPACING_MS, spacingMs) * Math.max(1, backoff);
  const scale = Math.max(1, Number(meta?.timeScale) || 1);
  const periodMs = Math.max(spacingMs, count * spacingMs, (GAME_MINUTE_S * 1000) / scale);
  return { spacingMs, periodMs };
}

/** The followed player to check now: the one checked longest ago, if that is at least
 * `periodMs` ago; else null. */
export function dueFollow(players, now, periodMs) {
  let due = null;
  for (const p of players) {
    const at = Number(p.checkedAt) || 0;
    if (now - at < periodMs) continue;
    if (!due || at < (Number(due.checkedAt) || 0)) due = p;
  }
  return due;
}

/** The same player on the same platform (a puuid is global, a follow is per platform). */
export const sameFollow = (a, b) => a.puuid === b.puuid && a.platform === b.platform;

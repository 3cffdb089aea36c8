// Polling: each live match's result is asked for about once a game minute; a result is learned,
// a match without one past the give-up bound is given up. `schedule` runs every half second.

import { ApiError, getJson, matchDurationSeconds, routes } from "./api.js";
import { fmtDuration } from "./format.js";
import { UNREACHABLE, clearNotice, errorText, notify } from "./notices.js";
import { app, elapsedOf, ifMatchFree, renderAll, renderMatch, rt } from "./state.js";
import { fetchExtras, markTracked } from "./tracking.js";
import { learnMatch } from "./learning.js";
import { followTick } from "./followed.js";

/** Real milliseconds between two result checks: ~one game minute, within 1–30 s. */
function pollIntervalMs(m) {
  return Math.min(30_000, Math.max(1_000, (60 / (m.timeScale || 1)) * 1000));
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

export function schedule() {
  followTick();
  const now = Date.now();
  for (const m of app.tracked.matches) {
    const r = rt(m.id);
    if (m.status === "fetching" && !r.fetching && now >= r.nextPollAt) fetchExtras(m);
    if (m.status === "live" && !r.inflight && now >= r.nextPollAt) pollMatch(m);
  }
}

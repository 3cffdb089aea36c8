// The give-up bound: how long a match may go without a result before the page stops asking.

import { fmtDuration } from "./format.js";

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

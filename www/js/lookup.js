// The add form: a Riot ID (or a profile address) is looked up, then its live game is tracked
// or the player followed; typing it may pick the region.

import { PLATFORM_REGION, accountRegion, getJson, parseRiotId, routes } from "./api.js";
import { FOLLOW_LIMIT } from "./store.js";
import { watchBackfill } from "./community.js";
import { $ } from "./dom.js";
import { errorText } from "./notices.js";
import { trackGame } from "./tracking.js";
import { followPlayer } from "./followed.js";

/** Both buttons of the add form start with the same lookup: parse the Riot ID (a pasted profile
 * address picks its region), then ask for the account. Says what went wrong in the status line
 * and returns null, or returns the account with its shown name and region. The form's buttons
 * are disabled while a lookup runs, so a double click asks once. */
async function lookUpAccount(platform, text, steps) {
  const status = $("add-status");
  let who;
  try {
    who = parseRiotId(text);
  } catch (e) {
    status.textContent = e.message;
    status.dataset.kind = "invalid";
    return null;
  }
  const name = `${who.gameName}#${who.tagLine}`;
  // A pasted profile address names its region: it wins over the form's.
  if (who.platform && platformOffered(who.platform)) { platform = who.platform; $("platform").value = platform; }
  if (!PLATFORM_REGION[platform]) {
    status.textContent = `Unknown region "${platform}".`;
    status.dataset.kind = "invalid";
    return null;
  }
  status.dataset.kind = "busy";
  status.textContent = `Looking up ${name}…${steps}`;
  const account = await getJson(routes.account(accountRegion(platform), who.gameName, who.tagLine), { allow404: true });
  if (!account) {
    status.dataset.kind = "unknown-id";
    status.textContent = `Unknown Riot ID: no player "${name}" on ${platform.toUpperCase()} (${accountRegion(platform)}). Check the spelling and the tag line.`;
    return null;
  }
  const gameName = account.gameName ?? who.gameName, tagLine = account.tagLine ?? who.tagLine;
  const shown = `${gameName}#${tagLine}`;
  watchBackfill(account.puuid, shown);
  return { account, gameName, tagLine, name, shown, platform };
}

/** Runs `work` with the form's buttons disabled; any error it throws is said in the status. */
async function withForm(work) {
  const status = $("add-status");
  const buttons = [$("add-button"), $("follow-button")];
  for (const b of buttons) b.disabled = true;
  try {
    await work(status);
  } catch (e) {
    status.dataset.kind = e.kind ?? "error";
    status.textContent = errorText(e);
  } finally {
    for (const b of buttons) b.disabled = false;
  }
}

export function addByRiotId(platform, text) {
  return withForm(async (status) => {
    const found = await lookUpAccount(platform, text, " (1 / 2 requests)");
    if (!found) return;
    const { account, name, shown } = found;
    status.textContent = `Looking for ${name}'s live game… (2 / 2 requests)`;
    const game = await getJson(routes.activeGame(found.platform, account.puuid), { allow404: true });
    if (!game) {
      status.dataset.kind = "not-in-game";
      status.textContent = `${name} is not in a game right now.`;
      return;
    }
    const { id, already } = await trackGame(game, found.platform, { source: "riot-id", who: shown, requestsDone: 2 });
    status.dataset.kind = already ? "already" : "added";
    status.textContent = already ? `Already tracking ${name}'s game.` : `Tracking ${name}'s game.`;
    document.querySelector(`[data-id="${CSS.escape(id)}"]`)?.scrollIntoView({ block: "nearest" });
  });
}

const platformOffered = (p) => [...$("platform").options].some((o) => o.value === p);

/** As the visitor types: a profile address or a platform's default tag (EUW, NA1, KR1...) picks
 * the region, and the hint says so; nothing is said while the ID is still incomplete. */
export function suggestPlatform() {
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

/** The add form's Follow button: look the Riot ID up, then follow it. */
export function followByRiotId(platform, text) {
  return withForm(async (status) => {
    const found = await lookUpAccount(platform, text, "");
    if (!found) return;
    const { account, gameName, tagLine, shown } = found;
    const out = await followPlayer({ puuid: account.puuid, gameName, tagLine, platform: found.platform });
    status.dataset.kind = out === "full" ? "invalid" : "followed";
    status.textContent = out === "full" ? `You follow ${FOLLOW_LIMIT} players already: unfollow one first.`
      : out === "already" ? `You already follow ${shown}.` : `Following ${shown}: their games are tracked as soon as they start.`;
  });
}

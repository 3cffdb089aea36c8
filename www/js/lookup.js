// The add form: a Riot ID (or a profile address) is looked up, then its live game is tracked
// or the player followed; typing it may pick the region.

import { PLATFORM_REGION, accountRegion, getJson, parseRiotId, routes } from "./api.js";
import { FOLLOW_LIMIT } from "./store.js";
import { watchBackfill } from "./community.js";
import { $ } from "./dom.js";
import { errorText } from "./notices.js";
import { trackGame } from "./tracking.js";
import { followPlayer } from "./followed.js";

export async function addByRiotId(platform, text) {
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
export async function followByRiotId(platform, text) {
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

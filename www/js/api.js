// Talking to the rivulet proxy: every Riot call goes through /api/..., the key stays server-side.
// Errors are classified into the few cases a player meets, each with a plain message.

/** Platform → regional route (match-v5 and account-v1). */
export const PLATFORM_REGION = {
  na1: "americas", br1: "americas", la1: "americas", la2: "americas",
  euw1: "europe", eun1: "europe", tr1: "europe", ru: "europe", me1: "europe",
  kr: "asia", jp1: "asia",
  oc1: "sea", ph2: "sea", sg2: "sea", th2: "sea", tw2: "sea", vn2: "sea",
};

/** account-v1 has no "sea" cluster: those accounts are served by "asia". */
export function accountRegion(platform) {
  const r = PLATFORM_REGION[platform];
  return r === "sea" ? "asia" : r;
}

/** An error the page shows as is. `kind` is one of:
 * "unreachable", "rate-limited", "not-found", "http", "bad-response". */
export class ApiError extends Error {
  constructor(kind, message, { status = 0, retryAfter = 0 } = {}) {
    super(message);
    this.name = "ApiError";
    this.kind = kind;
    this.status = status;
    this.retryAfter = retryAfter; // seconds (rate-limited / unavailable answers)
  }
}

/** Seconds from a Retry-After header (delta-seconds or an HTTP date); 1..3600, default 5. */
export function parseRetryAfter(value, now = Date.now()) {
  if (value == null || value === "") return 5;
  const n = Number(value);
  let s = Number.isFinite(n) ? n : (Date.parse(value) - now) / 1000;
  if (!Number.isFinite(s)) s = 5;
  return Math.min(3600, Math.max(1, Math.ceil(s)));
}

/** Riot's `X-App-Rate-Limit` ("20:1,100:120": requests:seconds pairs) as the budget it allows
 * over the long run: the pair with the fewest requests per second; null when unreadable. */
export function parseAppRateLimit(value) {
  let best = null;
  for (const part of String(value ?? "").split(",")) {
    const m = part.trim().match(/^(\d+):(\d+)$/);
    if (!m) continue;
    const requests = Number(m[1]), seconds = Number(m[2]);
    if (!(requests > 0 && seconds > 0)) continue;
    if (!best || requests / seconds < best.requests / best.seconds) best = { requests, seconds };
  }
  return best;
}

let announced = null;
function noteRateLimit(value) {
  const b = value ? parseAppRateLimit(value) : null;
  if (b) announced = b;
}

/** The application rate limit the proxy last announced (X-App-Rate-Limit), or null. */
export const announcedRateLimit = () => announced;

/** GET a JSON document from the proxy. Resolves to the parsed body, or `null` for a 404 when
 * `allow404` is set; throws ApiError otherwise. `bulk`: background work (follow checks), which
 * the proxy serves after visitors' interactive requests in its use of the Riot rate budget. */
export async function getJson(path, { allow404 = false, signal, bulk = false } = {}) {
  let res;
  const headers = { accept: "application/json" };
  if (bulk) headers["x-rivulet-priority"] = "bulk";
  try {
    res = await fetch(path, { headers, signal, cache: "no-store" });
  } catch (e) {
    if (e && e.name === "AbortError") throw e;
    throw new ApiError("unreachable", "Can't reach the rivulet proxy. Is `rivulet serve` still running?");
  }
  noteRateLimit(res.headers.get("x-app-rate-limit"));
  if (res.status === 404 && allow404) return null;
  if (res.ok) {
    try {
      return await res.json();
    } catch {
      throw new ApiError("bad-response", `The proxy sent an unreadable answer for ${describe(path)}.`, { status: res.status });
    }
  }
  let detail = "";
  try {
    const body = await res.json();
    detail = body?.status?.message ?? "";
  } catch { /* not JSON: keep the status line */ }
  if (res.status === 429 || res.status === 503) {
    const retryAfter = parseRetryAfter(res.headers.get("retry-after"));
    const what = res.status === 429 ? "Rate limited by the Riot API" : "The Riot API is unavailable";
    throw new ApiError("rate-limited", `${what}; retry in ${retryAfter} s.`, { status: res.status, retryAfter });
  }
  if (res.status === 404) throw new ApiError("not-found", detail || `Not found: ${describe(path)}.`, { status: 404 });
  throw new ApiError("http", `The proxy answered ${res.status}${detail ? `: ${detail}` : ""} (${describe(path)}).`, { status: res.status });
}

function describe(path) {
  return path.replace(/^\/api\//, "").replace(/\/[A-Za-z0-9_-]{40,}/g, "/…");
}

const enc = encodeURIComponent;

export const routes = {
  meta: () => "/api/meta",
  account: (region, gameName, tagLine) =>
    `/api/${region}/riot/account/v1/accounts/by-riot-id/${enc(gameName)}/${enc(tagLine)}`,
  activeGame: (platform, puuid) => `/api/${platform}/lol/spectator/v5/active-games/by-summoner/${enc(puuid)}`,
  featured: (platform) => `/api/${platform}/lol/spectator/v5/featured-games`,
  mastery: (platform, puuid, championId) =>
    `/api/${platform}/lol/champion-mastery/v4/champion-masteries/by-puuid/${enc(puuid)}/by-champion/${championId}`,
  league: (platform, puuid) => `/api/${platform}/lol/league/v4/entries/by-puuid/${enc(puuid)}`,
  match: (region, matchId) => `/api/${region}/lol/match/v5/matches/${enc(matchId)}`,
};

/** Default tag lines Riot gives each platform's players (a custom tag suggests nothing). */
const TAG_PLATFORM = {
  NA1: "na1", NA: "na1", EUW: "euw1", EUW1: "euw1", EUNE: "eun1", EUN1: "eun1", KR: "kr", KR1: "kr",
  JP1: "jp1", JP: "jp1", BR1: "br1", BR: "br1", LAN: "la1", LA1: "la1", LAS: "la2", LA2: "la2",
  OCE: "oc1", OC1: "oc1", TR1: "tr1", TR: "tr1", RU: "ru", RU1: "ru", ME1: "me1", SG2: "sg2",
  PH2: "ph2", TH2: "th2", TW2: "tw2", VN2: "vn2",
};

/** Region names in op.gg-style addresses (u.gg and others use the platform id itself). */
const SITE_REGION = {
  na: "na1", euw: "euw1", eune: "eun1", kr: "kr", jp: "jp1", br: "br1", lan: "la1", las: "la2",
  oce: "oc1", tr: "tr1", ru: "ru", me: "me1", sg: "sg2", ph: "ph2", th: "th2", tw: "tw2", vn: "vn2",
};

const NAME_FORBIDDEN = /[#/\\?%\u0000-\u001f\u007f]/;

/** A profile address pasted whole (op.gg, u.gg, league of graphs, ...): {riotId, platform} from
 * its last "name-tag" path segment and the region segment before it; null when not one. */
function fromProfileUrl(text) {
  if (!/^(https?:\/\/|www\.|[a-z0-9-]+\.gg\/)/i.test(text)) return null;
  let url;
  try { url = new URL(/^https?:/i.test(text) ? text : `https://${text}`); } catch { return null; }
  const parts = url.pathname.split("/").filter(Boolean).map((p) => { try { return decodeURIComponent(p); } catch { return p; } });
  for (let i = parts.length - 1; i >= 1; i--) {
    const region = parts[i - 1].toLowerCase();
    const platform = SITE_REGION[region] ?? (PLATFORM_REGION[region] ? region : null);
    const dash = parts[i].lastIndexOf("-");
    if (platform && dash > 0) return { riotId: `${parts[i].slice(0, dash)}#${parts[i].slice(dash + 1)}`, platform };
  }
  throw new Error("This address is not a player profile this page can read: copy the Riot ID (gameName#tagLine) from the profile instead.");
}

/** Parse a Riot ID as players type or paste it: "name#tag" with spaces around, the full-width
 * ＃, or a profile address (op.gg, u.gg). Returns {gameName, tagLine}, plus `platform` when an
 * address names the region and `suggested` when the tag is a platform's default tag (EUW, NA1,
 * KR1, ...). Throws an Error whose message says what to fix. */
export function parseRiotId(text) {
  let s = String(text ?? "").normalize("NFC").trim();
  if (!s) throw new Error('Enter a Riot ID as gameName#tagLine, e.g. "Faker#KR1".');
  const linked = fromProfileUrl(s);
  if (linked) s = linked.riotId;
  s = s.replace(/\uFF03/g, "#");
  const hashes = s.split("#").length - 1;
  if (hashes === 0) throw new Error(`"${s}" has no tag line: write the Riot ID as gameName#tagLine, e.g. "${s.slice(0, 16)}#EUW" (the tag is shown after the name in the client).`);
  if (hashes > 1) throw new Error(`"${s}" has ${hashes} # signs: a Riot ID has one, between the game name and the tag line.`);
  const [rawName, rawTag] = s.split("#");
  const gameName = rawName.trim(), tagLine = rawTag.trim();
  if (!gameName) throw new Error(`The game name is missing before "#${tagLine}": write it as gameName#tagLine.`);
  if (!tagLine) throw new Error(`The tag line is missing after "${gameName}#": add the 3 to 5 letters or digits shown after the name.`);
  const bad = gameName.match(NAME_FORBIDDEN);
  if (bad) throw new Error(`The game name cannot contain ${bad[0] === " " ? "a space" : /[\u0000-\u001f\u007f]/.test(bad[0]) ? "control characters" : `"${bad[0]}"`}: remove it.`);
  const n = [...gameName].length;
  if (n < 3 || n > 16) throw new Error(`The game name "${gameName}" has ${n} character${n === 1 ? "" : "s"}; a Riot ID's game name has 3 to 16.`);
  const badTag = [...tagLine].find((c) => !/[\p{L}\p{N}]/u.test(c));
  if (badTag) throw new Error(`The tag line "${tagLine}" has ${badTag === " " ? "a space" : `"${badTag}"`}; it holds only letters and digits.`);
  const t = [...tagLine].length;
  if (t < 3 || t > 5) throw new Error(`The tag line "${tagLine}" has ${t} character${t === 1 ? "" : "s"}; a tag line has 3 to 5 letters or digits.`);
  const out = { gameName, tagLine };
  if (linked) out.platform = linked.platform;
  const suggested = TAG_PLATFORM[tagLine.toUpperCase()];
  if (suggested) out.suggested = suggested;
  return out;
}

/** Match-v5 duration in seconds: before patch 11.20 `gameDuration` was milliseconds (no
 * `gameEndTimestamp` then). */
export function matchDurationSeconds(match) {
  const info = match?.info;
  const d = Number(info?.gameDuration);
  if (!Number.isFinite(d) || d <= 0) return null;
  return info.gameEndTimestamp ? d : d / 1000;
}

/** What the page says when featured games are not offered (Riot stopped offering them to
 * third-party sites in late 2025): plainly, once, with the ways that still work. */
export const FEATURED_GONE = "Riot no longer offers featured games to sites like this one. Type a player's Riot ID above (or pick a suggested player) to track their live game, or follow players: their games are tracked as soon as they start.";

/** How a featured-games answer reads: {games} for a list with games, {gone} when featured games
 * are not offered (an error answer such as 403/404/502, or an empty list), {retry: message}
 * for a passing failure (rate limit, proxy unreachable) worth trying again later. */
export function featuredOutcome(body, error) {
  if (error) {
    if (error.kind === "rate-limited" || error.kind === "unreachable") return { retry: error.message };
    return { gone: true };
  }
  const games = Array.isArray(body?.gameList) ? body.gameList.filter((g) => g && Array.isArray(g.participants)) : [];
  return games.length ? { games } : { gone: true };
}

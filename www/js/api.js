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

/** GET a JSON document from the proxy. Resolves to the parsed body, or `null` for a 404 when
 * `allow404` is set; throws ApiError otherwise. */
export async function getJson(path, { allow404 = false, signal } = {}) {
  let res;
  try {
    res = await fetch(path, { headers: { accept: "application/json" }, signal, cache: "no-store" });
  } catch (e) {
    if (e && e.name === "AbortError") throw e;
    throw new ApiError("unreachable", "Can't reach the rivulet proxy. Is `rivulet serve` still running?");
  }
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

/** Parse "gameName#tagLine"; returns {gameName, tagLine} or throws Error with a plain message. */
export function parseRiotId(text) {
  const s = String(text ?? "").trim();
  const i = s.lastIndexOf("#");
  if (i <= 0 || i === s.length - 1) throw new Error('Enter a Riot ID as gameName#tagLine, e.g. "Faker#KR1".');
  const gameName = s.slice(0, i).trim();
  const tagLine = s.slice(i + 1).trim();
  if (gameName.length < 3 || gameName.length > 16) throw new Error("A Riot ID's game name has 3 to 16 characters.");
  if (tagLine.length < 2 || tagLine.length > 5) throw new Error("A Riot ID's tag line has 2 to 5 characters.");
  return { gameName, tagLine };
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
export const FEATURED_GONE = "Riot no longer offers featured games to sites like this one. Type a player's Riot ID above (or pick a suggested player) to track their live game.";

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

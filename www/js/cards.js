// The match cards: teams with champion names, the request counter, the live prediction with its
// interval and timeline (redrawn every second), the result once learned.

import { sameFollow } from "./follow.js";
import { championName, queueName } from "./model.js";
import { explainBlock } from "./explain.js";
import { $, h } from "./dom.js";
import { fmtDuration, fmtErr } from "./format.js";
import { errorText, notify } from "./notices.js";
import { app, elapsedOf, rt } from "./state.js";
import { removeMatch } from "./tracking.js";
import { followPlayer } from "./followed.js";

const cards = new Map(); // id → {root, parts}

function teamsOf(game) {
  const teams = new Map();
  for (const p of game.participants) {
    if (!teams.has(p.teamId)) teams.set(p.teamId, []);
    teams.get(p.teamId).push(p);
  }
  return [...teams.entries()].sort((a, b) => a[0] - b[0]);
}

/** A participant with an identity can be followed from the card. */
function followButton(p, platform) {
  const [gameName, tagLine] = String(p.riotId ?? "").split("#");
  if (!p.puuid || !gameName || !tagLine) return null;
  const following = app.followed.players.some((x) => sameFollow(x, { puuid: p.puuid, platform }));
  const b = h("button", { type: "button", class: "quiet follow", "aria-label": `Follow ${p.riotId}`, disabled: following, onclick: async () => {
    b.disabled = true;
    const out = await followPlayer({ puuid: p.puuid, gameName, tagLine, platform }).catch((e) => { notify(errorText(e), "error"); return "error"; });
    b.textContent = out === "full" ? "Full" : out === "error" ? "Follow" : "Following";
    b.disabled = out !== "error";
  } }, following ? "Following" : "Follow");
  return b;
}

/** A participant in streamer mode (or a bot): no puuid, so nothing to look up or follow. */
const isHidden = (p) => !p.puuid && !p.riotId;

function buildCard(m) {
  const parts = {};
  const teams = teamsOf(m.game).map(([teamId, ps]) =>
    h("ul", { class: `team team-${teamId}`, "aria-label": teamId === 100 ? "Blue side" : teamId === 200 ? "Red side" : `Team ${teamId}` },
      ps.map((p) => isHidden(p)
        ? h("li", { class: "hidden-player", title: "Hidden player (streamer mode): no name, no rank or mastery look-up" }, championName(p.championId), h("span", { class: "muted who" }, " · hidden player"))
        : h("li", { title: p.riotId || null }, championName(p.championId), followButton(p, m.platform)))));
  const root = h("li", { class: "match", "data-id": m.id, tabindex: "-1" },
    h("div", { class: "match-head" },
      h("h3", {}, queueName(m.game.gameQueueConfigId)),
      h("span", { class: "mode-name" }, `${m.game.gameMode} · ${m.platform.toUpperCase()}`),
      h("button", { type: "button", class: "quiet remove", "aria-label": `Stop tracking match ${m.id}`, onclick: () => removeMatch(m.id) }, "✕")),
    h("p", { class: "source" }, m.who ? `${m.who}'s game${m.source === "follow" ? " (followed)" : ""}` : "Featured game", h("span", { class: "mid" }, ` · ${m.id}`)),
    h("div", { class: "teams" }, teams),
    (parts.status = h("div", { class: "status" })),
    (parts.note = h("p", { class: "note" })));
  return { root, parts };
}

export function renderMatch(id) {
  const m = app.tracked.matches.find((x) => x.id === id);
  const c = cards.get(id);
  if (!m || !c) return;
  const r = rt(id);
  const { root, parts } = c;
  root.dataset.status = m.status;
  const rows = [];
  if (m.status === "fetching") {
    const p = r.progress ?? { done: m.requests?.done ?? 0, total: m.requests?.total ?? 0 };
    rows.push(h("p", { class: "progress-line" }, h("progress", { max: p.total || 1, value: p.done, "aria-label": "Requests done" }),
      h("span", { class: "count" }, `${p.done} / ${p.total} requests`)));
    rows.push(h("p", { class: "muted" }, "Fetching ranks and champion mastery…"));
  } else if (m.status === "live" && r.pendingDuration != null) {
    rows.push(h("dl", { class: "pred result" },
      h("div", {}, h("dt", {}, "True duration"), h("dd", { class: "actual" }, fmtDuration(r.pendingDuration))),
      h("div", {}, h("dt", {}, "Pre-game prediction"), h("dd", {}, m.pregame ? fmtDuration(m.pregame.expected) : "–")),
      h("div", {}, h("dt", {}, "Learned"), h("dd", {}, "not yet"))));
  } else if (m.status === "live") {
    const elapsed = elapsedOf(m);
    let pred = null;
    try { pred = app.model?.predict(m.game, m.extras, elapsed); } catch (e) { r.note = `Prediction failed: ${e.message}`; }
    if (pred) {
      const span = Math.max(pred.hi90, elapsed, 1);
      rows.push(h("dl", { class: "pred" },
        h("div", {}, h("dt", {}, "Predicted"), h("dd", { class: "expected" }, fmtDuration(pred.expected))),
        h("div", {}, h("dt", {}, "80% interval"), h("dd", { class: "interval" }, `${fmtDuration(pred.lo80)} – ${fmtDuration(pred.hi80)}`)),
        h("div", {}, h("dt", {}, "Elapsed"), h("dd", { class: "elapsed" }, fmtDuration(elapsed)))));
      if (pred.warm === false) {
        const n = Number(pred.mode_games) || 0;
        rows.push(h("p", { class: "warmup" }, `Still learning the basics: ${n} ${m.game.gameMode} game${n === 1 ? "" : "s"} learned so far, so this leans on a typical ${m.game.gameMode} game and its interval is wide.`));
      }
      rows.push(h("div", { class: "timeline", "aria-hidden": "true" },
        h("span", { class: "band", style: `left:${(100 * pred.lo80) / span}%;width:${(100 * (pred.hi80 - pred.lo80)) / span}%` }),
        h("span", { class: "done", style: `width:${Math.min(100, (100 * elapsed) / span)}%` }),
        h("span", { class: "mark", style: `left:${Math.min(100, (100 * pred.expected) / span)}%` })));
      const why = explainBlock(app.model, m, elapsed);
      if (why) rows.push(why);
      if (!app.firstPredictionMarked) {
        app.firstPredictionMarked = true;
        performance.mark("rivulet:first-prediction");
      }
    }
    rows.push(h("p", { class: "muted" }, m.pregame ? `Pre-game prediction ${fmtDuration(m.pregame.expected)} · waiting for the result` : "Waiting for the result"));
  } else if (m.status === "learned" && m.result) {
    const { actual, predicted, absErr } = m.result;
    rows.push(h("dl", { class: "pred result" },
      h("div", {}, h("dt", {}, "True duration"), h("dd", { class: "actual" }, fmtDuration(actual))),
      h("div", {}, h("dt", {}, "Predicted (pre-game)"), h("dd", { class: "expected" }, fmtDuration(predicted))),
      h("div", {}, h("dt", {}, "Error"), h("dd", { class: "error" }, `${predicted > actual ? "+" : "−"}${fmtErr(absErr)}`))));
    rows.push(h("p", { class: "muted" }, "Learned ✓"));
  } else if (m.status === "gave-up") {
    rows.push(h("p", { class: "gave-up" }, m.reason || "Gave up on this match."));
  }
  parts.status.replaceChildren(...rows);
  parts.note.textContent = r.note || "";
}

export function renderMatches() {
  const list = $("matches");
  const matches = [...app.tracked.matches].sort((a, b) => rank(a) - rank(b) || b.addedAt - a.addedAt);
  const ids = new Set(matches.map((m) => m.id));
  for (const [id, c] of cards) if (!ids.has(id)) { c.root.remove(); cards.delete(id); }
  matches.forEach((m, i) => {
    let c = cards.get(m.id);
    if (!c) { c = buildCard(m); cards.set(m.id, c); }
    if (list.children[i] !== c.root) list.insertBefore(c.root, list.children[i] ?? null);
    renderMatch(m.id);
  });
  $("matches-empty").hidden = matches.length > 0;
  $("clear-finished").hidden = !matches.some((m) => m.status === "learned" || m.status === "gave-up");
}
const rank = (m) => ({ fetching: 0, live: 0, learned: 1, "gave-up": 1 })[m.status] ?? 2;

// "Why this prediction": a match card's prediction decomposed into the game mode's typical
// duration plus the largest contributions, grouped the way players think (champions, bans, ranks,
// masteries, time of day), and the model panel's weights per group. The numbers come from the
// wasm DurationPredictor.explain (crates/lol/src/explain.rs): expected = typical + Σ parts + clamp +
// elapsed_shift. This module only groups, names and formats them.

import { championName, queueName } from "./model.js";

function h(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v != null && v !== false) e.setAttribute(k, v === true ? "" : String(v));
  for (const c of children.flat()) if (c != null) e.append(c);
  return e;
}

/** m:ss of a duration; `signed` adds + / − (the minus sign, not a hyphen). */
export function mmss(seconds, signed = false) {
  if (!Number.isFinite(seconds)) return "–";
  const r = Math.round(seconds);
  const s = Math.abs(r);
  const text = `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
  return signed ? `${r < 0 ? "−" : "+"}${text}` : text;
}

const GROUP_LABELS = {
  mode: "Game mode", champions: "Champions", bans: "Bans", ranks: "Ranks", masteries: "Champion mastery",
  time: "Time of day", spells: "Summoner spells", other: "Other",
};
const SPELLS = { 1: "Cleanse", 3: "Exhaust", 4: "Flash", 6: "Ghost", 7: "Heal", 11: "Smite", 12: "Teleport", 13: "Clarity", 14: "Ignite", 21: "Barrier", 32: "Mark" };
const KEY_LABELS = {
  rank_mean: "average rank", rank_gap: "rank gap between teams", rank_spread: "rank spread", rank_known: "ranks known", rank_missing: "ranks missing",
  mastery_mean: "average mastery", mastery_gap: "mastery gap between teams", mastery_min: "lowest mastery", mastery_known: "mastery known", mastery_missing: "mastery missing",
  hour_sin: "hour of day (sine)", hour_cos: "hour of day (cosine)",
};

/** The group of a learner key (see crates/lol/src/features.rs for the keys). */
export function groupOf(key) {
  if (/^(mode|queue|map)=/.test(key)) return "mode";
  if (/(^|[:|])champ=/.test(key) || /^(pair|vs)=/.test(key)) return "champions";
  if (key.startsWith("ban=")) return "bans";
  if (key.startsWith("rank_")) return "ranks";
  if (key.startsWith("mastery_")) return "masteries";
  if (key.startsWith("hour")) return "time";
  if (key.startsWith("spell=")) return "spells";
  return "other";
}

/** A human name for what a key is about: a champion's name, "Kayle + Kassadin", "21:00", ... */
export function subjectOf(key) {
  let m;
  if ((m = key.match(/^(pair|vs)=(\d+)\+(\d+)$/))) return `${championName(+m[2])} ${m[1] === "pair" ? "+" : "vs"} ${championName(+m[3])}`;
  if ((m = key.match(/^(?:(blue|red|other):)?champ=(-?\d+)$/))) return m[1] ? `${championName(+m[2])} (${m[1]})` : championName(+m[2]);
  // A champion × mode key is named with its mode: the model panel lists keys side by side, and
  // `champ=222` and `CLASSIC|champ=222` would both read "Jinx" (a card merges them: memberOf).
  if ((m = key.match(/^([^|=]+)\|champ=(-?\d+)$/))) return `${championName(+m[2])} in ${m[1]}`;
  if ((m = key.match(/^ban=(-?\d+)$/))) return `${championName(+m[1])} banned`;
  if ((m = key.match(/^hour=(\d+)$/))) return `${m[1]}:00`;
  if ((m = key.match(/^spell=(\d+)$/))) return SPELLS[m[1]] ?? `spell ${m[1]}`;
  if ((m = key.match(/^queue=(-?\d+)$/))) return queueName(+m[1]);
  if ((m = key.match(/^(mode|map)=(.+)$/))) return `${m[1]} ${m[2]}`;
  return KEY_LABELS[key] ?? key;
}

/** What a card's line adds up per member: a champion's own keys (champ=, blue:champ=,
 * CLASSIC|champ=) are one member, its name; other keys as subjectOf. */
function memberOf(key) {
  const m = key.match(/^(?:[a-z]+:|[^|=]+\|)?champ=(-?\d+)$/);
  return m ? championName(+m[1]) : subjectOf(key);
}

/** Per group: its total and its members (a champion's keys add up), largest first. */
function groupParts(parts) {
  const groups = new Map();
  for (const p of parts) {
    const g = groupOf(p.feature);
    if (!groups.has(g)) groups.set(g, { group: g, total: 0, members: new Map() });
    const e = groups.get(g);
    e.total += p.contribution;
    const s = memberOf(p.feature);
    e.members.set(s, (e.members.get(s) ?? 0) + p.contribution);
  }
  return [...groups.values()].map((g) => ({ ...g, members: [...g.members].sort((a, b) => Math.abs(b[1]) - Math.abs(a[1])) }));
}

/** The label of a group's line: "Champions: Kayle, Kassadin" (its largest members pulling its way). */
function lineLabel(g) {
  const label = GROUP_LABELS[g.group] ?? g.group;
  if (g.group === "ranks" || g.group === "masteries") return label;
  // The hour's keys (hour=23, and hour_sin / hour_cos, its position on the clock) are one thing.
  if (g.group === "time") {
    const hour = g.members.find(([name]) => /^\d+:00$/.test(name));
    return hour ? `${label}: ${hour[0]}` : label;
  }
  const names = g.members.filter(([, v]) => Math.sign(v) === Math.sign(g.total)).slice(0, 2).map(([s]) => s);
  return names.length ? `${label}: ${names.join(", ")}` : label;
}

/**
 * Whole seconds for `values` that add up to `Math.round(total)` (when the values add up to
 * `total`): each value rounded, then the rounding's leftover handed out a second at a time to
 * the values rounding moved the most the other way. So the card's rows, read as shown, add up to
 * the prediction shown.
 */
export function roundKeepingSum(values, total) {
  const r = values.map((v) => Math.round(v));
  let diff = Math.round(total) - r.reduce((a, b) => a + b, 0);
  if (!Number.isFinite(diff)) return r;
  const step = Math.sign(diff);
  const order = values.map((_, i) => i).sort((a, b) => step * ((values[b] - r[b]) - (values[a] - r[a])));
  for (let k = 0; diff !== 0 && order.length; k = (k + 1) % order.length) {
    r[order[k]] += step;
    diff -= step;
  }
  return r;
}

/**
 * The lines of a card's decomposition from an explanation: [{label, seconds, shown, kind}], the
 * first the mode's typical duration, then 3-5 groups (or one "learned so far" line while the
 * model warms up), everything else, and, once the game has started, the calibration and the
 * time already played (`atStart`: the explanation at elapsed 0). `seconds` add up to
 * `e.expected`; `shown` (whole seconds) to the prediction shown.
 */
export function decompose(e, game, atStart = null) {
  const typicalLabel = `${queueName(game.gameQueueConfigId)}: typical`;
  const lines = [{ label: typicalLabel, seconds: e.typical, kind: "typical" }];
  const partsTotal = e.parts.reduce((s, p) => s + p.contribution, 0);
  if (!e.warm) {
    // The prior dominates: the features' parts are scaled down by `blend` and are mostly noise.
    const rest = partsTotal + e.clamp;
    if (Math.abs(rest) >= 0.5) lines.push({ label: `Learned from ${e.mode_games} ${game.gameMode} game${e.mode_games === 1 ? "" : "s"} so far`, seconds: rest, kind: "learned" });
  } else {
    // The 3-5 largest groups: each one of half a second or more, up to 5, and at least 3 (a
    // small one reads +0:00: those features barely move this game, which is worth seeing).
    const groups = groupParts(e.parts).filter((g) => g.total !== 0).sort((a, b) => Math.abs(b.total) - Math.abs(a.total));
    const large = groups.filter((g) => Math.abs(g.total) >= 0.5).length;
    const shown = groups.slice(0, Math.min(5, Math.max(3, large)));
    for (const g of shown) lines.push({ label: lineLabel(g), seconds: g.total, kind: g.group });
    const rest = partsTotal - shown.reduce((s, g) => s + g.total, 0) + e.clamp;
    if (Math.abs(rest) >= 0.5) lines.push({ label: "Everything else", seconds: rest, kind: "rest" });
  }
  // The shift after the pre-game value: at 0 the calibration on past errors (the residuals'
  // centering); once the game runs, that calibration plus what the time already played adds.
  const calibration = e.elapsed > 0 ? (atStart?.elapsed_shift ?? 0) : e.elapsed_shift;
  if (Math.abs(calibration) >= 0.5) lines.push({ label: "Calibration on past errors", seconds: calibration, kind: "calibration" });
  if (e.elapsed > 0) {
    const byTime = Math.abs(calibration) >= 0.5 ? e.elapsed_shift - calibration : e.elapsed_shift;
    lines.push({ label: `Time already played (${mmss(e.elapsed)})`, seconds: byTime, kind: "elapsed" });
  }
  const shown = roundKeepingSum(lines.map((l) => l.seconds), e.expected);
  return lines.map((l, i) => ({ ...l, shown: shown[i] }));
}

/**
 * The note on the change since the pre-game prediction recorded when the match was tracked
 * (`pre`, seconds): how much of it the time already played explains (`e` now, `atStart` today's
 * model at elapsed 0) and how much the matches learned since, in whole seconds that add up to
 * the change shown. Null when nothing changed.
 */
export function changeNote(e, atStart, pre, timeShown = null) {
  const byTime = e.expected - atStart.expected, byLearning = atStart.expected - pre;
  // As the player sees it: the prediction shown minus the pre-game prediction shown, and the
  // time's part as the card's "Time already played" row shows it (`timeShown`), if given.
  const change = Math.round(e.expected) - Math.round(pre);
  if (change === 0 && Math.abs(byTime) < 0.5) return null;
  const [t, l] = timeShown == null ? roundKeepingSum([byTime, byLearning], change) : [timeShown, change - timeShown];
  const head = `Since the pre-game prediction (${mmss(pre)}): ${mmss(change, true)}`;
  if (l === 0) return `${head}, all of it from the time already played.`;
  if (t === 0) return `${head}, all of it from the matches learned since, none from the time already played.`;
  // A share only when both pull the same way (else "54 % of +0:06" would mislead).
  const share = Math.sign(t) === Math.sign(l) ? ` (${Math.round((100 * t) / change)} %)` : "";
  return `${head}: ${mmss(t, true)}${share} from the time already played, ${mmss(l, true)} from the matches learned since.`;
}

/**
 * The "Why this prediction" block of a live card. `model` is model.js's Model; `pregame` the
 * pre-game prediction recorded when the match was tracked (or null). Returns an element, or null
 * when the model cannot explain.
 */
export function explainBlock(model, m, elapsed) {
  let e, atStart = null;
  try {
    e = model.explain(m.game, m.extras, elapsed);
    if (elapsed > 0) atStart = model.explain(m.game, m.extras, 0);
  } catch {
    return null;
  }
  const lines = decompose(e, m.game, atStart);
  const rows = lines.map((l, i) => h("tr", { "data-kind": l.kind },
    h("th", { scope: "row" }, l.label),
    h("td", { class: "num", "data-seconds": l.seconds }, mmss(l.shown, i > 0))));
  const block = h("div", { class: "why" },
    h("table", { class: "why-table" },
      h("caption", {}, `Why ${mmss(e.expected)}`),
      h("tbody", {}, rows),
      h("tfoot", {}, h("tr", {}, h("th", { scope: "row" }, "Predicted"), h("td", { class: "num why-total", "data-seconds": e.expected }, mmss(e.expected))))));
  if (!e.warm) {
    const pct = Math.round(100 * (1 - e.blend));
    block.append(h("p", { class: "why-note prior" }, `The prior dominates: ${e.mode_games} of 30 ${m.game.gameMode} games learned, so the typical duration still weighs ${pct} %.`));
  }
  const pre = m.pregame?.expected;
  const timeShown = lines.find((l) => l.kind === "elapsed")?.shown;
  const note = atStart && Number.isFinite(pre) ? changeNote(e, atStart, pre, timeShown) : null;
  if (note) block.append(h("p", { class: "why-note elapsed-share" }, note));
  return block;
}

/** Seconds as the model panel shows them: "+4.2 s", "−1:05" (signed), "3.1 s". */
export function seconds(x, signed = true) {
  if (!Number.isFinite(x)) return "–";
  if (Math.abs(x) >= 59.95) return mmss(x, signed);
  const text = `${Math.abs(x).toFixed(1)} s`;
  return signed ? `${x < 0 ? "−" : "+"}${text}` : text;
}

/** The model panel's table: what each learned key adds to a game that has it (seconds, from
 * Model.keyEffects), per group with human names, and each group's spread. */
export function renderWeightGroups(tbody, effects) {
  const groups = new Map();
  for (const { feature, seconds: s } of effects) {
    const g = groupOf(feature);
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g).push([feature, s]);
  }
  const rows = [...groups].map(([g, ws]) => {
    const mean = ws.reduce((s, [, w]) => s + w, 0) / ws.length;
    const spread = Math.sqrt(ws.reduce((s, [, w]) => s + (w - mean) ** 2, 0) / ws.length);
    const top = [...ws].sort((a, b) => Math.abs(b[1]) - Math.abs(a[1])).slice(0, 3);
    return { g, n: ws.length, spread, top, size: Math.max(...ws.map(([, w]) => Math.abs(w))) };
  }).sort((a, b) => b.size - a.size);
  tbody.replaceChildren(...(rows.length ? rows.map((r) => h("tr", {},
    h("td", { class: "feature" }, GROUP_LABELS[r.g] ?? r.g),
    h("td", { class: "num" }, String(r.n)),
    h("td", { class: "num", "data-seconds": r.spread }, seconds(r.spread, false)),
    h("td", { class: "largest" }, r.top.map(([f, w]) => `${subjectOf(f)} ${seconds(w)}`).join(", "))))
    : [h("tr", {}, h("td", { colspan: "4", class: "muted" }, "No weights yet: the model learns from the first match that ends."))]));
}

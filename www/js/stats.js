// The Learning panel: matches predicted and learned, MAE overall and recent, the naive baseline,
// the 80 % coverage, and the error chart.

import { baselineMae, drawErrorChart } from "./chart.js";
import { $ } from "./dom.js";
import { fmtDuration } from "./format.js";
import { ownRecord } from "./store.js";
import { app } from "./state.js";

const ROLLING = 20;

export function renderStats() {
  const doc = app.modelDoc;
  const hist = doc?.history ?? [];
  const own = ownRecord(doc, app.model?.record());
  const learned = own.learned;
  const active = app.tracked.matches.filter((m) => m.status === "live").length;
  $("stat-predicted").textContent = String(learned + active + app.tracked.matches.filter((m) => m.status === "gave-up").length);
  $("stat-learned").textContent = String(learned);
  $("stat-mae").textContent = learned ? fmtDuration(own.sumAbsErr / learned) : "–";
  const last = hist.slice(-ROLLING);
  $("stat-rolling").textContent = last.length ? fmtDuration(last.reduce((s, x) => s + x.absErr, 0) / last.length) : "–";
  const base = baselineMae(hist);
  $("stat-baseline").textContent = base.n ? fmtDuration(base.mae) : "–";
  const ranged = hist.filter((x) => Number.isFinite(x.lo80) && Number.isFinite(x.hi80));
  const inside = ranged.filter((x) => x.actual >= x.lo80 && x.actual <= x.hi80).length;
  $("stat-coverage").textContent = ranged.length ? `${Math.round((100 * inside) / ranged.length)} % (${inside} of ${ranged.length})` : "–";
  drawErrorChart($("chart"), hist.map((x) => x.absErr), ROLLING);
}

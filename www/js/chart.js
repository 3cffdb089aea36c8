// Absolute error per learned match (dots) and the rolling MAE (line), as a small inline SVG.
// The SVG keeps a fixed aspect ratio so the layout never jumps when data arrives.

const NS = "http://www.w3.org/2000/svg";
const W = 640, H = 220, PAD = { l: 44, r: 10, t: 10, b: 26 };

function el(name, attrs = {}, text) {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text != null) e.textContent = text;
  return e;
}

/** Rolling mean of `values` over the last `window` entries (one value per entry). */
export function rolling(values, window) {
  const out = [];
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[i];
    if (i >= window) sum -= values[i - window];
    out.push(sum / Math.min(i + 1, window));
  }
  return out;
}

function niceStep(max, ticks) {
  const raw = max / ticks;
  const mag = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * mag >= raw) return m * mag;
  return 10 * mag;
}

/** Draw into `svg` (an <svg> element). errors: absolute errors in seconds, oldest first. */
export function drawErrorChart(svg, errors, window = 20) {
  svg.replaceChildren();
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  const iw = W - PAD.l - PAD.r, ih = H - PAD.t - PAD.b;
  const mins = errors.map((e) => e / 60);
  const roll = rolling(mins, window);
  const maxY = Math.max(1, ...mins, ...roll);
  const step = niceStep(maxY, 4);
  const top = Math.ceil(maxY / step) * step;
  const n = Math.max(2, mins.length);
  const x = (i) => PAD.l + (mins.length <= 1 ? iw / 2 : (i / (n - 1)) * iw);
  const y = (v) => PAD.t + ih - (v / top) * ih;

  const g = el("g", { class: "axes" });
  for (let v = 0; v <= top + 1e-9; v += step) {
    g.append(el("line", { x1: PAD.l, x2: W - PAD.r, y1: y(v), y2: y(v), class: "grid" }));
    g.append(el("text", { x: PAD.l - 6, y: y(v) + 4, "text-anchor": "end" }, `${+v.toFixed(1)}`));
  }
  if (mins.length) g.append(el("text", { x: PAD.l, y: H - 6 }, "match 1"));
  if (mins.length > 1) g.append(el("text", { x: W - PAD.r, y: H - 6, "text-anchor": "end" }, `match ${mins.length}`));
  g.append(el("text", { x: 4, y: PAD.t + 8, class: "unit" }, "min"));
  svg.append(g);

  if (mins.length === 0) {
    svg.append(el("text", { x: W / 2, y: H / 2, "text-anchor": "middle", class: "empty" }, "No match learned yet"));
    return;
  }
  const dots = el("g", { class: "dots" });
  mins.forEach((v, i) => dots.append(el("circle", { cx: x(i), cy: y(v), r: mins.length > 200 ? 1.5 : 3 })));
  svg.append(dots);
  const d = roll.map((v, i) => `${i ? "L" : "M"}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join("");
  svg.append(el("path", { d, class: "rolling" }));
}

/** The error of the naive guess, over the history: each match predicted by the mean duration of
 * the earlier ones with the same label (queue · platform), or of all earlier ones when its queue
 * has none yet; the first match has no guess. Returns {n, mae}. */
export function baselineMae(hist) {
  const byLabel = new Map();
  let all = { n: 0, sum: 0 }, n = 0, abs = 0;
  for (const x of hist) {
    const own = byLabel.get(x.label);
    const ref = own?.n ? own : all;
    if (ref.n) { abs += Math.abs(x.actual - ref.sum / ref.n); n++; }
    if (!own) byLabel.set(x.label, { n: 1, sum: x.actual }); else { own.n++; own.sum += x.actual; }
    all = { n: all.n + 1, sum: all.sum + x.actual };
  }
  return { n, mae: n ? abs / n : NaN };
}

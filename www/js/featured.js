// Featured games: list them for the chosen region, track one or all; or say the region has none.

import { FEATURED_GONE, featuredOutcome, getJson, routes } from "./api.js";
import { championName, queueName } from "./model.js";
import { $, h } from "./dom.js";
import { fmtDuration } from "./format.js";
import { errorText, notify } from "./notices.js";
import { app, elapsedOf, matchIdOf, timeScale } from "./state.js";
import { trackGame } from "./tracking.js";

export function showFeaturedGone() {
  app.featured = [];
  $("featured-list").replaceChildren();
  $("featured-all").hidden = true;
  $("featured-load").hidden = true;
  const note = $("featured-gone");
  note.textContent = FEATURED_GONE;
  note.hidden = false;
}

export async function loadFeatured() {
  const platform = $("platform").value;
  const list = $("featured-list");
  const button = $("featured-load");
  button.disabled = true;
  list.replaceChildren(h("li", { class: "muted" }, "Loading featured games…"));
  try {
    const fetchedAt = Date.now();
    let body = null, error = null;
    try { body = await getJson(routes.featured(platform)); } catch (e) { error = e; }
    const out = featuredOutcome(body, error);
    if (out.gone) { showFeaturedGone(); return; }
    if (out.retry) { list.replaceChildren(h("li", { class: "muted" }, out.retry)); return; }
    app.featured = out.games.map((game) => ({ game, platform, fetchedAt }));
    renderFeatured();
  } finally {
    button.disabled = false;
  }
}

export async function trackFeatured(f) {
  try {
    await trackGame(f.game, f.platform, { source: "featured", fetchedAt: f.fetchedAt });
  } catch (e) {
    notify(errorText(e), "error");
  }
  renderFeatured();
}

export function renderFeatured() {
  const list = $("featured-list");
  const trackedIds = new Set(app.tracked.matches.map((m) => m.id));
  if (!app.featured.length) {
    list.replaceChildren(h("li", { class: "muted" }, "No featured games right now."));
    $("featured-all").hidden = true;
    return;
  }
  list.replaceChildren(...app.featured.map((f) => {
    const id = matchIdOf(f.game, f.platform);
    const champs = f.game.participants.map((p) => championName(p.championId)).join(", ");
    const done = trackedIds.has(id);
    return h("li", { class: "featured-game", "data-id": id },
      h("div", { class: "fg-text" }, h("strong", {}, queueName(f.game.gameQueueConfigId)), h("span", { class: "muted" }, ` · ${fmtDuration(elapsedOf({ ...f, timeScale: timeScale() }))} in`), h("br"), h("span", { class: "champs" }, champs)),
      h("button", { type: "button", disabled: done, onclick: () => trackFeatured(f), "aria-label": `Track featured game ${id}` }, done ? "Tracked" : "Track"));
  }));
  $("featured-all").hidden = app.featured.every((f) => trackedIds.has(matchIdOf(f.game, f.platform)));
}

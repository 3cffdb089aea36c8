// What the proxy says about itself (/api/meta): the league's label, its regions and the
// suggested players.

import { PLATFORM_REGION, getJson, routes } from "./api.js";
import { $, h } from "./dom.js";
import { UNREACHABLE, clearNotice, errorText, notify } from "./notices.js";
import { app } from "./state.js";
import { showFeaturedGone } from "./featured.js";
import { addByRiotId } from "./lookup.js";

export function renderMeta() {
  const el = $("mode");
  const meta = app.meta;
  if (!meta) { el.textContent = "proxy unreachable"; el.dataset.mode = "unknown"; return; }
  el.dataset.mode = meta.mode;
  const fallback = { simulated: "simulated league", live: "live", replay: "replay" }[meta.mode] ?? meta.mode;
  el.textContent = meta.label || `${fallback}${meta.mode !== "live" && meta.timeScale > 1 ? ` · time ×${meta.timeScale}` : ""}`;
  const select = $("platform");
  const platforms = Array.isArray(meta.platforms) && meta.platforms.length ? meta.platforms.filter((p) => PLATFORM_REGION[p]) : Object.keys(PLATFORM_REGION);
  const previous = select.value || app.store.readPref("platform") || platforms[0];
  select.replaceChildren(...platforms.map((p) => h("option", { value: p }, p.toUpperCase())));
  select.value = platforms.includes(previous) ? previous : platforms[0];
  if (meta.featured === false) showFeaturedGone();
  const sug = Array.isArray(meta.suggestions) ? meta.suggestions.slice(0, 6) : [];
  $("suggestions").hidden = sug.length === 0;
  $("suggestions").querySelector("ul").replaceChildren(...sug.map((s) =>
    h("li", {}, h("button", { type: "button", class: "chip", onclick: () => {
      const platform = PLATFORM_REGION[s.platform] ? s.platform : select.value;
      select.value = platform;
      $("riot-id").value = `${s.gameName}#${s.tagLine}`;
      addByRiotId(platform, $("riot-id").value);
    } }, `${s.gameName}#${s.tagLine}`, h("span", { class: "muted" }, ` ${String(s.platform ?? "").toUpperCase()}`)))));
}

export async function loadMeta() {
  try {
    app.meta = await getJson(routes.meta());
    clearNotice(UNREACHABLE);
  } catch (e) {
    app.meta = null;
    notify(e.kind === "unreachable" ? UNREACHABLE : `The proxy's description could not be read: ${errorText(e)}`, "error");
    setTimeout(() => loadMeta().then(renderMeta), 5_000);
  }
}

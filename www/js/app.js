// The page: add live games, predict their duration while they run, learn when they end.
// All model work goes through ./model.js (the wasm package); all storage through ./store.js.
// This entry wires the modules (one idea each) to the page and starts the loops.

import { Store, emptyFollowedDoc, emptyTrackedDoc } from "./store.js";
import { Model, loadWasm } from "./model.js";
import { render as renderCommunity, startCommunity } from "./community.js";
import { $ } from "./dom.js";
import { notify } from "./notices.js";
import { giveUpSetting } from "./giveup.js";
import { app, setViews } from "./state.js";
import { loadModel, refreshModelFromStorage, setModel } from "./learning.js";
import { clearFinished, refreshTrackedFromStorage } from "./tracking.js";
import { refreshFollowedFromStorage, renderFollowed, setNotify } from "./followed.js";
import { addByRiotId, followByRiotId, suggestPlatform } from "./lookup.js";
import { loadFeatured, renderFeatured, trackFeatured } from "./featured.js";
import { loadMeta, renderMeta } from "./meta.js";
import { schedule } from "./polling.js";
import { renderMatch, renderMatches } from "./cards.js";
import { renderStats } from "./stats.js";
import { exportModel, importModel, renderModel, resetModel } from "./model-panel.js";

function renderAll() {
  renderMatches();
  renderStats();
  renderModel();
  renderCommunity();
  if (app.featured.length) renderFeatured();
}

setViews({ all: renderAll, match: renderMatch });

// ---------- start ----------
async function main() {
  // The store first: the form's handlers and the platform list read the UI preferences from it.
  app.store = new Store({ notify, validateModel: (json) => new Model(json) });
  const giveUp = giveUpSetting();
  app.giveUpSeconds = giveUp.seconds;
  if (giveUp.error) notify(giveUp.error, "warn");
  $("add-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    app.store.writePref("platform", $("platform").value);
    addByRiotId($("platform").value, $("riot-id").value);
  });
  $("riot-id").addEventListener("input", suggestPlatform);
  $("follow-button").addEventListener("click", () => {
    app.store.writePref("platform", $("platform").value);
    followByRiotId($("platform").value, $("riot-id").value);
  });
  $("follow-notify").checked = app.store.readPref("notify") === "1" && typeof Notification === "function" && Notification.permission === "granted";
  $("follow-notify").addEventListener("change", (ev) => setNotify(ev.target.checked));
  $("featured-load").addEventListener("click", loadFeatured);
  $("featured-all").addEventListener("click", async () => {
    for (const f of app.featured) await trackFeatured(f);
  });
  $("clear-finished").addEventListener("click", clearFinished);
  $("model-export").addEventListener("click", exportModel);
  $("model-import-file").addEventListener("change", (ev) => {
    const f = ev.target.files?.[0];
    ev.target.value = "";
    if (f) importModel(f);
  });
  $("model-reset").addEventListener("click", resetModel);

  const [, wasmResult] = await Promise.allSettled([loadMeta(), loadWasm().then(() => performance.mark("rivulet:wasm-ready"))]);
  renderMeta();
  if (wasmResult.status === "rejected") {
    notify(wasmResult.reason.message, "error");
    for (const c of document.querySelectorAll("main button, main input, main select")) c.disabled = true;
    document.body.dataset.ready = "error";
    return;
  }
  app.store.quarantineOtherVersions();
  await loadModel();
  performance.mark("rivulet:model-ready");
  startCommunity(app.store, { modelDoc: () => app.modelDoc, model: () => app.model, adopt: setModel, render: renderAll, notify });
  app.tracked = app.store.readTracked() ?? emptyTrackedDoc();
  app.followed = app.store.readFollowed() ?? emptyFollowedDoc();
  app.store.onChange((what, remote) => {
    if (!remote) return;
    if (what === "followed" || what === "all") refreshFollowedFromStorage();
    if (what === "model" || what === "all") refreshModelFromStorage();
    if (what === "tracked" || what === "all") refreshTrackedFromStorage();
  });
  renderAll();
  renderFollowed();
  schedule();
  setInterval(schedule, 500);
  setInterval(renderFollowed, 5000);
  setInterval(() => { for (const m of app.tracked.matches) if (m.status === "live") renderMatch(m.id); }, 1000);
  document.body.dataset.ready = "1";
}

main().catch((e) => {
  console.error(e);
  notify(`The page failed to start: ${e?.message ?? e}`, "error");
  document.body.dataset.ready = "error";
});

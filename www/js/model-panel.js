// The Model panel: what the model learned (each key's effect in seconds, by group), and export,
// import and reset.

import { emptyModelDoc } from "./store.js";
import { Model } from "./model.js";
import { renderWeightGroups } from "./explain.js";
import { $, h } from "./dom.js";
import { errorText, notify } from "./notices.js";
import { app, renderAll } from "./state.js";
import { setModel } from "./learning.js";

export function renderModel() {
  if (!app.model) return;
  let n = 0, top = [];
  try { n = app.model.nLearned(); top = app.model.keyEffects(1e6); } catch (e) { notify(`The model could not be inspected: ${e.message}`, "error"); }
  const saved = app.modelDoc?.savedAt ? new Date(app.modelDoc.savedAt).toLocaleString() : "not saved";
  $("model-summary").textContent = `${n} match${n === 1 ? "" : "es"} learned by this model · saved ${saved}`;
  renderWeightGroups($("weights"), top);
}

export function exportModel() {
  const text = app.model.serialize();
  const blob = new Blob([text], { type: "application/json" });
  const a = h("a", { href: URL.createObjectURL(blob), download: `rivulet-model-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-")}.json` });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

/** Replace the model (import or reset) under the lock; history starts over with it. */
async function replaceModel(model, what, extra = {}) {
  try {
    await app.store.withLock(() => {
      const doc = app.store.writeModel({ ...emptyModelDoc(model.serialize()), ...extra });
      setModel(model, doc);
    });
    notify(what, "info");
  } catch (e) {
    model.free();
    notify(errorText(e), "error");
  }
  renderAll();
}

export async function importModel(file) {
  let text;
  try { text = await file.text(); } catch (e) { notify(`The file could not be read: ${e.message}`, "error"); return; }
  let model;
  try {
    model = new Model(text);
  } catch (e) {
    notify(`"${file.name}" is not a model this page can load: ${e?.message ?? e}. The current model is unchanged.`, "error");
    return;
  }
  // Its matches are not in this browser's journal: never replaced by a community snapshot.
  await replaceModel(model, `Imported "${file.name}" (${model.nLearned()} matches learned).`, { journal: [], journalLost: model.nLearned() || 1, inherited: model.record() });
}

export async function resetModel() {
  if (!confirm("Reset the model? It forgets everything it learned (export it first to keep it).")) return;
  await replaceModel(Model.fresh(), "The model was reset.");
}

// The model's life in this tab: load it (stored, community or fresh), follow other tabs'
// saves, and learn a finished match (a locked read-modify-write of the stored model).

import { StorageFullError, emptyModelDoc } from "./store.js";
import { Model, queueName } from "./model.js";
import { journalEntry, seedModel, withJournal } from "./community.js";
import { fmtDuration } from "./format.js";
import { notify } from "./notices.js";
import { app, renderAll, rt } from "./state.js";
import { markTracked } from "./tracking.js";

export function setModel(model, doc) {
  if (app.model && app.model !== model) app.model.free();
  app.model = model;
  app.modelDoc = doc;
}

/** Load the stored model (or start from the community model, else a fresh one, and save it). */
export async function loadModel() {
  await app.store.withLock(async () => {
    const found = app.store.readModel({ keepLoaded: true });
    if (found) {
      setModel(found.loaded, found.doc);
      return;
    }
    const seeded = await seedModel(app.store);
    const fresh = seeded?.model ?? Model.fresh();
    let doc = seeded?.doc ?? emptyModelDoc(fresh.serialize());
    try {
      doc = app.store.writeModel(doc);
    } catch (e) {
      notify(e instanceof StorageFullError ? e.message : `The model could not be saved: ${e.message}`, "error");
    }
    setModel(fresh, doc);
  });
}

/** Another tab changed the stored model: pick it up. */
export function refreshModelFromStorage() {
  const found = app.store.readModel({ keepLoaded: true });
  if (!found) {
    // Quarantined or removed: start fresh (saved under the lock).
    loadModel().then(renderAll);
    return;
  }
  if (found.doc.rev === app.modelDoc?.rev) {
    found.loaded.free();
    return;
  }
  setModel(found.loaded, found.doc);
  renderAll();
}

/** Learn a finished match: locked read-modify-write of the model, then of the tracked list. */
export async function learnMatch(m, duration) {
  const r = rt(m.id);
  await app.store.withLock(() => {
    // The stored model (deserialized once, here, inside the lock): another tab may have saved
    // a newer one than this tab's copy.
    const found = app.store.readModel({ keepLoaded: true });
    const stored = found?.doc ?? null;
    let model = found?.loaded ?? null;
    try {
      let entry = (stored ?? app.modelDoc)?.history.find((x) => x.id === m.id);
      if (entry) {
        // Another tab learned it first: adopt its model.
        if (stored && model && stored.rev !== app.modelDoc?.rev) { setModel(model, stored); model = null; }
      } else {
        model ??= Model.fresh();
        let pre;
        try {
          pre = model.learn(m.game, m.extras, duration);
        } catch (e) {
          r.note = `The model refused this match: ${e.message}`;
          r.pendingDuration = null;
          markTracked(m.id, { status: "gave-up", reason: r.note });
          return;
        }
        const absErr = Math.abs(pre.expected - duration);
        entry = { id: m.id, label: labelOf(m), predicted: pre.expected, lo80: pre.lo80, hi80: pre.hi80, actual: duration, absErr, learnedAt: Date.now() };
        const base = stored ?? emptyModelDoc("");
        // The count and the MAE are in the model (its record): only the history is the page's.
        const next = { ...base, ...withJournal(base, journalEntry(m.id, m.game, m.extras, duration)), model: model.serialize(), history: [...base.history, entry] };
        let saved;
        try {
          saved = app.store.writeModel(next);
        } catch (e) {
          // Nothing was written: keep the stored model (this tab shows it) and retry later.
          r.pendingDuration = duration;
          r.nextPollAt = Date.now() + 15_000;
          r.note = `Ended after ${fmtDuration(duration)}, but the model could not be saved (storage full); retrying.`;
          notify(e instanceof StorageFullError ? e.message : `The model could not be saved: ${e.message}`, "error");
          if (stored && stored.rev !== app.modelDoc?.rev) setModel(new Model(stored.model), stored);
          return;
        }
        setModel(model, saved);
        model = null;
      }
      r.pendingDuration = null;
      r.note = "";
      markTracked(m.id, { status: "learned", result: { actual: entry.actual, predicted: entry.predicted, absErr: entry.absErr } });
    } finally {
      model?.free(); // whatever was not adopted
    }
  });
  renderAll();
}

function labelOf(m) {
  const q = m.game.gameQueueConfigId;
  return `${queueName(q)} · ${m.platform.toUpperCase()}`;
}

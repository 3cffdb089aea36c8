// localStorage layer: versioned keys, all-or-nothing saves, quarantine of anything unreadable,
// a cross-tab lock around read-modify-write, and a BroadcastChannel so other tabs refresh.
//
// Keys (the version is in the name, and checked there only: a future format gets a new key, this
// one is set aside; `v: 1` is still written for builds that checked it):
//   rivulet.model.v1    {v:1, rev, savedAt, model: "<DurationPredictor.serialize()>",
//                        history: [{id, label, predicted, actual, absErr, learnedAt}],
//                        inherited: {learned, sumAbsErr} | absent (the part of the predictor's
//                              record of learned matches, model.record(), that this browser did
//                              not learn: a community snapshot's or an imported file's; the page
//                              shows the predictor's record minus it),
//                        base: {position, learned, etag} | absent (the community snapshot the
//                              model started from; absent: a fresh model),
//                        journal: [{id, g, x, d}] (this browser's learned matches, compact, so
//                              they can be learned again on top of a newer snapshot),
//                        journalLost: N (journal entries dropped that no snapshot held)}
//   rivulet.settings.v1 {v:1, rev, learnOnlyMine}
//   rivulet.tracked.v1  {v:1, rev, predictedTotal, matches: [{id, ...}]}
//   rivulet.followed.v1 {v:1, rev, players: [{puuid, gameName, tagLine, platform, followedAt,
//                        checkedAt, lastGameId, inGame}]}
//   rivulet.quarantine.<time>.<key>  the raw text of an entry that could not be read
// A model document saved before the predictor kept the record has `stats: {learned, sumAbsErr}`
// (this browser's count) instead of `inherited`: upgradeModelDoc reads it once, on load.
// One key per document: localStorage.setItem either stores the whole string or throws, so a
// save can never leave half a model behind.

export const KEYS = Object.freeze({ model: "rivulet.model.v1", tracked: "rivulet.tracked.v1", settings: "rivulet.settings.v1", followed: "rivulet.followed.v1" });
const FAMILIES = Object.freeze({ model: "rivulet.model.", tracked: "rivulet.tracked.", settings: "rivulet.settings.", followed: "rivulet.followed." });
const WHAT = { model: "saved model", tracked: "list of tracked matches", settings: "settings", followed: "list of followed players" };
/** Most players one browser follows (each costs a request per check). */
export const FOLLOW_LIMIT = 20;
/** The page's UI preferences, each its own small key (not documents: no version, no rev). */
export const PREFS = Object.freeze({ platform: "rivulet.ui.platform.v1", notify: "rivulet.ui.notify.v1" });
export const QUARANTINE_PREFIX = "rivulet.quarantine.";
export const HISTORY_LIMIT = 1000;
export const JOURNAL_LIMIT = 1000;

/** Keep the journal within JOURNAL_LIMIT: entries the model's community base already holds go
 * first (every later snapshot holds them too), then the oldest (counted in `journalLost`). */
export function trimJournal(doc) {
  const j = doc.journal;
  if (!Array.isArray(j) || j.length <= JOURNAL_LIMIT) return doc;
  const basePos = doc.base?.position ?? 0;
  const excess = j.length - JOURNAL_LIMIT;
  const drop = new Set();
  for (const e of j) if (excess > drop.size && e.p != null && e.p <= basePos) drop.add(e);
  let lost = 0;
  for (const e of j) if (excess > drop.size && !drop.has(e)) { drop.add(e); lost++; }
  return { ...doc, journal: j.filter((e) => !drop.has(e)), journalLost: (doc.journalLost ?? 0) + lost };
}

/** Storage is full (the previous value is untouched). */
export class StorageFullError extends Error {
  constructor(what) {
    super(`Browser storage is full: the ${what} could not be saved. The previous ${what} is kept; free some space (export, then reset the model, or clear other site data) and the next save will retry.`);
    this.name = "StorageFullError";
  }
}

function isQuotaError(e) {
  return e instanceof DOMException && (e.name === "QuotaExceededError" || e.code === 22 || e.name === "NS_ERROR_DOM_QUOTA_REACHED");
}

function newRev() {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

export function emptyModelDoc(serializedModel) {
  return { v: 1, rev: newRev(), savedAt: Date.now(), model: serializedModel, history: [] };
}

const isRecord = (r) => r && typeof r === "object" && isNum(r.learned) && isNum(r.sumAbsErr);

/** This browser's share of a model's record: `record` (model.record()) minus the document's
 * `inherited` part. */
export function ownRecord(doc, record) {
  const inherited = doc?.inherited;
  return {
    learned: Math.max(0, (record?.learned ?? 0) - (inherited?.learned ?? 0)),
    sumAbsErr: Math.max(0, (record?.sumAbsErr ?? 0) - (inherited?.sumAbsErr ?? 0)),
  };
}

/**
 * A model document in today's shape. One saved before the predictor kept the record carries
 * `stats` (this browser's count): the part of the model's `record` beyond it becomes
 * `inherited` (a community snapshot's), and a document older than the journal gets an empty
 * one that says how many matches it lacks. Returns the document itself when there is nothing to
 * upgrade.
 */
export function upgradeModelDoc(doc, record) {
  if (!doc.stats) return doc;
  const { stats, ...rest } = doc;
  const inherited = record
    ? { learned: Math.max(0, record.learned - stats.learned), sumAbsErr: Math.max(0, record.sumAbsErr - stats.sumAbsErr) }
    : { learned: 0, sumAbsErr: 0 };
  const out = inherited.learned > 0 ? { ...rest, inherited } : rest;
  if (!Array.isArray(doc.journal)) return { ...out, journal: [], journalLost: stats.learned };
  return out;
}

export function emptyTrackedDoc() {
  return { v: 1, rev: newRev(), predictedTotal: 0, matches: [] };
}

export function emptyFollowedDoc() {
  return { v: 1, rev: newRev(), players: [] };
}

const isNum = (x) => typeof x === "number" && Number.isFinite(x);

/** Structural check of a model document; returns an error message or "". */
function checkModelDoc(d) {
  if (!d || typeof d !== "object" || Array.isArray(d)) return "not an object";
  if (typeof d.model !== "string" || d.model.length === 0) return "no model";
  if (!Array.isArray(d.history)) return "no history list";
  for (const h of d.history) {
    if (!h || typeof h.id !== "string" || !isNum(h.predicted) || !isNum(h.actual) || !isNum(h.absErr)) return "a history entry is malformed";
  }
  if (d.stats !== undefined && !isRecord(d.stats)) return "the statistics are malformed";
  if (d.inherited !== undefined && !isRecord(d.inherited)) return "the inherited record is malformed";
  if (d.journal !== undefined) {
    if (!Array.isArray(d.journal)) return "the journal is not a list";
    for (const e of d.journal) {
      if (!e || typeof e.id !== "string" || !e.g || !Array.isArray(e.g.participants) || !isNum(e.d)) return "a journal entry is malformed";
    }
  }
  if (d.base != null && (typeof d.base !== "object" || !isNum(d.base.position) || !isNum(d.base.learned))) return "the community base is malformed";
  return "";
}

function checkSettingsDoc(d) {
  if (!d || typeof d !== "object" || Array.isArray(d)) return "not an object";
  if (typeof d.learnOnlyMine !== "boolean") return "no privacy choice";
  return "";
}

export function defaultSettings() {
  return { v: 1, rev: "", learnOnlyMine: false };
}

function checkTrackedDoc(d) {
  if (!d || typeof d !== "object" || Array.isArray(d)) return "not an object";
  if (!Array.isArray(d.matches)) return "no match list";
  for (const m of d.matches) {
    if (!m || typeof m.id !== "string" || !m.game || typeof m.game !== "object" || !Array.isArray(m.game.participants)) return "a tracked match is malformed";
  }
  if (!isNum(d.predictedTotal)) return "no counter";
  return "";
}

function checkFollowedDoc(d) {
  if (!d || typeof d !== "object" || Array.isArray(d)) return "not an object";
  if (!Array.isArray(d.players)) return "no player list";
  for (const p of d.players) {
    if (!p || typeof p.puuid !== "string" || !p.puuid || typeof p.gameName !== "string" || typeof p.tagLine !== "string" || typeof p.platform !== "string") return "a followed player is malformed";
  }
  return "";
}

/**
 * The storage of one tab. `notify(message, level)` shows a message to the player; `validateModel`
 * throws if a serialized model cannot be loaded (the wasm deserializer).
 */
export class Store {
  constructor({ storage = globalThis.localStorage, notify = () => {}, validateModel = () => {} } = {}) {
    this.storage = storage;
    this.notify = notify;
    this.validateModel = validateModel;
    this.listeners = new Set();
    this.channel = typeof BroadcastChannel === "function" ? new BroadcastChannel("rivulet") : null;
    if (this.channel) this.channel.onmessage = (ev) => this.emit(ev.data?.what ?? "all", true);
    // Fallback (and belt and braces): other tabs' writes fire `storage` here.
    globalThis.addEventListener?.("storage", (ev) => {
      if (ev.key === KEYS.model) this.emit("model", true);
      else if (ev.key === KEYS.tracked) this.emit("tracked", true);
      else if (ev.key === KEYS.settings) this.emit("settings", true);
      else if (ev.key === KEYS.followed) this.emit("followed", true);
      else if (ev.key === null) this.emit("all", true);
    });
  }

  /** A UI preference (`PREFS`), or null. Never throws: storage may be disabled. */
  readPref(name) {
    try {
      return this.storage.getItem(PREFS[name]);
    } catch {
      return null;
    }
  }

  /**
   * Remembers a UI preference; false when it could not be stored. Never throws: a full or
   * disabled storage only means the choice is not remembered, and what the player asked for
   * goes on.
   */
  writePref(name, value) {
    try {
      this.storage.setItem(PREFS[name], String(value));
      return true;
    } catch {
      return false;
    }
  }

  /** Subscribe to changes: fn(what, fromOtherTab). */
  onChange(fn) {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  emit(what, remote) {
    for (const fn of this.listeners) {
      try { fn(what, remote); } catch (e) { console.error(e); }
    }
  }

  announce(what) {
    try { this.channel?.postMessage({ what }); } catch { /* channel closed */ }
    this.emit(what, false);
  }

  /**
   * Run fn while holding the cross-tab lock (Web Locks API). Every read-modify-write of the
   * stored documents goes through here so two tabs never overwrite each other's update.
   */
  async withLock(fn) {
    if (globalThis.navigator?.locks?.request) return navigator.locks.request("rivulet-state", () => fn());
    return fn(); // no Web Locks: a single tab is still consistent.
  }

  /** Move an unreadable entry aside (its text kept under a quarantine key) and tell the player. */
  quarantine(key, raw, reason) {
    const qkey = `${QUARANTINE_PREFIX}${new Date().toISOString()}.${key}`;
    let kept = true;
    // Remove first: the copy then fits in the space the original used.
    try { this.storage.removeItem(key); } catch { /* nothing to free */ }
    try { this.storage.setItem(qkey, raw); } catch { kept = false; }
    const what = WHAT[Object.keys(FAMILIES).find((f) => key.startsWith(FAMILIES[f]))] ?? "saved data";
    this.notify(
      `The ${what} in this browser could not be read (${reason}). ` +
        (kept ? `It was set aside under "${qkey}" and a fresh one was started.` : "It could not be kept (storage full) and a fresh one was started."),
      "warn",
    );
    return qkey;
  }

  /** Set aside entries of other versions of our keys (e.g. rivulet.model.v0 or .v2). */
  quarantineOtherVersions() {
    const others = [];
    for (let i = 0; i < this.storage.length; i++) {
      const k = this.storage.key(i);
      if (k == null || Object.values(KEYS).includes(k)) continue;
      if (Object.values(FAMILIES).some((f) => k.startsWith(f))) others.push(k);
    }
    for (const k of others) {
      const raw = this.storage.getItem(k);
      if (raw !== null) this.quarantine(k, raw, `it was written by an unknown version (key "${k}")`);
    }
  }

  readDoc(key, check) {
    let raw;
    try { raw = this.storage.getItem(key); } catch (e) {
      this.notify(`Browser storage cannot be read (${e.message}); nothing will be saved.`, "error");
      return null;
    }
    if (raw === null) return null;
    let doc;
    try { doc = JSON.parse(raw); } catch { this.quarantine(key, raw, "it is not valid JSON"); return null; }
    const problem = check(doc);
    if (problem) { this.quarantine(key, raw, problem); return null; }
    return { doc, raw };
  }

  /**
   * The stored model document, or null if none (an unreadable one is quarantined). With
   * `keepLoaded`, returns {doc, loaded} where `loaded` is what validateModel returned (the
   * deserialized model, so it is parsed once); otherwise that value is freed. A document of an
   * older shape comes back upgraded (upgradeModelDoc; saved so by the next write).
   */
  readModel({ keepLoaded = false } = {}) {
    const r = this.readDoc(KEYS.model, checkModelDoc);
    if (!r) return null;
    let loaded;
    try { loaded = this.validateModel(r.doc.model); } catch (e) {
      this.quarantine(KEYS.model, r.raw, `the model does not load: ${e?.message ?? e}`);
      return null;
    }
    const doc = upgradeModelDoc(r.doc, loaded?.record?.() ?? null);
    if (keepLoaded) return { doc, loaded };
    loaded?.free?.();
    return doc;
  }

  readTracked() {
    const r = this.readDoc(KEYS.tracked, checkTrackedDoc);
    return r ? r.doc : null;
  }

  readFollowed() {
    const r = this.readDoc(KEYS.followed, checkFollowedDoc);
    return r ? r.doc : null;
  }

  /** Save atomically; throws StorageFullError (old value kept) when over quota. */
  write(key, doc, what) {
    const next = { ...doc, rev: newRev(), savedAt: Date.now() };
    try {
      this.storage.setItem(key, JSON.stringify(next));
    } catch (e) {
      if (isQuotaError(e)) throw new StorageFullError(what);
      throw e;
    }
    return next;
  }

  writeModel(doc) {
    if (doc.history.length > HISTORY_LIMIT) doc = { ...doc, history: doc.history.slice(-HISTORY_LIMIT) };
    doc = trimJournal(doc);
    const saved = this.write(KEYS.model, doc, "model");
    this.announce("model");
    return saved;
  }

  /** The settings (defaults when none are saved; an unreadable entry is quarantined). */
  readSettings() {
    const r = this.readDoc(KEYS.settings, checkSettingsDoc);
    return r ? r.doc : defaultSettings();
  }

  writeSettings(doc) {
    const saved = this.write(KEYS.settings, doc, "settings");
    this.announce("settings");
    return saved;
  }

  writeTracked(doc) {
    const saved = this.write(KEYS.tracked, doc, "list of tracked matches");
    this.announce("tracked");
    return saved;
  }

  /** Locked read-modify-write of the tracked list: mutate(doc) edits in place, returns a value. */
  async updateTracked(mutate) {
    return this.withLock(() => {
      const doc = this.readTracked() ?? emptyTrackedDoc();
      const out = mutate(doc);
      if (out === false) return { doc, out };
      const saved = this.writeTracked(doc);
      return { doc: saved, out };
    });
  }

  /** Locked read-modify-write of the followed players, as updateTracked. */
  async updateFollowed(mutate) {
    return this.withLock(() => {
      const doc = this.readFollowed() ?? emptyFollowedDoc();
      const out = mutate(doc);
      if (out === false) return { doc, out };
      const saved = this.write(KEYS.followed, doc, WHAT.followed);
      this.announce("followed");
      return { doc: saved, out };
    });
  }
}

// The page's only door to the wasm package: every call into rivulet goes through this module,
// so a change in the wasm API is a one-file fix here. Wasm objects hold memory in the module's
// heap: whatever is replaced is freed.

let wasm = null;

/** Load and instantiate the wasm package. Throws Error with a plain message. */
export async function loadWasm(url = "/pkg/page/web/rivulet.js") {
  let mod;
  try {
    mod = await import(url);
  } catch (e) {
    throw new Error(`The rivulet wasm package could not be loaded from ${url} (${e.message}). Build it with ./x build-wasm.`);
  }
  await mod.default();
  for (const name of ["DurationPredictor", "featurize", "champion_name", "queue_name"]) {
    if (!(name in mod)) throw new Error(`The wasm package at ${url} has no ${name}: rebuild it with ./x build-wasm.`);
  }
  wasm = mod;
  return mod;
}

export const version = () => (wasm?.version ? wasm.version() : "?");

/** `extras` as the wasm API wants it: undefined when there is nothing. */
const ex = (extras) => (extras && (Object.keys(extras.ranks ?? {}).length || Object.keys(extras.masteries ?? {}).length) ? extras : undefined);

export function championName(id) {
  try { return wasm.champion_name(id); } catch { return `#${id}`; }
}

export function queueName(queueId) {
  if (queueId == null) return "Custom game";
  try { return wasm.queue_name(queueId); } catch { return `Queue ${queueId}`; }
}

export function featurize(game, extras) {
  return wasm.featurize(game, ex(extras));
}

/** Throws Error naming the problem if `json` is not a model this package can load. */
export function validateModel(json) {
  wasm.DurationPredictor.deserialize(json).free();
}

/** One predictor instance (freed when replaced). */
export class Model {
  constructor(json) {
    this.p = json ? wasm.DurationPredictor.deserialize(json) : new wasm.DurationPredictor();
  }

  static fresh() { return new Model(null); }

  serialize() { return this.p.serialize(); }

  /** Prediction (seconds): {expected, lo80, hi80, lo90, hi90, pregame, elapsed}, plus `warm`
   * (false until 30 games of this game mode are learned) and `mode_games` (learned so far). */
  predict(game, extras, elapsedSeconds) {
    return this.p.predict(game, ex(extras), Math.max(0, elapsedSeconds));
  }

  /** The prediction in parts, seconds (see explain.js): {expected, pregame, elapsed, warm,
   * mode_games, blend, prior, typical, parts: [{feature, value, scaled, weight, contribution}],
   * clamp, elapsed_shift}; expected = typical + Σ contribution + clamp + elapsed_shift. */
  explain(game, extras, elapsedSeconds) {
    return this.p.explain(game, ex(extras), Math.max(0, elapsedSeconds));
  }

  /** Learn the true duration; returns the pre-game prediction made just before learning. */
  learn(game, extras, durationSeconds) {
    return this.p.learn(game, ex(extras), durationSeconds);
  }

  /** The predictor's record of the pre-game predictions it learned from, {learned, sumAbsErr}
   * (seconds). It is saved inside the model: the page keeps no count of its own. */
  record() {
    const m = this.p.metrics();
    return { learned: m.n, sumAbsErr: m.abs_err_sum };
  }

  nLearned() {
    return this.p.n_learned;
  }

  /** What each learned key adds to a game that has it, in seconds (the model panel's numbers):
   * the `k` largest by magnitude, [{feature, seconds}]. */
  keyEffects(k) {
    return Array.from(this.p.key_effects(k), ([feature, seconds]) => ({ feature, seconds }));
  }

  free() {
    if (this.p) { this.p.free(); this.p = null; }
  }
}

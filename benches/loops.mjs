// The timed loops of the object-input benchmarks, shared by benches/node_bench.mjs (Node) and
// benches/browser_bench.mjs (the same loops in a headless Chromium or Firefox page), so that both
// runtimes time the same code. `now()` is the runtime's clock in nanoseconds.

/** ns per `predict_one` (or `predict_proba_one`) + `learn_one` over `total` samples of `rows`. */
export function timeObjects(model, rows, total, proba, now) {
  const t0 = now();
  let acc = 0;
  for (let i = 0; i < total; i++) {
    const [x, y] = rows[i % rows.length];
    acc += proba ? model.predict_proba_one(x) : model.predict_one(x);
    model.learn_one(x, y);
  }
  const ns = (now() - t0) / total;
  if (!Number.isFinite(acc)) throw new Error("non-finite predictions");
  return ns;
}

/** ns per `predict_learn_one` over `total` samples of `rows`. */
export function timeCombined(model, rows, total, now) {
  const t0 = now();
  let acc = 0;
  for (let i = 0; i < total; i++) {
    const [x, y] = rows[i % rows.length];
    acc += model.predict_learn_one(x, y);
  }
  const ns = (now() - t0) / total;
  if (!Number.isFinite(acc)) throw new Error("non-finite predictions");
  return ns;
}

/**
 * The stream file's benchmark, as `node_bench.mjs --stream` runs it: a warm-up pass over every
 * row on a throwaway model (the stream's objects each have their own hidden class, and V8 builds
 * a class's for...in data on its first walk: without it whichever loop ran first was 0.5-1.5
 * µs/sample slower), then the two calls on a fresh model, then `predict_learn_one` on another.
 * `predict_learn_one` is warmed up too, on a short prefix (its glue and export
 * start in the engine's baseline tier: Node 24 ran the untouched loop 10-20 % slower).
 */
export function timeStream(Model, spec, rows, proba, now) {
  timeObjects(new Model(spec), rows, rows.length, proba, now);
  const ns = timeObjects(new Model(spec), rows, rows.length, proba, now);
  timeCombined(new Model(spec), rows, Math.min(rows.length, 5000), now);
  const combined = timeCombined(new Model(spec), rows, rows.length, now);
  return { ns, combined };
}

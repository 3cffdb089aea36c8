// The fast path of rivulet's `Model` (src/wasm/model.rs imports it through wasm-bindgen, which
// copies it into the package's snippets/): a JS-side cache of the keys a model has seen, and a
// walk that writes an object's (id, value) pairs straight into wasm memory, one call per sample.
// The key caches are null-prototype objects used as dictionaries (name → id; name → value →
// id): their keys are internalized, so a lookup with a key from for...in compares pointers,
// where a Map holding the (not internalized) names that come from wasm compares text.
const dict = () => Object.create(null);
export function rv_cache(memory, cls) {
  return { cls, num: dict(), cat: dict(), nf: -1, unum: dict(), ucat: dict(),
           memory, buf: null, ptr: -1, valid: false, keys: [], vals: [], nk: 0 };
}
// Writes the (id, value) pairs of x into the first len - 1 of the len f64 slots at byte offset
// ptr of wasm memory, and (learn true) the target y into the last slot. Returns the pair count,
// plus `same` (a flag bit chosen by the Rust side) when the pairs are exactly those of the
// previous successful call (still in the buffer); -1 when x or y needs the slow path (not a plain object, a key not cached, a value
// that is not a finite number or a string, a throwing getter; a target that is not a finite
// number; for a classifier, a boolean target is its label 1 / 0); -2 - n when the buffer needs
// n slots. At predict time (learn false) keys cached as
// unknown to the model (for vocabulary size nf) are skipped. The view of the buffer is kept in
// the cache and remade when the buffer moved or memory grew (a grown memory detaches the old
// view: its length drops to 0).
// `for...in` walks x without allocating a key array (the fastest walk in V8); it would also
// visit inherited enumerable keys, so only objects whose prototype is Object.prototype (with no
// enumerable keys of its own) or null take this path: exactly Object.keys(x), in its order.
// Predict then learn on the same sample (progressive validation) walks it twice: each walk
// compares each key and value (read once, as always) with the ones the previous successful
// walk wrote at that position, and neither looks up nor writes while they agree (the pair is
// still in the buffer); from the first difference on it looks keys up and writes as usual.
// `keys` / `vals` hold the keys and values of the `nk` pairs of the last call that succeeded
// (`valid`; any other outcome clears it), in the order of their pairs in the buffer (a key
// skipped as unknown has no pair and no entry). The id of a key and value never changes, so
// this holds for any object, not only the same one: what is compared is what the pairs are
// made of.
const OP = Object.prototype;
export function rv_encode(x, cache, ptr, len, learn, nf, y, same_flag) {
  const valid = cache.valid;
  cache.valid = false;
  if (typeof x !== "object" || x === null) return -1;
  if (learn && cache.cls && typeof y === "boolean") y = +y;
  if (learn && (typeof y !== "number" || y - y !== 0)) return -1;
  // Nothing may throw out of here (a throw would cross the wasm frames that called this and
  // leave the model borrowed): a Proxy's traps run from the first line on.
  try {
    const proto = Object.getPrototypeOf(x);
    if (proto !== OP && proto !== null) return -1;
    for (const _ in OP) return -1;
    if (cache.nf !== nf) { cache.nf = nf; cache.unum = dict(); cache.ucat = dict(); }
    let buf = cache.buf, same = valid;
    if (cache.ptr !== ptr || buf.length !== len) {
      buf = cache.buf = new Float64Array(cache.memory.buffer, ptr, len);
      cache.ptr = ptr;
      same = false;
    }
    const num = cache.num, cat = cache.cat, keys = cache.keys, vals = cache.vals;
    const cap = len - 1, ln = same ? cache.nk : 0;
    let n = 0, over = false;
    for (const k in x) {
      const v = x[k];
      const j = n >> 1;
      if (same) {
        if (j < ln && k === keys[j] && Object.is(v, vals[j])) {
          n += 2;
          continue;
        }
        same = false;
      }
      let id;
      if (typeof v === "number") {
        if (v - v !== 0) return -1;
        id = num[k];
        if (id === undefined) {
          if (learn || cache.unum[k] === undefined) return -1;
          continue;
        }
      } else if (typeof v === "string") {
        const m = cat[k];
        id = m === undefined ? undefined : m[v];
        if (id === undefined) {
          const u = cache.ucat[k];
          if (learn || u === undefined || u[v] === undefined) return -1;
          continue;
        }
      } else {
        return -1;
      }
      if (n + 2 > cap) over = true;
      if (!over) {
        buf[n] = id;
        buf[n + 1] = typeof v === "number" ? v : 1;
      }
      keys[j] = k;
      vals[j] = v;
      n += 2;
    }
    // A getter that made wasm memory grow detached the view (length 0): writes were lost.
    if (buf.length !== len) return -1;
    if (over) return -2 - n - 1;
    if (learn) buf[cap] = y;
    const pairs = n >> 1;
    cache.valid = true;
    if (same && pairs === ln) return pairs | same_flag;
    cache.nk = pairs;
    return pairs;
  } catch (_) {
    return -1;
  }
}
// Caches a key: `value` undefined for a numeric key; `id` -1 for a key unknown to the model.
export function rv_remember(cache, name, value, id) {
  if (value === undefined) {
    (id < 0 ? cache.unum : cache.num)[name] = id;
  } else {
    const maps = id < 0 ? cache.ucat : cache.cat;
    let m = maps[name];
    if (m === undefined) maps[name] = m = dict();
    m[value] = id;
  }
}

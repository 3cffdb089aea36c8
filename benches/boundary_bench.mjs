// The JS ⇄ wasm crossing alone, in Node, Chromium and Firefox: a bare module (built here with
// binaryen, no Rust, no wasm-bindgen) whose exports have the shapes the package's hot methods
// have after wasm-bindgen. `predict_one` returns `Result<f64, JsError>`, which wasm-bindgen
// lowers to a multi-value return `(f64, i32, i32)` (the value, the error's slot, the error
// flag); its `x` crosses as an externref; and the Rust side calls one JS import (the fast
// path's walk, with two externrefs among eight arguments). The web targets, built without
// multi-value, get a memory slot instead (scripts/without_multivalue.mjs); its row is the shape
// of that glue. docs/perf/2026-12-05-firefox.md.
//   node benches/boundary_bench.mjs     # prints ns per call, one line per runtime
import { BROWSERS, engineMissing, runPage } from "../tests/e2e/engines.mjs";

const binaryen = (await import("binaryen")).default;
const module = binaryen.parseText(`(module
  (import "env" "walk" (func $walk (param externref externref i32 i32 i32 i32 f64 i32) (result i32)))
  (func (export "f64_of_ints") (param i32 i32) (result f64) (f64.const 1))
  (func (export "f64_of_externref") (param i32 externref) (result f64) (f64.const 1))
  (func (export "multi_value") (param i32 externref) (result f64 i32 i32)
    (f64.const 1) (i32.const 0) (i32.const 0))
  (memory (export "memory") 1)
  (global $sp (mut i32) (i32.const 65536))
  (func (export "add_to_stack_pointer") (param i32) (result i32)
    (global.set $sp (i32.add (global.get $sp) (local.get 0))) (global.get $sp))
  (func (export "result_in_memory") (param i32 i32 externref)
    (f64.store (local.get 0) (f64.const 1))
    (i32.store offset=8 (local.get 0) (i32.const 0))
    (i32.store offset=12 (local.get 0) (i32.const 0)))
  (func (export "calls_import") (param i32 externref externref) (result f64)
    (f64.convert_i32_s (call $walk (local.get 1) (local.get 2) (i32.const 0) (i32.const 64)
      (i32.const 1) (i32.const 5) (f64.const 3) (i32.const 0))))
)`);
module.setFeatures(binaryen.Features.ReferenceTypes | binaryen.Features.Multivalue);
if (!module.validate()) throw new Error("the probe module does not validate");
const bytes = Buffer.from(module.emitBinary());

// Runs in Node and in the page alike: ns per call of each export, the median of 5 runs of 10⁶.
async function probe(bytes, now) {
  const walk = (x, cache) => (x === cache ? 1 : 0);
  const { instance } = await WebAssembly.instantiate(bytes, { env: { walk } });
  const w = instance.exports;
  const N = 1_000_000;
  const x = {}, cache = {};
  let sink = 0;
  const loops = {
    "f64 return": () => { for (let i = 0; i < N; i++) sink += w.f64_of_ints(1, 2); },
    "f64 return, externref argument": () => { for (let i = 0; i < N; i++) sink += w.f64_of_externref(1, x); },
    "multi-value return (f64, i32, i32)": () => {
      for (let i = 0; i < N; i++) { const r = w.multi_value(1, x); if (r[2]) throw new Error("flag"); sink += r[0]; }
    },
    // What wasm-bindgen emits without multi-value: a 16-byte slot on wasm's stack, read back.
    "the same through a memory slot": () => {
      let view = new DataView(w.memory.buffer);
      for (let i = 0; i < N; i++) {
        const slot = w.add_to_stack_pointer(-16);
        try {
          w.result_in_memory(slot, 1, x);
          if (view.buffer !== w.memory.buffer) view = new DataView(w.memory.buffer);
          if (view.getInt32(slot + 12, true)) throw new Error("flag");
          sink += view.getFloat64(slot, true) + view.getInt32(slot + 8, true);
        } finally {
          w.add_to_stack_pointer(16);
        }
      }
    },
    "f64 return, calls a JS import": () => { for (let i = 0; i < N; i++) sink += w.calls_import(1, x, cache); },
  };
  const out = {};
  for (const [name, loop] of Object.entries(loops)) {
    loop();
    const runs = [];
    for (let r = 0; r < 5; r++) {
      const t0 = now();
      loop();
      runs.push((now() - t0) / N);
    }
    out[name] = runs.sort((a, b) => a - b)[2];
  }
  if (!(sink > 0)) throw new Error("the loops did not run");
  return out;
}

const rows = [];
const T0 = process.hrtime.bigint();
rows.push([`Node ${process.versions.node}`, await probe(bytes, () => Number(process.hrtime.bigint() - T0))]);
for (const which of BROWSERS) {
  const missing = engineMissing(which);
  if (missing) {
    console.log(`${which}: left out, ${missing}`);
    continue;
  }
  const page = `<!doctype html><html><body><script type="module">
const probe = ${probe.toString()};
try {
  const bytes = await (await fetch("/probe.wasm")).arrayBuffer();
  document.body.dataset.result = JSON.stringify(await probe(bytes, () => performance.now() * 1e6));
} catch (e) {
  document.body.dataset.result = JSON.stringify({ error: String(e && e.stack || e) });
}
</script></body></html>`;
  const { result, browser } = await runPage(which, page, { "/probe.wasm": bytes });
  if (result.error) throw new Error(`${which}: ${result.error}`);
  rows.push([browser, result]);
}
const names = Object.keys(rows[0][1]);
console.log(`| runtime | ${names.join(" | ")} |`);
console.log(`|---|${names.map(() => "---").join("|")}|`);
for (const [runtime, r] of rows) console.log(`| ${runtime} | ${names.map((n) => r[n].toFixed(1)).join(" | ")} |`);

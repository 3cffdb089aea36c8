// Copies a wasm module with `multivalue` taken out of its `target_features` custom section, for
// `./x build-wasm`'s web targets (docs/perf/2026-12-05-firefox.md):
//   node scripts/without_multivalue.mjs IN.wasm OUT.wasm
// wasm-bindgen returns a `Result` from an export as a multi-value `(value, error slot, error
// flag)` when that section lists `multivalue` (Rust's wasm32 target always does), else through
// a slot in wasm memory. Handing a multi-value result to JS costs Firefox's and Safari's engines
// ~170-250 ns a call, V8 ~10 ns; the memory slot costs V8 ~25 ns a call. Measured on the
// package's loops (docs/perf/2026-12-05-firefox.md): the slot makes Firefox 14-22 % and WebKit
// 8-18 % faster, Chromium 3-5 % slower, Node 20 11-16 % slower (so its target keeps
// multi-value). The code is unchanged: no function of the module returns more than one value
// before wasm-bindgen runs (wasm-opt, told nothing of multi-value, validates it).
import { readFileSync, writeFileSync } from "node:fs";

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error("usage: node scripts/without_multivalue.mjs IN.wasm OUT.wasm");
  process.exit(2);
}
const bytes = readFileSync(input);

function leb(at) {
  let value = 0, shift = 0, byte;
  do {
    byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [value, at];
}
function uleb(n) {
  const out = [];
  do {
    let byte = n & 0x7f;
    n = Math.floor(n / 128);
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return Buffer.from(out);
}
const text = (s) => Buffer.concat([uleb(Buffer.byteLength(s)), Buffer.from(s)]);

const parts = [bytes.subarray(0, 8)];
let found = false;
for (let at = 8; at < bytes.length;) {
  const start = at;
  const id = bytes[at++];
  const [size, body] = leb(at);
  const end = body + size;
  at = end;
  if (id === 0) {
    const [nameLength, nameAt] = leb(body);
    if (bytes.toString("utf8", nameAt, nameAt + nameLength) === "target_features") {
      found = true;
      let [count, p] = leb(nameAt + nameLength);
      const kept = [];
      for (; count > 0; count--) {
        const prefix = String.fromCharCode(bytes[p++]);
        const [length, nameStart] = leb(p);
        const feature = bytes.toString("utf8", nameStart, nameStart + length);
        p = nameStart + length;
        if (feature !== "multivalue") kept.push(Buffer.concat([Buffer.from(prefix), text(feature)]));
      }
      const section = Buffer.concat([text("target_features"), uleb(kept.length), ...kept]);
      parts.push(Buffer.from([0]), uleb(section.length), section);
      continue;
    }
  }
  parts.push(bytes.subarray(start, end));
}
if (!found) {
  console.error(`${input} has no target_features section (built with strip = true?): wasm-bindgen could not tell its features`);
  process.exit(1);
}
writeFileSync(output, Buffer.concat(parts));

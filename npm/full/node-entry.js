// Node entry of `rivulet/full` (the learner with FM and AMF): like ../node-entry.js, the nodejs
// build loads its .wasm synchronously at import, so `init` has nothing to do. It exists so that
//   import init, { Model } from "rivulet/full"; await init();
// runs unchanged in Node.
export * from "./node/rivulet.js";

/** No-op in Node (the module is ready at import); accepts and ignores the web init's argument. */
export default async function init(_input) {
  return undefined;
}

export * from "./node/rivulet.js";
/** No-op in Node (the module is ready at import). */
export default function init(input?: unknown): Promise<void>;

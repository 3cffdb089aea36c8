// The notices at the top of the page, and the text of an error a player sees.

import { ApiError } from "./api.js";
import { StorageFullError } from "./store.js";
import { $, h } from "./dom.js";

const shownNotices = new Map();
export function notify(message, level = "info") {
  const box = $("notices");
  if (shownNotices.has(message)) return;
  const item = h("div", { class: `notice ${level}`, role: level === "error" || level === "warn" ? "alert" : null },
    h("p", {}, message),
    h("button", { type: "button", class: "quiet", "aria-label": "Dismiss this message", onclick: () => { item.remove(); shownNotices.delete(message); } }, "Dismiss"));
  shownNotices.set(message, item);
  box.append(item);
}
export function clearNotice(message) {
  shownNotices.get(message)?.remove();
  shownNotices.delete(message);
}
export const UNREACHABLE = "Can't reach the rivulet proxy. Is `rivulet serve` still running? Retrying…";

export function errorText(e) {
  if (e instanceof StorageFullError) return e.message;
  if (e instanceof ApiError) return e.message;
  return `Something went wrong: ${e?.message ?? e}`;
}

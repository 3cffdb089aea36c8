// How the page writes durations ("m:ss", "h:mm:ss") and errors.

export function fmtDuration(seconds) {
  if (!Number.isFinite(seconds)) return "–";
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  return h ? `${h}:${String(m).padStart(2, "0")}:${String(r).padStart(2, "0")}` : `${m}:${String(r).padStart(2, "0")}`;
}
export const fmtErr = (s) => (Number.isFinite(s) ? `${fmtDuration(Math.abs(s))}` : "–");

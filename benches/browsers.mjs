// Runs a benchmark page in a headless browser, for benches/browser_bench.mjs and
// benches/boundary_bench.mjs: Chromium (Debian's, through playwright-core), Firefox ESR or
// WebKitGTK's MiniBrowser (JavaScriptCore, Safari's engine; both through WebDriver and
// selenium-webdriver: tests/e2e/engines.mjs). The page is served on loopback
// cross-origin isolated, so that performance.now() ticks every 5-20 µs, not 100 µs or 1 ms; it
// reports by setting `document.body.dataset.result` to a JSON text.
import { existsSync } from "node:fs";
import { createServer } from "node:http";
import { join, resolve } from "node:path";
import { ENGINES, engineMissing, openDriver } from "../tests/e2e/engines.mjs";

const ROOT = resolve(import.meta.dirname, "..");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
export const BROWSERS = ["chromium", ...ENGINES];

/** Why `which` cannot run here, or null. */
export function browserMissing(which) {
  if (which === "chromium") {
    if (!existsSync(CHROMIUM)) return `${CHROMIUM} is missing (apt-get install chromium)`;
    if (!existsSync(join(ROOT, "node_modules/playwright-core"))) return "playwright-core is missing (npm ci)";
    return null;
  }
  return engineMissing(which);
}

const TYPES = { ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm", ".json": "application/json" };

/**
 * Serves `html` at / and `routes` (URL path → its content, a Buffer or a string, typed by the
 * path's extension), opens it in `which`, and waits up to 10 min for the page's
 * result. Returns `{ result, browser }` (the parsed result, the browser's name and version).
 */
export async function runPage(which, html, routes = {}) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    const headers = { "cross-origin-opener-policy": "same-origin", "cross-origin-embedder-policy": "require-corp" };
    if (path === "/") return res.writeHead(200, { ...headers, "content-type": "text/html" }).end(html);
    const body = routes[path];
    if (body === undefined) return res.writeHead(404).end();
    const ext = path.slice(path.lastIndexOf("."));
    res.writeHead(200, { ...headers, "content-type": TYPES[ext] ?? "application/octet-stream" });
    res.end(body);
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const url = `http://127.0.0.1:${server.address().port}/`;
  try {
    const [text, browser] = which === "chromium" ? await inChromium(url) : await inEngine(which, url);
    return { result: JSON.parse(text), browser };
  } finally {
    server.close();
  }
}

async function inChromium(url) {
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
  });
  try {
    const page = await browser.newPage();
    await page.goto(url);
    await page.waitForFunction(() => document.body.dataset.result, null, { timeout: 600_000 });
    return [await page.evaluate(() => document.body.dataset.result), `Chromium ${browser.version()}`];
  } finally {
    await browser.close();
  }
}

async function inEngine(which, url) {
  const { driver, name, quit } = await openDriver(which);
  try {
    await driver.get(url);
    const deadline = Date.now() + 600_000;
    let text;
    while (!(text = await driver.executeScript("return document.body.dataset.result"))) {
      if (Date.now() > deadline) throw new Error("the benchmark page gave no result in 10 min");
      await new Promise((r) => setTimeout(r, 200));
    }
    return [text, name];
  } finally {
    await quit();
  }
}

// End-to-end harness: the real proxy binary on the simulated league (port 0, time sped up) and
// Debian's Chromium driven by playwright-core. Screenshots go to test-results/e2e/.

import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const PROXY_BIN = join(ROOT, "target/native/rivulet");
export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
export const ARTIFACTS = join(ROOT, "test-results/e2e");
export const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
];

/** Whether the simulated league lists featured games in this run: `RIVULET_E2E_FEATURED=on|off`
 * (default off, the proxy's default and Riot's behaviour since late 2025). `./x test` runs
 * page.test.mjs both ways (its tests that never ask how games are found, once); `trackGames`
 * finds games through featured games when on, through Riot IDs (the suggested players of
 * /api/meta) when off. */
export const FEATURED = process.env.RIVULET_E2E_FEATURED === "on" ? "on" : "off";

/** Why the e2e suite cannot run here, or "" when it can. */
export function missingPrerequisite() {
  if (!existsSync(PROXY_BIN)) return `${PROXY_BIN} is missing (build it: cargo build --profile native -p rivulet-server)`;
  if (!existsSync(join(ROOT, "pkg/page/web/rivulet.js"))) return "pkg/page/web/rivulet.js is missing (build it: ./x build-wasm)";
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} is missing (apt-get install chromium)`;
  return "";
}

/** Start `rivulet serve --port 0` and resolve once it prints its URL. Its match logs go to a
 * fresh temporary `--data-dir` (removed by stop()); community learning is off unless
 * `community` is set (the page then keeps today's local-only model). */
export async function startProxy({ timeScale = 300, seed = 7, args = [], env = {}, community = false, dataDir } = {}) {
  const ownDir = dataDir ? null : mkdtempSync(join(tmpdir(), "rivulet-e2e-data-"));
  const featured = args.includes("--featured") ? [] : ["--featured", FEATURED];
  const data = ["--data-dir", dataDir ?? ownDir, ...(community ? [] : ["--no-community"])];
  const child = spawn(PROXY_BIN, ["serve", "--port", "0", "--time-scale", String(timeScale), "--seed", String(seed), ...featured, ...data, ...args], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, RIOT_API_KEY: "", ...env },
  });
  let stderr = "";
  child.stderr.on("data", (d) => { stderr += d; });
  const url = await new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => { child.kill(); reject(new Error(`proxy did not start within 30 s; stderr: ${stderr}`)); }, 30_000);
    child.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/rivulet: serving (http:\/\/[^\s]+)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on("exit", (code) => { clearTimeout(timer); reject(new Error(`proxy exited with ${code}; stderr: ${stderr}`)); });
  });
  return {
    url,
    child,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode !== null) { if (ownDir) rmSync(ownDir, { recursive: true, force: true }); return; }
      const done = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await Promise.race([done, new Promise((r) => setTimeout(r, 5_000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
      if (ownDir) rmSync(ownDir, { recursive: true, force: true });
    },
  };
}

/** Headless Chromium (Playwright gives each launch a fresh temporary profile; every test then
 * takes its own context, so storage never leaks between tests). */
export async function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

export async function newContext(browser, viewport = { width: 1280, height: 900 }) {
  return browser.newContext({ viewport });
}

/** A page whose console errors and uncaught exceptions are collected. */
export async function openPage(context, url) {
  const page = await context.newPage();
  page.errors = [];
  page.on("pageerror", (e) => page.errors.push(`pageerror: ${e.message}`));
  // Chromium logs every 4xx answer as a console error; 404 (not in game, no mastery, match not
  // over yet) and 429 are answers the page handles, not errors.
  page.on("console", (m) => {
    if (m.type() === "error" && !/Failed to load resource: the server responded with a status of (404|429)/.test(m.text())) page.errors.push(`console: ${m.text()}`);
  });
  await page.goto(url);
  await page.waitForFunction(() => document.body.dataset.ready, null, { timeout: 30_000 });
  const ready = await page.evaluate(() => document.body.dataset.ready);
  if (ready !== "1") throw new Error(`page failed to start: ${await page.locator("#notices").innerText()}`);
  return page;
}

export async function screenshot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** The stored documents, parsed (null when absent). */
export async function stored(page) {
  return page.evaluate(() => {
    const parse = (k) => { const raw = localStorage.getItem(k); return raw === null ? null : JSON.parse(raw); };
    return { model: parse("rivulet.model.v1"), tracked: parse("rivulet.tracked.v1") };
  });
}

/** Track `count` live games (as many as featured games list when omitted): from the featured
 * list when the league offers featured games, else by typing suggested players' Riot IDs (as a
 * visitor would). Returns their match ids. */
export async function trackGames(page, count) {
  const offered = await page.evaluate(() => fetch("/api/meta").then((r) => r.json()).then((m) => m.featured !== false));
  return offered ? trackFeatured(page, count) : trackByRiotId(page, count ?? 5);
}

/** Load featured games and track `count` of them (all when omitted). Returns their ids. */
export async function trackFeatured(page, count) {
  await page.click("#featured-load");
  await page.waitForSelector("#featured-list .featured-game", { timeout: 30_000 });
  const buttons = page.locator("#featured-list .featured-game button:not([disabled])");
  const n = Math.min(count ?? Infinity, await buttons.count());
  const ids = [];
  for (let i = 0; i < n; i++) {
    // The list re-renders when a game is tracked: pick a game, then click that game's button.
    const id = await page.locator("#featured-list .featured-game:has(button:not([disabled]))").first().getAttribute("data-id");
    ids.push(id);
    await page.locator(`#featured-list .featured-game[data-id="${id}"] button`).click();
    try {
      await page.waitForSelector(`#matches [data-id="${id}"]`, { timeout: 45_000 });
    } catch (e) {
      const notices = await page.locator("#notices").innerText().catch(() => "?");
      throw new Error(`the card of featured game ${id} did not appear (notices: ${JSON.stringify(notices)})`, { cause: e });
    }
  }
  return ids;
}

/** Track `count` games by Riot ID: the players /api/meta suggests (in a game now, one per game),
 * asked again when a suggestion's game ended before it was added. Returns the match ids. */
export async function trackByRiotId(page, count) {
  const ids = [];
  const tried = new Set();
  const deadline = Date.now() + 30_000;
  while (ids.length < count) {
    if (Date.now() > deadline) throw new Error(`found only ${ids.length} of ${count} games by Riot ID`);
    const meta = await page.evaluate(() => fetch("/api/meta").then((r) => r.json()));
    const fresh = (meta.suggestions ?? []).filter((s) => !tried.has(`${s.gameName}#${s.tagLine}`));
    if (!fresh.length) { await new Promise((r) => setTimeout(r, 200)); continue; }
    const s = fresh[0];
    const riotId = `${s.gameName}#${s.tagLine}`;
    tried.add(riotId);
    const before = await page.evaluate(() => (JSON.parse(localStorage.getItem("rivulet.tracked.v1"))?.matches ?? []).map((m) => m.id));
    await page.fill("#riot-id", riotId);
    await page.press("#riot-id", "Enter");
    const kind = await page.waitForFunction(() => {
      const k = document.getElementById("add-status").dataset.kind;
      return ["added", "already", "not-in-game", "unknown-id"].includes(k) && !document.getElementById("add-button").disabled && k;
    }, null, { timeout: 30_000, polling: 50 }).then((h) => h.jsonValue());
    if (kind !== "added") continue;
    const id = await page.evaluate((prev) => (JSON.parse(localStorage.getItem("rivulet.tracked.v1"))?.matches ?? []).map((m) => m.id).find((i) => !prev.includes(i)), before);
    await page.waitForSelector(`#matches [data-id="${id}"]`, { timeout: 30_000 });
    ids.push(id);
    // The next lookup must not read this one's status.
    await page.evaluate(() => { document.getElementById("add-status").dataset.kind = ""; });
  }
  return ids;
}

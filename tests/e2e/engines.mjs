// The three browser engines the tests and benchmarks run pages in:
//   chromium Debian's chromium, through playwright-core;
//   firefox  Debian's firefox-esr through geckodriver (cargo install geckodriver), and
//   webkit   WebKitGTK's MiniBrowser through WebKitWebDriver (Debian's webkit2gtk-driver):
//            JavaScriptCore, Safari's engine. MiniBrowser needs an X display: without DISPLAY,
//            a private Xvfb is started for the session (Debian's xvfb).
// The last two through WebDriver and selenium-webdriver (Playwright drives only its own patched
// builds of them, which cannot be fetched here). `./x setup` installs all of them.
// `openDriver` gives a WebDriver session (tests/e2e/engines.test.mjs); `runPage` serves a page
// that reports a result and runs it in any of the three (benches/browser_bench.mjs,
// benches/boundary_bench.mjs, tests/js/hostile_args.test.mjs).
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import { createServer } from "node:net";
import { delimiter, join, relative } from "node:path";

const onPath = (name) => (process.env.PATH ?? "").split(delimiter).map((d) => join(d, name)).find((p) => existsSync(p));
const FIREFOX = process.env.FIREFOX ?? "/usr/bin/firefox-esr";
const GECKODRIVER = process.env.GECKODRIVER ?? onPath("geckodriver");
const MINIBROWSER = process.env.MINIBROWSER ?? "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";
const WEBKITDRIVER = process.env.WEBKITDRIVER ?? onPath("WebKitWebDriver");
const SELENIUM = new URL("../../node_modules/selenium-webdriver", import.meta.url);
const PLAYWRIGHT = new URL("../../node_modules/playwright-core", import.meta.url);
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

/** The engines a WebDriver session opens in (Chromium's tests use playwright-core directly). */
export const ENGINES = ["firefox", "webkit"];
/** Every engine `runPage` runs in. */
export const BROWSERS = ["chromium", ...ENGINES];

/** Why `engine` cannot run here, or null. */
export function engineMissing(engine) {
  if (engine === "chromium") {
    if (!existsSync(CHROMIUM)) return `${CHROMIUM} is missing (apt-get install chromium)`;
    if (!existsSync(PLAYWRIGHT)) return "playwright-core is missing (npm ci)";
    return null;
  }
  if (!existsSync(SELENIUM)) return "selenium-webdriver is missing (npm ci)";
  if (engine === "firefox") {
    if (!existsSync(FIREFOX)) return `${FIREFOX} is missing (apt-get install firefox-esr)`;
    if (!GECKODRIVER) return "geckodriver is not on PATH (cargo install geckodriver; ./x setup does)";
    return null;
  }
  if (engine === "webkit") {
    if (!existsSync(MINIBROWSER) || !WEBKITDRIVER) return "WebKitGTK's MiniBrowser or WebKitWebDriver is missing (apt-get install webkit2gtk-driver)";
    if (!process.env.DISPLAY && !onPath("Xvfb")) return "no DISPLAY and no Xvfb (apt-get install xvfb)";
    return null;
  }
  return `unknown engine ${engine} (firefox or webkit)`;
}

const freePort = () => new Promise((ok, fail) => {
  const s = createServer().once("error", fail).listen(0, "127.0.0.1", () => {
    const { port } = s.address();
    s.close(() => ok(port));
  });
});

/** Starts `cmd args` and resolves once `ready(output so far)` is true (stdout and stderr). */
function start(cmd, args, env, ready, what) {
  const child = spawn(cmd, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => { child.kill(); fail(new Error(`${what} did not start in 15 s: ${out}`)); }, 15_000);
    const seen = (d) => { out += d; if (ready(out)) { clearTimeout(timer); ok({ child, out }); } };
    child.stdout.on("data", seen);
    child.stderr.on("data", seen);
    child.once("exit", (code) => { clearTimeout(timer); fail(new Error(`${what} exited with ${code}: ${out}`)); });
  });
}

/** A selenium WebDriver session in `engine` (headless); `quit()` ends it and what it started. */
export async function openDriver(engine) {
  const why = engineMissing(engine);
  if (why) throw new Error(why);
  const { Builder } = await import(new URL("index.js", `${SELENIUM}/`));
  if (engine === "firefox") {
    const { default: firefox } = await import(new URL("firefox.js", `${SELENIUM}/`));
    const options = new firefox.Options().addArguments("-headless").setBinary(FIREFOX).enableBidi();
    const driver = await new Builder().forBrowser("firefox").setFirefoxOptions(options)
      .setFirefoxService(new firefox.ServiceBuilder(GECKODRIVER)).build();
    return { driver, name: `Firefox ${(await driver.getCapabilities()).get("browserVersion")}`, quit: () => driver.quit() };
  }
  const started = [];
  const stopAll = () => { for (const c of started.reverse()) c.kill(); };
  try {
    const env = { ...process.env };
    if (!env.DISPLAY) {
      // -displayfd: Xvfb picks a free display and writes its number on stdout when ready.
      const x = await start(onPath("Xvfb"), ["-displayfd", "1", "-screen", "0", "1280x1024x24", "-nolisten", "tcp"], env, (o) => /^\d+\n/.test(o), "Xvfb");
      started.push(x.child);
      env.DISPLAY = `:${x.out.trim()}`;
    }
    // WebKitWebDriver prints nothing when ready: ask its /status until it answers.
    const port = await freePort();
    const wd = spawn(WEBKITDRIVER, [`--port=${port}`], { env, stdio: "ignore" });
    started.push(wd);
    for (let t = Date.now(); ; await new Promise((r) => setTimeout(r, 100))) {
      if (await fetch(`http://127.0.0.1:${port}/status`).then((r) => r.ok, () => false)) break;
      if (Date.now() - t > 15_000 || wd.exitCode !== null) throw new Error("WebKitWebDriver did not start in 15 s");
    }
    const caps = { browserName: "MiniBrowser", "webkitgtk:browserOptions": { binary: MINIBROWSER, args: ["--automation"] } };
    const driver = await new Builder().usingServer(`http://127.0.0.1:${port}`).withCapabilities(caps).build();
    const version = (await driver.getCapabilities()).get("browserVersion");
    return { driver, name: `WebKitGTK ${version}`, quit: async () => { try { await driver.quit(); } finally { stopAll(); } } };
  } catch (e) {
    stopAll();
    throw e;
  }
}

/** Every file under `dir`, as routes for `runPage`: URL path (`prefix` + the file's path in
 * `dir`) → content. */
export function filesUnder(dir, prefix) {
  const out = {};
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) out[`${prefix}/${relative(dir, join(e.parentPath, e.name))}`] = readFileSync(join(e.parentPath, e.name));
  }
  return out;
}

const TYPES = { ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm", ".json": "application/json" };

/**
 * Serves `html` at / and `routes` (URL path → its content, a Buffer or a string, typed by the
 * path's extension), opens it in `which`, and waits up to 10 min for the page's
 * result. Returns `{ result, browser }` (the parsed result, the browser's name and version).
 */
export async function runPage(which, html, routes = {}) {
  const server = createHttpServer((req, res) => {
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

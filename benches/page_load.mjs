// Page load → first prediction, with the wasm package in the browser's cache, in headless Chromium.
//
//   node benches/page_load.mjs [runs=30]
//
// Starts the real proxy (simulated league at real-time speed so the tracked game keeps running),
// opens the page once, tracks one featured game (so the next loads have a prediction to show)
// and warms the cache; then navigates to the page `runs` times and reads the page's
// `rivulet:first-prediction` performance mark (ms since navigation start). Target: ≤ 300 ms.

import { launchBrowser, missingPrerequisite, newContext, openPage, startProxy, trackFeatured } from "../tests/e2e/harness.mjs";

const runs = Number(process.argv[2] ?? 30);
const why = missingPrerequisite();
if (why) {
  console.error(`page_load: cannot run: ${why}`);
  process.exit(1);
}

const proxy = await startProxy({ timeScale: 1, seed: 5, args: ["--featured", "on"] });
const browser = await launchBrowser();
try {
  const ctx = await newContext(browser);
  const page = await openPage(ctx, proxy.url);
  await trackFeatured(page, 1);
  await page.waitForSelector('#matches .match[data-status="live"] .expected', { timeout: 30_000 });
  const marks = [], ready = [], stages = { wasm: [], model: [] };
  for (let i = 0; i < runs + 3; i++) {
    await page.goto(proxy.url);
    const t = await page.waitForFunction(() => {
      const m = performance.getEntriesByName("rivulet:first-prediction")[0];
      return m && m.startTime;
    }, null, { timeout: 30_000, polling: "raf" });
    const fromCache = await page.evaluate(() => {
      const e = performance.getEntriesByType("resource").find((r) => r.name.endsWith("rivulet_bg.wasm"));
      // Body from the HTTP cache: nothing or only headers (a 304 revalidation) came over the wire.
      return e ? e.transferSize < 1000 : null;
    });
    if (i < 3) continue; // warm-up
    marks.push(await t.jsonValue());
    const at = await page.evaluate(() => Object.fromEntries(["rivulet:wasm-ready", "rivulet:model-ready"].map((n) => [n, performance.getEntriesByName(n)[0]?.startTime])));
    stages.wasm.push(at["rivulet:wasm-ready"]);
    stages.model.push(at["rivulet:model-ready"]);
    ready.push(fromCache);
  }
  marks.sort((a, b) => a - b);
  const q = (p) => marks[Math.min(marks.length - 1, Math.floor(p * marks.length))];
  const cached = ready.filter(Boolean).length;
  console.log(`page load → first prediction, ${runs} loads (wasm body from the HTTP cache in ${cached}/${runs}):`);
  console.log(`  median ${q(0.5).toFixed(0)} ms, p90 ${q(0.9).toFixed(0)} ms, min ${marks[0].toFixed(0)} ms, max ${marks.at(-1).toFixed(0)} ms (target ≤ 300 ms)`);
  const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`  medians of the steps: wasm instantiated at ${med(stages.wasm).toFixed(0)} ms, stored model loaded at ${med(stages.model).toFixed(0)} ms`);
  await ctx.close();
} finally {
  await browser.close();
  await proxy.stop();
}

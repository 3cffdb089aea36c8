// Load client in its own process (Node's http with keep-alive): requests/s and p50/p99 for one
// URL of a running `rivulet serve`, so the client does not share the server's runtime.
//
//   ./target/native/rivulet serve --port 18931 &   # cargo build --profile native -p rivulet-server
//   node benches/proxy_load_client.mjs http://127.0.0.1:18931/api/euw1/lol/spectator/v5/featured-games 20000 8
//
// Arguments: URL, requests (20000), concurrency (32). Non-2xx answers are counted as errors.
import http from 'node:http';
const [url, n = '20000', conc = '32'] = process.argv.slice(2);
if (!url) { console.error('usage: node benches/proxy_load_client.mjs URL [requests] [concurrency]'); process.exit(2); }
const agent = new http.Agent({ keepAlive: true, maxSockets: +conc });
let next = 0; let errors = 0; const lat = []; const t0 = performance.now();
async function worker() {
  while (next < +n) { next++;
    const t = performance.now();
    await new Promise((res, rej) => http.get(url, { agent }, r => {
      if (r.statusCode < 200 || r.statusCode > 299) errors++;
      r.on('data', () => {}); r.on('end', res);
    }).on('error', rej));
    lat.push(performance.now() - t);
  }
}
await Promise.all(Array.from({ length: +conc }, worker));
const wall = (performance.now() - t0) / 1000; lat.sort((a, b) => a - b);
console.log(`${lat.length} req ${(lat.length / wall).toFixed(0)} req/s p50 ${lat[lat.length >> 1].toFixed(2)} ms p99 ${lat[Math.floor(lat.length * 0.99)].toFixed(2)} ms errors ${errors}`);
agent.destroy();

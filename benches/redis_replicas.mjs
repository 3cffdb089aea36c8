// Three `rivulet serve --redis` replicas on loopback sharing one redis-server (docs/redis.md):
// aggregate requests/s and p50/p99 for cached Riot paths spread over the replicas, Redis
// commands per request, and community ingestion (finished matches appended to the stream per
// second, and how fast the replicas learn them). Not a test: it prints numbers.
//
//   cargo build --profile native --bin rivulet
//   node benches/redis_replicas.mjs [requests=20000] [concurrency=32] [matches=2000]
//
// Needs redis-server and redis-cli (apt-get install redis-server). Starts everything itself on
// free loopback ports and stops it (by pid) at the end.
import http from 'node:http';
import net from 'node:net';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [n = '20000', conc = '32', nMatches = '2000'] = process.argv.slice(2);
const BIN = process.env.RIVULET_BIN || 'target/native/rivulet';
const KEY = 'RGAPI-bench-key';
const children = [];
const dirs = [];
const sleep = ms => new Promise(r => setTimeout(r, ms));
const freePort = () => new Promise(res => {
  const s = net.createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); });
});
function cleanup() {
  for (const c of children) { try { process.kill(c.pid, 'SIGKILL'); } catch { /* gone */ } }
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}
process.on('exit', cleanup);
process.on('SIGINT', () => process.exit(130));

const redisPort = await freePort();
const redisDir = mkdtempSync(join(tmpdir(), 'rivulet-bench-redis-')); dirs.push(redisDir);
children.push(spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--dir', redisDir,
  '--appendonly', 'yes', '--appendfsync', 'everysec', '--save', ''], { stdio: 'ignore' }));
const cli = (...args) => execFileSync('redis-cli', ['-p', String(redisPort), ...args]).toString().trim();
for (let i = 0; ; i++) { try { if (cli('PING') === 'PONG') break; } catch { /* starting */ } if (i > 200) throw new Error('redis-server did not start'); await sleep(25); }
const commands = () => Number(/total_commands_processed:(\d+)/.exec(cli('INFO', 'stats'))[1]);

function get(url, agent) {
  return new Promise((res, rej) => http.get(url, { agent }, r => {
    const chunks = []; r.on('data', c => chunks.push(c));
    r.on('end', () => res({ status: r.statusCode, headers: r.headers, body: Buffer.concat(chunks).toString() }));
  }).on('error', rej));
}

function serve(args, env) {
  const c = spawn(BIN, ['serve', '--port', '0', ...args], { env: { ...process.env, RUST_LOG: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(c);
  c.stderr.on('data', d => { for (const l of String(d).split('\n')) if (/Redis|buffered|not logged|failed/.test(l)) console.error(`replica: ${l.replace(/\x1b\[[0-9;]*m/g, '')}`); });
  return new Promise((res, rej) => {
    let out = '';
    c.stdout.on('data', d => { out += d; const m = /serving (http:\/\/\S+)/.exec(out); if (m) res(m[1]); });
    c.on('exit', code => rej(new Error(`rivulet exited ${code}: ${out}`)));
  });
}

// A finished match from the simulated league: the template of the fake Riot's matches.
const simDir = mkdtempSync(join(tmpdir(), 'rivulet-bench-sim-')); dirs.push(simDir);
const sim = await serve(['--time-scale', '2000', '--no-community', '--www', simDir, '--pkg', simDir], { RIOT_API_KEY: '' });
let template;
for (let i = 0; !template; i++) {
  const r = await get(`${sim}/api/europe/lol/match/v5/matches/EUW1_7000000001`);
  if (r.status === 200) template = r.body; else if (i > 400) throw new Error('no finished match'); else await sleep(50);
}
const templateId = JSON.parse(template).metadata.matchId;

// The fake Riot: `[]` with a production key's limits for everything, a match for any id.
const fake = http.createServer((req, res) => {
  const m = /\/matches\/(EUW1_\d+)$/.exec(req.url);
  res.writeHead(200, { 'content-type': 'application/json', 'x-app-rate-limit': '50000:10,900000:600', 'x-app-rate-limit-count': '1:10,1:600', 'x-method-rate-limit': '50000:10', 'x-method-rate-limit-count': '1:10' });
  res.end(m ? template.split(templateId).join(m[1]) : '[]');
}).listen(0, '127.0.0.1');
await new Promise(r => fake.on('listening', r));
const riot = `http://127.0.0.1:${fake.address().port}/{}`;

const replicas = [];
for (let i = 0; i < 3; i++) {
  const d = mkdtempSync(join(tmpdir(), `rivulet-bench-r${i}-`)); dirs.push(d);
  replicas.push(await serve(['--riot-base-url', riot, '--redis', `redis://127.0.0.1:${redisPort}`, '--replicas', '3',
    '--client-share', '100', '--data-dir', d, '--www', d, '--pkg', d, '--snapshot-every', '1000'], { RIOT_API_KEY: KEY }));
}

// Cached paths: 30 league lookups, warmed on every replica.
const agent = new http.Agent({ keepAlive: true, maxSockets: +conc });
const P = '5Ftfp7ThkxJsQuGZ5FZ56fBkPOVIuDit4BO99mraJuLV1DyBcQu83y5lkV8HGYapOQ3hwjcqVj8_vQ';
const paths = Array.from({ length: 30 }, (_, i) => `/api/euw1/lol/league/v4/entries/by-puuid/B${String(i).padStart(2, '0')}${P.slice(3)}`);
for (const r of replicas) for (const p of paths) { const a = await get(r + p, agent); if (a.status !== 200) throw new Error(`warm-up ${a.status} ${a.body}`); }

async function load(total, urlOf) {
  let next = 0; let errors = 0; const lat = [];
  const t0 = performance.now();
  await Promise.all(Array.from({ length: +conc }, async () => {
    while (next < total) {
      const i = next++; const t = performance.now();
      const r = await get(urlOf(i), agent);
      if (r.status !== 200) errors++;
      lat.push(performance.now() - t);
    }
  }));
  const wall = (performance.now() - t0) / 1000; lat.sort((a, b) => a - b);
  return { wall, rps: lat.length / wall, p50: lat[lat.length >> 1], p99: lat[Math.floor(lat.length * 0.99)], errors };
}

// Round trips: every command a client sent (MONITOR marks the ones run inside a Lua script
// with `lua`, which are not round trips), counted over a short run of each kind.
async function roundTrips(total, urlOf) {
  const mon = spawn('redis-cli', ['-p', String(redisPort), 'monitor'], { stdio: ['ignore', 'pipe', 'ignore'] });
  children.push(mon);
  let sent = 0; let inScripts = 0; let buf = '';
  mon.stdout.on('data', d => {
    buf += d; const lines = buf.split('\n'); buf = lines.pop();
    for (const l of lines) { if (l === 'OK') continue; if (/\[\d+ lua\]/.test(l)) inScripts++; else sent++; }
  });
  await sleep(300);
  await load(total, urlOf);
  await sleep(300);
  mon.kill('SIGKILL');
  return { sent: sent / total, inScripts: inScripts / total };
}
const rtCached = await roundTrips(3000, i => replicas[i % 3] + paths[i % paths.length]);
const rtMiss = await roundTrips(300, i => `${replicas[i % 3]}/api/euw1/lol/league/v4/entries/by-puuid/R${String(i).padStart(5, '0')}${P.slice(6)}`);
console.log(`Redis round trips per request: cached ${rtCached.sent.toFixed(3)}, uncached ${rtMiss.sent.toFixed(2)} (+ ${rtMiss.inScripts.toFixed(1)} commands inside scripts)`);

const c0 = commands();
const cached = await load(+n, i => replicas[i % 3] + paths[i % paths.length]);
const perCached = (commands() - c0) / +n;
console.log(`cached, 3 replicas: ${n} req ${cached.rps.toFixed(0)} req/s p50 ${cached.p50.toFixed(2)} ms p99 ${cached.p99.toFixed(2)} ms errors ${cached.errors}; Redis commands executed per request ${perCached.toFixed(3)}`);

// Uncached league lookups (each one: shared cache miss, lock, budget, Riot, store).
const c1 = commands();
const misses = await load(2000, i => `${replicas[i % 3]}/api/euw1/lol/league/v4/entries/by-puuid/U${String(i).padStart(5, '0')}${P.slice(6)}`);
console.log(`uncached, 3 replicas: 2000 req ${misses.rps.toFixed(0)} req/s p50 ${misses.p50.toFixed(2)} ms p99 ${misses.p99.toFixed(2)} ms errors ${misses.errors}; Redis commands executed per request (incl. inside scripts) ${((commands() - c1) / 2000).toFixed(2)}`);

// Community ingestion: distinct finished matches through the replicas into the stream.
const ingest = await load(+nMatches, i => `${replicas[i % 3]}/api/europe/lol/match/v5/matches/EUW1_${8000000000 + i}`);
await sleep(2000);
const stream = Number(cli('XLEN', 'rivulet:log:live:stream'));
if (ingest.errors) console.log(`ingestion errors: ${ingest.errors}`);
console.log(`ingestion: ${nMatches} matches answered and appended in ${ingest.wall.toFixed(2)} s = ${(+nMatches / ingest.wall).toFixed(0)} matches/s (stream length ${stream}, p99 ${ingest.p99.toFixed(2)} ms)`);
const t0 = performance.now();
for (const r of replicas) {
  for (;;) {
    const m = await get(`${r}/api/community/model`, agent);
    if (m.status === 200 && Number(m.headers['x-community-position']) >= stream) break;
    await sleep(20);
  }
}
const learnWall = (performance.now() - t0) / 1000;
console.log(`learning: all 3 replicas served position ${stream} ${learnWall.toFixed(2)} s after the last append was answered`);
agent.destroy();
fake.close();
process.exit(0);

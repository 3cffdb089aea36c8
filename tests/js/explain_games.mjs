// `explain_one` on real games (games.csv) through the wasm faces, shared by Node and headless
// Chromium (tests/js/explain.test.mjs): no Node API in here, the caller passes the modules and
// the file's text. For every estimator with parts (linear with and without a target scaler, FM,
// logistic), progressively (explain, check, learn): the prediction is predict_one's, bit for
// bit, and the parts add up to it (without a target scaler and for the logistic logit: to the
// bit; otherwise to 1e-12 of the parts' magnitude). The page's DurationPredictor.explain adds up
// to its expected duration at several elapsed times. The native twin is
// crates/lol/tests/explain_real_data.rs.

/** games.csv (the Kaggle 2017 ranked games) as the page's game objects, the way
 * crates/lol/src/datasets.rs reads them: Ranked Solo/Duo on Summoner's Rift, EUW1. */
export function gamesFromCsv(text, limit = Infinity) {
  const lines = text.split(/\r\n|\r|\n/).filter((l) => l.trim() !== "");
  const head = lines[0].split(",").map((s) => s.trim());
  const col = (c) => {
    const i = head.indexOf(c);
    if (i < 0) throw new Error(`games.csv: no column ${c}`);
    return i;
  };
  const teams = [["t1", 100], ["t2", 200]].map(([prefix, teamId]) => ({
    teamId,
    players: [1, 2, 3, 4, 5].map((i) => [`${prefix}_champ${i}id`, `${prefix}_champ${i}_sum1`, `${prefix}_champ${i}_sum2`].map(col)),
    bans: [1, 2, 3, 4, 5].map((i) => col(`${prefix}_ban${i}`)),
  }));
  const [cId, cTime, cDur] = ["gameId", "creationTime", "gameDuration"].map(col);
  const games = [];
  for (const line of lines.slice(1)) {
    const r = line.split(",").map(Number);
    const participants = [];
    const bannedChampions = [];
    teams.forEach(({ teamId, players, bans }, side) => {
      for (const [c, s1, s2] of players) participants.push({ teamId, championId: r[c], spell1Id: r[s1], spell2Id: r[s2] });
      bans.forEach((b, k) => { if (r[b] >= 0) bannedChampions.push({ championId: r[b], teamId, pickTurn: 2 * k + 1 + side }); });
    });
    games.push({
      game: {
        gameId: r[cId], mapId: 11, gameMode: "CLASSIC", gameType: "MATCHED_GAME", gameQueueConfigId: 420,
        platformId: "EUW1", gameStartTime: r[cTime], gameLength: 0, participants, bannedChampions,
      },
      duration: r[cDur],
    });
  }
  // In time order, each game once (as the native reader).
  games.sort((a, b) => a.game.gameStartTime - b.game.gameStartTime);
  const seen = new Set();
  return games.filter((g) => !seen.has(g.game.gameId) && seen.add(g.game.gameId)).slice(0, limit);
}

/** The estimators checked: the page's pipeline (crates/lol/src/predictor.rs, default_model_spec),
 * the linear model without a target scaler, FM, and logistic regression on "longer than 30:00". */
export const CASES = [
  { name: "page spec (maxabs, adagrad, huber, target scaler)", exact: false,
    spec: { scaler: "maxabs", target_scaler: true, model: { type: "linear", optimizer: { type: "adagrad", lr: 0.007 }, loss: { type: "huber", epsilon: 0.05 } } } },
  // No target scaler: plain SGD on durations in seconds diverges, AdaGrad's steps stay bounded.
  { name: "linear, no target scaler", exact: true, spec: { target_scaler: false, model: { type: "linear", optimizer: { type: "adagrad", lr: 1 } } } },
  // FM's default rates (0.01) diverge on these ~60 keys per game within 600 games: lower ones.
  { name: "fm (default pipeline, rates 0.002)", exact: false, spec: { model: { type: "fm", n_factors: 4, seed: 1, lr: 0.002, latent_lr: 0.002 } } },
  { name: "logistic (longer than 30:00)", exact: true, classify: true, spec: { model: { type: "logistic" } } },
];

/** Runs every case and the page predictor over `games`; throws on the first part that does not
 * add up. Returns { games, worst: { case: relative gap }, checked }. */
export function checkGames({ Model, DurationPredictor, featurize }, games) {
  const models = CASES.map((c) => ({ ...c, model: new Model(c.spec) }));
  const predictor = new DurationPredictor();
  const worst = Object.fromEntries(CASES.map((c) => [c.name, 0]));
  let checked = 0;
  games.forEach(({ game, duration }, t) => {
    const x = featurize(game, undefined);
    for (const c of models) {
      const what = `${c.name}, game ${t}`;
      const e = c.model.explain_one(x);
      const p = c.classify ? c.model.predict_proba_one(x) : c.model.predict_one(x);
      if (!Object.is(e.prediction, p)) throw new Error(`${what}: prediction ${e.prediction} vs ${p}`);
      const known = e.features.map((f) => f.feature);
      if (known.some((k) => !(k in x))) throw new Error(`${what}: a key not sent (${known})`);
      const sum = e.features.reduce((s, f) => s + f.contribution, 0) + e.intercept;
      let total = p;
      if (c.classify) {
        total = e.logit;
        const sigma = 1 / (1 + Math.exp(-total));
        if (Math.abs(sigma - p) > 1e-15) throw new Error(`${what}: sigmoid(logit) ${sigma} vs ${p}`);
      } else if (e.logit !== undefined) throw new Error(`${what}: a regressor with a logit`);
      const scale = Math.abs(e.intercept) + e.features.reduce((s, f) => s + Math.abs(f.contribution), 0);
      const gap = Math.abs(sum - total);
      if (c.exact ? !Object.is(sum, total) : gap > 1e-12 * scale) throw new Error(`${what}: parts add up to ${sum}, not ${total}`);
      if (scale > 0) worst[c.name] = Math.max(worst[c.name], gap / scale);
      checked++;
      c.model.learn_one(x, c.classify ? duration > 1800 : duration);
    }
    if (t % 10 === 0) {
      for (const elapsed of [0, 900, 1800]) {
        const e = predictor.explain(game, undefined, elapsed);
        const total = e.typical + e.parts.reduce((s, q) => s + q.contribution, 0) + e.clamp + e.elapsed_shift;
        if (!(Math.abs(total - e.expected) < 1e-9)) throw new Error(`page predictor, game ${t} at ${elapsed} s: ${total} vs ${e.expected}`);
        if (e.expected !== predictor.predict(game, undefined, elapsed).expected) throw new Error(`page predictor, game ${t}: explain's expected is not predict's`);
        checked++;
      }
    }
    predictor.learn(game, undefined, duration);
  });
  for (const c of models) c.model.free();
  predictor.free();
  return { games: games.length, worst, checked };
}

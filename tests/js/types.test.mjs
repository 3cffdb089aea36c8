// The package's TypeScript types as a user meets them: `npm pack` pkg/, install the tarball into
// a scratch project, and type-check code that uses both entries with `tsc --strict`, module
// nodenext, the default lib of each target (es2020, es2022). typescript is the repository's
// devDependency (package.json); ./x build-wasm first.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, consumerWithPackage } from "./consumer.mjs";

const TSC = join(ROOT, "node_modules", "typescript", "bin", "tsc");

// The README's uses, typed; each `@ts-expect-error` line must be an error (else tsc fails with
// TS2578), so the types are checked to be precise, not just present. Covers the lean entry, and
// rivulet/full's batches, explain_one and storage (save, load, list_models, remove_model, is_storage_error).
const MAIN = `
import init, { Model, wasm_memory_bytes, type Features, type ModelSpec } from "rivulet";
import initFull, { Model as FullModel, is_storage_error, type Contribution, type Explanation, type SavedModelInfo, type StorageError } from "rivulet/full";
await init();
await initFull();
const spec: ModelSpec = { scaler: "standard", model: { type: "linear", optimizer: { type: "adam" } } };
const model = new Model(spec);
const x: Features = { blue_champ_157: 1, hour: 21.5, mode: "ARAM" };
const y: number = model.predict_one(x);
model.learn_one(x, 1834);
const same: Model = Model.deserialize(model.serialize());
const plain = new Model();
model.set_layout(["hour"], ["mode=ARAM"]);
model.learn_dense(new Float64Array([1, 1]), 1800);
// Batches are in rivulet/full.
const batched = new FullModel();
batched.learn_many([x, { hour: 3 }], [1800, 1900]);
const ps: Float64Array = batched.predict_many([x]);
batched.set_layout(["hour"], ["mode=ARAM"]);
batched.learn_many_dense(new Float64Array([1, 1, 2, NaN]), new Float64Array([1800, 1900]));
const pd: Float64Array = batched.predict_many_dense(new Float64Array([1, 1]));
// @ts-expect-error the lean entry has no batch methods
model.learn_many([x], [1]);
// Why a prediction is in rivulet/full.
const why: Explanation = batched.explain_one(x);
const part: Contribution = why.features[0];
const logit: number | undefined = why.logit;
const parts: number = why.intercept + part.contribution + part.value + part.scaled + part.weight + part.interaction;
// @ts-expect-error a contribution's key is a string
const key: number = part.feature;
// @ts-expect-error the lean entry has no explain_one
model.explain_one(x);
const bytes: number = wasm_memory_bytes();
const fm = new FullModel({ model: { type: "fm", n_factors: 4 } });
fm.free();
plain.free();
// @ts-expect-error a feature value is a number or a string
model.predict_one({ hour: true });
// @ts-expect-error learn_one needs a target
model.learn_one(x);
// Storage is in rivulet/full.
const info: SavedModelInfo = await batched.save("indexeddb://m");
const loaded: FullModel = await FullModel.load("localstorage://m");
const saves: SavedModelInfo[] = await FullModel.list_models();
const removed: boolean = await FullModel.remove_model("indexeddb://m");
try {
  await loaded.save("localstorage://m");
} catch (e) {
  // @ts-expect-error e is unknown until the guard
  console.log(e.code);
  if (is_storage_error(e) && e.code === "quota") {
    const needed: number | undefined = e.bytes_needed;
    console.log(needed, e.url, e.message);
  }
}
// @ts-expect-error not a StorageErrorCode
const code: StorageError["code"] = "full";
// @ts-expect-error the lean entry has no storage
await Model.load("localstorage://m");
console.log(why.prediction, logit, parts, key, y, same.n_learned, ps[0], pd[0], bytes, info.bytes, info.n_learned, saves.length, removed, code);
`;

for (const target of ["es2020", "es2022"]) {
  test(`the packed .d.ts compiles under tsc --strict, module nodenext, target ${target}`, (t) => {
    const { dir } = consumerWithPackage(t, `types-${target}`);
    writeFileSync(join(dir, "main.ts"), MAIN);
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: "nodenext",
          moduleResolution: "nodenext",
          target,
          noEmit: true,
          skipLibCheck: false,
        },
        files: ["main.ts"],
      }),
    );
    const r = spawnSync("node", [TSC, "-p", dir], { cwd: dir, encoding: "utf8" });
    assert.equal(r.status, 0, `tsc failed:\n${r.stdout}${r.stderr}`);
  });
}

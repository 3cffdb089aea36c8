#!/usr/bin/env bash
# rivulet vs River 0.26.1 on the same featurized games.csv stream, in one run, one table.
#   benches/river/side_by_side.sh            (FM_LIMIT / TREE_LIMIT / SKIP_ARF=1 to tune)
# Makes a venv under target/ (pip install river==0.26.1, once), dumps the stream with rivulet's
# own featurizer, runs rivulet's models (native profile), then River's, and prints the table.
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA=../shared/data/kaggle-datasnaek-games-2017/games.csv
if [ ! -f "$DATA" ]; then
  echo "skip: $DATA is absent (the side by side needs the real games.csv)" >&2
  exit 0
fi
OUT=target/side-by-side
VENV=target/river-venv
FM_LIMIT=${FM_LIMIT:-5000}      # River's FM is O(n² k) per sample: minutes per 10k games
TREE_LIMIT=${TREE_LIMIT:-5000}  # dense input, 316 keys: River's AMF/ARF are slow
mkdir -p "$OUT"
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import river; assert river.__version__ == "0.26.1"' 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q river==0.26.1
fi
cargo build -q --profile native -p rivulet-lol --example models_side_by_side
BIN=target/native/examples/models_side_by_side
"$BIN" dump "$DATA" "$OUT/games.jsonl"

# The same hyperparameters on both sides (tuned on this stream by a small grid: docs/learner.md, "Models: FM and AMF").
LIN='"model":{"type":"linear","optimizer":{"type":"adagrad","lr":0.01},"loss":{"type":"huber","epsilon":0.25}}'
FM='{"type":"fm","n_factors":4,"lr":0.001,"latent_lr":0.001,"init_sigma":0.001,"loss":{"type":"huber","epsilon":0.25},"seed":42}'
SCALED='"scaler":"maxabs","target_scaler":true'
"$BIN" run "$OUT/games.jsonl" \
  mean=mean \
  "linear={$SCALED,$LIN}" \
  "fm={$SCALED,\"model\":$FM}@$FM_LIMIT" \
  "fm (all games)={$SCALED,\"model\":$FM}" \
  "amf={\"scaler\":\"none\",\"target_scaler\":false,\"model\":{\"type\":\"amf\",\"seed\":42}}@$TREE_LIMIT+dense" \
  | tee "$OUT/rivulet.jsonl"

"$VENV/bin/python" benches/river/side_by_side.py --stream "$OUT/games.jsonl" \
  --rivulet "$OUT/rivulet.jsonl" --fm "$FM" --fm-limit "$FM_LIMIT" --tree-limit "$TREE_LIMIT" \
  ${SKIP_ARF:+--skip-arf}

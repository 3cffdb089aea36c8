#!/usr/bin/env bash
# River vs rivulet on a classification stream (docs/classification.md): makes a venv with
# river==0.26.1 under target/ (once), builds the wasm package and the native runner if needed,
# then runs benches/river/classify.py.
#   benches/river/classify.sh [N_SAMPLES [ROUNDS]]   (ROUNDS alternating runs, default 3)
set -euo pipefail
cd "$(dirname "$0")/../.."
VENV=target/river-venv
if ! "$VENV/bin/python" -c 'import river, sys; sys.exit(river.__version__ != "0.26.1")' 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet river==0.26.1
fi
[ -f pkg/node-entry.js ] || ./x build-wasm
cargo build --quiet --profile native --example classify_stream_bench
exec "$VENV/bin/python" benches/river/classify.py "$@"

#!/usr/bin/env bash
# Side-by-side River vs rivulet (docs/perf/2026-11-benchmarks.md): makes a venv with
# river==0.26.1 under target/ (once), builds the wasm package if needed, then runs benches/river/speed.py.
#   benches/river/speed.sh [N_SAMPLES [ROUNDS]]   (ROUNDS alternating River / rivulet runs, default 3)
set -euo pipefail
cd "$(dirname "$0")/../.."
VENV=target/river-venv
if ! "$VENV/bin/python" -c 'import river, sys; sys.exit(river.__version__ != "0.26.1")' 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet river==0.26.1
fi
[ -f pkg/node-entry.js ] || ./x build-wasm
exec "$VENV/bin/python" benches/river/speed.py "$@"

#!/usr/bin/env bash
# Peer comparison on Solomon instances: PyVRP and VROOM (and optionally beatplan) at the same
# wall-clock budget.
# Usage: scripts/peers.sh [TIME_LIMIT_S] [INSTANCE ...]   (default: 1 s, all 56)
# Env: SOLVERS (default beatplan,pyvrp,vroom), VROOM_NATURAL=1 (VROOM without timeout),
#      OUT (default benchmarks/results/peers_<T>s.csv), PEERS_VENV (default target/peers-venv).
# Writes OUT with instance, <solver>, <solver>_s ..., bks. Run it under `flock /work/measure.lock`.
set -euo pipefail
cd "$(dirname "$0")/.."
T="${1:-1}"; shift || true
VENV="${PEERS_VENV:-target/peers-venv}"
SOLVERS="${SOLVERS:-beatplan,pyvrp,vroom}"
OUT="${OUT:-benchmarks/results/peers_${T}s.csv}"
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet pyvrp pyvroom
fi
EXTRA=()
if [[ "$SOLVERS" == *beatplan* ]]; then
    nice -n 19 cargo build --release --quiet --example solve_one
    EXTRA+=(--beatplan target/release/examples/solve_one)
fi
if [ "${VROOM_NATURAL:-0}" = 1 ]; then EXTRA+=(--vroom-natural); fi
exec "$VENV/bin/python" scripts/peers.py --time-limit "$T" --solvers "$SOLVERS" \
    "${EXTRA[@]}" --out "$OUT" "$@"

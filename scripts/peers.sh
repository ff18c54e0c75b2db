#!/usr/bin/env bash
# Peer comparison on Solomon instances: beatplan vs PyVRP vs VROOM at the same wall-clock budget.
# Usage: scripts/peers.sh [TIME_LIMIT_S] [INSTANCE ...]   (default: 1 s, all 56)
# Writes benchmarks/results/peers_<T>s.csv with instance,beatplan,pyvrp,vroom,bks.
set -euo pipefail
cd "$(dirname "$0")/.."
T="${1:-1}"; shift || true
VENV="${PEERS_VENV:-target/peers-venv}"
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet pyvrp pyvroom
fi
cargo build --release --quiet --example solve_one
exec "$VENV/bin/python" scripts/peers.py --time-limit "$T" \
    --beatplan target/release/examples/solve_one \
    --out "benchmarks/results/peers_${T}s.csv" "$@"

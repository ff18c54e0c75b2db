"""Runs beatplan, PyVRP and VROOM on Solomon instances with the same wall-clock budget and
writes one table: instance,beatplan,pyvrp,vroom,bks.

Every solver's routes are re-checked and their distance recomputed here in double precision
(all three solve on integer-scaled data); an infeasible or failed run is reported as `NA`.
"""

import argparse
import csv
import json
import math
import subprocess
import sys
import time
from pathlib import Path


def read_solomon(path):
    lines = [l.split() for l in Path(path).read_text().splitlines()]
    vehicles = capacity = None
    nodes = []
    for i, f in enumerate(lines):
        if f and f[0].upper() == "NUMBER":
            vehicles, capacity = int(lines[i + 1][0]), int(lines[i + 1][1])
        if len(f) == 7 and all(x.replace(".", "", 1).isdigit() for x in f):
            no, x, y, d, r, due, s = map(float, f)
            nodes.append(dict(x=x, y=y, demand=int(d), ready=r, due=due, service=s))
    return vehicles, capacity, nodes


def dist(a, b):
    return math.hypot(a["x"] - b["x"], a["y"] - b["y"])


def check(inst, routes):
    """Distance in double precision, or None if a constraint is broken."""
    vehicles, capacity, nodes = inst
    depot = nodes[0]
    seen = []
    total = 0.0
    if len([r for r in routes if r]) > vehicles:
        return None
    for r in routes:
        t, at, load = depot["ready"], depot, 0
        for c in r:
            n = nodes[c]
            d = dist(at, n)
            total += d
            t = max(t + d, n["ready"])
            if t > n["due"] + 1e-9:
                return None
            t += n["service"]
            load += n["demand"]
            at = n
            seen.append(c)
        if r:
            d = dist(at, depot)
            total += d
            if t + d > depot["due"] + 1e-9:
                return None
        if load > capacity:
            return None
    if sorted(seen) != list(range(1, len(nodes))):
        return None
    return total


def run_beatplan(exe, path, limit, seed):
    out = subprocess.run([exe, str(path), str(limit), str(seed)], capture_output=True, text=True, check=True)
    return [r["stops"] for r in json.loads(out.stdout)["routes"]]


def run_pyvrp(path, limit, seed):
    import pyvrp
    from pyvrp.stop import MaxRuntime

    try:
        data = pyvrp.read(str(path), instance_format="solomon", round_func="exact")
    except TypeError:
        data = pyvrp.read(str(path), round_func="exact")
    res = pyvrp.Model.from_data(data).solve(stop=MaxRuntime(limit), seed=seed, display=False)
    # Clients are numbered after the single depot, as in the file.
    return [list(r.visits()) for r in res.best.routes()]


def run_vroom(inst, limit):
    import vroom

    vehicles, capacity, nodes = inst
    scale = 1000
    n = len(nodes)
    matrix = [[round(dist(a, b) * scale) for b in nodes] for a in nodes]
    problem = vroom.Input()
    problem.set_durations_matrix(profile="car", matrix_input=matrix)
    depot = nodes[0]
    for k in range(vehicles):
        problem.add_vehicle(vroom.Vehicle(
            k + 1, start=0, end=0, capacity=[capacity],
            time_window=vroom.TimeWindow(int(depot["ready"] * scale), int(depot["due"] * scale))))
    for i in range(1, n):
        c = nodes[i]
        problem.add_job(vroom.Job(
            i, location=i, default_service=int(c["service"] * scale), delivery=[c["demand"]],
            time_windows=[vroom.TimeWindow(int(c["ready"] * scale), int(c["due"] * scale))]))
    try:
        sol = problem.solve(exploration_level=5, nb_threads=2, timeout=int(limit * 1000))
    except TypeError:  # older pyvroom without a timeout
        sol = problem.solve(exploration_level=5, nb_threads=2)
    df = sol.routes
    routes = []
    for _, g in df[df["type"] == "job"].groupby("vehicle_id"):
        routes.append([int(x) for x in g.sort_values("arrival")["id"]])
    return routes


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--time-limit", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--dir", default="fixtures/solomon")
    ap.add_argument("--beatplan", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("instances", nargs="*")
    a = ap.parse_args()
    folder = Path(a.dir)
    bks = {r["instance"]: float(r["bks_distance"]) for r in csv.DictReader(open(folder / "bks.csv"))}
    names = a.instances or sorted(bks)
    rows = []
    for name in names:
        path = folder / f"{name}.txt"
        inst = read_solomon(path)
        row = {"instance": name, "bks": bks[name]}
        for solver, fn in [
            ("beatplan", lambda: run_beatplan(a.beatplan, path, a.time_limit, a.seed)),
            ("pyvrp", lambda: run_pyvrp(path, a.time_limit, a.seed)),
            ("vroom", lambda: run_vroom(inst, a.time_limit)),
        ]:
            t = time.time()
            try:
                cost = check(inst, fn())
            except Exception as e:  # a peer that fails is recorded, not fatal
                print(f"{name} {solver}: {e}", file=sys.stderr)
                cost = None
            row[solver] = "NA" if cost is None else f"{cost:.2f}"
            print(f"{name} {solver}: {row[solver]} in {time.time() - t:.1f}s", file=sys.stderr)
        rows.append(row)
    Path(a.out).parent.mkdir(parents=True, exist_ok=True)
    with open(a.out, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["instance", "beatplan", "pyvrp", "vroom", "bks"])
        w.writeheader()
        w.writerows(rows)
    for solver in ["beatplan", "pyvrp", "vroom"]:
        gaps = [100 * (float(r[solver]) - r["bks"]) / r["bks"] for r in rows if r[solver] != "NA"]
        if gaps:
            print(f"{solver}: mean gap {sum(gaps) / len(gaps):.3f} % over {len(gaps)} instances", file=sys.stderr)


if __name__ == "__main__":
    main()

"""Runs beatplan, PyVRP and VROOM on Solomon instances with the same wall-clock budget and
writes one table: instance, then per solver its distance and wall-clock seconds, then bks.

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


def run_pyvrp(inst, limit, seed):
    """PyVRP (model API of pyvrp 0.14) on the same conservatively rounded data as beatplan."""
    import pyvrp
    from pyvrp.stop import MaxRuntime

    vehicles, capacity, nodes = inst
    scale = 1000
    m = pyvrp.Model()
    locs = [m.add_location(n["x"], n["y"]) for n in nodes]
    depot = nodes[0]
    m.add_depot(locs[0])
    m.add_vehicle_type(num_available=vehicles, capacity=capacity,
                       tw_early=math.ceil(depot["ready"] * scale), tw_late=math.floor(depot["due"] * scale))
    for i in range(1, len(nodes)):
        c = nodes[i]
        m.add_client(locs[i], delivery=c["demand"], service_duration=math.ceil(c["service"] * scale),
                     tw_early=math.ceil(c["ready"] * scale), tw_late=math.floor(c["due"] * scale))
    for i, a in enumerate(nodes):
        for j, b in enumerate(nodes):
            d = dist(a, b) * scale
            m.add_edge(locs[i], locs[j], distance=round(d), duration=math.ceil(d))
    res = m.solve(stop=MaxRuntime(limit), seed=seed, display=False)
    # Activity `idx` is the 0-based client index; customers are numbered from 1 in the file.
    return [[a.idx + 1 for a in r if a.is_client()] for r in res.best.routes()]


def run_vroom(inst, limit):
    """VROOM; `limit` None = its natural stop (no timeout)."""
    import vroom

    vehicles, capacity, nodes = inst
    scale = 1000
    n = len(nodes)
    matrix = [[math.ceil(dist(a, b) * scale) for b in nodes] for a in nodes]
    problem = vroom.Input()
    problem.set_durations_matrix(profile="car", matrix_input=matrix)
    depot = nodes[0]
    for k in range(vehicles):
        problem.add_vehicle(vroom.Vehicle(
            k + 1, start=0, end=0, capacity=[capacity],
            time_window=vroom.TimeWindow(math.ceil(depot["ready"] * scale), math.floor(depot["due"] * scale))))
    for i in range(1, n):
        c = nodes[i]
        problem.add_job(vroom.Job(
            i, location=i, default_service=math.ceil(c["service"] * scale), delivery=[c["demand"]],
            time_windows=[vroom.TimeWindow(math.ceil(c["ready"] * scale), math.floor(c["due"] * scale))]))
    from datetime import timedelta

    timeout = None if limit is None else timedelta(seconds=limit)
    sol = problem.solve(exploration_level=5, nb_threads=2, timeout=timeout)
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
    ap.add_argument("--beatplan", help="solve_one executable (needed when beatplan is a solver)")
    ap.add_argument("--solvers", default="beatplan,pyvrp,vroom", help="comma-separated subset")
    ap.add_argument("--vroom-natural", action="store_true", help="VROOM without timeout (its natural stop)")
    ap.add_argument("--out", required=True)
    ap.add_argument("instances", nargs="*")
    a = ap.parse_args()
    folder = Path(a.dir)
    bks = {r["instance"]: float(r["bks_distance"]) for r in csv.DictReader(open(folder / "bks.csv"))}
    names = a.instances or sorted(bks)
    solvers = a.solvers.split(",")
    vroom_limit = None if a.vroom_natural else a.time_limit
    rows = []
    for name in names:
        path = folder / f"{name}.txt"
        inst = read_solomon(path)
        row = {"instance": name, "bks": bks[name]}
        runners = {
            "beatplan": lambda: run_beatplan(a.beatplan, path, a.time_limit, a.seed),
            "pyvrp": lambda: run_pyvrp(inst, a.time_limit, a.seed),
            "vroom": lambda: run_vroom(inst, vroom_limit),
        }
        for solver in solvers:
            fn = runners[solver]
            t = time.time()
            try:
                cost = check(inst, fn())
            except Exception as e:  # a peer that fails is recorded, not fatal
                print(f"{name} {solver}: {e}", file=sys.stderr)
                cost = None
            row[solver] = "NA" if cost is None else f"{cost:.2f}"
            row[f"{solver}_s"] = f"{time.time() - t:.2f}"
            print(f"{name} {solver}: {row[solver]} in {time.time() - t:.1f}s", file=sys.stderr)
        rows.append(row)
    Path(a.out).parent.mkdir(parents=True, exist_ok=True)
    with open(a.out, "w", newline="") as f:
        fields = ["instance"] + [c for s in solvers for c in (s, f"{s}_s")] + ["bks"]
        w = csv.DictWriter(f, fieldnames=fields)
        w.writeheader()
        w.writerows(rows)
    for solver in solvers:
        gaps = [100 * (float(r[solver]) - r["bks"]) / r["bks"] for r in rows if r[solver] != "NA"]
        if gaps:
            print(f"{solver}: mean gap {sum(gaps) / len(gaps):.3f} % over {len(gaps)} instances", file=sys.stderr)


if __name__ == "__main__":
    main()

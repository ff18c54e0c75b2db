//! Quality protocol for Cordeau's periodic VRP instances p01–p32: each instance × seed is solved
//! with the same time budget; the gap to the best-known value is written to
//! `benchmarks/results/cordeau_<budget>s.csv` and summarised in `benchmarks/results/cordeau.md`.
//!
//! `cargo run --release --example cordeau_protocol -- --time-limit 60 --seeds 1 [--only p01,p02]`

use beatplan::bench::{cordeau, pvrp_solver};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let budget: f64 = flag("--time-limit")
        .and_then(|v| v.parse().ok())
        .unwrap_or(60.0);
    let seeds: u64 = flag("--seeds").and_then(|v| v.parse().ok()).unwrap_or(1);
    let only: Option<Vec<String>> =
        flag("--only").map(|v| v.split(',').map(String::from).collect());
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("fixtures/pvrp");
    let bks: BTreeMap<String, f64> = std::fs::read_to_string(dir.join("bks.csv"))
        .expect("bks.csv")
        .lines()
        .skip(1)
        .filter_map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            Some((f[0].to_string(), f.get(4)?.parse().ok()?))
        })
        .collect();
    let mut csv = String::from("instance,seed,time_limit_s,cost,bks,gap_pct,feasible,time_s\n");
    let mut gaps = Vec::new();
    for (name, &best) in &bks {
        if only.as_ref().is_some_and(|o| !o.contains(name)) {
            continue;
        }
        let inst = cordeau::read(&dir.join(format!("{name}.txt"))).expect("instance");
        for seed in 1..=seeds {
            let t = Instant::now();
            let sol = pvrp_solver::solve(
                &inst,
                &pvrp_solver::PvrpParams {
                    seed,
                    deadline: t + Duration::from_secs_f64(budget),
                    runs: 2,
                },
            );
            let elapsed = t.elapsed().as_secs_f64();
            let (cost, errors) = cordeau::check(&inst, &sol.routes);
            let feasible = sol.feasible && errors.is_empty();
            let gap = 100.0 * (cost - best) / best;
            gaps.push((name.clone(), gap, feasible));
            let _ = writeln!(
                csv,
                "{name},{seed},{budget},{cost:.2},{best},{gap:.3},{feasible},{elapsed:.2}"
            );
            eprintln!(
                "{name} seed {seed}: {cost:.2} (bks {best}) gap {gap:.2} % feasible {feasible}"
            );
        }
    }
    let avg = gaps.iter().map(|g| g.1).sum::<f64>() / gaps.len().max(1) as f64;
    let infeasible = gaps.iter().filter(|g| !g.2).count();
    let out = root.join("benchmarks/results");
    std::fs::create_dir_all(&out).expect("results folder");
    let tag = if only.is_some() { "_subset" } else { "" };
    std::fs::write(out.join(format!("cordeau_{budget}s{tag}.csv")), csv).expect("write csv");
    println!("instances {} seeds {seeds} budget {budget} s: average gap {avg:.3} %, infeasible {infeasible}", gaps.len() as u64 / seeds);
}

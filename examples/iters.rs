//! Tuning probe with a fixed iteration budget (independent of machine load):
//! `iters N SEEDS t_start t_end avg_removed polish FILE...` prints the mean gap per file
//! relative to the given files' `bks.csv` and the CPU-independent average. `OPS=relocate,swap`
//! restricts local search to the named registry operators (default: all).
use beatplan::route::{sisr::Config, solomon::to_instance, solve_with, SearchParams};
use std::path::Path;
fn main() {
    let a: Vec<String> = std::env::args().collect();
    let n: u64 = a[1].parse().expect("n");
    let seeds: u64 = a[2].parse().expect("seeds");
    let cfg = Config {
        t_start: a[3].parse().expect("t_start"),
        t_end: a[4].parse().expect("t_end"),
        avg_removed: a[5].parse().expect("avg_removed"),
        polish_best: a[6] == "1",
        ..Config::default()
    };
    let mut cfg = cfg;
    if let Ok(names) = std::env::var("OPS") {
        let ops: Vec<_> = beatplan::route::operators::OPERATORS
            .iter()
            .filter(|(n, _)| names.split(',').any(|x| x == *n))
            .copied()
            .collect();
        cfg.operators = Box::leak(ops.into_boxed_slice());
    }
    let started = std::time::Instant::now();
    let mut gaps = Vec::new();
    for f in &a[7..] {
        let path = Path::new(f);
        let name = path.file_stem().and_then(|s| s.to_str()).expect("name");
        let bks_file = std::fs::read_to_string(path.with_file_name("bks.csv")).expect("bks");
        let bks: f64 = bks_file
            .lines()
            .find(|l| l.starts_with(&format!("{name},")))
            .and_then(|l| l.split(',').nth(1))
            .and_then(|x| x.parse().ok())
            .expect("bks row");
        let s = beatplan::io::solomon::read_solomon(path).expect("file");
        let inst = to_instance(&s);
        for seed in 1..=seeds {
            let sol = solve_with(
                &inst,
                &SearchParams {
                    seed,
                    deadline: None,
                    max_iterations: Some(n),
                },
                &cfg,
            );
            gaps.push(100.0 * (sol.cost as f64 / 1e4 - bks) / bks);
        }
    }
    println!(
        "{:?} mean gap {:.3} in {:.1} s",
        &a[3..7],
        gaps.iter().sum::<f64>() / gaps.len() as f64,
        started.elapsed().as_secs_f64()
    );
}

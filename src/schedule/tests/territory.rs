//! A synthetic territory: balance, travel against naive days, determinism, figures.

use super::*;
use crate::model::{Match, Policy};

/// A synthetic territory: one manager in the middle of 90 clients over ~20 × 20 km.
pub(super) fn territory(seed: u64) -> Problem {
    use rand::{Rng, SeedableRng};
    let mut rng = rand::rngs::SmallRng::seed_from_u64(seed);
    let mut policy = Policy {
        weeks: 2,
        ..Policy::default()
    };
    let weekly = Match {
        value_tier: Some("key".to_string()),
        ..Match::default()
    };
    policy.visits.push(VisitRule {
        matcher: weekly,
        ..rule("general", Frequency::PerWeek(1), 20, CycleKind::Fixed)
    });
    let regular = Match {
        value_tier: Some("regular".to_string()),
        ..Match::default()
    };
    policy.visits.push(VisitRule {
        matcher: regular,
        ..rule("general", Frequency::EveryWeeks(2), 20, CycleKind::Elastic)
    });
    let clients = (0..90)
        .map(|i| {
            let mut c = client(
                &format!("c{i}"),
                52.0 + rng.random_range(-0.09..0.09),
                5.0 + rng.random_range(-0.15..0.15),
            );
            c.value_tier = Some(if i % 3 == 0 { "key" } else { "regular" }.to_string());
            c
        })
        .collect();
    Problem::new(
        clients,
        vec![manager("m1", "general", WeekdaySet::MON_FRI)],
        policy,
    )
}

/// Service + nearest-neighbour tour seconds of each manager-day, and the mean distance of its
/// clients to the day's centroid (metres on a local plane).
pub(super) fn day_figures(problem: &Problem, out: &ScheduleOutcome) -> (Vec<f64>, f64) {
    use crate::model::Place;
    let travel = Crow::new(problem);
    let mut loads = Vec::new();
    let (mut spread, mut n) = (0.0, 0.0);
    for ds in &out.days {
        let mut left: Vec<usize> = ds.jobs.iter().map(|j| j.client).collect();
        let mut at = Place::Base(ds.manager);
        let mut secs = ds.jobs.iter().map(|j| j.service_s).sum::<i64>();
        while !left.is_empty() {
            let (i, _) = left
                .iter()
                .enumerate()
                .min_by_key(|(_, &c)| travel.seconds(at, Place::Client(c)))
                .unwrap();
            secs += travel.seconds(at, Place::Client(left[i]));
            at = Place::Client(left.swap_remove(i));
        }
        secs += travel.seconds(at, Place::Base(ds.manager));
        loads.push(secs as f64);
        let pts: Vec<(f64, f64)> = ds
            .jobs
            .iter()
            .map(|j| {
                let c = &problem.clients[j.client];
                (c.lon * 68_600.0, c.lat * 111_200.0)
            })
            .collect();
        let k = pts.len() as f64;
        let mu = (
            pts.iter().map(|p| p.0).sum::<f64>() / k,
            pts.iter().map(|p| p.1).sum::<f64>() / k,
        );
        spread += pts
            .iter()
            .map(|p| (p.0 - mu.0).hypot(p.1 - mu.1))
            .sum::<f64>();
        n += k;
    }
    (loads, spread / n)
}

/// The same visits on naive days: weekly clients on weekday `i mod 5`, the others on day
/// `i mod 10` (valid patterns, no geography).
pub(super) fn naive_schedule(problem: &Problem) -> ScheduleOutcome {
    let mut grid: BTreeMap<u32, Vec<VisitJob>> = BTreeMap::new();
    for req in &problem.requirements {
        let i = req.client as u32;
        let days: Vec<u32> = if req.visits == 2 {
            vec![i % 5, i % 5 + 5]
        } else {
            vec![i % 10]
        };
        for d in days {
            grid.entry(d).or_default().push(VisitJob {
                client: req.client,
                role: req.role.clone(),
                service_s: req.service_s,
                start_windows: vec![],
                team: None,
                alt_days: vec![],
                unit: 0,
            });
        }
    }
    ScheduleOutcome {
        days: grid
            .into_iter()
            .map(|(day, jobs)| DaySchedule {
                manager: 0,
                day,
                jobs,
            })
            .collect(),
        missing: vec![],
        units: vec![],
    }
}

#[test]
pub(super) fn day_loads_are_balanced_and_days_are_compact() {
    let problem = territory(11);
    let out = run(&problem, &assign_first(&problem), 1);
    assert!(out.missing.is_empty());
    assert_eq!(out.days.len(), 10);
    let (loads, _) = day_figures(&problem, &out);
    let mean = loads.iter().sum::<f64>() / loads.len() as f64;
    let max = loads.iter().cloned().fold(0.0, f64::max);
    assert!(max / mean < 1.15, "loads {loads:?}");
    // Geographically coherent days: nearest-neighbour tours much shorter than on naive days.
    let service: f64 = problem
        .requirements
        .iter()
        .map(|r| (r.visits as i64 * r.service_s) as f64)
        .sum();
    let travel = loads.iter().sum::<f64>() - service;
    let (naive, _) = day_figures(&problem, &naive_schedule(&problem));
    let naive_travel = naive.iter().sum::<f64>() - service;
    assert!(
        travel < 0.75 * naive_travel,
        "travel {travel:.0} s vs naive {naive_travel:.0} s"
    );
}

#[test]
pub(super) fn same_seed_same_schedule() {
    let problem = territory(4);
    let a = assign_first(&problem);
    assert_eq!(run(&problem, &a, 9), run(&problem, &a, 9));
}

/// Figures for the report: `cargo test --lib schedule::tests::territory::figures -- --ignored --nocapture`.
#[test]
#[ignore]
fn figures() {
    for seed in 1..=6 {
        let problem = territory(seed);
        let a = assign_first(&problem);
        let travel = Crow::new(&problem);
        let opts = ScheduleOptions {
            seed,
            deadline: None,
        };
        let t = std::time::Instant::now();
        let (out, stats) = schedule_with_stats(&problem, &travel, &a, &opts);
        let secs = t.elapsed().as_secs_f64();
        let (loads, spread) = day_figures(&problem, &out);
        let service: f64 = problem
            .requirements
            .iter()
            .map(|r| (r.visits as i64 * r.service_s) as f64)
            .sum();
        let (naive, _) = day_figures(&problem, &naive_schedule(&problem));
        let travel_ratio =
            (loads.iter().sum::<f64>() - service) / (naive.iter().sum::<f64>() - service);
        let pts: Vec<(f64, f64)> = problem
            .clients
            .iter()
            .map(|c| (c.lon * 68_600.0, c.lat * 111_200.0))
            .collect();
        let n = pts.len() as f64;
        let mu = (
            pts.iter().map(|p| p.0).sum::<f64>() / n,
            pts.iter().map(|p| p.1).sum::<f64>() / n,
        );
        let whole = pts
            .iter()
            .map(|p| (p.0 - mu.0).hypot(p.1 - mu.1))
            .sum::<f64>()
            / n;
        let mean = loads.iter().sum::<f64>() / loads.len() as f64;
        let est: Vec<f64> = stats.day_loads.iter().map(|l| l.2).collect();
        let emean = est.iter().sum::<f64>() / est.len() as f64;
        eprintln!(
            "seed {seed}: est max/mean {:.3} min/mean {:.3} | NN-tour max/mean {:.3} min/mean {:.3} mean {:.0} s | travel/naive {:.2} | spread {:.2} | cost {:.0} -> {:.0} in {} passes, {} moves, ruins {}/{}, {:.3} s",
            est.iter().cloned().fold(0.0, f64::max) / emean,
            est.iter().cloned().fold(f64::INFINITY, f64::min) / emean,
            loads.iter().cloned().fold(0.0, f64::max) / mean,
            loads.iter().cloned().fold(f64::INFINITY, f64::min) / mean,
            mean,
            travel_ratio,
            spread / whole,
            stats.construction_cost,
            stats.final_cost,
            stats.passes,
            stats.moves,
            stats.ruins_accepted,
            stats.ruins,
            secs
        );
    }
}

/// Timing on a regional instance: `cargo test --release --lib schedule::tests::territory::large -- --ignored --nocapture`.
#[test]
#[ignore]
fn large_figures() {
    use rand::{Rng, SeedableRng};
    let mut rng = rand::rngs::SmallRng::seed_from_u64(5);
    let mut policy = Policy {
        weeks: 4,
        ..Policy::default()
    };
    for (tier, freq, cycle) in [
        ("core", Frequency::PerWeek(2), CycleKind::Fixed),
        ("key", Frequency::PerWeek(1), CycleKind::Elastic),
        ("regular", Frequency::EveryWeeks(2), CycleKind::Elastic),
    ] {
        policy.visits.push(VisitRule {
            matcher: Match {
                value_tier: Some(tier.to_string()),
                ..Match::default()
            },
            ..rule("general", freq, 20, cycle)
        });
    }
    let clients: Vec<Client> = (0..3000)
        .map(|i| {
            let mut c = client(
                &format!("c{i}"),
                52.0 + rng.random_range(-0.4..0.4),
                5.0 + rng.random_range(-0.6..0.6),
            );
            let tier = match i % 10 {
                0 => "core",
                1..=3 => "key",
                _ => "regular",
            };
            c.value_tier = Some(tier.to_string());
            c
        })
        .collect();
    let managers: Vec<Manager> = (0..12)
        .map(|i| {
            let mut m = manager(&format!("m{i}"), "general", WeekdaySet::MON_FRI);
            m.lat = 52.0 + 0.6 * ((i / 4) as f64 / 2.0 - 0.5);
            m.lon = 5.0 + 1.0 * ((i % 4) as f64 / 3.0 - 0.5);
            m
        })
        .collect();
    let problem = Problem::new(clients, managers, policy);
    let mut a = AssignOutcome::default();
    for (ci, c) in problem.clients.iter().enumerate() {
        let m = (0..problem.managers.len())
            .min_by(|&x, &y| {
                let d = |k: usize| {
                    (problem.managers[k].lat - c.lat).hypot(problem.managers[k].lon - c.lon)
                };
                d(x).total_cmp(&d(y))
            })
            .unwrap();
        a.assignments.push(ClientRole {
            client: ci,
            role: "general".into(),
            manager: m,
            reason: "test".into(),
        });
    }
    let travel = Crow::new(&problem);
    let opts = ScheduleOptions {
        seed: 1,
        deadline: None,
    };
    let t = std::time::Instant::now();
    let (out, stats) = schedule_with_stats(&problem, &travel, &a, &opts);
    let secs = t.elapsed().as_secs_f64();
    validate(&problem, &a, &out);
    let visits: usize = out.days.iter().map(|d| d.jobs.len()).sum();
    let mut ratios = Vec::new();
    for m in 0..problem.managers.len() {
        let l: Vec<f64> = stats
            .day_loads
            .iter()
            .filter(|x| x.0 == m)
            .map(|x| x.2)
            .collect();
        let mean = l.iter().sum::<f64>() / l.len() as f64;
        ratios.push(l.iter().cloned().fold(0.0, f64::max) / mean);
    }
    eprintln!(
        "3000 clients, 12 managers, 20 days: {visits} visits, {} missing, {secs:.2} s; cost {:.0} -> {:.0}; {} passes, {} moves, ruins {}/{}; est max/mean day load per manager {:.3}..{:.3}",
        out.missing.len(),
        stats.construction_cost,
        stats.final_cost,
        stats.passes,
        stats.moves,
        stats.ruins_accepted,
        stats.ruins,
        ratios.iter().cloned().fold(f64::INFINITY, f64::min),
        ratios.iter().cloned().fold(0.0, f64::max),
    );
}

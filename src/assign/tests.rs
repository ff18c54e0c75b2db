//! Tests of the assignment stage on hand-built problems.

use super::*;
use crate::metrics::assignment_territories;
use crate::model::{
    Client, CycleKind, Frequency, Manager, Match, Policy, TeamRule, VisitRule, Window,
};
use crate::travel::Crow;
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use std::collections::HashMap;

fn client(id: usize, lat: f64, lon: f64) -> Client {
    Client::new(format!("c{id}"), lat, lon)
}

fn manager(id: usize, lat: f64, lon: f64) -> Manager {
    Manager::new(format!("m{id}"), lat, lon)
}

fn rule(role: &str, per_week: u32, minutes: i64) -> VisitRule {
    VisitRule::for_all_clients(
        role,
        Frequency::PerWeek(per_week),
        minutes * 60,
        CycleKind::Elastic,
    )
}

fn policy() -> Policy {
    Policy {
        weeks: 2,
        visits: vec![rule("general", 1, 20)],
        ..Policy::default()
    }
}

/// `n` clients scattered over a ~20 km square (denser in one corner), `m` managers on a ring.
fn scattered(n: usize, m: usize, seed: u64) -> (Vec<Client>, Vec<Manager>) {
    let mut rng = SmallRng::seed_from_u64(seed);
    let clients = (0..n)
        .map(|i| {
            let (a, b): (f64, f64) = (rng.random(), rng.random());
            // Squaring skews density towards the south-west corner, as in a town centre.
            let (a, b) = if i % 3 == 0 { (a * a, b * b) } else { (a, b) };
            client(i, 48.0 + 0.18 * a, 11.0 + 0.27 * b)
        })
        .collect();
    let managers = (0..m)
        .map(|k| {
            let ang = k as f64 / m as f64 * std::f64::consts::TAU;
            manager(k, 48.09 + 0.06 * ang.sin(), 11.135 + 0.09 * ang.cos())
        })
        .collect();
    (clients, managers)
}

fn opts() -> AssignOptions {
    AssignOptions {
        seed: 1,
        deadline: None,
    }
}

fn run(p: &Problem) -> (AssignOutcome, Vec<RoleReport>) {
    let travel = Crow::new(p);
    assign_with_report(p, &travel, &opts())
}

/// The contract's rules that hold for every outcome.
fn check_valid(p: &Problem, out: &AssignOutcome) {
    let mut seen: HashMap<(usize, &str), usize> = HashMap::new();
    for a in &out.assignments {
        *seen.entry((a.client, a.role.as_str())).or_default() += 1;
        assert_eq!(p.managers[a.manager].role, a.role);
        assert!(p.may_serve(a.manager, a.client), "{a:?}");
        let c = &p.clients[a.client];
        if c.locked {
            if let Some(m) = c.manager.as_deref().and_then(|id| p.manager_by_id(id)) {
                if p.managers[m].role == a.role {
                    assert_eq!(a.manager, m);
                    assert_eq!(a.reason, "locked");
                }
            }
        }
    }
    for c in 0..p.clients.len() {
        for role in p.roles_of(c) {
            let assigned = seen.get(&(c, role.as_str())).copied().unwrap_or(0);
            let missing = out
                .unassigned
                .iter()
                .filter(|u| u.client == c && u.role == role)
                .count();
            assert_eq!(assigned + missing, 1, "client {c} role {role}");
        }
    }
    for (m, mgr) in p.managers.iter().enumerate() {
        if let Some(cap) = mgr.max_clients {
            let n = out.assignments.iter().filter(|a| a.manager == m).count();
            assert!(n <= cap, "{} has {n} > {cap}", mgr.id);
        }
    }
}

#[test]
fn balanced_compact_on_scattered_clients() {
    let (c, m) = scattered(300, 5, 7);
    let p = Problem::new(c, m, policy());
    let (out, rep) = run(&p);
    check_valid(&p, &out);
    assert!(out.unassigned.is_empty());
    assert_eq!(rep[0].method, Method::Lp);
    // Band aimed at: ±5 % (tolerance 10 %).
    assert!(rep[0].max_over_mean <= 1.05 + 1e-9, "{rep:?}");
    assert!(rep[0].min_over_mean >= 0.95 - 1e-9, "{rep:?}");
    let total: f64 = out.workload_estimate.iter().sum();
    let mean = total / 5.0;
    for w in &out.workload_estimate {
        assert!(*w <= 1.05 * mean + 1e-6);
    }
    assert!(out.assignments.iter().all(|a| a.reason == "region"));
    // Compact: each client is nearer its own territory's median than the mean over others.
    let proj = Projection::around(p.clients.iter().map(|c| (c.lat, c.lon)));
    let mut pts: Vec<Vec<(geometry::Xy, f64)>> = vec![Vec::new(); 5];
    for a in &out.assignments {
        let c = &p.clients[a.client];
        pts[a.manager].push((proj.xy(c.lat, c.lon), 1.0));
    }
    let centres: Vec<_> = pts
        .iter()
        .map(|v| geometry::weighted_median(v).unwrap())
        .collect();
    let nearest_own = out
        .assignments
        .iter()
        .filter(|a| {
            let c = &p.clients[a.client];
            let x = proj.xy(c.lat, c.lon);
            let own = geometry::dist(x, centres[a.manager]);
            centres
                .iter()
                .all(|o| geometry::dist(x, *o) >= own - 1500.0)
        })
        .count();
    assert!(nearest_own as f64 >= 0.9 * 300.0, "{nearest_own}");
    let tm = assignment_territories(&p, &out);
    // Balance moves some border clients past the midline between centres, but few.
    assert!(tm.overlap < 0.10, "{tm:?}");
    // A random split of the same clients overlaps heavily: the figure discriminates.
    let mut shuffled = out.clone();
    for a in shuffled.assignments.iter_mut() {
        a.manager = a.client % 5;
    }
    let sm = assignment_territories(&p, &shuffled);
    assert!(
        sm.overlap > 0.5 && sm.mean_centre_km > tm.mean_centre_km,
        "{sm:?} vs {tm:?}"
    );
}

#[test]
fn lp_bound_is_below_achieved_objective() {
    for seed in [1, 2, 3] {
        let (c, m) = scattered(150, 4, seed);
        let p = Problem::new(c, m, policy());
        let (out, rep) = run(&p);
        let bound = out.lower_bound.expect("per-client LP solved");
        let achieved: f64 = rep.iter().map(|r| r.objective).sum();
        assert!(
            bound <= achieved + 1e-6 * achieved.abs(),
            "{bound} > {achieved}"
        );
        // Rounding a basic solution splits few clients: the gap stays small.
        assert!(achieved <= bound * 1.10, "gap {bound} → {achieved}");
    }
}

#[test]
fn locked_clients_keep_their_manager() {
    let (mut c, m) = scattered(120, 3, 3);
    for (i, cl) in c.iter_mut().enumerate().take(12) {
        cl.manager = Some(format!("m{}", i % 3));
        cl.locked = true;
    }
    let p = Problem::new(c, m, policy());
    let (out, _) = run(&p);
    check_valid(&p, &out);
    for a in out.assignments.iter().filter(|a| a.client < 12) {
        assert_eq!(a.manager, a.client % 3);
        assert_eq!(a.reason, "locked");
    }
}

#[test]
fn allow_lists_and_competency_are_respected() {
    let (mut c, mut m) = scattered(200, 4, 5);
    for (i, cl) in c.iter_mut().enumerate() {
        cl.district = Some(if i % 2 == 0 { "North" } else { "South" }.to_string());
        cl.business_type = Some(if i % 5 == 0 { "A" } else { "C" }.to_string());
    }
    m[0].districts = Some(vec!["North".to_string()]);
    m[1].districts = Some(vec!["South".to_string()]);
    m[2].competency = 3.0;
    let mut pol = policy();
    pol.competency.insert("A".to_string(), 3.0);
    let p = Problem::new(c, m, pol);
    let (out, _) = run(&p);
    check_valid(&p, &out);
    assert!(out.unassigned.is_empty());
    for a in &out.assignments {
        if a.client % 5 == 0 {
            assert_eq!(a.manager, 2);
            assert_eq!(a.reason, "only allowed manager");
        }
    }
}

#[test]
fn max_clients_is_respected_and_overflow_reported() {
    let (c, mut m) = scattered(100, 3, 9);
    m[0].max_clients = Some(20);
    m[1].max_clients = Some(30);
    m[2].max_clients = Some(40);
    let p = Problem::new(c, m, policy());
    let (out, _) = run(&p);
    check_valid(&p, &out);
    assert_eq!(out.assignments.len(), 90);
    assert_eq!(out.unassigned.len(), 10);
    assert!(out.unassigned[0].reason.contains("max_clients"));
}

#[test]
fn infeasible_requirements_have_reasons() {
    let (mut c, mut m) = scattered(20, 2, 11);
    let mut pol = policy();
    pol.visits.push(VisitRule {
        matcher: Match {
            district: Some("Far".to_string()),
            ..Match::default()
        },
        ..rule("service", 1, 30)
    });
    pol.competency.insert("A".to_string(), 5.0);
    m[0].districts = Some(vec!["Home".to_string()]);
    m[1].districts = Some(vec!["Home".to_string()]);
    for cl in c.iter_mut() {
        cl.district = Some("Home".to_string());
    }
    c[0].district = Some("Far".to_string());
    c[1].business_type = Some("A".to_string());
    c[2].manager = Some("m0".to_string());
    c[2].locked = true;
    c[2].district = Some("Elsewhere".to_string());
    let p = Problem::new(c, m, pol);
    let (out, _) = run(&p);
    check_valid(&p, &out);
    let why = |client: usize, role: &str| {
        out.unassigned
            .iter()
            .find(|u| u.client == client && u.role == role)
            .map(|u| u.reason.clone())
            .unwrap_or_default()
    };
    assert_eq!(why(0, "service"), "no manager has role `service`");
    assert_eq!(
        why(0, "general"),
        "district Far is in no `general` manager's allow-list"
    );
    assert_eq!(
        why(1, "general"),
        "needs competency 5, no `general` manager has it"
    );
    assert_eq!(
        why(2, "general"),
        "locked to manager m0, who does not allow district Elsewhere"
    );
    assert_eq!(out.unassigned.len(), 4);
}

#[test]
fn team_rules_give_every_listed_role() {
    let (mut c, mut m) = scattered(60, 4, 13);
    m[3].role = "supervisor".to_string();
    for cl in c.iter_mut().take(10) {
        cl.team = true;
    }
    let mut pol = policy();
    pol.team.push(TeamRule::for_team_clients(
        &["general", "supervisor"],
        Frequency::EveryWeeks(2),
        2400,
    ));
    let p = Problem::new(c, m, pol);
    let (out, _) = run(&p);
    check_valid(&p, &out);
    let sup = out
        .assignments
        .iter()
        .filter(|a| a.role == "supervisor")
        .count();
    assert_eq!(sup, 10);
    assert!(out.workload_estimate[3] > 10.0 * 2400.0);
}

#[test]
fn same_input_same_result() {
    let (c, m) = scattered(400, 6, 21);
    let p = Problem::new(c, m, policy());
    let a = run(&p).0;
    let b = run(&p).0;
    assert_eq!(a, b);
}

#[test]
fn large_roles_use_cells_and_stay_balanced() {
    let (c, m) = scattered(3000, 8, 4);
    let p = Problem::new(c, m, policy());
    let (out, rep) = run(&p);
    check_valid(&p, &out);
    assert_eq!(rep[0].method, Method::LpCells);
    assert!(rep[0].max_over_mean <= 1.05 + 1e-9, "{rep:?}");
}

#[test]
fn greedy_fallback_when_out_of_time() {
    let (c, m) = scattered(200, 4, 8);
    let p = Problem::new(c, m, policy());
    let travel = Crow::new(&p);
    let o = AssignOptions {
        seed: 1,
        deadline: Some(Instant::now()),
    };
    let (out, rep) = assign_with_report(&p, &travel, &o);
    check_valid(&p, &out);
    assert_eq!(rep[0].method, Method::Greedy);
    assert!(out.lower_bound.is_none());
    assert!(rep[0].max_over_mean <= 1.05 + 1e-9, "{rep:?}");
}

#[test]
fn business_type_mode_makes_specialists() {
    let (mut c, mut m) = scattered(400, 6, 8);
    for (i, cl) in c.iter_mut().enumerate() {
        // A: 1/2 of clients, B: ~47 %, D: 3 % (too small for a specialist).
        let t = if i % 33 == 0 {
            "D"
        } else if i % 2 == 0 {
            "A"
        } else {
            "B"
        };
        cl.business_type = Some(t.to_string());
    }
    m[3].competency = 2.0;
    m[4].competency = 3.0;
    m[5].competency = 2.0;
    let mut pol = policy();
    pol.mode = Mode::BusinessType;
    pol.competency.insert("A".to_string(), 2.0);
    let p = Problem::new(c, m, pol);
    let (out, rep) = run(&p);
    check_valid(&p, &out);
    assert!(rep[0].max_over_mean <= 1.0 + p.policy.tolerance, "{rep:?}");
    let type_of = |a: &ClientRole| p.clients[a.client].business_type.clone().unwrap();
    // The strongest managers specialise in A, the type the competency table ranks highest.
    let a_managers: std::collections::BTreeSet<usize> = out
        .assignments
        .iter()
        .filter(|a| type_of(a) == "A" && a.reason == "business_type")
        .map(|a| a.manager)
        .collect();
    assert!(
        a_managers.contains(&4) && a_managers.contains(&5),
        "{a_managers:?}"
    );
    for a in &out.assignments {
        match type_of(a).as_str() {
            "D" => assert_eq!(a.reason, "local management"),
            _ => assert_eq!(a.reason, "business_type"),
        }
    }
    // Specialists of A and B do not overlap.
    let b_managers: std::collections::BTreeSet<usize> = out
        .assignments
        .iter()
        .filter(|a| type_of(a) == "B")
        .map(|a| a.manager)
        .collect();
    assert!(a_managers.is_disjoint(&b_managers));
}

#[test]
fn hybrid_mode_follows_districts() {
    let (mut c, m) = scattered(120, 4, 8);
    for (i, cl) in c.iter_mut().enumerate() {
        cl.district = Some(if i % 2 == 0 { "Old Town" } else { "Suburb" }.to_string());
        cl.value_tier = Some(if i % 4 == 0 { "core" } else { "regular" }.to_string());
    }
    let mut pol = policy();
    pol.mode = Mode::Hybrid;
    pol.hybrid.insert("Old Town".to_string(), Mode::ValueTier);
    let p = Problem::new(c, m, pol);
    let (out, _) = run(&p);
    check_valid(&p, &out);
    let mut specialised = 0;
    for a in &out.assignments {
        if a.client % 2 == 1 {
            assert_eq!(a.reason, "region", "{a:?}");
        } else {
            // Old Town: value-tier specialists, or the nearest manager where balance needs one.
            assert!(
                a.reason == "value_tier" || a.reason == "local management",
                "{a:?}"
            );
            specialised += (a.reason == "value_tier") as usize;
        }
    }
    assert!(
        specialised >= 48,
        "{specialised} of 60 Old Town clients with a specialist"
    );
}

#[test]
fn rebalance_moves_clients_off_an_overloaded_manager() {
    let (c, m) = scattered(300, 5, 17);
    let p = Problem::new(c, m, policy());
    let travel = Crow::new(&p);
    let mut out = assign(&p, &travel, &opts());
    // Nothing to do when all are within tolerance.
    let est = out.workload_estimate.clone();
    assert_eq!(rebalance(&p, &travel, &mut out.clone(), &est, &opts()), 0);
    // Routing found manager 0 30 % heavier than estimated.
    let mut actual = out.workload_estimate.clone();
    actual[0] *= 1.3;
    let before = out.assignments.iter().filter(|a| a.manager == 0).count();
    let moved = rebalance(&p, &travel, &mut out, &actual, &opts());
    assert!(moved > 0);
    check_valid(&p, &out);
    let after = out.assignments.iter().filter(|a| a.manager == 0).count();
    assert_eq!(before - after, moved);
    assert!(out.assignments.iter().any(|a| a.reason == "rebalance"));
    // The forecast: manager 0 within the target band above the mean.
    let forecast: Vec<f64> = (0..5)
        .map(|m| {
            if m == 0 {
                out.workload_estimate[0] * 1.3
            } else {
                out.workload_estimate[m]
            }
        })
        .collect();
    let mean = forecast.iter().sum::<f64>() / 5.0;
    assert!(forecast[0] <= 1.1 * mean, "{forecast:?}");
}

/// Timings on 300, 2,000 and 10,000 clients: `cargo test --release --lib assign::tests::timing
/// -- --ignored --nocapture`.
#[test]
#[ignore]
fn timing() {
    for (n, m, at_clients) in [
        (300, 5, false),
        (2000, 10, false),
        (10000, 40, false),
        (10000, 40, true),
        (5000, 100, true),
        (5000, 100, false),
    ] {
        let (c, mut ms) = scattered(n, m, 1);
        if at_clients {
            // Bases where the clients are (home offices follow the market).
            for (k, mg) in ms.iter_mut().enumerate() {
                let cl = &c[k * n / m];
                mg.lat = cl.lat;
                mg.lon = cl.lon;
            }
        }
        let p = Problem::new(c, ms, policy());
        let start = Instant::now();
        let (out, rep) = run(&p);
        let s = start.elapsed().as_secs_f64();
        let r = &rep[0];
        let tm = assignment_territories(&p, &out);
        let iso = isolated(&p, &out);
        eprintln!("isolated clients (no own manager among 8 nearest): {iso}");
        eprintln!(
            "n={n} m={m} bases_at_clients={at_clients}: {s:.2}s method={} rounds={} moves={} max/mean={:.4} min/mean={:.4} lp={:?} obj={:.1} bound={:?} centre_km={:.2} overlap={:.3}",
            r.method.name(),
            r.lp_rounds,
            r.repair_moves,
            r.max_over_mean,
            r.min_over_mean,
            r.lp_value,
            r.objective,
            out.lower_bound,
            tm.mean_centre_km,
            tm.overlap
        );
    }
}

#[test]
fn degenerate_roles_do_not_break() {
    // More managers than clients; one role wholly locked; a one-manager role.
    let (mut c, mut m) = scattered(4, 6, 2);
    m[5].role = "service".to_string();
    for cl in c.iter_mut() {
        cl.manager = Some("m5".to_string());
        cl.locked = true;
    }
    let mut pol = policy();
    pol.visits.push(rule("service", 1, 30));
    let p = Problem::new(c, m, pol);
    let (out, rep) = run(&p);
    check_valid(&p, &out);
    assert_eq!(out.assignments.len(), 8);
    assert!(out
        .assignments
        .iter()
        .filter(|a| a.role == "service")
        .all(|a| a.manager == 5 && a.reason == "locked"));
    assert_eq!(rep.len(), 2);
}

#[test]
fn greedy_then_repair_is_balanced() {
    let (c, m) = scattered(500, 6, 12);
    let p = Problem::new(c, m, policy());
    let travel = Crow::new(&p);
    let mut ignore = Vec::new();
    let proj = Projection::around(p.clients.iter().map(|c| (c.lat, c.lon)));
    let inst = RoleInstance::build(&p, &travel, &proj, "general", &mut ignore);
    let obj = territory::Objective {
        centres: inst.bases.clone(),
        eps: 0.05,
        penalty: 100.0,
        drop_cost: 1e6,
    };
    let mut t = region::greedy(&inst, &obj);
    assert!(t.owner.iter().all(Option::is_some));
    repair::repair(&inst, &mut t, &obj, None);
    let (max, min) = t.spread();
    assert!(max <= 1.05 + 1e-9 && min >= 0.95 - 1e-9, "{max} {min}");
}

/// Clients none of whose 8 nearest clients share their manager (a contiguity measure).
fn isolated(p: &Problem, out: &AssignOutcome) -> usize {
    let proj = Projection::around(p.clients.iter().map(|c| (c.lat, c.lon)));
    let pts: Vec<geometry::Xy> = p.clients.iter().map(|c| proj.xy(c.lat, c.lon)).collect();
    let tree = geometry::tree_of(&pts);
    let near = geometry::nearest_others(&tree, &pts, 8);
    let mut owner = vec![usize::MAX; p.clients.len()];
    for a in &out.assignments {
        owner[a.client] = a.manager;
    }
    (0..p.clients.len())
        .filter(|&c| near[c].iter().all(|&n| owner[n as usize] != owner[c]))
        .count()
}

#[test]
fn night_venues_go_to_evening_shifts() {
    let (mut c, mut m) = scattered(200, 4, 31);
    for cl in c.iter_mut().step_by(4) {
        cl.open = vec![Window::new(17 * 3600, 24 * 3600)];
    }
    m[0].shift = Window::new(8 * 3600, 23 * 3600);
    m[2].shift = Window::new(8 * 3600, 23 * 3600);
    let p = Problem::new(c, m, policy());
    let (out, rep) = run(&p);
    check_valid(&p, &out);
    assert!(rep[0].max_over_mean <= 1.05 + 1e-9, "{rep:?}");
    let day_shift = out
        .assignments
        .iter()
        .filter(|a| a.client % 4 == 0 && (a.manager == 1 || a.manager == 3))
        .count();
    assert!(
        day_shift <= 5,
        "{day_shift} night venues with a day-shift manager"
    );
}

#[test]
fn region_territories_keep_night_work_inside_the_evenings() {
    // 60 bars (18:00-24:00) and 60 cafés along a street; two evening managers at the bars' end
    // and a day manager. Compact territories would give the nearest evening manager more bar
    // work than its evenings hold; the spill moves the excess to the other evening manager.
    let p = window::tests::venues(60, 0, 60, 2);
    assert_eq!(p.policy.mode, Mode::Region);
    let travel = Crow::new(&p);
    let (out, _) = assign_with_report(&p, &travel, &opts());
    let inst = window::tests::instance(&p, &travel);
    let mut t = territory::Territories::empty(&inst);
    for a in &out.assignments {
        let j = inst
            .clients
            .iter()
            .position(|&c| c == a.client)
            .expect("client");
        let k = inst
            .managers
            .iter()
            .position(|&m| m == a.manager)
            .expect("manager");
        t.set(&inst, j, Some(k as u32));
    }
    let caps = &inst.window_caps;
    assert!(!caps.caps.is_empty());
    for cap in &caps.caps {
        let used: f64 = t
            .members(cap.manager)
            .filter(|&j| caps.holds(cap, j))
            .map(|j| inst.work(j, cap.manager))
            .sum();
        assert!(used <= cap.cap_s + 1e-6, "{cap:?}: {used} s");
    }
}

use super::super::build;
use super::super::rebalance::workloads;
use super::super::routing::{DayRoute, ManagerRoutes, Routed, Stop};
use super::run;
use crate::assign::{AssignOutcome, ClientRole};
use crate::io;
use crate::model::{Client, Frequency, Manager, Policy, Problem, TeamRule, Window};
use crate::schedule::{ScheduleOutcome, VisitJob};

const H: i64 = 3600;

/// One week; team clients get a general and a supervisor together once, for 40 minutes.
fn weekly_team_visits() -> Policy {
    let mut policy = Policy {
        weeks: 1,
        ..Policy::default()
    };
    policy.team.push(TeamRule::for_team_clients(
        &["general", "supervisor"],
        Frequency::EveryWeeks(1),
        40 * 60,
    ));
    policy
}

/// Two team clients of one general; both visits on day 0 with the first supervisor, at 09:00
/// and 15:00, so that it waits five hours while the second supervisor is idle.
fn region() -> Problem {
    let policy = weekly_team_visits();
    let clients: Vec<Client> = [("c0", 52.00, 5.00), ("c1", 52.02, 5.02)]
        .into_iter()
        .map(|(id, lat, lon)| {
            let mut c = Client::new(id, lat, lon);
            c.team = true;
            c
        })
        .collect();
    let manager = |id: &str, role: &str, lat: f64| {
        let mut m = Manager::new(id, lat, 5.01);
        m.role = role.to_string();
        m
    };
    Problem::new(
        clients,
        vec![
            manager("g0", "general", 52.01),
            manager("s0", "supervisor", 52.0),
            manager("s1", "supervisor", 52.03),
        ],
        policy,
    )
}

fn stop(problem: &Problem, client: usize, role: &str, start: i64) -> Stop {
    Stop {
        job: VisitJob {
            client,
            role: role.to_string(),
            service_s: 40 * 60,
            start_windows: vec![Window::new(0, 24 * H)],
            team: Some(format!("{}-team", problem.clients[client].id)),
            alt_days: Vec::new(),
            unit: 0,
        },
        start,
    }
}

fn day_route(problem: &Problem, role: &str, starts: &[(usize, i64)]) -> DayRoute {
    DayRoute {
        day: 0,
        leave: 0,
        stops: starts
            .iter()
            .map(|&(c, t)| stop(problem, c, role, t))
            .collect(),
    }
}

/// Runs the pass on the routed plan's workloads, unchecked.
fn moves(problem: &Problem, assignment: &mut AssignOutcome, routed: &mut Routed) -> usize {
    let travel = io::load_travel(problem).expect("travel model");
    let plan = build::assemble(
        problem,
        travel.as_ref(),
        assignment,
        &ScheduleOutcome::default(),
        routed,
    );
    let load = workloads(problem, &plan);
    run(problem, travel.as_ref(), assignment, routed, &load, None)
}

/// Checks the plan of `routed` (only balance may fail), runs the pass, checks the new plan
/// (it must be valid) and returns the moves with the new plan.
fn balance_checked(
    problem: &Problem,
    assignment: &mut AssignOutcome,
    routed: &mut Routed,
) -> (usize, crate::plan::Plan) {
    let travel = io::load_travel(problem).expect("travel model");
    let schedule = ScheduleOutcome::default();
    let before = build::assemble(problem, travel.as_ref(), assignment, &schedule, routed);
    let report = crate::check::check(problem, travel.as_ref(), &before);
    assert!(!report.is_valid());
    assert!(
        report.violations.iter().all(|v| v.rule == "balance"),
        "{:?}",
        report.violations
    );
    let load = workloads(problem, &before);
    let moved = run(problem, travel.as_ref(), assignment, routed, &load, None);
    let after = build::assemble(problem, travel.as_ref(), assignment, &schedule, routed);
    let report = crate::check::check(problem, travel.as_ref(), &after);
    assert!(report.is_valid(), "{:?}", report.violations);
    (moved, after)
}

/// The general's and the first supervisor's routes of [`region`] on day 0, with the
/// assignment.
fn waiting_day(problem: &Problem) -> (Routed, AssignOutcome) {
    let starts = [(0, 9 * H), (1, 15 * H)];
    let routed = Routed {
        managers: vec![
            ManagerRoutes {
                manager: 0,
                routes: vec![day_route(problem, "general", &starts)],
                dropped: Vec::new(),
            },
            ManagerRoutes {
                manager: 1,
                routes: vec![day_route(problem, "supervisor", &starts)],
                dropped: Vec::new(),
            },
        ],
        cut_short: false,
    };
    let mut assignment = AssignOutcome::default();
    for (client, role, manager) in [
        (0, "general", 0),
        (1, "general", 0),
        (0, "supervisor", 1),
        (1, "supervisor", 1),
    ] {
        assignment.assignments.push(ClientRole {
            client,
            role: role.to_string(),
            manager,
            reason: "region".to_string(),
        });
    }
    (routed, assignment)
}

#[test]
fn a_waiting_supervisor_passes_an_appointment_to_an_idle_neighbour() {
    let problem = region();
    let (mut routed, mut assignment) = waiting_day(&problem);
    let (moved, after) = balance_checked(&problem, &mut assignment, &mut routed);
    assert_eq!(moved, 1);
    // Each supervisor now keeps one appointment at its pinned start; the general's route is
    // unchanged.
    for (id, start) in [("s0", 9 * H), ("s1", 15 * H)] {
        let routes: Vec<_> = after.routes.iter().filter(|r| r.manager == id).collect();
        assert_eq!(routes.len(), 1);
        assert_eq!(routes[0].visits.len(), 1);
        assert_eq!(routes[0].visits[0].start_s, start);
    }
    let moved_to: Vec<_> = after
        .assignments
        .iter()
        .filter(|a| a.reason == "rebalance")
        .map(|a| (a.client.as_str(), a.manager.as_str()))
        .collect();
    assert_eq!(moved_to, vec![("c1", "s1")]);
}

#[test]
fn a_locked_appointment_stays() {
    let mut problem = region();
    for c in &mut problem.clients {
        c.locked = true;
        c.manager = Some("s0".to_string());
    }
    let (mut routed, mut assignment) = waiting_day(&problem);
    assert_eq!(moves(&problem, &mut assignment, &mut routed), 0);
}

#[test]
fn nothing_moves_inside_the_band() {
    let problem = region();
    let mut routed = Routed {
        managers: vec![
            ManagerRoutes {
                manager: 1,
                routes: vec![day_route(&problem, "supervisor", &[(0, 9 * H)])],
                dropped: Vec::new(),
            },
            ManagerRoutes {
                manager: 2,
                routes: vec![day_route(&problem, "supervisor", &[(1, 9 * H)])],
                dropped: Vec::new(),
            },
        ],
        cut_short: false,
    };
    let mut assignment = AssignOutcome::default();
    for (client, manager) in [(0, 1), (1, 2)] {
        assignment.assignments.push(ClientRole {
            client,
            role: "supervisor".to_string(),
            manager,
            reason: "region".to_string(),
        });
    }
    assert_eq!(moves(&problem, &mut assignment, &mut routed), 0);
}

/// Supervisor `s0` waits six hours between two appointments on day 0; `s1` has no room for
/// one more; `s2` may only serve district B, which the waiting appointments are not in. The
/// way out is a chain: `s1` takes one of `s0`'s appointments and passes one of its own, in
/// district B, to `s2`.
#[test]
fn a_full_neighbour_passes_a_client_on() {
    let policy = weekly_team_visits();
    // (client, district, day, start, supervisor)
    let plan: [(&str, &str, u32, i64, usize); 9] = [
        ("c0", "A", 0, 9 * H, 1),
        ("c1", "A", 0, 15 * H, 1),
        ("c2", "A", 1, 9 * H, 1),
        ("c3", "A", 2, 9 * H, 1),
        ("c4", "B", 1, 11 * H, 2),
        ("c5", "B", 2, 11 * H, 2),
        ("c6", "B", 3, 9 * H, 2),
        ("c7", "B", 3, 11 * H, 3),
        ("c8", "B", 4, 9 * H, 3),
    ];
    let clients: Vec<Client> = plan
        .iter()
        .enumerate()
        .map(|(i, &(id, district, ..))| {
            let mut c = Client::new(id, 52.0 + 0.0005 * i as f64, 5.0);
            c.team = true;
            c.district = Some(district.to_string());
            c
        })
        .collect();
    let manager = |id: &str, role: &str| {
        let mut m = Manager::new(id, 52.002, 5.001);
        m.role = role.to_string();
        m
    };
    let mut s2 = manager("s2", "supervisor");
    s2.districts = Some(vec!["B".to_string()]);
    let problem = Problem::new(
        clients,
        vec![
            manager("g0", "general"),
            manager("s0", "supervisor"),
            manager("s1", "supervisor"),
            s2,
        ],
        policy,
    );
    let mut assignment = AssignOutcome::default();
    let mut routes: Vec<ManagerRoutes> = (0..4)
        .map(|m| ManagerRoutes {
            manager: m,
            ..ManagerRoutes::default()
        })
        .collect();
    for (c, &(_, _, day, start, sup)) in plan.iter().enumerate() {
        for (m, role) in [(0, "general"), (sup, "supervisor")] {
            assignment.assignments.push(ClientRole {
                client: c,
                role: role.to_string(),
                manager: m,
                reason: "region".to_string(),
            });
            let days = &mut routes[m].routes;
            if !days.iter().any(|r| r.day == day) {
                days.push(DayRoute {
                    day,
                    leave: 0,
                    stops: Vec::new(),
                });
            }
            let route = days.iter_mut().find(|r| r.day == day).expect("added");
            route.stops.push(stop(&problem, c, role, start));
        }
    }
    let mut routed = Routed {
        managers: routes,
        cut_short: false,
    };
    let (moved, after) = balance_checked(&problem, &mut assignment, &mut routed);
    assert_eq!(moved, 2);
    for s in ["s0", "s1", "s2"] {
        let visits: usize = after
            .routes
            .iter()
            .filter(|r| r.manager == s)
            .map(|r| r.visits.len())
            .sum();
        assert_eq!(visits, 3, "{s}");
    }
}

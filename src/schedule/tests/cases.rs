//! Hand-checked cases.

use super::*;
use crate::model::{Match, Policy, TeamRule, DAY_S};

#[test]
fn two_roles_of_one_client_take_different_days() {
    let mut policy = Policy {
        weeks: 2,
        ..Policy::default()
    };
    policy
        .visits
        .push(rule("general", Frequency::PerWeek(1), 20, CycleKind::Fixed));
    policy
        .visits
        .push(rule("brand", Frequency::PerWeek(1), 30, CycleKind::Elastic));
    let mut c = client("c1", 52.01, 5.01);
    c.days = days(&[Weekday::Mon, Weekday::Tue]);
    let problem = Problem::new(
        vec![c],
        vec![
            manager("m1", "general", WeekdaySet::MON_FRI),
            manager("m2", "brand", WeekdaySet::MON_FRI),
        ],
        policy,
    );
    let a = assign_first(&problem);
    let out = run(&problem, &a, 1);
    assert!(out.missing.is_empty(), "{:?}", out.missing);
    let mut used: Vec<u32> = out.days.iter().map(|d| d.day).collect();
    used.sort();
    // Two visits each, on Mondays and Tuesdays (days 0, 1, 5, 6), never together.
    assert_eq!(used, vec![0, 1, 5, 6]);
}

#[test]
fn team_visit_falls_on_a_day_both_managers_work() {
    let mut policy = Policy {
        weeks: 2,
        ..Policy::default()
    };
    policy
        .visits
        .push(rule("general", Frequency::PerWeek(1), 20, CycleKind::Fixed));
    policy.team.push(TeamRule::for_team_clients(
        &["general", "supervisor"],
        Frequency::EveryWeeks(1),
        40 * 60,
    ));
    let mut c = client("c1", 52.01, 5.01);
    c.team = true;
    let mut sup = manager("s1", "supervisor", days(&[Weekday::Tue, Weekday::Thu]));
    sup.shift = Window::new(10 * H, 16 * H);
    let problem = Problem::new(
        vec![c, client("c2", 52.02, 5.0)],
        vec![manager("m1", "general", WeekdaySet::MON_FRI), sup],
        policy,
    );
    let a = assign_first(&problem);
    let out = run(&problem, &a, 3);
    assert!(out.missing.is_empty(), "{:?}", out.missing);
    let team_jobs: Vec<(usize, u32, &VisitJob)> = out
        .days
        .iter()
        .flat_map(|d| d.jobs.iter().map(move |j| (d.manager, d.day, j)))
        .filter(|(_, _, j)| j.team.is_some())
        .collect();
    assert_eq!(team_jobs.len(), 4); // two team visits × two roles
    for (_, day, j) in &team_jobs {
        assert!(matches!(
            problem.calendar.weekday(*day),
            Weekday::Tue | Weekday::Thu
        ));
        assert_eq!(j.service_s, 40 * 60);
        // Common start windows: inside the supervisor's shorter shift.
        assert_eq!(j.start_windows, vec![Window::new(10 * H, 16 * H - 40 * 60)]);
        let mates: Vec<_> = team_jobs
            .iter()
            .filter(|(_, _, k)| k.team == j.team)
            .collect();
        assert_eq!(mates.len(), 2);
        assert!(mates.iter().all(|(_, d, _)| d == day));
    }
    let ids: Vec<&str> = team_jobs
        .iter()
        .filter_map(|(_, _, j)| j.team.as_deref())
        .collect();
    assert!(ids.contains(&"t-c1-0-0") && ids.contains(&"t-c1-0-1"));
}

#[test]
fn impossible_days_and_windows_are_reported_with_reasons() {
    let mut policy = Policy {
        weeks: 2,
        ..Policy::default()
    };
    policy
        .visits
        .push(rule("general", Frequency::PerWeek(2), 20, CycleKind::Fixed));
    let mut sat = client("sat", 52.0, 5.0);
    sat.days = days(&[Weekday::Sat]);
    let mut night = client("night", 52.0, 5.0);
    night.open = vec![Window::new(21 * H, DAY_S)];
    let mut monday = client("monday", 52.0, 5.0);
    monday.days = days(&[Weekday::Mon]);
    let problem = Problem::new(
        vec![sat, night, monday],
        vec![manager("m3", "general", WeekdaySet::MON_FRI)],
        policy,
    );
    let a = assign_first(&problem);
    let out = run(&problem, &a, 1);
    let by_client: HashMap<usize, &MissingVisits> =
        out.missing.iter().map(|m| (m.client, m)).collect();
    assert_eq!(by_client[&0].missing, 4);
    assert!(by_client[&0]
        .reason
        .contains("client days Sat only; manager m3 works Mon–Fri"));
    assert_eq!(by_client[&1].missing, 4);
    assert_eq!(
        by_client[&1].reason,
        "opening 21:00–24:00 outside shift 08:00–18:00 of m3"
    );
    // Mondays only: twice a week cannot fit, once a week on Monday does.
    assert_eq!(by_client[&2].missing, 2);
    let placed: Vec<u32> = out
        .days
        .iter()
        .filter(|d| d.jobs.iter().any(|j| j.client == 2))
        .map(|d| d.day)
        .collect();
    assert_eq!(placed, vec![0, 5]);
}

#[test]
fn once_a_cycle_visits_list_their_other_days() {
    let mut policy = Policy {
        weeks: 2,
        ..Policy::default()
    };
    policy.visits.push(rule(
        "general",
        Frequency::EveryWeeks(2),
        20,
        CycleKind::Elastic,
    ));
    policy.visits.push(rule(
        "brand",
        Frequency::EveryWeeks(2),
        20,
        CycleKind::Elastic,
    ));
    let mut c = client("c1", 52.0, 5.01);
    c.days = days(&[Weekday::Mon, Weekday::Wed]);
    let problem = Problem::new(
        vec![c],
        vec![
            manager("m1", "general", WeekdaySet::MON_FRI),
            manager("m2", "brand", WeekdaySet::MON_FRI),
        ],
        policy,
    );
    let out = run(&problem, &assign_first(&problem), 5);
    let jobs: Vec<(u32, &VisitJob)> = out
        .days
        .iter()
        .flat_map(|d| d.jobs.iter().map(move |j| (d.day, j)))
        .collect();
    assert_eq!(jobs.len(), 2);
    let mut all: Vec<u32> = jobs
        .iter()
        .flat_map(|(d, j)| std::iter::once(*d).chain(j.alt_days.iter().copied()))
        .collect();
    all.sort();
    // Mondays and Wednesdays of both weeks, each offered once.
    assert_eq!(all, vec![0, 2, 5, 7]);
}

#[test]
fn morning_shops_and_night_venues_get_different_days() {
    let mut policy = Policy {
        weeks: 1,
        ..Policy::default()
    };
    policy.visits.push(rule(
        "general",
        Frequency::PerWeek(1),
        30,
        CycleKind::Elastic,
    ));
    let mut clients = Vec::new();
    for i in 0..6 {
        let mut c = client(&format!("morning{i}"), 52.0 + 0.002 * i as f64, 5.0);
        c.open = vec![Window::new(8 * H, 12 * H)];
        clients.push(c);
        let mut n = client(&format!("night{i}"), 52.0 + 0.002 * i as f64, 5.002);
        n.open = vec![Window::new(20 * H, DAY_S)];
        clients.push(n);
    }
    let mut m = manager("m1", "general", WeekdaySet::MON_FRI);
    m.shift = Window::new(8 * H, 23 * H);
    let problem = Problem::new(clients, vec![m], policy);
    let out = run(&problem, &assign_first(&problem), 2);
    assert!(out.missing.is_empty());
    for ds in &out.days {
        let night = ds
            .jobs
            .iter()
            .filter(|j| problem.clients[j.client].id.starts_with("night"))
            .count();
        assert!(
            night == 0 || night == ds.jobs.len(),
            "day {} mixes morning and night",
            ds.day
        );
    }
}

#[test]
fn deep_visits_of_the_same_role_take_their_own_days() {
    let mut policy = Policy {
        weeks: 2,
        ..Policy::default()
    };
    policy
        .visits
        .push(rule("general", Frequency::PerWeek(1), 20, CycleKind::Fixed));
    policy.visits.push(rule(
        "general",
        Frequency::EveryWeeks(2),
        90,
        CycleKind::Elastic,
    ));
    let problem = Problem::new(
        vec![client("c1", 52.01, 5.0)],
        vec![manager("m1", "general", WeekdaySet::MON_FRI)],
        policy,
    );
    let travel = Crow::new(&problem);
    let opts = ScheduleOptions {
        seed: 1,
        deadline: None,
    };
    let out = schedule(&problem, &travel, &assign_first(&problem), &opts);
    assert!(out.missing.is_empty());
    let regular: Vec<u32> = out
        .days
        .iter()
        .filter(|d| d.jobs[0].service_s == 1200)
        .map(|d| d.day)
        .collect();
    let deep: Vec<u32> = out
        .days
        .iter()
        .filter(|d| d.jobs[0].service_s == 5400)
        .map(|d| d.day)
        .collect();
    assert_eq!(regular.len(), 2);
    assert_eq!(regular[1] - regular[0], 5);
    assert_eq!(deep.len(), 1);
    assert!(!regular.contains(&deep[0]));
    assert!(out.days.iter().all(|d| d.jobs.len() == 1));
}

#[test]
fn a_past_deadline_still_gives_a_complete_schedule() {
    let problem = territory::territory(3);
    let a = assign_first(&problem);
    let travel = Crow::new(&problem);
    let opts = ScheduleOptions {
        seed: 1,
        deadline: Some(std::time::Instant::now()),
    };
    let (out, stats) = schedule_with_stats(&problem, &travel, &a, &opts);
    assert!(stats.interrupted && stats.passes == 0);
    validate(&problem, &a, &out);
    assert!(out.missing.is_empty());
}

#[test]
fn a_team_visit_without_a_common_day_is_missing_for_every_role() {
    let mut policy = Policy {
        weeks: 2,
        ..Policy::default()
    };
    policy.team.push(TeamRule {
        matcher: Match::default(),
        roles: vec!["general".to_string(), "supervisor".to_string()],
        frequency: Frequency::EveryWeeks(2),
        service_s: 40 * 60,
    });
    let problem = Problem::new(
        vec![client("c1", 52.01, 5.01)],
        vec![
            manager("m1", "general", WeekdaySet::MON_FRI),
            manager("s1", "supervisor", days(&[Weekday::Sat])),
        ],
        policy,
    );
    let out = run(&problem, &assign_first(&problem), 1);
    assert!(out.days.is_empty());
    assert_eq!(out.missing.len(), 2);
    for m in &out.missing {
        assert_eq!(m.missing, 1);
        assert_eq!(
            m.reason,
            "team visit: no common day: client days Mon–Sun; managers m1 works Mon–Fri, s1 works Sat only"
        );
    }
}

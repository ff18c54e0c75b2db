//! The checker on a hand-built problem: a valid plan passes, and breaking one rule in a copy
//! of it makes the checker report exactly that rule.
//!
//! The problem: a two-week Mon–Fri cycle (D = 10), general managers m1 and m2, supervisor s1,
//! five clients. The plan is written by hand; only its times are computed, leg by leg, with the
//! travel model.

use beatplan::check::{self, CheckReport, RULES};
use beatplan::model::{
    Client, CycleKind, Frequency, Manager, Match, Place, Policy, Problem, TeamRule, VisitRule,
    Weekday, WeekdaySet, Window,
};
use beatplan::plan::{Assignment, Plan, Route, Unserved, Visit};
use beatplan::travel::{Crow, Travel};

const H: i64 = 3600;
const M: i64 = 60;

fn client(id: &str, lat: f64, lon: f64, tier: &str, district: &str) -> Client {
    Client {
        id: id.to_string(),
        name: None,
        lat,
        lon,
        district: Some(district.to_string()),
        business_type: None,
        value_tier: Some(tier.to_string()),
        value_score: None,
        open: vec![Window::ALL_DAY],
        days: WeekdaySet::ALL,
        service_s: None,
        team: false,
        manager: None,
        locked: false,
    }
}

fn manager(id: &str, lat: f64, lon: f64, role: &str, competency: f64) -> Manager {
    Manager {
        id: id.to_string(),
        name: None,
        lat,
        lon,
        role: role.to_string(),
        competency,
        shift: Window::new(8 * H, 18 * H),
        max_work_s: 480 * M,
        workdays: WeekdaySet::MON_FRI,
        max_clients: None,
        districts: None,
        business_types: None,
        value_tiers: None,
    }
}

fn visit_rule(
    matcher: Match,
    role: &str,
    frequency: Frequency,
    minutes: i64,
    cycle: CycleKind,
) -> VisitRule {
    VisitRule {
        matcher,
        role: role.to_string(),
        frequency,
        service_s: minutes * M,
        cycle,
    }
}

/// The parts of the problem, so that tests can change one and rebuild.
#[derive(Clone)]
struct Parts {
    clients: Vec<Client>,
    managers: Vec<Manager>,
    policy: Policy,
}

impl Parts {
    fn problem(&self) -> Problem {
        Problem::new(
            self.clients.clone(),
            self.managers.clone(),
            self.policy.clone(),
        )
    }

    fn client(&mut self, id: &str) -> &mut Client {
        self.clients
            .iter_mut()
            .find(|c| c.id == id)
            .expect("fixture client")
    }

    fn manager(&mut self, id: &str) -> &mut Manager {
        self.managers
            .iter_mut()
            .find(|m| m.id == id)
            .expect("fixture manager")
    }
}

fn parts() -> Parts {
    let mut c1 = client("c1", 50.025, 14.035, "core", "South");
    c1.name = Some("Core supermarket".into());
    let c2 = client("c2", 50.005, 14.010, "regular", "South");
    let mut c3 = client("c3", 50.010, 14.005, "regular", "South");
    c3.team = true;
    let mut c4 = client("c4", 50.012, 14.015, "regular", "North");
    c4.open = vec![Window::new(14 * H, 18 * H)];
    c4.manager = Some("m1".into());
    c4.locked = true;
    let mut c5 = client("c5", 50.035, 14.030, "regular", "South");
    c5.days = [Weekday::Mon, Weekday::Wed, Weekday::Fri]
        .into_iter()
        .collect();

    let mut m1 = manager("m1", 50.000, 14.000, "general", 1.0);
    m1.max_clients = Some(3);
    m1.districts = Some(vec!["South".into(), "North".into()]);
    let m2 = manager("m2", 50.030, 14.040, "general", 3.0);
    let mut s1 = manager("s1", 50.015, 14.020, "supervisor", 1.0);
    s1.shift = Window::new(6 * H, 23 * H);
    s1.workdays = [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu]
        .into_iter()
        .collect();

    let tier = |t: &str| Match {
        value_tier: Some(t.into()),
        ..Match::default()
    };
    let mut policy = Policy {
        weeks: 2,
        tolerance: 1.0,
        ..Policy::default()
    };
    policy.competency.insert("core".into(), 3.0);
    policy.competency.insert("A".into(), 3.0);
    policy.visits = vec![
        visit_rule(
            tier("core"),
            "general",
            Frequency::PerWeek(2),
            20,
            CycleKind::Fixed,
        ),
        visit_rule(
            tier("regular"),
            "general",
            Frequency::EveryWeeks(1),
            15,
            CycleKind::Elastic,
        ),
        visit_rule(
            Match {
                district: Some("North".into()),
                ..Match::default()
            },
            "supervisor",
            Frequency::EveryWeeks(2),
            30,
            CycleKind::Elastic,
        ),
    ];
    policy.team = vec![TeamRule {
        matcher: Match {
            team: Some(true),
            ..Match::default()
        },
        roles: vec!["general".into(), "supervisor".into()],
        frequency: Frequency::EveryWeeks(1),
        service_s: 30 * M,
    }];
    Parts {
        clients: vec![c1, c2, c3, c4, c5],
        managers: vec![m1, m2, s1],
        policy,
    }
}

/// One planned stop: client, role, start of service, team id.
type Stop = (&'static str, &'static str, i64, Option<&'static str>);

/// A plan described by hand; [`Spec::plan`] times it.
#[derive(Clone)]
struct Spec {
    assignments: Vec<(&'static str, &'static str, &'static str)>,
    routes: Vec<(&'static str, u32, Vec<Stop>)>,
    unserved: Vec<(&'static str, &'static str, u32, &'static str)>,
}

fn at(h: i64, m: i64) -> i64 {
    h * H + m * M
}

fn spec() -> Spec {
    let g = "general";
    let s = "supervisor";
    Spec {
        assignments: vec![
            ("c1", g, "m2"),
            ("c2", g, "m1"),
            ("c3", g, "m1"),
            ("c3", s, "s1"),
            ("c4", g, "m1"),
            ("c4", s, "s1"),
            ("c5", g, "m2"),
        ],
        routes: vec![
            ("m1", 0, vec![("c3", g, at(9, 0), None)]),
            (
                "m1",
                1,
                vec![("c2", g, at(9, 0), None), ("c3", g, at(10, 0), Some("T1"))],
            ),
            ("m1", 3, vec![("c4", g, at(14, 0), None)]),
            ("m1", 5, vec![("c3", g, at(9, 0), None)]),
            ("m1", 6, vec![("c3", g, at(10, 0), Some("T2"))]),
            ("m1", 7, vec![("c2", g, at(9, 0), None)]),
            ("m1", 8, vec![("c4", g, at(14, 0), None)]),
            ("m2", 0, vec![("c1", g, at(9, 0), None)]),
            ("m2", 2, vec![("c5", g, at(10, 0), None)]),
            ("m2", 3, vec![("c1", g, at(9, 0), None)]),
            ("m2", 5, vec![("c1", g, at(9, 0), None)]),
            ("m2", 7, vec![("c5", g, at(10, 0), None)]),
            ("m2", 8, vec![("c1", g, at(9, 0), None)]),
            ("s1", 1, vec![("c3", s, at(10, 0), Some("T1"))]),
            ("s1", 2, vec![("c4", s, at(15, 0), None)]),
            ("s1", 6, vec![("c3", s, at(10, 0), Some("T2"))]),
        ],
        unserved: vec![],
    }
}

impl Spec {
    /// Moves the visits of `client` found on `from`'s routes to `to`'s routes, possibly onto
    /// other days (`days` pairs old day → new day; days not listed stay).
    fn move_visits(
        &mut self,
        client: &str,
        from: &'static str,
        to: &'static str,
        days: &[(u32, u32)],
    ) {
        let mut moved = Vec::new();
        for (m, day, stops) in &mut self.routes {
            if *m != from {
                continue;
            }
            let (take, keep): (Vec<Stop>, Vec<Stop>) = stops.drain(..).partition(|s| s.0 == client);
            *stops = keep;
            for s in take {
                let new_day = days
                    .iter()
                    .find(|(a, _)| a == day)
                    .map_or(*day, |(_, b)| *b);
                moved.push((new_day, s));
            }
        }
        self.routes.retain(|(_, _, stops)| !stops.is_empty());
        for (day, s) in moved {
            match self
                .routes
                .iter_mut()
                .find(|(m, d, _)| *m == to && *d == day)
            {
                Some((_, _, stops)) => {
                    stops.push(s);
                    stops.sort_by_key(|s| s.2);
                }
                None => self.routes.push((to, day, vec![s])),
            }
        }
    }

    fn remove_visits(&mut self, client: &str, role: &str, manager: &str, day: Option<u32>) {
        for (m, d, stops) in &mut self.routes {
            if *m == manager && day.is_none_or(|x| x == *d) {
                stops.retain(|s| !(s.0 == client && s.1 == role));
            }
        }
        self.routes.retain(|(_, _, stops)| !stops.is_empty());
    }

    fn stop(&mut self, manager: &str, day: u32, client: &str) -> &mut Stop {
        self.routes
            .iter_mut()
            .find(|(m, d, _)| *m == manager && *d == day)
            .and_then(|(_, _, stops)| stops.iter_mut().find(|s| s.0 == client))
            .expect("fixture stop")
    }

    /// The plan, timed with the travel model and with its KPIs filled by the checker.
    fn plan(&self, p: &Problem) -> Plan {
        let travel = Crow::new(p);
        let mut plan = Plan {
            assignments: self
                .assignments
                .iter()
                .map(|&(c, role, m)| Assignment {
                    client: c.into(),
                    role: role.into(),
                    manager: m.into(),
                    reason: "hand".into(),
                })
                .collect(),
            routes: self
                .routes
                .iter()
                .map(|(m, day, stops)| route(p, &travel, m, *day, stops))
                .collect(),
            unserved: self
                .unserved
                .iter()
                .map(|&(c, role, n, why)| Unserved {
                    client: c.into(),
                    role: role.into(),
                    visits_missing: n,
                    reason: why.into(),
                })
                .collect(),
            ..Plan::default()
        };
        plan.kpis = check::kpis(p, &travel, &plan);
        plan
    }
}

/// Service seconds the rules give a visit (computed here, not by the checker).
fn service(p: &Problem, client: &str, role: &str, team: bool) -> i64 {
    let c = p.client_by_id(client).expect("fixture client");
    let team_rule = p
        .team_requirements
        .iter()
        .find(|t| team && t.client == c && t.roles.iter().any(|r| r == role));
    match team_rule {
        Some(t) => t.service_s,
        None => p
            .requirements
            .iter()
            .find(|r| r.client == c && r.role == role)
            .map_or(15 * M, |r| r.service_s),
    }
}

/// A route leaving the base just in time for the first start; later stops wait if early.
fn route(p: &Problem, travel: &dyn Travel, manager: &str, day: u32, stops: &[Stop]) -> Route {
    let m = p.manager_by_id(manager).map(Place::Base);
    let Some(base) = m else {
        return Route {
            manager: manager.into(),
            day,
            weekday: None,
            leave_s: 8 * H,
            return_s: 8 * H,
            distance_m: 0,
            visits: vec![],
        };
    };
    let places: Vec<Place> = stops
        .iter()
        .map(|s| Place::Client(p.client_by_id(s.0).expect("fixture client")))
        .collect();
    let leave = stops
        .first()
        .map_or(8 * H, |s| s.2 - travel.seconds(base, places[0]));
    let (mut here, mut clock, mut metres) = (base, leave, 0);
    let mut visits = Vec::new();
    for (s, &there) in stops.iter().zip(&places) {
        let leg = travel.leg(here, there);
        metres += leg.meters;
        let arrival = clock + leg.seconds;
        assert!(s.2 >= arrival, "fixture stop {s:?} starts before arrival");
        let end = s.2 + service(p, s.0, s.1, s.3.is_some());
        visits.push(Visit {
            client: s.0.into(),
            role: s.1.into(),
            arrival_s: arrival,
            start_s: s.2,
            end_s: end,
            team: s.3.map(str::to_string),
        });
        here = there;
        clock = end;
    }
    let back = travel.leg(here, base);
    Route {
        manager: manager.into(),
        day,
        weekday: None,
        leave_s: leave,
        return_s: clock + back.seconds,
        distance_m: metres + back.meters,
        visits,
    }
}

fn run(p: &Problem, plan: &Plan) -> CheckReport {
    check::check(p, &Crow::new(p), plan)
}

/// Asserts that the report breaks exactly `rule` and that its messages mention `names`.
fn assert_only(report: &CheckReport, rule: &str, names: &[&str]) {
    assert!(
        RULES.iter().any(|(r, _)| *r == rule),
        "{rule} is not a listed rule"
    );
    assert_eq!(
        report.rules(),
        vec![rule],
        "expected only {rule}; got:\n{}",
        report
            .violations
            .iter()
            .map(|v| v.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    );
    for name in names {
        assert!(
            report.violations.iter().any(|v| v.message.contains(name)),
            "no {rule} message names {name}: {:?}",
            report.violations
        );
    }
}

/// The fixture problem with a plan broken by `edit`.
fn broken(edit: impl FnOnce(&mut Spec)) -> CheckReport {
    let p = parts().problem();
    let mut s = spec();
    edit(&mut s);
    run(&p, &s.plan(&p))
}

/// A problem changed by `edit`, with the valid plan.
fn changed(edit: impl FnOnce(&mut Parts)) -> CheckReport {
    let mut parts = parts();
    edit(&mut parts);
    let p = parts.problem();
    run(&p, &spec().plan(&p))
}

/// The valid plan with its fields edited after timing.
fn edited(edit: impl FnOnce(&mut Plan)) -> CheckReport {
    let p = parts().problem();
    let travel = Crow::new(&p);
    let mut plan = spec().plan(&p);
    edit(&mut plan);
    plan.kpis = check::kpis(&p, &travel, &plan);
    run(&p, &plan)
}

fn route_mut<'a>(plan: &'a mut Plan, manager: &str, day: u32) -> &'a mut Route {
    plan.routes
        .iter_mut()
        .find(|r| r.manager == manager && r.day == day)
        .expect("fixture route")
}

#[test]
fn valid_plan_passes() {
    let p = parts().problem();
    let plan = spec().plan(&p);
    let report = run(&p, &plan);
    assert!(report.is_valid(), "{:#?}", report.violations);
    assert_eq!(report.kpis, plan.kpis);
    assert_eq!(report.kpis.visits, 17);
    assert_eq!(report.kpis.routes, 16);
    assert_eq!(report.kpis.clients, 5);
    assert_eq!(report.kpis.managers, 3);
    assert_eq!(report.kpis.unserved_visits, 0);
    // 4 × 20 + 8 × 15 + 4 × 30 (team) + 1 × 30 minutes of service.
    assert!((report.kpis.service_hours - (80.0 + 120.0 + 120.0 + 30.0) / 60.0).abs() < 1e-9);
    assert!(report.kpis.travel_km > 0.0 && report.kpis.workload_max_over_mean >= 1.0);

    // The same plan read back from JSON passes too.
    let text = serde_json::to_string(&plan).expect("serialise");
    let back: Plan = serde_json::from_str(&text).expect("parse");
    assert!(run(&p, &back).is_valid());
}

#[test]
fn rule_names_are_unique() {
    let mut names: Vec<&str> = RULES.iter().map(|(n, _)| *n).collect();
    names.sort_unstable();
    let n = names.len();
    names.dedup();
    assert_eq!(names.len(), n);
}

#[test]
fn unknown_ids() {
    let report = broken(|s| {
        s.assignments.push(("ghost", "general", "m1"));
        s.routes.push(("nobody", 4, vec![]));
    });
    assert_only(&report, "unknown_id", &["ghost", "nobody"]);
    assert_eq!(report.violations.len(), 2);
}

#[test]
fn role_not_required() {
    let report = broken(|s| s.assignments.push(("c2", "supervisor", "s1")));
    assert_only(&report, "role_not_required", &["c2", "supervisor"]);
}

#[test]
fn day_out_of_range() {
    let report = broken(|s| s.routes.push(("m2", 10, vec![])));
    assert_only(&report, "day_out_of_range", &["m2", "day 10"]);
}

#[test]
fn non_working_day() {
    // s1 works Mon-Thu; day 4 is a Friday.
    let report = broken(|s| s.move_visits("c4", "s1", "s1", &[(2, 4)]));
    assert_only(&report, "manager_day_off", &["s1", "day 4 (Fri)"]);
}

#[test]
fn client_day_not_allowed() {
    // c5 may be visited Mon, Wed, Fri only; days 1 and 6 are Tuesdays.
    let report = broken(|s| s.move_visits("c5", "m2", "m2", &[(2, 1), (7, 6)]));
    assert_only(&report, "client_day", &["c5", "day 1 (Tue)", "day 6 (Tue)"]);
}

#[test]
fn missing_assignment() {
    let report = broken(|s| s.assignments.retain(|a| a.0 != "c2"));
    assert_only(&report, "assignment_missing", &["c2", "general"]);
}

#[test]
fn duplicate_assignment() {
    let report = broken(|s| s.assignments.push(("c2", "general", "m2")));
    assert_only(&report, "assignment_duplicate", &["c2", "m1", "m2"]);
}

#[test]
fn wrong_manager_role() {
    let report = broken(|s| {
        s.assignments.retain(|a| a.0 != "c5");
        s.assignments.push(("c5", "general", "s1"));
        s.move_visits("c5", "m2", "s1", &[]);
    });
    assert_only(&report, "manager_role", &["c5", "s1", "supervisor"]);
}

#[test]
fn allow_list() {
    let report = changed(|p| p.client("c2").district = Some("East".into()));
    assert_only(&report, "allow_list", &["c2", "m1", "East"]);
}

#[test]
fn competency() {
    let report = changed(|p| p.client("c2").business_type = Some("A".into()));
    assert_only(&report, "competency", &["c2", "m1"]);
}

#[test]
fn locked_manager_kept() {
    let report = broken(|s| {
        s.assignments.retain(|a| !(a.0 == "c4" && a.1 == "general"));
        s.assignments.push(("c4", "general", "m2"));
        s.move_visits("c4", "m1", "m2", &[]);
    });
    assert_only(&report, "locked", &["c4", "m1", "m2"]);
}

#[test]
fn max_clients() {
    let report = changed(|p| p.manager("m1").max_clients = Some(2));
    assert_only(&report, "max_clients", &["m1", "3", "2"]);
}

#[test]
fn visit_by_another_manager() {
    let report = broken(|s| s.move_visits("c2", "m1", "m2", &[]));
    assert_only(&report, "visit_manager", &["c2", "m2", "m1"]);
    assert_eq!(report.violations.len(), 2);
}

#[test]
fn visit_count() {
    let report = broken(|s| {
        s.routes
            .push(("m1", 4, vec![("c2", "general", at(9, 0), None)]))
    });
    assert_only(&report, "visit_count", &["c2", "3", "2"]);
}

#[test]
fn fixed_spacing() {
    // Mon+Tue every week repeats the weekdays but gives gaps 1,4,1,4 outside [2, 3].
    let report = broken(|s| s.move_visits("c1", "m2", "m2", &[(3, 1), (8, 6)]));
    assert_only(&report, "spacing", &["c1", "0,1,5,6", "[2, 3]"]);
}

#[test]
fn fixed_weekday_repetition() {
    // Mon+Thu, then Mon+Wed: gaps 3,2,2,3 are fine, but the weekdays differ between weeks.
    let report = broken(|s| s.move_visits("c1", "m2", "m2", &[(8, 7)]));
    assert_only(&report, "fixed_weekdays", &["c1", "Thu", "Wed"]);
}

#[test]
fn elastic_spacing() {
    let report = broken(|s| s.move_visits("c2", "m1", "m1", &[(7, 3)]));
    assert_only(&report, "spacing", &["c2", "1,3", "[4, 6]"]);
}

#[test]
fn staggering_clash() {
    // s1 visits c4 on the day m1 does.
    let report = broken(|s| s.move_visits("c4", "s1", "s1", &[(2, 3)]));
    assert_only(&report, "staggering", &["c4", "day 3", "m1", "s1"]);
}

#[test]
fn unsynchronised_team_visit() {
    let report = broken(|s| s.stop("s1", 1, "c3").2 += 60);
    assert_only(&report, "team_sync", &["T1", "c3", "s1"]);
}

#[test]
fn team_missing_role() {
    let report = broken(|s| {
        s.remove_visits("c3", "supervisor", "s1", Some(6));
        s.unserved.push(("c3", "supervisor", 1, "test"));
    });
    assert_only(&report, "team_roles", &["T2", "c3", "supervisor"]);
}

#[test]
fn team_visit_at_client_without_team_rule() {
    let report = broken(|s| s.stop("m1", 1, "c2").3 = Some("T9"));
    assert_only(&report, "team_visit", &["T9", "c2"]);
}

#[test]
fn team_visit_split_over_days() {
    // One id over two days: T1 spans days 1 and 6, and T2 is left without its supervisor.
    let report = broken(|s| s.stop("s1", 6, "c3").3 = Some("T1"));
    let rules = report.rules();
    assert!(
        rules.contains(&"team_visit") && rules.contains(&"team_roles"),
        "{rules:?}"
    );
}

#[test]
fn leave_before_shift() {
    let report = edited(|plan| {
        let r = route_mut(plan, "m1", 0);
        r.leave_s -= 2 * H;
        r.visits[0].arrival_s -= 2 * H;
    });
    assert_only(&report, "shift", &["m1", "day 0", "08:00"]);
}

#[test]
fn return_after_shift() {
    let report = broken(|s| s.stop("m1", 0, "c3").2 = at(17, 50));
    assert_only(&report, "shift", &["m1", "day 0", "18:00"]);
}

#[test]
fn max_minutes() {
    // Shift 06:00-23:00 allows leaving at 06:30, but not 8.5 hours of work.
    let report = edited(|plan| {
        let r = route_mut(plan, "s1", 2);
        let early = r.leave_s - at(6, 30);
        r.leave_s -= early;
        r.visits[0].arrival_s -= early;
    });
    assert_only(&report, "max_minutes", &["s1", "480"]);
}

#[test]
fn wrong_arrival_time() {
    let report = edited(|plan| route_mut(plan, "m1", 3).visits[0].arrival_s -= 60);
    assert_only(&report, "arrival", &["m1", "c4", "day 3"]);
}

#[test]
fn wrong_return_time() {
    let report = edited(|plan| route_mut(plan, "m1", 3).return_s += 60);
    assert_only(&report, "return_time", &["m1", "day 3"]);
}

#[test]
fn start_before_arrival() {
    let report = edited(|plan| {
        let r = route_mut(plan, "m1", 0);
        r.visits[0].start_s -= 60;
        r.visits[0].end_s -= 60;
        r.return_s -= 60;
    });
    assert_only(&report, "start_time", &["m1", "c3"]);
}

#[test]
fn window_violation() {
    // c4 opens at 14:00.
    let report = broken(|s| s.stop("m1", 3, "c4").2 = at(13, 30));
    assert_only(&report, "window", &["c4", "13:30", "14:00-18:00"]);
}

#[test]
fn wrong_service_duration() {
    let report = edited(|plan| {
        let r = route_mut(plan, "m1", 0);
        r.visits[0].end_s -= 60;
        r.return_s -= 60;
    });
    assert_only(&report, "service_duration", &["c3", "840", "900"]);
}

#[test]
fn distance_mismatch() {
    let report = edited(|plan| route_mut(plan, "m2", 0).distance_m += 1);
    assert_only(&report, "distance", &["m2", "day 0"]);
}

#[test]
fn duplicate_route() {
    let report = broken(|s| s.routes.push(("m1", 0, vec![])));
    assert_only(&report, "route_duplicate", &["m1", "day 0"]);
}

#[test]
fn balance() {
    let report = changed(|p| p.policy.tolerance = 0.0);
    assert_only(&report, "balance", &["m1", "general"]);
    assert_eq!(report.violations.len(), 1);
}

#[test]
fn unserved_mismatch() {
    let report = broken(|s| s.unserved.push(("c2", "general", 1, "test")));
    assert_only(&report, "unserved_mismatch", &["c2", "general"]);
}

#[test]
fn unserved_entry_malformed() {
    let report = broken(|s| s.unserved.push(("c2", "general", 0, " ")));
    assert_only(&report, "unserved_entry", &["c2", "reason"]);
}

#[test]
fn kpi_mismatch() {
    let p = parts().problem();
    let mut plan = spec().plan(&p);
    plan.kpis.travel_km += 1.0;
    plan.kpis.visits += 1;
    let report = run(&p, &plan);
    assert_only(&report, "kpis", &["travel_km", "visits"]);
    // Rounding to two decimals is tolerated.
    let mut plan = spec().plan(&p);
    plan.kpis.travel_km = (plan.kpis.travel_km * 100.0).round() / 100.0;
    assert!(run(&p, &plan).is_valid());
}

#[test]
fn min_one_visit() {
    let report = broken(|s| {
        s.remove_visits("c5", "general", "m2", None);
        s.unserved.push(("c5", "general", 2, "dropped"));
    });
    assert_only(&report, "min_one_visit", &["c5", "general"]);
}

#[test]
fn min_one_visit_for_team_rule() {
    let report = broken(|s| {
        s.remove_visits("c3", "supervisor", "s1", None);
        s.routes.iter_mut().for_each(|(_, _, stops)| {
            stops.retain(|st| st.3.is_none());
        });
        s.routes.retain(|(_, _, stops)| !stops.is_empty());
        s.unserved.push(("c3", "supervisor", 2, "dropped"));
        s.unserved.push(("c3", "general", 2, "dropped"));
    });
    assert_only(&report, "min_one_visit", &["c3", "team rule 1"]);
}

#[test]
fn unservable_client_is_excused() {
    // Nobody works on Saturdays: listing c5's visits unserved is all a plan can do.
    let mut parts = parts();
    parts.client("c5").days = [Weekday::Sat].into_iter().collect();
    let p = parts.problem();
    let mut s = spec();
    s.remove_visits("c5", "general", "m2", None);
    s.unserved
        .push(("c5", "general", 2, "no manager works on its days"));
    let report = run(&p, &s.plan(&p));
    assert!(report.is_valid(), "{:#?}", report.violations);
}

#[test]
fn missing_assignment_is_excused_without_eligible_manager() {
    // c1 needs competency 3; with m2 at 2 no general manager may serve it.
    let mut parts = parts();
    parts.manager("m2").competency = 2.0;
    let p = parts.problem();
    let mut s = spec();
    s.assignments.retain(|a| a.0 != "c1");
    s.remove_visits("c1", "general", "m2", None);
    s.unserved
        .push(("c1", "general", 4, "no manager reaches competency 3"));
    let report = run(&p, &s.plan(&p));
    assert!(report.is_valid(), "{:#?}", report.violations);
    // Without listing the visits unserved the plan is wrong.
    s.unserved.clear();
    let report = run(&p, &s.plan(&p));
    assert_only(&report, "unserved_mismatch", &["c1", "4 visits required"]);
}

#[test]
fn violations_carry_ids() {
    let report = broken(|s| s.move_visits("c4", "s1", "s1", &[(2, 3)]));
    let v = &report.violations[0];
    assert_eq!(v.client.as_deref(), Some("c4"));
    assert_eq!(v.day, Some(3));
}

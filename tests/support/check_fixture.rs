//! The hand-built problem and plan of `tests/check_rules.rs`.
//!
//! A two-week Mon–Fri cycle (D = 10), general managers m1 and m2, supervisor s1, five clients.
//! The plan is written by hand; only its times are computed, leg by leg, with the travel model.

use beatplan::check;
use beatplan::model::{
    Client, CycleKind, Frequency, Manager, Match, Place, Policy, Problem, TeamRule, VisitRule,
    Weekday, WeekdaySet, Window,
};
use beatplan::plan::{Assignment, Plan, Route, Unserved, Visit};
use beatplan::travel::{Crow, Travel};

pub const H: i64 = 3600;
pub const M: i64 = 60;

pub fn client(id: &str, lat: f64, lon: f64, tier: &str, district: &str) -> Client {
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

pub fn manager(id: &str, lat: f64, lon: f64, role: &str, competency: f64) -> Manager {
    let mut m = Manager::new(id, lat, lon);
    m.role = role.to_string();
    m.competency = competency;
    m
}

pub fn visit_rule(
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
pub struct Parts {
    pub clients: Vec<Client>,
    pub managers: Vec<Manager>,
    pub policy: Policy,
}

impl Parts {
    pub fn problem(&self) -> Problem {
        Problem::new(
            self.clients.clone(),
            self.managers.clone(),
            self.policy.clone(),
        )
    }

    pub fn client(&mut self, id: &str) -> &mut Client {
        self.clients
            .iter_mut()
            .find(|c| c.id == id)
            .expect("fixture client")
    }

    pub fn manager(&mut self, id: &str) -> &mut Manager {
        self.managers
            .iter_mut()
            .find(|m| m.id == id)
            .expect("fixture manager")
    }
}

pub fn parts() -> Parts {
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
    policy.team = vec![TeamRule::for_team_clients(
        &["general", "supervisor"],
        Frequency::EveryWeeks(1),
        30 * M,
    )];
    Parts {
        clients: vec![c1, c2, c3, c4, c5],
        managers: vec![m1, m2, s1],
        policy,
    }
}

/// One planned stop: client, role, start of service, team id.
pub type Stop = (&'static str, &'static str, i64, Option<&'static str>);

/// A plan described by hand; [`Spec::plan`] times it.
#[derive(Clone)]
pub struct Spec {
    pub assignments: Vec<(&'static str, &'static str, &'static str)>,
    pub routes: Vec<(&'static str, u32, Vec<Stop>)>,
    pub unserved: Vec<(&'static str, &'static str, u32, &'static str)>,
}

pub fn at(h: i64, m: i64) -> i64 {
    h * H + m * M
}

pub fn spec() -> Spec {
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
    pub fn move_visits(
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

    pub fn remove_visits(&mut self, client: &str, role: &str, manager: &str, day: Option<u32>) {
        for (m, d, stops) in &mut self.routes {
            if *m == manager && day.is_none_or(|x| x == *d) {
                stops.retain(|s| !(s.0 == client && s.1 == role));
            }
        }
        self.routes.retain(|(_, _, stops)| !stops.is_empty());
    }

    pub fn stop(&mut self, manager: &str, day: u32, client: &str) -> &mut Stop {
        self.routes
            .iter_mut()
            .find(|(m, d, _)| *m == manager && *d == day)
            .and_then(|(_, _, stops)| stops.iter_mut().find(|s| s.0 == client))
            .expect("fixture stop")
    }

    /// The plan, timed with the travel model and with its KPIs filled by the checker.
    pub fn plan(&self, p: &Problem) -> Plan {
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
pub fn service(p: &Problem, client: &str, role: &str, team: bool) -> i64 {
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
pub fn route(p: &Problem, travel: &dyn Travel, manager: &str, day: u32, stops: &[Stop]) -> Route {
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

//! The validated, immutable problem: clients, managers, policy and the calendar.
//!
//! Everything here is built once by [`crate::io::load_problem`] (or by hand in tests through
//! [`Problem::new`]) and never changed afterwards. Times are whole seconds since midnight.

mod calendar;
mod policy;

pub use calendar::{Calendar, Weekday, WeekdaySet};
pub use policy::{CycleKind, Frequency, Match, Mode, Policy, TeamRule, TravelConfig, VisitRule};

use std::collections::HashMap;

/// Whole seconds (durations, or times since midnight).
pub type Seconds = i64;
/// Whole metres.
pub type Meters = i64;

/// One day in seconds; `24:00` is this value.
pub const DAY_S: Seconds = 86_400;

/// An opening window or shift, `[open, close]` in seconds since midnight.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Window {
    pub open: Seconds,
    pub close: Seconds,
}

impl Window {
    pub const ALL_DAY: Window = Window {
        open: 0,
        close: DAY_S,
    };

    pub fn new(open: Seconds, close: Seconds) -> Self {
        Window { open, close }
    }

    pub fn len(&self) -> Seconds {
        self.close - self.open
    }

    pub fn is_empty(&self) -> bool {
        self.close <= self.open
    }

    /// Whether a service of `service` seconds starting at `start` lies wholly inside.
    pub fn holds(&self, start: Seconds, service: Seconds) -> bool {
        start >= self.open && start + service <= self.close
    }
}

/// A retail outlet to visit.
#[derive(Clone, Debug, PartialEq)]
pub struct Client {
    pub id: String,
    pub name: Option<String>,
    pub lat: f64,
    pub lon: f64,
    pub district: Option<String>,
    pub business_type: Option<String>,
    /// The tier from the file, or derived from `value_score` through `[tiers]`.
    pub value_tier: Option<String>,
    pub value_score: Option<f64>,
    /// Opening windows, sorted and disjoint; never empty (`[ALL_DAY]` when not given).
    pub open: Vec<Window>,
    /// Weekdays it may be visited (all seven when not given).
    pub days: WeekdaySet,
    /// Overrides the rule's visit duration.
    pub service_s: Option<Seconds>,
    pub team: bool,
    /// Current manager id, as given.
    pub manager: Option<String>,
    pub locked: bool,
}

impl Client {
    /// A client open all day on every day, with nothing else given (as an empty CSV row would
    /// read); set the other fields as needed.
    pub fn new(id: impl Into<String>, lat: f64, lon: f64) -> Client {
        Client {
            id: id.into(),
            name: None,
            lat,
            lon,
            district: None,
            business_type: None,
            value_tier: None,
            value_score: None,
            open: vec![Window::ALL_DAY],
            days: WeekdaySet::ALL,
            service_s: None,
            team: false,
            manager: None,
            locked: false,
        }
    }
}

/// A field account manager working from a base.
#[derive(Clone, Debug, PartialEq)]
pub struct Manager {
    pub id: String,
    pub name: Option<String>,
    pub lat: f64,
    pub lon: f64,
    pub role: String,
    pub competency: f64,
    pub shift: Window,
    /// Longest working day, leave base to return, in seconds.
    pub max_work_s: Seconds,
    pub workdays: WeekdaySet,
    pub max_clients: Option<usize>,
    pub districts: Option<Vec<String>>,
    pub business_types: Option<Vec<String>>,
    pub value_tiers: Option<Vec<String>>,
}

impl Manager {
    /// A general manager with the `managers.csv` defaults (competency 1, shift 08:00-18:00,
    /// 8-hour day, Monday to Friday, no limits); set the other fields as needed.
    pub fn new(id: impl Into<String>, lat: f64, lon: f64) -> Manager {
        Manager {
            id: id.into(),
            name: None,
            lat,
            lon,
            role: "general".to_string(),
            competency: 1.0,
            shift: Window::new(8 * 3600, 18 * 3600),
            max_work_s: 8 * 3600,
            workdays: WeekdaySet::MON_FRI,
            max_clients: None,
            districts: None,
            business_types: None,
            value_tiers: None,
        }
    }
}

/// A place travel is measured between: a client or a manager's base.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Place {
    Client(usize),
    Base(usize),
}

/// One client's need for visits by one role, from one `[[visits]]` rule.
#[derive(Clone, Debug, PartialEq)]
pub struct Requirement {
    pub client: usize,
    /// Index into `policy.visits`.
    pub rule: usize,
    pub role: String,
    /// Visits in the cycle.
    pub visits: u32,
    pub service_s: Seconds,
    pub cycle: CycleKind,
}

/// One client's need for team visits, from one `[[team]]` rule.
#[derive(Clone, Debug, PartialEq)]
pub struct TeamRequirement {
    pub client: usize,
    /// Index into `policy.team`.
    pub rule: usize,
    pub roles: Vec<String>,
    pub visits: u32,
    pub service_s: Seconds,
}

/// The whole validated problem.
#[derive(Clone, Debug)]
pub struct Problem {
    pub clients: Vec<Client>,
    pub managers: Vec<Manager>,
    pub policy: Policy,
    pub calendar: Calendar,
    pub requirements: Vec<Requirement>,
    pub team_requirements: Vec<TeamRequirement>,
    client_index: HashMap<String, usize>,
    manager_index: HashMap<String, usize>,
    /// Per client, indices into `requirements` and `team_requirements` (no scans per client).
    by_client: Vec<Vec<usize>>,
    team_by_client: Vec<Vec<usize>>,
}

impl Problem {
    /// Assembles a problem from already validated parts: derives tiers, the calendar and the
    /// visit requirements. Input validation lives in `io`; this only derives.
    pub fn new(mut clients: Vec<Client>, managers: Vec<Manager>, policy: Policy) -> Problem {
        for c in &mut clients {
            if c.value_tier.is_none() {
                c.value_tier = c.value_score.and_then(|s| policy.tier_of(s));
            }
        }
        let calendar = Calendar::from_managers(policy.weeks, &managers);
        let client_index = clients
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.clone(), i))
            .collect();
        let manager_index = managers
            .iter()
            .enumerate()
            .map(|(i, m)| (m.id.clone(), i))
            .collect();
        let mut requirements = Vec::new();
        let mut team_requirements = Vec::new();
        for (ci, c) in clients.iter().enumerate() {
            for (ri, rule) in policy.visits.iter().enumerate() {
                if rule.matcher.fits(c) {
                    requirements.push(Requirement {
                        client: ci,
                        rule: ri,
                        role: rule.role.clone(),
                        visits: rule.frequency.visits_in(policy.weeks),
                        service_s: c.service_s.unwrap_or(rule.service_s),
                        cycle: rule.cycle,
                    });
                }
            }
            for (ri, rule) in policy.team.iter().enumerate() {
                if rule.matcher.fits(c) {
                    team_requirements.push(TeamRequirement {
                        client: ci,
                        rule: ri,
                        roles: rule.roles.clone(),
                        visits: rule.frequency.visits_in(policy.weeks),
                        service_s: rule.service_s,
                    });
                }
            }
        }
        let mut by_client = vec![Vec::new(); clients.len()];
        for (i, r) in requirements.iter().enumerate() {
            by_client[r.client].push(i);
        }
        let mut team_by_client = vec![Vec::new(); clients.len()];
        for (i, t) in team_requirements.iter().enumerate() {
            team_by_client[t.client].push(i);
        }
        Problem {
            clients,
            managers,
            policy,
            calendar,
            requirements,
            team_requirements,
            client_index,
            manager_index,
            by_client,
            team_by_client,
        }
    }

    pub fn client_by_id(&self, id: &str) -> Option<usize> {
        self.client_index.get(id).copied()
    }

    pub fn manager_by_id(&self, id: &str) -> Option<usize> {
        self.manager_index.get(id).copied()
    }

    /// The visit requirements of one client.
    pub fn requirements_of(&self, client: usize) -> impl Iterator<Item = &Requirement> + '_ {
        self.by_client[client]
            .iter()
            .map(|&i| &self.requirements[i])
    }

    /// The team requirements of one client.
    pub fn team_requirements_of(
        &self,
        client: usize,
    ) -> impl Iterator<Item = &TeamRequirement> + '_ {
        self.team_by_client[client]
            .iter()
            .map(|&i| &self.team_requirements[i])
    }

    /// Roles any rule asks of this client (visits and team rules), sorted and unique.
    pub fn roles_of(&self, client: usize) -> Vec<String> {
        let mut roles: Vec<String> = self
            .requirements_of(client)
            .map(|r| r.role.clone())
            .chain(
                self.team_requirements_of(client)
                    .flat_map(|t| t.roles.iter().cloned()),
            )
            .collect();
        roles.sort();
        roles.dedup();
        roles
    }

    /// All roles any rule names, sorted and unique.
    pub fn roles(&self) -> Vec<String> {
        let mut roles: Vec<String> = self
            .policy
            .visits
            .iter()
            .map(|r| r.role.clone())
            .chain(
                self.policy
                    .team
                    .iter()
                    .flat_map(|t| t.roles.iter().cloned()),
            )
            .collect();
        roles.sort();
        roles.dedup();
        roles
    }

    /// Managers of a role, in input order.
    pub fn managers_of_role<'a>(&'a self, role: &'a str) -> impl Iterator<Item = usize> + 'a {
        self.managers
            .iter()
            .enumerate()
            .filter(move |(_, m)| m.role == role)
            .map(|(i, _)| i)
    }

    /// Coordinates of a place as (lat, lon).
    pub fn coords(&self, place: Place) -> (f64, f64) {
        match place {
            Place::Client(i) => (self.clients[i].lat, self.clients[i].lon),
            Place::Base(i) => (self.managers[i].lat, self.managers[i].lon),
        }
    }

    /// Whether a manager may serve a client for its role: allow-lists and competency minimum.
    /// Locked clients are handled by the assignment, not here.
    pub fn may_serve(&self, manager: usize, client: usize) -> bool {
        let need = self.policy.competency_needed(&self.clients[client]);
        self.may_serve_needing(manager, client, need)
    }

    /// [`Problem::may_serve`] with the client's competency minimum already known
    /// ([`Policy::competency_needed`], two label look-ups): the assignment asks it of every
    /// manager of a role for every client.
    pub fn may_serve_needing(&self, manager: usize, client: usize, need: f64) -> bool {
        let m = &self.managers[manager];
        let c = &self.clients[client];
        let allowed = |list: &Option<Vec<String>>, value: &Option<String>| match list {
            None => true,
            Some(l) => value.as_ref().is_some_and(|v| l.iter().any(|x| x == v)),
        };
        allowed(&m.districts, &c.district)
            && allowed(&m.business_types, &c.business_type)
            && allowed(&m.value_tiers, &c.value_tier)
            && m.competency + 1e-9 >= need
    }

    /// Whether a manager's calendar can hold a visit of this client: a weekday both work and an
    /// opening window in which the visit can start at least `slack` seconds' worth of ways,
    /// counting the trip from and back to the base, `trip` one way with the default travel
    /// model (haversine × detour at the policy's speed, [`crate::travel::Crow`]; the caller
    /// has it at hand for every pair). A heuristic used to prefer managers who can actually
    /// make the visit (night venues need evening shifts, far clients need time to get there).
    pub fn fits_hours(&self, manager: usize, client: usize, slack: Seconds, trip: Seconds) -> bool {
        let m = &self.managers[manager];
        let c = &self.clients[client];
        let service = self
            .requirements_of(client)
            .filter(|r| r.role == m.role)
            .map(|r| r.service_s)
            .chain(
                self.team_requirements_of(client)
                    .filter(|t| t.roles.contains(&m.role))
                    .map(|t| t.service_s),
            )
            .max()
            .unwrap_or(0);
        let days_meet = self
            .calendar
            .weekdays
            .iter()
            .any(|&d| m.workdays.contains(d) && c.days.contains(d));
        let fits_day = 2 * trip + service <= m.max_work_s;
        days_meet
            && fits_day
            && c.open.iter().any(|w| {
                let earliest = w.open.max(m.shift.open + trip);
                let latest = (w.close - service).min(m.shift.close - trip - service);
                latest - earliest >= slack
            })
    }
}

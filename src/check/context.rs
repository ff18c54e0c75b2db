//! The plan resolved against the problem once: ids to indices, visits grouped per client and
//! role, team visits grouped by their id. Every rule family reads this instead of re-resolving.

use crate::model::{Place, Problem, Seconds, Window};
use crate::plan::{Plan, Route, Visit};
use crate::travel::Travel;
use std::collections::{BTreeMap, BTreeSet};

/// One visit of the plan with its resolved ids.
#[derive(Clone, Copy)]
pub(super) struct Stop<'a> {
    /// Index into `plan.routes`.
    pub route: usize,
    /// Index into the route's visits.
    pub index: usize,
    pub r: &'a Route,
    pub v: &'a Visit,
    pub client: Option<usize>,
    pub manager: Option<usize>,
}

/// The visits sharing one team id.
pub(super) struct TeamGroup {
    /// (route, visit) indices.
    pub members: Vec<(usize, usize)>,
    /// The team requirement (index into `problem.team_requirements`) whose roles the members
    /// match exactly, when all members are at one client on one day.
    pub requirement: Option<usize>,
}

pub(super) struct Context<'a> {
    pub problem: &'a Problem,
    pub travel: &'a dyn Travel,
    pub plan: &'a Plan,
    /// `D`, the number of working days in the cycle.
    pub days: u32,
    /// Per route: its manager's index.
    pub route_manager: Vec<Option<usize>>,
    /// Per route, per visit: the client's index.
    pub visit_client: Vec<Vec<Option<usize>>>,
    /// Per client: roles any rule asks of it, sorted.
    pub roles_of: Vec<Vec<String>>,
    /// Per client: its `[[visits]]` requirements (indices into `problem.requirements`).
    pub visit_reqs: Vec<Vec<usize>>,
    /// Per client: its team requirements (indices into `problem.team_requirements`).
    pub team_reqs: Vec<Vec<usize>>,
    /// (client, role) → the managers the plan assigns (None: unknown manager id).
    pub assigned: BTreeMap<(usize, String), Vec<Option<usize>>>,
    /// Per manager: the distinct clients assigned to it over all roles.
    pub clients_of: Vec<BTreeSet<usize>>,
    /// (client, role) → the sum of `visits_missing` listed unserved.
    pub missing: BTreeMap<(usize, String), u32>,
    /// (client, role) → days of its single visits (team null), in plan order.
    pub singles: BTreeMap<(usize, String), Vec<u32>>,
    /// (client, role) → all routed visits, single and team.
    pub routed: BTreeMap<(usize, String), u32>,
    /// Team id → its visits.
    pub teams: BTreeMap<String, TeamGroup>,
    /// Team requirements with at least one well-formed team visit.
    pub team_done: BTreeSet<usize>,
}

impl<'a> Context<'a> {
    pub fn new(problem: &'a Problem, travel: &'a dyn Travel, plan: &'a Plan) -> Context<'a> {
        let n = problem.clients.len();
        let mut visit_reqs = vec![Vec::new(); n];
        for (i, r) in problem.requirements.iter().enumerate() {
            visit_reqs[r.client].push(i);
        }
        let mut team_reqs = vec![Vec::new(); n];
        for (i, t) in problem.team_requirements.iter().enumerate() {
            team_reqs[t.client].push(i);
        }
        let roles_of = (0..n)
            .map(|c| {
                let set: BTreeSet<&String> = visit_reqs[c]
                    .iter()
                    .map(|&i| &problem.requirements[i].role)
                    .chain(
                        team_reqs[c]
                            .iter()
                            .flat_map(|&i| problem.team_requirements[i].roles.iter()),
                    )
                    .collect();
                set.into_iter().cloned().collect()
            })
            .collect();

        let mut assigned: BTreeMap<(usize, String), Vec<Option<usize>>> = BTreeMap::new();
        let mut clients_of = vec![BTreeSet::new(); problem.managers.len()];
        for a in &plan.assignments {
            let Some(c) = problem.client_by_id(&a.client) else {
                continue;
            };
            let m = problem.manager_by_id(&a.manager);
            if let Some(m) = m {
                clients_of[m].insert(c);
            }
            assigned.entry((c, a.role.clone())).or_default().push(m);
        }

        let mut missing: BTreeMap<(usize, String), u32> = BTreeMap::new();
        for u in &plan.unserved {
            if let Some(c) = problem.client_by_id(&u.client) {
                let n = missing.entry((c, u.role.clone())).or_default();
                *n = n.saturating_add(u.visits_missing);
            }
        }

        let route_manager: Vec<Option<usize>> = plan
            .routes
            .iter()
            .map(|r| problem.manager_by_id(&r.manager))
            .collect();
        let visit_client: Vec<Vec<Option<usize>>> = plan
            .routes
            .iter()
            .map(|r| {
                r.visits
                    .iter()
                    .map(|v| problem.client_by_id(&v.client))
                    .collect()
            })
            .collect();

        let mut ctx = Context {
            problem,
            travel,
            plan,
            days: problem.calendar.days(),
            route_manager,
            visit_client,
            roles_of,
            visit_reqs,
            team_reqs,
            assigned,
            clients_of,
            missing,
            singles: BTreeMap::new(),
            routed: BTreeMap::new(),
            teams: BTreeMap::new(),
            team_done: BTreeSet::new(),
        };
        ctx.group_visits();
        ctx
    }

    fn group_visits(&mut self) {
        let mut singles: BTreeMap<(usize, String), Vec<u32>> = BTreeMap::new();
        let mut routed: BTreeMap<(usize, String), u32> = BTreeMap::new();
        let mut teams: BTreeMap<String, TeamGroup> = BTreeMap::new();
        for s in self.stops() {
            if let Some(team) = &s.v.team {
                teams
                    .entry(team.clone())
                    .or_insert_with(|| TeamGroup {
                        members: Vec::new(),
                        requirement: None,
                    })
                    .members
                    .push((s.route, s.index));
            }
            let Some(c) = s.client else { continue };
            let key = (c, s.v.role.clone());
            *routed.entry(key.clone()).or_default() += 1;
            if s.v.team.is_none() {
                singles.entry(key).or_default().push(s.r.day);
            }
        }
        for group in teams.values_mut() {
            group.requirement = self.match_team(&group.members);
        }
        self.team_done = teams.values().filter_map(|g| g.requirement).collect();
        self.singles = singles;
        self.routed = routed;
        self.teams = teams;
    }

    /// The team requirement a group fulfils: one client, one day, exactly the rule's roles.
    fn match_team(&self, members: &[(usize, usize)]) -> Option<usize> {
        let &(r0, i0) = members.first()?;
        let client = self.visit_client[r0][i0]?;
        let day = self.plan.routes[r0].day;
        let one_place = members.iter().all(|&(r, i)| {
            self.visit_client[r][i] == Some(client) && self.plan.routes[r].day == day
        });
        if !one_place {
            return None;
        }
        let mut roles: Vec<&str> = members
            .iter()
            .map(|&(r, i)| self.plan.routes[r].visits[i].role.as_str())
            .collect();
        roles.sort_unstable();
        self.team_reqs[client].iter().copied().find(|&t| {
            let mut want: Vec<&str> = self.problem.team_requirements[t]
                .roles
                .iter()
                .map(String::as_str)
                .collect();
            want.sort_unstable();
            want == roles
        })
    }

    /// Every visit of the plan, in route order.
    pub fn stops(&self) -> impl Iterator<Item = Stop<'a>> + '_ {
        self.plan
            .routes
            .iter()
            .enumerate()
            .flat_map(move |(ri, r)| {
                r.visits.iter().enumerate().map(move |(vi, v)| Stop {
                    route: ri,
                    index: vi,
                    r,
                    v,
                    client: self.visit_client[ri][vi],
                    manager: self.route_manager[ri],
                })
            })
    }

    /// "day 3 (Thu)".
    pub fn day_label(&self, day: u32) -> String {
        if day < self.days {
            format!("day {day} ({})", self.problem.calendar.weekday(day).name())
        } else {
            format!("day {day}")
        }
    }

    /// Visits in the cycle that all `[[visits]]` and team rules ask of a client for a role.
    pub fn required(&self, client: usize, role: &str) -> u32 {
        self.single_required(client, role)
            + self.team_reqs[client]
                .iter()
                .map(|&t| &self.problem.team_requirements[t])
                .filter(|t| t.roles.iter().any(|r| r == role))
                .map(|t| t.visits)
                .sum::<u32>()
    }

    /// Single visits that the `[[visits]]` rules ask of a client for a role.
    pub fn single_required(&self, client: usize, role: &str) -> u32 {
        self.visit_reqs[client]
            .iter()
            .map(|&i| &self.problem.requirements[i])
            .filter(|r| r.role == role)
            .map(|r| r.visits)
            .sum()
    }

    /// Expected service seconds of a visit, when a rule defines it.
    pub fn service_s(&self, s: &Stop) -> Option<Seconds> {
        let c = s.client?;
        match &s.v.team {
            // Several rules of one role (a routine and a deep visit) may ask for different
            // times: a visit made with the length of one of them is that rule's visit.
            None => {
                let made = s.v.end_s.saturating_sub(s.v.start_s);
                let mut times = self.visit_reqs[c]
                    .iter()
                    .map(|&i| &self.problem.requirements[i])
                    .filter(|r| r.role == s.v.role)
                    .map(|r| r.service_s);
                let first = times.next()?;
                Some(if times.any(|t| t == made) {
                    made
                } else {
                    first
                })
            }
            Some(team) => {
                let t =
                    self.teams
                        .get(team)
                        .and_then(|g| g.requirement)
                        .or_else(|| {
                            self.team_reqs[c].iter().copied().find(|&t| {
                                self.problem.team_requirements[t].roles.contains(&s.v.role)
                            })
                        })?;
                Some(self.problem.team_requirements[t].service_s)
            }
        }
    }

    /// The locked manager a client keeps for a role, if any.
    pub fn locked_manager(&self, client: usize, role: &str) -> Option<usize> {
        let c = &self.problem.clients[client];
        if !c.locked {
            return None;
        }
        let m = self.problem.manager_by_id(c.manager.as_deref()?)?;
        (self.problem.managers[m].role == role).then_some(m)
    }

    /// Managers that may serve a client for a role: the locked one if any, else every manager
    /// of the role passing allow-lists and the competency minimum.
    pub fn eligible(&self, client: usize, role: &str) -> Vec<usize> {
        if let Some(m) = self.locked_manager(client, role) {
            return vec![m];
        }
        self.problem
            .managers_of_role(role)
            .filter(|&m| self.problem.may_serve(m, client))
            .collect()
    }

    /// Whether a (client, role) may go without an assignment: no eligible manager has room
    /// under `max_clients` (a manager already holding the client for another role has room).
    pub fn assignment_excused(&self, client: usize, role: &str) -> bool {
        !self.eligible(client, role).into_iter().any(|m| {
            let held = &self.clients_of[m];
            held.contains(&client)
                || self.problem.managers[m]
                    .max_clients
                    .is_none_or(|cap| held.len() < cap)
        })
    }

    /// Start times at which manager `m` alone could serve `client` for `service` seconds inside
    /// `window`, leaving from and returning to its base within its shift and `max_minutes`.
    pub fn lone_start_range(
        &self,
        m: usize,
        client: usize,
        service: Seconds,
        window: Window,
    ) -> Option<(Seconds, Seconds)> {
        let man = &self.problem.managers[m];
        let out = self.travel.seconds(Place::Base(m), Place::Client(client));
        let back = self.travel.seconds(Place::Client(client), Place::Base(m));
        if out + service + back > man.max_work_s {
            return None;
        }
        let lo = window.open.max(man.shift.open + out);
        let hi = (window.close - service).min(man.shift.close - back - service);
        (lo <= hi).then_some((lo, hi))
    }
}

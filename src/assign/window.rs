//! How much of a specialist's working day its clients' opening hours can fill.
//!
//! A manager works at most `max_work_s` within the shift. A specialist whose clients all open
//! at the same hours (restaurants 11:00-15:00 and 18:00-23:00, night venues from 17:00) can
//! visit them only while they are open: a segment needs specialists for its workload ÷ the open
//! share of the best-placed span. Region territories mix opening hours, so this applies only
//! to segments.
//!
//! The seats are an estimate; the assignment itself is held by [`window_caps`]: for every
//! manager and every opening profile that fills only part of its day, the work of all its
//! candidate clients open no longer than that profile (restaurants and bars together in the
//! evening, say) stays within the hours that profile leaves in its working days, less the trip
//! home when the profile runs to the end of the shift.

use super::workload::RoleInstance;
use crate::model::{Place, Problem, Window, DAY_S};
use std::collections::BTreeSet;

/// Time resolution of the opening-hours profile (seconds).
const SLOT_S: i64 = 900;

/// Best share (0, 1] of one working span that `clients` (global indices, with workload
/// weights) are open for, over all placements of the span inside the manager's shift.
/// A client with no windows is open all day. 1 when nothing is known.
pub fn open_share(problem: &Problem, clients: &[usize], weight: &[f64], manager: usize) -> f64 {
    let m = &problem.managers[manager];
    let (start, end) = (m.shift.open, m.shift.close);
    let span = m.max_work_s.min(end - start);
    let total: f64 = weight.iter().sum();
    if span < SLOT_S || total <= 0.0 {
        return 1.0;
    }
    let slots = ((end - start) / SLOT_S) as usize;
    // cov[t]: work-weighted share of the clients open during slot t.
    let mut cov = vec![0.0f64; slots];
    for (&c, &w) in clients.iter().zip(weight) {
        let open = &problem.clients[c].open;
        let all_day = [Window::ALL_DAY];
        let windows: &[Window] = if open.is_empty() { &all_day } else { open };
        for (t, v) in cov.iter_mut().enumerate() {
            let (a, b) = (start + t as i64 * SLOT_S, start + (t as i64 + 1) * SLOT_S);
            if windows.iter().any(|win| win.open < b && win.close > a) {
                *v += w / total;
            }
        }
    }
    let width = (span / SLOT_S) as usize;
    let best = (0..=slots - width)
        .map(|s| cov[s..s + width].iter().sum::<f64>())
        .fold(0.0, f64::max);
    (best / width as f64).clamp(0.05, 1.0)
}

/// Share of its open-hours time that a manager's part-day work may fill (the routes need the
/// rest for waiting and the trips between windows).
const WINDOW_USE: f64 = 0.75;
/// Opening profiles kept per manager (the tightest), so that the LP stays small on big regions.
const PROFILES_PER_MANAGER: usize = 12;

/// A manager's limit on the work of the clients it can visit only during part of its day.
#[derive(Clone, Debug, PartialEq)]
pub struct WindowCap {
    /// Local manager index.
    pub manager: u32,
    /// Most seconds per cycle of the capped clients' work.
    pub cap_s: f64,
    /// The manager's shift and the opening profile within it (slot masks): the cap holds the
    /// clients open within the shift only when the profile is.
    shift: u128,
    profile: u128,
}

/// The window caps of one role, with each client's opening slots.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WindowCaps {
    pub caps: Vec<WindowCap>,
    /// Open slots per local client; `None` when open all day.
    open: Vec<Option<u128>>,
}

impl WindowCaps {
    /// Whether client `j`'s work under `cap.manager` counts against `cap`.
    pub fn holds(&self, cap: &WindowCap, j: usize) -> bool {
        self.open[j].is_some_and(|mask| mask & cap.shift & !cap.profile == 0)
    }
}

/// Bit `t` set when slot `[t·SLOT_S, (t+1)·SLOT_S)` meets a window (`inside`: lies in one).
fn mask_of(windows: &[Window], inside: bool) -> u128 {
    let slots = (DAY_S / SLOT_S) as usize;
    let mut mask = 0u128;
    for t in 0..slots.min(128) {
        let (a, b) = (t as i64 * SLOT_S, (t as i64 + 1) * SLOT_S);
        let hit = windows.iter().any(|w| {
            if inside {
                w.open <= a && w.close >= b
            } else {
                w.open < b && w.close > a
            }
        });
        if hit {
            mask |= 1 << t;
        }
    }
    mask
}

/// A manager's working day: the slots of its shift and the slots one day may span.
struct Day {
    shift: u128,
    first: u32,
    last: u32,
    width: u32,
}

impl Day {
    fn of(problem: &Problem, manager: usize) -> Option<Day> {
        let m = &problem.managers[manager];
        let shift = mask_of(&[m.shift], true);
        if shift == 0 {
            return None;
        }
        let width = (m.max_work_s.min(m.shift.close - m.shift.open) / SLOT_S) as u32;
        Some(Day {
            shift,
            first: shift.trailing_zeros(),
            last: 127 - shift.leading_zeros(),
            width: width.max(1),
        })
    }

    /// Most open slots of `mask` one working day can cover, over its placements in the shift.
    fn cover(&self, mask: u128) -> u32 {
        let span = |t: u32| -> u128 {
            let ones = if self.width >= 128 {
                u128::MAX
            } else {
                (1u128 << self.width) - 1
            };
            ones << t
        };
        let last_start = (self.last + 1).saturating_sub(self.width).max(self.first);
        (self.first..=last_start)
            .map(|t| (mask & self.shift & span(t)).count_ones())
            .max()
            .unwrap_or(0)
    }
}

/// The window caps of every manager of the role (see the module text), from the opening
/// profiles of its candidate clients. Clients without windows are open all day and never capped.
pub fn window_caps(problem: &Problem, inst: &RoleInstance) -> WindowCaps {
    let open: Vec<Option<u128>> = inst
        .clients
        .iter()
        .map(|&c| {
            let windows = &problem.clients[c].open;
            (!windows.is_empty()).then(|| mask_of(windows, false))
        })
        .collect();
    let mut caps = Vec::new();
    for k in 0..inst.n_managers() as u32 {
        let manager = inst.managers[k as usize];
        let Some(day) = Day::of(problem, manager) else {
            continue;
        };
        let mg = &problem.managers[manager];
        let days = problem
            .calendar
            .weekdays
            .iter()
            .filter(|d| mg.workdays.contains(**d))
            .count() as f64
            * problem.calendar.weeks as f64;
        // Each candidate client's open slots within the shift.
        let within: Vec<(usize, u128)> = (0..inst.n_clients())
            .filter(|&j| inst.locked[j].is_none() && inst.cand[j].iter().any(|c| c.0 == k))
            .filter_map(|j| open[j].map(|mask| (j, mask & day.shift)))
            .collect();
        // Profiles that fill only part of a day.
        let profiles: BTreeSet<u128> = within
            .iter()
            .map(|x| x.1)
            .filter(|&mask| day.cover(mask) < day.width)
            .collect();
        let mut mine: Vec<(f64, WindowCap)> = Vec::new();
        for &profile in &profiles {
            let held: Vec<usize> = within
                .iter()
                .filter(|&&(_, mask)| mask & !profile == 0)
                .map(|x| x.0)
                .collect();
            // The trip home ends inside the shift: a profile open to the end of it loses that.
            let home = if profile >> day.last & 1 == 1 {
                let trips: f64 = held
                    .iter()
                    .map(|&j| {
                        inst.travel
                            .seconds(Place::Client(inst.clients[j]), Place::Base(manager))
                            as f64
                    })
                    .sum();
                trips / held.len().max(1) as f64
            } else {
                0.0
            };
            let per_day = (day.cover(profile) as f64 * SLOT_S as f64 - home).max(0.0);
            let cap_s = days * per_day * WINDOW_USE;
            let demand: f64 = held.iter().map(|&j| inst.work(j, k)).sum();
            let cap = WindowCap {
                manager: k,
                cap_s,
                shift: day.shift,
                profile,
            };
            mine.push((demand / cap_s.max(1.0), cap));
        }
        // The tightest profiles (most candidate work per capped hour) when there are many.
        mine.sort_by(|a, b| b.0.total_cmp(&a.0));
        caps.extend(mine.into_iter().take(PROFILES_PER_MANAGER).map(|x| x.1));
    }
    WindowCaps { caps, open }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::assign::geometry::Projection;
    use crate::model::{Client, CycleKind, Frequency, Manager, Policy, VisitRule};
    use crate::travel::{Crow, Travel};

    const H: i64 = 3600;

    /// `bars` bars (18:00-24:00), `restaurants` restaurants (11-15, 18-23) and `cafes` cafés
    /// (07:00-19:00) in a strip, one visit a week of 30 min over two weeks; `evening`
    /// evening-shift managers (08:00-23:00), then a day-shift one.
    pub fn venues(bars: usize, restaurants: usize, cafes: usize, evening: usize) -> Problem {
        let mut clients = Vec::new();
        let kinds = [
            (bars, vec![Window::new(18 * H, 24 * H)]),
            (
                restaurants,
                vec![Window::new(11 * H, 15 * H), Window::new(18 * H, 23 * H)],
            ),
            (cafes, vec![Window::new(7 * H, 19 * H)]),
        ];
        for (count, open) in kinds {
            for _ in 0..count {
                let i = clients.len();
                let mut c = Client::new(format!("c{i}"), 48.0 + 0.0002 * i as f64, 11.0);
                c.open = open.clone();
                clients.push(c);
            }
        }
        let mut managers: Vec<Manager> = (0..evening)
            .map(|k| {
                let mut m = Manager::new(format!("m{k}"), 48.0 + 0.002 * k as f64, 11.005);
                m.shift = Window::new(8 * H, 23 * H);
                m
            })
            .collect();
        managers.push(Manager::new("day", 48.0, 10.995));
        let policy = Policy {
            weeks: 2,
            visits: vec![VisitRule::for_all_clients(
                "general",
                Frequency::PerWeek(1),
                30 * 60,
                CycleKind::Elastic,
            )],
            ..Policy::default()
        };
        Problem::new(clients, managers, policy)
    }

    /// The role instance of `venues` with its window caps.
    pub fn instance<'a>(p: &Problem, travel: &'a Crow) -> RoleInstance<'a> {
        let proj = Projection::around(
            p.clients
                .iter()
                .map(|c| (c.lat, c.lon))
                .chain(p.managers.iter().map(|m| (m.lat, m.lon))),
        );
        let mut unassigned = Vec::new();
        let mut inst = RoleInstance::build(p, travel, &proj, "general", &mut unassigned);
        assert!(unassigned.is_empty());
        inst.window_caps = window_caps(p, &inst);
        inst
    }

    #[test]
    fn evening_profiles_hold_the_venues_open_no_longer() {
        let p = venues(3, 3, 3, 1);
        let travel = Crow::new(&p);
        let inst = instance(&p, &travel);
        let caps = &inst.window_caps;
        let held = |cap: &WindowCap| -> Vec<usize> {
            (0..inst.n_clients())
                .filter(|&j| inst.cand[j].iter().any(|c| c.0 == cap.manager))
                .filter(|&j| caps.holds(cap, j))
                .collect()
        };
        // Evening manager: bars alone (18-23 in its shift) and restaurants with the bars.
        let evening: Vec<&WindowCap> = caps.caps.iter().filter(|c| c.manager == 0).collect();
        assert_eq!(evening.len(), 2, "{evening:?}");
        let mut sets: Vec<Vec<usize>> = evening.iter().map(|c| held(c)).collect();
        sets.sort();
        assert_eq!(sets, vec![vec![0, 1, 2], vec![0, 1, 2, 3, 4, 5]]);
        // Each day holds at most 5 open hours of them, less the trip home at 23:00.
        let home = travel.seconds(Place::Client(0), Place::Base(0)) as f64;
        for cap in &evening {
            let expect = 10.0 * WINDOW_USE * (5.0 * H as f64);
            assert!(cap.cap_s < expect && cap.cap_s >= expect - 10.0 * WINDOW_USE * 2.0 * home);
        }
        // Day manager: the bars are not its candidates; restaurants open 4 h of its day.
        let day: Vec<&WindowCap> = caps.caps.iter().filter(|c| c.manager == 1).collect();
        assert_eq!(day.len(), 1, "{day:?}");
        assert_eq!(held(day[0]), vec![3, 4, 5]);
        assert!((day[0].cap_s - 10.0 * WINDOW_USE * 4.0 * H as f64).abs() < 1e-6);
    }

    #[test]
    fn a_day_covers_the_best_placed_span() {
        let mut m = Manager::new("m1", 48.0, 11.0);
        m.shift = Window::new(8 * H, 23 * H);
        let p = Problem::new(Vec::new(), vec![m], Policy::default());
        let day = Day::of(&p, 0).expect("a shift");
        assert_eq!(day.width, 32);
        let slots = |w: &[Window]| day.cover(mask_of(w, false));
        let lunch_dinner = [Window::new(11 * H, 15 * H), Window::new(18 * H, 23 * H)];
        assert_eq!(slots(&lunch_dinner), 20);
        assert_eq!(slots(&[Window::new(18 * H, 24 * H)]), 20);
        assert_eq!(slots(&[Window::new(7 * H, 19 * H)]), 32);
        // A window of a few minutes still marks its slot.
        assert_eq!(slots(&[Window::new(12 * H, 12 * H + 300)]), 1);
    }

    fn problem(open: Vec<Window>, shift: Window) -> Problem {
        let mut c = Client::new("c1".to_string(), 48.0, 11.0);
        c.open = open;
        let mut m = Manager::new("m1", 48.0, 11.0);
        m.shift = shift;
        Problem::new(vec![c], vec![m], Policy::default())
    }

    #[test]
    fn split_hours_fill_part_of_the_day() {
        let h = 3600;
        let lunch_dinner = vec![Window::new(11 * h, 15 * h), Window::new(18 * h, 23 * h)];
        // Evening shift: the best 8 h span (15:00-23:00) holds the 5 dinner hours.
        let p = problem(lunch_dinner.clone(), Window::new(8 * h, 23 * h));
        assert!((open_share(&p, &[0], &[1.0], 0) - 5.0 / 8.0).abs() < 1e-9);
        // Day shift: 10:00-18:00 holds lunch only.
        let p = problem(lunch_dinner, Window::new(8 * h, 18 * h));
        assert!((open_share(&p, &[0], &[1.0], 0) - 0.5).abs() < 1e-9);
        // Open all day: the whole span is useful.
        let p = problem(Vec::new(), Window::new(8 * h, 18 * h));
        assert_eq!(open_share(&p, &[0], &[1.0], 0), 1.0);
    }
}

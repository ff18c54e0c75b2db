//! Synthetic regions for tests and benchmarks: `beatplan generate --clients N --managers M
//! --seed S --out DIR`.
//!
//! A region is one or more dense towns (one per 5,000 outlets, sizes falling off like Zipf's
//! law) holding 65 % of the outlets as Gaussian clusters, plus villages of 20 outlets on
//! average (exponentially skewed: hamlets of one to three outlets up to villages of 60 and
//! more) scattered over the country around them. Districts are the towns and, around each
//! town, four rural districts by compass quarter holding the villages nearest to it. Business
//! types, value tiers, opening hours and team flags follow the mix a
//! consumer-goods field force meets (supermarkets and hotels are key or core accounts, bars and
//! nightclubs are night venues open 18:00–24:00).
//!
//! Manager bases are spread in proportion to outlet density: the outlets are sorted along a
//! Hilbert curve and cut into equal runs, and each base sits near the middle of its run. Every
//! other manager along the curve works an evening-capable shift `08:00-23:00` (480 minutes a
//! day still), so each neighbourhood has someone who can reach its night venues.
//!
//! The policy's visit frequencies and minutes are chosen so that the estimated workload
//! ([`estimate::estimate_workload`]) is close to `target_load` of the managers' capacity. All
//! of it is linear in the number of outlets (plus one sort) and deterministic for a seed.

pub mod estimate;
mod region;
mod write;

pub use estimate::{estimate_workload, Capacity, VisitLoad, WorkloadEstimate};
pub use write::write_generated;

use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
pub(crate) use region::hilbert_index;
use region::{normal_pair, KM_PER_DEGREE};
use std::path::PathBuf;

/// What to generate.
#[derive(Clone, Debug, PartialEq)]
pub struct GenerateParams {
    pub clients: usize,
    /// All managers; with 8 or more, one in twelve is a `supervisor` for team visits.
    pub managers: usize,
    pub seed: u64,
    /// Cycle length; 1, 2 or 4 weeks.
    pub weeks: u32,
    /// Centre of the region (lat, lon).
    pub centre: (f64, f64),
    /// Wanted (service + travel) / capacity of the general managers.
    pub target_load: f64,
}

impl GenerateParams {
    /// Defaults: a 2-week cycle, a region centred at 50° N 10° E, 75 % load.
    pub fn new(clients: usize, managers: usize, seed: u64) -> GenerateParams {
        GenerateParams {
            clients,
            managers,
            seed,
            weeks: 2,
            centre: (50.0, 10.0),
            target_load: 0.75,
        }
    }
}

/// A `clients.csv` row.
#[derive(Clone, Debug, PartialEq)]
pub struct ClientRow {
    pub id: String,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub district: String,
    pub business_type: String,
    pub value_tier: String,
    pub value_score: f64,
    /// `open` column, e.g. `11:00-15:00;18:00-23:00`.
    pub open: String,
    /// `days` column; empty = every day.
    pub days: String,
    pub team: bool,
}

/// A `managers.csv` row.
#[derive(Clone, Debug, PartialEq)]
pub struct ManagerRow {
    pub id: String,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub role: String,
    pub competency: u32,
    pub shift: String,
    pub max_minutes: u32,
    pub workdays: String,
}

/// A generated region: rows for the two CSV files, the policy text and the load estimate.
#[derive(Clone, Debug, PartialEq)]
pub struct Generated {
    pub clients: Vec<ClientRow>,
    pub managers: Vec<ManagerRow>,
    pub policy_toml: String,
    /// Estimated load of the `general` role under the written policy.
    pub estimate: WorkloadEstimate,
}

/// Why a region cannot be generated or written.
#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    #[error("generate: {0}")]
    Params(String),
    #[error("{}: cannot write: {source}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// A visit frequency as the policy writes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Freq {
    PerWeek(u32),
    EveryWeeks(u32),
}

impl Freq {
    fn visits(self, weeks: u32) -> u32 {
        match self {
            Freq::PerWeek(n) => n * weeks,
            Freq::EveryWeeks(e) => weeks / e,
        }
    }
}

/// One `[[visits]]` rule of the generated policy, per value tier.
#[derive(Clone, Debug, PartialEq)]
pub struct TierRule {
    pub tier: &'static str,
    pub freq: Freq,
    pub minutes: u32,
    pub fixed: bool,
}

pub(crate) const TIERS: [&str; 4] = ["core", "key", "regular", "night"];
/// Base visit minutes per tier, scaled to reach the target load.
const BASE_MINUTES: [f64; 4] = [30.0, 20.0, 15.0, 20.0];
/// How far down the frequency ladder each tier starts: core is visited most.
const TIER_OFFSET: [i32; 4] = [0, 1, 2, 2];
const TEAM_MINUTES: u32 = 40;
const MAX_MINUTES: u32 = 480;

/// Business formats with (town weight, village weight, opening hours).
const TYPES: [(&str, f64, f64, &str); 8] = [
    ("supermarket", 0.08, 0.10, "08:00-21:00"),
    ("convenience", 0.18, 0.30, "07:00-22:00"),
    ("kiosk", 0.12, 0.15, "07:00-20:00"),
    ("restaurant", 0.20, 0.20, "11:00-15:00;18:00-23:00"),
    ("cafe", 0.14, 0.10, "07:00-19:00"),
    ("bar", 0.14, 0.12, "18:00-24:00"),
    ("nightclub", 0.04, 0.0, "18:00-24:00"),
    ("hotel", 0.10, 0.03, "00:00-24:00"),
];

fn pick_type(rng: &mut SmallRng, town: bool) -> usize {
    let weight = |t: &(&str, f64, f64, &str)| if town { t.1 } else { t.2 };
    let total: f64 = TYPES.iter().map(weight).sum();
    let mut r = rng.random::<f64>() * total;
    for (i, t) in TYPES.iter().enumerate() {
        r -= weight(t);
        if r < 0.0 {
            return i;
        }
    }
    TYPES.len() - 1
}

/// The tier of a business type: some supermarkets and hotels are core, the rest key; a few
/// other outlets are key; bars and nightclubs are night venues.
fn pick_tier(rng: &mut SmallRng, business_type: &str) -> usize {
    let r: f64 = rng.random();
    match business_type {
        "supermarket" => usize::from(r >= 0.35),
        "hotel" => usize::from(r >= 0.15),
        "bar" | "nightclub" => 3,
        _ if r < 0.08 => 1,
        _ => 2,
    }
}

fn score_for(rng: &mut SmallRng, tier: usize) -> f64 {
    let (lo, hi) = match tier {
        0 => (80.0, 100.0),
        1 => (50.0, 80.0),
        _ => (0.0, 50.0),
    };
    (rng.random_range(lo..hi) * 10.0_f64).round() / 10.0
}

/// The frequency ladder of a cycle: most to least intense, each dividing the cycle.
fn ladder(weeks: u32) -> Vec<Freq> {
    let mut l = vec![Freq::PerWeek(2), Freq::PerWeek(1)];
    for e in [2, 4] {
        if weeks.is_multiple_of(e) {
            l.push(Freq::EveryWeeks(e));
        }
    }
    l
}

fn checked(params: &GenerateParams) -> Result<(), GenerateError> {
    let bad = |m: &str| Err(GenerateError::Params(m.to_string()));
    if params.clients == 0 {
        return bad("--clients must be at least 1");
    }
    if params.managers == 0 {
        return bad("--managers must be at least 1");
    }
    if ![1, 2, 4].contains(&params.weeks) {
        return bad("weeks must be 1, 2 or 4");
    }
    let (lat, lon) = params.centre;
    if !(-70.0..=70.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
        return bad("the centre must lie within 70° of the equator");
    }
    if !(params.target_load > 0.0 && params.target_load <= 1.5) {
        return bad("target_load must be in (0, 1.5]");
    }
    Ok(())
}

/// Generates a region; the same parameters always give the same region.
pub fn generate(params: &GenerateParams) -> Result<Generated, GenerateError> {
    checked(params)?;
    let mut rng = SmallRng::seed_from_u64(params.seed);
    let (lat0, lon0) = params.centre;
    let kx = KM_PER_DEGREE * lat0.to_radians().cos();
    let (places, radius) = region::layout(&mut rng, params.clients);

    let supervisors = if params.managers >= 8 {
        (params.managers / 12).max(1)
    } else {
        0
    };
    let generals = params.managers - supervisors;
    let width = params.clients.to_string().len().max(4);
    let mut clients: Vec<ClientRow> = Vec::with_capacity(params.clients);
    let mut tiers: Vec<usize> = Vec::with_capacity(params.clients);
    let mut per_town_type: std::collections::HashMap<(usize, usize), u32> = Default::default();
    for place in &places {
        for _ in 0..place.clients {
            let (gx, gy) = normal_pair(&mut rng);
            let (x, y) = (place.x + gx * place.sigma, place.y + gy * place.sigma);
            let t = pick_type(&mut rng, place.is_town);
            let (business_type, _, _, open) = TYPES[t];
            let tier = pick_tier(&mut rng, business_type);
            let n = per_town_type.entry((place.town, t)).or_default();
            *n += 1;
            // Some restaurants rest on Mondays; some kiosks close on Sundays.
            let days = match business_type {
                "restaurant" if rng.random::<f64>() < 0.2 => "Tue;Wed;Thu;Fri;Sat;Sun",
                "kiosk" if rng.random::<f64>() < 0.1 => "Mon;Tue;Wed;Thu;Fri;Sat",
                _ => "",
            };
            clients.push(ClientRow {
                id: format!("c{:0width$}", clients.len() + 1),
                name: format!("{} {} {}", title(business_type), place.name, n),
                lat: round7(lat0 + y / KM_PER_DEGREE),
                lon: round7(lon0 + x / kx),
                district: place.district.clone(),
                business_type: business_type.to_string(),
                value_tier: TIERS[tier].to_string(),
                value_score: score_for(&mut rng, tier),
                open: open.to_string(),
                days: days.to_string(),
                team: false,
            });
            tiers.push(tier);
        }
    }
    // Team visits: a few core accounts, about 20 per supervisor.
    if supervisors > 0 {
        let core = tiers.iter().filter(|&&t| t == 0).count().max(1);
        let wanted = (supervisors * 20).min(params.clients / 50).max(1);
        let p = wanted as f64 / core as f64;
        for (c, &t) in clients.iter_mut().zip(&tiers) {
            if t == 0 && rng.random::<f64>() < p {
                c.team = true;
            }
        }
    }

    let managers = place_managers(&mut rng, &clients, generals, supervisors, kx);
    let (rules, estimate) = choose_rules(params, &clients, &tiers, generals);
    let team_clients = clients.iter().filter(|c| c.team).count();
    let summary = format!(
        "{} clients in {} town(s) and {} villages (radius {:.0} km); {} managers: {} general, {} \
         supervisor(s); {} team clients",
        params.clients,
        places.iter().filter(|p| p.is_town).count(),
        places.iter().filter(|p| !p.is_town).count(),
        radius,
        params.managers,
        generals,
        supervisors,
        team_clients,
    );
    let policy_toml = write::policy_text(params, &rules, supervisors > 0, &estimate, &summary);
    Ok(Generated {
        clients,
        managers,
        policy_toml,
        estimate,
    })
}

fn title(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
        .unwrap_or_default()
}

fn round7(v: f64) -> f64 {
    (v * 1e7).round() / 1e7
}

/// Bases near the middle of equal runs of outlets along a Hilbert curve.
fn place_managers(
    rng: &mut SmallRng,
    clients: &[ClientRow],
    generals: usize,
    supervisors: usize,
    kx: f64,
) -> Vec<ManagerRow> {
    let (mut min_x, mut max_x, mut min_y, mut max_y) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    let xy: Vec<(f64, f64)> = clients
        .iter()
        .map(|c| (c.lon * kx, c.lat * KM_PER_DEGREE))
        .collect();
    for &(x, y) in &xy {
        (min_x, max_x, min_y, max_y) = (min_x.min(x), max_x.max(x), min_y.min(y), max_y.max(y));
    }
    let span = (max_x - min_x).max(max_y - min_y).max(1e-9);
    let mut order: Vec<(u64, usize)> = xy
        .iter()
        .enumerate()
        .map(|(i, &(x, y))| (hilbert_index((x - min_x) / span, (y - min_y) / span), i))
        .collect();
    order.sort_unstable();

    let mut out = Vec::with_capacity(generals + supervisors);
    let n = order.len();
    let bases = |count: usize, rng: &mut SmallRng, out: &mut Vec<ManagerRow>, role: &str| {
        for k in 0..count {
            // More managers than outlets: the extra ones share the last outlet's run.
            let start = (k * n / count).min(n - 1);
            let end = ((k + 1) * n / count).clamp(start + 1, n);
            let run = &order[start..end];
            let (cx, cy) = run.iter().fold((0.0, 0.0), |(sx, sy), &(_, i)| {
                (
                    sx + xy[i].0 / run.len() as f64,
                    sy + xy[i].1 / run.len() as f64,
                )
            });
            // The outlet nearest the run's centre: a base inside the settlement, not between.
            let d = |i: usize| (xy[i].0 - cx).powi(2) + (xy[i].1 - cy).powi(2);
            let near = run
                .iter()
                .map(|&(_, i)| i)
                .min_by(|&a, &b| d(a).total_cmp(&d(b)))
                .unwrap_or(0);
            // A home a few hundred metres from that outlet.
            let (dx, dy) = region::in_disc(rng, 0.3);
            let general = role == "general";
            let r: f64 = rng.random();
            let competency = if !general || r < 0.25 {
                3
            } else if r < 0.7 {
                2
            } else {
                1
            };
            let shift = if general && k % 2 == 0 {
                "08:00-23:00"
            } else {
                "08:00-18:00"
            };
            out.push(ManagerRow {
                id: if general {
                    format!("m{:03}", k + 1)
                } else {
                    format!("s{:02}", k + 1)
                },
                name: format!(
                    "{} {}",
                    if general { "Manager" } else { "Supervisor" },
                    k + 1
                ),
                lat: round7(clients[near].lat + dy / KM_PER_DEGREE),
                lon: round7(clients[near].lon + dx / kx),
                role: role.to_string(),
                competency,
                shift: shift.to_string(),
                max_minutes: MAX_MINUTES,
                workdays: "Mon;Tue;Wed;Thu;Fri".to_string(),
            });
        }
    };
    bases(generals, rng, &mut out, "general");
    bases(supervisors, rng, &mut out, "supervisor");
    out
}

/// Picks the frequency step and visit minutes whose estimated load is nearest the target.
fn choose_rules(
    params: &GenerateParams,
    clients: &[ClientRow],
    tiers: &[usize],
    generals: usize,
) -> (Vec<TierRule>, WorkloadEstimate) {
    let ladder = ladder(params.weeks);
    let last = ladder.len() as i32 - 1;
    let cap = Capacity {
        managers: generals,
        days: params.weeks * 5,
        max_minutes: MAX_MINUTES,
        speed_kmh: 30.0,
        detour: 1.3,
    };
    let rules_at = |shift: i32, scale: f64| -> Vec<TierRule> {
        (0..4)
            .map(|t| TierRule {
                tier: TIERS[t],
                freq: ladder[(TIER_OFFSET[t] + shift).clamp(0, last) as usize],
                minutes: (BASE_MINUTES[t] * scale).round().max(5.0) as u32,
                fixed: t < 2,
            })
            .collect()
    };
    let load = |rules: &[TierRule]| -> WorkloadEstimate {
        let loads: Vec<VisitLoad> = clients
            .iter()
            .zip(tiers)
            .flat_map(|(c, &t)| {
                let rule = &rules[t];
                let single = VisitLoad {
                    lat: c.lat,
                    lon: c.lon,
                    visits: rule.freq.visits(params.weeks),
                    service_s: i64::from(rule.minutes) * 60,
                };
                let team = c.team.then_some(VisitLoad {
                    visits: 1,
                    service_s: i64::from(TEAM_MINUTES) * 60,
                    ..single
                });
                std::iter::once(single).chain(team)
            })
            .collect();
        estimate_workload(&loads, &cap)
    };
    // The step whose load at base minutes is nearest the target without exceeding 100 %.
    let mut best: Option<(f64, i32)> = None;
    for shift in -2..=last {
        let e = load(&rules_at(shift, 1.0));
        let miss = (e.ratio - params.target_load).abs() + if e.ratio > 1.0 { 10.0 } else { 0.0 };
        if best.is_none_or(|(m, _)| miss < m) {
            best = Some((miss, shift));
        }
    }
    let shift = best.map_or(last, |(_, s)| s);
    // Scale the minutes so that service + travel meets the target (travel does not scale).
    let base = load(&rules_at(shift, 1.0));
    let scale = if base.service_s > 0.0 {
        ((params.target_load * base.capacity_s - base.travel_s) / base.service_s).clamp(0.5, 2.0)
    } else {
        1.0
    };
    let rules = rules_at(shift, scale);
    let estimate = load(&rules);
    (rules, estimate)
}

#[cfg(test)]
mod tests;

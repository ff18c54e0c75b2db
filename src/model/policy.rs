//! The planning policy (`policy.toml`), validated.

use super::{Client, Seconds};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// How clients of a role are grouped into territories.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Mode {
    Region,
    BusinessType,
    ValueTier,
    Hybrid,
}

impl Mode {
    pub fn name(self) -> &'static str {
        match self {
            Mode::Region => "region",
            Mode::BusinessType => "business_type",
            Mode::ValueTier => "value_tier",
            Mode::Hybrid => "hybrid",
        }
    }

    pub fn parse(text: &str) -> Option<Mode> {
        match text {
            "region" => Some(Mode::Region),
            "business_type" => Some(Mode::BusinessType),
            "value_tier" => Some(Mode::ValueTier),
            "hybrid" => Some(Mode::Hybrid),
            _ => None,
        }
    }
}

/// Whether visit days repeat exactly (`fixed`) or may move within spacing bounds (`elastic`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CycleKind {
    Fixed,
    Elastic,
}

/// A rule's frequency.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Frequency {
    PerWeek(u32),
    EveryWeeks(u32),
}

impl Frequency {
    /// Visits `k` in a cycle of `weeks` weeks.
    pub fn visits_in(self, weeks: u32) -> u32 {
        match self {
            Frequency::PerWeek(n) => n * weeks,
            Frequency::EveryWeeks(e) => weeks / e.max(1),
        }
    }
}

/// Which clients a rule applies to; `None` fields match anything.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Match {
    pub business_type: Option<String>,
    pub value_tier: Option<String>,
    pub district: Option<String>,
    pub team: Option<bool>,
}

impl Match {
    pub fn fits(&self, c: &Client) -> bool {
        let eq = |want: &Option<String>, have: &Option<String>| match want {
            None => true,
            Some(w) => have.as_deref() == Some(w.as_str()),
        };
        eq(&self.business_type, &c.business_type)
            && eq(&self.value_tier, &c.value_tier)
            && eq(&self.district, &c.district)
            && self.team.is_none_or(|t| t == c.team)
    }
}

/// A `[[visits]]` rule.
#[derive(Clone, Debug, PartialEq)]
pub struct VisitRule {
    pub matcher: Match,
    pub role: String,
    pub frequency: Frequency,
    pub service_s: Seconds,
    pub cycle: CycleKind,
}

/// A `[[team]]` rule: several roles visit together.
#[derive(Clone, Debug, PartialEq)]
pub struct TeamRule {
    pub matcher: Match,
    pub roles: Vec<String>,
    pub frequency: Frequency,
    pub service_s: Seconds,
}

impl VisitRule {
    /// A rule for every client: `role` visits at `frequency`, `service_s` long.
    pub fn for_all_clients(
        role: &str,
        frequency: Frequency,
        service_s: Seconds,
        cycle: CycleKind,
    ) -> VisitRule {
        VisitRule {
            matcher: Match::default(),
            role: role.to_string(),
            frequency,
            service_s,
            cycle,
        }
    }
}

impl TeamRule {
    /// A team rule for the clients marked `team = true`: `roles` together, `service_s` long.
    pub fn for_team_clients(roles: &[&str], frequency: Frequency, service_s: Seconds) -> TeamRule {
        TeamRule {
            matcher: Match {
                team: Some(true),
                ..Match::default()
            },
            roles: roles.iter().map(|r| r.to_string()).collect(),
            frequency,
            service_s,
        }
    }
}

/// `[travel]`.
#[derive(Clone, Debug, PartialEq)]
pub struct TravelConfig {
    pub speed_kmh: f64,
    pub detour: f64,
    /// Resolved against the policy file's folder.
    pub matrix: Option<PathBuf>,
    pub roads: Option<PathBuf>,
}

impl Default for TravelConfig {
    fn default() -> Self {
        TravelConfig {
            speed_kmh: 30.0,
            detour: 1.3,
            matrix: None,
            roads: None,
        }
    }
}

/// The whole validated policy.
#[derive(Clone, Debug, PartialEq)]
pub struct Policy {
    pub mode: Mode,
    pub weeks: u32,
    pub seed: u64,
    pub time_limit_s: f64,
    pub travel: TravelConfig,
    pub tolerance: f64,
    /// Tier name and lower bound, sorted by bound descending.
    pub tiers: Vec<(String, f64)>,
    /// `[hybrid]`: the default mode and the mode per district.
    pub hybrid_default: Mode,
    pub hybrid: BTreeMap<String, Mode>,
    /// `[competency]`: minimum manager competency per business type or value tier label.
    pub competency: BTreeMap<String, f64>,
    pub visits: Vec<VisitRule>,
    pub team: Vec<TeamRule>,
    /// `[schedule] joint_days`: re-choose visit days from real route costs after routing
    /// (extension; `false` keeps the days fixed first).
    pub joint_days: bool,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            mode: Mode::Region,
            weeks: 1,
            seed: 1,
            time_limit_s: 60.0,
            travel: TravelConfig::default(),
            tolerance: 0.10,
            tiers: Vec::new(),
            hybrid_default: Mode::Region,
            hybrid: BTreeMap::new(),
            competency: BTreeMap::new(),
            visits: Vec::new(),
            team: Vec::new(),
            joint_days: true,
        }
    }
}

impl Policy {
    /// The tier a score falls in: the highest tier whose lower bound it reaches.
    pub fn tier_of(&self, score: f64) -> Option<String> {
        self.tiers
            .iter()
            .find(|(_, bound)| score >= *bound)
            .map(|(name, _)| name.clone())
    }

    /// The least competency a manager needs for this client (0 when no minimum applies).
    pub fn competency_needed(&self, c: &Client) -> f64 {
        [&c.business_type, &c.value_tier]
            .into_iter()
            .flatten()
            .filter_map(|label| self.competency.get(label))
            .fold(0.0, |a, b| a.max(*b))
    }

    /// The grouping mode for a client's district (resolves `hybrid`).
    pub fn mode_for(&self, district: Option<&str>) -> Mode {
        match self.mode {
            Mode::Hybrid => district
                .and_then(|d| self.hybrid.get(d).copied())
                .unwrap_or(self.hybrid_default),
            m => m,
        }
    }
}

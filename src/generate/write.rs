//! Writing a generated region: `clients.csv`, `managers.csv` and `policy.toml` in one folder.

use super::{Freq, GenerateError, GenerateParams, Generated, TierRule, WorkloadEstimate};
use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;

const CLIENT_HEADER: [&str; 11] = [
    "id",
    "name",
    "lat",
    "lon",
    "district",
    "business_type",
    "value_tier",
    "value_score",
    "open",
    "days",
    "team",
];
const MANAGER_HEADER: [&str; 9] = [
    "id",
    "name",
    "lat",
    "lon",
    "role",
    "competency",
    "shift",
    "max_minutes",
    "workdays",
];

/// The policy for the generated rules, with the load estimate as a comment.
pub(super) fn policy_text(
    params: &GenerateParams,
    rules: &[TierRule],
    team: bool,
    e: &WorkloadEstimate,
    summary: &str,
) -> String {
    let mut t = String::new();
    let _ = writeln!(
        t,
        "# Synthetic region from `beatplan generate` (seed {}):",
        params.seed
    );
    let _ = writeln!(t, "# {summary}.");
    let _ = writeln!(
        t,
        "# Estimated general workload per cycle: {} visits, service {:.0} h + travel {:.0} h = \
         {:.0} % of capacity ({:.0} h: general managers x {} days x {} min; travel by haversine \
         x 1.3 at 30 km/h, Hilbert-curve day tours; waiting not counted).",
        e.visits,
        e.service_s / 3600.0,
        e.travel_s / 3600.0,
        e.ratio * 100.0,
        e.capacity_s / 3600.0,
        params.weeks * 5,
        super::MAX_MINUTES
    );
    let _ = writeln!(
        t,
        "mode = \"region\"\nweeks = {}\nseed = {}\ntime_limit_s = 60\n",
        params.weeks, params.seed
    );
    t.push_str("[travel]\nspeed_kmh = 30\ndetour = 1.3\n\n[balance]\ntolerance = 0.10\n\n");
    t.push_str("[tiers]\ncore = 80\nkey = 50\nregular = 0\n\n[competency]\ncore = 2\n");
    for r in rules {
        let freq = match r.freq {
            Freq::PerWeek(n) => format!("per_week = {n}"),
            Freq::EveryWeeks(e) => format!("every_weeks = {e}"),
        };
        let _ = write!(
            t,
            "\n[[visits]]\nmatch = {{ value_tier = \"{}\" }}\nrole = \"general\"\n{freq}\n\
             minutes = {}\ncycle = \"{}\"\n",
            r.tier,
            r.minutes,
            if r.fixed { "fixed" } else { "elastic" }
        );
    }
    if team {
        let _ = write!(
            t,
            "\n[[team]]\nmatch = {{ team = true }}\nroles = [\"general\", \"supervisor\"]\n\
             every_weeks = {}\nminutes = {}\n",
            params.weeks,
            super::TEAM_MINUTES
        );
    }
    t
}

fn io_err(path: &Path) -> impl Fn(std::io::Error) -> GenerateError + '_ {
    move |source| GenerateError::Write {
        path: path.to_path_buf(),
        source,
    }
}

fn csv_err(path: &Path) -> impl Fn(csv::Error) -> GenerateError + '_ {
    move |e| GenerateError::Write {
        path: path.to_path_buf(),
        source: std::io::Error::other(e),
    }
}

fn csv_file(path: &Path) -> Result<csv::Writer<std::io::BufWriter<std::fs::File>>, GenerateError> {
    let file = std::fs::File::create(path).map_err(io_err(path))?;
    Ok(csv::Writer::from_writer(std::io::BufWriter::new(file)))
}

/// Writes `clients.csv`, `managers.csv` and `policy.toml` into `dir`, creating it if needed.
pub fn write_generated(g: &Generated, dir: &Path) -> Result<(), GenerateError> {
    std::fs::create_dir_all(dir).map_err(io_err(dir))?;

    let path = dir.join("clients.csv");
    let mut w = csv_file(&path)?;
    let err = csv_err(&path);
    w.write_record(CLIENT_HEADER).map_err(&err)?;
    for c in &g.clients {
        w.write_record([
            c.id.as_str(),
            &c.name,
            &format!("{:.7}", c.lat),
            &format!("{:.7}", c.lon),
            &c.district,
            &c.business_type,
            &c.value_tier,
            &format!("{:.1}", c.value_score),
            &c.open,
            &c.days,
            if c.team { "true" } else { "false" },
        ])
        .map_err(&err)?;
    }
    w.flush().map_err(io_err(&path))?;

    let path = dir.join("managers.csv");
    let mut w = csv_file(&path)?;
    let err = csv_err(&path);
    w.write_record(MANAGER_HEADER).map_err(&err)?;
    for m in &g.managers {
        w.write_record([
            m.id.as_str(),
            &m.name,
            &format!("{:.7}", m.lat),
            &format!("{:.7}", m.lon),
            &m.role,
            &m.competency.to_string(),
            &m.shift,
            &m.max_minutes.to_string(),
            &m.workdays,
        ])
        .map_err(&err)?;
    }
    w.flush().map_err(io_err(&path))?;

    let path = dir.join("policy.toml");
    let mut f = std::fs::File::create(&path).map_err(io_err(&path))?;
    f.write_all(g.policy_toml.as_bytes())
        .map_err(io_err(&path))?;
    Ok(())
}

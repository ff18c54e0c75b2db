//! Rebuilds `fixtures/malta/clients.csv` from `fixtures/osm/malta.osm.pbf` and prints the
//! estimated workload of the Malta fixture under its `policy.toml` and `managers.csv`.
//!
//! `cargo run --example malta_fixture`
//!
//! The clients are OpenStreetMap data: © OpenStreetMap contributors, ODbL (see
//! `fixtures/malta/ATTRIBUTION.md`).

use beatplan::generate::{estimate_workload, Capacity, VisitLoad};
use beatplan::io::osm::{read_osm_clients, write_clients_csv};
use std::collections::BTreeMap;
use std::error::Error;
use std::path::Path;

fn main() -> Result<(), Box<dyn Error>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let clients = read_osm_clients(&root.join("osm/malta.osm.pbf"))?;
    write_clients_csv(&clients, &root.join("malta/clients.csv"))?;
    println!("clients: {}", clients.len());
    let mut types: BTreeMap<&str, usize> = BTreeMap::new();
    let mut tiers: BTreeMap<&str, usize> = BTreeMap::new();
    let mut districts: BTreeMap<&str, usize> = BTreeMap::new();
    for c in &clients {
        *types.entry(&c.business_type).or_default() += 1;
        *tiers.entry(&c.value_tier).or_default() += 1;
        *districts.entry(&c.district).or_default() += 1;
    }
    println!("business types: {types:?}");
    println!("value tiers: {tiers:?}");
    println!(
        "districts: {} (empty: {}), with osm opening_hours: {}",
        districts.len(),
        districts.get("").copied().unwrap_or(0),
        clients.iter().filter(|c| !c.days.is_empty()).count()
    );

    // The policy's visit rules by value tier (the fixture matches on value_tier only).
    let policy: toml::Table =
        toml::from_str(&std::fs::read_to_string(root.join("malta/policy.toml"))?)?;
    let weeks = policy["weeks"].as_integer().ok_or("policy: weeks")? as u32;
    let mut rules: BTreeMap<String, (u32, i64)> = BTreeMap::new();
    for rule in policy["visits"].as_array().ok_or("policy: visits")? {
        let tier = rule["match"]["value_tier"]
            .as_str()
            .ok_or("rule without value_tier")?;
        let visits = match (rule.get("per_week"), rule.get("every_weeks")) {
            (Some(n), _) => n.as_integer().ok_or("per_week")? as u32 * weeks,
            (_, Some(e)) => weeks / e.as_integer().ok_or("every_weeks")? as u32,
            _ => return Err("rule without frequency".into()),
        };
        let minutes = rule["minutes"].as_integer().ok_or("minutes")?;
        rules.insert(tier.to_string(), (visits, minutes * 60));
    }
    let loads: Vec<VisitLoad> = clients
        .iter()
        .filter_map(|c| {
            rules
                .get(&c.value_tier)
                .map(|&(visits, service_s)| VisitLoad {
                    lat: c.lat,
                    lon: c.lon,
                    visits,
                    service_s,
                })
        })
        .collect();
    let mut reader = csv::Reader::from_path(root.join("malta/managers.csv"))?;
    let managers = reader.records().count();
    let e = estimate_workload(
        &loads,
        &Capacity {
            managers,
            days: weeks * 5,
            max_minutes: 480,
            speed_kmh: 30.0,
            detour: 1.3,
        },
    );
    println!(
        "managers: {managers}; visits per cycle: {}; service {:.0} h + travel {:.0} h = {:.1} % of {:.0} h",
        e.visits,
        e.service_s / 3600.0,
        e.travel_s / 3600.0,
        e.ratio * 100.0,
        e.capacity_s / 3600.0
    );
    Ok(())
}

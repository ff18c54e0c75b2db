use super::*;
use std::collections::HashSet;

fn small() -> Generated {
    generate(&GenerateParams::new(1_500, 10, 7)).unwrap()
}

#[test]
fn same_seed_same_region_other_seed_other_region() {
    let a = small();
    assert_eq!(a, small());
    let b = generate(&GenerateParams::new(1_500, 10, 8)).unwrap();
    assert_ne!(a.clients, b.clients);
}

#[test]
fn counts_ids_and_roles() {
    let g = small();
    assert_eq!(g.clients.len(), 1_500);
    assert_eq!(g.managers.len(), 10);
    let ids: HashSet<&str> = g.clients.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids.len(), 1_500);
    let mids: HashSet<&str> = g.managers.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(mids.len(), 10);
    // 10 managers: one supervisor, nine general, some with evening shifts.
    assert_eq!(
        g.managers.iter().filter(|m| m.role == "supervisor").count(),
        1
    );
    let evening = g
        .managers
        .iter()
        .filter(|m| m.shift == "08:00-23:00")
        .count();
    assert!((3..=6).contains(&evening), "{evening}");
    assert!(g.managers.iter().all(|m| (1..=3).contains(&m.competency)));
    assert!(g.clients.iter().any(|c| c.team));
    assert!(g
        .clients
        .iter()
        .filter(|c| c.team)
        .all(|c| c.value_tier == "core"));
    // Night venues are night tier and open in the evening.
    for c in g.clients.iter().filter(|c| c.business_type == "bar") {
        assert_eq!(
            (c.value_tier.as_str(), c.open.as_str()),
            ("night", "18:00-24:00")
        );
    }
    for tier in TIERS {
        assert!(g.clients.iter().any(|c| c.value_tier == tier), "no {tier}");
    }
}

#[test]
fn coordinates_lie_in_the_region() {
    let g = small();
    for c in &g.clients {
        // A 1,500-outlet region is a few tens of km across around 50° N 10° E.
        assert!(
            (c.lat - 50.0).abs() < 0.5 && (c.lon - 10.0).abs() < 0.8,
            "{c:?}"
        );
    }
    for m in &g.managers {
        assert!(
            (m.lat - 50.0).abs() < 0.5 && (m.lon - 10.0).abs() < 0.8,
            "{m:?}"
        );
    }
}

#[test]
fn the_load_is_near_the_target() {
    let g = small();
    assert!(
        (0.65..=0.85).contains(&g.estimate.ratio),
        "{:?}",
        g.estimate
    );
    // A heavy region (many outlets per manager) still aims at the target when it can.
    let heavy = generate(&GenerateParams::new(6_000, 20, 1)).unwrap();
    assert!(heavy.estimate.ratio <= 1.0, "{:?}", heavy.estimate);
}

#[test]
fn the_policy_is_valid_toml_with_the_rules() {
    let g = small();
    let v: toml::Value = toml::from_str(&g.policy_toml).unwrap();
    assert_eq!(v["mode"].as_str(), Some("region"));
    assert_eq!(v["weeks"].as_integer(), Some(2));
    assert_eq!(v["balance"]["tolerance"].as_float(), Some(0.10));
    let visits = v["visits"].as_array().unwrap();
    assert_eq!(visits.len(), 4);
    for rule in visits {
        let k = rule.get("per_week").or(rule.get("every_weeks")).unwrap();
        assert!(k.as_integer().unwrap() >= 1);
        assert!(rule["minutes"].as_integer().unwrap() >= 5);
    }
    assert_eq!(v["team"].as_array().unwrap().len(), 1);
}

#[test]
fn bad_parameters_are_refused() {
    assert!(generate(&GenerateParams::new(0, 3, 1)).is_err());
    assert!(generate(&GenerateParams::new(10, 0, 1)).is_err());
    let p = GenerateParams {
        weeks: 3,
        ..GenerateParams::new(10, 1, 1)
    };
    assert!(generate(&p).is_err());
}

#[test]
fn tiny_regions_work() {
    let g = generate(&GenerateParams::new(1, 1, 1)).unwrap();
    assert_eq!((g.clients.len(), g.managers.len()), (1, 1));
    assert_eq!(g.managers[0].shift, "08:00-23:00");
}

#[test]
fn a_hundred_thousand_outlets() {
    // Its time is measured by `examples/scaling.rs`, not asserted: a shared machine makes any
    // bound either loose or flaky.
    let g = generate(&GenerateParams::new(100_000, 400, 5)).unwrap();
    assert_eq!(g.clients.len(), 100_000);
    let mut ids: Vec<&str> = g.clients.iter().map(|c| c.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 100_000);
    assert_eq!(g.managers.len(), 400);
}

#[test]
fn writes_three_files() {
    let dir = tempfile::tempdir().unwrap();
    let g = generate(&GenerateParams::new(50, 2, 3)).unwrap();
    write_generated(&g, dir.path()).unwrap();
    let clients = std::fs::read_to_string(dir.path().join("clients.csv")).unwrap();
    assert!(clients.starts_with("id,name,lat,lon,district,business_type,value_tier"));
    assert_eq!(clients.lines().count(), 51);
    let managers = std::fs::read_to_string(dir.path().join("managers.csv")).unwrap();
    assert_eq!(managers.lines().count(), 3);
    let policy = std::fs::read_to_string(dir.path().join("policy.toml")).unwrap();
    assert_eq!(policy, g.policy_toml);
}

#[test]
fn districts_are_towns_and_their_rural_quarters() {
    let g = small();
    let districts: HashSet<&str> = g.clients.iter().map(|c| c.district.as_str()).collect();
    // One town: the town and up to four rural quarters around it.
    assert!((3..=5).contains(&districts.len()), "{districts:?}");
    let town = &g.clients[0].district;
    assert!(
        districts.iter().all(|d| d.starts_with(town.as_str())),
        "{districts:?}"
    );
}

#[test]
fn over_capacity_is_said_in_the_policy() {
    let g = generate(&GenerateParams::new(5_000, 2, 1)).unwrap();
    assert!(g.estimate.ratio > 1.0);
    assert!(
        g.policy_toml.contains("# Over capacity"),
        "{}",
        g.policy_toml
    );
}

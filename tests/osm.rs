//! `beatplan osm` on the real extracts in `fixtures/osm/`.

use beatplan::io::osm::{read_osm_clients, write_clients, OsmClient};
use osmpbf::{Element, ElementReader};
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

/// The bounding box of every node in the file, read independently of the module under test.
fn node_bbox(path: &Path) -> (f64, f64, f64, f64) {
    let mut b = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    let mut grow = |lat: f64, lon: f64| {
        b = (b.0.min(lat), b.1.max(lat), b.2.min(lon), b.3.max(lon));
    };
    ElementReader::from_path(path)
        .unwrap()
        .for_each(|e| match e {
            Element::DenseNode(n) => grow(n.lat(), n.lon()),
            Element::Node(n) => grow(n.lat(), n.lon()),
            _ => {}
        })
        .unwrap();
    b
}

fn check_plausible(clients: &[OsmClient], bbox: (f64, f64, f64, f64)) {
    let ids: HashSet<&str> = clients.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids.len(), clients.len(), "ids are unique");
    assert!(
        clients.windows(2).all(|w| w[0].id < w[1].id),
        "sorted by id"
    );
    for c in clients {
        assert!(
            c.lat >= bbox.0 && c.lat <= bbox.1 && c.lon >= bbox.2 && c.lon <= bbox.3,
            "{c:?} outside {bbox:?}"
        );
        assert!(c.id.starts_with(['n', 'w', 'r']), "{}", c.id);
        assert_ne!(c.osm_tag, "shop=vacant");
        assert!(!c.business_type.is_empty() && !c.open.is_empty());
        assert!(["key", "regular", "night"].contains(&c.value_tier.as_str()));
    }
}

fn count_by<'a>(
    clients: &'a [OsmClient],
    f: impl Fn(&'a OsmClient) -> &'a str,
) -> BTreeMap<&'a str, usize> {
    let mut m = BTreeMap::new();
    for c in clients {
        *m.entry(f(c)).or_default() += 1;
    }
    m
}

#[test]
fn helsinki_centre_has_hundreds_of_outlets() {
    let path = fixture("osm/helsinki-center.osm.pbf");
    let clients = read_osm_clients(&path).unwrap();
    // The data README counts about 980 shops and venues.
    assert!((800..=1_100).contains(&clients.len()), "{}", clients.len());
    check_plausible(&clients, node_bbox(&path));
    let types = count_by(&clients, |c| c.business_type.as_str());
    for t in [
        "restaurant",
        "cafe",
        "bar",
        "clothes",
        "hotel",
        "supermarket",
    ] {
        assert!(types.get(t).copied().unwrap_or(0) > 0, "no {t}: {types:?}");
    }
    // Building outlines contribute too, not only nodes.
    assert!(clients.iter().any(|c| c.id.starts_with('w')));
}

#[test]
fn malta_has_thousands_of_outlets_and_the_fixture_is_current() {
    let path = fixture("osm/malta.osm.pbf");
    let clients = read_osm_clients(&path).unwrap();
    assert!(
        (2_000..=2_600).contains(&clients.len()),
        "{}",
        clients.len()
    );
    check_plausible(&clients, node_bbox(&path));
    let with_district = clients.iter().filter(|c| !c.district.is_empty()).count();
    assert!(with_district * 10 >= clients.len() * 9, "{with_district}");
    // The committed fixture is exactly what the reader makes of the committed extract.
    let mut text = Vec::new();
    write_clients(&clients, &mut text).unwrap();
    let committed = std::fs::read(fixture("malta/clients.csv")).unwrap();
    assert!(
        text == committed,
        "fixtures/malta/clients.csv is stale: cargo run --example malta_fixture"
    );
}

//! The HTML report opened in headless Chromium: no script error, one drawn path per route,
//! and a screenshot. Skipped, with a visible message, where Chromium is not installed.

use beatplan::io::{self, output};
use beatplan::pipeline::{self, PlanOptions, Silent};
use std::path::{Path, PathBuf};
use std::process::Command;

fn chromium() -> Option<PathBuf> {
    [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.exists())
}

fn headless(browser: &Path, profile: &Path) -> Command {
    let mut c = Command::new(browser);
    c.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    c
}

#[test]
fn report_renders_every_route_without_script_errors() {
    let Some(browser) = chromium() else {
        eprintln!(
            "SKIPPED report_renders_every_route_without_script_errors: chromium is not installed"
        );
        return;
    };
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/tiny");
    let problem = io::load_folder(&dir).unwrap();
    let travel = io::load_travel(&problem).unwrap();
    let plan = pipeline::plan(
        &problem,
        travel.as_ref(),
        &PlanOptions::from_policy(&problem),
        &Silent,
    );
    let out = tempfile::tempdir().unwrap();
    output::write_outputs(out.path(), &problem, &plan).unwrap();
    let page = format!("file://{}", out.path().join("report.html").display());
    let profile = tempfile::tempdir().unwrap();

    let dom = headless(&browser, profile.path())
        .args(["--dump-dom", &page])
        .output()
        .expect("chromium runs");
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert!(!dom.contains("data-errors"), "script errors in the report");
    let drawn = format!("data-routes=\"{}\"", plan.routes.len());
    assert!(
        dom.contains(&drawn),
        "expected {drawn} in the rendered page"
    );
    // The map must be laid out at a readable size, not collapsed.
    let width: u32 = dom
        .split("data-map-width=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .and_then(|w| w.parse().ok())
        .expect("map width reported");
    assert!(width >= 400, "map drawn only {width} px wide");

    let shot = out.path().join("report.png");
    let status = headless(&browser, profile.path())
        .args(["--window-size=1400,900"])
        .arg(format!("--screenshot={}", shot.display()))
        .arg(&page)
        .output()
        .expect("chromium runs");
    assert!(status.status.success());
    let png = std::fs::read(&shot).expect("screenshot written");
    assert_eq!(&png[..4], b"\x89PNG");
}

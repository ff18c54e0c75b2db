//! A large clients file cut in the middle (an interrupted copy or download) is refused naming
//! the cut row, with exit 2, without a panic and without holding more than the file and a
//! bounded number of rows in memory.
//!
//! CI writes a ~8 MB file; the 1 GiB run is `#[ignore]`d (it writes 1 GiB to the temp
//! folder): `cargo test --release --test truncated -- --ignored --nocapture`, figures in
//! `benchmarks/results/fuzz.md`.

use beatplan::io::{self, InputError};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const HEADER: &str = "id,name,lat,lon,district,business_type,value_tier,value_score,open,days,\
                      service_minutes,team,manager,locked\n";

/// Writes clients rows until the file has `bytes` bytes, cutting the last row where the size
/// runs out; returns the row number (the header is row 1) of the cut row.
fn write_cut_file(path: &Path, bytes: usize) -> usize {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    out.write_all(HEADER.as_bytes()).unwrap();
    let mut written = HEADER.len();
    let mut row = 1;
    for i in 0.. {
        let line = format!(
            "c{i},Shop {i},52.{:05},13.{:05},Mitte,A,core,85,09:00-12:00;14:00-20:00,Mon;Wed,\
             12,no,m1,false\n",
            i % 100_000,
            (i * 7) % 100_000
        );
        row += 1;
        // Cut inside the row, before its last columns.
        let room = bytes - written;
        if room < line.len() {
            out.write_all(&line.as_bytes()[..room.clamp(1, 40)])
                .unwrap();
            break;
        }
        out.write_all(line.as_bytes()).unwrap();
        written += line.len();
    }
    out.flush().unwrap();
    row
}

fn good(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/bad_input/good")
        .join(name)
}

/// Loads the cut file; asserts that the cut row is named and returns every error.
fn refused_at_cut(clients: &Path, cut_row: usize) -> Vec<InputError> {
    let errors = match io::load_problem(clients, &good("managers.csv"), &good("policy.toml")) {
        Ok(_) => panic!("a cut file was accepted"),
        Err(e) => e.iter().cloned().collect::<Vec<_>>(),
    };
    let cut: Vec<_> = errors
        .iter()
        .filter(|e| e.message().contains("looks cut short"))
        .collect();
    assert_eq!(cut.len(), 1, "{errors:?}");
    assert!(
        matches!(cut[0], InputError::Row { row, .. } if *row == cut_row),
        "{}",
        cut[0]
    );
    errors
}

#[test]
fn eight_megabyte_file_cut_in_the_middle() {
    let dir = tempfile::tempdir().unwrap();
    let clients = dir.path().join("clients.csv");
    let cut_row = write_cut_file(&clients, 8 << 20);
    let errors = refused_at_cut(&clients, cut_row);
    assert_eq!(errors.len(), 1, "every whole row is valid: {errors:?}");

    let run = Command::new(env!("CARGO_BIN_EXE_beatplan"))
        .args(["plan", "--quiet", "--clients"])
        .arg(&clients)
        .arg("--managers")
        .arg(good("managers.csv"))
        .arg("--policy")
        .arg(good("policy.toml"))
        .arg("--out")
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!("row {cut_row}: the file ends")),
        "{stderr}"
    );
    assert!(!dir.path().join("out/plan.json").exists());
}

/// Peak resident memory of this process in MB (Linux).
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

#[test]
#[ignore = "writes 1 GiB to the temp folder; run by hand, figures in benchmarks/results/fuzz.md"]
fn one_gigabyte_file_cut_in_the_middle() {
    let dir = tempfile::tempdir().unwrap();
    let clients = dir.path().join("clients.csv");
    let cut_row = write_cut_file(&clients, 1 << 30);
    let started = Instant::now();
    let errors = refused_at_cut(&clients, cut_row);
    let seconds = started.elapsed().as_secs_f64();
    // The file holds ~10 M rows, more than the 1 M a clients file may have: refused for that too.
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors[0].message().contains("split the region"),
        "{}",
        errors[0]
    );
    let peak = peak_rss_mb().unwrap_or(f64::NAN);
    println!("1 GiB cut at row {cut_row}: refused in {seconds:.1} s, peak RSS {peak:.0} MB");
    assert!(
        peak < 3.0 * 1024.0,
        "peak RSS {peak:.0} MB for a 1 GiB file"
    );
}

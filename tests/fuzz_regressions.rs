//! Inputs that crashed a reader under `cargo fuzz` (see `benchmarks/results/fuzz.md`), kept as
//! regression tests: each file in `tests/fuzz_regressions/` is named after its target and must
//! now read as an instance or a typed error, without a panic or an abort.

use std::path::Path;

fn read(target: &str, bytes: &[u8]) -> Result<(), String> {
    let text = String::from_utf8_lossy(bytes);
    match target {
        "cordeau" => beatplan::bench::cordeau::parse(&text, "regression")
            .map(|_| ())
            .map_err(|(line, message)| format!("line {line}: {message}")),
        "solomon" => beatplan::io::solomon::parse_solomon(&text)
            .map(|_| ())
            .map_err(|e| e.to_string()),
        "clients" => beatplan::io::parse_clients(Path::new("clients.csv"), bytes)
            .map(|_| ())
            .map_err(|e| e.to_string()),
        "managers" => beatplan::io::parse_managers(Path::new("managers.csv"), bytes)
            .map(|_| ())
            .map_err(|e| e.to_string()),
        "policy" => beatplan::io::parse_policy(Path::new("policy.toml"), bytes)
            .map(|_| ())
            .map_err(|e| e.to_string()),
        other => panic!("no reader for `{other}`"),
    }
}

#[test]
fn inputs_that_crashed_a_reader_now_read_without_a_crash() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let target = name.split('_').next().unwrap();
        let bytes = std::fs::read(&path).unwrap();
        // Reaching the next line is the test: before the fixes these panicked or aborted.
        let _ = read(target, &bytes);
        seen += 1;
    }
    assert!(
        seen >= 2,
        "the regression inputs are missing from {}",
        dir.display()
    );
}

#[test]
fn a_huge_customer_count_is_an_error_not_an_allocation() {
    let text = "1 3 612012081 2\n0 160\n0 160\n0 30 40 0 0\n1 37 52 0 7 1 1 1\n";
    let err = beatplan::bench::cordeau::parse(text, "n").unwrap_err();
    assert!(err.1.contains("missing the line of customer 2"), "{err:?}");
}

#[test]
fn a_huge_pattern_count_is_an_error_not_an_overflow() {
    let text = "1 3 1 2\n0 160\n0 160\n0 30 40 0 0\n1 37 52 0 7 1 18446744073709551615 1\n";
    let err = beatplan::bench::cordeau::parse(text, "a").unwrap_err();
    assert!(err.1.contains("patterns announced"), "{err:?}");
}

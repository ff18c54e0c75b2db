//! Solves one Solomon file: `cargo run --release --example solve_one -- FILE [SECONDS] [SEED]`.
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = std::path::Path::new(&args[1]);
    let t: f64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1.0);
    let seed: u64 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(1);
    match beatplan::route::solomon::solve_solomon(path, t, seed) {
        Ok(out) => println!("{}", serde_json::to_string(&out).expect("serialisable")),
        Err(e) => eprintln!("{e}"),
    }
}

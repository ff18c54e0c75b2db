//! Throughput probe: `iters FILE N SEED` runs N SISR iterations and prints cost and time.
use beatplan::route::{solomon::to_instance, solve, SearchParams};
fn main() {
    let a: Vec<String> = std::env::args().collect();
    let s = beatplan::io::solomon::read_solomon(std::path::Path::new(&a[1])).expect("file");
    let n: u64 = a[2].parse().expect("n");
    let seed: u64 = a.get(3).and_then(|x| x.parse().ok()).unwrap_or(1);
    let inst = to_instance(&s);
    let t = std::time::Instant::now();
    let sol = solve(
        &inst,
        &SearchParams {
            seed,
            deadline: None,
            max_iterations: Some(n),
        },
    );
    println!(
        "{} cost {:.2} routes {} in {:.3}s",
        a[1],
        sol.cost as f64 / 1e4,
        sol.routes.len(),
        t.elapsed().as_secs_f64()
    );
}

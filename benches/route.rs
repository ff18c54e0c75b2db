//! Hot paths of the routing engine on Solomon R201 and C101: move evaluation for every
//! operator of the registry, route cache update, cheapest insertion, and one local-search pass.

use beatplan::io::solomon::read_solomon;
use beatplan::route::data::Data;
use beatplan::route::insert::{best_insertion, insert_all};
use beatplan::route::local_search::local_search;
use beatplan::route::operators::OPERATORS;
use beatplan::route::search::construct;
use beatplan::route::solomon::to_instance;
use beatplan::route::state::State;
use beatplan::route::Instance;
use criterion::{criterion_group, criterion_main, Criterion};
use rand::rngs::SmallRng;
use rand::SeedableRng;
use std::hint::black_box;
use std::path::Path;

fn instance(name: &str) -> Instance {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/solomon")
        .join(format!("{name}.txt"));
    to_instance(&read_solomon(&path).expect("fixture"))
}

/// A local optimum to evaluate moves on.
fn solved(data: &Data) -> State {
    let mut rng = SmallRng::seed_from_u64(1);
    construct(data, &mut rng, None, OPERATORS)
}

fn benches(c: &mut Criterion) {
    for name in ["C101", "R201"] {
        let inst = instance(name);
        let data = Data::new(&inst);
        let state = solved(&data);
        for (op, f) in OPERATORS {
            c.bench_function(&format!("{name}/evaluate/{op} (all granular pairs)"), |b| {
                b.iter(|| {
                    let mut found = 0;
                    for u in 0..data.jobs {
                        for &v in &data.neighbours[u] {
                            found += usize::from(f(&data, &state, u, v).is_some());
                        }
                    }
                    black_box(found)
                })
            });
        }
        let longest = state
            .routes
            .iter()
            .enumerate()
            .max_by_key(|(_, r)| r.len())
            .map_or(0, |(i, _)| i);
        c.bench_function(
            &format!("{name}/route update ({} jobs)", state.routes[longest].len()),
            |b| {
                let mut s = state.clone();
                b.iter(|| {
                    s.refresh(&data, longest);
                    black_box(s.routes[longest].cost)
                })
            },
        );
        c.bench_function(&format!("{name}/best insertion of one job"), |b| {
            let mut s = state.clone();
            let job = s.routes[longest].jobs[0];
            let rest = s.routes[longest].jobs[1..].to_vec();
            s.set_route(&data, longest, rest);
            b.iter(|| black_box(best_insertion(&data, &s, job, None)))
        });
        c.bench_function(&format!("{name}/local search from greedy insertion"), |b| {
            b.iter_batched(
                || {
                    // Greedy insertion in file order: the same starting solution every run.
                    let mut s = State::empty(&data);
                    let jobs = std::mem::take(&mut s.unassigned);
                    insert_all(&data, &mut s, &jobs, &mut SmallRng::seed_from_u64(3), 0.0);
                    s
                },
                |mut s| {
                    let mut rng = SmallRng::seed_from_u64(2);
                    local_search(&data, &mut s, &mut rng, None, OPERATORS);
                    black_box(s.cost())
                },
                criterion::BatchSize::SmallInput,
            )
        });
    }
}

criterion_group! {
    name = route;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(2));
    targets = benches
}
criterion_main!(route);

//! Cordeau periodic VRP reader: any text gives an instance or a typed error, never a panic; a
//! read instance can be checked (one route a day through every customer) without a panic either.
#![no_main]

use beatplan::bench::cordeau::{check, parse, PvrpRoute};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(inst) = parse(text, "fuzz") {
        let stops: Vec<usize> = (1..=inst.customers.len()).collect();
        let routes: Vec<PvrpRoute> = (0..inst.days)
            .map(|day| PvrpRoute {
                day,
                stops: stops.clone(),
            })
            .collect();
        let _ = check(&inst, &routes);
    }
});

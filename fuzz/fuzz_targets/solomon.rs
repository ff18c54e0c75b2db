//! Solomon VRPTW reader: any text gives an instance or a typed error, never a panic; a read
//! instance can be checked (one route through every customer) without a panic either.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(inst) = beatplan::io::solomon::parse_solomon(text) {
        let route: Vec<u32> = (1..inst.nodes.len() as u32).collect();
        let _ = beatplan::route::solomon::check_solomon(&inst, &[route]);
    }
});

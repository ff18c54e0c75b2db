//! `clients.csv` reader: any bytes give clients or typed errors, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    match beatplan::io::parse_clients(Path::new("clients.csv"), data) {
        Ok(clients) => assert!(!clients.is_empty(), "an accepted file has clients"),
        Err(errors) => assert!(!errors.is_empty(), "a refused file names a problem"),
    }
});

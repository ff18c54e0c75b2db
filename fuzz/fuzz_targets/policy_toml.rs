//! `policy.toml` reader: any bytes give a policy or typed errors, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    // A folder that does not exist: `matrix`/`roads` paths resolve into it, never to real files.
    let name = Path::new("/nonexistent-beatplan-fuzz/policy.toml");
    match beatplan::io::parse_policy(name, data) {
        Ok(policy) => assert!(policy.weeks >= 1 && policy.time_limit_s > 0.0),
        Err(errors) => assert!(!errors.is_empty(), "a refused file names a problem"),
    }
});

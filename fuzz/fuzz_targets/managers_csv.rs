//! `managers.csv` reader: any bytes give managers or typed errors, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    match beatplan::io::parse_managers(Path::new("managers.csv"), data) {
        Ok(managers) => {
            assert!(!managers.is_empty(), "an accepted file has managers");
            for m in &managers {
                assert!(
                    m.shift.open < m.shift.close,
                    "shifts are checked: {:?}",
                    m.shift
                );
            }
        }
        Err(errors) => assert!(!errors.is_empty(), "a refused file names a problem"),
    }
});

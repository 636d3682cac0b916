//! Rule files: any text loads into rules or into diagnostics (file, line, rule), never a
//! panic; loaded rules run their examples without panicking. Memory and time per input are
//! bounded: `@name` vocabulary references are counted before they are expanded, so a loaded
//! rule set never holds more than `MAX_TERMS` terms nor a group more than `MAX_GROUP_TERMS`
//! (run with `-rss_limit_mb` and `-timeout`, fuzz/README.md, to catch any input that escapes).
#![no_main]

use libfuzzer_sys::fuzz_target;
use tapir::rules::{MAX_GROUP_TERMS, MAX_TERMS};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    match tapir::rules::load_sources([("fuzz.yml".to_string(), text)]) {
        Ok(rules) => {
            let groups = || rules.rules.iter().flat_map(|r| &r.groups);
            assert!(groups().all(|g| g.terms.len() as u64 <= MAX_GROUP_TERMS), "a group past the limit loaded");
            assert!(groups().map(|g| g.terms.len() as u64).sum::<u64>() <= MAX_TERMS, "past the total limit");
            let _ = rules.check_examples();
        }
        Err(errors) => {
            assert!(!errors.0.is_empty(), "a failed load names at least one problem");
            for d in &errors.0 {
                assert!(d.to_string().starts_with("fuzz.yml:"), "{d}");
            }
        }
    }
});

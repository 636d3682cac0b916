//! Rule files: any text loads into rules or into diagnostics (file, line, rule), never a
//! panic; loaded rules run their examples without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    match tapir::rules::load_sources([("fuzz.yml".to_string(), text)]) {
        Ok(rules) => {
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

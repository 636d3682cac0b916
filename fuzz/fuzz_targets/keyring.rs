//! Keyring text (§5): never panics, and no error message quotes a 64-hex-digit run.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;

fn has_hex_run(s: &str, n: usize) -> bool {
    let mut run = 0;
    for b in s.bytes() {
        run = if b.is_ascii_hexdigit() { run + 1 } else { 0 };
        if run >= n {
            return true;
        }
    }
    false
}

fuzz_target!(|data: &[u8]| {
    let mut ring = tapir::Keyring::new();
    // Feed the input as two files so that conflicts between files are reached too.
    let split = data.len() / 2;
    for (name, part) in [("a.keys", &data[..split]), ("b.keys", &data[split..]), ("c.keys", data)] {
        if let Err(e) = ring.add_text(Path::new(name), part) {
            let shown = e.to_string();
            let debug = format!("{e:?}");
            assert!(!has_hex_run(&shown, 64), "key material in error: {shown}");
            assert!(!has_hex_run(&debug, 64), "key material in error: {debug}");
        }
    }
    let debug = format!("{ring:?}");
    assert!(!has_hex_run(&debug, 64));
});

//! Decrypted MESSAGE bodies (§4.1).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match tapir_parsers::parse_body(data) {
        Ok(body) => {
            let _ = (body.kind().name(), body.readable_text().to_str_lossy(), body.is_lossy());
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});

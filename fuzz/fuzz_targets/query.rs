//! Search queries: any string gives hits or a clear error against a small index, never a
//! panic or a hang.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tapir::TapirIndex;
use tapir::index::{IngestOptions, SearchError, SearchOptions, SilentProgress};

/// The committed fixture, ingested once into a temporary directory.
fn index() -> &'static TapirIndex {
    static INDEX: OnceLock<(tempfile::TempDir, TapirIndex)> = OnceLock::new();
    &INDEX
        .get_or_init(|| {
            let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpora/fixtures/ecd-small");
            let dir = tempfile::tempdir().expect("temp dir");
            let keys = tapir::Keyring::load_files(&[fixture.join("keys/seized.keys")]).expect("fixture keys");
            let mut index = TapirIndex::create_or_open(&dir.path().join("idx")).expect("index");
            index.ingest(&[fixture.join("dumps")], &keys, &IngestOptions::default(), &SilentProgress).expect("ingest");
            (dir, index)
        })
        .1
}

fuzz_target!(|data: &[u8]| {
    let query = String::from_utf8_lossy(data).into_owned();
    match index().search(&SearchOptions { query, limit: 5, ..SearchOptions::default() }) {
        Ok(_) | Err(SearchError::Syntax { .. }) | Err(SearchError::Invalid(_)) => {}
        Err(e @ SearchError::Index(_)) => panic!("a query broke the index: {e}"),
    }
});

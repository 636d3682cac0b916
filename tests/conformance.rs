//! Conformance with the independent encoder: `inspect --json` must report exactly the
//! accounting of truth.json, file by file (committed sample, see corpora/fixtures/README.md).

use crate::support::{fixture, inspect_json, mismatches_with_truth, read_json};

#[test]
fn inspect_matches_the_independent_encoders_truth_exactly() {
    let (report, code) = inspect_json(&fixture());
    assert_eq!(code, 0);
    let truth = read_json(&fixture().join("truth.json"));
    let mismatches = mismatches_with_truth(&report, &truth);
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
    // The sample exercises the damage cases; a decoder that reported none would not pass.
    let files = report["files"].as_array().unwrap();
    assert!(files.iter().any(|f| f["truncated"] == true));
    assert!(files.iter().any(|f| f["trailing_garbage"] == true));
    assert!(files.iter().any(|f| f["messages"]["malformed"].as_u64() > Some(0)));
}

#[test]
fn every_file_object_has_exactly_the_report_fields() {
    let (report, _) = inspect_json(&fixture());
    let fields: Vec<&str> = report["files"][0].as_object().unwrap().keys().map(String::as_str).collect();
    let mut expected = vec![
        "path",
        "sha256",
        "size",
        "imei",
        "handle",
        "capture_start",
        "capture_end",
        "header_len",
        "valid_frames",
        "corrupt_spans",
        "truncated",
        "trailing_garbage",
        "messages",
        "notes",
        "contacts",
        "unknown",
        "deleted",
        "lossy_utf8",
    ];
    let mut fields_sorted = fields.clone();
    fields_sorted.sort();
    expected.sort();
    assert_eq!(fields_sorted, expected);
    let statuses: Vec<&str> = report["files"][0]["messages"].as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(statuses.len(), 6);
}

#[test]
fn sha256_and_size_describe_the_evidence_bytes() {
    use sha2::Digest;
    let (report, _) = inspect_json(&fixture());
    for f in report["files"].as_array().unwrap() {
        let bytes = std::fs::read(f["path"].as_str().unwrap()).unwrap();
        assert_eq!(f["size"].as_u64(), Some(bytes.len() as u64));
        assert_eq!(f["sha256"].as_str().unwrap(), hex::encode(sha2::Sha256::digest(&bytes)));
    }
}

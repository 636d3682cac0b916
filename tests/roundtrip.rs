//! Round trip: what the generator writes, `tapir inspect` reports exactly as the generator's
//! own truth.json says, for several seeds with damage on.

use std::path::Path;

use tapir::crypto::AesGcmSealer;
use tapir_corpora::GenOptions;

use crate::support::{inspect_json, mismatches_with_truth, read_json};

fn generate(dir: &Path, seed: u64, devices: usize, messages: u64, damage: bool) {
    let options = GenOptions { seed, devices, messages, damage };
    tapir_corpora::generate(dir, &options, &AesGcmSealer, &|_| {}).expect("generate");
}

fn check_round_trip(seed: u64, devices: usize, messages: u64) {
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path(), seed, devices, messages, true);
    let (report, code) = inspect_json(dir.path());
    let truth = read_json(&dir.path().join("truth.json"));
    let mismatches = mismatches_with_truth(&report, &truth);
    assert!(mismatches.is_empty(), "seed {seed}:\n{}", mismatches.join("\n"));

    // Rejected files: same files, same reasons (the decoder adds CRC values to its reason).
    let rejected = report["rejected"].as_array().unwrap();
    let expected = truth["rejected"].as_array().unwrap();
    assert_eq!(rejected.len(), expected.len(), "seed {seed}: rejected files");
    for want in expected {
        let name = Path::new(want["path"].as_str().unwrap()).file_name().unwrap();
        let got = rejected
            .iter()
            .find(|r| Path::new(r["path"].as_str().unwrap()).file_name() == Some(name))
            .unwrap_or_else(|| panic!("seed {seed}: {name:?} not rejected"));
        assert!(got["reason"].as_str().unwrap().starts_with(want["reason"].as_str().unwrap()), "{got} vs {want}");
    }
    assert_eq!(code, if expected.is_empty() { 0 } else { 3 });

    // Damage must actually have been exercised, or this test proves little.
    let files = report["files"].as_array().unwrap();
    let total = |f: &dyn Fn(&serde_json::Value) -> u64| files.iter().map(f).sum::<u64>();
    assert!(total(&|f| f["corrupt_spans"].as_array().unwrap().len() as u64) > 0, "seed {seed}: no corrupt span");
    assert!(total(&|f| f["messages"]["auth_failed"].as_u64().unwrap()) > 0, "seed {seed}: no auth_failed");
    assert!(total(&|f| f["messages"]["malformed"].as_u64().unwrap()) > 0, "seed {seed}: no malformed");
}

#[test]
fn generator_truth_round_trips_seed_1() {
    check_round_trip(1, 12, 30_000);
}

#[test]
fn generator_truth_round_trips_seed_2() {
    check_round_trip(2, 20, 20_000);
}

#[test]
fn generator_truth_round_trips_seed_3() {
    check_round_trip(3, 6, 15_000);
}

#[test]
fn clean_corpus_has_no_damage_and_every_message_decrypts() {
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path(), 5, 8, 5_000, false);
    let (report, code) = inspect_json(dir.path());
    assert_eq!(code, 0);
    for f in report["files"].as_array().unwrap() {
        assert!(f["corrupt_spans"].as_array().unwrap().is_empty());
        assert_eq!(f["truncated"], false);
        let m = &f["messages"];
        assert_eq!(m["found"], m["decrypted"], "{}", f["path"]);
    }
}

#[test]
fn generation_is_deterministic_for_a_seed() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    generate(a.path(), 9, 5, 3_000, true);
    generate(b.path(), 9, 5, 3_000, true);
    assert_eq!(
        std::fs::read(a.path().join("truth.json")).unwrap(),
        std::fs::read(b.path().join("truth.json")).unwrap()
    );
    let mut names: Vec<_> =
        std::fs::read_dir(a.path().join("dumps")).unwrap().map(|e| e.unwrap().file_name()).collect();
    names.sort();
    for name in names {
        let x = std::fs::read(a.path().join("dumps").join(&name)).unwrap();
        let y = std::fs::read(b.path().join("dumps").join(&name)).unwrap();
        assert!(x == y, "{name:?} differs between two runs of one seed");
    }
}

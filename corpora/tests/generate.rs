//! End-to-end checks of the generator: determinism, byte accounting, and agreement between
//! `truth.json` and an independent decoder (tests/support) run over the written bytes.

mod support;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::sync::Mutex;

use support::{TestSealer, decode_corpus};
use tapir_corpora::truth::Truth;
use tapir_corpora::{GenError, GenOptions, generate};

fn gen_into(dir: &Path, opts: &GenOptions) -> tapir_corpora::GenSummary {
    generate(dir, opts, &TestSealer, &|_| {}).expect("generate")
}

fn read_truth(dir: &Path) -> Truth {
    serde_json::from_slice(&std::fs::read(dir.join("truth.json")).unwrap()).unwrap()
}

fn all_bytes(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for sub in ["dumps", "keys"] {
        for e in std::fs::read_dir(dir.join(sub)).unwrap() {
            let e = e.unwrap();
            files.insert(format!("{sub}/{}", e.file_name().to_string_lossy()), std::fs::read(e.path()).unwrap());
        }
    }
    files.insert("truth.json".into(), std::fs::read(dir.join("truth.json")).unwrap());
    files
}

/// Every figure of truth.json that a decoder can observe, checked against the decoder.
fn check_against_decoder(dir: &Path, truth: &Truth) {
    let (reports, rejected) = decode_corpus(dir);
    let expected_rejected: BTreeMap<String, String> =
        truth.rejected.iter().map(|r| (r.path.clone(), r.reason.clone())).collect();
    assert_eq!(rejected, expected_rejected);
    assert_eq!(reports.keys().collect::<Vec<_>>(), truth.files.keys().collect::<Vec<_>>());
    let mut decrypted: HashSet<(String, u64)> = HashSet::new();
    let mut texts: HashMap<(String, u64), String> = HashMap::new();
    for (name, t) in &truth.files {
        let r = &reports[name];
        assert_eq!((r.imei.as_str(), r.handle.as_str()), (t.imei.as_str(), t.handle.as_str()), "{name}");
        assert_eq!(r.size, t.size, "{name} size");
        assert_eq!(r.header_len, t.header_len, "{name} header_len");
        assert_eq!(r.spans, t.corrupt_spans, "{name} spans");
        assert_eq!(r.valid_frames, t.valid_frames, "{name} valid_frames");
        assert_eq!(r.truncated, t.truncated, "{name} truncated");
        assert_eq!(r.trailing_garbage, t.trailing_garbage, "{name} garbage");
        assert_eq!(r.messages, t.messages, "{name} messages");
        assert_eq!(r.notes, t.notes, "{name} notes");
        assert_eq!(
            (r.contacts, r.unknown, r.deleted, r.lossy_utf8),
            (t.contacts, t.unknown, t.deleted, t.lossy_utf8),
            "{name}"
        );
        // §6.5 identities.
        assert_eq!(t.accounted(r.valid_bytes), t.size, "{name} byte accounting");
        assert!(t.messages.is_consistent() && t.notes.is_consistent(), "{name}");
        for c in &r.copies {
            // The device is the sender on direction 1 copies, the recipient on direction 0.
            let own = if c.direction == 1 { &c.sender } else { &c.recipient };
            assert_eq!(own, &t.handle, "{name} direction");
            if c.status == "decrypted" {
                decrypted.insert((c.sender.clone(), c.message_id));
                if let Some(text) = &c.text {
                    texts.insert((c.sender.clone(), c.message_id), text.clone());
                }
            }
        }
    }
    assert_eq!(decrypted.len() as u64, truth.logical_messages_decrypted);
    let findable = |s: &str, id: u64| decrypted.contains(&(s.to_owned(), id));
    let tokens: HashSet<&str> = truth.canaries.iter().map(|c| c.token.as_str()).collect();
    assert_eq!(tokens.len(), truth.canaries.len(), "canary tokens are unique");
    for c in &truth.canaries {
        assert_eq!(c.findable, findable(&c.sender, c.message_id), "{c:?}");
        if c.findable {
            assert!(texts[&(c.sender.clone(), c.message_id)].ends_with(&c.token));
        }
    }
    for h in &truth.hard_negatives {
        assert_eq!(h.findable, findable(&h.sender, h.message_id));
    }
    for p in &truth.planted {
        assert_eq!(p.messages.len(), p.findable.len());
        for ((s, id), f) in p.messages.iter().zip(&p.findable) {
            assert_eq!(*f, findable(s, *id), "{p:?}");
        }
    }
    for e in &truth.entities {
        assert_eq!(e.findable, findable(&e.sender, e.message_id));
        if e.findable {
            assert!(texts[&(e.sender.clone(), e.message_id)].contains(&e.value));
        }
    }
}

#[test]
fn default_corpus_matches_an_independent_decoder_and_covers_every_damage_case() {
    let dir = tempfile::tempdir().unwrap();
    let seen = Mutex::new(Vec::new());
    let opts = GenOptions::default();
    let summary = generate(dir.path(), &opts, &TestSealer, &|n| seen.lock().unwrap().push(n)).unwrap();
    let truth = read_truth(dir.path());
    check_against_decoder(dir.path(), &truth);

    assert_eq!(truth.logical_messages, 20_000);
    assert_eq!(seen.lock().unwrap().last(), Some(&20_000));
    assert_eq!(summary.logical_decrypted, truth.logical_messages_decrypted);
    assert_eq!(summary.files, truth.files.len() + truth.rejected.len());
    assert!(truth.logical_messages_decrypted > 18_000, "most messages survive: {}", truth.logical_messages_decrypted);

    for name in [
        "bit_flipped_frames",
        "truncated_files",
        "trailing_garbage",
        "unknown_frames",
        "auth_failed_tamper",
        "bad_body_unknown_kind",
        "bad_body_leftover",
        "bad_body_str32_overrun",
        "malformed_direction",
        "malformed_str8_overrun",
        "malformed_cut_in_nonce",
        "malformed_leftover_after_sealed",
        "malformed_sealed_overrun",
        "withheld_keys",
        "rejected_files",
    ] {
        assert!(truth.injected.get(name).copied().unwrap_or(0) > 0, "no {name} injected: {:?}", truth.injected);
    }
    let sum = |f: fn(&tapir_corpora::truth::FileTruth) -> u64| truth.files.values().map(f).sum::<u64>();
    for (what, n) in [
        ("no_key", sum(|f| f.messages.no_key)),
        ("auth_failed", sum(|f| f.messages.auth_failed)),
        ("bad_body", sum(|f| f.messages.bad_body)),
        ("malformed", sum(|f| f.messages.malformed)),
        ("notes", sum(|f| f.notes.found)),
        ("deleted", sum(|f| f.deleted)),
        ("lossy", sum(|f| f.lossy_utf8)),
        ("unknown", sum(|f| f.unknown)),
        ("spans", sum(|f| f.corrupt_spans.len() as u64)),
        ("contacts", sum(|f| f.contacts)),
    ] {
        assert!(n > 0, "no {what} in the default corpus");
    }
    assert!(truth.files.values().any(|f| f.truncated) && truth.files.values().any(|f| f.trailing_garbage));
    assert!(truth.devices.iter().any(|d| d.files.len() == 2), "some captures are split");
    let reasons: HashSet<&str> = truth.rejected.iter().map(|r| r.reason.as_str()).collect();
    assert!(reasons.contains("unsupported ECD version 2") && reasons.contains("header CRC mismatch"));

    // Planted conversations: at least one per (category, language) at 20k messages.
    let combos: HashSet<String> = truth.planted.iter().map(|p| format!("{:?}/{:?}", p.category, p.lang)).collect();
    assert_eq!(combos.len(), 9, "{combos:?}");
    let frac = truth.canaries.len() as f64 / 20_000.0;
    assert!((0.002..0.01).contains(&frac), "canary share {frac}");
    let frac = truth.hard_negatives.len() as f64 / 20_000.0;
    assert!((0.005..0.02).contains(&frac), "hard negative share {frac}");
}

#[test]
fn same_seed_same_bytes_whatever_the_thread_count() {
    let opts = GenOptions { seed: 11, devices: 7, messages: 4_000, damage: true };
    let (a, b, c) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let one = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
    let three = rayon::ThreadPoolBuilder::new().num_threads(3).build().unwrap();
    one.install(|| gen_into(a.path(), &opts));
    three.install(|| gen_into(b.path(), &opts));
    assert_eq!(all_bytes(a.path()), all_bytes(b.path()));
    gen_into(c.path(), &GenOptions { seed: 12, ..opts });
    assert_ne!(all_bytes(a.path())["truth.json"], all_bytes(c.path())["truth.json"]);
    check_against_decoder(a.path(), &read_truth(a.path()));
}

#[test]
fn no_damage_means_clean_files() {
    let dir = tempfile::tempdir().unwrap();
    let summary = gen_into(dir.path(), &GenOptions { seed: 3, devices: 9, messages: 6_000, damage: false });
    let truth = read_truth(dir.path());
    check_against_decoder(dir.path(), &truth);
    assert!(truth.rejected.is_empty());
    assert!(truth.injected.is_empty(), "{:?}", truth.injected);
    for (name, f) in &truth.files {
        assert!(f.corrupt_spans.is_empty() && !f.truncated && !f.trailing_garbage, "{name}");
        assert_eq!(f.messages.decrypted, f.messages.found, "{name}");
        assert_eq!(f.notes.decrypted, f.notes.found, "{name}");
        assert_eq!((f.unknown, f.lossy_utf8), (0, 0), "{name}");
    }
    assert!(truth.devices.iter().all(|d| d.withheld_key_ids.is_empty()));
    assert_eq!(truth.logical_messages_decrypted, 6_000);
    assert_eq!(summary.logical_decrypted, 6_000);
    assert!(truth.canaries.iter().all(|c| c.findable));
}

#[test]
fn odd_options_give_errors_or_small_valid_corpora() {
    let dir = tempfile::tempdir().unwrap();
    let err = generate(dir.path(), &GenOptions { devices: 0, ..GenOptions::default() }, &TestSealer, &|_| {});
    assert!(matches!(err, Err(GenError::InvalidOptions(_))));
    let err = generate(dir.path(), &GenOptions { messages: u64::MAX, ..GenOptions::default() }, &TestSealer, &|_| {});
    assert!(matches!(err, Err(GenError::InvalidOptions(_))));

    for (devices, messages, damage) in [(1, 0, true), (1, 1, true), (2, 5, true), (1, 300, false), (3, 0, false)] {
        let dir = tempfile::tempdir().unwrap();
        let s = gen_into(dir.path(), &GenOptions { seed: 2, devices, messages, damage });
        let truth = read_truth(dir.path());
        assert_eq!(truth.logical_messages, messages);
        assert_eq!(s.logical_messages, messages);
        assert!(truth.devices.len() == devices);
        check_against_decoder(dir.path(), &truth);
    }

    // A second run into the same directory would mix old and new dumps.
    let dir = tempfile::tempdir().unwrap();
    gen_into(dir.path(), &GenOptions { seed: 2, devices: 1, messages: 10, damage: true });
    let err =
        generate(dir.path(), &GenOptions { seed: 2, devices: 1, messages: 10, damage: true }, &TestSealer, &|_| {});
    assert!(matches!(err, Err(GenError::OutputNotEmpty(_))), "{err:?}");
}

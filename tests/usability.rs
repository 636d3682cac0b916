//! What a new user trips over (issue 11): an evaluation against the wrong corpus, watchlists
//! and keyrings that cannot work, kinds and file extensions in another case, and the rules
//! listing with rules added to the built-in packs.

use std::path::Path;

use tapir::crypto::AesGcmSealer;
use tapir_corpora::GenOptions;

use crate::output::case;
use crate::support::{fixture, tapir};

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Issue 11: `eval` against another corpus's truth reported recall 0 and exit 0.
#[test]
fn eval_against_another_corpus_fails_naming_the_mismatch() {
    let case = case();
    let other = case.dir.join("other-corpus");
    if !other.join("truth.json").exists() {
        let options = GenOptions { seed: 99, devices: 3, messages: 400, damage: false };
        tapir_corpora::generate(&other, &options, &AesGcmSealer, &|_| {}).unwrap();
    }
    let out = tapir(&["eval", "--corpus", s(&other), "--index", s(&case.index)]);
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("does not match corpus") && err.contains("are not in the index"), "{err}");
    assert!(out.stdout.is_empty());
    // Its own corpus matches (the index holds more: an extra dump is no mismatch).
    let out = tapir(&["eval", "--corpus", s(&case.corpus), "--index", s(&case.index)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
}

/// Issue 11: unusable watchlist lines were kept and never matched; now every one is named,
/// with exit code 2, by both commands that read watchlists.
#[test]
fn unusable_watchlist_lines_are_usage_errors_naming_each_line() {
    let case = case();
    let list = case.dir.join("bad-watchlist.txt");
    std::fs::write(&list, "\u{FEFF}# suspects\nbtc: notawallet\nTSzssbqRYtrZPKh6NEUqGhYXz4WUShLrv2\nthe blue car\n")
        .unwrap();
    for command in ["entities", "hunt"] {
        let out = tapir(&[command, "--index", s(&case.index), "--watchlist", s(&list)]);
        let err = stderr_of(&out);
        assert_eq!(out.status.code(), Some(2), "{command}: {err}");
        for line in 2..=4 {
            assert!(err.contains(&format!("watchlist {}:{line}: ", list.display())), "{command}: {err}");
        }
    }
}

/// Issue 11: a keyring saved with a byte order mark failed on line 1; an empty keyring, or
/// one for other devices, left every message locked without a word.
#[test]
fn keyrings_with_a_bom_load_and_useless_keyrings_are_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let keys = std::fs::read(fixture().join("keys/seized.keys")).unwrap();
    let dumps = fixture().join("dumps");
    let bom = dir.path().join("bom.keys");
    std::fs::write(&bom, [b"\xEF\xBB\xBF".as_slice(), &keys].concat()).unwrap();
    let plain = tapir(&["inspect", "--json", "--keys", s(&fixture().join("keys/seized.keys")), s(&dumps)]);
    let with_bom = tapir(&["inspect", "--json", "--keys", s(&bom), s(&dumps)]);
    assert_eq!(with_bom.status.code(), Some(0), "{}", stderr_of(&with_bom));
    assert_eq!(with_bom.stdout, plain.stdout);
    assert!(with_bom.stderr.is_empty(), "{}", stderr_of(&with_bom));

    let empty = dir.path().join("empty.keys");
    std::fs::write(&empty, "# keys not seized yet\n").unwrap();
    let index = dir.path().join("idx");
    let out = tapir(&["ingest", "--index", s(&index), "--keys", s(&empty), s(&dumps)]);
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains(&format!("keyring {} holds no key", empty.display())), "{err}");
    assert!(err.contains("no seized key given"), "{err}");

    let other = dir.path().join("other.keys");
    std::fs::write(&other, format!("356938035643809 1 {}\n", "ab".repeat(32))).unwrap();
    let out = tapir(&["inspect", "--keys", s(&other), s(&dumps)]);
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("are for 1 other device(s), none of the 8 of these dumps"), "{err}");
    assert!(!err.contains(&"ab".repeat(32)));
}

/// Issue 11: `*.ECD` dumps were skipped silently when a directory was searched.
#[test]
fn dumps_named_in_upper_case_are_ingested() {
    let dir = tempfile::tempdir().unwrap();
    let dumps = dir.path().join("CARD");
    std::fs::create_dir_all(&dumps).unwrap();
    for entry in std::fs::read_dir(fixture().join("dumps")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_uppercase();
        std::fs::copy(&path, dumps.join(name)).unwrap();
    }
    let keys = fixture().join("keys/seized.keys");
    let out = tapir(&["inspect", "--keys", s(&keys), s(&dumps)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("10 file(s), 0 rejected"));
}

#[test]
fn entity_kinds_are_read_in_any_case_and_unknown_ones_listed() {
    let index = s(&case().index);
    let lower = tapir(&["entities", "--index", index, "--kind", "amount", "--json"]);
    let upper = tapir(&["entities", "--index", index, "--kind", "AMOUNT", "--json"]);
    assert_eq!(upper.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&lower.stdout).contains("\"5 BTC\""));
    assert_eq!(lower.stdout, upper.stdout);
    let none = tapir(&["entities", "--index", index, "--kind", "Iban"]);
    assert_eq!(String::from_utf8_lossy(&none.stdout).trim(), "no iban entities");
    let out = tapir(&["entities", "--index", index, "--kind", "Doge"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("expected btc, eth, tron, iban, phone, gps or amount"));
}

/// `tapir rules` lists the rules; `--extra-rules` adds files to the built-in packs (and a
/// clash with a built-in id is an error naming both places).
#[test]
fn rules_are_listed_and_extra_rules_add_to_the_packs() {
    let listed = |args: &[&str]| -> Vec<serde_json::Value> {
        let out = tapir(&[&["rules", "--json"], args].concat());
        assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
    };
    let builtin = listed(&[]);
    assert!(builtin.len() >= 40);
    for r in &builtin {
        for key in ["id", "title", "category", "level", "languages", "logic", "path", "line"] {
            assert!(!r[key].is_null(), "{key} in {r}");
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let mine = dir.path().join("mine.yml");
    let rule = "- id: my-own-rule\n  title: t\n  description: d\n  category: drugs\n  level: high\n  languages: [en]\n  \
                references: [r]\n  groups:\n    a: [zzkoke]\n  condition: a\n  examples: {match: [zzkoke, zzkoke a, a zzkoke], \
                no_match: [x, y, z]}\n";
    std::fs::write(&mine, rule).unwrap();
    let added = listed(&["--extra-rules", s(&mine)]);
    assert_eq!(added.len(), builtin.len() + 1);
    assert!(added.iter().any(|r| r["id"] == "my-own-rule" && r["path"] == s(&mine)));
    let only = listed(&["--rules", s(&mine)]);
    assert_eq!(only.len(), 1);

    let table = tapir(&["rules"]);
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(text.starts_with("id ") && text.contains("kid-ransom-crypto") && text.contains(" 0 failed"), "{text}");

    let first = builtin[0]["id"].as_str().unwrap();
    std::fs::write(&mine, rule.replace("my-own-rule", first)).unwrap();
    let out = tapir(&["rules", "--extra-rules", s(&mine)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("duplicate id, first defined at rules/"), "{}", stderr_of(&out));
}

/// Without a terminal, long commands log their progress to stderr (phase, done/total, rate),
/// here at every step (`TAPIR_PROGRESS_SECS=0`); stdout is untouched.
#[test]
fn long_commands_log_progress_lines_without_a_terminal() {
    let case = case();
    let index = s(&case.index);
    let dir = tempfile::tempdir().unwrap();
    let keys = fixture().join("keys/seized.keys");
    let fresh = dir.path().join("idx");
    let dumps = fixture().join("dumps");
    let commands: [(Vec<&str>, &[&str]); 6] = [
        (vec!["ingest", "--index", s(&fresh), "--keys", s(&keys), s(&dumps)], &["hashing", "decoding", "indexing"]),
        (vec!["hunt", "--index", index, "--json"], &["hunting", "reading findings"]),
        (vec!["entities", "--index", index, "--json"], &["reading entities", "reading messages"]),
        (vec!["export", "timeline", "--index", index, "--format", "jsonl"], &["exporting"]),
        (vec!["export", "graph", "--index", index, "--format", "graphml"], &["reading messages"]),
        (vec!["inspect", "--keys", s(&keys), s(&dumps)], &[]),
    ];
    for (args, phases) in &commands {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_tapir"))
            .args(args)
            .env("TAPIR_PROGRESS_SECS", "0")
            .output()
            .unwrap();
        let err = stderr_of(&out);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
        for phase in *phases {
            let line = err.lines().find(|l| l.starts_with(&format!("tapir: {phase}: ")) && l.contains('/'));
            let line = line.unwrap_or_else(|| panic!("{args:?}: no {phase} line in {err}"));
            assert!(line.contains("%), ") && line.ends_with(" s"), "{line}");
            assert!(err.contains(&format!("tapir: {phase}: done, ")), "{args:?}: {err}");
        }
        assert!(!String::from_utf8_lossy(&out.stdout).contains("tapir: "), "{args:?}: progress on stdout");
    }
}

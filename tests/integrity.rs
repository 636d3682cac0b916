//! Index integrity: damage is an error in tapir's words (never a crash, never the engine's
//! internals) and `tapir check` names the damaged file.

use std::path::{Path, PathBuf};

use crate::support::{fixture, tapir};

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The fixture indexed into `dir/idx`.
fn fixture_index(dir: &Path) -> PathBuf {
    let index = dir.join("idx");
    let keys = fixture().join("keys/seized.keys");
    let out = tapir(&["ingest", "--index", s(&index), "--keys", s(&keys), s(&fixture().join("dumps"))]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    index
}

fn files_with_extension(index: &Path, ext: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(index.join("tantivy"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    files.sort();
    files
}

/// `tapir check --json`: (file, status) per line, and the exit code.
fn check(index: &Path) -> (Vec<(String, String)>, i32) {
    let out = tapir(&["check", "--index", s(index), "--json"]);
    let files = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (v["file"].as_str().unwrap().to_owned(), v["status"].as_str().unwrap().to_owned())
        })
        .collect();
    (files, out.status.code().unwrap_or(-1))
}

/// A command on a damaged index either answers (it read nothing damaged) or fails with
/// exit 1 saying the index is damaged and to run `check`: never a panic (exit 101), never
/// the engine's own words. Returns whether it failed.
fn fails_clearly(args: &[&str]) -> bool {
    let out = tapir(args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{args:?}: exit {:?}: {stderr}", out.status.code());
    for internal in ["panicked", "RUST_BACKTRACE", "tantivy 0.", "Fst", "Footer", "magic", "Error(", "Error {"] {
        assert!(!stderr.contains(internal), "{args:?} shows engine internals: {stderr}");
    }
    if out.status.code() == Some(1) {
        assert!(stderr.contains("is damaged") && stderr.contains("run `tapir check --index"), "{args:?}: {stderr}");
    }
    out.status.code() == Some(1)
}

/// Regression (issue 11): bytes flipped in a term dictionary made `hunt` panic inside the
/// engine (exit 101). 64 bytes are flipped in every KiB of each `.term` file (its footer
/// kept), so every walk of a dictionary meets damage.
#[test]
fn flipped_bytes_in_term_dictionaries_are_a_clear_error_and_check_names_them() {
    let dir = tempfile::tempdir().unwrap();
    let index = fixture_index(dir.path());
    let (files, code) = check(&index);
    assert_eq!(code, 0, "{files:?}");
    assert!(files.iter().all(|(_, status)| status == "ok") && files.len() > 8, "{files:?}");

    let terms = files_with_extension(&index, "term");
    for term in &terms {
        let mut bytes = std::fs::read(term).unwrap();
        for start in (512..bytes.len().saturating_sub(1024)).step_by(1024) {
            for b in &mut bytes[start..start + 64] {
                *b ^= 0xff;
            }
        }
        std::fs::write(term, bytes).unwrap();
    }
    let (files, code) = check(&index);
    assert_eq!(code, 1, "{files:?}");
    let damaged: Vec<&str> = files.iter().filter(|(_, st)| st != "ok").map(|(f, _)| f.as_str()).collect();
    let expected: Vec<String> =
        terms.iter().map(|t| format!("tantivy/{}", t.file_name().unwrap().to_str().unwrap())).collect();
    assert_eq!(damaged, expected, "{files:?}");
    let text = String::from_utf8(tapir(&["check", "--index", s(&index)]).stdout).unwrap();
    assert!(text.contains("checksum mismatch") && text.contains("index damaged"), "{text}");

    assert!(fails_clearly(&["hunt", "--index", s(&index)]), "hunt read every dictionary and noticed nothing");
    let mut failed = 0;
    for query in ["cash~2", "a*", "b*", "k*", "rançon~1", "cash"] {
        failed += usize::from(fails_clearly(&["search", "--index", s(&index), query]));
    }
    assert!(failed >= 3, "only {failed} of 6 searches met the damage");
    for command in ["stats", "entities"] {
        fails_clearly(&[command, "--index", s(&index)]);
    }
}

/// A file cut short loses the footer the engine checks when it opens it: the error names
/// the file in tapir's words ("Footer magic byte mismatch… tantivy 0.15" before).
#[test]
fn a_file_cut_short_is_named_in_tapirs_words() {
    let dir = tempfile::tempdir().unwrap();
    let index = fixture_index(dir.path());
    let fast = &files_with_extension(&index, "fast")[0];
    let len = std::fs::metadata(fast).unwrap().len();
    std::fs::OpenOptions::new().write(true).open(fast).unwrap().set_len(len - 8).unwrap();
    let name = fast.file_name().unwrap().to_str().unwrap();
    for command in ["stats", "search"] {
        let mut args = vec![command, "--index", s(&index)];
        if command == "search" {
            args.push("cash");
        }
        assert!(fails_clearly(&args), "{command} did not notice");
        let stderr = String::from_utf8(tapir(&args).stderr).unwrap();
        assert!(stderr.contains(name) && stderr.contains("damaged or cut short"), "{stderr}");
    }
    let (files, code) = check(&index);
    assert_eq!(code, 1);
    assert!(files.contains(&(format!("tantivy/{name}"), "damaged".to_owned())), "{files:?}");
}

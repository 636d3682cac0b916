//! Index integrity: damage is an error in tapir's words (never a crash, never the engine's
//! internals) and `tapir check` names the damaged file.

use std::path::{Path, PathBuf};

use crate::support::{fixture, snapshot, tapir};

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
    // Which searches meet the damage depends on where the engine laid out the dictionaries
    // (segments differ between machines: CI once saw 2 of 6), so every one must be clean and
    // at least one, the fuzzy walk of every dictionary, must have met it.
    let mut failed = Vec::new();
    for query in ["cash~2", "a*", "b*", "k*", "rançon~1", "cash"] {
        if fails_clearly(&["search", "--index", s(&index), query]) {
            failed.push(query);
        }
    }
    assert!(!failed.is_empty(), "no search met the damage in the dictionaries");
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

/// Makes a directory tree read-only while it lives: permission bits (enough for a user), and,
/// for root, whom permission bits do not stop, the immutable attribute (`chattr +i`, on
/// filesystems that have it). Whether writes are refused is probed by creating a file.
struct ReadOnly {
    root: PathBuf,
    immutable: bool,
    effective: bool,
}

impl ReadOnly {
    fn new(root: &Path) -> ReadOnly {
        use std::os::unix::fs::PermissionsExt;
        for entry in walkdir::WalkDir::new(root) {
            let path = entry.unwrap().into_path();
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode & !0o222)).unwrap();
        }
        let probe = |root: &Path| {
            let refused = std::fs::write(root.join("probe"), b"").is_err();
            let _ = std::fs::remove_file(root.join("probe"));
            refused
        };
        let mut guard = ReadOnly { root: root.to_owned(), immutable: false, effective: probe(root) };
        if !guard.effective {
            guard.immutable = std::process::Command::new("chattr")
                .args(["-R", "+i"])
                .arg(root)
                .output()
                .is_ok_and(|o| o.status.success());
            guard.effective = probe(root);
        }
        guard
    }
}

impl Drop for ReadOnly {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt;
        if self.immutable {
            let _ = std::process::Command::new("chattr").args(["-R", "-i"]).arg(&self.root).output();
        }
        for entry in walkdir::WalkDir::new(&self.root).into_iter().flatten() {
            if let Ok(meta) = entry.metadata() {
                let _ = std::fs::set_permissions(
                    entry.path(),
                    std::fs::Permissions::from_mode(meta.permissions().mode() | 0o200),
                );
            }
        }
    }
}

/// Issue 11: read commands failed on a read-only index acquiring a lock file. Each of them
/// runs on a read-only copy (its lock files removed first, so that one created again is seen),
/// audited ones with `--audit-log` elsewhere: all succeed and no file of the index is created
/// or changed. Without `--audit-log`, an audited command refuses, saying why.
#[test]
fn read_commands_work_on_a_read_only_index_and_change_nothing_in_it() {
    let dir = tempfile::tempdir().unwrap();
    let index = fixture_index(dir.path());
    let out = tapir(&["search", "--index", s(&index), "--json", "--limit", "50", ""]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let hit: serde_json::Value = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|h| h["kind"] != "note" && h["recipient"] != "")
        .unwrap();
    let (a, b) = (hit["sender"].as_str().unwrap().to_owned(), hit["recipient"].as_str().unwrap().to_owned());
    for lock in [".tantivy-meta.lock", ".tantivy-writer.lock"] {
        let _ = std::fs::remove_file(index.join("tantivy").join(lock));
    }
    let trail = dir.path().join("elsewhere/trail.jsonl");
    std::fs::create_dir_all(trail.parent().unwrap()).unwrap();
    let queries = dir.path().join("queries.txt");
    std::fs::write(&queries, "cash\nrançon OR losgeld\n").unwrap();
    let before = snapshot(&index);

    let read_only = ReadOnly::new(&index);
    let (i, t) = (s(&index), s(&trail));
    let audited: Vec<Vec<&str>> = vec![
        vec!["search", "--index", i, "cash"],
        vec!["thread", "--index", i, &a, &b],
        vec!["hunt", "--index", i],
        vec!["entities", "--index", i],
        vec!["export", "timeline", "--index", i, "--format", "csv"],
        vec!["export", "graph", "--index", i, "--format", "graphml"],
        vec!["verify", "--index", i],
        vec!["batch", "--index", i, s(&queries)],
        vec!["stats", "--index", i],
    ];
    for args in &audited {
        let mut args = args.clone();
        args.extend(["--audit-log", t]);
        let out = tapir(&args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
    for args in [
        vec!["check", "--index", i],
        vec!["audit", "show", "--index", i],
        vec!["audit", "verify", "--index", i],
        vec!["audit", "show", "--index", i, "--audit-log", t, "--json"],
        vec!["audit", "verify", "--index", i, "--audit-log", t],
    ] {
        let out = tapir(&args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
    let kept = String::from_utf8(tapir(&["audit", "show", "--index", i, "--audit-log", t, "--json"]).stdout).unwrap();
    let kept: Vec<serde_json::Value> = kept.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(kept.len(), audited.len(), "{kept:?}");
    let canonical = std::fs::canonicalize(&index).unwrap();
    assert!(kept.iter().all(|r| r["arguments"]["index"] == s(&canonical)), "records must name the index: {kept:?}");

    if read_only.effective {
        let out = tapir(&["search", "--index", i, "cash"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains("is read-only") && stderr.contains("--audit-log FILE"), "{stderr}");
        let out = tapir(&["export", "timeline", "--index", i, "--format", "csv"]);
        assert_eq!(out.status.code(), Some(1));
        assert!(out.stdout.is_empty(), "export wrote rows it could not audit");
    } else {
        eprintln!("note: {} could not be made read-only here; only 'nothing changed' was checked", index.display());
    }
    drop(read_only);
    assert!(snapshot(&index) == before, "a read command created or changed a file in the index");
}

/// A commit (`meta.json`) that does not parse: commands say the index is damaged, without
/// quoting it (tantivy's error quotes the whole file, manifest included); `check` names it.
#[test]
fn a_commit_that_does_not_parse_is_named_and_never_quoted() {
    let dir = tempfile::tempdir().unwrap();
    let index = fixture_index(dir.path());
    std::fs::write(index.join("tantivy/meta.json"), br#"{"segments": [{"secret": "payload"#).unwrap();
    for args in [vec!["stats", "--index", s(&index)], vec!["search", "--index", s(&index), "cash"]] {
        assert!(fails_clearly(&args), "{args:?} did not notice");
        assert!(!String::from_utf8(tapir(&args).stderr).unwrap().contains("payload"));
    }
    let (files, code) = check(&index);
    assert_eq!(code, 1);
    assert_eq!(files.last(), Some(&("tantivy/meta.json".to_owned(), "damaged".to_owned())), "{files:?}");
}

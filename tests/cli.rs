//! The command line's contract: exit codes, rejected files, key errors that keep keys secret.

use std::path::Path;

use crate::support::{fixture, tapir};

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn a_bad_header_rejects_that_file_only_and_exits_3() {
    let dir = tempfile::tempdir().unwrap();
    let good = fixture().join("dumps/729436483756892-1.ecd");
    std::fs::copy(&good, dir.path().join("good.ecd")).unwrap();
    let mut v2 = std::fs::read(&good).unwrap();
    v2[8] = 2; // version 2
    std::fs::write(dir.path().join("future.ecd"), &v2).unwrap();
    std::fs::write(dir.path().join("junk.ecd"), b"not a dump at all").unwrap();
    let keys = fixture().join("keys/seized.keys");
    let out = tapir(&["inspect", "--keys", s(&keys), "--json", s(dir.path())]);
    assert_eq!(out.status.code(), Some(3), "{}", String::from_utf8_lossy(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["files"].as_array().unwrap().len(), 1);
    let rejected = report["rejected"].as_array().unwrap();
    let reason_of = |name: &str| {
        rejected.iter().find(|r| r["path"].as_str().unwrap().ends_with(name)).unwrap()["reason"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(reason_of("future.ecd"), "unsupported ECD version 2");
    assert_eq!(reason_of("junk.ecd"), "bad magic: not an ECD dump");
}

#[test]
fn a_missing_path_is_rejected_with_its_reason() {
    let keys = fixture().join("keys/seized.keys");
    let out = tapir(&["inspect", "--keys", s(&keys), "--json", "/nonexistent/x.ecd"]);
    assert_eq!(out.status.code(), Some(3));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(report["rejected"][0]["reason"].as_str().unwrap().contains("No such file"));
}

#[test]
fn an_unreadable_key_file_is_named_with_its_os_error_once() {
    let out = tapir(&["inspect", "--keys", "/nonexistent/seized.keys", s(&fixture().join("dumps"))]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cannot read keyring /nonexistent/seized.keys"), "{stderr}");
    assert_eq!(stderr.matches("os error 2").count(), 1, "{stderr}");
}

#[test]
fn key_file_errors_name_file_and_line_and_never_print_keys() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.keys");
    let b = dir.path().join("b.keys");
    let key1 = "11".repeat(32);
    let key2 = "22".repeat(32);
    std::fs::write(&a, format!("# batch 1\n356938035643809 1 {key1}\n")).unwrap();
    std::fs::write(&b, format!("\n\n356938035643809 1 {key2}\n")).unwrap();
    let out = tapir(&["inspect", "--keys", s(&a), "--keys", s(&b), s(&fixture().join("dumps"))]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("{}:3", b.display())) && stderr.contains(&format!("{}:2", a.display())),
        "{stderr}"
    );
    let all = format!("{stderr}{}", String::from_utf8_lossy(&out.stdout));
    assert!(!all.contains(&key1) && !all.contains(&key2) && !all.contains("1111"));

    std::fs::write(&b, format!("356938035643809 1 {}zz\n", &key2[..62])).unwrap();
    let out = tapir(&["inspect", "--keys", s(&b), s(&fixture().join("dumps"))]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(&format!("{}:1: key must be exactly 64 hex digits", b.display())), "{stderr}");
    assert!(!stderr.contains("2222"));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(tapir(&["inspect"]).status.code(), Some(2));
    assert_eq!(tapir(&["no-such-command"]).status.code(), Some(2));
    assert_eq!(tapir(&["--help"]).status.code(), Some(0));
}

#[test]
fn human_table_lists_every_file() {
    let keys = fixture().join("keys/seized.keys");
    let out = tapir(&["inspect", "--keys", s(&keys), s(&fixture().join("dumps"))]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("844957166458837-2.ecd") && text.contains("trailing-garbage"), "{text}");
    assert!(text.contains("10 file(s), 0 rejected"));
}

/// The README's first command, on a smaller corpus: every step runs and the hunt ends it.
#[test]
fn demo_runs_end_to_end() {
    let out = tapir(&["demo", "--messages", "6000", "--devices", "4"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let shown = String::from_utf8_lossy(&out.stdout);
    for step in ["== 1. generating", "== 3. indexing", "== 4. searching", "== 6. hunting", "findings from"] {
        assert!(shown.contains(step), "demo output lacks {step:?}:\n{shown}");
    }
}

/// Regression (issue 11): a mistyped evidence path created an empty index and exited 3
/// listing the typo as rejected evidence; a report path that cannot be written failed after
/// the commit. Both are usage errors (exit 2) before anything is created.
#[test]
fn ingest_path_mistakes_are_usage_errors_before_anything_is_created() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("new-index");
    let keys = fixture().join("keys/seized.keys");
    let dumps = fixture().join("dumps");
    let bad_report = dir.path().join("no-such-dir/report.json");
    for (args, says) in [
        (
            vec!["ingest", "--index", s(&index), "--keys", s(&keys), "/nonexistent/dumps"],
            "/nonexistent/dumps does not exist",
        ),
        (
            vec!["ingest", "--index", s(&index), "--keys", s(&keys), "--report", s(&bad_report), s(&dumps)],
            "does not exist",
        ),
        (
            vec!["ingest", "--index", s(&index), "--keys", s(&keys), "--report", s(dir.path()), s(&dumps)],
            "is a directory",
        ),
    ] {
        let out = tapir(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
        assert!(!index.exists(), "{args:?} created the index");
    }
    let report = dir.path().join("report.json");
    let out = tapir(&["ingest", "--index", s(&index), "--keys", s(&keys), "--report", s(&report), s(&dumps)]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(report.is_file() && index.is_dir());
}

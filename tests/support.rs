//! Shared helpers: running the binary, comparing reports with a truth.json.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// Runs the binary as a user would: without `RUST_BACKTRACE`, which keeps Rust's default
/// panic message for developers (a test environment may set it).
pub fn tapir(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tapir")).args(args).env_remove("RUST_BACKTRACE").output().expect("run tapir")
}

/// [`tapir`], run from the directory `cwd`.
pub fn tapir_in(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tapir"))
        .args(args)
        .current_dir(cwd)
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("run tapir")
}

/// Generates a corpus into cargo's scratch directory (`NAME/corpus`) and ingests it with the
/// binary (`NAME/idx`); returns (corpus, index). Callers keep the result in a `OnceLock` so
/// each is built once per test process. Damage includes rejected files: exit 0 or 3.
pub fn generated_index(name: &str, options: &tapir_corpora::GenOptions) -> (PathBuf, PathBuf) {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    let corpus = dir.join("corpus");
    tapir_corpora::generate(&corpus, options, &tapir::crypto::AesGcmSealer, &|_| {}).expect("generate");
    let index = dir.join("idx");
    let keys = corpus.join("keys/seized.keys");
    let dumps = corpus.join("dumps");
    let out = tapir(&[
        "ingest",
        "--index",
        index.to_str().unwrap(),
        "--keys",
        keys.to_str().unwrap(),
        dumps.to_str().unwrap(),
    ]);
    let code = out.status.code();
    let expected = if options.damage { Some(3) } else { Some(0) };
    assert_eq!(code, expected, "ingest: {}", String::from_utf8_lossy(&out.stderr));
    (corpus, index)
}

pub fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpora/fixtures/ecd-small")
}

/// Runs `tapir inspect --json` on a corpus directory (dumps/, keys/seized.keys).
pub fn inspect_json(corpus: &Path) -> (Value, i32) {
    let keys = corpus.join("keys/seized.keys");
    let dumps = corpus.join("dumps");
    let out = tapir(&["inspect", "--keys", keys.to_str().unwrap(), "--json", dumps.to_str().unwrap()]);
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("inspect --json is not JSON ({e}); stderr: {}", String::from_utf8_lossy(&out.stderr))
    });
    (json, out.status.code().unwrap_or(-1))
}

/// Every field present in truth.json's per-file objects must equal the report's, file by
/// file; truth's spans are `[offset, length]` pairs, the report's are objects with a reason.
/// Returns the mismatches, one line each.
pub fn mismatches_with_truth(report: &Value, truth: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let files = report["files"].as_array().expect("files array");
    let by_name = |name: &str| {
        files.iter().find(|f| Path::new(f["path"].as_str().unwrap_or("")).file_name().is_some_and(|n| n == name))
    };
    let truth_files = truth["files"].as_object().expect("truth files");
    for (name, expected) in truth_files {
        let Some(got) = by_name(name) else {
            out.push(format!("{name}: missing from the report"));
            continue;
        };
        for (field, want) in expected.as_object().expect("file object") {
            let have = match field.as_str() {
                "corrupt_spans" => Value::Array(
                    got[field]
                        .as_array()
                        .expect("spans")
                        .iter()
                        .map(|s| Value::Array(vec![s["offset"].clone(), s["length"].clone()]))
                        .collect(),
                ),
                _ if want.is_object() => Value::Object(
                    want.as_object().unwrap().keys().map(|k| (k.clone(), got[field][k].clone())).collect(),
                ),
                _ => got[field].clone(),
            };
            if &have != want {
                out.push(format!("{name}: {field}: got {have}, truth {want}"));
            }
        }
    }
    if files.len() != truth_files.len() {
        out.push(format!("report has {} files, truth {}", files.len(), truth_files.len()));
    }
    out
}

pub fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).expect("read json")).expect("parse json")
}

/// Copies a directory tree (an index, a corpus) file by file.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("create dir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// Every file under `dir` with its length, modification time and bytes.
pub fn snapshot(dir: &Path) -> std::collections::BTreeMap<PathBuf, (u64, std::time::SystemTime, Vec<u8>)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let meta = e.metadata().unwrap();
            let bytes = std::fs::read(e.path()).unwrap();
            (e.path().strip_prefix(dir).unwrap().to_owned(), (meta.len(), meta.modified().unwrap(), bytes))
        })
        .collect()
}

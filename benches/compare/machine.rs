//! What the report states of the machine and of the command line that reproduces a run.

use std::path::Path;
use std::process::Command;

use serde_json::{Value, json};

pub fn gb(bytes: u64) -> f64 {
    bytes as f64 / 1e9
}

/// Free bytes on the file system of `dir`, from `df` (no libc binding needed).
pub fn free_bytes(dir: &Path) -> Option<u64> {
    let out = Command::new("df").arg("-Pk").arg(dir).output().ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    let kib: u64 = text.lines().nth(1)?.split_whitespace().nth(3)?.parse().ok()?;
    Some(kib * 1024)
}

pub fn machine_notes() -> Value {
    let read = |p: &str| std::fs::read_to_string(p).unwrap_or_default();
    let cpu = read("/proc/cpuinfo")
        .lines()
        .find_map(|l| l.strip_prefix("model name").map(|r| r.trim_start_matches([' ', '\t', ':']).to_owned()))
        .unwrap_or_default();
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let mem_kib: u64 = read("/proc/meminfo")
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:").and_then(|r| r.trim().trim_end_matches(" kB").parse().ok()))
        .unwrap_or(0);
    let load = read("/proc/loadavg").split_whitespace().take(3).collect::<Vec<_>>().join(" ");
    let commit = Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_owned())
        .unwrap_or_default();
    let summary = format!("{cores} cores, {cpu}, {:.0} GiB, load {load}, commit {commit}", mem_kib as f64 / 1048576.0);
    json!({"cores": cores, "cpu": cpu, "mem_kib": mem_kib, "loadavg_start": load, "commit": commit, "summary": summary})
}

/// The `cargo bench` command line that reproduces this run.
pub fn cargo_command() -> String {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    if args.is_empty() {
        "cargo bench --bench compare".to_owned()
    } else {
        format!("cargo bench --bench compare -- {}", args.join(" "))
    }
}

pub fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

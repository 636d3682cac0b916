//! tapir: `tapir ingest` as a child process (wall time, CPU, peak RSS of its own), and search.

use std::fs::File;
use std::hint::black_box;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use serde_json::Value;
use tapir::TapirIndex;
use tapir::index::{SearchOptions, SortOrder};

use crate::BoxError;

#[derive(Debug)]
pub struct Ingest {
    pub command: String,
    pub wall_s: f64,
    pub user_s: Option<f64>,
    pub system_s: Option<f64>,
    pub max_rss_kib: Option<u64>,
    /// Largest `RssAnon` and `RssFile` seen in `/proc/PID/status` (sampled every 50 ms).
    /// `ru_maxrss` counts the resident pages of the memory-mapped evidence too (`RssFile`):
    /// page cache the kernel can drop, unlike the heap (`RssAnon`).
    pub sampled: Sampled,
    pub exit_code: Option<i32>,
    pub logical_messages: u64,
    pub logical_decrypted: u64,
    pub message_frames: u64,
    pub index_bytes: u64,
    /// `hashing 0.0 s, decoding 0.2 s, …` as `tapir ingest` prints it.
    pub phases: String,
}

pub fn ingest(bin: &Path, corpus: &Path, index: &Path, dir: &Path) -> Result<Ingest, BoxError> {
    let report_path = dir.join("ingest-report.json");
    let stderr_path = dir.join("ingest-stderr.txt");
    let mut cmd = Command::new(bin);
    cmd.arg("ingest")
        .arg("--index")
        .arg(index)
        .arg("--keys")
        .arg(corpus.join("keys/seized.keys"))
        .arg("--report")
        .arg(&report_path)
        .arg(corpus.join("dumps"));
    let command = format!("{cmd:?}").replace('"', "");
    eprintln!("[ingest] {command}");
    cmd.stdin(Stdio::null()).stdout(Stdio::null()).stderr(File::create(&stderr_path)?);
    let t = Instant::now();
    let child = cmd.spawn()?;
    let sampler = RssSampler::start(child.id());
    let usage = wait_child(child)?;
    let wall_s = t.elapsed().as_secs_f64();
    let sampled = sampler.stop();
    let stderr = std::fs::read_to_string(&stderr_path).unwrap_or_default();
    // 0: done; 3: done, some files rejected (the generator damages headers on purpose).
    if !matches!(usage.exit_code, Some(0 | 3)) {
        return Err(format!("tapir ingest failed ({:?}):\n{stderr}", usage.exit_code).into());
    }
    let report: Value = serde_json::from_reader(std::io::BufReader::new(File::open(&report_path)?))?;
    let message_frames = report["files"]
        .as_array()
        .map(|files| files.iter().map(|f| f["messages"]["found"].as_u64().unwrap_or(0)).sum())
        .unwrap_or(0);
    let phases = stderr
        .lines()
        .find(|l| l.contains("hashing "))
        .and_then(|l| l.split_once("; "))
        .map(|(_, p)| p.trim().to_owned())
        .unwrap_or_default();
    Ok(Ingest {
        command,
        wall_s,
        user_s: usage.user_s,
        system_s: usage.system_s,
        max_rss_kib: usage.max_rss_kib,
        sampled,
        exit_code: usage.exit_code,
        logical_messages: report["logical_messages"].as_u64().unwrap_or(0),
        logical_decrypted: report["logical_decrypted"].as_u64().unwrap_or(0),
        message_frames,
        index_bytes: tapir::index::stats::dir_size(index),
        phases,
    })
}

#[derive(Clone, Copy, Debug, Default)]
pub struct Sampled {
    pub max_anon_kib: u64,
    pub max_file_kib: u64,
    pub samples: u64,
}

/// Polls a child's `/proc/PID/status` from a thread until stopped.
pub struct RssSampler {
    pub stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    pub thread: std::thread::JoinHandle<Sampled>,
}

impl RssSampler {
    pub fn start(pid: u32) -> RssSampler {
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = stop.clone();
        let thread = std::thread::spawn(move || {
            let path = format!("/proc/{pid}/status");
            let mut s = Sampled::default();
            while !flag.load(std::sync::atomic::Ordering::Relaxed) {
                if let Ok(status) = std::fs::read_to_string(&path) {
                    let kib = |key: &str| -> Option<u64> {
                        status.lines().find_map(|l| l.strip_prefix(key)?.trim().strip_suffix(" kB")?.parse().ok())
                    };
                    if let (Some(anon), Some(file)) = (kib("RssAnon:"), kib("RssFile:")) {
                        s.max_anon_kib = s.max_anon_kib.max(anon);
                        s.max_file_kib = s.max_file_kib.max(file);
                        s.samples += 1;
                    }
                }
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            s
        });
        RssSampler { stop, thread }
    }

    pub fn stop(self) -> Sampled {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        self.thread.join().unwrap_or_default()
    }
}

pub struct ChildUsage {
    pub exit_code: Option<i32>,
    pub user_s: Option<f64>,
    pub system_s: Option<f64>,
    pub max_rss_kib: Option<u64>,
}

/// Waits for the child with `wait4(2)`, which reports the resource usage of that child alone
/// (`ru_maxrss`: its peak resident set, in KiB on Linux). `getrusage(RUSAGE_CHILDREN)` would
/// mix in every other child of this process (`df`, `git`), and polling `/proc/PID/status`
/// for `VmHWM` can miss the end of the run.
#[cfg(all(target_os = "linux", target_pointer_width = "64"))]
pub fn wait_child(child: std::process::Child) -> std::io::Result<ChildUsage> {
    #[repr(C)]
    #[derive(Default)]
    struct Timeval {
        sec: i64,
        usec: i64,
    }
    /// `struct rusage` of 64-bit Linux: two timevals, then 14 longs.
    #[repr(C)]
    #[derive(Default)]
    struct Rusage {
        utime: Timeval,
        stime: Timeval,
        maxrss: i64,
        rest: [i64; 13],
    }
    unsafe extern "C" {
        fn wait4(pid: i32, status: *mut i32, options: i32, rusage: *mut Rusage) -> i32;
    }
    let pid = child.id() as i32;
    let mut status = 0i32;
    let mut usage = Rusage::default();
    loop {
        // SAFETY: `pid` is our own child, not yet waited for (std's `Child` is dropped
        // without waiting); both pointers are to live, properly laid out locals.
        let r = unsafe { wait4(pid, &mut status, 0, &mut usage) };
        if r == pid {
            break;
        }
        let e = std::io::Error::last_os_error();
        if e.kind() != std::io::ErrorKind::Interrupted {
            return Err(e);
        }
    }
    drop(child);
    let secs = |t: &Timeval| t.sec as f64 + t.usec as f64 / 1e6;
    let exited = status & 0x7f == 0;
    Ok(ChildUsage {
        exit_code: exited.then_some((status >> 8) & 0xff),
        user_s: Some(secs(&usage.utime)),
        system_s: Some(secs(&usage.stime)),
        max_rss_kib: Some(usage.maxrss.max(0) as u64),
    })
}

#[cfg(not(all(target_os = "linux", target_pointer_width = "64")))]
pub fn wait_child(mut child: std::process::Child) -> std::io::Result<ChildUsage> {
    let status = child.wait()?;
    Ok(ChildUsage { exit_code: status.code(), user_s: None, system_s: None, max_rss_kib: None })
}

pub const TOP: usize = 20;

pub fn tapir_search(index: &TapirIndex, query: &str, limit: usize) -> Result<usize, String> {
    let options = SearchOptions { query: query.to_owned(), limit, sort: SortOrder::Score, ..SearchOptions::default() };
    index.search(&options).map(|hits| black_box(hits).len()).map_err(|e| e.to_string())
}

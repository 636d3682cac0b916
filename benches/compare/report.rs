//! Step 6: the table printed and the JSON written.

use serde_json::{Value, json};

use crate::Args;
use crate::corpus::Generation;
use crate::machine::{cargo_command, gb, loadavg};
use crate::peers::floor::Floor;
use crate::peers::fts5::Fts5;
use crate::peers::tapir::Ingest;
use crate::queries::{Class, Query};
use crate::run::{Check, Timing};
use crate::texts::Export;

pub struct Report<'a> {
    pub args: &'a Args,
    pub machine: Value,
    pub generation: Generation,
    /// One per load run, in order.
    pub ingests: Vec<Ingest>,
    pub export: Export,
    pub fold_s: f64,
    /// One per load run, each right after the ingest of the same index.
    pub loads: Vec<Fts5>,
    /// One per load run, right after the FTS5 load.
    pub floors: Vec<Floor>,
    pub queries: &'a [Query],
    pub timings: &'a [Timing],
    pub checks: &'a [Check],
    pub documents: usize,
    pub scan_per_class: usize,
    pub repeats: usize,
    pub fts5_repeats: usize,
}

/// p50 and p99 of one engine over one class.
#[derive(Clone, Copy, Debug, Default)]
pub struct Stat {
    pub n: usize,
    pub p50: f64,
    pub p99: f64,
}

impl Stat {
    pub fn of(values: impl Iterator<Item = f64>) -> Option<Stat> {
        let mut v: Vec<f64> = values.collect();
        if v.is_empty() {
            return None;
        }
        v.sort_by(f64::total_cmp);
        Some(Stat { n: v.len(), p50: percentile(&v, 50.0), p99: percentile(&v, 99.0) })
    }
    pub fn json(s: Option<Stat>) -> Value {
        s.map_or(Value::Null, |s| json!({"queries": s.n, "p50_ms": s.p50, "p99_ms": s.p99}))
    }
}

pub struct ClassRow {
    pub class: Class,
    pub queries: usize,
    pub errors: usize,
    pub tapir: Option<Stat>,
    pub tapir_top1: Option<Stat>,
    pub fts5: Option<Stat>,
    pub fts5_snippet: Option<Stat>,
    pub scan: Option<Stat>,
    /// tapir p50 over peer p50, on the same queries where the peer ran a subset.
    pub tapir_vs_fts5: Option<f64>,
    pub tapir_vs_fts5_snippet: Option<f64>,
    pub tapir_vs_scan: Option<f64>,
    pub median_scan_hits: Option<usize>,
}

impl Report<'_> {
    pub fn rows(&self) -> Vec<ClassRow> {
        Class::ALL
            .iter()
            .map(|&class| {
                let idx: Vec<usize> = (0..self.queries.len()).filter(|&i| self.queries[i].class == class).collect();
                let t = |f: fn(&Timing) -> Option<f64>| Stat::of(idx.iter().filter_map(|&i| f(&self.timings[i])));
                let scanned: Vec<usize> = idx.iter().copied().filter(|&i| self.timings[i].scan_ms.is_some()).collect();
                let tapir_on_scanned = Stat::of(scanned.iter().filter_map(|&i| self.timings[i].tapir_ms));
                let ratio = |a: Option<Stat>, b: Option<Stat>| Some(a?.p50 / b?.p50);
                let tapir = t(|x| x.tapir_ms);
                let fts5 = t(|x| x.fts5_ms);
                let fts5_snippet = t(|x| x.fts5_snippet_ms);
                let scan = t(|x| x.scan_ms);
                let mut hits: Vec<usize> = scanned.iter().filter_map(|&i| self.timings[i].scan_count).collect();
                hits.sort_unstable();
                ClassRow {
                    class,
                    queries: idx.len(),
                    errors: idx.iter().filter(|&&i| self.timings[i].error.is_some()).count(),
                    tapir,
                    tapir_top1: t(|x| x.tapir_top1_ms),
                    fts5,
                    fts5_snippet,
                    scan,
                    tapir_vs_fts5: ratio(tapir, fts5),
                    tapir_vs_fts5_snippet: ratio(tapir, fts5_snippet),
                    tapir_vs_scan: ratio(tapir_on_scanned, scan),
                    median_scan_hits: hits.get(hits.len() / 2).copied(),
                }
            })
            .collect()
    }

    /// The ingest run of median wall time.
    pub fn ingest(&self) -> &Ingest {
        median_run(&self.ingests, |i| i.wall_s)
    }

    pub fn load(&self) -> &Fts5 {
        median_run(&self.loads, |f| f.load_s)
    }

    pub fn floor(&self) -> &Floor {
        median_run(&self.floors, |f| f.wall_s)
    }

    /// Median over runs of (tapir ingest rate / a peer's rate in the same run).
    pub fn ingest_over<T>(&self, peers: &[T], peer_rate: impl Fn(&T) -> f64) -> f64 {
        let mut r: Vec<f64> = self
            .ingests
            .iter()
            .zip(peers)
            .map(|(i, p)| (i.logical_messages as f64 / i.wall_s) / peer_rate(p))
            .collect();
        median(&mut r)
    }

    pub fn ingest_over_load(&self) -> f64 {
        self.ingest_over(&self.loads, |f| f.rows as f64 / f.load_s)
    }

    pub fn ingest_over_floor(&self) -> f64 {
        self.ingest_over(&self.floors, |f| f.docs as f64 / f.wall_s)
    }

    pub fn peak_rss_kib(&self) -> Option<u64> {
        self.ingests.iter().filter_map(|i| i.max_rss_kib).max()
    }

    pub fn print(&self) {
        let g = &self.generation;
        let i = self.ingest();
        let f = self.load();
        let rate = i.logical_messages as f64 / i.wall_s;
        let fts5_rate = f.rows as f64 / f.load_s;
        let runs = self.ingests.len();
        let list = |v: Vec<f64>| v.iter().map(|x| format!("{x:.1}")).collect::<Vec<_>>().join(", ");
        println!();
        println!("## compare: {} messages, {} devices, seed {}", self.args.messages, self.args.devices, self.args.seed);
        println!(
            "command: `CARGO_TARGET_DIR={} {}`",
            std::env::var("CARGO_TARGET_DIR").unwrap_or_default(),
            cargo_command()
        );
        println!("machine: {}; load at end {}", self.machine["summary"].as_str().unwrap_or_default(), loadavg());
        println!(
            "corpus: {} files, {:.2} GB of dumps{}",
            g.files,
            gb(g.dump_bytes),
            g.seconds.map_or(" (reused)".to_owned(), |s| format!(", generated in {s:.1} s"))
        );
        println!();
        println!("| ingest (`tapir ingest`, child process; median of {runs} run(s)) | |");
        println!("| --- | --- |");
        println!(
            "| wall | **{:.1} s** (runs: {} s) |",
            i.wall_s,
            list(self.ingests.iter().map(|x| x.wall_s).collect())
        );
        println!(
            "| logical messages | {} ({} decrypted): **{:.0} msgs/s** |",
            i.logical_messages, i.logical_decrypted, rate
        );
        println!("| message frames | {}: {:.0} frames/s |", i.message_frames, i.message_frames as f64 / i.wall_s);
        if let (Some(u), Some(s)) = (i.user_s, i.system_s) {
            println!("| CPU | user {u:.1} s + system {s:.1} s = {:.0} % of one core |", (u + s) / i.wall_s * 100.0);
        }
        if let Some(k) = self.peak_rss_kib() {
            println!("| peak RSS (`wait4` ru_maxrss, max of the runs) | **{:.0} MiB** |", k as f64 / 1024.0);
        }
        let anon = self.ingests.iter().map(|x| x.sampled.max_anon_kib).max().unwrap_or(0);
        let file = self.ingests.iter().map(|x| x.sampled.max_file_kib).max().unwrap_or(0);
        println!(
            "| of which (sampled every 50 ms, max of the runs) | anonymous (heap) **{:.0} MiB**; file-backed (mapped evidence, page cache) {:.0} MiB |",
            anon as f64 / 1024.0,
            file as f64 / 1024.0
        );
        println!("| phases (`tapir ingest`'s own timings) | {} |", i.phases);
        println!(
            "| index size | {:.2} GB ({:.0} B a logical message) |",
            gb(i.index_bytes),
            i.index_bytes as f64 / i.logical_messages.max(1) as f64
        );
        println!();
        println!("| FTS5 bulk load (SQLite {}, median of {runs} run(s)) | |", f.sqlite_version);
        println!("| --- | --- |");
        println!("| rows (documents with text) | {} ({} notes) |", f.rows, self.export.notes);
        println!(
            "| load (insert + commit) | **{:.1} s** (runs: {} s): **{:.0} rows/s** |",
            f.load_s,
            list(self.loads.iter().map(|x| x.load_s).collect()),
            fts5_rate
        );
        println!("| optimize (merge into one b-tree, before the queries) | {:.1} s |", f.optimize_s);
        println!("| database size | {:.2} GB |", gb(f.db_bytes));
        println!(
            "| tapir ingest rate / FTS5 load rate | **{:.2}** (median of per-run ratios; tapir decodes, decrypts, dedupes and indexes; FTS5 inserts clear text) |",
            self.ingest_over_load()
        );
        let fl = self.floor();
        println!();
        println!(
            "| tantivy floor: the same texts, one text field with positions, nothing else (median of {runs} run(s)) | |"
        );
        println!("| --- | --- |");
        println!(
            "| index + commit ({} threads, tapir's default budget) | **{:.1} s** (runs: {} s): **{:.0} docs/s**; CPU {:.1} s |",
            fl.threads,
            fl.wall_s,
            list(self.floors.iter().map(|x| x.wall_s).collect()),
            fl.docs as f64 / fl.wall_s,
            fl.cpu_s
        );
        println!("| tapir ingest rate / floor rate | **{:.2}** (median of per-run ratios) |", self.ingest_over_floor());
        println!();
        println!(
            "| export (`for_each_document`) | {:.1} s for {} documents; folding for the scan {:.1} s |",
            self.export.seconds, self.export.documents, self.fold_s
        );
        println!();
        println!(
            "Queries: {} documents; latency per query = median of {} runs (FTS5: {}; scan: 1 run), ms; p99 is nearest-rank over the class's queries.",
            self.documents, self.repeats, self.fts5_repeats
        );
        println!();
        println!(
            "| class | n | tapir p50 | tapir p99 | tapir top-1 p50 | FTS5 p50 | FTS5 p99 | FTS5+snippet p50 | scan p50 | scan p99 | tapir/FTS5 | tapir/FTS5+snip | tapir/scan | scan hits (median) |"
        );
        println!("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        let fmt = |s: Option<Stat>, p99: bool| {
            s.map_or("n/a".to_owned(), |s| format!("{:.3}", if p99 { s.p99 } else { s.p50 }))
        };
        let fr = |r: Option<f64>| r.map_or("n/a".to_owned(), ratio);
        for r in self.rows() {
            let scan_n = r.scan.map_or(0, |s| s.n);
            println!(
                "| {} | {}{} | {} | {} | {} | {} | {} | {} | {}{} | {} | {} | {} | {} | {} |",
                r.class.name(),
                r.queries,
                if r.errors > 0 { format!(" ({} errors)", r.errors) } else { String::new() },
                fmt(r.tapir, false),
                fmt(r.tapir, true),
                fmt(r.tapir_top1, false),
                fmt(r.fts5, false),
                fmt(r.fts5, true),
                fmt(r.fts5_snippet, false),
                fmt(r.scan, false),
                if scan_n < r.queries && scan_n > 0 { format!(" ({scan_n} q)") } else { String::new() },
                fmt(r.scan, true),
                fr(r.tapir_vs_fts5),
                fr(r.tapir_vs_fts5_snippet),
                fr(r.tapir_vs_scan),
                r.median_scan_hits.map_or("n/a".to_owned(), |h| h.to_string()),
            );
        }
        println!();
        let (agree, fts5_agree, with_fts5, mismatches) = self.check_summary();
        println!(
            "Hit counts (queries with ≤ {} scan hits): tapir = scan for {agree} of {}; FTS5 = scan for {fts5_agree} of {with_fts5} (FTS5 does not fold plurals).",
            self.args.check_cap,
            self.checks.len()
        );
        for c in mismatches.iter().take(10) {
            println!(
                "  tapir ≠ scan: {:?} ({}): scan {}, tapir {}, FTS5 {:?}",
                self.queries[c.query].tapir,
                self.queries[c.query].class.key(),
                c.scan,
                c.tapir,
                c.fts5
            );
        }
    }

    pub fn check_summary(&self) -> (usize, usize, usize, Vec<&Check>) {
        let agree = self.checks.iter().filter(|c| c.tapir == c.scan).count();
        let with_fts5 = self.checks.iter().filter(|c| c.fts5.is_some()).count();
        let fts5_agree = self.checks.iter().filter(|c| c.fts5 == Some(c.scan)).count();
        let mismatches = self.checks.iter().filter(|c| c.tapir != c.scan).collect();
        (agree, fts5_agree, with_fts5, mismatches)
    }

    pub fn json(&self) -> Value {
        let i = self.ingest();
        let f = self.load();
        let rate = i.logical_messages as f64 / i.wall_s;
        let fts5_rate = f.rows as f64 / f.load_s;
        let classes: serde_json::Map<String, Value> = self
            .rows()
            .into_iter()
            .map(|r| {
                (
                    r.class.key().to_owned(),
                    json!({
                        "queries": r.queries,
                        "errors": r.errors,
                        "tapir": Stat::json(r.tapir),
                        "tapir_top1": Stat::json(r.tapir_top1),
                        "fts5": Stat::json(r.fts5),
                        "fts5_snippet": Stat::json(r.fts5_snippet),
                        "scan": Stat::json(r.scan),
                        "ratio_p50_tapir_over_fts5": r.tapir_vs_fts5,
                        "ratio_p50_tapir_over_fts5_snippet": r.tapir_vs_fts5_snippet,
                        "ratio_p50_tapir_over_scan": r.tapir_vs_scan,
                        "median_scan_hits": r.median_scan_hits,
                    }),
                )
            })
            .collect();
        let (agree, fts5_agree, with_fts5, mismatches) = self.check_summary();
        let queries: Vec<Value> = self
            .queries
            .iter()
            .zip(self.timings)
            .map(|(q, t)| {
                json!({
                    "class": q.class.key(), "tapir": q.tapir, "fts5": q.fts5,
                    "tapir_ms": t.tapir_ms, "tapir_top1_ms": t.tapir_top1_ms, "fts5_ms": t.fts5_ms,
                    "fts5_snippet_ms": t.fts5_snippet_ms, "scan_ms": t.scan_ms,
                    "tapir_hits": t.tapir_hits, "fts5_hits": t.fts5_hits, "scan_count": t.scan_count, "error": t.error,
                })
            })
            .collect();
        json!({
            "command": cargo_command(),
            "options": {"messages": self.args.messages, "devices": self.args.devices, "seed": self.args.seed,
                        "queries": self.args.queries, "repeats": self.repeats, "fts5_repeats": self.fts5_repeats,
                        "scan_per_class": self.scan_per_class,
                        "check_cap": self.args.check_cap},
            "machine": {"cores": self.machine["cores"], "cpu": self.machine["cpu"], "mem_kib": self.machine["mem_kib"],
                        "commit": self.machine["commit"], "loadavg_start": self.machine["loadavg_start"], "loadavg_end": loadavg()},
            "corpus": {"files": self.generation.files, "dump_bytes": self.generation.dump_bytes,
                       "generate_seconds": self.generation.seconds, "reused": self.generation.reused},
            "ingest": {"command": i.command, "runs": self.ingests.len(), "median_wall_s": i.wall_s,
                       "logical_messages": i.logical_messages, "logical_decrypted": i.logical_decrypted,
                       "message_frames": i.message_frames, "logical_msgs_per_s": rate,
                       "frames_per_s": i.message_frames as f64 / i.wall_s, "peak_rss_kib_max": self.peak_rss_kib(),
                       "index_bytes": i.index_bytes,
                       "per_run": self.ingests.iter().map(|r| json!({"wall_s": r.wall_s, "user_s": r.user_s,
                           "system_s": r.system_s, "peak_rss_kib": r.max_rss_kib, "exit_code": r.exit_code,
                           "max_rss_anon_kib_sampled": r.sampled.max_anon_kib,
                           "max_rss_file_kib_sampled": r.sampled.max_file_kib, "rss_samples": r.sampled.samples,
                           "phases": r.phases})).collect::<Vec<_>>()},
            "export": {"seconds": self.export.seconds, "documents": self.export.documents, "with_text": f.rows,
                       "notes_with_text": self.export.notes, "without_text": self.export.without_text, "fold_seconds": self.fold_s},
            "fts5": {"sqlite_version": f.sqlite_version, "rows": f.rows, "runs": self.loads.len(),
                     "median_load_s": f.load_s, "rows_per_s": fts5_rate, "db_bytes": f.db_bytes,
                     "per_run": self.loads.iter().map(|r| json!({"load_s": r.load_s, "optimize_s": r.optimize_s}))
                         .collect::<Vec<_>>(),
                     "ratio_tapir_ingest_rate_over_fts5_load_rate": self.ingest_over_load()},
            "tantivy_floor": {"docs": self.floor().docs, "threads": self.floor().threads,
                              "median_wall_s": self.floor().wall_s,
                              "docs_per_s": self.floor().docs as f64 / self.floor().wall_s,
                              "per_run": self.floors.iter().map(|r| json!({"wall_s": r.wall_s, "cpu_s": r.cpu_s}))
                                  .collect::<Vec<_>>(),
                              "ratio_tapir_ingest_rate_over_floor_rate": self.ingest_over_floor()},
            "classes": classes,
            "hit_count_check": {"cap": self.args.check_cap, "checked": self.checks.len(), "tapir_equals_scan": agree,
                                "fts5_checked": with_fts5, "fts5_equals_scan": fts5_agree,
                                "mismatches": mismatches.iter().map(|c| json!({"query": self.queries[c.query].tapir,
                                    "class": self.queries[c.query].class.key(), "scan": c.scan, "tapir": c.tapir, "fts5": c.fts5})).collect::<Vec<_>>()},
            "queries": queries,
        })
    }
}

pub fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 }
}

/// A time ratio: `0.42`, or `1/250` when under 0.1.
pub fn ratio(r: f64) -> String {
    if r < 0.1 { format!("1/{:.0}", 1.0 / r) } else { format!("{r:.2}") }
}

/// Nearest-rank percentile of sorted values.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    let rank = ((p / 100.0) * sorted.len() as f64).ceil().max(1.0) as usize;
    sorted[rank.min(sorted.len()) - 1]
}

/// The run of median time (the lower middle one for an even count).
pub fn median_run<T>(runs: &[T], seconds: impl Fn(&T) -> f64) -> &T {
    let mut v: Vec<&T> = runs.iter().collect();
    v.sort_by(|a, b| seconds(a).total_cmp(&seconds(b)));
    v[(v.len() - 1) / 2]
}

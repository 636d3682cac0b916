//! The annotation store's costs, each beside a peer measured in the same run: SQLite itself,
//! with the store's settings, doing the bare minimum of the same work. A bench binary
//! (`harness = false`): figures and commands in `benches/README.md`, section "annotations".
//!
//! ```text
//! export CARGO_TARGET_DIR=/work/target-bench
//! cargo bench --bench annotations                       # 100,000 tagged messages, 10,000 findings
//! cargo bench --bench annotations -- --tagged 1000000
//! ```
//!
//! - `add_tag`: one tag put on a new message, acknowledged (its commit fsynced), median of
//!   `--changes` calls; peer: one row inserted into a one-column table in its own
//!   `BEGIN IMMEDIATE` transaction, same journal and synchronous settings, same directory.
//! - `visit_tagged`: every target of a tag (`--tagged` messages) streamed, median of 5 runs;
//!   peer: the same number of `(text, integer)` rows read from a plain table by its index.
//! - `summaries`: tags, notes, star and review of a page of 100 tagged targets.
//! - `review_progress`: progress over `--findings` findings, a third of them reviewed.

use std::path::Path;
use std::time::{Duration, Instant};

use tapir::annotations::{AnnotationStore, FindingId, ReviewState, Target};
use tapir::rules::Category;

struct Args {
    tagged: u64,
    findings: u64,
    changes: usize,
}

fn args() -> Args {
    let mut args = Args { tagged: 100_000, findings: 10_000, changes: 300 };
    let given: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < given.len() {
        let value = || given.get(i + 1).and_then(|v| v.parse::<u64>().ok()).expect("a number after the option");
        match given[i].as_str() {
            "--tagged" => args.tagged = value(),
            "--findings" => args.findings = value(),
            "--changes" => args.changes = value() as usize,
            _ => {
                i += 1;
                continue;
            }
        }
        i += 2;
    }
    args
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn timed(runs: usize, mut f: impl FnMut()) -> Duration {
    median(
        (0..runs)
            .map(|_| {
                let started = Instant::now();
                f();
                started.elapsed()
            })
            .collect(),
    )
}

fn peer_connection(path: &Path) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.pragma_update_and_check(None, "journal_mode", "WAL", |_| Ok(())).unwrap();
    conn.pragma_update(None, "synchronous", "FULL").unwrap();
    conn
}

fn main() {
    let args = args();
    // On the disk, not in memory: fsync is what an acknowledged change costs.
    let dir = tempfile::tempdir_in(std::env::var_os("CARGO_TARGET_DIR").unwrap_or_else(|| "target".into())).unwrap();
    std::fs::write(dir.path().join("tapir-index.json"), br#"{"format":"tapir-index","schema_version":2}"#).unwrap();
    let store = AnnotationStore::open(dir.path()).unwrap();
    let mut peer = peer_connection(&dir.path().join("peer.sqlite"));
    peer.execute_batch(
        "CREATE TABLE one (v INTEGER); CREATE TABLE rows (k TEXT, n INTEGER); CREATE INDEX rows_k ON rows (k)",
    )
    .unwrap();

    // Setup (not timed): a tag on `tagged` messages, pages of 1000 in one transaction each.
    let started = Instant::now();
    let targets: Vec<Target> = (0..args.tagged).map(|i| Target::message(format!("wolf-zwart{}", i % 500), i)).collect();
    for chunk in targets.chunks(tapir::annotations::MAX_PAGE) {
        store.add_tag_to_all("bench", chunk, "bulk").unwrap();
    }
    {
        let tx = peer.transaction().unwrap();
        let mut insert = tx.prepare("INSERT INTO rows VALUES ('bulk', ?1)").unwrap();
        for i in 0..args.tagged {
            insert.execute([i as i64]).unwrap();
        }
        drop(insert);
        tx.commit().unwrap();
    }
    let findings: Vec<FindingId> = (0..args.findings)
        .map(|i| FindingId { category: Category::RULE_CATEGORIES[(i % 5) as usize], conversation: i })
        .collect();
    for f in findings.iter().step_by(3) {
        store.set_review("bench", *f, ReviewState::Confirmed, None).unwrap();
    }
    println!(
        "setup: {} tagged messages, {} findings in {:.1} s",
        args.tagged,
        args.findings,
        started.elapsed().as_secs_f64()
    );

    let mut n = 0u64;
    let add = timed(args.changes, || {
        n += 1;
        store.add_tag("bench", &Target::message("renard-gris17", n), "new").unwrap();
    });
    let insert = timed(args.changes, || {
        let tx = peer.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).unwrap();
        tx.execute("INSERT INTO one VALUES (1)", []).unwrap();
        tx.commit().unwrap();
    });
    println!(
        "add_tag            {:>10.3} ms   peer insert+commit {:>8.3} ms   ratio {:.2}",
        ms(add),
        ms(insert),
        ratio(add, insert)
    );

    let visit = timed(5, || {
        let mut count = 0u64;
        store.visit_tagged("bulk", |_| count += 1).unwrap();
        assert_eq!(count, args.tagged);
    });
    let scan = timed(5, || {
        let mut stmt = peer.prepare_cached("SELECT k, n FROM rows WHERE k = 'bulk'").unwrap();
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))).unwrap();
        assert_eq!(rows.count() as u64, args.tagged);
    });
    println!(
        "visit_tagged       {:>10.3} ms   peer select        {:>8.3} ms   ratio {:.2}   ({} targets)",
        ms(visit),
        ms(scan),
        ratio(visit, scan),
        args.tagged
    );

    let page: Vec<Target> = targets.iter().take(100).cloned().collect();
    let summaries = timed(20, || {
        assert_eq!(store.summaries("bench", &page).unwrap().len(), 100);
    });
    println!("summaries (100)    {:>10.3} ms", ms(summaries));
    let progress = timed(5, || {
        store.review_progress(&findings).unwrap();
    });
    println!("review_progress    {:>10.3} ms   ({} findings)", ms(progress), args.findings);
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64().max(1e-12)
}

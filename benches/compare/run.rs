//! Step 5: the query set run warm against each engine, and hit counts checked.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::Instant;

use tapir::TapirIndex;

use crate::BoxError;
use crate::peers::fts5::fts5_top;
use crate::peers::scan::Folded;
use crate::peers::tapir::{TOP, tapir_search};
use crate::queries::{Class, Query};
use crate::report::median;

/// Per query: latencies in ms (`None`: not run or not applicable) and what came back.
#[derive(Clone, Debug, Default)]
pub struct Timing {
    pub tapir_ms: Option<f64>,
    pub tapir_top1_ms: Option<f64>,
    pub fts5_ms: Option<f64>,
    pub fts5_snippet_ms: Option<f64>,
    pub scan_ms: Option<f64>,
    pub tapir_hits: usize,
    pub fts5_hits: usize,
    pub scan_count: Option<usize>,
    pub error: Option<String>,
}

pub fn run_queries(
    index: &TapirIndex,
    conn: &rusqlite::Connection,
    folded: &Folded,
    queries: &[Query],
    repeats: usize,
    fts5_repeats: usize,
    scan_per_class: usize,
) -> Result<Vec<Timing>, BoxError> {
    let mut top = conn.prepare(&format!("SELECT rowid FROM t WHERE t MATCH ?1 ORDER BY rank LIMIT {TOP}"))?;
    let mut top_snippet = conn.prepare(&format!(
        "SELECT rowid, snippet(t, 0, '[', ']', '…', 16) FROM t WHERE t MATCH ?1 ORDER BY rank LIMIT {TOP}"
    ))?;
    let mut timings = vec![Timing::default(); queries.len()];
    let ms = |t: Instant| t.elapsed().as_secs_f64() * 1e3;

    // Warm-up: the whole set once per engine, untimed.
    let t = Instant::now();
    for (q, timing) in queries.iter().zip(&mut timings) {
        if let Err(e) = tapir_search(index, &q.tapir, TOP) {
            timing.error = Some(e);
        }
        let _ = tapir_search(index, &q.tapir, 1);
        if let Some(expr) = &q.fts5 {
            fts5_top(&mut top, expr, false)?;
        }
    }
    eprintln!("[run] warm-up {:.1} s", t.elapsed().as_secs_f64());

    // Timed: engines interleaved query by query, so that noise hits them alike.
    let t = Instant::now();
    let mut samples: Vec<[Vec<f64>; 4]> = vec![Default::default(); queries.len()];
    for rep in 0..repeats {
        for (i, q) in queries.iter().enumerate() {
            if timings[i].error.is_some() {
                continue;
            }
            let t0 = Instant::now();
            timings[i].tapir_hits = tapir_search(index, &q.tapir, TOP).unwrap_or(0);
            samples[i][0].push(ms(t0));
            let t0 = Instant::now();
            black_box(tapir_search(index, &q.tapir, 1).unwrap_or(0));
            samples[i][1].push(ms(t0));
            if let Some(expr) = q.fts5.as_ref().filter(|_| rep < fts5_repeats) {
                let t0 = Instant::now();
                timings[i].fts5_hits = fts5_top(&mut top, expr, false)?;
                samples[i][2].push(ms(t0));
                let t0 = Instant::now();
                black_box(fts5_top(&mut top_snippet, expr, true)?);
                samples[i][3].push(ms(t0));
            }
        }
    }
    for (timing, s) in timings.iter_mut().zip(&mut samples) {
        let m = |v: &mut Vec<f64>| (!v.is_empty()).then(|| median(v));
        timing.tapir_ms = m(&mut s[0]);
        timing.tapir_top1_ms = m(&mut s[1]);
        timing.fts5_ms = m(&mut s[2]);
        timing.fts5_snippet_ms = m(&mut s[3]);
    }
    eprintln!("[run] tapir: {repeats} run(s), FTS5: {fts5_repeats}: {:.1} s", t.elapsed().as_secs_f64());

    // The scan: once per query (its cost is linear and steady), a subset of each class if asked.
    let t = Instant::now();
    let mut scanned: BTreeMap<Class, usize> = BTreeMap::new();
    for (q, timing) in queries.iter().zip(&mut timings) {
        let n = scanned.entry(q.class).or_default();
        if *n >= scan_per_class {
            continue;
        }
        *n += 1;
        let t0 = Instant::now();
        let hits = black_box(q.scan(folded));
        timing.scan_ms = Some(ms(t0));
        timing.scan_count = Some(hits.len());
    }
    eprintln!("[run] scan: {:.1} s", t.elapsed().as_secs_f64());
    Ok(timings)
}

/// Hit counts compared, for one query.
#[derive(Clone, Debug)]
pub struct Check {
    pub query: usize,
    pub scan: usize,
    pub tapir: usize,
    pub fts5: Option<usize>,
}

/// For every scanned query with at most `cap` hits: tapir's count (a search with a limit
/// above the scan's count; tapir has no count-only search) and FTS5's `count(*)`.
pub fn sanity_checks(
    index: &TapirIndex,
    conn: &rusqlite::Connection,
    queries: &[Query],
    timings: &[Timing],
    cap: usize,
) -> Result<Vec<Check>, BoxError> {
    let mut count = conn.prepare("SELECT count(*) FROM t WHERE t MATCH ?1")?;
    let mut checks = Vec::new();
    for (i, (q, timing)) in queries.iter().zip(timings).enumerate() {
        let Some(scan) = timing.scan_count else { continue };
        if scan > cap || timing.error.is_some() {
            continue;
        }
        let tapir = tapir_search(index, &q.tapir, scan + 10).unwrap_or(0);
        let fts5 = match &q.fts5 {
            Some(expr) => Some(count.query_row([expr], |r| r.get::<_, i64>(0))? as usize),
            None => None,
        };
        checks.push(Check { query: i, scan, tapir, fts5 });
    }
    Ok(checks)
}

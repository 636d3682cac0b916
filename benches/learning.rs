//! The learning layer's costs (issue 14 §3: "suggestions after a retrain ≤ 10 s"). A bench
//! binary (`harness = false`); figures and commands in `benches/README.md`, "learning".
//!
//! ```text
//! cargo bench --bench learning                                 # synthetic: 20,000 conversations
//! cargo bench --bench learning -- --conversations 200000
//! cargo bench --bench learning -- --index /tmp/i5              # a real case (2M, 20M…)
//! ```
//!
//! - `segments`: every message read and cut into segments (once per suggest run);
//! - `retrain+suggest`: the models of the five categories trained on the labels (a dozen
//!   confirmed and dismissed reviews, and on a real case the rule hits) and every unreviewed
//!   segment ranked; median of `--runs`.

use std::time::{Duration, Instant};

use tapir::TapirIndex;
use tapir::annotations::{FindingId, ReviewState};
use tapir::index::{HuntOptions, SilentProgress};
use tapir::learning::{SegmentOptions, Segments, SuggestOptions, suggest};
use tapir::rules::Category;

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let given: Vec<String> = std::env::args().skip(1).collect();
    let value = |name: &str| given.iter().position(|a| a == name).and_then(|i| given.get(i + 1)).cloned();
    let runs: usize = value("--runs").and_then(|v| v.parse().ok()).unwrap_or(3).max(1);
    let started = Instant::now();
    let (segments, findings, reviews) = match value("--index") {
        Some(dir) => {
            let index = TapirIndex::open(std::path::Path::new(&dir)).expect("an index");
            let t = Instant::now();
            let segments = Segments::build(&index, SegmentOptions::default(), &SilentProgress).expect("segments");
            println!("segments: {} from {dir} in {:.2} s", segments.len(), t.elapsed().as_secs_f64());
            let t = Instant::now();
            let rules = tapir::rules::builtin().expect("packs");
            let findings = index.hunt(&rules, &HuntOptions::default()).expect("hunt").findings;
            println!("hunt: {} findings in {:.2} s", findings.len(), t.elapsed().as_secs_f64());
            let reviews: Vec<(FindingId, ReviewState)> = findings
                .iter()
                .take(12)
                .enumerate()
                .map(|(i, f)| (f.id, if i % 3 == 0 { ReviewState::Dismissed } else { ReviewState::Confirmed }))
                .collect();
            (segments, findings, reviews)
        }
        None => {
            let n: u64 = value("--conversations").and_then(|v| v.parse().ok()).unwrap_or(20_000);
            let chat: Vec<&str> = include_str!("data/chat.txt").lines().filter(|l| !l.is_empty()).collect();
            let threat = ["the kalash and two magazines", "bring the cash for the rifle", "ammunition in the van"];
            let t = Instant::now();
            let segments = Segments::from_conversations(
                (0..n).map(|c| {
                    let texts: Vec<&str> = (0..40u64)
                        .map(|i| {
                            if c % 500 == 0 && i % 4 == 0 {
                                threat[(i as usize / 4) % threat.len()]
                            } else {
                                chat[((c * 7 + i * 13) % chat.len() as u64) as usize]
                            }
                        })
                        .collect();
                    (c, texts)
                }),
                SegmentOptions::default(),
            );
            println!(
                "segments: {} synthetic from {n} conversations in {:.2} s",
                segments.len(),
                t.elapsed().as_secs_f64()
            );
            let reviews = (0..n)
                .step_by(500)
                .take(8)
                .map(|c| (FindingId { category: Category::Weapons, conversation: c }, ReviewState::Confirmed))
                .chain([(FindingId { category: Category::Weapons, conversation: 1 }, ReviewState::Dismissed)])
                .collect();
            (segments, Vec::new(), reviews)
        }
    };
    let options = SuggestOptions::default();
    let mut times = Vec::new();
    let mut shown = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let report = suggest(&segments, &findings, &reviews, &options).expect("suggest");
        times.push(t.elapsed());
        shown = report.suggestions.len();
    }
    println!(
        "retrain+suggest: median {:.3} s of {runs} ({} models' categories, {shown} suggestions); total {:.1} s",
        median(times).as_secs_f64(),
        Category::RULE_CATEGORIES.len(),
        started.elapsed().as_secs_f64()
    );
}

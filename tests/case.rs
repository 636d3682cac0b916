//! The case facade (`tapir::Case`): every read appends exactly one audit record naming the
//! analyst the case was opened for; an ingest by another process becomes visible to an open
//! case without reopening it.

use std::path::{Path, PathBuf};

use tapir::annotations::{FindingId, ReviewState};
use tapir::export::TimelineFormat;
use tapir::index::{BatchQuery, HuntOptions, SearchOptions, SilentProgress, ThreadOptions};
use tapir::rules::{Category, Level};
use tapir::{Analyst, Case};
use tapir_corpora::GenOptions;

use crate::support::tapir;

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A generated corpus (no damage) in cargo's scratch directory `NAME/corpus`.
fn corpus(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    let corpus = dir.join("corpus");
    let options = GenOptions { seed: 21, devices: 3, messages: 800, damage: false };
    tapir_corpora::generate(&corpus, &options, &tapir::crypto::AesGcmSealer, &|_| {}).expect("generate");
    corpus
}

/// `tapir ingest` (another process) of `dumps` into `index`.
fn ingest(index: &Path, corpus: &Path, dumps: &[PathBuf]) {
    let keys = corpus.join("keys/seized.keys");
    let mut args = vec!["ingest", "--index", s(index), "--keys", s(&keys)];
    args.extend(dumps.iter().map(|d| s(d)));
    let out = tapir(&args);
    assert_eq!(out.status.code(), Some(0), "ingest: {}", String::from_utf8_lossy(&out.stderr));
}

fn dumps(corpus: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus.join("dumps")).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files
}

fn everything() -> SearchOptions {
    SearchOptions {
        query: "kind:text OR kind:image OR kind:location OR kind:note".into(),
        limit: 5,
        ..Default::default()
    }
}

#[test]
fn each_read_appends_one_record_naming_the_analyst() {
    let corpus = corpus("case-audit");
    let index = corpus.parent().unwrap().join("idx");
    ingest(&index, &corpus, &dumps(&corpus));
    let case = Case::open(&index, Analyst::new("j.dupont").unwrap()).unwrap();
    let before = case.trail().records().unwrap().len();
    assert_eq!(before, 0);
    let mut expected: Vec<(&str, u64)> = Vec::new();
    let mut after = |command: &'static str, results: u64| {
        expected.push((command, results));
        let records = case.trail().records().unwrap();
        assert_eq!(records.len(), expected.len(), "{command}: one record per read, {records:?}");
        let last = records.last().unwrap();
        assert_eq!((last.analyst.as_str(), last.command.as_str(), last.results), ("j.dupont", command, results));
    };

    let texts = SearchOptions { query: "kind:text".into(), limit: 5, ..Default::default() };
    let hits: Vec<_> = case.search(&texts, &"given").unwrap().map(|h| h.unwrap()).collect();
    assert_eq!(hits.len(), 5);
    after("search", 5);
    let first = hits.iter().find(|h| !h.recipient.is_empty()).expect("a message among the hits");
    let options = ThreadOptions { a: first.sender.clone(), b: first.recipient.clone(), ..Default::default() };
    let thread = case.thread(&options, &"given").unwrap();
    assert!(!thread.messages.is_empty());
    after("thread", thread.messages.len() as u64);
    let rules = tapir::rules::builtin().unwrap();
    let hunt = HuntOptions {
        from: None,
        to: None,
        categories: Vec::<Category>::new(),
        min_level: Level::Low,
        watchlist: None,
    };
    let report = case.hunt(&rules, &hunt, &SilentProgress, &"given").unwrap();
    after("hunt", report.findings.len() as u64);
    let entities = case.entities(None, None, &SilentProgress, &"given").unwrap();
    after("entities", entities.len() as u64);
    let stats = case.stats(&"given").unwrap();
    assert_eq!(stats.logical_messages, 800);
    after("stats", 1);
    let verify = case.verify(&[], &"given").unwrap();
    assert!(verify.all_ok());
    after("verify", verify.files.len() as u64);
    let queries = vec![
        BatchQuery { id: "1".into(), line: 1, query: "kind:location".into(), from: None, to: None },
        BatchQuery { id: "2".into(), line: 2, query: "status:".into(), from: None, to: None },
    ];
    let counts = case.batch_count(&queries, 3, |totals| totals.len()).unwrap();
    let located = *counts.totals()[0].as_ref().unwrap();
    assert!(located > 0 && counts.totals()[1].is_err());
    after("batch", located.min(3) as u64);
    let mut streamed = 0;
    case.batch_hits(&counts, |_, stream| {
        streamed += stream.unwrap().count();
        Ok::<_, ()>(())
    })
    .unwrap();
    // The hits of a counted batch are the record's: no second one.
    assert_eq!((streamed, case.trail().records().unwrap().len()), (located.min(3), expected_len(&case, 7)));
    let mut timeline = Vec::new();
    let exported =
        case.export_timeline(TimelineFormat::Jsonl, (None, None), &mut timeline, &SilentProgress, &"given").unwrap();
    assert_eq!(exported.rows as usize, String::from_utf8(timeline).unwrap().lines().count());
    after("export", exported.rows);
    let graph = case.export_graph(&SilentProgress, &"given").unwrap();
    after("export", (graph.nodes.len() + graph.edges.len()) as u64);
    if let Some(f) = report.findings.first() {
        let id: FindingId = f.id;
        let review = case.review(id, ReviewState::Confirmed, Some("seen"), &"given").unwrap();
        assert_eq!(review.reviewer, "j.dupont");
        after("review", 1);
    }
    let shown = case.audit_records(&"given").unwrap();
    after("audit_show", shown.len() as u64);
    match case.audit_verify(&"given").unwrap() {
        tapir::audit::VerifyOutcome::Intact { records, .. } => {
            assert_eq!(records as usize, case.trail().records().unwrap().len());
        }
        broken => panic!("{broken:?}"),
    }
    // Nothing reads around the facade: every record above names the analyst.
    assert!(case.trail().records().unwrap().iter().all(|r| r.analyst == "j.dupont"));
}

/// The records the trail holds, checked to be `n`.
fn expected_len(case: &Case, n: usize) -> usize {
    let len = case.trail().records().unwrap().len();
    assert_eq!(len, n);
    len
}

#[test]
fn another_process_ingest_is_visible_without_reopening() {
    let corpus = corpus("case-reload");
    let index = corpus.parent().unwrap().join("idx");
    let files = dumps(&corpus);
    assert!(files.len() >= 2, "{files:?}");
    ingest(&index, &corpus, &files[..1]);
    let case = Case::open(&index, Analyst::new("a.martin").unwrap()).unwrap();
    let first = case.stats(&"before").unwrap();
    let total_before = case.search(&everything(), &"before").unwrap().total();
    ingest(&index, &corpus, &files[1..]);
    let second = case.stats(&"after").unwrap();
    let total_after = case.search(&everything(), &"after").unwrap().total();
    assert!(second.evidence_files.len() > first.evidence_files.len(), "{first:?} -> {second:?}");
    assert!(second.logical_messages > first.logical_messages);
    assert!(total_after > total_before, "{total_before} -> {total_after}");
    assert_eq!(second.logical_messages, 800);
}

/// One opened case read by many analysts from many threads at once: every read appends its
/// own record naming its analyst, none lost or interleaved (the chain verifies).
#[test]
fn a_shared_case_audits_parallel_reads_of_many_analysts() {
    let corpus = corpus("case-shared");
    let index = corpus.parent().unwrap().join("idx");
    ingest(&index, &corpus, &dumps(&corpus));
    let shared = tapir::SharedCase::open(&index).unwrap();
    let (threads, reads) = (8, 12);
    std::thread::scope(|scope| {
        for t in 0..threads {
            let case = shared.for_analyst(Analyst::new(&format!("analyst{t}")).unwrap());
            scope.spawn(move || {
                for r in 0..reads {
                    case.stats(&serde_json::json!({ "read": r })).unwrap();
                }
            });
        }
    });
    let case = shared.for_analyst(Analyst::new("checker").unwrap());
    let records = case.trail().records().unwrap();
    assert_eq!(records.len(), threads * reads);
    for t in 0..threads {
        let name = format!("analyst{t}");
        assert_eq!(records.iter().filter(|r| r.analyst == name).count(), reads, "{name}");
    }
    match case.trail().verify().unwrap() {
        tapir::audit::VerifyOutcome::Intact { records, .. } => assert_eq!(records as usize, threads * reads),
        broken => panic!("trail broken after parallel appends: {broken:?}"),
    }
}

/// A search restricted to a tag or a review state matches exactly the documents the case's
/// annotations name, and the facets count them: tags per label, review states per state
/// (every document of a reviewed finding's conversation).
#[test]
fn searches_within_tags_and_reviews_and_their_facets_count_them() {
    use tapir::annotations::{AnnotationStore, MessageRef, Target};
    let corpus = corpus("case-within");
    let index = corpus.parent().unwrap().join("idx");
    ingest(&index, &corpus, &dumps(&corpus));
    let case = Case::open(&index, Analyst::new("j.dupont").unwrap()).unwrap();
    let all = SearchOptions { limit: usize::MAX, ..everything() };
    let hits: Vec<_> = case.search(&all, &"all").unwrap().map(Result::unwrap).collect();
    // Two messages (not notes: a note's finding is its owner's), far apart.
    let messages: Vec<_> = hits.iter().filter(|h| !h.recipient.is_empty()).collect();
    let (a, b) = (messages[0], messages[messages.len() / 2]);
    let store = AnnotationStore::open(&index).unwrap();
    for hit in [a, b] {
        let target = Target::Message(MessageRef { sender: hit.sender.clone(), message_id: hit.message_id });
        store.add_tag("j.dupont", &target, "suspect").unwrap();
    }
    let finding = FindingId::of(Category::Kidnapping, &{
        let mut pair = vec![a.sender.clone(), a.recipient.clone()];
        pair.sort();
        pair
    });
    case.review(finding, ReviewState::Confirmed, None, &"given").unwrap();
    let conversation = hits
        .iter()
        .filter(|h| {
            [&h.sender, &h.recipient] == [&a.sender, &a.recipient]
                || [&h.recipient, &h.sender] == [&a.sender, &a.recipient]
        })
        .count();

    let within = |tag, review| {
        let options = SearchOptions { within: case.within(tag, review).unwrap(), ..all.clone() };
        case.search(&options, &"within").unwrap().total()
    };
    assert_eq!(within(Some("suspect"), None), 2);
    assert_eq!(within(Some("nobody-used-this"), None), 0);
    assert_eq!(within(None, Some(ReviewState::Confirmed)), conversation);
    assert_eq!(within(None, Some(ReviewState::Dismissed)), 0);
    assert_eq!(
        within(Some("suspect"), Some(ReviewState::Confirmed)),
        1 + usize::from(
            b.sender == a.sender && b.recipient == a.recipient || b.sender == a.recipient && b.recipient == a.sender
        )
    );

    let stream = case.search(&all, &"facets").unwrap();
    let facets = case.facets(&stream, 10).unwrap();
    let pairs = |f: &tapir::index::Facet| f.values.iter().map(|v| (v.value.clone(), v.count)).collect::<Vec<_>>();
    assert_eq!(pairs(&facets.tag), [("suspect".to_owned(), 2)]);
    assert_eq!(pairs(&facets.review), [("confirmed".to_owned(), conversation as u64)]);
    assert_eq!(facets.facets.days.iter().map(|d| d.count).sum::<u64>(), hits.len() as u64);
    let json = serde_json::to_value(&facets).unwrap();
    for key in ["sender", "recipient", "device", "status", "kind", "language", "days", "tag", "review"] {
        assert!(json.get(key).is_some(), "{key} in {json}");
    }
}

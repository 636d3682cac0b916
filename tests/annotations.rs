//! The case's annotation store (issue 13 §4): finding ids that stay the same across ingests,
//! concurrent writers, acknowledged writes surviving SIGKILL, and `tapir review`.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Barrier, OnceLock};
use std::time::{Duration, Instant};

use serde_json::Value;
use tapir::TapirIndex;
use tapir::annotations::{AnnotationStore, FindingId, PageRequest, ReviewState, Target, read_all};
use tapir::index::{Finding, HuntOptions, SearchOptions};
use tapir::rules::Category;
use tapir_corpora::GenOptions;

use crate::support::{generated_index, snapshot, tapir};

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn hunt(index: &Path) -> Vec<Finding> {
    let index = TapirIndex::open(index).unwrap();
    index.hunt(&tapir::rules::builtin().unwrap(), &HuntOptions::default()).unwrap().findings
}

/// A generated case, ingested once per test process.
fn case() -> &'static (PathBuf, PathBuf) {
    static CASE: OnceLock<(PathBuf, PathBuf)> = OnceLock::new();
    CASE.get_or_init(|| {
        generated_index("annotations-corpus", &GenOptions { seed: 13, devices: 6, messages: 8_000, damage: false })
    })
}

/// An empty tapir index directory: all the store needs.
fn empty_case() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("tapir-index.json"), br#"{"format":"tapir-index","schema_version":2}"#).unwrap();
    dir
}

/// A finding's id is its category and its conversation's `conversation_id`: unique in a
/// hunt, the same whether the dumps came in one run or two, naming exactly the documents of
/// its conversation; a review written between two ingests still names its finding after.
#[test]
fn finding_ids_are_unique_stable_across_ingests_and_name_their_conversation() {
    let (corpus, whole) = case();
    let dir = tempfile::tempdir().unwrap();
    let split = dir.path().join("split");
    let mut dumps: Vec<PathBuf> = std::fs::read_dir(corpus.join("dumps")).unwrap().map(|e| e.unwrap().path()).collect();
    dumps.sort();
    let keys = corpus.join("keys/seized.keys");
    let (first, rest) = dumps.split_at(dumps.len() / 2);
    let ingest = |files: &[PathBuf]| {
        let mut args = vec!["ingest", "--index", s(&split), "--keys", s(&keys)];
        args.extend(files.iter().map(|f| s(f)));
        let out = tapir(&args);
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    };
    ingest(first);
    let early = hunt(&split);
    assert!(!early.is_empty(), "half the dumps already give findings");
    let reviewed = early[0].id;
    let store = AnnotationStore::open(&split).unwrap();
    store.set_review("alice", reviewed, ReviewState::Confirmed, Some("before the second ingest")).unwrap();
    drop(store);
    ingest(rest);

    let by_id = |findings: &[Finding]| -> BTreeMap<FindingId, (Category, Vec<String>)> {
        let map: BTreeMap<_, _> = findings.iter().map(|f| (f.id, (f.category, f.participants.clone()))).collect();
        assert_eq!(map.len(), findings.len(), "two findings share an id");
        map
    };
    let whole_findings = hunt(whole);
    let (one_run, two_runs) = (by_id(&whole_findings), by_id(&hunt(&split)));
    assert_eq!(one_run, two_runs, "the same findings under the same ids, ingested at once or in two runs");
    for (id, (category, participants)) in &by_id(&early) {
        if let Some(later) = two_runs.get(id) {
            assert_eq!(later, &(*category, participants.clone()), "{id} names another finding after an ingest");
        }
    }
    assert!(two_runs.contains_key(&reviewed), "the finding reviewed early is still found");
    let store = AnnotationStore::open(&split).unwrap();
    assert_eq!(store.review(reviewed).unwrap().map(|r| r.state), Some(ReviewState::Confirmed));

    // The id's conversation is exactly the documents between its participants.
    let index = TapirIndex::open(whole).unwrap();
    let mut pairs = 0;
    for f in whole_findings.iter().filter(|f| f.participants.len() == 2) {
        let (a, b) = (f.participants[0].clone(), f.participants[1].clone());
        let options = SearchOptions { between: Some((a, b)), limit: 1, ..SearchOptions::default() };
        let between = index.search_stream(&options).unwrap().total();
        assert_eq!(index.conversation_documents(f.id.conversation).unwrap(), between, "{}", f.id);
        assert_eq!(f.id.to_string().parse::<FindingId>().unwrap(), f.id);
        pairs += 1;
    }
    assert!(pairs > 0);
}

/// Writers in several threads, some sharing a store and some with a store of their own (as
/// separate processes have), lose nothing; racing to put one tag on one target makes one
/// tag; edits of one note (a read, then a write) all land in its history.
#[test]
fn concurrent_writers_lose_nothing() {
    const THREADS: usize = 8;
    const ROUNDS: u64 = 20;
    let dir = empty_case();
    let shared = Arc::new(AnnotationStore::open(dir.path()).unwrap());
    let contested = Target::message("wolf-zwart3", 1);
    let finding = FindingId { category: Category::Kidnapping, conversation: 7 };
    let shared_note = shared.add_note("lead", &contested, "shared").unwrap().id;
    let start = Arc::new(Barrier::new(THREADS));
    let workers: Vec<_> = (0..THREADS)
        .map(|t| {
            let store =
                if t % 2 == 0 { Arc::clone(&shared) } else { Arc::new(AnnotationStore::open(dir.path()).unwrap()) };
            let (contested, start) = (contested.clone(), Arc::clone(&start));
            std::thread::spawn(move || {
                let user = format!("analyst{t}");
                start.wait();
                let won = store.add_tag(&user, &contested, "contested").unwrap().changed;
                let mut written = Vec::new();
                for i in 0..ROUNDS {
                    let own = Target::message(format!("sender{t}"), i);
                    let tag = store.add_tag(&user, &own, &format!("t{}", i % 3)).unwrap().record;
                    let note = store.add_note(&user, &own, &format!("note {t}/{i}")).unwrap();
                    let review =
                        store.set_review(&user, finding, ReviewState::FollowUp, Some(&format!("{t}/{i}"))).unwrap();
                    store.set_star(&user, &own).unwrap();
                    store.edit_note(&user, shared_note, &format!("edit {t}/{i}")).unwrap();
                    written.push((tag, note, review));
                }
                (won, written)
            })
        })
        .collect();
    let results: Vec<_> = workers.into_iter().map(|w| w.join().unwrap()).collect();
    assert_eq!(results.iter().filter(|(won, _)| *won).count(), 1, "one writer put the contested tag on");
    let all_tags = shared.tags_of(&contested, true, &PageRequest::first(0)).unwrap().items;
    assert_eq!(all_tags.len(), 1);

    let history = read_all(|p| shared.review_history(finding, p)).unwrap();
    assert_eq!(history.len(), THREADS * ROUNDS as usize, "every review kept");
    let notes: BTreeSet<&str> = history.iter().filter_map(|r| r.note.as_deref()).collect();
    assert_eq!(notes.len(), THREADS * ROUNDS as usize);
    for (t, (_, written)) in results.iter().enumerate() {
        let user = format!("analyst{t}");
        assert_eq!(shared.stars(&user, &PageRequest::first(0)).unwrap().items.len(), ROUNDS as usize);
        for (tag, note, review) in written {
            assert_eq!(
                shared.tags_of(&tag.target, false, &PageRequest::first(0)).unwrap().items,
                std::slice::from_ref(tag)
            );
            assert_eq!(&shared.note(note.id).unwrap(), note);
            assert!(history.contains(review), "{review:?}");
        }
    }
    let revisions = read_all(|p| shared.note_history(shared_note, p)).unwrap();
    assert_eq!(revisions.len(), 1 + THREADS * ROUNDS as usize, "created, then every edit");
    let counts = shared.tag_counts(&PageRequest::first(0)).unwrap().items;
    let total: u64 = counts.iter().map(|c| c.targets).sum();
    assert_eq!(total, 1 + THREADS as u64 * ROUNDS);
    assert!(shared.check().unwrap().is_empty());
}

/// Set in the environment of the child writer of [`acknowledged_annotations_survive_sigkill`].
const WRITER_ENV: &str = "TAPIR_TEST_ANNOTATION_WRITER";

/// An annotation a writer acknowledged, as it printed it.
#[derive(Debug)]
enum Ack {
    Tag { id: i64, target: Target, label: String },
    Note { id: i64, text: String },
    Review { id: i64, finding: FindingId, state: ReviewState },
}

/// The child: writes annotations from three threads until killed, printing each one (one
/// line, flushed) once the store has returned it.
fn write_until_killed(dir: &Path, writer: &str) -> ! {
    let store = Arc::new(AnnotationStore::open(dir).unwrap());
    let threads: Vec<_> = (0..3)
        .map(|t| {
            let store = Arc::clone(&store);
            let writer = writer.to_owned();
            std::thread::spawn(move || {
                let user = format!("{writer}-{t}");
                for i in 0u64.. {
                    let target = Target::message(format!("{writer}/{t}"), i);
                    let line = match i % 3 {
                        0 => {
                            let tag = store.add_tag(&user, &target, &format!("label {}", i % 5)).unwrap().record;
                            serde_json::json!({"tag": tag.id, "target": target.to_string(), "label": tag.label})
                        }
                        1 => {
                            let note = store.add_note(&user, &target, &format!("{user} note {i}")).unwrap();
                            serde_json::json!({"note": note.id, "text": note.text})
                        }
                        _ => {
                            let finding = FindingId { category: Category::Weapons, conversation: i % 4 };
                            let state = if i % 2 == 0 { ReviewState::Confirmed } else { ReviewState::Dismissed };
                            let review = store.set_review(&user, finding, state, None).unwrap();
                            serde_json::json!({"review": review.id, "finding": finding.to_string(), "state": state.as_str()})
                        }
                    };
                    let mut out = std::io::stdout().lock();
                    writeln!(out, "ACK {line}").unwrap();
                    out.flush().unwrap();
                }
            })
        })
        .collect();
    for t in threads {
        let _ = t.join();
    }
    unreachable!("the writers never stop")
}

fn parse_ack(line: &str) -> Option<Ack> {
    let v: Value = serde_json::from_str(line.strip_prefix("ACK ")?).ok()?;
    Some(if let Some(id) = v["tag"].as_i64() {
        Ack::Tag { id, target: v["target"].as_str()?.parse().ok()?, label: v["label"].as_str()?.to_owned() }
    } else if let Some(id) = v["note"].as_i64() {
        Ack::Note { id, text: v["text"].as_str()?.to_owned() }
    } else {
        Ack::Review {
            id: v["review"].as_i64()?,
            finding: v["finding"].as_str()?.parse().ok()?,
            state: v["state"].as_str()?.parse().ok()?,
        }
    })
}

/// A writer process, SIGKILLed when dropped: a failing assertion never leaves one running.
struct Writer(std::process::Child);

impl Drop for Writer {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Issue 13 §4: writers (this test binary run again as a child, two at once, three threads
/// each) print every annotation the store returned, and are SIGKILLed at random moments;
/// every acknowledged annotation is in the store afterwards, which stays sound.
#[test]
fn acknowledged_annotations_survive_sigkill() {
    if let Ok(spec) = std::env::var(WRITER_ENV) {
        let (dir, writer) = spec.split_once('|').expect("DIR|NAME");
        write_until_killed(Path::new(dir), writer);
    }
    let dir = empty_case();
    drop(AnnotationStore::open(dir.path()).unwrap());
    let test_binary = std::env::current_exe().unwrap();
    let mut acks = Vec::new();
    let mut rng = fastrand::Rng::with_seed(13);
    for round in 0..6 {
        let children: Vec<_> = (0..2)
            .map(|c| {
                let mut child = Command::new(&test_binary)
                    .args([
                        "--exact",
                        "annotations::acknowledged_annotations_survive_sigkill",
                        "--nocapture",
                        "--test-threads",
                        "1",
                    ])
                    .env(WRITER_ENV, format!("{}|w{round}{c}", dir.path().display()))
                    .stdout(Stdio::piped())
                    .stderr(Stdio::null())
                    .spawn()
                    .unwrap();
                let stdout = child.stdout.take().unwrap();
                let child = Writer(child);
                let (lines, received) = std::sync::mpsc::channel();
                let reader = std::thread::spawn(move || {
                    for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                        if line.starts_with("ACK ") && lines.send(line).is_err() {
                            break;
                        }
                    }
                });
                (child, reader, received)
            })
            .collect();
        // Once both are writing (a slow start is no reason to fail), killed at a random moment.
        let mut firsts = Vec::new();
        for (_, _, received) in &children {
            firsts
                .push(received.recv_timeout(Duration::from_secs(120)).expect("the writer acknowledges a first write"));
        }
        std::thread::sleep(Duration::from_millis(rng.u64(0..400)));
        for ((mut child, reader, received), first) in children.into_iter().zip(firsts) {
            assert!(child.0.try_wait().unwrap().is_none(), "the writer was still running when killed");
            child.0.kill().unwrap(); // SIGKILL
            child.0.wait().unwrap();
            reader.join().unwrap();
            for line in std::iter::once(first).chain(received.try_iter()) {
                acks.push(parse_ack(&line).unwrap_or_else(|| panic!("unreadable acknowledgement {line:?}")));
            }
        }
    }
    assert!(acks.len() >= 12, "only {} acknowledged writes: the writers barely ran", acks.len());

    let store = AnnotationStore::open(dir.path()).unwrap();
    assert!(store.check().unwrap().is_empty(), "the store is sound after the kills");
    let started = Instant::now();
    for ack in &acks {
        match ack {
            Ack::Tag { id, target, label } => {
                let tags = store.tags_of(target, true, &PageRequest::first(0)).unwrap().items;
                assert!(tags.iter().any(|t| t.id == *id && &t.label == label), "tag {id} lost: {ack:?}");
            }
            Ack::Note { id, text } => assert_eq!(&store.note(*id).unwrap().text, text, "note {id}"),
            Ack::Review { id, finding, state } => {
                let history = read_all(|p| store.review_history(*finding, p)).unwrap();
                assert_eq!(history.iter().find(|r| r.id == *id).map(|r| r.state), Some(*state), "review {id} lost");
            }
        }
    }
    eprintln!("{} acknowledged writes checked in {:?}", acks.len(), started.elapsed());
}

/// `tapir review` writes the store the library reads, appends an audit record naming the
/// analyst, keeps the history, refuses what it cannot name, and touches nothing of the index.
#[test]
fn review_command_writes_the_store_and_the_audit_trail() {
    let (_, built) = case();
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("idx");
    crate::support::copy_dir(built, &index);
    let findings = hunt(&index);
    let id = findings[0].id.to_string();
    let engine_files = snapshot(&index.join("tantivy"));

    let out = tapir(&[
        "review",
        "--index",
        s(&index),
        &id,
        "confirmed",
        "--note",
        "the van matches",
        "--analyst",
        "alice",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let printed: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(printed["finding"], id.as_str());
    assert_eq!((printed["state"].as_str(), printed["reviewer"].as_str()), (Some("confirmed"), Some("alice")));
    assert_eq!(printed["note"], "the van matches");
    let out = tapir(&["review", "--index", s(&index), &id, "follow_up", "--analyst", "bob"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains(&format!("finding {id} follow_up by bob")));

    let store = AnnotationStore::open(&index).unwrap();
    let finding: FindingId = id.parse().unwrap();
    let history = store.review_history(finding, &PageRequest::first(0)).unwrap().items;
    assert_eq!(
        history.iter().map(|r| (r.state, r.reviewer.as_str())).collect::<Vec<_>>(),
        [(ReviewState::Confirmed, "alice"), (ReviewState::FollowUp, "bob")]
    );
    assert_eq!(printed["id"].as_i64(), Some(history[0].id));
    assert_eq!(store.review(finding).unwrap().map(|r| r.state), Some(ReviewState::FollowUp));

    let audit = tapir(&["audit", "show", "--index", s(&index), "--json"]);
    let records: Vec<Value> =
        String::from_utf8(audit.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let reviews: Vec<&Value> = records.iter().filter(|r| r["command"] == "review").collect();
    assert_eq!(reviews.len(), 2);
    assert_eq!(
        (reviews[0]["analyst"].as_str(), reviews[0]["arguments"]["finding"].as_str()),
        (Some("alice"), Some(id.as_str()))
    );
    assert_eq!(reviews[0]["arguments"]["note"], "the van matches");
    assert_eq!(tapir(&["audit", "verify", "--index", s(&index)]).status.code(), Some(0));

    let absent = FindingId { conversation: finding.conversation ^ 1, ..finding }.to_string();
    for (args, says) in [
        (vec![id.as_str(), "maybe"], "review state"),
        (vec!["kidnapping", "confirmed"], "finding id"),
        (vec![absent.as_str(), "confirmed"], "no conversation of this index"),
    ] {
        let mut full = vec!["review", "--index", s(&index)];
        full.extend(args);
        let out = tapir(&full);
        assert_eq!(out.status.code(), Some(2), "{full:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains(says), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let long = "n".repeat(tapir::annotations::MAX_NOTE_BYTES + 1);
    assert_eq!(tapir(&["review", "--index", s(&index), &id, "dismissed", "--note", &long]).status.code(), Some(2));
    assert_eq!(store.review_history(finding, &PageRequest::first(0)).unwrap().items.len(), 2, "refusals wrote nothing");

    assert_eq!(snapshot(&index.join("tantivy")), engine_files, "reviews never touch the index's engine files");
    let beside: BTreeSet<String> = std::fs::read_dir(&index)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("annotations"))
        .collect();
    assert!(beside.contains("annotations.sqlite"), "{beside:?}");
    assert!(
        beside.iter().all(|n| n.starts_with("annotations.sqlite")),
        "only the store and SQLite's -wal/-shm: {beside:?}"
    );
}

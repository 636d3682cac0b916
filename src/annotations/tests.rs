//! Unit tests of the annotation store: schema, each kind of annotation with its history,
//! privacy of stars, paging, limits, and files that are not a store.

use std::path::Path;

use super::*;
use crate::rules::Category;

/// An empty tapir index directory (the marker is all the store asks for).
fn case() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(crate::index::MARKER), br#"{"format":"tapir-index","schema_version":2}"#).unwrap();
    dir
}

fn store(dir: &Path) -> AnnotationStore {
    AnnotationStore::open(dir).unwrap()
}

fn finding(category: Category, n: u64) -> FindingId {
    FindingId { category, conversation: n }
}

#[test]
fn a_new_store_is_wal_synchronous_full_marked_and_versioned() {
    let dir = case();
    let s = store(dir.path());
    assert_eq!(s.path(), dir.path().join(STORE_FILE));
    let conn = rusqlite::Connection::open(s.path()).unwrap();
    let pragma = |name: &str| -> String {
        conn.query_row(&format!("PRAGMA {name}"), [], |r| r.get::<_, rusqlite::types::Value>(0))
            .map(|v| match v {
                rusqlite::types::Value::Integer(i) => i.to_string(),
                rusqlite::types::Value::Text(t) => t,
                other => format!("{other:?}"),
            })
            .unwrap()
    };
    assert_eq!(pragma("journal_mode"), "wal");
    assert_eq!(pragma("application_id"), schema::APPLICATION_ID.to_string());
    assert_eq!(pragma("user_version"), SCHEMA_VERSION.to_string());
    // Per-connection settings, read on one of the store's own connections.
    let settings: (i64, i64, i64) = s
        .read(|tx| {
            let p = |n: &str| tx.pragma_query_value(None, n, |r| r.get::<_, i64>(0));
            Ok((p("synchronous")?, p("foreign_keys")?, p("busy_timeout")?))
        })
        .unwrap();
    assert_eq!(settings, (2, 1, BUSY_TIMEOUT.as_millis() as i64), "synchronous=FULL, foreign keys, busy timeout");
    // Reopening changes nothing; the version is the number of migrations.
    drop(s);
    let again = store(dir.path());
    assert!(again.check().unwrap().is_empty());
    assert_eq!(SCHEMA_VERSION, 1);
}

#[test]
fn only_an_index_directory_gets_a_store_and_only_a_store_is_opened() {
    let plain = tempfile::tempdir().unwrap();
    assert!(matches!(AnnotationStore::open(plain.path()), Err(AnnotationError::NotAnIndex(_))));
    assert!(!plain.path().join(STORE_FILE).exists(), "nothing created outside an index");

    let dir = case();
    let path = dir.path().join(STORE_FILE);
    std::fs::write(&path, b"this is an evidence list, not a database, padded out past one header........").unwrap();
    let e = AnnotationStore::open(dir.path()).err().expect("not SQLite");
    assert!(matches!(e, AnnotationError::NotAStore { .. }), "{e:?}");
    assert!(e.to_string().contains("not an SQLite database"), "{e}");

    // Another application's SQLite database.
    std::fs::remove_file(&path).unwrap();
    rusqlite::Connection::open(&path).unwrap().execute_batch("CREATE TABLE cases (name TEXT)").unwrap();
    let e = AnnotationStore::open(dir.path()).err().expect("foreign database");
    assert!(matches!(e, AnnotationError::NotAStore { .. }), "{e:?}");

    // A store of a newer tapir.
    std::fs::remove_file(&path).unwrap();
    drop(store(dir.path()));
    rusqlite::Connection::open(&path).unwrap().pragma_update(None, "user_version", 7).unwrap();
    let e = AnnotationStore::open(dir.path()).err().expect("newer");
    assert!(matches!(e, AnnotationError::NewerSchema { found: 7, supported: 1, .. }), "{e:?}");
}

#[test]
fn a_damaged_store_is_an_error_never_a_panic() {
    let dir = case();
    let s = store(dir.path());
    let t = Target::message("wolf-zwart3", 1);
    for i in 0..400 {
        s.add_tag("alice", &t, &format!("label number {i} with some length to fill pages")).unwrap();
    }
    // Closing the last connection checkpoints the log into the file.
    drop(s);
    let path = dir.path().join(STORE_FILE);
    let mut bytes = std::fs::read(&path).unwrap();
    assert!(bytes.len() > 8 * 4096, "{} bytes", bytes.len());
    // Pages 3.. (the tables' and indexes' b-trees) overwritten; page 1 (header, schema) kept.
    for b in &mut bytes[2 * 4096..] {
        *b = 0x5a;
    }
    std::fs::write(&path, &bytes).unwrap();
    let outcome = AnnotationStore::open(dir.path()).and_then(|s| {
        let problems = s.check()?;
        assert!(!problems.is_empty(), "the integrity check sees the damage");
        s.tags_of(&t, true, &PageRequest::first(10))
    });
    let e = outcome.expect_err("damage is reported");
    assert!(matches!(e, AnnotationError::Damaged { .. } | AnnotationError::NotAStore { .. }), "{e:?}");
}

#[test]
fn tags_are_shared_attributed_and_removing_keeps_the_record() {
    let dir = case();
    let s = store(dir.path());
    let m = Target::message("wolf-zwart3", 1_733_657);
    let f = Target::finding(finding(Category::Kidnapping, 42));
    let added = s.add_tag("alice", &m, " rançon ").unwrap();
    assert!(added.changed);
    assert_eq!((added.record.label.as_str(), added.record.author.as_str()), ("rançon", "alice"));
    assert_eq!(added.record.target, m);
    assert!(added.record.removed.is_none() && added.record.created_at > 0);
    // The same label, typed decomposed by someone else: already there.
    let again = s.add_tag("bob", &m, "ranc\u{327}on").unwrap();
    assert!(!again.changed);
    assert_eq!(again.record, added.record);
    s.add_tag("bob", &m, "urgent").unwrap();
    s.add_tag("bob", &f, "urgent").unwrap();

    let live = s.tags_of(&m, false, &PageRequest::first(10)).unwrap();
    assert_eq!(live.items.iter().map(|t| t.label.as_str()).collect::<Vec<_>>(), ["rançon", "urgent"]);
    assert!(live.next.is_none());

    let removed = s.remove_tag("carol", &m, "rançon").unwrap();
    assert_eq!(removed.id, added.record.id);
    let stamp = removed.removed.clone().unwrap();
    assert_eq!(stamp.by, "carol");
    assert!(matches!(s.remove_tag("carol", &m, "rançon"), Err(AnnotationError::TagNotFound { .. })));
    assert!(matches!(
        s.remove_tag("carol", &Target::message("nobody", 1), "urgent"),
        Err(AnnotationError::TagNotFound { .. })
    ));
    assert_eq!(s.tags_of(&m, false, &PageRequest::first(10)).unwrap().items.len(), 1);
    // Put back: a new tag; the removed one stays in the record.
    let back = s.add_tag("alice", &m, "rançon").unwrap();
    assert!(back.changed && back.record.id != added.record.id);
    let history = s.tags_of(&m, true, &PageRequest::first(10)).unwrap().items;
    assert_eq!(history.len(), 3);
    assert_eq!(history[0].removed, Some(stamp));

    let counts = s.tag_counts(&PageRequest::first(10)).unwrap().items;
    assert_eq!(
        counts,
        [TagCount { label: "rançon".into(), targets: 1 }, TagCount { label: "urgent".into(), targets: 2 }]
    );
    assert_eq!(s.targets_with_tag("urgent", None, &PageRequest::first(10)).unwrap().items, [m.clone(), f.clone()]);
    assert_eq!(
        s.targets_with_tag("urgent", Some(TargetKind::Finding), &PageRequest::first(10)).unwrap().items,
        std::slice::from_ref(&f)
    );
    let set = s.tagged("urgent").unwrap();
    assert_eq!(set.messages, [MessageRef { sender: "wolf-zwart3".into(), message_id: 1_733_657 }]);
    assert_eq!(set.findings, [finding(Category::Kidnapping, 42)]);
    assert!(s.tagged("nothing").unwrap().is_empty());
}

#[test]
fn notes_keep_every_revision() {
    let dir = case();
    let s = store(dir.path());
    let n = Target::device_note("356938035643809", 7);
    let note = s.add_note("alice", &n, "the owner writes down the\r\nvan's plate").unwrap();
    assert_eq!(note.text, "the owner writes down the\nvan's plate");
    assert_eq!((note.author.as_str(), note.edited.is_none(), note.deleted.is_none()), ("alice", true, true));
    let edited = s.edit_note("bob", note.id, "plate AB-123-CD").unwrap();
    assert_eq!(edited.edited.as_ref().map(|e| e.by.as_str()), Some("bob"));
    assert_eq!((edited.author.as_str(), edited.text.as_str()), ("alice", "plate AB-123-CD"));
    let other = s.add_note("bob", &n, "second note").unwrap();
    assert_eq!(s.notes_of(&n, false, &PageRequest::first(10)).unwrap().items, [edited.clone(), other.clone()]);

    let deleted = s.delete_note("carol", note.id).unwrap();
    assert_eq!(deleted.deleted.as_ref().map(|d| d.by.as_str()), Some("carol"));
    assert!(matches!(s.edit_note("bob", note.id, "again"), Err(AnnotationError::NoteDeleted(_))));
    assert!(matches!(s.delete_note("bob", note.id), Err(AnnotationError::NoteDeleted(_))));
    assert!(matches!(s.edit_note("bob", 9999, "x"), Err(AnnotationError::NoteNotFound(9999))));
    assert_eq!(s.notes_of(&n, false, &PageRequest::first(10)).unwrap().items, [other]);
    assert_eq!(s.notes_of(&n, true, &PageRequest::first(10)).unwrap().items.len(), 2);
    assert_eq!(s.note(note.id).unwrap(), deleted);

    let history = s.note_history(note.id, &PageRequest::first(10)).unwrap().items;
    let steps: Vec<(NoteAction, &str, &str)> =
        history.iter().map(|r| (r.action, r.text.as_str(), r.by.as_str())).collect();
    assert_eq!(
        steps,
        [
            (NoteAction::Created, "the owner writes down the\nvan's plate", "alice"),
            (NoteAction::Edited, "plate AB-123-CD", "bob"),
            (NoteAction::Deleted, "plate AB-123-CD", "carol"),
        ]
    );
    assert!(matches!(s.note_history(12345, &PageRequest::first(1)), Err(AnnotationError::NoteNotFound(12345))));
}

#[test]
fn stars_are_private_to_their_owner() {
    let dir = case();
    let s = store(dir.path());
    let m = Target::message("renard-gris17", 5);
    let f = Target::finding(finding(Category::Drugs, 9));
    let star = s.set_star("alice", &m).unwrap();
    assert!(star.changed);
    assert!(!s.set_star("alice", &m).unwrap().changed, "starring twice changes nothing");
    s.set_star("alice", &f).unwrap();
    s.set_star("bob", &f).unwrap();

    let mine = |user: &str| s.stars(user, &PageRequest::first(10)).unwrap().items;
    assert_eq!(mine("alice").iter().map(|s| &s.target).collect::<Vec<_>>(), [&m, &f]);
    assert!(mine("alice").iter().all(|s| s.owner == "alice"));
    assert_eq!(mine("bob").iter().map(|s| &s.target).collect::<Vec<_>>(), [&f]);
    assert!(mine("carol").is_empty());
    let starred = |user: &str| -> Vec<bool> {
        s.summaries(user, &[m.clone(), f.clone()]).unwrap().iter().map(|x| x.starred).collect()
    };
    assert_eq!(
        (starred("alice"), starred("bob"), starred("carol")),
        (vec![true, true], vec![false, true], vec![false, false])
    );

    // Bob cannot take Alice's star off: only his own.
    assert_eq!(s.unset_star("bob", &m).unwrap(), None);
    assert_eq!(s.unset_star("bob", &f).unwrap().map(|s| s.owner), Some("bob".to_owned()));
    assert_eq!(starred("alice"), [true, true]);
    assert_eq!(s.unset_star("alice", &m).unwrap(), Some(star.record));
    assert_eq!(starred("alice"), [false, true]);
}

#[test]
fn reviews_keep_their_history_and_count_progress() {
    let dir = case();
    let s = store(dir.path());
    let (k1, k2, w1) =
        (finding(Category::Kidnapping, 1), finding(Category::Kidnapping, 2), finding(Category::Weapons, 3));
    assert_eq!(s.review(k1).unwrap(), None);
    let first = s.set_review("alice", k1, ReviewState::FollowUp, Some("check the van")).unwrap();
    assert_eq!(
        (first.state, first.reviewer.as_str(), first.note.as_deref()),
        (ReviewState::FollowUp, "alice", Some("check the van"))
    );
    let second = s.set_review("bob", k1, ReviewState::Confirmed, None).unwrap();
    assert_eq!(s.review(k1).unwrap(), Some(second.clone()));
    s.set_review("bob", w1, ReviewState::Dismissed, Some("a film plot")).unwrap();
    assert_eq!(s.review_history(k1, &PageRequest::first(10)).unwrap().items, [first, second]);

    assert_eq!(
        s.review_states(&[k2, k1, w1]).unwrap(),
        [ReviewState::Unreviewed, ReviewState::Confirmed, ReviewState::Dismissed]
    );
    let progress = s.review_progress(&[k1, k2, w1, k1]).unwrap();
    assert_eq!(
        progress,
        [
            CategoryProgress {
                category: Category::Kidnapping,
                total: 2,
                reviewed: 1,
                confirmed: 1,
                dismissed: 0,
                follow_up: 0
            },
            CategoryProgress {
                category: Category::Weapons,
                total: 1,
                reviewed: 1,
                confirmed: 0,
                dismissed: 1,
                follow_up: 0
            },
        ]
    );
    assert_eq!(s.findings_in_state(ReviewState::Confirmed).unwrap(), [k1]);
    assert_eq!(s.findings_in_state(ReviewState::Dismissed).unwrap(), [w1]);
    assert!(matches!(s.findings_in_state(ReviewState::Unreviewed), Err(AnnotationError::UnreviewedIsImplicit)));

    // Reopened: unreviewed again, its history kept.
    let reopened = s.set_review("carol", k1, ReviewState::Unreviewed, Some("wrong van")).unwrap();
    assert_eq!(reopened.state, ReviewState::Unreviewed);
    assert_eq!(s.review(k1).unwrap(), None);
    assert!(s.findings_in_state(ReviewState::Confirmed).unwrap().is_empty());
    assert_eq!(s.review_history(k1, &PageRequest::first(10)).unwrap().items.len(), 3);
    assert_eq!(s.summaries("carol", &[Target::finding(w1)]).unwrap()[0].review, ReviewState::Dismissed);

    for (text, state) in [("confirmed", ReviewState::Confirmed), ("follow_up", ReviewState::FollowUp)] {
        assert_eq!(text.parse::<ReviewState>(), Ok(state));
    }
    assert!("Confirmed".parse::<ReviewState>().is_err());
}

#[test]
fn listings_come_in_capped_pages_that_continue_exactly() {
    let dir = case();
    let s = store(dir.path());
    let f = Target::finding(finding(Category::Drugs, 77));
    let n = 3 * MAX_PAGE + 234;
    let messages: Vec<Target> = (0..n as u64).map(|i| Target::message("wolf", i)).collect();
    for chunk in messages.chunks(MAX_PAGE) {
        assert!(s.add_tag_to_all("alice", chunk, "bulk").unwrap().iter().all(|t| t.changed));
    }
    let again = s.add_tag_to_all("bob", &messages[..10], "bulk").unwrap();
    assert!(again.iter().all(|t| !t.changed && t.record.author == "alice"), "bulk tagging twice changes nothing");
    for i in 0..MAX_PAGE + 234 {
        s.add_tag("alice", &f, &format!("label {i:05}")).unwrap();
    }
    let first = s.targets_with_tag("bulk", None, &PageRequest::first(usize::MAX)).unwrap();
    assert_eq!(first.items.len(), MAX_PAGE, "capped whatever is asked");
    let every = read_all(|p| s.targets_with_tag("bulk", None, p)).unwrap();
    assert_eq!(every.len(), n);
    assert_eq!(every.iter().collect::<std::collections::BTreeSet<_>>().len(), n, "no target twice");
    let small = s.targets_with_tag("bulk", None, &PageRequest::first(7)).unwrap();
    assert_eq!(small.items, every[..7]);
    let labels = read_all(|p| s.tag_counts(p)).unwrap();
    assert_eq!(labels.len(), MAX_PAGE + 234 + 1);
    assert!(labels.windows(2).all(|w| w[0].label < w[1].label));
    assert_eq!(labels.last(), Some(&TagCount { label: "label 01233".into(), targets: 1 }));
    assert_eq!(labels.iter().find(|c| c.label == "bulk").map(|c| c.targets), Some(n as u64));
    assert_eq!(read_all(|p| s.tags_of(&f, false, p)).unwrap().len(), MAX_PAGE + 234);
    assert_eq!(s.visit_tagged("bulk", |_| {}).unwrap(), n as u64);

    let bad = PageRequest { limit: 10, after: Some(Cursor::new("not a cursor")) };
    assert!(matches!(s.targets_with_tag("bulk", None, &bad), Err(AnnotationError::Parse(ParseError::Cursor(_)))));
    let too_many: Vec<Target> = (0..=MAX_PAGE as u64).map(|i| Target::message("wolf", i)).collect();
    assert!(matches!(
        s.summaries("alice", &too_many),
        Err(AnnotationError::Input(InputError::TooMany { what: "targets", .. }))
    ));
    let summary = &s.summaries("alice", std::slice::from_ref(&f)).unwrap()[0];
    assert_eq!((summary.tags.len(), summary.tag_count), (SUMMARY_TAGS, MAX_PAGE as u64 + 234));
    assert!(matches!(
        s.add_tag_to_all("alice", &too_many, "x"),
        Err(AnnotationError::Input(InputError::TooMany { .. }))
    ));
}

#[test]
fn bad_input_is_refused_before_anything_is_written() {
    let dir = case();
    let s = store(dir.path());
    let m = Target::message("wolf", 1);
    let input = |r: Result<Stored<Tag>, AnnotationError>| match r {
        Err(AnnotationError::Input(e)) => e,
        other => panic!("{other:?}"),
    };
    assert_eq!(input(s.add_tag("", &m, "x")), InputError::Empty("user name"));
    assert_eq!(input(s.add_tag("alice", &m, "\u{7}")), InputError::ControlCharacter { what: "tag", code: 7 });
    assert_eq!(
        input(s.add_tag("alice", &m, &"x".repeat(MAX_TAG_BYTES + 1))).to_string(),
        "tag is longer than 128 bytes"
    );
    let long_handle = Target::message("h".repeat(MAX_HANDLE_BYTES + 1), 1);
    assert_eq!(
        input(s.add_tag("alice", &long_handle, "x")),
        InputError::TooLong { what: "sender", max: MAX_HANDLE_BYTES }
    );
    assert!(matches!(s.add_note("alice", &m, " \n "), Err(AnnotationError::Input(InputError::Empty("note")))));
    assert!(matches!(
        s.set_review(
            "alice",
            finding(Category::Drugs, 1),
            ReviewState::Confirmed,
            Some(&"n".repeat(MAX_NOTE_BYTES + 1))
        ),
        Err(AnnotationError::Input(InputError::TooLong { what: "review note", .. }))
    ));
    assert!(matches!(s.set_star("\t", &m), Err(AnnotationError::Input(_))));
    let rows: i64 = s
        .read(|tx| {
            Ok(tx.query_row(
                "SELECT (SELECT count(*) FROM targets) + (SELECT count(*) FROM tags) + (SELECT count(*) FROM notes)
                  + (SELECT count(*) FROM reviews) + (SELECT count(*) FROM stars)",
                [],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    assert_eq!(rows, 0, "nothing stored, not even a target");
}

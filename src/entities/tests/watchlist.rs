//! Normalising written values, and watchlists.

use super::*;

#[test]
fn written_values_normalise_like_extracted_ones() {
    assert_eq!(normalise(" FR76 3000 6000 0112 3456 7890 189 "), "FR7630006000011234567890189");
    assert_eq!(normalise("fr7630006000011234567890189"), "FR7630006000011234567890189");
    assert_eq!(normalise("06 12 34 56 78"), "+33612345678");
    assert_eq!(normalise("+31 6 12345678"), "+31612345678");
    assert_eq!(normalise("80k€"), "80000 EUR");
    assert_eq!(normalise("IBAN:FR76 3000 6000 0112 3456 7890 189"), "iban:FR7630006000011234567890189");
    // Not exactly one entity: kept as written, trimmed.
    assert_eq!(normalise("  call 06 12 34 56 78 "), "call 06 12 34 56 78");
    assert_eq!(normalise("FR76 3000"), "FR76 3000");
    assert_eq!(normalise(""), "");
    assert_eq!(normalise("foo:bar"), "foo:bar");
}

#[test]
fn watchlist_lines_are_normalised_and_comments_skipped() {
    let w = Watchlist::parse(
        "# suspects\n\nFR76 3000 6000 0112 3456 7890 189\n  06 12 34 56 78\r\nphone: +31 6 12345678\n\
         BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4\n06 12 34 56 78\nIBAN: FR7630006000011234567890189\n",
    )
    .unwrap();
    let values: Vec<&str> = w.iter().collect();
    assert_eq!(
        values,
        ["+31612345678", "+33612345678", "FR7630006000011234567890189", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"]
    );
    assert_eq!(w.len(), 4);
    assert!(!w.is_empty() && Watchlist::parse("# nothing\n\n").unwrap().is_empty());
    assert!(w.contains("FR7630006000011234567890189"));
    assert!(!w.contains("FR76 3000 6000 0112 3456 7890 189"), "contains takes normalised values");
    assert_eq!(
        w.matches("vire sur FR76-3000-6000-0112-3456-7890-189 et appelle le 0612345678 ou 0612345678", "fr"),
        ["FR7630006000011234567890189", "+33612345678"]
    );
    // In a Dutch message a compact 06 number is Dutch: the other listed value.
    assert_eq!(w.matches("bel 0612345678", "nl"), ["+31612345678"]);
    assert!(w.matches("", "und").is_empty());
    // Values in normalised form read back as themselves.
    let normalised = w.iter().collect::<Vec<_>>().join("\n") + "\n80000 EUR\n51.92440,4.47770\n";
    let again = Watchlist::parse(&normalised).unwrap();
    assert!(w.iter().all(|v| again.contains(v)) && again.contains("80000 EUR") && again.contains("51.92440,4.47770"));
}

/// The lines of `text` a watchlist refuses, with their problems.
fn refused(text: &str) -> Vec<(usize, String)> {
    match Watchlist::parse(text) {
        Err(WatchlistError::Lines { problems, more: 0, path: None }) => {
            problems.into_iter().map(|p| (p.line, p.problem)).collect()
        }
        other => panic!("{other:?}"),
    }
}

/// Issue 11: `btc: notawallet`, a TRON address with a bad checksum and free text were kept and
/// could never match; a byte order mark hid the first entry.
#[test]
fn every_line_that_could_never_match_is_reported_with_its_number() {
    let tron = "TSzssbqRYtrZPKh6NEUqGhYXz4WUShLrv1";
    let bad_tron = "TSzssbqRYtrZPKh6NEUqGhYXz4WUShLrv2";
    assert!(Watchlist::parse(tron).unwrap().contains(tron));
    let text = format!(
        "# case 12\nbtc: notawallet\n{bad_tron}\ntron: {bad_tron}\nthe blue car\ncall 06 12 34 56 78 now\n\
         FR7630006000011234567890189\nfoo: bar\nbtc: FR76 3000 6000 0112 3456 7890 189\niban:   \n"
    );
    let problems = refused(&text);
    let lines: Vec<usize> = problems.iter().map(|p| p.0).collect();
    assert_eq!(lines, [2, 3, 4, 5, 6, 8, 9, 10], "{problems:#?}");
    let problem = |line: usize| &problems.iter().find(|p| p.0 == line).unwrap().1;
    assert!(problem(2).contains("not a valid btc: expected an address with a valid checksum"), "{}", problem(2));
    assert!(problem(3).contains("not a value tapir can match"), "{}", problem(3));
    assert!(problem(4).contains("not a valid tron"), "{}", problem(4));
    assert!(problem(6).contains("one value a line"), "{}", problem(6));
    assert!(problem(8).contains("\"foo\" before ':' is not an entity kind"), "{}", problem(8));
    assert!(problem(9).contains("reads as iban, not btc"), "{}", problem(9));
    assert!(problem(10).contains("no value"), "{}", problem(10));
    let shown = Watchlist::parse(&text).unwrap_err().to_string();
    assert_eq!(shown.lines().count(), 8);
    assert!(shown.lines().all(|l| l.starts_with("watchlist line ")), "{shown}");

    // A byte order mark is not part of the first value.
    let w = Watchlist::parse(&format!("\u{FEFF}{tron}\n")).unwrap();
    assert!(w.contains(tron), "{w:?}");

    // Thousands of bad lines: the first ones reported, the rest counted.
    let e = Watchlist::parse(&"nope\n".repeat(5000)).unwrap_err();
    let WatchlistError::Lines { problems, more, .. } = &e else { panic!("{e:?}") };
    assert_eq!((problems.len() + more, problems[0].line), (5000, 1));
    assert!(e.to_string().ends_with(&format!("… and {more} more unusable line(s)")));
}

#[test]
fn watchlist_files_are_named_in_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("list.txt");
    std::fs::write(&path, "# x\nnope:1\n").unwrap();
    let e = Watchlist::load(&path).unwrap_err();
    assert!(e.to_string().starts_with(&format!("watchlist {}:2: ", path.display())), "{e}");
    let missing = dir.path().join("missing.txt");
    let e = Watchlist::load(&missing).unwrap_err();
    assert!(matches!(e, WatchlistError::Io { .. }) && e.to_string().contains(&*missing.to_string_lossy()), "{e}");
    std::fs::write(&path, [0xff, 0xfe, b'\n']).unwrap();
    assert!(matches!(Watchlist::load(&path), Err(WatchlistError::Io { .. })));
}

proptest! {
    #[test]
    fn watchlists_never_panic(s in ".{0,300}") {
        if let Ok(w) = Watchlist::parse(&s) {
            let _ = w.matches(&s, "fr");
        }
        let _ = normalise(&s);
    }
}

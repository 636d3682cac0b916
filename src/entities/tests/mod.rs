use super::prescan::prescan;
use super::*;
use fastrand::Rng;
use proptest::prelude::*;
use tapir_corpora::content::Lang;
use tapir_corpora::content::entities as gen_;

/// Every span is on char boundaries, inside the text, non-empty, sorted and disjoint.
fn check_spans(text: &str, es: &[Entity]) {
    let mut last = 0;
    for e in es {
        assert!(e.span.start < e.span.end && e.span.end <= text.len(), "{text:?}: {e:?}");
        assert!(text.is_char_boundary(e.span.start) && text.is_char_boundary(e.span.end), "{text:?}: {e:?}");
        assert!(e.span.start >= last, "overlap or disorder in {text:?}: {es:?}");
        last = e.span.end;
    }
}

fn ex(text: &str) -> Vec<Entity> {
    let es = extract(text);
    check_spans(text, &es);
    es
}

fn ex_lang(text: &str, lang: &str) -> Vec<Entity> {
    let es = extract_with_lang(text, lang);
    check_spans(text, &es);
    es
}

/// The single entity of `text`, checking its kind, value, and that its span covers `written`.
#[track_caller]
fn one(text: &str, lang: &str, kind: EntityKind, value: &str, written: &str) {
    let es = ex_lang(text, lang);
    assert_eq!(es.len(), 1, "{text:?}: {es:?}");
    let e = &es[0];
    assert_eq!((e.kind, e.value.as_str()), (kind, value), "{text:?}");
    assert_eq!(&text[e.span.clone()], written, "{text:?}");
}

#[track_caller]
fn none_of(text: &str, kind: EntityKind) {
    let es = ex(text);
    assert!(es.iter().all(|e| e.kind != kind), "{text:?} gave {es:?}");
}

#[track_caller]
fn nothing(text: &str) {
    let es = ex(text);
    assert!(es.is_empty(), "{text:?} gave {es:?}");
}

fn wrap(rng: &mut Rng, x: &str) -> String {
    const AROUND: [(&str, &str); 5] =
        [("", ""), ("envoie sur ", " stp"), ("stuur naar: ", "."), ("send it to (", ") asap"), ("é ", " ça")];
    let (a, b) = AROUND[rng.usize(..AROUND.len())];
    format!("{a}{x}{b}")
}

mod amount;
mod gps;
mod iban;
mod phone;
mod wallet;
mod watchlist;

// ---------------------------------------------------------------------------------------------
// Kinds

#[test]
fn kind_names_round_trip() {
    for k in EntityKind::ALL {
        assert_eq!(EntityKind::parse(k.as_str()), Some(k));
        assert_eq!(k.as_str().parse::<EntityKind>(), Ok(k));
        assert_eq!(EntityKind::parse(&format!(" {} ", k.as_str().to_uppercase())), Some(k));
        assert_eq!(k.to_string(), k.as_str());
    }
    assert_eq!(EntityKind::parse("bitcoin"), None);
    assert!("x".parse::<EntityKind>().is_err());
}

#[test]
fn no_candidate_is_cheap_and_empty() {
    let s = prescan(b"salut, tu passes ce soir ? on se capte chez moi vers le parc");
    assert!(!s.any() && !s.degree && !s.iban && !s.dot && !s.phone, "{s:?}");
    nothing("salut, tu passes ce soir ? on se capte chez moi vers le parc");
    nothing("");
    nothing("on se voit à 14h30 devant la gare, 2 personnes max");
}

// ---------------------------------------------------------------------------------------------
// Several entities

#[test]
fn mixed_message_spans() {
    let text = "Tu vires 80k€ sur NL91ABNA0417164300, ou 0,5 BTC sur bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4. \
                Appelle le 06 12 34 56 78. RDV 51.9244, 4.4777 — €2,5 miljoen sinon.";
    let es = ex(text);
    let got: Vec<(EntityKind, &str, &str)> =
        es.iter().map(|e| (e.kind, e.value.as_str(), &text[e.span.clone()])).collect();
    assert_eq!(
        got,
        [
            (EntityKind::Amount, "80000 EUR", "80k€"),
            (EntityKind::Iban, "NL91ABNA0417164300", "NL91ABNA0417164300"),
            (EntityKind::Amount, "0.5 BTC", "0,5 BTC"),
            (
                EntityKind::Btc,
                "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
                "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"
            ),
            (EntityKind::Phone, "+33612345678", "06 12 34 56 78"),
            (EntityKind::Gps, "51.92440,4.47770", "51.9244, 4.4777"),
            (EntityKind::Amount, "2500000 EUR", "€2,5 miljoen"),
        ]
    );
}

#[test]
fn adjacent_entities() {
    // Separated by a single punctuation mark or space.
    let text = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed/TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t 500k USDT";
    let kinds: Vec<EntityKind> = ex(text).iter().map(|e| e.kind).collect();
    assert_eq!(kinds, [EntityKind::Eth, EntityKind::Tron, EntityKind::Amount]);
    let text = "+33612345678 0612345678";
    let es = ex(text);
    assert_eq!(es.len(), 2, "{es:?}");
    assert_eq!(&text[es[1].span.clone()], "0612345678");
}

// ---------------------------------------------------------------------------------------------
// Robustness

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9]{1,12}",
        "[ .,'/:;+-]",
        Just("€".to_string()),
        Just("£".to_string()),
        Just("°".to_string()),
        Just("\u{a0}".to_string()),
        Just("\u{202f}".to_string()),
        Just("é".to_string()),
        Just("k".to_string()),
        Just("M".to_string()),
        Just(" euros".to_string()),
        Just(" balles".to_string()),
        Just(" ton".to_string()),
        Just(" million".to_string()),
        Just("d'".to_string()),
        Just("0x".to_string()),
        Just("bc1".to_string()),
        Just("NL91".to_string()),
        Just("+33".to_string()),
        Just("(0)".to_string()),
        Just("N ".to_string()),
        Just("\"".to_string()),
        "[a-zA-Z]{1,6}",
        "[0-9a-fA-F]{40}",
        ".{1,4}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn never_panics_on_any_string(s in ".{0,200}") {
        for lang in ["und", "fr", "nl"] {
            check_spans(&s, &extract_with_lang(&s, lang));
        }
    }

    #[test]
    fn never_panics_on_entity_like_text(parts in proptest::collection::vec(fragment(), 0..40)) {
        let s: String = parts.concat();
        for lang in ["und", "fr", "nl"] {
            check_spans(&s, &extract_with_lang(&s, lang));
        }
    }

    #[test]
    fn phone_candidates_never_panic(d in "(\\+|00|0)[0-9]{1,20}") {
        check_spans(&d, &extract(&d));
    }
}

/// Every entity the generator plants in threat conversations is found, with its kind and its
/// written form as the span, and nothing else is found in those conversations.
#[test]
fn planted_entities_are_found_and_nothing_else() {
    use tapir_corpora::content::{Category, planted_scenario, scenario_ids};
    let mut rng = Rng::with_seed(9);
    let mut planted = 0;
    for lang in Lang::ALL {
        for cat in Category::ALL {
            for id in scenario_ids(cat, lang) {
                for _ in 0..5 {
                    let p = planted_scenario(&mut rng, id).unwrap();
                    let mut found: Vec<(EntityKind, String)> = Vec::new();
                    for (_, t) in &p.turns {
                        for e in ex_lang(t, lang.code()) {
                            let written = t[e.span.clone()].to_string();
                            assert!(
                                p.entities.iter().any(|(k, v)| k == e.kind.as_str() && *v == written),
                                "{id}: extra {e:?} <{written}> in {t:?}"
                            );
                            found.push((e.kind, written));
                        }
                    }
                    for (k, v) in &p.entities {
                        planted += 1;
                        assert!(
                            found.iter().any(|(fk, fv)| fk.as_str() == k && fv == v),
                            "{id}: missed {k} <{v}> in {:?}",
                            p.turns.iter().find(|(_, t)| t.contains(v.as_str()))
                        );
                    }
                }
            }
        }
    }
    assert!(planted > 300, "{planted}");
}

/// Everyday chat and hard negatives hold prices (which are amounts) but no wallet, IBAN, phone
/// or coordinates.
#[test]
fn everyday_chat_holds_only_amounts() {
    use tapir_corpora::content::Chatter;
    let chatter = Chatter::new();
    let mut rng = Rng::with_seed(10);
    let mut amounts = 0;
    for lang in Lang::ALL {
        for i in 0..4000 {
            let line = if i % 4 == 0 { chatter.hard_negative(&mut rng, lang).1 } else { chatter.line(&mut rng, lang) };
            for e in ex_lang(&line, lang.code()) {
                assert_eq!(e.kind, EntityKind::Amount, "{e:?} in {line:?}");
                amounts += 1;
            }
        }
    }
    assert!(amounts > 0);
}

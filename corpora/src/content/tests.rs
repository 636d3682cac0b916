use super::*;
use std::collections::HashSet;

fn check_btc(addr: &str) -> bool {
    use bech32::{hrp, segwit};
    if addr.starts_with("bc1") {
        match segwit::decode(addr) {
            Ok((h, v, prog)) => {
                h == hrp::BC
                    && ((v == segwit::VERSION_0 && prog.len() == 20 && addr.starts_with("bc1q"))
                        || (v == segwit::VERSION_1 && prog.len() == 32 && addr.starts_with("bc1p")))
            }
            Err(_) => false,
        }
    } else {
        match bs58::decode(addr).with_check(None).into_vec() {
            Ok(v) => {
                v.len() == 21 && ((v[0] == 0x00 && addr.starts_with('1')) || (v[0] == 0x05 && addr.starts_with('3')))
            }
            Err(_) => false,
        }
    }
}

fn check_entity(kind: &str, value: &str) -> bool {
    match kind {
        "btc" => check_btc(value),
        "eth" => {
            value.len() == 42 && value.starts_with("0x") && entities::eip55(&value[2..].to_ascii_lowercase()) == value
        }
        "tron" => {
            value.starts_with('T')
                && bs58::decode(value).with_check(Some(0x41)).into_vec().map(|v| v.len() == 21).unwrap_or(false)
        }
        "iban" => entities::iban_is_valid(value),
        "phone" => value.chars().filter(|c| c.is_ascii_digit()).count() >= 9,
        "gps" => {
            let parts: Vec<f64> =
                value.split([',', ' ']).filter(|s| !s.is_empty()).map(|s| s.parse().unwrap()).collect();
            parts.len() == 2 && (-90.0..=90.0).contains(&parts[0]) && (-180.0..=180.0).contains(&parts[1])
        }
        "amount" => value.chars().any(|c| c.is_ascii_digit()),
        _ => false,
    }
}

fn all_scenario_ids() -> Vec<&'static str> {
    Lang::ALL.iter().flat_map(|l| scenarios(*l).iter().map(|s| s.id)).collect()
}

#[test]
fn content_vocabulary_is_large() {
    let c = Chatter::new();
    assert!(c.vocabulary_size() >= 30_000, "vocabulary {}", c.vocabulary_size());
    for l in Lang::ALL {
        assert!(c.vocabulary_size_of(l) >= 8_000, "{l:?}: {}", c.vocabulary_size_of(l));
    }
}

#[test]
fn content_template_counts() {
    for l in Lang::ALL {
        let p = pack(l);
        assert!(p.chat.len() >= 150, "{l:?} chat templates: {}", p.chat.len());
        for cat in Category::ALL {
            let n = p.hard.iter().filter(|(c, _)| *c == cat).count();
            assert!(n >= 40, "{l:?} {cat:?} hard negatives: {n}");
        }
        for cat in Category::ALL {
            assert!(scenario_ids(cat, l).len() >= 8, "{l:?} {cat:?} scenarios");
        }
    }
}

#[test]
fn content_is_deterministic() {
    let c = Chatter::new();
    let run = |seed: u64| {
        let mut rng = Rng::with_seed(seed);
        let mut out = Vec::new();
        for i in 0..300 {
            let l = Lang::ALL[i % 3];
            out.push(c.line(&mut rng, l));
            out.push(c.hard_negative(&mut rng, l).1);
            out.push(c.note(&mut rng, l));
            out.push(c.caption(&mut rng, l));
            out.push(c.location_label(&mut rng, l));
            out.push(c.nickname(&mut rng));
            out.push(c.handle(&mut rng, i));
            let p = planted(&mut rng, Category::ALL[i % 3], l);
            out.extend(p.turns.into_iter().map(|t| t.1));
        }
        out
    };
    assert_eq!(run(42), run(42));
    assert_ne!(run(42), run(43));
    // A second Chatter built independently behaves the same.
    let c2 = Chatter::new();
    let mut a = Rng::with_seed(5);
    let mut b = Rng::with_seed(5);
    for _ in 0..200 {
        assert_eq!(c.line(&mut a, Lang::Nl), c2.line(&mut b, Lang::Nl));
    }
}

#[test]
fn content_planted_scenarios_are_well_formed() {
    let ids = all_scenario_ids();
    let unique: HashSet<_> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "duplicate scenario id");
    for l in Lang::ALL {
        for s in scenarios(l) {
            let prefix = format!("{}-{}-", s.category.code(), l.code());
            assert!(s.id.starts_with(&prefix), "{} should start with {prefix}", s.id);
        }
    }
    for id in ids {
        for seed in 0..25 {
            let mut rng = Rng::with_seed(seed);
            let p = planted_scenario(&mut rng, id).expect("known id");
            assert_eq!(p.scenario, id);
            assert!(p.turns.len() >= 6 && p.turns.len() <= 20, "{id}: {} turns", p.turns.len());
            assert!(p.turns.iter().all(|(s, t)| *s <= 1 && !t.trim().is_empty()));
            assert!(p.turns.iter().any(|(s, _)| *s == 0) && p.turns.iter().any(|(s, _)| *s == 1));
            for (_, t) in &p.turns {
                assert!(!t.contains(['{', '}', '|', '@']), "{id}: unrendered template: {t}");
            }
        }
    }
    for cat in Category::ALL {
        for l in Lang::ALL {
            let mut rng = Rng::with_seed(9);
            let p = planted(&mut rng, cat, l);
            assert_eq!((p.category, p.lang), (cat, l));
        }
    }
}

#[test]
fn content_entities_are_valid_and_written() {
    let mut kinds: HashSet<String> = HashSet::new();
    for id in all_scenario_ids() {
        for seed in 0..30 {
            let mut rng = Rng::with_seed(seed * 7919 + 1);
            let p = planted_scenario(&mut rng, id).unwrap();
            let text: String = p.turns.iter().map(|t| t.1.as_str()).collect::<Vec<_>>().join("\n");
            for (kind, value) in &p.entities {
                assert!(check_entity(kind, value), "{id}: invalid {kind} {value}");
                assert!(text.contains(value.as_str()), "{id}: {kind} {value} not in text:\n{text}");
                kinds.insert(kind.clone());
            }
            // No unlisted money, phone numbers or coordinates: strip the listed values and look.
            let mut rest = text.clone();
            let mut values: Vec<&String> = p.entities.iter().map(|(_, v)| v).collect();
            values.sort_by_key(|v| std::cmp::Reverse(v.len()));
            for v in values {
                rest = rest.replace(v.as_str(), " ");
            }
            assert!(!rest.contains(['€', '£']), "{id}: unlisted amount in:\n{rest}");
            let toks: Vec<&str> = rest.split_whitespace().collect();
            for w in toks.windows(2) {
                let cur = ["euro", "euros", "usdt", "btc", "eth", "quid", "balles", "miljoen", "million", "k€"];
                if w[0].chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.')
                    && cur.contains(&w[1].to_lowercase().as_str())
                {
                    panic!("{id}: unlisted amount {} {} in:\n{rest}", w[0], w[1]);
                }
            }
            let mut run = 0;
            for ch in rest.chars() {
                run = if ch.is_ascii_digit() { run + 1 } else { 0 };
                assert!(run < 8, "{id}: unlisted long number in:\n{rest}");
            }
        }
    }
    for k in ["btc", "eth", "tron", "iban", "phone", "gps", "amount"] {
        assert!(kinds.contains(k), "no scenario writes a {k}");
    }
}

#[test]
fn content_handles_are_unique() {
    let c = Chatter::new();
    let mut rng = Rng::with_seed(3);
    let mut seen = HashSet::new();
    for i in 0..10_000 {
        let h = c.handle(&mut rng, i);
        assert!(h.is_ascii() && h.contains('-'), "{h}");
        assert!(seen.insert(h.clone()), "duplicate handle {h} at {i}");
    }
}

#[test]
fn content_lines_look_like_chat() {
    let c = Chatter::new();
    let mut rng = Rng::with_seed(77);
    for l in Lang::ALL {
        let n = 20_000;
        let mut bytes = 0usize;
        let mut accented = 0usize;
        for _ in 0..n {
            let s = c.line(&mut rng, l);
            assert!(!s.is_empty() && !s.contains(['{', '}']), "{s}");
            bytes += s.len();
            if s.chars().any(|ch| matches!(ch, 'é' | 'è' | 'ç' | 'ë' | 'à' | 'ï')) {
                accented += 1;
            }
        }
        let avg = bytes / n;
        println!("{l:?}: average line {avg} bytes");
        assert!((60..=120).contains(&avg), "{l:?}: average line {avg} bytes");
        if l == Lang::Fr {
            assert!(accented > n / 5, "too few accented French lines: {accented}");
        }
        let mut hard = [0usize; 3];
        for _ in 0..3000 {
            let (cat, s) = c.hard_negative(&mut rng, l);
            assert!(!s.contains(['{', '}']));
            hard[cat as usize] += 1;
        }
        assert!(hard.iter().all(|&h| h > 500), "{l:?}: {hard:?}");
        for _ in 0..200 {
            assert!(!c.note(&mut rng, l).is_empty());
            assert!(!c.caption(&mut rng, l).is_empty());
            assert!(!c.location_label(&mut rng, l).is_empty());
        }
    }
    let empty = (0..1000).filter(|_| c.nickname(&mut rng).is_empty()).count();
    assert!(empty > 100 && empty < 500, "{empty}");
}

#[test]
fn content_zipf_tail_is_reached() {
    // The rare end of the vocabulary must show up in a large sample (index realism).
    let c = Chatter::new();
    let mut rng = Rng::with_seed(1);
    let mut seen: HashSet<String> = HashSet::new();
    for _ in 0..200_000 {
        for w in c.line(&mut rng, Lang::Fr).split_whitespace() {
            seen.insert(w.to_string());
        }
    }
    assert!(seen.len() > 8_000, "only {} distinct tokens", seen.len());
}

/// Speed of `Chatter::line` (release): `cargo test --release -p tapir-corpora content_line_speed -- --ignored --nocapture`.
#[test]
#[ignore]
fn content_line_speed() {
    let t0 = std::time::Instant::now();
    let c = Chatter::new();
    println!("Chatter::new {:?}", t0.elapsed());
    let mut rng = Rng::with_seed(1);
    let n = 3_000_000;
    let t = std::time::Instant::now();
    let mut bytes = 0usize;
    for i in 0..n {
        bytes += c.line(&mut rng, Lang::ALL[i % 3]).len();
    }
    let el = t.elapsed();
    println!("{:.3} µs/line, {} bytes/line avg", el.as_secs_f64() * 1e6 / n as f64, bytes / n);
}

/// Prints samples: `cargo test -p tapir-corpora content_print_samples -- --ignored --nocapture`.
#[test]
#[ignore]
fn content_print_samples() {
    let c = Chatter::new();
    let mut rng = Rng::with_seed(2);
    println!("vocabulary {}", c.vocabulary_size());
    for l in Lang::ALL {
        println!("== {l:?} ({} forms)", c.vocabulary_size_of(l));
        for _ in 0..25 {
            println!("  {}", c.line(&mut rng, l));
        }
        for _ in 0..6 {
            println!("  HN {:?}", c.hard_negative(&mut rng, l));
        }
        println!(
            "  note {} | caption {} | loc {} | nick {:?} | handle {}",
            c.note(&mut rng, l),
            c.caption(&mut rng, l),
            c.location_label(&mut rng, l),
            c.nickname(&mut rng),
            c.handle(&mut rng, 12345)
        );
        for cat in Category::ALL {
            let p = planted(&mut rng, cat, l);
            println!("  --- {} {:?}", p.scenario, p.entities);
            for (s, t) in &p.turns {
                println!("    {s}: {t}");
            }
        }
    }
}

/// Prints one rendering of every scenario: `cargo test -p tapir-corpora content_print_scenarios -- --ignored --nocapture`.
#[test]
#[ignore]
fn content_print_scenarios() {
    let mut rng = Rng::with_seed(std::env::var("SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(4));
    for id in all_scenario_ids() {
        let p = planted_scenario(&mut rng, id).unwrap();
        println!("--- {} {:?}", p.scenario, p.entities);
        for (s, t) in &p.turns {
            println!("  {s}: {t}");
        }
    }
}

/// Dumps each language's ranked vocabulary to /tmp: `cargo test -p tapir-corpora content_dump_vocab -- --ignored`.
#[test]
#[ignore]
fn content_dump_vocab() {
    let c = Chatter::new();
    for l in Lang::ALL {
        let words: Vec<&str> = c.data(l).lex.words.iter().map(|w| &**w).collect();
        std::fs::write(format!("/tmp/vocab_{}.txt", l.code()), words.join("\n")).unwrap();
    }
}

#[test]
fn content_chatter_is_shareable() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Chatter>();
    assert_send_sync::<PlantedConversation>();
}

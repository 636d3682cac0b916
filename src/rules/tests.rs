use super::*;

fn load(yaml: &str) -> Result<RuleSet, RuleErrors> {
    load_sources([("t.yml".to_string(), yaml.to_string())])
}

const GOOD: &str = r#"
rules:
  - id: kid-ransom-crypto
    title: Ransom in crypto
    description: A ransom word and a cryptocurrency.
    category: kidnapping
    level: critical
    languages: [fr, en]
    references: [press]
    groups:
      ransom: [rançon, ransom, '"prix de sa liberté"~1']
      crypto: [btc, usdt, 'crypto*', '/bc1[a-z0-9]{20,60}/']
      _fiction: [film, episode]
    condition: ransom and crypto and not _fiction
    examples:
      match: [la rançon c'est 3 btc, ransom in usdt now, "le prix de toute sa liberté en cryptos"]
      no_match: [l'episode ou ils paient la rançon en btc, le btc monte, rançon]
"#;

#[test]
fn builtin_packs_load_and_every_example_passes() {
    let rules = builtin().unwrap_or_else(|e| panic!("built-in rules do not load:\n{e}"));
    assert!(rules.len() >= 40, "{} rules", rules.len());
    for c in [Category::Kidnapping, Category::Weapons, Category::Drugs] {
        assert!(rules.rules.iter().any(|r| r.category == c && r.is_correlation()), "{c}: a correlation rule");
    }
    let report = rules.check_examples();
    let failures: Vec<String> = report.failures.iter().map(ToString::to_string).collect();
    assert!(failures.is_empty(), "{} failing examples:\n{}", failures.len(), failures.join("\n"));
    assert!(report.passed >= 500, "{} examples", report.passed);
}

#[test]
fn a_good_rule_runs_its_examples() {
    let rules = load(GOOD).unwrap();
    let report = rules.check_examples();
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    assert_eq!(report.passed, 6);
}

#[test]
fn a_failing_example_names_its_line() {
    let bad = GOOD.replace("le btc monte", "la rançon en btc");
    let report = load(&bad).unwrap().check_examples();
    assert_eq!(report.failures.len(), 1);
    let f = &report.failures[0];
    assert_eq!((f.path.as_str(), f.line, f.rule.as_deref()), ("t.yml", 17, Some("kid-ransom-crypto")));
    assert!(f.message.contains("examples.no_match: hits"), "{}", f.message);
}

fn errors(yaml: &str) -> Vec<String> {
    load(yaml).unwrap_err().0.iter().map(ToString::to_string).collect()
}

#[test]
fn broken_rules_name_file_line_and_rule() {
    let e = errors(&GOOD.replace("ransom and crypto", "ransom and vehicel"));
    assert_eq!(e, vec!["t.yml:14: rule kid-ransom-crypto: condition: unknown group \"vehicel\""]);

    let e = errors(&GOOD.replace("'crypto*'", "'cryptos*'"));
    assert!(e[0].starts_with("t.yml:12: rule kid-ransom-crypto: group \"crypto\": term \"cryptos*\""), "{e:?}");

    let e = errors(&GOOD.replace("    level: critical\n", ""));
    assert_eq!(e, vec!["t.yml:3: rule kid-ransom-crypto: missing key \"level\""]);

    let e = errors(&GOOD.replace("    condition:", "    conditon:"));
    assert!(e.iter().any(|l| l.contains("t.yml:14: rule kid-ransom-crypto: unknown key \"conditon\"")), "{e:?}");

    let e = errors(&GOOD.replace("[rançon, ransom,", "[rançon, 47, ransom,"));
    assert!(e.iter().any(|l| l.contains(":11:") && l.contains("term 47 is not a string (quote it)")), "{e:?}");

    let e = errors(&GOOD.replace("ransom and crypto and not _fiction", "not _fiction"));
    assert!(e.iter().any(|l| l.contains("not anchored")), "{e:?}");
}

#[test]
fn yaml_level_errors_are_file_errors() {
    let e = errors("rules:\n  - id: a\n    id: b\n");
    assert!(e[0].starts_with("t.yml:3: duplicate key \"id\""), "{e:?}");
    let e = errors("rules: [\n");
    assert!(e[0].starts_with("t.yml:") && e[0].contains("YAML syntax"), "{e:?}");
    let e = errors("hello: world\n");
    assert!(e[0].contains("a rule file holds"), "{e:?}");
    let e = errors("rules: []\nextra: 1\n");
    assert!(e[0].contains("unknown top-level key \"extra\""), "{e:?}");
}

#[test]
fn duplicate_ids_point_at_the_first() {
    let e =
        load_sources([("a.yml".to_string(), GOOD.to_string()), ("b.yml".to_string(), GOOD.to_string())]).unwrap_err().0;
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].to_string(), "b.yml:3: rule kid-ransom-crypto: duplicate id, first defined at a.yml:3");
}

#[test]
fn vocabulary_expands_and_reports_unknown_lists_and_cycles() {
    let yaml = GOOD
        .replace("ransom: [rançon, ransom,", "ransom: [\"@money\", ransom,")
        .replace("rules:\n", "vocabulary:\n  money: [rançon, '@more']\n  more: [losgeld]\nrules:\n");
    let rules = load(&yaml).unwrap();
    let terms: Vec<&str> = rules.rules[0].groups[0].terms.iter().map(|t| t.written.as_str()).collect();
    assert_eq!(terms[..3], ["rançon", "losgeld", "ransom"]);
    let e = errors(&yaml.replace("'@more'", "'@nope'"));
    assert!(e.iter().any(|l| l.contains("unknown vocabulary list \"@nope\"")), "{e:?}");
    let e = errors(&yaml.replace("[losgeld]", "[losgeld, '@money']"));
    assert!(e.iter().any(|l| l == "t.yml:4: vocabulary cycle: \"@money\" -> \"@more\" -> \"@money\""), "{e:?}");
}

/// A rule file whose vocabulary has `lists` lists, the first of `width` words and each other
/// referencing the previous one `width` times; group `target` uses the last list.
fn nested_vocabulary(lists: usize, width: usize) -> String {
    let mut yaml = String::from("vocabulary:\n");
    let words: Vec<String> = (0..width).map(|i| format!("word{i}")).collect();
    yaml.push_str(&format!("  l0: [{}]\n", words.join(", ")));
    for i in 1..lists {
        yaml.push_str(&format!("  l{i}: [{}]\n", vec![format!("'@l{}'", i - 1); width].join(", ")));
    }
    yaml + &GOOD.trim_start().replace("[btc, usdt,", &format!("['@l{}', btc, usdt,", lists - 1))
}

/// Issue 11: nine lists each naming the previous one nine times (927 bytes) expanded to 9^9
/// terms and exhausted memory; now counted before expanding, and refused where the limits
/// are first crossed, naming file and line, at once.
#[test]
fn a_vocabulary_bomb_is_refused_before_it_is_expanded() {
    let bomb = nested_vocabulary(9, 9);
    let vocabulary_bytes = bomb.find("rules:").unwrap();
    assert!(vocabulary_bytes < 1024, "{vocabulary_bytes} bytes");
    let started = std::time::Instant::now();
    let e = errors(&bomb);
    assert!(started.elapsed() < std::time::Duration::from_secs(5), "{:?}", started.elapsed());
    assert!(
        e.contains(&format!("t.yml:6: vocabulary \"l4\": expands to 59049 terms (at most {MAX_GROUP_TERMS})")),
        "{e:?}"
    );
    assert!(
        e.contains(&format!("t.yml:10: vocabulary \"l8\": references nest 9 lists deep (at most {MAX_NESTING})")),
        "{e:?}"
    );
    assert_eq!(e.len(), 2, "reported where crossed, not at every list above: {e:?}");

    // Within the limits the same shape loads, every term expanded.
    let rules = load(&nested_vocabulary(4, 9)).unwrap();
    assert_eq!(rules.rules[0].groups[1].terms.len(), 9usize.pow(4) + 4);

    // A group of several big lists is counted too, and so is the whole rule set.
    let wide = nested_vocabulary(4, 9).replace("['@l3', btc,", "['@l3', '@l3', btc,");
    assert!(errors(&wide).iter().any(|l| l.contains("group \"crypto\" expands to 13126 terms")), "wide");
    let many =
        (0..40).map(|i| (format!("f{i}.yml"), nested_vocabulary(4, 9).replace("kid-ransom-crypto", &format!("r{i}"))));
    let e = load_sources(many).unwrap_err().0;
    assert!(e.iter().any(|d| d.message.contains(&format!("more than {MAX_TERMS} terms in all"))), "{e:?}");
}

#[test]
fn cycles_are_named_once_and_deep_chains_never_recurse_deeply() {
    // A long chain closing on itself: one error, however long; and a list leading to a cycle is
    // not reported again.
    let mut yaml = String::from("vocabulary:\n");
    for i in 0..5000 {
        yaml.push_str(&format!("  l{i}: ['@l{}']\n", (i + 1) % 5000));
    }
    yaml.push_str("  lead: ['@l0', x]\n");
    let yaml = yaml + GOOD.trim_start();
    let e = errors(&yaml);
    assert_eq!(e.iter().filter(|l| l.contains("vocabulary cycle")).count(), 1, "{:?}", &e[..e.len().min(3)]);
}

#[test]
fn correlation_window_picks_the_richest_interval() {
    let c = Correlation {
        groups: vec![0, 1, 2, 3],
        min_groups: 3,
        window_ms: 10,
        require_any: vec![3],
        require_min: 1,
        exclude: vec![],
    };
    // Three groups within 10 ms but none required: no hit.
    assert_eq!(c.best_window(&[(0, 0b001), (5, 0b010), (10, 0b100)], Level::High), None);
    // The required group arrives too late for the first window but makes the second.
    let hit = c.best_window(&[(0, 0b001), (5, 0b010), (12, 0b100), (15, 0b1000)], Level::High).unwrap();
    assert_eq!((hit.first, hit.last, hit.groups), (1, 3, 0b1110));
    assert_eq!(hit.score, 6.0);
    let hit = c.best_window(&[(0, 0b0111), (1, 0b1000)], Level::Critical).unwrap();
    assert_eq!(hit.score, 10.0 * 1.25);
}

mod never_panic {
    use proptest::prelude::*;

    use super::{GOOD, load};
    use crate::rules::{MAX_GROUP_TERMS, MAX_NESTING};

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

        /// Any text: rules or diagnostics, never a panic.
        #[test]
        fn arbitrary_text(text in "\\PC{0,300}") {
            if let Err(e) = load(&text) {
                prop_assert!(!e.0.is_empty());
            }
        }

        /// The good file with bytes replaced, cut or repeated: the YAML stays close to valid,
        /// so the rule checks themselves are reached.
        #[test]
        fn mutated_rules(at in 0usize..1000, len in 0usize..40, with in "[ -~\\n]{0,20}") {
            let mut text = GOOD.to_string();
            let start = at % text.len();
            let end = (start + len).min(text.len());
            if text.is_char_boundary(start) && text.is_char_boundary(end) {
                text.replace_range(start..end, &with);
            }
            if let Ok(rules) = load(&text) {
                let _ = rules.check_examples();
            }
        }

        /// Vocabularies of any shape (lists naming lists, repeatedly, in cycles): either the
        /// file loads with exactly the terms the lists expand to, within the limits, or it is
        /// refused naming the problem; memory is never sized by the expansion.
        #[test]
        fn vocabularies_expand_exactly_or_are_refused(
            shape in prop::collection::vec((0usize..4, prop::collection::vec((0usize..12, 1usize..12), 0..4)), 1..12),
        ) {
            // List i: `own` words, then `times` references to list `to` for each (to, times).
            let mut yaml = String::from("vocabulary:\n");
            for (i, (own, refs)) in shape.iter().enumerate() {
                let mut items: Vec<String> = (0..*own).map(|w| format!("w{i}x{w}")).collect();
                for (to, times) in refs {
                    items.extend(std::iter::repeat_n(format!("'@l{}'", to % shape.len()), *times));
                }
                if items.is_empty() {
                    items.push(format!("w{i}"));
                }
                yaml.push_str(&format!("  l{i}: [{}]\n", items.join(", ")));
            }
            let last = shape.len() - 1;
            let yaml = yaml + &GOOD.trim_start().replace("[btc, usdt,", &format!("['@l{last}', btc, usdt,"));
            // Expected: terms and nesting of each list by memoised recursion (None on a cycle).
            fn size(shape: &[(usize, Vec<(usize, usize)>)], i: usize, stack: &mut Vec<usize>) -> Option<(u64, usize)> {
                if stack.contains(&i) {
                    return None;
                }
                stack.push(i);
                let (own, refs) = &shape[i];
                let mut terms = (*own).max(usize::from(*own == 0 && refs.is_empty())) as u64;
                let mut nesting = 1;
                for (to, times) in refs {
                    let (t, n) = size(shape, to % shape.len(), stack)?;
                    terms = terms.saturating_add(t.saturating_mul(*times as u64));
                    nesting = nesting.max(n + 1);
                }
                stack.pop();
                Some((terms, nesting))
            }
            let all: Option<Vec<(u64, usize)>> = (0..shape.len()).map(|i| size(&shape, i, &mut Vec::new())).collect();
            // The group is the last list and four terms of its own.
            let within = |sizes: &[(u64, usize)]| {
                sizes.iter().all(|&(t, n)| t <= MAX_GROUP_TERMS && n <= MAX_NESTING)
                    && sizes[last].0 + 4 <= MAX_GROUP_TERMS
            };
            match (load(&yaml), all) {
                (Ok(rules), Some(sizes)) => {
                    prop_assert!(within(&sizes));
                    prop_assert_eq!(rules.rules[0].groups[1].terms.len() as u64, sizes[last].0 + 4);
                }
                (Err(e), Some(sizes)) => {
                    prop_assert!(!within(&sizes), "{e}");
                    prop_assert!(e.0.iter().all(|d| d.path == "t.yml" && d.line > 0), "{e}");
                }
                (Err(e), None) => prop_assert!(e.0.iter().any(|d| d.message.contains("vocabulary cycle")), "{e}"),
                (Ok(_), None) => prop_assert!(false, "a cycle loaded"),
            }
        }
    }
}

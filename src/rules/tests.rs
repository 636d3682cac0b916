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
    assert!(e.iter().any(|l| l.contains("vocabulary cycle")), "{e:?}");
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
    }
}

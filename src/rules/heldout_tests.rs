//! The built-in packs over held-out conversations written apart from the rules and from the
//! generator (`tests/fixtures/heldout/`, see the header of each set): recall per category,
//! precision and innocent look-alikes flagged, at the hunt's default `--min-level medium`.

use std::collections::BTreeMap;

use super::load::parse_conversation;
use super::{AnalysedConversation, Category, ExampleConversation, Level, RuleSet, builtin};
use crate::analysis::Analyzer;

struct Conversation {
    id: String,
    /// `None` for an innocent look-alike.
    category: Option<Category>,
    messages: ExampleConversation,
}

fn parse_set(name: &str, text: &str) -> Vec<Conversation> {
    let root = marked_yaml::parse_yaml(0, text).unwrap_or_else(|e| panic!("{name}: {e}"));
    let list = root.as_mapping().and_then(|m| m.get_sequence("conversations")).expect("conversations: a list");
    list.iter()
        .map(|node| {
            let m = node.as_mapping().expect("a conversation is a mapping");
            let field = |k: &str| m.get_scalar(k).map(|s| s.as_str().to_owned()).unwrap_or_else(|| panic!("{k}?"));
            let id = field("id");
            let category = match field("category").as_str() {
                "none" => None,
                c => Some(Category::parse(c).unwrap_or_else(|| panic!("{id}: category {c}"))),
            };
            assert!(["fr", "nl", "en"].contains(&field("lang").as_str()), "{id}: lang");
            let messages = parse_conversation(m.get_node("messages").expect("messages"))
                .unwrap_or_else(|(line, e)| panic!("{name}:{line}: {e}"));
            Conversation { id, category, messages }
        })
        .collect()
}

/// What the rules made of a set.
#[derive(Debug, Default)]
struct Score {
    /// Per category: (recalled, planted).
    recall: BTreeMap<Category, (usize, usize)>,
    /// (conversation, category) findings, and those on a threat conversation.
    findings: usize,
    true_findings: usize,
    /// Innocent conversations with any finding, of all innocent ones.
    innocents_flagged: usize,
    innocents: usize,
    /// One line per conversation: id, expected, found (category:level:rules).
    lines: Vec<String>,
}

impl Score {
    fn recall(&self, c: Category) -> f64 {
        let (r, p) = self.recall.get(&c).copied().unwrap_or((0, 0));
        r as f64 / p.max(1) as f64
    }
    fn precision(&self) -> f64 {
        self.true_findings as f64 / self.findings.max(1) as f64
    }
    fn innocent_rate(&self) -> f64 {
        self.innocents_flagged as f64 / self.innocents.max(1) as f64
    }
    fn summary(&self) -> String {
        let recalls: Vec<String> =
            self.recall.iter().map(|(c, (r, p))| format!("{c} {r}/{p} ({:.2})", *r as f64 / *p as f64)).collect();
        format!(
            "recall {}; precision {}/{} ({:.2}); innocent look-alikes flagged {}/{} ({:.2})",
            recalls.join(", "),
            self.true_findings,
            self.findings,
            self.precision(),
            self.innocents_flagged,
            self.innocents,
            self.innocent_rate()
        )
    }
}

fn score(rules: &RuleSet, conversations: &[Conversation]) -> Score {
    let mut analyzer = Analyzer::default();
    let mut s = Score::default();
    for conv in conversations {
        let analysed = AnalysedConversation::new(&mut analyzer, &conv.messages);
        let found: BTreeMap<Category, (Level, Vec<&str>)> = rules
            .conversation_categories(&analysed)
            .into_iter()
            .filter(|(_, (level, _))| *level >= Level::Medium)
            .collect();
        s.findings += found.len();
        match conv.category {
            Some(c) => {
                s.true_findings += found.len();
                let entry = s.recall.entry(c).or_default();
                entry.1 += 1;
                entry.0 += usize::from(found.contains_key(&c));
            }
            None => {
                s.innocents += 1;
                s.innocents_flagged += usize::from(!found.is_empty());
            }
        }
        let shown: Vec<String> = found.iter().map(|(c, (l, ids))| format!("{c}:{l}:{}", ids.join("+"))).collect();
        let expected = conv.category.map_or("none", Category::as_str);
        let ok = match conv.category {
            Some(c) => found.contains_key(&c),
            None => found.is_empty(),
        };
        s.lines.push(format!(
            "{} {:<40} {:<18} {}",
            if ok { "ok  " } else { "MISS" },
            conv.id,
            expected,
            shown.join(" ")
        ));
    }
    s
}

const SET_A: &str = include_str!("../../tests/fixtures/heldout/set-a.yml");
const SET_B: &str = include_str!("../../tests/fixtures/heldout/set-b.yml");

fn run(name: &str, text: &str) -> Score {
    let conversations = parse_set(name, text);
    let rules = builtin().unwrap_or_else(|e| panic!("built-in rules do not load:\n{e}"));
    let s = score(&rules, &conversations);
    println!("{name}:\n{}\n{name}: {}", s.lines.join("\n"), s.summary());
    s
}

#[test]
fn heldout_sets_are_what_their_headers_say() {
    for (name, text) in [("set-a", SET_A), ("set-b", SET_B)] {
        let conversations = parse_set(name, text);
        for c in Category::RULE_CATEGORIES {
            let n = conversations.iter().filter(|x| x.category == Some(c)).count();
            assert!(n >= 8, "{name}: {n} conversations of {c}");
        }
        let innocents = conversations.iter().filter(|x| x.category.is_none()).count();
        assert!(innocents >= 20, "{name}: {innocents} innocent look-alikes");
    }
}

/// Fails when a score falls below its floor, naming every score that did.
fn assert_floors(name: &str, s: &Score, categories: &[Category], recall: f64, precision: f64, innocents: f64) {
    let mut low: Vec<String> = categories
        .iter()
        .filter(|c| s.recall(**c) < recall)
        .map(|c| format!("recall {c} {:.2} < {recall}", s.recall(*c)))
        .collect();
    if s.precision() < precision {
        low.push(format!("precision {:.2} < {precision}", s.precision()));
    }
    if s.innocent_rate() > innocents {
        low.push(format!("innocent look-alikes flagged {:.2} > {innocents}", s.innocent_rate()));
    }
    assert!(low.is_empty(), "{name}: {}\n{}", low.join("; "), s.summary());
}

/// Set A was read while the packs were extended for issue 14 (its header says so): these
/// floors guard against regressions, they are not a held-out score.
#[test]
fn heldout_set_a() {
    let s = run("set-a", SET_A);
    assert_floors("set-a", &s, &Category::RULE_CATEGORIES, 0.85, 0.95, 0.04);
}

/// Set B stays sealed: measured once the packs were final (rules/README.md has the figures),
/// never tuned against. The floors sit just under that measurement for the three
/// threat categories; extortion and contract violence scored far lower there (see README)
/// and are left unguarded rather than guarded at a figure nobody should aim for.
#[test]
fn heldout_set_b() {
    let s = run("set-b", SET_B);
    assert_floors("set-b", &s, &[Category::Kidnapping, Category::Weapons, Category::Drugs], 0.85, 0.9, 0.08);
}

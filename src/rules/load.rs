//! Rule files → a validated [`RuleSet`], or every problem with its file, line and rule.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use marked_yaml::types::{MarkedMappingNode, MarkedScalarNode, MarkedSequenceNode};
use marked_yaml::{LoadError, LoaderOptions, Node};

use super::condition;
use super::term::{self, Term, TermMode};
use super::{
    Category, Correlation, Diagnostic, ExampleConversation, Examples, Group, Level, Logic, Rule, RuleErrors, RuleSet,
};
use crate::index::Analyzer;

const RULE_KEYS: [&str; 11] = [
    "id",
    "title",
    "description",
    "category",
    "level",
    "languages",
    "references",
    "groups",
    "condition",
    "correlation",
    "examples",
];
const REQUIRED: [&str; 9] =
    ["id", "title", "description", "category", "level", "languages", "references", "groups", "examples"];
const MAX_WINDOW_MS: u64 = 90 * 86_400_000;
const MIN_EXAMPLES: usize = 3;
const MIN_CONVERSATIONS: usize = 2;
/// Groups are bits of a u64.
const MAX_GROUPS: usize = 64;
/// Terms a group (or a vocabulary list) may expand to, its lists included (FORMAT.md §3.4;
/// the built-in packs' largest group has 428): a file cannot make tapir allocate what it likes.
pub const MAX_GROUP_TERMS: u64 = 10_000;
/// Terms all the rules loaded together may expand to (the built-in packs: 20 950).
pub const MAX_TERMS: u64 = 200_000;
/// Vocabulary lists a chain of `@name` references may go through, from a group.
pub const MAX_NESTING: usize = 8;

/// Loads every `*.yml`/`*.yaml` under the given files and directories (lexicographic order).
pub fn load_paths<P: AsRef<Path>>(paths: &[P]) -> Result<RuleSet, RuleErrors> {
    load_sources(read_paths(paths)?)
}

/// The rule files under the given files and directories (`*.yml`/`*.yaml`, lexicographic
/// order), as (path shown in errors, YAML text) for [`load_sources`]; an error for each file
/// that cannot be read, and one when no rule file is found.
pub fn read_paths<P: AsRef<Path>>(paths: &[P]) -> Result<Vec<(String, String)>, RuleErrors> {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        let p = p.as_ref();
        if p.is_dir() {
            for entry in walkdir::WalkDir::new(p).sort_by_file_name() {
                match entry {
                    Ok(e) if e.file_type().is_file() && is_yaml(e.path()) => files.push(e.into_path()),
                    Ok(_) => {}
                    Err(e) => errors.push(file_error(&p.display().to_string(), 0, e.to_string())),
                }
            }
        } else {
            files.push(p.to_owned());
        }
    }
    files.sort();
    let mut sources = Vec::new();
    for f in files {
        let shown = f.display().to_string();
        match std::fs::read_to_string(&f) {
            Ok(text) => sources.push((shown, text)),
            Err(e) => errors.push(file_error(&shown, 0, format!("cannot read: {e}"))),
        }
    }
    if sources.is_empty() && errors.is_empty() {
        let shown: Vec<String> = paths.iter().map(|p| p.as_ref().display().to_string()).collect();
        errors.push(file_error(&shown.join(", "), 0, "no rule files (*.yml, *.yaml) found".into()));
    }
    if errors.is_empty() { Ok(sources) } else { Err(RuleErrors(errors)) }
}

fn is_yaml(p: &Path) -> bool {
    matches!(p.extension().and_then(|e| e.to_str()), Some("yml" | "yaml"))
}

fn file_error(path: &str, line: usize, message: String) -> Diagnostic {
    Diagnostic { path: path.to_owned(), line, rule: None, message }
}

/// Loads rule files given as (path shown in errors, YAML text).
pub fn load_sources(sources: impl IntoIterator<Item = (String, String)>) -> Result<RuleSet, RuleErrors> {
    let mut analyzer = Analyzer::default();
    let mut rules = Vec::new();
    let mut errors = Vec::new();
    let mut first_seen: HashMap<String, (String, usize)> = HashMap::new();
    let mut terms_left = MAX_TERMS;
    for (path, text) in sources {
        let mut loader = FileLoader {
            path: &path,
            errors: Vec::new(),
            analyzer: &mut analyzer,
            terms_left: &mut terms_left,
            compiled: HashMap::new(),
        };
        let loaded = loader.file(&text);
        let mut file_errors = loader.errors;
        for rule in loaded {
            match first_seen.get(&rule.id) {
                Some((p, l)) => file_errors.push(Diagnostic {
                    path: path.clone(),
                    line: rule.line,
                    rule: Some(rule.id.clone()),
                    message: format!("duplicate id, first defined at {p}:{l}"),
                }),
                None => {
                    first_seen.insert(rule.id.clone(), (path.clone(), rule.line));
                    rules.push(rule);
                }
            }
        }
        file_errors.sort_by_key(|d| d.line);
        errors.extend(file_errors);
    }
    if errors.is_empty() { Ok(RuleSet { rules }) } else { Err(RuleErrors(errors)) }
}

fn line_of(node: &Node) -> usize {
    node.span().start().map_or(0, |m| m.line())
}

fn scalar_line(s: &MarkedScalarNode) -> usize {
    s.span().start().map_or(0, |m| m.line())
}

/// A plain (unquoted) scalar that YAML 1.2's core schema reads as a bool, null or number.
fn reads_as_non_string(s: &MarkedScalarNode) -> bool {
    if !s.may_coerce() {
        return false;
    }
    let v = s.as_str();
    matches!(v, "" | "~" | "null" | "Null" | "NULL" | "true" | "True" | "TRUE" | "false" | "False" | "FALSE")
        || is_yaml_number(v)
}

fn is_yaml_number(v: &str) -> bool {
    let body = v.strip_prefix(['-', '+']).unwrap_or(v);
    if matches!(body, ".inf" | ".Inf" | ".INF") || matches!(v, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    if let Some(hex) = v.strip_prefix("0x") {
        return !hex.is_empty() && hex.bytes().all(|c| c.is_ascii_hexdigit());
    }
    if let Some(oct) = v.strip_prefix("0o") {
        return !oct.is_empty() && oct.bytes().all(|c| (b'0'..=b'7').contains(&c));
    }
    // [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some((a, b)) => (digits(a) && (b.is_empty() || digits(b))) || (a.is_empty() && digits(b)),
        None => digits(mantissa),
    };
    mantissa_ok && exponent.is_none_or(|e| digits(e.strip_prefix(['-', '+']).unwrap_or(e)))
}

/// Milliseconds of `^[1-9][0-9]*(m|h|d)$` or `0`.
fn duration_ms(s: &str) -> Option<u64> {
    if s == "0" {
        return Some(0);
    }
    let unit = match s.as_bytes().last()? {
        b'm' => 60_000,
        b'h' => 3_600_000,
        b'd' => 86_400_000,
        _ => return None,
    };
    let n = &s[..s.len() - 1];
    if n.is_empty() || n.starts_with('0') || !n.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    n.parse::<u64>().ok()?.checked_mul(unit)
}

fn is_group_name(s: &str) -> bool {
    let s = s.strip_prefix('_').unwrap_or(s);
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn is_rule_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.split('-').all(|w| !w.is_empty() && w.bytes().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()))
}

/// A term found while expanding a group: its node, and whether it came from a vocabulary
/// list (whose problems are reported once, at the list).
struct Expanded<'n> {
    node: &'n Node,
    from_vocabulary: bool,
}

/// What a vocabulary list expands to, counted before anything is expanded.
#[derive(Clone, Copy, Debug)]
struct ListSize {
    /// Terms, its lists' included (saturating: a bomb's count does not wrap).
    terms: u64,
    /// Lists in its longest chain of references, itself included.
    nesting: usize,
}

/// A file's vocabulary: the lists, and the size of each list that is usable (no cycle, within
/// the limits); the others are reported once and not expanded.
struct Vocabulary<'n> {
    /// By name: the line of the name, and the list.
    lists: BTreeMap<String, (usize, &'n MarkedSequenceNode)>,
    sizes: HashMap<String, ListSize>,
}

struct FileLoader<'a> {
    path: &'a str,
    errors: Vec<Diagnostic>,
    analyzer: &'a mut Analyzer,
    /// Terms the rules loaded so far may still expand to (`MAX_TERMS` for all of them).
    terms_left: &'a mut u64,
    /// Terms compiled, by node address: a vocabulary term is compiled once however many
    /// groups use it.
    compiled: HashMap<usize, Result<Term, String>>,
}

impl FileLoader<'_> {
    fn file_error(&mut self, line: usize, message: String) {
        self.errors.push(file_error(self.path, line, message));
    }

    fn rule_error(&mut self, label: &str, line: usize, message: String) {
        self.errors.push(Diagnostic { path: self.path.to_owned(), line, rule: Some(label.to_owned()), message });
    }

    fn parse_yaml(&mut self, text: &str) -> Option<Node> {
        let options = || LoaderOptions::default().error_on_duplicate_keys(true).prevent_coercion(true);
        // The YAML library asserts its own invariants (`unreachable!`); a rule file must never
        // take tapir down with it, so a panic there becomes a file error.
        let parse = |options: LoaderOptions| {
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                marked_yaml::parse_yaml_with_options(0, text, options)
            }))
        };
        let parsed = match parse(options()) {
            Ok(Err(LoadError::TopLevelMustBeMapping(_))) => parse(options().toplevel_sequence()),
            other => other,
        };
        let Ok(parsed) = parsed else {
            self.file_error(1, "the YAML reader failed on this file (internal error); please report it".into());
            return None;
        };
        match parsed {
            Ok(node) => Some(node),
            Err(e) => {
                let (line, message) = match &e {
                    LoadError::TopLevelMustBeMapping(m) | LoadError::TopLevelMustBeSequence(m) => (
                        m.line(),
                        "a rule file holds a list of rules, one rule, or {rules: [...], vocabulary: {...}}".into(),
                    ),
                    LoadError::UnexpectedAnchor(m) => {
                        (m.line(), "anchors and aliases are not supported: use a vocabulary list".into())
                    }
                    LoadError::UnexpectedTag(m) => (m.line(), "YAML tags are not supported".into()),
                    LoadError::MappingKeyMustBeScalar(m) => (m.line(), "mapping keys must be plain strings".into()),
                    LoadError::ScanError(m, e) => (m.line(), format!("YAML syntax: {e}")),
                    LoadError::DuplicateKey(d) => (
                        scalar_line(&d.key),
                        format!("duplicate key \"{}\" (first at line {})", d.key.as_str(), scalar_line(&d.prev_key)),
                    ),
                };
                self.file_error(line, message);
                None
            }
        }
    }

    fn file(&mut self, text: &str) -> Vec<Rule> {
        let Some(top) = self.parse_yaml(text) else { return Vec::new() };
        let mut vocabulary: BTreeMap<String, (usize, &MarkedSequenceNode)> = BTreeMap::new();
        let rules: Vec<&Node> = match &top {
            Node::Sequence(items) => items.iter().collect(),
            Node::Mapping(m) if m.get_node("rules").is_some() => {
                for (k, _) in m.iter() {
                    if k.as_str() != "rules" && k.as_str() != "vocabulary" {
                        self.file_error(scalar_line(k), format!("unknown top-level key \"{}\"", k.as_str()));
                    }
                }
                match m.get_node("vocabulary") {
                    None => {}
                    Some(Node::Mapping(v)) => {
                        for (name, list) in v.iter() {
                            match list {
                                Node::Sequence(seq) if is_group_name(name) && !seq.is_empty() => {
                                    vocabulary.insert(name.as_str().to_owned(), (scalar_line(name), seq));
                                }
                                _ => self.file_error(
                                    scalar_line(name),
                                    format!("vocabulary \"{}\": a name and a non-empty list of terms", name.as_str()),
                                ),
                            }
                        }
                    }
                    Some(other) => {
                        self.file_error(line_of(other), "'vocabulary' must be a mapping name -> list of terms".into())
                    }
                }
                match m.get_node("rules") {
                    Some(Node::Sequence(items)) => items.iter().collect(),
                    other => {
                        self.file_error(other.map_or(1, line_of), "'rules' must be a sequence of rules".into());
                        return Vec::new();
                    }
                }
            }
            Node::Mapping(m) if m.get_node("id").is_some() => vec![&top],
            other => {
                self.file_error(
                    line_of(other),
                    "a rule file holds a list of rules, one rule, or {rules: [...], vocabulary: {...}}".into(),
                );
                return Vec::new();
            }
        };
        let vocabulary = self.vocabulary(vocabulary);
        let mut out = Vec::new();
        for (i, node) in rules.into_iter().enumerate() {
            if let Some(rule) = self.rule(node, i + 1, &vocabulary) {
                out.push(rule);
            }
        }
        out
    }

    /// Checks the vocabulary lists and counts what each expands to, before anything is
    /// expanded: unknown lists, cycles, chains of more than `MAX_NESTING` lists and lists of
    /// more than `MAX_GROUP_TERMS` terms are errors (a few lines of nested lists can name
    /// billions of terms). Each list's own terms are compiled once, here, and reported here,
    /// not in every rule that uses them. Linear in the size of the vocabulary.
    fn vocabulary<'n>(&mut self, lists: BTreeMap<String, (usize, &'n MarkedSequenceNode)>) -> Vocabulary<'n> {
        let names: Vec<&str> = lists.keys().map(String::as_str).collect();
        let position: HashMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
        // Per list: its own terms, and its references to known lists as (list, line).
        let mut own = vec![0u64; names.len()];
        let mut refs: Vec<Vec<(usize, usize)>> = vec![Vec::new(); names.len()];
        for (i, (_, seq)) in lists.values().enumerate() {
            for item in seq.iter() {
                if let Node::Scalar(s) = item
                    && let Some(name) = s.as_str().strip_prefix('@')
                {
                    match position.get(name) {
                        Some(&j) => refs[i].push((j, scalar_line(s))),
                        None => self.file_error(scalar_line(s), format!("unknown vocabulary list \"@{name}\"")),
                    }
                    continue;
                }
                own[i] += 1;
                if let Err(message) = self.compiled_term(item) {
                    self.file_error(line_of(item), message);
                }
            }
        }
        // Sizes in dependency order (Kahn): a list once every list it references is sized.
        let mut users: Vec<Vec<usize>> = vec![Vec::new(); names.len()];
        let mut pending: Vec<usize> = refs.iter().map(Vec::len).collect();
        for (i, r) in refs.iter().enumerate() {
            for &(j, _) in r {
                users[j].push(i);
            }
        }
        let mut ready: Vec<usize> = (0..names.len()).filter(|&i| pending[i] == 0).collect();
        let mut size: Vec<Option<ListSize>> = vec![None; names.len()];
        while let Some(i) = ready.pop() {
            let mut this = ListSize { terms: own[i], nesting: 1 };
            for &(j, _) in &refs[i] {
                let Some(s) = size[j] else { continue };
                this.terms = this.terms.saturating_add(s.terms);
                this.nesting = this.nesting.max(s.nesting + 1);
            }
            size[i] = Some(this);
            for &u in &users[i] {
                pending[u] -= 1;
                if pending[u] == 0 {
                    ready.push(u);
                }
            }
        }
        // Lists never sized lie on a cycle or lead to one: walk each cycle once to name it.
        let mut walked = vec![false; names.len()];
        for start in (0..names.len()).filter(|&i| size[i].is_none()) {
            let mut path: Vec<usize> = Vec::new();
            let mut current = start;
            while !walked[current] {
                walked[current] = true;
                path.push(current);
                // An unsized list always references another unsized one.
                let Some(&(next, line)) = refs[current].iter().find(|(j, _)| size[*j].is_none()) else { break };
                if let Some(at) = path.iter().position(|&p| p == next) {
                    let cycle: Vec<String> =
                        path[at..].iter().chain([&next]).map(|&p| format!("\"@{}\"", names[p])).collect();
                    self.file_error(line, format!("vocabulary cycle: {}", cycle.join(" -> ")));
                    break;
                }
                current = next;
            }
        }
        // Limits, reported where they are first crossed (not again at every list above).
        type Limit<'l> = (&'l dyn Fn(ListSize) -> bool, &'l dyn Fn(ListSize) -> String);
        let limits: [Limit; 2] = [
            (&|s| s.nesting > MAX_NESTING, &|s| {
                format!("references nest {} lists deep (at most {MAX_NESTING})", s.nesting)
            }),
            (&|s| s.terms > MAX_GROUP_TERMS, &|s| {
                format!("expands to {} terms (at most {MAX_GROUP_TERMS})", shown_count(s.terms))
            }),
        ];
        let mut sizes = HashMap::new();
        for (i, &(line, _)) in lists.values().enumerate() {
            let Some(this) = size[i] else { continue };
            match limits.iter().find(|(over, _)| over(this)) {
                Some((over, message)) => {
                    if refs[i].iter().filter_map(|&(j, _)| size[j]).all(|s| !over(s)) {
                        self.file_error(line, format!("vocabulary \"{}\": {}", names[i], message(this)));
                    }
                }
                None => {
                    sizes.insert(names[i].to_owned(), this);
                }
            }
        }
        Vocabulary { lists, sizes }
    }

    /// [`Self::term`], compiled once per node.
    fn compiled_term(&mut self, node: &Node) -> Result<Term, String> {
        let key = node as *const Node as usize;
        if let Some(done) = self.compiled.get(&key) {
            return done.clone();
        }
        let done = self.term(node);
        self.compiled.insert(key, done.clone());
        done
    }

    fn term(&mut self, node: &Node) -> Result<Term, String> {
        let line = line_of(node);
        match node {
            Node::Scalar(s) => {
                if reads_as_non_string(s) {
                    return Err(format!("term {} is not a string (quote it)", s.as_str()));
                }
                let mode = term::parse_shorthand(s.as_str(), self.analyzer)?;
                Ok(Term { written: s.as_str().to_owned(), mode, line })
            }
            Node::Mapping(m) => {
                for (k, _) in m.iter() {
                    if !matches!(k.as_str(), "term" | "mode" | "distance" | "slop") {
                        return Err(format!("term mapping has unknown key \"{}\"", k.as_str()));
                    }
                }
                let text = m.get_scalar("term").ok_or("term mapping needs a string 'term' (quote it)")?.as_str();
                let mode = m.get_scalar("mode").map_or("word", |s| s.as_str());
                if !matches!(mode, "word" | "prefix" | "fuzzy" | "phrase" | "regex") {
                    return Err(format!("term \"{text}\": unknown mode \"{mode}\""));
                }
                let number = |key: &str| -> Result<Option<u64>, String> {
                    match m.get_node(key) {
                        None => Ok(None),
                        Some(Node::Scalar(s)) => s
                            .as_str()
                            .parse::<u64>()
                            .map(Some)
                            .map_err(|_| format!("term \"{text}\": '{key}' must be a small integer")),
                        Some(_) => Err(format!("term \"{text}\": '{key}' must be a small integer")),
                    }
                };
                let distance = number("distance")?;
                let slop = number("slop")?;
                if distance.is_some() && mode != "fuzzy" {
                    return Err(format!("term \"{text}\": 'distance' is for fuzzy terms only"));
                }
                if slop.is_some() && mode != "phrase" {
                    return Err(format!("term \"{text}\": 'slop' is for phrase terms only"));
                }
                if mode == "fuzzy" && distance.is_none() {
                    return Err(format!("term \"{text}\": fuzzy needs 'distance'"));
                }
                let mode: TermMode = term::compile(mode, text, distance, slop, self.analyzer)?;
                Ok(Term { written: text.to_owned(), mode, line })
            }
            Node::Sequence(_) => Err("a term is a string or a mapping, not a list".into()),
        }
    }

    /// Expands `@name` references of a group into the terms of the vocabulary lists (only
    /// usable lists: see [`Self::vocabulary`]; the others are already reported).
    fn expand<'n>(
        items: &'n MarkedSequenceNode,
        vocabulary: &Vocabulary<'n>,
        from_vocabulary: bool,
        out: &mut Vec<Expanded<'n>>,
        unknown: &mut Vec<(usize, String)>,
    ) {
        for item in items.iter() {
            if let Node::Scalar(s) = item
                && let Some(name) = s.as_str().strip_prefix('@')
            {
                match vocabulary.lists.get(name) {
                    Some((_, list)) if vocabulary.sizes.contains_key(name) => {
                        Self::expand(list, vocabulary, true, out, unknown)
                    }
                    Some(_) => {}
                    None => unknown.push((scalar_line(s), format!("unknown vocabulary list \"@{name}\""))),
                }
                continue;
            }
            out.push(Expanded { node: item, from_vocabulary });
        }
    }

    /// What a group's list expands to, counted without expanding it.
    fn group_size(items: &MarkedSequenceNode, vocabulary: &Vocabulary<'_>) -> u64 {
        items.iter().fold(0u64, |n, item| match item.as_scalar().and_then(|s| s.as_str().strip_prefix('@')) {
            Some(name) => n.saturating_add(vocabulary.sizes.get(name).map_or(0, |s| s.terms)),
            None => n.saturating_add(1),
        })
    }

    fn rule(&mut self, node: &Node, position: usize, vocabulary: &Vocabulary<'_>) -> Option<Rule> {
        let Node::Mapping(d) = node else {
            self.rule_error(&format!("#{position}"), line_of(node), "a rule must be a mapping".into());
            return None;
        };
        let rule_line = line_of(node);
        let label = match d.get_scalar("id") {
            Some(id) if is_rule_id(id.as_str()) => id.as_str().to_owned(),
            _ => format!("#{position}"),
        };
        let errors_before = self.errors.len();
        let key_line =
            |k: &str| d.iter().find(|(key, _)| key.as_str() == k).map_or(rule_line, |(key, _)| scalar_line(key));
        for (k, _) in d.iter() {
            if !RULE_KEYS.contains(&k.as_str()) {
                self.rule_error(&label, scalar_line(k), format!("unknown key \"{}\"", k.as_str()));
            }
        }
        for k in REQUIRED {
            if d.get_node(k).is_none() {
                self.rule_error(&label, rule_line, format!("missing key \"{k}\""));
            }
        }
        if d.get_node("condition").is_some() == d.get_node("correlation").is_some() {
            self.rule_error(&label, rule_line, "a rule needs exactly one of 'condition' and 'correlation'".into());
        }
        if let Some(id) = d.get_node("id")
            && !matches!(id, Node::Scalar(s) if is_rule_id(s.as_str()))
        {
            self.rule_error(
                &label,
                line_of(id),
                "bad id (lowercase words joined by '-', at most 64 characters)".into(),
            );
        }
        let text_of = |this: &mut Self, k: &str| -> String {
            match d.get_node(k) {
                Some(Node::Scalar(s)) if !s.as_str().trim().is_empty() => s.as_str().trim().to_owned(),
                Some(n) => {
                    this.rule_error(&label, line_of(n), format!("'{k}' must be a non-empty string"));
                    String::new()
                }
                None => String::new(),
            }
        };
        let title = text_of(self, "title");
        let description = text_of(self, "description");
        let category = match d.get_scalar("category") {
            Some(s) => Category::parse(s.as_str()).filter(|c| *c != Category::Watchlist).or_else(|| {
                self.rule_error(&label, scalar_line(s), format!("unknown category \"{}\"", s.as_str()));
                None
            }),
            None => None,
        };
        let level = match d.get_scalar("level") {
            Some(s) => Level::parse(s.as_str()).or_else(|| {
                self.rule_error(&label, scalar_line(s), format!("unknown level \"{}\"", s.as_str()));
                None
            }),
            None => None,
        };
        let strings = |this: &mut Self, k: &str| -> Vec<String> {
            match d.get_node(k) {
                Some(Node::Sequence(seq)) if !seq.is_empty() => {
                    let mut out = Vec::new();
                    for item in seq.iter() {
                        match item {
                            Node::Scalar(s) if !s.as_str().trim().is_empty() => out.push(s.as_str().to_owned()),
                            other => this.rule_error(&label, line_of(other), format!("'{k}' lists strings")),
                        }
                    }
                    out
                }
                Some(n) => {
                    this.rule_error(&label, line_of(n), format!("'{k}' must be a non-empty list"));
                    Vec::new()
                }
                None => Vec::new(),
            }
        };
        let languages = strings(self, "languages");
        let mut sorted = languages.clone();
        sorted.sort();
        sorted.dedup();
        if sorted.len() != languages.len() || languages.iter().any(|l| !matches!(l.as_str(), "fr" | "nl" | "en")) {
            self.rule_error(&label, key_line("languages"), "languages must be distinct values of fr, nl, en".into());
        }
        let references = strings(self, "references");

        // Groups.
        let mut groups: Vec<Group> = Vec::new();
        match d.get_node("groups") {
            Some(Node::Mapping(g)) if !g.is_empty() => {
                for (name, items) in g.iter() {
                    let gl = scalar_line(name);
                    if !is_group_name(name.as_str()) {
                        self.rule_error(&label, gl, format!("bad group name \"{}\"", name.as_str()));
                        continue;
                    }
                    let Node::Sequence(seq) = items else {
                        self.rule_error(&label, gl, format!("group \"{}\" must be a list of terms", name.as_str()));
                        continue;
                    };
                    // Counted first: a group that would expand past the limits is never built.
                    let size = Self::group_size(seq, vocabulary);
                    if size > MAX_GROUP_TERMS {
                        let message = format!(
                            "group \"{}\" expands to {} terms (at most {MAX_GROUP_TERMS})",
                            name.as_str(),
                            shown_count(size)
                        );
                        self.rule_error(&label, gl, message);
                        continue;
                    }
                    if size > *self.terms_left {
                        let message = format!(
                            "group \"{}\": the rules loaded expand to more than {MAX_TERMS} terms in all",
                            name.as_str()
                        );
                        self.rule_error(&label, gl, message);
                        continue;
                    }
                    *self.terms_left -= size;
                    let mut expanded = Vec::new();
                    let mut unknown = Vec::new();
                    Self::expand(seq, vocabulary, false, &mut expanded, &mut unknown);
                    for (line, message) in unknown {
                        self.rule_error(&label, line, format!("group \"{}\": {message}", name.as_str()));
                    }
                    let mut terms = Vec::new();
                    for e in expanded {
                        match self.compiled_term(e.node) {
                            Ok(t) => terms.push(t),
                            Err(message) if !e.from_vocabulary => self.rule_error(
                                &label,
                                line_of(e.node),
                                format!("group \"{}\": {message}", name.as_str()),
                            ),
                            Err(_) => {}
                        }
                    }
                    if terms.is_empty() && seq.is_empty() {
                        self.rule_error(
                            &label,
                            gl,
                            format!("group \"{}\" must be a non-empty list of terms", name.as_str()),
                        );
                    }
                    groups.push(Group { name: name.as_str().to_owned(), terms });
                }
            }
            Some(n) => {
                self.rule_error(&label, line_of(n), "groups must be a non-empty mapping name -> list of terms".into())
            }
            None => {}
        }
        if groups.len() > MAX_GROUPS {
            self.rule_error(&label, key_line("groups"), format!("at most {MAX_GROUPS} groups in a rule"));
            return None;
        }
        let index_of = |n: &str| groups.iter().position(|g| g.name == n);
        let them: Vec<usize> = (0..groups.len()).filter(|&g| !groups[g].is_exclusion()).collect();
        let mut used = 0u64;

        let mut logic = None;
        if let Some(c) = d.get_node("condition") {
            match c {
                Node::Scalar(s) => match condition::parse(s.as_str(), &index_of, &them) {
                    Ok(expr) => {
                        let (pos, neg) = expr.polarity();
                        used |= pos | neg;
                        if expr.eval(0) {
                            self.rule_error(
                                &label,
                                line_of(c),
                                "condition is true when no group matches (not anchored by a positive group)".into(),
                            );
                        }
                        logic = Some(Logic::Condition(expr));
                    }
                    Err(message) => self.rule_error(&label, line_of(c), format!("condition: {message}")),
                },
                other => self.rule_error(&label, line_of(other), "condition must be a string".into()),
            }
        }
        if let Some(c) = d.get_node("correlation") {
            if let Some(corr) = self.correlation(c, &label, &index_of) {
                for &g in corr.groups.iter().chain(&corr.exclude) {
                    used |= 1 << g;
                }
                logic = Some(Logic::Correlation(corr));
            } else {
                // Groups named by a broken correlation are not also reported unused.
                used = u64::MAX;
            }
        }
        if logic.is_none() {
            used = u64::MAX;
        }
        for (g, group) in groups.iter().enumerate() {
            if used & (1 << g) == 0 {
                self.rule_error(&label, key_line("groups"), format!("group \"{}\" is never used", group.name));
            }
        }
        let examples = self.examples(d, &label, logic.as_ref().is_some_and(|l| matches!(l, Logic::Correlation(_))));

        if self.errors.len() > errors_before {
            return None;
        }
        let mut rule = Rule {
            id: label,
            title,
            description,
            category: category?,
            level: level?,
            languages,
            references,
            groups,
            logic: logic?,
            examples,
            path: self.path.to_owned(),
            line: rule_line,
            words: HashMap::new(),
            prefixes: HashMap::new(),
            others: Vec::new(),
        };
        rule.index_terms();
        Some(rule)
    }

    fn correlation(
        &mut self,
        node: &Node,
        label: &str,
        index_of: &dyn Fn(&str) -> Option<usize>,
    ) -> Option<Correlation> {
        let line = line_of(node);
        let Node::Mapping(c) = node else {
            self.rule_error(label, line, "correlation must be a mapping".into());
            return None;
        };
        let before = self.errors.len();
        let mut err =
            |this: &mut Self, message: String| this.rule_error(label, line, format!("correlation: {message}"));
        for (k, _) in c.iter() {
            if !matches!(k.as_str(), "groups" | "min_groups" | "window" | "require_any" | "require_min" | "exclude") {
                err(self, format!("unknown key \"{}\"", k.as_str()));
            }
        }
        let names = |this: &mut Self, key: &str, err: &mut dyn FnMut(&mut Self, String)| -> Vec<usize> {
            let mut out = Vec::new();
            match c.get_node(key) {
                None => {}
                Some(Node::Sequence(seq)) => {
                    for item in seq.iter() {
                        match item.as_scalar().map(|s| s.as_str()) {
                            Some(n) => match index_of(n) {
                                Some(g) if !out.contains(&g) => out.push(g),
                                Some(_) => err(this, format!("'{key}' repeats \"{n}\"")),
                                None => err(this, format!("unknown group \"{n}\"")),
                            },
                            None => err(this, format!("'{key}' lists group names")),
                        }
                    }
                }
                Some(_) => err(this, format!("'{key}' must be a list of group names")),
            }
            out
        };
        let groups = names(self, "groups", &mut err);
        let require_any = names(self, "require_any", &mut err);
        let exclude = names(self, "exclude", &mut err);
        if groups.len() < 2 {
            err(self, "'groups' must list at least 2 distinct group names".into());
        }
        let int = |key: &str| c.get_scalar(key).and_then(|s| s.as_str().parse::<usize>().ok());
        let min_groups = int("min_groups").unwrap_or(0);
        if !(2..=groups.len().max(2)).contains(&min_groups) {
            err(self, format!("'min_groups' must be an integer 2..{}", groups.len()));
        }
        let window_ms = c.get_scalar("window").and_then(|s| duration_ms(s.as_str())).unwrap_or(0);
        if window_ms == 0 || window_ms > MAX_WINDOW_MS {
            err(self, "'window' must be like 72h or 7d, at most 90d".into());
        }
        if require_any.iter().any(|g| !groups.contains(g)) {
            err(self, "'require_any' must be a list of names from 'groups'".into());
        }
        if c.get_node("require_min").is_some() && require_any.is_empty() {
            err(self, "'require_min' needs 'require_any'".into());
        }
        let require_min = if c.get_node("require_min").is_some() { int("require_min").unwrap_or(0) } else { 1 };
        let max_min = require_any.len().min(min_groups).max(1);
        if !(1..=max_min).contains(&require_min) {
            err(self, format!("'require_min' must be an integer 1..{max_min}"));
        }
        if exclude.iter().any(|g| groups.contains(g)) {
            err(self, "'exclude' must be a list of names not in 'groups'".into());
        }
        if self.errors.len() > before {
            return None;
        }
        Some(Correlation { groups, min_groups, window_ms, require_any, require_min, exclude })
    }

    fn examples(&mut self, d: &MarkedMappingNode, label: &str, correlation: bool) -> Examples {
        let mut out = Examples::default();
        let Some(node) = d.get_node("examples") else { return out };
        let Node::Mapping(ex) = node else {
            self.rule_error(label, line_of(node), "examples must be a mapping".into());
            return out;
        };
        for (k, _) in ex.iter() {
            let ok = matches!(k.as_str(), "match" | "no_match")
                || (correlation && matches!(k.as_str(), "match_conversations" | "no_match_conversations"));
            if !ok {
                let why = if k.as_str().contains("conversations") {
                    " (conversations are for correlation rules)"
                } else {
                    ""
                };
                self.rule_error(label, scalar_line(k), format!("examples: unexpected key \"{}\"{why}", k.as_str()));
            }
        }
        for (key, into) in [("match", &mut out.matching), ("no_match", &mut out.not_matching)] {
            match ex.get_node(key) {
                Some(Node::Sequence(seq)) if seq.len() >= MIN_EXAMPLES => {
                    for item in seq.iter() {
                        match item {
                            Node::Scalar(s) if !s.as_str().trim().is_empty() => {
                                into.push((s.as_str().to_owned(), scalar_line(s)))
                            }
                            other => {
                                self.rule_error(label, line_of(other), format!("examples.{key}: a non-empty string"))
                            }
                        }
                    }
                }
                other => self.rule_error(
                    label,
                    other.map_or(line_of(node), line_of),
                    format!("examples.{key} needs at least {MIN_EXAMPLES} non-empty strings"),
                ),
            }
        }
        if correlation {
            for (key, into) in [
                ("match_conversations", &mut out.matching_conversations),
                ("no_match_conversations", &mut out.not_matching_conversations),
            ] {
                match ex.get_node(key) {
                    Some(Node::Sequence(seq)) if seq.len() >= MIN_CONVERSATIONS => {
                        for conv in seq.iter() {
                            match self.conversation(conv, label, key) {
                                Some(c) => into.push((c, line_of(conv))),
                                None => continue,
                            }
                        }
                    }
                    other => self.rule_error(
                        label,
                        other.map_or(line_of(node), line_of),
                        format!("examples.{key} needs at least {MIN_CONVERSATIONS} conversations (lists of messages)"),
                    ),
                }
            }
        }
        out
    }

    fn conversation(&mut self, node: &Node, label: &str, key: &str) -> Option<ExampleConversation> {
        let Node::Sequence(seq) = node else {
            self.rule_error(label, line_of(node), format!("examples.{key}: a conversation is a list of messages"));
            return None;
        };
        if seq.is_empty() {
            self.rule_error(label, line_of(node), format!("examples.{key}: an empty conversation"));
            return None;
        }
        let mut out = Vec::new();
        let mut t: Option<u64> = None;
        for m in seq.iter() {
            match m {
                Node::Scalar(s) => {
                    let at = t.map_or(0, |t| t + 60_000);
                    t = Some(at);
                    out.push((at, s.as_str().to_owned()));
                }
                Node::Mapping(mm)
                    if mm.len() == 2
                        && let (Some(at), Some(text)) = (mm.get_scalar("at"), mm.get_scalar("text"))
                        && let Some(ms) = duration_ms(at.as_str()) =>
                {
                    t = Some(ms);
                    out.push((ms, text.as_str().to_owned()));
                }
                other => {
                    self.rule_error(
                        label,
                        line_of(other),
                        format!("examples.{key}: a message is a string or {{at: DURATION, text: ...}}"),
                    );
                    return None;
                }
            }
        }
        Some(out)
    }
}

/// A count as shown in errors: a saturated one is "more than 2^64".
fn shown_count(n: u64) -> String {
    if n == u64::MAX { "more than 2^64".into() } else { n.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_numbers() {
        for n in ["47", "-1", "3.5", ".5", "1e3", "0x1F", "0o17", ".inf", "-.Inf", ".nan"] {
            assert!(is_yaml_number(n), "{n}");
        }
        for s in ["nan", "inf", "24h", "9mm", "1.2.3", "e5", "0x", "ak47"] {
            assert!(!is_yaml_number(s), "{s}");
        }
    }

    #[test]
    fn durations() {
        assert_eq!(duration_ms("7d"), Some(7 * 86_400_000));
        assert_eq!(duration_ms("90m"), Some(90 * 60_000));
        assert_eq!(duration_ms("0"), Some(0));
        assert_eq!(duration_ms("07d"), None);
        assert_eq!(duration_ms("d"), None);
        assert_eq!(duration_ms("99999999999999999999d"), None);
    }
}

//! Whether the index can run a rule's regex term, decided without the index.
//!
//! The index matches a regex term by running an automaton over each segment's terms
//! (tantivy's `RegexQuery`, built by `tantivy_fst::Regex::new`), and a pattern it cannot
//! build would silently match nothing there; so a rule file is refused at load time for any
//! pattern that automaton refuses, and for no other. This mirrors its construction step for
//! step: the same grammar (`regex_syntax::Parser::new()`, the version tantivy-fst parses
//! with), the same refusals (look-around and anchors, lazy repetition, byte classes), the
//! same program (each class spelled out as UTF-8 byte ranges) and its size limit, and the
//! same subset construction with its limit of states. A test in `index::hunt` runs a set of
//! tricky patterns through both and asserts that they agree.

use regex_syntax::hir::{Class, ClassUnicode, Hir, HirKind};
use regex_syntax::utf8::Utf8Sequences;
use rustc_hash::{FxHashMap, FxHashSet};

/// tantivy-fst's limit on the program, in bytes of its instructions.
const PROGRAM_LIMIT: usize = 10 * (1 << 20);
/// tantivy-fst's limit on the states of the automaton.
const STATE_LIMIT: usize = 1_000;

/// One instruction of the program, laid out as tantivy-fst's are (the size limit counts
/// `size_of` of them).
#[allow(dead_code)] // The operands are laid out, not all read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Inst {
    Match,
    Jump(usize),
    Split(usize, usize),
    Range(u8, u8),
}

/// Why the index cannot run a pattern, in the words a rule author reads.
pub(crate) fn check(pattern: &str) -> Result<(), String> {
    let hir = regex_syntax::Parser::new()
        .parse(pattern)
        .map_err(|e| e.to_string().lines().last().unwrap_or("invalid").to_owned())?;
    let mut program = Program { insts: Vec::new() };
    program.compile(&hir)?;
    program.insts.push(Inst::Match);
    states_within_limit(&program.insts)
}

struct Program {
    insts: Vec<Inst>,
}

impl Program {
    fn compile(&mut self, hir: &Hir) -> Result<(), String> {
        match hir.kind() {
            HirKind::Empty => {}
            HirKind::Literal(literal) => self.insts.extend(literal.0.iter().map(|&b| Inst::Range(b, b))),
            HirKind::Class(Class::Bytes(_)) => return Err("a byte class is not allowed".into()),
            HirKind::Class(Class::Unicode(class)) => self.class(class),
            HirKind::Look(_) => return Err("an anchor or a word boundary is not allowed".into()),
            HirKind::Capture(capture) => self.compile(&capture.sub)?,
            HirKind::Concat(hirs) => {
                for hir in hirs {
                    self.compile(hir)?;
                }
            }
            HirKind::Alternation(hirs) => {
                let Some((last, rest)) = hirs.split_last() else { return Ok(()) };
                let mut to_end = Vec::with_capacity(rest.len());
                for hir in rest {
                    let split = self.push(Inst::Split(0, 0));
                    self.compile(hir)?;
                    to_end.push(self.push(Inst::Jump(0)));
                    self.insts[split] = Inst::Split(split + 1, self.insts.len());
                }
                self.compile(last)?;
                self.jumps_to_here(to_end);
            }
            HirKind::Repetition(repetition) => {
                if !repetition.greedy {
                    return Err("a lazy quantifier is not allowed".into());
                }
                for _ in 0..repetition.min {
                    self.compile(&repetition.sub)?;
                }
                match repetition.max {
                    Some(max) => {
                        let mut splits = Vec::new();
                        for _ in repetition.min..max {
                            splits.push(self.push(Inst::Split(0, 0)));
                            self.compile(&repetition.sub)?;
                        }
                        let end = self.insts.len();
                        for split in splits {
                            self.insts[split] = Inst::Split(split + 1, end);
                        }
                    }
                    None => {
                        let split = self.push(Inst::Split(0, 0));
                        self.compile(&repetition.sub)?;
                        self.push(Inst::Jump(split));
                        self.insts[split] = Inst::Split(split + 1, self.insts.len());
                    }
                }
            }
        }
        if self.insts.len() * size_of::<Inst>() > PROGRAM_LIMIT {
            return Err(format!("compiles to a program over the index's limit of {} MiB", PROGRAM_LIMIT >> 20));
        }
        Ok(())
    }

    /// The class's ranges as alternatives, each range its UTF-8 byte sequences as
    /// alternatives (two levels, as tantivy-fst lays them out).
    fn class(&mut self, class: &ClassUnicode) {
        let Some((last, rest)) = class.ranges().split_last() else { return };
        let mut to_end = Vec::with_capacity(rest.len());
        for range in rest {
            let split = self.push(Inst::Split(0, 0));
            self.byte_sequences(range.start(), range.end());
            to_end.push(self.push(Inst::Jump(0)));
            self.insts[split] = Inst::Split(split + 1, self.insts.len());
        }
        self.byte_sequences(last.start(), last.end());
        self.jumps_to_here(to_end);
    }

    fn byte_sequences(&mut self, start: char, end: char) {
        let mut sequences = Utf8Sequences::new(start, end).peekable();
        let mut to_end = Vec::new();
        while let Some(sequence) = sequences.next() {
            let split = sequences.peek().is_some().then(|| self.push(Inst::Split(0, 0)));
            self.insts.extend(sequence.as_slice().iter().map(|b| Inst::Range(b.start, b.end)));
            if let Some(split) = split {
                to_end.push(self.push(Inst::Jump(0)));
                self.insts[split] = Inst::Split(split + 1, self.insts.len());
            }
        }
        self.jumps_to_here(to_end);
    }

    fn push(&mut self, inst: Inst) -> usize {
        self.insts.push(inst);
        self.insts.len() - 1
    }

    fn jumps_to_here(&mut self, jumps: Vec<usize>) {
        let end = self.insts.len();
        for jump in jumps {
            self.insts[jump] = Inst::Jump(end);
        }
    }
}

/// The subset construction, counting states: each state is the ordered list of the range
/// and match instructions reached (in the order tantivy-fst reaches them, which tells its
/// states apart). Whether the states reachable exceed the limit does not depend on the order
/// they are explored in, nor on which byte of a class leads to one.
fn states_within_limit(insts: &[Inst]) -> Result<(), String> {
    let mut states = States::default();
    let mut set = OrderedSet::new(insts.len());
    set.add_closure(insts, 0);
    let Some(start) = states.of(insts, &set) else { return Ok(()) };
    // Bytes that no range tells apart lead to the same states: one of each class is tried.
    let mut class_starts = [false; 257];
    class_starts[0] = true;
    for inst in insts {
        if let Inst::Range(from, to) = *inst {
            class_starts[usize::from(from)] = true;
            class_starts[usize::from(to) + 1] = true;
        }
    }
    let classes: Vec<u8> = (0..=255u8).filter(|&b| class_starts[usize::from(b)]).collect();
    let mut todo = vec![start];
    let mut seen = FxHashSet::default();
    let (mut matched, mut previous) = (Vec::new(), Vec::new());
    while let Some(state) = todo.pop() {
        previous.clear();
        for (i, &byte) in classes.iter().enumerate() {
            matched.clear();
            matched.extend(
                states.lists[state]
                    .iter()
                    .copied()
                    .filter(|&ip| matches!(insts[ip], Inst::Range(from, to) if (from..=to).contains(&byte))),
            );
            // The same instructions as the class before lead to the same state.
            if i > 0 && matched == previous {
                continue;
            }
            std::mem::swap(&mut matched, &mut previous);
            set.clear();
            for &ip in &previous {
                set.add_closure(insts, ip + 1);
            }
            if let Some(next) = states.of(insts, &set)
                && seen.insert(next)
            {
                todo.push(next);
            }
            if states.lists.len() > STATE_LIMIT {
                return Err(format!("compiles to an automaton over the index's limit of {STATE_LIMIT} states"));
            }
        }
    }
    Ok(())
}

/// The states made so far, each the ordered list of its instructions.
#[derive(Default)]
struct States {
    lists: Vec<Vec<usize>>,
    ids: FxHashMap<Vec<usize>, usize>,
    key: Vec<usize>,
}

impl States {
    /// The state of the instructions in `set`, made if new; `None` for the dead state.
    fn of(&mut self, insts: &[Inst], set: &OrderedSet) -> Option<usize> {
        self.key.clear();
        self.key.extend(set.dense.iter().copied().filter(|&ip| matches!(insts[ip], Inst::Range(..) | Inst::Match)));
        if self.key.is_empty() {
            return None;
        }
        if let Some(&id) = self.ids.get(self.key.as_slice()) {
            return Some(id);
        }
        self.lists.push(self.key.clone());
        self.ids.insert(self.key.clone(), self.lists.len() - 1);
        Some(self.lists.len() - 1)
    }
}

/// Instructions in the order they were added, each once.
struct OrderedSet {
    dense: Vec<usize>,
    present: Vec<bool>,
}

impl OrderedSet {
    fn new(size: usize) -> Self {
        OrderedSet { dense: Vec::new(), present: vec![false; size] }
    }

    fn clear(&mut self) {
        for &ip in &self.dense {
            self.present[ip] = false;
        }
        self.dense.clear();
    }

    /// Adds `ip` and what it leads to without reading a byte, depth first, first branch of a
    /// split first (tantivy-fst's order; iterative, so that no pattern runs the stack out).
    fn add_closure(&mut self, insts: &[Inst], ip: usize) {
        let mut stack = vec![ip];
        while let Some(ip) = stack.pop() {
            if self.present[ip] {
                continue;
            }
            self.present[ip] = true;
            self.dense.push(ip);
            match insts[ip] {
                Inst::Match | Inst::Range(..) => {}
                Inst::Jump(to) => stack.push(to),
                Inst::Split(first, second) => {
                    stack.push(second);
                    stack.push(first);
                }
            }
        }
    }
}

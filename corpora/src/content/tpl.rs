//! A tiny template language, parsed once and rendered many times.
//!
//! * `{name}` is a slot, resolved by the caller (a word list, a generator, a variable);
//! * `{a|b|c}` picks one alternative uniformly; alternatives may nest slots and choices;
//! * `{|x}` is an optional `x` (the empty alternative).

use fastrand::Rng;

/// One piece of a parsed template.
#[derive(Debug)]
pub(crate) enum Node {
    Lit(&'static str),
    Slot(u16),
    Choice(Box<[Box<[Node]>]>),
}

/// Parses `src`; `intern` turns a slot name into the caller's slot id.
///
/// Panics on unbalanced braces: templates are static data, checked by the tests.
pub(crate) fn parse(src: &'static str, intern: &mut dyn FnMut(&'static str) -> u16) -> Box<[Node]> {
    let (nodes, end) = parse_seq(src, 0, intern);
    assert!(end == src.len(), "unbalanced template: {src:?}");
    nodes
}

/// Parses a sequence until `|`, `}` (at this depth) or the end; returns the end position.
fn parse_seq(src: &'static str, mut pos: usize, intern: &mut dyn FnMut(&'static str) -> u16) -> (Box<[Node]>, usize) {
    let bytes = src.as_bytes();
    let mut out = Vec::new();
    let mut lit_start = pos;
    while pos < bytes.len() {
        match bytes[pos] {
            b'{' => {
                if lit_start < pos {
                    out.push(Node::Lit(&src[lit_start..pos]));
                }
                let close = matching_close(bytes, pos).unwrap_or_else(|| panic!("unclosed brace in {src:?}"));
                let inner = &src[pos + 1..close];
                if !inner.contains(['|', '{']) {
                    out.push(Node::Slot(intern(inner)));
                } else {
                    let mut alts = Vec::new();
                    let mut p = pos + 1;
                    loop {
                        let (alt, end) = parse_seq(src, p, intern);
                        alts.push(alt);
                        if end >= close {
                            break;
                        }
                        p = end + 1; // skip the '|'
                    }
                    out.push(Node::Choice(alts.into_boxed_slice()));
                }
                pos = close + 1;
                lit_start = pos;
            }
            b'|' | b'}' => break,
            _ => pos += 1,
        }
    }
    if lit_start < pos {
        out.push(Node::Lit(&src[lit_start..pos]));
    }
    (out.into_boxed_slice(), pos)
}

fn matching_close(bytes: &[u8], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, &b) in bytes.iter().enumerate().skip(open) {
        match b {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// Renders `nodes` into `out`, calling `slot` for every slot.
pub(crate) fn render<F>(nodes: &[Node], rng: &mut Rng, out: &mut String, slot: &mut F)
where
    F: FnMut(u16, &mut Rng, &mut String),
{
    for node in nodes {
        match node {
            Node::Lit(s) => out.push_str(s),
            Node::Slot(id) => slot(*id, rng, out),
            Node::Choice(alts) => {
                let alt = &alts[rng.usize(..alts.len())];
                render(alt, rng, out, slot);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_tpl_parses_and_renders() {
        let mut names: Vec<&'static str> = Vec::new();
        let nodes = parse("a {x} {b|c {y}|} d", &mut |n| {
            names.push(n);
            (names.len() - 1) as u16
        });
        assert_eq!(names, vec!["x", "y"]);
        let mut rng = Rng::with_seed(3);
        for _ in 0..50 {
            let mut out = String::new();
            render(&nodes, &mut rng, &mut out, &mut |id, _, o| o.push_str(if id == 0 { "X" } else { "Y" }));
            assert!(out == "a X b d" || out == "a X c Y d" || out == "a X  d", "{out}");
        }
    }
}

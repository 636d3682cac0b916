//! `condition` expressions over a rule's groups (FORMAT.md §4).
//!
//! ```text
//! expr    := or
//! or      := and ( "or" and )*
//! and     := not ( "and" not )*
//! not     := "not" not | primary
//! primary := "(" expr ")" | NAME | count
//! count   := ( INT | "all" ) "of" ( "(" NAME ( "," NAME )* ")" | "them" )
//! ```

/// A parsed condition; group names are resolved to indices into the rule's groups.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expr {
    Group(usize),
    Not(Box<Expr>),
    And(Vec<Expr>),
    Or(Vec<Expr>),
    /// At least `need` of `groups`.
    AtLeast {
        need: usize,
        groups: Vec<usize>,
    },
}

impl Expr {
    /// Evaluates with `matched` as a bit set of matched groups.
    pub fn eval(&self, matched: u64) -> bool {
        match self {
            Expr::Group(g) => matched & (1 << g) != 0,
            Expr::Not(e) => !e.eval(matched),
            Expr::And(es) => es.iter().all(|e| e.eval(matched)),
            Expr::Or(es) => es.iter().any(|e| e.eval(matched)),
            Expr::AtLeast { need, groups } => groups.iter().filter(|&&g| matched & (1 << g) != 0).count() >= *need,
        }
    }

    /// Groups used outside any `not` (`positive`) and under one (`negative`), as bit sets.
    pub fn polarity(&self) -> (u64, u64) {
        fn walk(e: &Expr, negated: bool, acc: &mut (u64, u64)) {
            let mut mark = |g: usize| if negated { acc.1 |= 1 << g } else { acc.0 |= 1 << g };
            match e {
                Expr::Group(g) => mark(*g),
                Expr::AtLeast { groups, .. } => groups.iter().for_each(|&g| mark(g)),
                Expr::Not(inner) => walk(inner, !negated, acc),
                Expr::And(es) | Expr::Or(es) => es.iter().for_each(|e| walk(e, negated, acc)),
            }
        }
        let mut acc = (0, 0);
        walk(self, false, &mut acc);
        acc
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Token<'a> {
    Open,
    Close,
    Comma,
    Int(usize),
    Word(&'a str),
}

fn lex(s: &str) -> Result<Vec<Token<'_>>, String> {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let start = i;
        match c {
            b' ' | b'\t' | b'\n' | b'\r' => i += 1,
            b'(' => (out.push(Token::Open), i += 1).1,
            b')' => (out.push(Token::Close), i += 1).1,
            b',' => (out.push(Token::Comma), i += 1).1,
            b'0'..=b'9' => {
                while i < bytes.len() && bytes[i].is_ascii_digit() {
                    i += 1;
                }
                let n = s[start..i].parse().map_err(|_| format!("number too large at column {}", start + 1))?;
                out.push(Token::Int(n));
            }
            b'_' | b'a'..=b'z' | b'A'..=b'Z' => {
                while i < bytes.len() && (bytes[i] == b'_' || bytes[i].is_ascii_alphanumeric()) {
                    i += 1;
                }
                out.push(Token::Word(&s[start..i]));
            }
            _ => {
                let ch = s[start..].chars().next().unwrap_or('?');
                return Err(format!("unexpected character {ch:?} at column {}", s[..start].chars().count() + 1));
            }
        }
    }
    Ok(out)
}

const KEYWORDS: [&str; 6] = ["and", "or", "not", "of", "all", "them"];

/// Parses `text`; `resolve` maps a group name to its index, `them` lists the groups that
/// `them` stands for.
pub fn parse(text: &str, resolve: &dyn Fn(&str) -> Option<usize>, them: &[usize]) -> Result<Expr, String> {
    let tokens = lex(text)?;
    if tokens.is_empty() {
        return Err("empty condition".into());
    }
    let mut p = Parser { tokens, at: 0, resolve, them };
    let e = p.or()?;
    match p.tokens.get(p.at) {
        None => Ok(e),
        Some(t) => Err(format!("unexpected {}", describe(t))),
    }
}

fn describe(t: &Token<'_>) -> String {
    match t {
        Token::Open => "'('".into(),
        Token::Close => "')'".into(),
        Token::Comma => "','".into(),
        Token::Int(n) => format!("'{n}'"),
        Token::Word(w) => format!("'{w}'"),
    }
}

struct Parser<'a, 'r> {
    tokens: Vec<Token<'a>>,
    at: usize,
    resolve: &'r dyn Fn(&str) -> Option<usize>,
    them: &'r [usize],
}

impl<'a> Parser<'a, '_> {
    fn peek(&self) -> Option<Token<'a>> {
        self.tokens.get(self.at).cloned()
    }

    fn keyword(&mut self, kw: &str) -> bool {
        if self.peek() == Some(Token::Word(kw)) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, want: Token<'static>) -> Result<(), String> {
        match self.peek() {
            Some(t) if t == want => {
                self.at += 1;
                Ok(())
            }
            Some(t) => Err(format!("expected {}, found {}", describe(&want), describe(&t))),
            None => Err(format!("expected {} at the end", describe(&want))),
        }
    }

    fn or(&mut self) -> Result<Expr, String> {
        let mut items = vec![self.and()?];
        while self.keyword("or") {
            items.push(self.and()?);
        }
        Ok(if items.len() == 1 { items.pop().unwrap_or(Expr::Or(Vec::new())) } else { Expr::Or(items) })
    }

    fn and(&mut self) -> Result<Expr, String> {
        let mut items = vec![self.not()?];
        while self.keyword("and") {
            items.push(self.not()?);
        }
        Ok(if items.len() == 1 { items.pop().unwrap_or(Expr::And(Vec::new())) } else { Expr::And(items) })
    }

    fn not(&mut self) -> Result<Expr, String> {
        if self.keyword("not") {
            return Ok(Expr::Not(Box::new(self.not()?)));
        }
        self.primary()
    }

    fn name(&mut self) -> Result<usize, String> {
        match self.peek() {
            Some(Token::Word(w)) if !KEYWORDS.contains(&w) => {
                self.at += 1;
                (self.resolve)(w).ok_or_else(|| format!("unknown group \"{w}\""))
            }
            Some(t) => Err(format!("expected a group name, found {}", describe(&t))),
            None => Err("expected a group name at the end".into()),
        }
    }

    fn primary(&mut self) -> Result<Expr, String> {
        match self.peek() {
            Some(Token::Open) => {
                self.at += 1;
                let e = self.or()?;
                self.expect(Token::Close)?;
                Ok(e)
            }
            Some(Token::Int(_)) | Some(Token::Word("all")) => {
                let need = match self.peek() {
                    Some(Token::Int(n)) => Some(n),
                    _ => None,
                };
                self.at += 1;
                if !self.keyword("of") {
                    return Err("expected 'of' after a count".into());
                }
                let groups = if self.keyword("them") {
                    self.them.to_vec()
                } else {
                    self.expect(Token::Open)?;
                    let mut names = vec![self.name()?];
                    while self.peek() == Some(Token::Comma) {
                        self.at += 1;
                        names.push(self.name()?);
                    }
                    self.expect(Token::Close)?;
                    names
                };
                let mut distinct = groups.clone();
                distinct.sort_unstable();
                distinct.dedup();
                if distinct.len() != groups.len() {
                    return Err("a name is repeated in an 'of' list".into());
                }
                let need = need.unwrap_or(groups.len());
                if need == 0 || need > groups.len() {
                    return Err(format!("'{need} of' a list of {}", groups.len()));
                }
                Ok(Expr::AtLeast { need, groups })
            }
            Some(Token::Word(w)) if !KEYWORDS.contains(&w) => Ok(Expr::Group(self.name()?)),
            Some(t) => Err(format!("expected a group name, '(', 'not' or 'N of', found {}", describe(&t))),
            None => Err("condition ends too early".into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(n: &str) -> Option<usize> {
        ["a", "b", "c", "_x"].iter().position(|&k| k == n)
    }

    fn p(s: &str) -> Result<Expr, String> {
        parse(s, &names, &[0, 1, 2])
    }

    #[test]
    fn precedence_not_and_or() {
        let e = p("a or b and not c").unwrap();
        // a | (b & !c)
        assert!(e.eval(0b001));
        assert!(e.eval(0b010));
        assert!(!e.eval(0b110));
        assert!(!e.eval(0));
    }

    #[test]
    fn counts_and_them() {
        let e = p("2 of them and not _x").unwrap();
        assert!(e.eval(0b011));
        assert!(!e.eval(0b001));
        assert!(!e.eval(0b1011));
        assert!(p("all of (a, b)").unwrap().eval(0b11));
        assert!(!p("all of (a, b)").unwrap().eval(0b01));
    }

    #[test]
    fn errors_are_clear() {
        assert_eq!(p("a and vehicel").unwrap_err(), "unknown group \"vehicel\"");
        assert!(p("a and").unwrap_err().contains("ends too early"));
        assert!(p("3 of (a, b)").unwrap_err().contains("'3 of' a list of 2"));
        assert!(p("(a or b").unwrap_err().contains("expected ')'"));
        assert!(p("a & b").unwrap_err().contains("unexpected character"));
        assert!(p("").is_err());
        assert!(p("2 of (a, a)").is_err());
        assert!(p("99999999999999999999999 of them").is_err());
    }

    #[test]
    fn polarity_splits_negated_groups() {
        let e = p("a and not (b or _x)").unwrap();
        assert_eq!(e.polarity(), (0b0001, 0b1010));
    }
}

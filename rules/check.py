#!/usr/bin/env python3
"""Validate tapir rule packs against rules/FORMAT.md and run every rule's examples.

    python3 rules/check.py                 # all rules under the directory of this script
    python3 rules/check.py DIR_OR_FILE...  # some of them
    python3 rules/check.py --explain "text to try"   # which groups/rules a message matches

A reference implementation of FORMAT.md (schema, analysis, term modes, conditions,
correlation) for the Rust engine to be checked against; it is a spec aid, not the engine.
Exit status: 0 when everything passes, 1 on any schema error or failing example.
"""

import argparse
import os
import re
import sys
import unicodedata

import yaml

LEVELS = {"low": 1, "medium": 3, "high": 6, "critical": 10}
CATEGORIES = ("kidnapping", "weapons", "drugs", "extortion", "contract_violence")
LANGS = ("fr", "nl", "en")
RULE_KEYS = {"id", "title", "description", "category", "level", "languages", "references",
             "groups", "condition", "correlation", "examples"}
REQUIRED = ["id", "title", "description", "category", "level", "languages", "references",
            "groups", "examples"]
ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
GROUP_RE = re.compile(r"^_?[a-z][a-z0-9_]*$")
DURATION_RE = re.compile(r"^([1-9][0-9]*)(m|h|d)$")
MAX_WINDOW_MIN = 90 * 24 * 60
MIN_EXAMPLES = 3
MIN_CONVERSATIONS = 2
# FORMAT.md §3.4: what `@name` references may expand to, counted before expanding.
MAX_GROUP_TERMS = 10_000
MAX_TERMS = 200_000
MAX_NESTING = 8


# --------------------------------------------------------------------------- YAML with lines

class LDict(dict):
    """A mapping that remembers the line of each key (1-based) and its own line."""
    line = 0
    key_lines = None


class LList(list):
    line = 0
    item_lines = None


class LStr(str):
    line = 0


class YamlProblem(Exception):
    def __init__(self, line, msg):
        super().__init__(msg)
        self.line = line
        self.msg = msg


_SCALAR_LOADER = yaml.SafeLoader("")


def to_py(node):
    """Convert a composed PyYAML node to LDict/LList/scalars, rejecting duplicate and merge keys."""
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out = LDict()
        out.line = line
        out.key_lines = {}
        for knode, vnode in node.value:
            if knode.tag == "tag:yaml.org,2002:merge":
                raise YamlProblem(knode.start_mark.line + 1, "merge keys (<<) are not allowed")
            key = to_py(knode)
            if isinstance(key, (LDict, LList)):
                raise YamlProblem(knode.start_mark.line + 1, "a key must be a scalar")
            if key in out:
                raise YamlProblem(knode.start_mark.line + 1, f"duplicate key {key!r}")
            out[key] = to_py(vnode)
            out.key_lines[key] = knode.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        out = LList(to_py(n) for n in node.value)
        out.line = line
        out.item_lines = [n.start_mark.line + 1 for n in node.value]
        return out
    value = _SCALAR_LOADER.construct_object(node, deep=True)
    if isinstance(value, str):
        value = LStr(value)
        value.line = line
    return value


def load_yaml(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        raise YamlProblem(mark.line + 1 if mark else 1, f"YAML syntax: {e.problem or e}")
    if node is None:
        raise YamlProblem(1, "empty file")
    return to_py(node)


# --------------------------------------------------------------------------- analysis

_SPECIAL_FOLD = {"ß": "ss", "œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o",
                 "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ı": "i", "þ": "th", "ð": "d"}


def ascii_fold(tok):
    out = []
    for ch in tok:
        if ch in _SPECIAL_FOLD:
            out.append(_SPECIAL_FOLD[ch])
            continue
        if ord(ch) < 128:
            out.append(ch)
            continue
        decomposed = unicodedata.normalize("NFKD", ch)
        stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
        out.append(stripped if stripped.isascii() and stripped else ch)
    return "".join(out)


def plural_fold(tok):
    b = tok.encode("utf-8")
    if len(b) >= 5 and b[-1:] == b"s" and b[-2:-1] != b"s":
        return tok[:-1]
    return tok


def split_tokens(text):
    """Step 1-2 of FORMAT.md §3.1: tokens with positions; long tokens dropped, positions kept."""
    toks, cur = [], []
    for ch in text:
        if ch.isalnum():
            cur.append(ch)
        elif cur:
            toks.append("".join(cur))
            cur = []
    if cur:
        toks.append("".join(cur))
    return [(pos, t) for pos, t in enumerate(toks) if len(t.encode("utf-8")) < 64]


def analyze(text, plural=True):
    out = []
    for pos, t in split_tokens(text):
        t = ascii_fold(t.lower())
        if plural:
            t = plural_fold(t)
        out.append((pos, t))
    return out


class Doc:
    """An analysed message: token list with positions, and a token set."""

    def __init__(self, text):
        self.text = text
        self.tokens = analyze(text)
        self.words = {t for _, t in self.tokens}
        self.positions = {}
        for pos, t in self.tokens:
            self.positions.setdefault(t, []).append(pos)


def osa_distance(a, b, limit):
    """Restricted Damerau-Levenshtein (optimal string alignment), early exit above limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2 = None
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


# --------------------------------------------------------------------------- terms

FORBIDDEN_REGEX = [
    (re.compile(r"(?<!\\)\^"), "^ anchor"),
    (re.compile(r"(?<!\\)\$"), "$ anchor"),
    (re.compile(r"\\[bBAzZ]"), "word-boundary or anchor escape"),
    (re.compile(r"\(\?[=!<]"), "look-around"),
    (re.compile(r"\(\?P[=<]"), "named group or back-reference"),
    (re.compile(r"\(\?[a-zA-Z]"), "inline flag"),
    (re.compile(r"\\[1-9]"), "back-reference"),
    (re.compile(r"[*+?}]\?"), "lazy quantifier"),
]


class Term:
    def __init__(self, source, mode, text, distance=None, slop=None, line=0):
        self.source = source          # as written in the rule (for explanations)
        self.mode = mode
        self.text = text
        self.distance = distance
        self.slop = slop
        self.line = line
        self.tokens = None
        self.regex = None

    def compile(self):
        """Analyse/validate; returns an error message or None."""
        m = self.mode
        if m == "regex":
            for pat, what in FORBIDDEN_REGEX:
                if pat.search(self.text):
                    return f"regex /{self.text}/: {what} is not allowed"
            try:
                self.regex = re.compile(self.text)
            except re.error as e:
                return f"regex /{self.text}/: {e}"
            return None
        if m == "prefix":
            toks = [t for _, t in analyze(self.text, plural=False)]
            if len(toks) != 1:
                return f"term {self.source!r}: a prefix must be one token, got {toks}"
            p = toks[0]
            if len(p) < 3:
                return f"term {self.source!r}: a prefix needs at least 3 characters"
            if len(p.encode()) >= 5 and p.endswith("s") and not p.endswith("ss"):
                return f"term {self.source!r}: prefix ends in \"s\", indexed tokens lost it"
            self.tokens = [p]
            return None
        toks = [t for _, t in analyze(self.text)]
        if not toks:
            return f"term {self.source!r} analyses to no token"
        if m == "auto":
            self.mode = m = "word" if len(toks) == 1 else "phrase"
            if m == "phrase":
                self.slop = 0
        self.tokens = toks
        if m == "word":
            if len(toks) != 1:
                return f"term {self.source!r}: a word must be one token, got {toks}"
        elif m == "fuzzy":
            if len(toks) != 1:
                return f"term {self.source!r}: a fuzzy term must be one token"
            if self.distance not in (1, 2):
                return f"term {self.source!r}: fuzzy distance must be 1 or 2"
            need = 5 if self.distance == 1 else 8
            if len(toks[0]) < need:
                return f"term {self.source!r}: fuzzy distance {self.distance} needs a term of at least {need} characters"
        elif m == "phrase":
            if len(toks) < 2:
                return f"term {self.source!r}: a phrase needs at least 2 tokens (use a word)"
            if not isinstance(self.slop, int) or isinstance(self.slop, bool) or not 0 <= self.slop <= 10:
                return f"term {self.source!r}: slop must be an integer 0..10"
        else:
            return f"term {self.source!r}: unknown mode {m!r}"
        return None

    def match(self, doc):
        """The token(s) matched in doc, or None."""
        m = self.mode
        if m == "word":
            return self.tokens[0] if self.tokens[0] in doc.words else None
        if m == "prefix":
            p = self.tokens[0]
            for w in doc.words:
                if w.startswith(p):
                    return w
            return None
        if m == "fuzzy":
            t = self.tokens[0]
            for w in doc.words:
                if osa_distance(t, w, self.distance) <= self.distance:
                    return w
            return None
        if m == "regex":
            for w in doc.words:
                if self.regex.fullmatch(w):
                    return w
            return None
        if m == "phrase":
            return " ".join(self.tokens) if phrase_match(self.tokens, self.slop, doc) else None
        raise AssertionError(m)


def phrase_match(tokens, slop, doc):
    lists = [doc.positions.get(t) for t in tokens]
    if any(l is None for l in lists):
        return False
    n = len(tokens)

    def search(i, prev_pos, start, gaps):
        if i == n:
            return True
        for p in lists[i]:
            if p <= prev_pos:
                continue
            g = gaps + (p - prev_pos - 1)
            if g > slop:
                break
            if search(i + 1, p, start, g):
                return True
        return False

    for p0 in lists[0]:
        if search(1, p0, p0, 0):
            return True
    return False


def parse_term(raw, line):
    """A term from its YAML value (string shorthand or mapping) -> (Term, error)."""
    if isinstance(raw, LDict):
        extra = set(raw) - {"term", "mode", "distance", "slop"}
        if extra:
            return None, f"term mapping has unknown key(s) {sorted(extra)}"
        text = raw.get("term")
        mode = raw.get("mode", "word")
        if not isinstance(text, str):
            return None, "term mapping needs a string 'term' (quote it)"
        if mode not in ("word", "prefix", "fuzzy", "phrase", "regex"):
            return None, f"term {text!r}: unknown mode {mode!r}"
        if "distance" in raw and mode != "fuzzy":
            return None, f"term {text!r}: 'distance' is for fuzzy terms only"
        if "slop" in raw and mode != "phrase":
            return None, f"term {text!r}: 'slop' is for phrase terms only"
        if mode == "fuzzy" and "distance" not in raw:
            return None, f"term {text!r}: fuzzy needs 'distance'"
        t = Term(text, mode, text, distance=raw.get("distance"), slop=raw.get("slop", 0), line=line)
        return t, t.compile()
    if not isinstance(raw, str):
        return None, f"term {raw!r} is not a string (quote it)"
    s = str(raw)
    if s.startswith("@"):
        return None, f"term {s!r}: unknown vocabulary reference"
    if len(s) >= 3 and s.startswith("/") and s.endswith("/"):
        t = Term(s, "regex", s[1:-1], line=line)
    elif re.fullmatch(r'"(.+)"(~([0-9]+))?', s, re.S):
        mm = re.fullmatch(r'"(.+)"(~([0-9]+))?', s, re.S)
        t = Term(s, "phrase", mm.group(1), slop=int(mm.group(3) or 0), line=line)
    elif s.endswith("*") and "*" not in s[:-1]:
        t = Term(s, "prefix", s[:-1], line=line)
    elif re.fullmatch(r"(.+)~([12])", s, re.S):
        mm = re.fullmatch(r"(.+)~([12])", s, re.S)
        t = Term(s, "fuzzy", mm.group(1), distance=int(mm.group(2)), line=line)
    else:
        t = Term(s, "auto", s, line=line)
    return t, t.compile()


# --------------------------------------------------------------------------- conditions

TOKEN_RE = re.compile(r"\s*(?:(\()|(\))|(,)|([0-9]+)|([_a-zA-Z][_a-zA-Z0-9]*))")


class CondError(Exception):
    pass


def tokenize_condition(s):
    pos, out = 0, []
    s = s.strip()
    while pos < len(s):
        m = TOKEN_RE.match(s, pos)
        if not m or m.end() == pos:
            raise CondError(f"unexpected character {s[pos:].strip()[:1]!r} at column {pos + 1}")
        if m.group(1):
            out.append(("(", "("))
        elif m.group(2):
            out.append((")", ")"))
        elif m.group(3):
            out.append((",", ","))
        elif m.group(4):
            out.append(("int", int(m.group(4))))
        else:
            w = m.group(5)
            out.append(("kw", w) if w in ("and", "or", "not", "of", "all", "them") else ("name", w))
        pos = m.end()
        while pos < len(s) and s[pos].isspace():
            pos += 1
    return out


class CondParser:
    """AST: ('name', n) | ('not', a) | ('and', [..]) | ('or', [..]) | ('count', N|'all', [names] | 'them')."""

    def __init__(self, text):
        self.toks = tokenize_condition(text)
        self.i = 0

    def peek(self):
        return self.toks[self.i] if self.i < len(self.toks) else (None, None)

    def take(self, kind, value=None):
        k, v = self.peek()
        if k != kind or (value is not None and v != value):
            want = value or kind
            raise CondError(f"expected {want!r}, found {v!r}" if v is not None else f"expected {want!r} at end")
        self.i += 1
        return v

    def parse(self):
        if not self.toks:
            raise CondError("empty condition")
        e = self.parse_or()
        if self.i != len(self.toks):
            raise CondError(f"unexpected {self.peek()[1]!r}")
        return e

    def parse_or(self):
        items = [self.parse_and()]
        while self.peek() == ("kw", "or"):
            self.i += 1
            items.append(self.parse_and())
        return items[0] if len(items) == 1 else ("or", items)

    def parse_and(self):
        items = [self.parse_not()]
        while self.peek() == ("kw", "and"):
            self.i += 1
            items.append(self.parse_not())
        return items[0] if len(items) == 1 else ("and", items)

    def parse_not(self):
        if self.peek() == ("kw", "not"):
            self.i += 1
            return ("not", self.parse_not())
        return self.parse_primary()

    def parse_primary(self):
        k, v = self.peek()
        if k == "(":
            self.i += 1
            e = self.parse_or()
            self.take(")")
            return e
        if k == "name":
            self.i += 1
            return ("name", v)
        if k == "int" or (k == "kw" and v == "all"):
            self.i += 1
            self.take("kw", "of")
            if self.peek() == ("kw", "them"):
                self.i += 1
                return ("count", v, "them")
            self.take("(")
            names = [self.take("name")]
            while self.peek()[0] == ",":
                self.i += 1
                names.append(self.take("name"))
            self.take(")")
            return ("count", v, names)
        raise CondError(f"expected a group name, '(', 'not' or 'N of', found {v!r}" if v else "condition ends too early")


def cond_names(ast, them, negated=False, acc=None):
    """Set of (name, negated) pairs referenced by the AST."""
    acc = set() if acc is None else acc
    kind = ast[0]
    if kind == "name":
        acc.add((ast[1], negated))
    elif kind == "not":
        cond_names(ast[1], them, not negated, acc)
    elif kind in ("and", "or"):
        for a in ast[1]:
            cond_names(a, them, negated, acc)
    elif kind == "count":
        for n in (them if ast[2] == "them" else ast[2]):
            acc.add((n, negated))
    return acc


def cond_eval(ast, truth, them):
    kind = ast[0]
    if kind == "name":
        return truth[ast[1]]
    if kind == "not":
        return not cond_eval(ast[1], truth, them)
    if kind == "and":
        return all(cond_eval(a, truth, them) for a in ast[1])
    if kind == "or":
        return any(cond_eval(a, truth, them) for a in ast[1])
    if kind == "count":
        names = them if ast[2] == "them" else ast[2]
        need = len(names) if ast[1] == "all" else ast[1]
        return sum(1 for n in names if truth[n]) >= need
    raise AssertionError(kind)


# --------------------------------------------------------------------------- rules

def duration_minutes(s):
    if isinstance(s, int) and not isinstance(s, bool) and s == 0:
        return 0
    if not isinstance(s, str):
        return None
    if s == "0":
        return 0
    m = DURATION_RE.match(s)
    if not m:
        return None
    n, unit = int(m.group(1)), m.group(2)
    return n * {"m": 1, "h": 60, "d": 1440}[unit]


class Rule:
    def __init__(self, path, index, data):
        self.path = path
        self.index = index
        self.data = data
        self.id = data.get("id") if isinstance(data.get("id"), str) else None
        self.groups = {}          # name -> [Term]
        self.ast = None
        self.them = []
        self.positive = set()
        self.corr = None

    @property
    def label(self):
        return self.id or f"#{self.index}"

    def line_of(self, key=None):
        if key is not None and isinstance(self.data, LDict) and key in (self.data.key_lines or {}):
            return self.data.key_lines[key]
        return getattr(self.data, "line", 0)

    # -- matching
    def group_matches(self, doc):
        """name -> list of (term source, matched token) for the groups that match."""
        out = {}
        for name, terms in self.groups.items():
            hits = []
            for t in terms:
                got = t.match(doc)
                if got is not None:
                    hits.append((t.source, got))
            if hits:
                out[name] = hits
        return out

    def message_hits(self, text):
        doc = Doc(text)
        gm = self.group_matches(doc)
        truth = {n: n in gm for n in self.groups}
        return cond_eval(self.ast, truth, self.them), gm

    def signals(self, text):
        doc = Doc(text)
        gm = self.group_matches(doc)
        c = self.corr
        if any(g in gm for g in c["exclude"]):
            return set()
        return {g for g in c["groups"] if g in gm}

    def conversation_hits(self, messages):
        """messages: [(minute, text)]. Returns (hit, best_groups)."""
        c = self.corr
        sig = [(t, self.signals(text)) for t, text in messages]
        sig = [(t, s) for t, s in sig if s]
        sig.sort(key=lambda x: x[0])
        best = set()
        hit = False
        for i in range(len(sig)):
            seen = set()
            for j in range(i, len(sig)):
                if sig[j][0] - sig[i][0] > c["window"]:
                    break
                seen |= sig[j][1]
            ok = len(seen) >= c["min_groups"] and (not c["require_any"] or len(seen & set(c["require_any"])) >= c["require_min"])
            if ok and len(seen) > len(best):
                best, hit = set(seen), True
        return hit, best


def vocab_sizes(vocab):
    """(terms, nesting) of each list, counted without expanding; None on or leading to a cycle."""
    sizes = {}
    def size(name, stack):
        if name in stack:
            return None
        if name not in sizes:
            terms, nesting, ok = 0, 1, True
            for raw in vocab[name]:
                if isinstance(raw, str) and raw.startswith("@"):
                    if raw[1:] in vocab:
                        sub = size(raw[1:], stack | {name})
                        if sub is None:
                            ok = False
                        else:
                            terms, nesting = terms + sub[0], max(nesting, sub[1] + 1)
                else:
                    terms += 1
            sizes[name] = (terms, nesting) if ok else None
        return sizes[name]
    for name in vocab:
        size(name, frozenset())
    return sizes


def usable(sizes, name):
    s = sizes.get(name)
    return s is not None and s[0] <= MAX_GROUP_TERMS and s[1] <= MAX_NESTING


def group_size(items, sizes):
    return sum(sizes[r[1:]][0] if isinstance(r, str) and r.startswith("@") and usable(sizes, r[1:]) else
               0 if isinstance(r, str) and r.startswith("@") else 1 for r in items)


def expand_vocab(items, vocab, sizes, errors_at, line):
    """Terms of a list, its usable lists expanded (the others are reported once, at the list)."""
    out = []
    for idx, raw in enumerate(items):
        ln = items.item_lines[idx] if isinstance(items, LList) and items.item_lines else line
        if isinstance(raw, str) and raw.startswith("@"):
            name = raw[1:]
            if name not in vocab:
                errors_at(ln, f"unknown vocabulary list {raw!r}")
            elif usable(sizes, name):
                out.extend((r, l, True) for r, l, _ in expand_vocab(vocab[name], vocab, sizes, errors_at, ln))
        else:
            out.append((raw, ln, False))
    return out


def check_rule(rule, vocab, sizes, budget, err):
    d = rule.data
    e = lambda key, msg, line=None: err(line or rule.line_of(key), rule.label, msg)
    if not isinstance(d, LDict):
        err(getattr(d, "line", 0), rule.label, "a rule must be a mapping")
        return False
    for k in d:
        if k not in RULE_KEYS:
            e(k, f"unknown key {k!r}")
    for k in REQUIRED:
        if k not in d:
            e(None, f"missing key {k!r}")
    if ("condition" in d) == ("correlation" in d):
        e(None, "a rule needs exactly one of 'condition' and 'correlation'")
    if "id" in d and not (isinstance(d["id"], str) and ID_RE.match(d["id"]) and len(d["id"]) <= 64):
        e("id", f"bad id {d['id']!r} (lowercase words joined by '-', ≤ 64 chars)")
    for k in ("title", "description"):
        if k in d and not (isinstance(d[k], str) and d[k].strip()):
            e(k, f"{k!r} must be a non-empty string")
    if "category" in d and d["category"] not in CATEGORIES:
        e("category", f"unknown category {d['category']!r}")
    if "level" in d and d["level"] not in LEVELS:
        e("level", f"unknown level {d['level']!r}")
    if "languages" in d:
        L = d["languages"]
        if not (isinstance(L, list) and L and all(x in LANGS for x in L) and len(set(L)) == len(L)):
            e("languages", f"languages must be a non-empty list of distinct fr/nl/en, got {L!r}")
    if "references" in d:
        R = d["references"]
        if not (isinstance(R, list) and R and all(isinstance(x, str) and x.strip() for x in R)):
            e("references", "references must be a non-empty list of strings")

    # groups
    g = d.get("groups")
    if "groups" in d:
        if not isinstance(g, LDict) or not g:
            e("groups", "groups must be a non-empty mapping name -> list of terms")
        else:
            for name, items in g.items():
                gl = g.key_lines.get(name)
                if not (isinstance(name, str) and GROUP_RE.match(name)):
                    e(None, f"bad group name {name!r}", gl)
                    continue
                if not isinstance(items, list) or not items:
                    e(None, f"group {name!r} must be a non-empty list of terms", gl)
                    continue
                n = group_size(items, sizes)
                if n > MAX_GROUP_TERMS:
                    e(None, f"group {name!r} expands to {n} terms (at most {MAX_GROUP_TERMS})", gl)
                    continue
                if n > budget[0]:
                    e(None, f"group {name!r}: the rules loaded expand to more than {MAX_TERMS} terms in all", gl)
                    continue
                budget[0] -= n
                terms = []
                for raw, ln, shared in expand_vocab(items, vocab, sizes, lambda l, m: e(None, f"group {name!r}: {m}", l), gl):
                    t, problem = parse_term(raw, ln)
                    if problem:
                        if not shared:  # a vocabulary term's problem is reported once, for the file
                            e(None, f"group {name!r}: {problem}", ln)
                    else:
                        terms.append(t)
                rule.groups[name] = terms
    names = set(rule.groups)
    rule.them = sorted(n for n in names if not n.startswith("_"))
    used = set()

    if "condition" in d:
        c = d["condition"]
        if not isinstance(c, str):
            e("condition", "condition must be a string")
        else:
            try:
                rule.ast = CondParser(c).parse()
            except CondError as ex:
                e("condition", f"condition: {ex}")
            if rule.ast is not None:
                refs = cond_names(rule.ast, rule.them)
                ok = True
                for n, _neg in refs:
                    if n not in names:
                        e("condition", f"condition: unknown group {n!r}")
                        ok = False
                    used.add(n)
                for node in walk(rule.ast):
                    if node[0] == "count" and node[2] != "them":
                        k = len(node[2])
                        if node[1] != "all" and not 1 <= node[1] <= k:
                            e("condition", f"condition: '{node[1]} of' a list of {k}")
                            ok = False
                        if len(set(node[2])) != k:
                            e("condition", "condition: a name is repeated in an 'of' list")
                rule.positive = {n for n, neg in refs if not neg}
                if ok and cond_eval(rule.ast, {n: False for n in names}, rule.them):
                    e("condition", "condition is true when no group matches (not anchored by a positive group)")
    if "correlation" in d:
        c = d["correlation"]
        if not isinstance(c, LDict):
            e("correlation", "correlation must be a mapping")
        else:
            ce = lambda msg: e(None, f"correlation: {msg}", c.line)
            for k in c:
                if k not in ("groups", "min_groups", "window", "require_any", "require_min", "exclude"):
                    ce(f"unknown key {k!r}")
            cg = c.get("groups")
            if not (isinstance(cg, list) and len(cg) >= 2 and all(isinstance(x, str) for x in cg) and len(set(cg)) == len(cg)):
                ce("'groups' must list at least 2 distinct group names")
                cg = [x for x in cg or [] if isinstance(x, str)] if isinstance(cg, list) else []
            mg = c.get("min_groups")
            if not (isinstance(mg, int) and not isinstance(mg, bool) and 2 <= mg <= max(len(cg), 2)):
                ce(f"'min_groups' must be an integer 2..{len(cg)}")
                mg = 2
            w = duration_minutes(c.get("window"))
            if not w or w > MAX_WINDOW_MIN:
                ce(f"'window' must be like 72h or 7d, at most 90d, got {c.get('window')!r}")
                w = 0
            ra = c.get("require_any", [])
            ex = c.get("exclude", [])
            if not isinstance(ra, list) or not set(ra) <= set(cg):
                ce("'require_any' must be a list of names from 'groups'")
                ra = []
            rm = c.get("require_min", 1)
            if "require_min" in c and not ra:
                ce("'require_min' needs 'require_any'")
            if not (isinstance(rm, int) and not isinstance(rm, bool) and 1 <= rm <= max(1, min(len(ra), mg))):
                ce(f"'require_min' must be an integer 1..{max(1, min(len(ra), mg))}")
                rm = 1
            if not isinstance(ex, list) or set(ex) & set(cg):
                ce("'exclude' must be a list of names not in 'groups'")
                ex = []
            for n in list(cg) + list(ex):
                if n not in names:
                    ce(f"unknown group {n!r}")
                used.add(n)
            rule.corr = {"groups": list(cg), "min_groups": mg, "window": w, "require_any": list(ra), "require_min": rm, "exclude": list(ex)}
            rule.positive = set(cg)
    for n in names - used:
        e("groups", f"group {n!r} is never used")

    # examples
    ex = d.get("examples")
    is_corr = "correlation" in d
    if "examples" in d:
        if not isinstance(ex, LDict):
            e("examples", "examples must be a mapping")
        else:
            allowed = {"match", "no_match"} | ({"match_conversations", "no_match_conversations"} if is_corr else set())
            for k in ex:
                if k not in allowed:
                    e("examples", f"examples: unexpected key {k!r}" + (" (conversations are for correlation rules)" if "conversations" in str(k) else ""))
            for k in ("match", "no_match"):
                v = ex.get(k)
                if not (isinstance(v, list) and len(v) >= MIN_EXAMPLES and all(isinstance(x, str) and x.strip() for x in v)):
                    e("examples", f"examples.{k} needs at least {MIN_EXAMPLES} non-empty strings")
            if is_corr:
                for k in ("match_conversations", "no_match_conversations"):
                    v = ex.get(k)
                    if not (isinstance(v, list) and len(v) >= MIN_CONVERSATIONS and all(isinstance(x, list) and x for x in v)):
                        e("examples", f"examples.{k} needs at least {MIN_CONVERSATIONS} conversations (lists of messages)")
                        continue
                    for conv in v:
                        for m in conv:
                            if isinstance(m, str):
                                continue
                            if not (isinstance(m, dict) and set(m) == {"at", "text"} and isinstance(m["text"], str)
                                    and duration_minutes(m["at"]) is not None):
                                e("examples", f"examples.{k}: a message is a string or {{at: DURATION, text: ...}}", getattr(m, "line", None))
    return True


def walk(ast):
    yield ast
    if ast[0] == "not":
        yield from walk(ast[1])
    elif ast[0] in ("and", "or"):
        for a in ast[1]:
            yield from walk(a)


def conversation_times(conv):
    out, t = [], None
    for m in conv:
        if isinstance(m, str):
            t = 0 if t is None else t + 1
            out.append((t, m))
        else:
            t = duration_minutes(m["at"])
            out.append((t, m["text"]))
    return out


def run_examples(rule):
    """Returns (passed, failures[(line, msg)])."""
    ex = rule.data["examples"]
    failures, passed = [], 0
    lines = lambda k: (ex[k].item_lines if isinstance(ex[k], LList) else None) or [ex.key_lines.get(k)] * len(ex[k])
    if rule.corr is None:
        for k, want in (("match", True), ("no_match", False)):
            for text, ln in zip(ex[k], lines(k)):
                got, gm = rule.message_hits(text)
                if got == want:
                    passed += 1
                else:
                    failures.append((ln, f"examples.{k}: {'no hit' if want else 'hits'}: {text!r}  groups={fmt_groups(gm)}"))
    else:
        for k, want in (("match", True), ("no_match", False)):
            for text, ln in zip(ex[k], lines(k)):
                s = rule.signals(text)
                if bool(s) == want:
                    passed += 1
                else:
                    gm = rule.group_matches(Doc(text))
                    failures.append((ln, f"examples.{k}: {'signals nothing' if want else 'signals ' + str(sorted(s))}: {text!r}  groups={fmt_groups(gm)}"))
        for k, want in (("match_conversations", True), ("no_match_conversations", False)):
            for conv, ln in zip(ex[k], lines(k)):
                hit, best = rule.conversation_hits(conversation_times(conv))
                if hit == want:
                    passed += 1
                else:
                    per = [sorted(rule.signals(t)) for _, t in conversation_times(conv)]
                    failures.append((ln, f"examples.{k}: {'no hit' if want else 'hits ' + str(sorted(best))}; signals per message: {per}"))
    return passed, failures


def fmt_groups(gm):
    return {n: [src for src, _ in hits] for n, hits in gm.items()}


# --------------------------------------------------------------------------- loading

def rule_files(paths):
    out = []
    for p in paths:
        if os.path.isdir(p):
            for root, dirs, files in os.walk(p):
                dirs.sort()
                for f in sorted(files):
                    if f.endswith((".yml", ".yaml")):
                        out.append(os.path.join(root, f))
        else:
            out.append(p)
    return sorted(out)


def load_file(path, shown, err_file):
    """Returns (rules, vocab) from one file; reports file-level errors."""
    try:
        top = load_yaml(path)
    except YamlProblem as ex:
        err_file(ex.line, ex.msg)
        return [], {}
    except OSError as ex:
        err_file(0, str(ex))
        return [], {}
    vocab = {}
    if isinstance(top, LList):
        items = top
    elif isinstance(top, LDict) and "rules" in top:
        for k in top:
            if k not in ("rules", "vocabulary"):
                err_file(top.key_lines[k], f"unknown top-level key {k!r}")
        items = top["rules"]
        if not isinstance(items, LList):
            err_file(top.key_lines["rules"], "'rules' must be a sequence of rules")
            return [], {}
        v = top.get("vocabulary", LDict())
        if not isinstance(v, LDict):
            err_file(top.key_lines.get("vocabulary", 1), "'vocabulary' must be a mapping name -> list of terms")
        else:
            for name, lst in v.items():
                if not (isinstance(name, str) and GROUP_RE.match(name)) or not isinstance(lst, LList) or not lst:
                    err_file(v.key_lines[name], f"vocabulary {name!r}: a name and a non-empty list of terms")
                else:
                    vocab[name] = lst
    elif isinstance(top, LDict) and "id" in top:
        items = LList([top])
        items.item_lines = [top.line]
    else:
        err_file(getattr(top, "line", 1), "a rule file holds a list of rules, one rule, or {rules: [...], vocabulary: {...}}")
        return [], {}
    return [Rule(shown, i + 1, r) for i, r in enumerate(items)], vocab


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="*", default=[here])
    ap.add_argument("--explain", metavar="TEXT", help="show the rules and groups a message matches")
    ap.add_argument("-q", "--quiet", action="store_true", help="print only failures and the summary")
    args = ap.parse_args()

    errors = []
    rules = []
    seen_ids = {}
    budget = [MAX_TERMS]
    for path in rule_files(args.paths):
        shown = os.path.relpath(path, here) if os.path.abspath(path).startswith(here + os.sep) else path
        def err_file(line, msg, shown=shown):
            errors.append(f"{shown}:{line}: {msg}")
        def err(line, label, msg, shown=shown):
            errors.append(f"{shown}:{line}: rule {label}: {msg}")
        file_rules, vocab = load_file(path, shown, err_file)
        sizes = vocab_sizes(vocab)
        # vocabulary lists: every term must parse, and the lists stay within the limits
        for name, lst in vocab.items():
            if sizes[name] is None:
                err_file(lst.line, f"vocabulary cycle through '@{name}'")
            elif sizes[name][1] > MAX_NESTING:
                err_file(lst.line, f"vocabulary {name!r}: references nest {sizes[name][1]} lists deep (at most {MAX_NESTING})")
            elif sizes[name][0] > MAX_GROUP_TERMS:
                err_file(lst.line, f"vocabulary {name!r}: expands to {sizes[name][0]} terms (at most {MAX_GROUP_TERMS})")
            for idx, raw in enumerate(lst):
                ln = lst.item_lines[idx] if isinstance(lst, LList) and lst.item_lines else lst.line
                if isinstance(raw, str) and raw.startswith("@"):
                    if raw[1:] not in vocab:
                        err_file(ln, f"vocabulary {name!r}: unknown vocabulary list {raw!r}")
                    continue
                _, problem = parse_term(raw, ln)
                if problem:
                    err_file(ln, f"vocabulary {name!r}: {problem}")
        for r in file_rules:
            check_rule(r, vocab, sizes, budget, err)
            if r.id:
                if r.id in seen_ids:
                    err(r.line_of("id"), r.label, f"duplicate id, first defined at {seen_ids[r.id]}")
                else:
                    seen_ids[r.id] = f"{shown}:{r.line_of('id')}"
            rules.append(r)

    if errors:
        for x in errors:
            print("ERROR " + x)
        print(f"\n{len(errors)} schema error(s); examples not run.")
        return 1

    if args.explain:
        doc = Doc(args.explain)
        print("tokens:", [t for _, t in doc.tokens])
        for r in rules:
            gm = r.group_matches(doc)
            if not gm:
                continue
            if r.corr is None:
                hit, _ = r.message_hits(args.explain)
                tag = "HIT " if hit else "    "
            else:
                s = r.signals(args.explain)
                tag = "SIG " if s else "    "
            print(f"{tag}{r.id} ({r.data['level']}): {fmt_groups(gm)}")
        return 0

    total_pass, failures = 0, []
    for r in rules:
        p, f = run_examples(r)
        total_pass += p
        failures.extend(f"{r.path}:{ln}: rule {r.id}: {msg}" for ln, msg in f)
    # summary
    packs = {}
    for r in rules:
        pack = r.path.split(os.sep)[0] if os.sep in r.path else "."
        packs.setdefault(pack, []).append(r)
    if not args.quiet:
        for pack in sorted(packs):
            rs = packs[pack]
            cats = {}
            for r in rs:
                key = (r.data["category"], "correlation" if r.corr else "message")
                cats[key] = cats.get(key, 0) + 1
            desc = ", ".join(f"{c} {k}: {n}" for (c, k), n in sorted(cats.items()))
            print(f"{pack:12s} {len(rs):3d} rules  ({desc})")
    for x in failures:
        print("FAIL " + x)
    n_ex = total_pass + len(failures)
    print(f"\n{len(rules)} rules in {len(packs)} packs, {sum(len(r.groups) for r in rules)} groups, "
          f"{sum(len(t) for r in rules for t in r.groups.values())} terms; "
          f"examples: {total_pass}/{n_ex} passed" + ("" if not failures else f", {len(failures)} FAILED"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

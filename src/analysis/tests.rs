//! The analysis gives, byte for byte, the tokens the index's tantivy chain gave before it
//! moved here (issue 12): `testdata/` holds what that chain (tapir's word tokenizer,
//! `RemoveLongFilter::limit(64)`, `LowerCaser`, `AsciiFoldingFilter`, plural folding) made of
//! a hand-written corpus (`corpus.txt`: French, Dutch and English with accents, decomposed
//! forms, elisions, numbers with units, emoji, ligatures, other scripts, long words), token
//! by token, and of 4,000 seeded random texts, as one SHA-256 per hundred texts.

use sha2::{Digest, Sha256};

use super::Analyzer;

const CORPUS: &str = include_str!("testdata/corpus.txt");
const CORPUS_TOKENS: &str = include_str!("testdata/corpus.tokens.jsonl");
const RANDOM_DIGESTS: &str = include_str!("testdata/random.sha256");

/// Texts of a seeded random mix of pieces that stress the analysis.
fn random_texts(count: usize) -> Vec<String> {
    const PIECES: &[&str] = &[
        "a",
        "b",
        "e",
        "s",
        "z",
        "K",
        "S",
        "ss",
        "0",
        "7",
        "42",
        " ",
        " ",
        " ",
        "  ",
        "\t",
        "\n",
        ",",
        ".",
        "-",
        "'",
        "\u{2019}",
        "\u{a0}",
        "\u{2009}",
        "\u{200d}",
        "\u{200b}",
        "\u{ad}",
        "\u{301}",
        "\u{327}",
        "\u{308}",
        "\u{20dd}",
        "\u{316}",
        "é",
        "É",
        "ç",
        "Ç",
        "ß",
        "ẞ",
        "İ",
        "ı",
        "Σ",
        "ς",
        "σ",
        "ﬁ",
        "Ĳ",
        "ǅ",
        "\u{212b}",
        "\u{212a}",
        "\u{2126}",
        "Å",
        "Œ",
        "æ",
        "ø",
        "Ø",
        "đ",
        "ł",
        "Ł",
        "ñ",
        "ü",
        "ÿ",
        "Ÿ",
        "中",
        "日本",
        "ش",
        "ע",
        "\u{1100}",
        "\u{1161}",
        "\u{11a8}",
        "가",
        "ह",
        "\u{94d}",
        "Ａ",
        "ｚ",
        "²",
        "₂",
        "½",
        "①",
        "Ⅻ",
        "ⓐ",
        "Ⓐ",
        "⒜",
        "👍",
        "\u{1f3fd}",
        "🇫",
        "🇷",
        "❤",
        "\u{fe0f}",
        "€",
        "£",
        "°",
        "Ω",
        "Москва",
        "ПРИВЕТ",
        "ǈ",
        "ẛ",
        "ſ",
        "ꜳ",
        "ᴀ",
        "ᵃ",
        "ḁ",
        "ɐ",
        "kalashs",
        "armes",
        "wapens",
        "rançon",
        "rançons",
        "ENLÈVEMENT",
    ];
    let mut state: u64 = 0x7a91_12c3_5eed_0001;
    let mut next = move || {
        // SplitMix64.
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    (0..count)
        .map(|_| {
            let mut text = String::new();
            for _ in 0..next() % 48 {
                let piece = PIECES[(next() % PIECES.len() as u64) as usize];
                // Now and then a long run, around the 64-byte limit of a token.
                let times = if next() % 16 == 0 { 20 + next() % 50 } else { 1 };
                for _ in 0..times {
                    text.push_str(piece);
                }
            }
            text
        })
        .collect()
}

/// One line per text: its tokens (position, byte range, text) and its unfolded tokens.
fn golden_line(analyzer: &mut Analyzer, text: &str) -> String {
    let mut tokens = Vec::new();
    analyzer.tokens_with_offsets(text, &mut tokens);
    let tokens: Vec<(u32, usize, usize, &str)> =
        tokens.iter().map(|(p, t, r)| (*p, r.start, r.end, t.as_str())).collect();
    let mut plain = Vec::new();
    analyzer.tokens(text, &mut plain);
    assert_eq!(plain.len(), tokens.len());
    serde_json::to_string(&(tokens, Analyzer::unfolded_tokens(text))).unwrap()
}

#[test]
fn the_corpus_analyses_as_the_index_chain_did() {
    let mut analyzer = Analyzer::default();
    let want: Vec<&str> = CORPUS_TOKENS.lines().collect();
    let texts: Vec<&str> = CORPUS.lines().collect();
    assert_eq!(texts.len(), want.len());
    for (text, want) in texts.iter().zip(want) {
        assert_eq!(golden_line(&mut analyzer, text), want, "{text:?}");
    }
}

#[test]
fn random_texts_analyse_as_the_index_chain_did() {
    let mut analyzer = Analyzer::default();
    let texts = random_texts(4000);
    let want: Vec<&str> = RANDOM_DIGESTS.lines().collect();
    assert_eq!(want.len(), 40);
    for (i, (chunk, want)) in texts.chunks(100).zip(want).enumerate() {
        let mut hash = Sha256::new();
        for text in chunk {
            hash.update(golden_line(&mut analyzer, text).as_bytes());
            hash.update(b"\n");
        }
        assert_eq!(hex::encode(hash.finalize()), want, "texts {}..{}", i * 100, i * 100 + 100);
    }
}

#[test]
fn long_words_keep_their_positions() {
    let long = "x".repeat(super::MAX_WORD_BYTES);
    let mut out = Vec::new();
    Analyzer::default().tokens(&format!("mets {long} lui {} du", &long[1..]), &mut out);
    assert_eq!(out, [(0, "mets".into()), (2, "lui".into()), (3, long[1..].to_owned()), (4, "du".into())]);
}

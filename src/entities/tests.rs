use super::*;
use fastrand::Rng;
use proptest::prelude::*;
use tapir_corpora::content::Lang;
use tapir_corpora::content::entities as gen_;

/// Every span is on char boundaries, inside the text, non-empty, sorted and disjoint.
fn check_spans(text: &str, es: &[Entity]) {
    let mut last = 0;
    for e in es {
        assert!(e.span.start < e.span.end && e.span.end <= text.len(), "{text:?}: {e:?}");
        assert!(text.is_char_boundary(e.span.start) && text.is_char_boundary(e.span.end), "{text:?}: {e:?}");
        assert!(e.span.start >= last, "overlap or disorder in {text:?}: {es:?}");
        last = e.span.end;
    }
}

fn ex(text: &str) -> Vec<Entity> {
    let es = extract(text);
    check_spans(text, &es);
    es
}

fn ex_lang(text: &str, lang: &str) -> Vec<Entity> {
    let es = extract_with_lang(text, lang);
    check_spans(text, &es);
    es
}

/// The single entity of `text`, checking its kind, value, and that its span covers `written`.
#[track_caller]
fn one(text: &str, lang: &str, kind: EntityKind, value: &str, written: &str) {
    let es = ex_lang(text, lang);
    assert_eq!(es.len(), 1, "{text:?}: {es:?}");
    let e = &es[0];
    assert_eq!((e.kind, e.value.as_str()), (kind, value), "{text:?}");
    assert_eq!(&text[e.span.clone()], written, "{text:?}");
}

#[track_caller]
fn none_of(text: &str, kind: EntityKind) {
    let es = ex(text);
    assert!(es.iter().all(|e| e.kind != kind), "{text:?} gave {es:?}");
}

#[track_caller]
fn nothing(text: &str) {
    let es = ex(text);
    assert!(es.is_empty(), "{text:?} gave {es:?}");
}

fn wrap(rng: &mut Rng, x: &str) -> String {
    const AROUND: [(&str, &str); 5] =
        [("", ""), ("envoie sur ", " stp"), ("stuur naar: ", "."), ("send it to (", ") asap"), ("é ", " ça")];
    let (a, b) = AROUND[rng.usize(..AROUND.len())];
    format!("{a}{x}{b}")
}

// ---------------------------------------------------------------------------------------------
// Kinds

#[test]
fn kind_names_round_trip() {
    for k in EntityKind::ALL {
        assert_eq!(EntityKind::parse(k.as_str()), Some(k));
        assert_eq!(k.as_str().parse::<EntityKind>(), Ok(k));
        assert_eq!(EntityKind::parse(&format!(" {} ", k.as_str().to_uppercase())), Some(k));
        assert_eq!(k.to_string(), k.as_str());
    }
    assert_eq!(EntityKind::parse("bitcoin"), None);
    assert!("x".parse::<EntityKind>().is_err());
}

#[test]
fn no_candidate_is_cheap_and_empty() {
    let s = prescan(b"salut, tu passes ce soir ? on se capte chez moi vers le parc");
    assert!(!s.any() && !s.degree && !s.iban && !s.dot && !s.phone, "{s:?}");
    nothing("salut, tu passes ce soir ? on se capte chez moi vers le parc");
    nothing("");
    nothing("on se voit à 14h30 devant la gare, 2 personnes max");
}

// ---------------------------------------------------------------------------------------------
// Wallets

#[test]
fn known_wallets() {
    for (addr, kind, value) in [
        ("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", EntityKind::Btc, "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"),
        ("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", EntityKind::Btc, "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"),
        (
            "bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3",
            EntityKind::Btc,
            "bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3",
        ),
        (
            "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
            EntityKind::Btc,
            "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
        ),
        ("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", EntityKind::Btc, "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"),
        ("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", EntityKind::Btc, "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"),
        ("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", EntityKind::Eth, "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"),
        ("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359", EntityKind::Eth, "0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359"),
        // No checksum to check: accepted as written, lowercased.
        ("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", EntityKind::Eth, "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"),
        ("0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED", EntityKind::Eth, "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"),
        ("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", EntityKind::Tron, "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"),
    ] {
        let text = format!("wallet: {addr}, merci");
        one(&text, "und", kind, value, addr);
    }
}

#[test]
fn broken_wallets_are_rejected() {
    for bad in [
        // One character changed.
        "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5",
        "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj1",
        "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb",
        "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLz",
        "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u",
        // EIP-55 case broken (one letter's case flipped).
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD",
        // Mixed case bech32 is invalid by definition.
        "bc1qW508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
        // Wrong lengths: a transaction hash is no address; nor a truncated one.
        "0x88df016429689c079f3b2f6ad39fa052532c56795b733da78a91ebe6a713944b",
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe",
        // Testnet.
        "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx",
        // Glued to a word.
        "xbc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
    ] {
        let es = ex(&format!("addr {bad} ok"));
        assert!(
            es.iter().all(|e| !matches!(e.kind, EntityKind::Btc | EntityKind::Eth | EntityKind::Tron)),
            "{bad}: {es:?}"
        );
    }
}

/// Changes one character of `s` at a random position (after `keep` chars) to another of
/// `alphabet`.
fn mutate(rng: &mut Rng, s: &str, keep: usize, alphabet: &[u8]) -> String {
    let mut b = s.as_bytes().to_vec();
    let i = rng.usize(keep..b.len());
    loop {
        let c = alphabet[rng.usize(..alphabet.len())];
        if c != b[i] {
            b[i] = c;
            break;
        }
    }
    String::from_utf8(b).unwrap()
}

const B58: &[u8] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
const BECH: &[u8] = b"qpzry9x8gf2tvdw0s3jn54khce6mua7l";
const HEX: &[u8] = b"0123456789abcdef";

#[test]
fn generated_wallets_are_all_found_and_mutants_rejected() {
    let mut rng = Rng::with_seed(4);
    for round in 0..300 {
        let btc = match round % 4 {
            0 => gen_::btc_p2wpkh(&mut rng),
            1 => gen_::btc_p2tr(&mut rng),
            2 => gen_::btc_p2pkh(&mut rng),
            _ => gen_::btc_p2sh(&mut rng),
        };
        let eth = gen_::eth(&mut rng);
        let tron = gen_::tron(&mut rng);
        for (addr, kind, value) in [
            (btc.clone(), EntityKind::Btc, btc.clone()),
            (eth.clone(), EntityKind::Eth, eth.to_ascii_lowercase()),
            (eth.to_ascii_lowercase(), EntityKind::Eth, eth.to_ascii_lowercase()),
            (tron.clone(), EntityKind::Tron, tron.clone()),
        ] {
            let text = wrap(&mut rng, &addr);
            one(&text, "und", kind, &value, &addr);
        }
        let bad = [
            if btc.starts_with("bc1") { mutate(&mut rng, &btc, 4, BECH) } else { mutate(&mut rng, &btc, 0, B58) },
            mutate(&mut rng, &eth, 2, HEX),
            mutate(&mut rng, &tron, 1, B58),
        ];
        for b in bad {
            let es = ex(&format!("to {b} now"));
            assert!(
                es.iter().all(|e| !matches!(e.kind, EntityKind::Btc | EntityKind::Eth | EntityKind::Tron)),
                "{b}: {es:?}"
            );
        }
        // One letter's case flipped in a checksummed ETH address.
        if let Some(i) = eth.bytes().skip(2).position(|c| c.is_ascii_alphabetic()) {
            let mut b = eth.clone().into_bytes();
            b[i + 2] ^= 0x20;
            let flipped = String::from_utf8(b).unwrap();
            if flipped.bytes().skip(2).any(|c| c.is_ascii_uppercase())
                && flipped.bytes().any(|c| c.is_ascii_lowercase())
            {
                none_of(&flipped, EntityKind::Eth);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// IBANs

#[test]
fn known_ibans() {
    for (written, value) in [
        ("GB82 WEST 1234 5698 7654 32", "GB82WEST12345698765432"),
        ("NL91ABNA0417164300", "NL91ABNA0417164300"),
        ("nl91abna0417164300", "NL91ABNA0417164300"),
        ("DE89 3704 0044 0532 0130 00", "DE89370400440532013000"),
        ("FR14 2004 1010 0505 0001 3M02 606", "FR1420041010050500013M02606"),
        ("BE68 5390 0754 7034", "BE68539007547034"),
        ("BE68-5390-0754-7034", "BE68539007547034"),
        ("ES91 2100 0418 4502 0005 1332", "ES9121000418450200051332"),
        ("IT60 X054 2811 1010 0000 0123 456", "IT60X0542811101000000123456"),
        ("LU28 0019 4006 4475 0000", "LU280019400644750000"),
        ("CH93 0076 2011 6238 5295 7", "CH9300762011623852957"),
        ("PT50 0002 0123 1234 5678 9015 4", "PT50000201231234567890154"),
        ("IE29 AIBK 9311 5212 3456 78", "IE29AIBK93115212345678"),
    ] {
        one(&format!("virement sur {written} avant lundi"), "und", EntityKind::Iban, value, written);
        one(written, "und", EntityKind::Iban, value, written);
    }
}

#[test]
fn broken_ibans_are_rejected() {
    for bad in [
        "NL92ABNA0417164300",                // check digits off by one
        "NL91ABNA0417164301",                // a digit changed
        "GB82 WEST 1234 5698 7654 3",        // too short
        "NL91ABNA04171643001",               // too long
        "XX91ABNA0417164300",                // no such country
        "FR14 2004 1010 0505 0001 3M02 607", // a digit changed
    ] {
        none_of(&format!("iban {bad} ok"), EntityKind::Iban);
    }
    // A valid IBAN glued to letters is no IBAN.
    none_of("xNL91ABNA0417164300", EntityKind::Iban);
}

#[test]
fn generated_ibans_are_all_found_and_mutants_rejected() {
    let mut rng = Rng::with_seed(5);
    for round in 0..400 {
        let compact = match round % 4 {
            0 => gen_::iban_fr(&mut rng),
            1 => gen_::iban_nl(&mut rng),
            2 => gen_::iban_be(&mut rng),
            _ => gen_::iban_gb(&mut rng),
        };
        let written = gen_::iban_written(&mut rng, &compact);
        let text = wrap(&mut rng, &written);
        one(&text, "und", EntityKind::Iban, &compact, &written);
        // One digit of the BBAN changed: mod-97 catches every single substitution.
        let digits: Vec<usize> =
            written.bytes().enumerate().skip(4).filter(|(_, c)| c.is_ascii_digit()).map(|(i, _)| i).collect();
        let i = digits[rng.usize(..digits.len())];
        let mut b = written.clone().into_bytes();
        b[i] = b'0' + (b[i] - b'0' + 1 + rng.u8(0..9)) % 10;
        let bad = String::from_utf8(b).unwrap();
        none_of(&format!("rib: {bad}"), EntityKind::Iban);
    }
}

#[test]
fn no_phone_or_amount_inside_an_iban() {
    // Digit groups of an IBAN start with 0 here: they must not become phone numbers.
    let text = "FR76 3000 6000 0112 3456 7890 189 et 0612345678";
    let es = ex(text);
    assert_eq!(es.len(), 2, "{es:?}");
    assert_eq!(es[0].kind, EntityKind::Iban);
    assert_eq!(es[1].kind, EntityKind::Phone);
    assert_eq!(&text[es[1].span.clone()], "0612345678");
}

// ---------------------------------------------------------------------------------------------
// Phones

#[test]
fn phone_formats() {
    for (written, lang, value) in [
        // International.
        ("+33 6 12 34 56 78", "und", "+33612345678"),
        ("+33612345678", "und", "+33612345678"),
        ("+33 (0)6 12 34 56 78", "und", "+33612345678"),
        ("+33 1 42 68 53 00", "und", "+33142685300"),
        ("0033 6 12 34 56 78", "und", "+33612345678"),
        ("0033612345678", "und", "+33612345678"),
        ("+31 6 12345678", "und", "+31612345678"),
        ("+31612345678", "und", "+31612345678"),
        ("0031 6 12345678", "und", "+31612345678"),
        ("+31 20 555 1234", "und", "+31205551234"),
        ("+44 7700 900123", "und", "+447700900123"),
        ("+447911123456", "und", "+447911123456"),
        ("+32 470 12 34 56", "und", "+32470123456"),
        ("+49 151 23456789", "und", "+4915123456789"),
        ("+212 6 61 23 45 67", "und", "+212661234567"),
        // French national.
        ("06 12 34 56 78", "und", "+33612345678"),
        ("07 81 23 45 67", "und", "+33781234567"),
        ("06.12.34.56.78", "und", "+33612345678"),
        ("06-12-34-56-78", "und", "+33612345678"),
        ("0612345678", "und", "+33612345678"),
        ("0612345678", "fr", "+33612345678"),
        ("01 42 68 53 00", "und", "+33142685300"),
        // Dutch national.
        ("06-12345678", "und", "+31612345678"),
        ("06 12345678", "und", "+31612345678"),
        ("06 1234 5678", "und", "+31612345678"),
        ("06\u{a0}12\u{a0}34\u{a0}56\u{a0}78", "und", "+33612345678"),
        ("0612345678", "nl", "+31612345678"),
        ("010-1234567", "und", "+31101234567"),
        ("020 555 1234", "und", "+31205551234"),
        // Belgian.
        ("0470 12 34 56", "und", "+32470123456"),
        ("0478/12.34.56", "und", "+32478123456"),
        ("0470123456", "und", "+32470123456"),
        ("0470123456", "fr", "+33470123456"),
        // British.
        ("07700 900123", "und", "+447700900123"),
        ("07700900123", "und", "+447700900123"),
        ("020 7946 0958", "und", "+442079460958"),
    ] {
        one(&format!("appelle le {written} stp"), lang, EntityKind::Phone, value, written);
        one(written, lang, EntityKind::Phone, value, written);
    }
}

#[test]
fn phone_boundaries() {
    // Trailing groups that are not part of the number are left out.
    one("06 12 34 56 78 10 fois", "und", EntityKind::Phone, "+33612345678", "06 12 34 56 78");
    one("+33 6 12 34 56 78 10 fois", "und", EntityKind::Phone, "+33612345678", "+33 6 12 34 56 78");
    one("au 06 12 34 56 78 14h demain", "und", EntityKind::Phone, "+33612345678", "06 12 34 56 78");
    // Two numbers side by side.
    let text = "0612345678,0698765432 ou 06 11 22 33 44 / 07 11 22 33 44 0033612345678";
    let es = ex(text);
    let got: Vec<&str> = es.iter().map(|e| &text[e.span.clone()]).collect();
    assert_eq!(got, ["0612345678", "0698765432", "06 11 22 33 44", "07 11 22 33 44", "0033612345678"], "{es:?}");
    // Glued by a slash or a dot: one run of digits that is no number.
    none_of("06 11 22 33 44/07 11 22 33 44", EntityKind::Phone);
    // Glued to letters: not a phone.
    none_of("tel0612345678", EntityKind::Phone);
    none_of("0612345678abc", EntityKind::Phone);
}

#[test]
fn non_phones() {
    for text in [
        "IMEI 356938035643809",
        "imei: 012345678901234",
        "le 2020-05-01 à 14:30",
        "le 01/05/2020 à 14h30",
        "rdv 01.05.2020 14.30",
        "ts 1588291200000",
        "80 000 euros",
        "06.30 demain",
        "code 0612",
        "06 12 34 56 789",
        "0612345678901",
        "ref 1.0612345678",
        "000000000000",
    ] {
        none_of(text, EntityKind::Phone);
    }
}

#[test]
fn generated_phones_are_all_found() {
    let mut rng = Rng::with_seed(6);
    for round in 0..400 {
        let (country, cc, lang) =
            [("fr", "33", "fr"), ("nl", "31", "nl"), ("be", "32", "und"), ("gb", "44", "en")][round % 4];
        let written = gen_::phone(&mut rng, country);
        let digits: String = written.chars().filter(char::is_ascii_digit).collect();
        let value = if written.starts_with('+') { format!("+{digits}") } else { format!("+{cc}{}", &digits[1..]) };
        let text = wrap(&mut rng, &written);
        one(&text, lang, EntityKind::Phone, &value, &written);
    }
}

// ---------------------------------------------------------------------------------------------
// GPS

#[test]
fn gps_in_text() {
    for (written, value) in [
        ("51.9244, 4.4777", "51.92440,4.47770"),
        ("51.9244,4.4777", "51.92440,4.47770"),
        ("43.2965 5.3698", "43.29650,5.36980"),
        ("51.5074, -0.1278", "51.50740,-0.12780"),
        ("-33.8688, 151.2093", "-33.86880,151.20930"),
        ("48.856613;2.352222", "48.85661,2.35222"),
        ("48.856, 2.3522", "48.85600,2.35220"),
        ("N 51°55'28\" E 4°28'40\"", "51.92444,4.47778"),
        ("51°55'28\"N 4°28'40\"E", "51.92444,4.47778"),
        ("51°55′28″N, 4°28′40″E", "51.92444,4.47778"),
        ("N 43° 17.79' E 5° 22.19'", "43.29650,5.36983"),
        ("51.5074° N, 0.1278° W", "51.50740,-0.12780"),
        ("48°51'24\"N 2°21'8\"O", "48.85667,-2.35222"), // O: ouest
    ] {
        one(&format!("rdv ici {written} à 22h"), "und", EntityKind::Gps, value, written);
    }
    // A map link.
    one("https://maps.google.com/?q=51.9244,4.4777", "und", EntityKind::Gps, "51.92440,4.47770", "51.9244,4.4777");
}

#[test]
fn non_gps() {
    for text in [
        "12.50, 3.20",       // two decimals: prices
        "1.500, 2.300",      // three decimals on both: Dutch thousands
        "95.1234, 4.1234",   // latitude out of range
        "45.1234, 190.1234", // longitude out of range
        "51.9244",           // one number
        "v1.2.3456 4.5678",  // version strings
        "N 95°55'28\" E 4°28'40\"",
        "N 51°65'28\" E 4°28'40\"",
    ] {
        none_of(text, EntityKind::Gps);
    }
}

#[test]
fn generated_gps_are_all_found() {
    let mut rng = Rng::with_seed(7);
    for round in 0..300 {
        let place = gen_::GPS_PLACES[round % gen_::GPS_PLACES.len()].0;
        let written = gen_::gps(&mut rng, place).unwrap();
        let parts: Vec<f64> = written.split([',', ' ']).filter(|s| !s.is_empty()).map(|s| s.parse().unwrap()).collect();
        let value = latlon(parts[0], parts[1]);
        let text = wrap(&mut rng, &written);
        one(&text, "und", EntityKind::Gps, &value, &written);
    }
}

#[test]
fn location_bodies() {
    let e = extract_location(51.9244, 4.4777).unwrap();
    assert_eq!((e.kind, e.value.as_str(), e.span), (EntityKind::Gps, "51.92440,4.47770", 0..0));
    assert_eq!(extract_location(-0.000001, -180.0).unwrap().value, "0.00000,-180.00000");
    assert_eq!(extract_location(90.0, 180.0).unwrap().value, "90.00000,180.00000");
    for (lat, lon) in [(f64::NAN, 0.0), (0.0, f64::INFINITY), (90.1, 0.0), (0.0, -180.5), (f64::NEG_INFINITY, 1.0)] {
        assert!(extract_location(lat, lon).is_none(), "{lat} {lon}");
    }
}

// ---------------------------------------------------------------------------------------------
// Amounts

#[test]
fn amounts_fr() {
    for (written, value) in [
        ("80k€", "80000 EUR"),
        ("80k €", "80000 EUR"),
        ("80 k€", "80000 EUR"),
        ("80k euros", "80000 EUR"),
        ("80 000 euros", "80000 EUR"),
        ("80 000€", "80000 EUR"),
        ("80\u{a0}000 €", "80000 EUR"),
        ("80\u{202f}000 €", "80000 EUR"),
        ("80000€", "80000 EUR"),
        ("2 millions d'euros", "2000000 EUR"),
        ("1,5 million d’euros", "1500000 EUR"),
        ("2 millions €", "2000000 EUR"),
        ("2,5 M€", "2500000 EUR"),
        ("2M€", "2000000 EUR"),
        ("10 balles", "10 EUR"),
        ("500 balles", "500 EUR"),
        ("10 mille euros", "10000 EUR"),
        ("1 milliard d'euros", "1000000000 EUR"),
        ("un million d'euros", "1000000 EUR"),
        ("12,50 €", "12.5 EUR"),
        ("12€50", "12.5 EUR"),
        ("1 250,00 €", "1250 EUR"),
        ("EUR 500", "500 EUR"),
    ] {
        one(&format!("il veut {written} demain"), "fr", EntityKind::Amount, value, written);
    }
    // "balles" in a message about weapons: money only in a price phrase.
    one("le glock c'est 800 balles", "fr", EntityKind::Amount, "800 EUR", "800 balles");
    one("je te fais le calibre pour 900 balles", "fr", EntityKind::Amount, "900 EUR", "900 balles");
    one("un feu avec des cartouches, 800 balles", "fr", EntityKind::Amount, "800 EUR", "800 balles");
    one("le glock c'est 150 balles", "fr", EntityKind::Amount, "150 EUR", "150 balles");
    // Bare "millions" when the message speaks of money.
    one("la rançon c'est 2 millions", "fr", EntityKind::Amount, "2000000 EUR", "2 millions");
    one("faut payer 1,5 million pour lui", "fr", EntityKind::Amount, "1500000 EUR", "1,5 million");
}

#[test]
fn amounts_nl() {
    for (written, value) in [
        ("80.000 euro", "80000 EUR"),
        ("€80.000", "80000 EUR"),
        ("€ 500", "500 EUR"),
        ("€80k", "80000 EUR"),
        ("80K euro", "80000 EUR"),
        ("2 miljoen euro", "2000000 EUR"),
        ("€2,5 miljoen", "2500000 EUR"),
        ("2 mil euro", "2000000 EUR"),
        ("2M euro", "2000000 EUR"),
        ("80.000,50 euro", "80000.5 EUR"),
    ] {
        one(&format!("hij wil {written} morgen"), "nl", EntityKind::Amount, value, written);
    }
    one("het losgeld is een ton", "nl", EntityKind::Amount, "100000 EUR", "een ton");
    one("een ton euro", "nl", EntityKind::Amount, "100000 EUR", "een ton euro");
    one("een halve ton cash", "nl", EntityKind::Amount, "50000 EUR", "een halve ton");
    one("anderhalve ton betalen", "nl", EntityKind::Amount, "150000 EUR", "anderhalve ton");
    one("hij moet 2 ton betalen", "nl", EntityKind::Amount, "200000 EUR", "2 ton");
    one("2 miljoen losgeld", "nl", EntityKind::Amount, "2000000 EUR", "2 miljoen");
}

#[test]
fn amounts_en_and_crypto() {
    for (written, value) in [
        ("£50k", "50000 GBP"),
        ("£50K", "50000 GBP"),
        ("50 grand", "50000 GBP"),
        ("£1.5m", "1500000 GBP"),
        ("£1.5 million", "1500000 GBP"),
        ("1.5 million quid", "1500000 GBP"),
        ("80k quid", "80000 GBP"),
        ("£80,000", "80000 GBP"),
        ("800 quid", "800 GBP"),
        ("€2m", "2000000 EUR"),
        ("$80k", "80000 USD"),
        ("500 dollars", "500 USD"),
        ("500k USDT", "500000 USDT"),
        ("500k usdt", "500000 USDT"),
        ("500,000 USDT", "500000 USDT"),
        ("500.000 USDT", "500000 USDT"),
        ("500 000 USDT", "500000 USDT"),
        ("USDT 500", "500 USDT"),
        ("0.5 BTC", "0.5 BTC"),
        ("0,5 btc", "0.5 BTC"),
        ("1.500 BTC", "1.5 BTC"),
        ("1,000 ETH", "1000 ETH"),
        ("3 bitcoins", "3 BTC"),
        ("20 ETH", "20 ETH"),
        ("0.25eth", "0.25 ETH"),
        ("10 xmr", "10 XMR"),
    ] {
        one(&format!("send {written} tonight"), "en", EntityKind::Amount, value, written);
    }
    one("the ransom is a million", "en", EntityKind::Amount, "1000000 GBP", "a million");
    one("pay 2 million now", "en", EntityKind::Amount, "2000000 GBP", "2 million");
}

#[test]
fn non_amounts() {
    for text in [
        "80k",
        "il a 80k abonnés",
        "80 kilos",
        "on se voit à 14h30",
        "2 millions de personnes ont vu ça",
        "een ton coke betalen",
        "hij weegt een ton",
        "10 balles de 9mm",
        "50 balles dans le chargeur",
        "ramène 10 balles pour le glock",
        "a ton of work",
        "2 millions",
        "the grand plan",
        "the 3 grand prix",
        "version 2.5",
        "0 €",
    ] {
        none_of(text, EntityKind::Amount);
    }
}

#[test]
fn generated_amounts_are_all_found() {
    use gen_::AmountKind::*;
    let mut rng = Rng::with_seed(8);
    for round in 0..600 {
        let lang = Lang::ALL[round % 3];
        let kind = [Ransom, Weapon, Mid, Kilo, Load, Small, Crypto][round / 3 % 7];
        let written = gen_::amount(&mut rng, lang, kind);
        let text = format!("ok pour {written} demain");
        let es = ex_lang(&text, lang.code());
        assert_eq!(es.len(), 1, "{text:?}: {es:?}");
        assert_eq!(es[0].kind, EntityKind::Amount, "{text:?}");
        assert_eq!(&text[es[0].span.clone()], written, "{text:?}");
        let (num, cur) = es[0].value.split_once(' ').unwrap();
        assert!(num.parse::<f64>().unwrap() > 0.0, "{es:?}");
        let expected = ["EUR", "GBP", "USDT", "BTC", "ETH"];
        assert!(expected.contains(&cur), "{text:?}: {es:?}");
    }
}

#[test]
fn decimal_strings() {
    assert_eq!(decimal_string(15, 1, 6).as_deref(), Some("1500000"));
    assert_eq!(decimal_string(5, 1, 0).as_deref(), Some("0.5"));
    assert_eq!(decimal_string(1250, 2, 0).as_deref(), Some("12.5"));
    assert_eq!(decimal_string(5, 3, 0).as_deref(), Some("0.005"));
    assert_eq!(decimal_string(0, 0, 3), None);
    assert_eq!(decimal_string(u128::MAX, 0, 9), None);
}

// ---------------------------------------------------------------------------------------------
// Several entities

#[test]
fn mixed_message_spans() {
    let text = "Tu vires 80k€ sur NL91ABNA0417164300, ou 0,5 BTC sur bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4. \
                Appelle le 06 12 34 56 78. RDV 51.9244, 4.4777 — €2,5 miljoen sinon.";
    let es = ex(text);
    let got: Vec<(EntityKind, &str, &str)> =
        es.iter().map(|e| (e.kind, e.value.as_str(), &text[e.span.clone()])).collect();
    assert_eq!(
        got,
        [
            (EntityKind::Amount, "80000 EUR", "80k€"),
            (EntityKind::Iban, "NL91ABNA0417164300", "NL91ABNA0417164300"),
            (EntityKind::Amount, "0.5 BTC", "0,5 BTC"),
            (
                EntityKind::Btc,
                "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
                "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"
            ),
            (EntityKind::Phone, "+33612345678", "06 12 34 56 78"),
            (EntityKind::Gps, "51.92440,4.47770", "51.9244, 4.4777"),
            (EntityKind::Amount, "2500000 EUR", "€2,5 miljoen"),
        ]
    );
}

#[test]
fn adjacent_entities() {
    // Separated by a single punctuation mark or space.
    let text = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed/TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t 500k USDT";
    let kinds: Vec<EntityKind> = ex(text).iter().map(|e| e.kind).collect();
    assert_eq!(kinds, [EntityKind::Eth, EntityKind::Tron, EntityKind::Amount]);
    let text = "+33612345678 0612345678";
    let es = ex(text);
    assert_eq!(es.len(), 2, "{es:?}");
    assert_eq!(&text[es[1].span.clone()], "0612345678");
}

// ---------------------------------------------------------------------------------------------
// Robustness

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9]{1,12}",
        "[ .,'/:;+-]",
        Just("€".to_string()),
        Just("£".to_string()),
        Just("°".to_string()),
        Just("\u{a0}".to_string()),
        Just("\u{202f}".to_string()),
        Just("é".to_string()),
        Just("k".to_string()),
        Just("M".to_string()),
        Just(" euros".to_string()),
        Just(" balles".to_string()),
        Just(" ton".to_string()),
        Just(" million".to_string()),
        Just("d'".to_string()),
        Just("0x".to_string()),
        Just("bc1".to_string()),
        Just("NL91".to_string()),
        Just("+33".to_string()),
        Just("(0)".to_string()),
        Just("N ".to_string()),
        Just("\"".to_string()),
        "[a-zA-Z]{1,6}",
        "[0-9a-fA-F]{40}",
        ".{1,4}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn never_panics_on_any_string(s in ".{0,200}") {
        for lang in ["und", "fr", "nl"] {
            check_spans(&s, &extract_with_lang(&s, lang));
        }
    }

    #[test]
    fn never_panics_on_entity_like_text(parts in proptest::collection::vec(fragment(), 0..40)) {
        let s: String = parts.concat();
        for lang in ["und", "fr", "nl"] {
            check_spans(&s, &extract_with_lang(&s, lang));
        }
    }

    #[test]
    fn phone_candidates_never_panic(d in "(\\+|00|0)[0-9]{1,20}") {
        check_spans(&d, &extract(&d));
    }
}

/// Every entity the generator plants in threat conversations is found, with its kind and its
/// written form as the span, and nothing else is found in those conversations.
#[test]
fn planted_entities_are_found_and_nothing_else() {
    use tapir_corpora::content::{Category, planted_scenario, scenario_ids};
    let mut rng = Rng::with_seed(9);
    let mut planted = 0;
    for lang in Lang::ALL {
        for cat in Category::ALL {
            for id in scenario_ids(cat, lang) {
                for _ in 0..5 {
                    let p = planted_scenario(&mut rng, id).unwrap();
                    let mut found: Vec<(EntityKind, String)> = Vec::new();
                    for (_, t) in &p.turns {
                        for e in ex_lang(t, lang.code()) {
                            let written = t[e.span.clone()].to_string();
                            assert!(
                                p.entities.iter().any(|(k, v)| k == e.kind.as_str() && *v == written),
                                "{id}: extra {e:?} <{written}> in {t:?}"
                            );
                            found.push((e.kind, written));
                        }
                    }
                    for (k, v) in &p.entities {
                        planted += 1;
                        assert!(
                            found.iter().any(|(fk, fv)| fk.as_str() == k && fv == v),
                            "{id}: missed {k} <{v}> in {:?}",
                            p.turns.iter().find(|(_, t)| t.contains(v.as_str()))
                        );
                    }
                }
            }
        }
    }
    assert!(planted > 300, "{planted}");
}

/// Everyday chat and hard negatives hold prices (which are amounts) but no wallet, IBAN, phone
/// or coordinates.
#[test]
fn everyday_chat_holds_only_amounts() {
    use tapir_corpora::content::Chatter;
    let chatter = Chatter::new();
    let mut rng = Rng::with_seed(10);
    let mut amounts = 0;
    for lang in Lang::ALL {
        for i in 0..4000 {
            let line = if i % 4 == 0 { chatter.hard_negative(&mut rng, lang).1 } else { chatter.line(&mut rng, lang) };
            for e in ex_lang(&line, lang.code()) {
                assert_eq!(e.kind, EntityKind::Amount, "{e:?} in {line:?}");
                amounts += 1;
            }
        }
    }
    assert!(amounts > 0);
}

// ---------------------------------------------------------------------------------------------
// Normalising written values, watchlists

#[test]
fn written_values_normalise_like_extracted_ones() {
    assert_eq!(normalise(" FR76 3000 6000 0112 3456 7890 189 "), "FR7630006000011234567890189");
    assert_eq!(normalise("fr7630006000011234567890189"), "FR7630006000011234567890189");
    assert_eq!(normalise("06 12 34 56 78"), "+33612345678");
    assert_eq!(normalise("+31 6 12345678"), "+31612345678");
    assert_eq!(normalise("80k€"), "80000 EUR");
    assert_eq!(normalise("IBAN:FR76 3000 6000 0112 3456 7890 189"), "iban:FR7630006000011234567890189");
    // Not exactly one entity: kept as written, trimmed.
    assert_eq!(normalise("  call 06 12 34 56 78 "), "call 06 12 34 56 78");
    assert_eq!(normalise("FR76 3000"), "FR76 3000");
    assert_eq!(normalise(""), "");
    assert_eq!(normalise("foo:bar"), "foo:bar");
}

#[test]
fn watchlist_lines_are_normalised_and_comments_skipped() {
    let w = Watchlist::parse(
        "# suspects\n\nFR76 3000 6000 0112 3456 7890 189\n  06 12 34 56 78\r\nphone: +31 6 12345678\n\
         BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4\n06 12 34 56 78\nIBAN: FR7630006000011234567890189\n",
    )
    .unwrap();
    let values: Vec<&str> = w.iter().collect();
    assert_eq!(
        values,
        ["+31612345678", "+33612345678", "FR7630006000011234567890189", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"]
    );
    assert_eq!(w.len(), 4);
    assert!(!w.is_empty() && Watchlist::parse("# nothing\n\n").unwrap().is_empty());
    assert!(w.contains("FR7630006000011234567890189"));
    assert!(!w.contains("FR76 3000 6000 0112 3456 7890 189"), "contains takes normalised values");
    assert_eq!(
        w.matches("vire sur FR76-3000-6000-0112-3456-7890-189 et appelle le 0612345678 ou 0612345678", "fr"),
        ["FR7630006000011234567890189", "+33612345678"]
    );
    // In a Dutch message a compact 06 number is Dutch: the other listed value.
    assert_eq!(w.matches("bel 0612345678", "nl"), ["+31612345678"]);
    assert!(w.matches("", "und").is_empty());
    // Values in normalised form read back as themselves.
    let normalised = w.iter().collect::<Vec<_>>().join("\n") + "\n80000 EUR\n51.92440,4.47770\n";
    let again = Watchlist::parse(&normalised).unwrap();
    assert!(w.iter().all(|v| again.contains(v)) && again.contains("80000 EUR") && again.contains("51.92440,4.47770"));
}

/// The lines of `text` a watchlist refuses, with their problems.
fn refused(text: &str) -> Vec<(usize, String)> {
    match Watchlist::parse(text) {
        Err(WatchlistError::Lines { problems, more: 0, path: None }) => {
            problems.into_iter().map(|p| (p.line, p.problem)).collect()
        }
        other => panic!("{other:?}"),
    }
}

/// Issue 11: `btc: notawallet`, a TRON address with a bad checksum and free text were kept and
/// could never match; a byte order mark hid the first entry.
#[test]
fn every_line_that_could_never_match_is_reported_with_its_number() {
    let tron = "TSzssbqRYtrZPKh6NEUqGhYXz4WUShLrv1";
    let bad_tron = "TSzssbqRYtrZPKh6NEUqGhYXz4WUShLrv2";
    assert!(Watchlist::parse(tron).unwrap().contains(tron));
    let text = format!(
        "# case 12\nbtc: notawallet\n{bad_tron}\ntron: {bad_tron}\nthe blue car\ncall 06 12 34 56 78 now\n\
         FR7630006000011234567890189\nfoo: bar\nbtc: FR76 3000 6000 0112 3456 7890 189\niban:   \n"
    );
    let problems = refused(&text);
    let lines: Vec<usize> = problems.iter().map(|p| p.0).collect();
    assert_eq!(lines, [2, 3, 4, 5, 6, 8, 9, 10], "{problems:#?}");
    let problem = |line: usize| &problems.iter().find(|p| p.0 == line).unwrap().1;
    assert!(problem(2).contains("not a valid btc: expected an address with a valid checksum"), "{}", problem(2));
    assert!(problem(3).contains("not a value tapir can match"), "{}", problem(3));
    assert!(problem(4).contains("not a valid tron"), "{}", problem(4));
    assert!(problem(6).contains("one value a line"), "{}", problem(6));
    assert!(problem(8).contains("\"foo\" before ':' is not an entity kind"), "{}", problem(8));
    assert!(problem(9).contains("reads as iban, not btc"), "{}", problem(9));
    assert!(problem(10).contains("no value"), "{}", problem(10));
    let shown = Watchlist::parse(&text).unwrap_err().to_string();
    assert_eq!(shown.lines().count(), 8);
    assert!(shown.lines().all(|l| l.starts_with("watchlist line ")), "{shown}");

    // A byte order mark is not part of the first value.
    let w = Watchlist::parse(&format!("\u{FEFF}{tron}\n")).unwrap();
    assert!(w.contains(tron), "{w:?}");

    // Thousands of bad lines: the first ones reported, the rest counted.
    let e = Watchlist::parse(&"nope\n".repeat(5000)).unwrap_err();
    let WatchlistError::Lines { problems, more, .. } = &e else { panic!("{e:?}") };
    assert_eq!((problems.len() + more, problems[0].line), (5000, 1));
    assert!(e.to_string().ends_with(&format!("… and {more} more unusable line(s)")));
}

#[test]
fn watchlist_files_are_named_in_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("list.txt");
    std::fs::write(&path, "# x\nnope:1\n").unwrap();
    let e = Watchlist::load(&path).unwrap_err();
    assert!(e.to_string().starts_with(&format!("watchlist {}:2: ", path.display())), "{e}");
    let missing = dir.path().join("missing.txt");
    let e = Watchlist::load(&missing).unwrap_err();
    assert!(matches!(e, WatchlistError::Io { .. }) && e.to_string().contains(&*missing.to_string_lossy()), "{e}");
    std::fs::write(&path, [0xff, 0xfe, b'\n']).unwrap();
    assert!(matches!(Watchlist::load(&path), Err(WatchlistError::Io { .. })));
}

proptest! {
    #[test]
    fn watchlists_never_panic(s in ".{0,300}") {
        if let Ok(w) = Watchlist::parse(&s) {
            let _ = w.matches(&s, "fr");
        }
        let _ = normalise(&s);
    }
}

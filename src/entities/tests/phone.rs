//! Phone numbers: formats, boundaries, non-phones, generated numbers.

use super::*;

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

//! IBANs: known and generated ones found, broken ones refused.

use super::*;

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

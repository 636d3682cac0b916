//! Money amounts in French, Dutch, English and crypto, and what is not one.

use super::*;
use crate::entities::amount::decimal_string;

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

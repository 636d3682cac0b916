//! Checksum-valid identifiers and formatted values written into conversations:
//! crypto wallets, IBANs, phone numbers, GPS coordinates and money amounts.

use super::Lang;
use bech32::{hrp, segwit};
use fastrand::Rng;
use sha3::{Digest, Keccak256};
use std::fmt::Write;

fn random_bytes<const N: usize>(rng: &mut Rng) -> [u8; N] {
    let mut b = [0u8; N];
    rng.fill(&mut b);
    b
}

/// Native segwit v0 pay-to-witness-pubkey-hash: `bc1q…` (bech32).
pub fn btc_p2wpkh(rng: &mut Rng) -> String {
    segwit::encode_v0(hrp::BC, &random_bytes::<20>(rng)).expect("20-byte witness program")
}

/// Taproot (segwit v1): `bc1p…` (bech32m).
pub fn btc_p2tr(rng: &mut Rng) -> String {
    segwit::encode_v1(hrp::BC, &random_bytes::<32>(rng)).expect("32-byte witness program")
}

fn base58check(version: u8, payload: &[u8]) -> String {
    let mut v = Vec::with_capacity(1 + payload.len());
    v.push(version);
    v.extend_from_slice(payload);
    bs58::encode(v).with_check().into_string()
}

/// Legacy pay-to-pubkey-hash: `1…`.
pub fn btc_p2pkh(rng: &mut Rng) -> String {
    base58check(0x00, &random_bytes::<20>(rng))
}

/// Pay-to-script-hash: `3…`.
pub fn btc_p2sh(rng: &mut Rng) -> String {
    base58check(0x05, &random_bytes::<20>(rng))
}

/// Any of the four Bitcoin address kinds (bech32 ones more often, as today).
pub fn btc_any(rng: &mut Rng) -> String {
    match rng.u8(0..10) {
        0..=3 => btc_p2wpkh(rng),
        4..=5 => btc_p2tr(rng),
        6..=7 => btc_p2pkh(rng),
        _ => btc_p2sh(rng),
    }
}

/// EIP-55 mixed-case checksum of a 40-hex-digit lowercase address body.
pub fn eip55(lower_hex: &str) -> String {
    let hash = Keccak256::digest(lower_hex.as_bytes());
    let mut out = String::with_capacity(42);
    out.push_str("0x");
    for (i, c) in lower_hex.chars().enumerate() {
        let nibble = (hash[i / 2] >> (if i % 2 == 0 { 4 } else { 0 })) & 0xf;
        if c.is_ascii_alphabetic() && nibble >= 8 {
            out.push(c.to_ascii_uppercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// An Ethereum (or any EVM chain) address with its EIP-55 checksum.
pub fn eth(rng: &mut Rng) -> String {
    let bytes = random_bytes::<20>(rng);
    let mut hex = String::with_capacity(40);
    for b in bytes {
        let _ = write!(hex, "{b:02x}");
    }
    eip55(&hex)
}

/// A TRON address (base58check, version byte 0x41): `T…`.
pub fn tron(rng: &mut Rng) -> String {
    base58check(0x41, &random_bytes::<20>(rng))
}

/// ISO 13616 mod-97 of a string made of digits and upper-case letters.
pub fn mod97(s: &str) -> u32 {
    let mut r: u32 = 0;
    for c in s.chars() {
        if let Some(d) = c.to_digit(10) {
            r = (r * 10 + d) % 97;
        } else if c.is_ascii_uppercase() {
            let v = c as u32 - 'A' as u32 + 10;
            r = (r * 100 + v) % 97;
        }
    }
    r
}

/// Whether `iban` (spaces allowed) has valid mod-97 check digits.
pub fn iban_is_valid(iban: &str) -> bool {
    let compact: String = iban.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.len() < 15 || !compact.is_char_boundary(4) {
        return false;
    }
    let rearranged = format!("{}{}", &compact[4..], &compact[..4]);
    mod97(&rearranged) == 1
}

fn iban_from_bban(country: &str, bban: &str) -> String {
    let check = 98 - mod97(&format!("{bban}{country}00"));
    format!("{country}{check:02}{bban}")
}

fn digits(rng: &mut Rng, n: usize) -> String {
    (0..n).map(|_| char::from(b'0' + rng.u8(0..10))).collect()
}

/// A French IBAN (27 chars) with a valid RIB key.
pub fn iban_fr(rng: &mut Rng) -> String {
    const BANKS: [&str; 9] = ["30004", "30003", "30002", "20041", "10278", "16006", "30066", "10107", "17515"];
    let bank = BANKS[rng.usize(..BANKS.len())];
    let branch = digits(rng, 5);
    let account = digits(rng, 11);
    let b: u64 = bank.parse().unwrap();
    let g: u64 = branch.parse().unwrap();
    let a: u64 = account.parse().unwrap();
    let key = 97 - ((89 * b + 15 * g + 3 * a) % 97);
    iban_from_bban("FR", &format!("{bank}{branch}{account}{key:02}"))
}

/// A Dutch IBAN (18 chars) whose account passes the eleven-test.
pub fn iban_nl(rng: &mut Rng) -> String {
    const BANKS: [&str; 8] = ["ABNA", "INGB", "RABO", "SNSB", "TRIO", "ASNB", "KNAB", "BUNQ"];
    let bank = BANKS[rng.usize(..BANKS.len())];
    loop {
        let mut d: Vec<u32> = (0..9).map(|_| rng.u32(0..10)).collect();
        let s: u32 = d.iter().enumerate().map(|(i, x)| x * (10 - i as u32)).sum();
        let last = (11 - s % 11) % 11;
        if last == 10 {
            continue;
        }
        d.push(last);
        let account: String = d.iter().map(|x| char::from_digit(*x, 10).unwrap()).collect();
        return iban_from_bban("NL", &format!("{bank}{account}"));
    }
}

/// A Belgian IBAN (16 chars) with a valid national check.
pub fn iban_be(rng: &mut Rng) -> String {
    const BANKS: [&str; 8] = ["001", "068", "310", "363", "539", "734", "751", "973"];
    let bank = BANKS[rng.usize(..BANKS.len())];
    let account = digits(rng, 7);
    let n: u64 = format!("{bank}{account}").parse().unwrap();
    let mut check = n % 97;
    if check == 0 {
        check = 97;
    }
    iban_from_bban("BE", &format!("{bank}{account}{check:02}"))
}

/// A British IBAN (22 chars).
pub fn iban_gb(rng: &mut Rng) -> String {
    const BANKS: [&str; 6] = ["NWBK", "BARC", "LOYD", "HBUK", "MIDL", "MONZ"];
    let bank = BANKS[rng.usize(..BANKS.len())];
    let sort = digits(rng, 6);
    let account = digits(rng, 8);
    iban_from_bban("GB", &format!("{bank}{sort}{account}"))
}

/// The IBAN as people write it: compact, or in groups of four.
pub fn iban_written(rng: &mut Rng, compact: &str) -> String {
    if rng.bool() {
        return compact.to_string();
    }
    let mut out = String::with_capacity(compact.len() + compact.len() / 4);
    for (i, c) in compact.chars().enumerate() {
        if i > 0 && i % 4 == 0 {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// A mobile phone number as written in `country` ("fr", "nl", "be", "gb").
pub fn phone(rng: &mut Rng, country: &str) -> String {
    match country {
        "fr" => {
            let p = if rng.u8(0..3) == 0 { '7' } else { '6' };
            let d = digits(rng, 8);
            let pairs = format!("{} {} {} {}", &d[0..2], &d[2..4], &d[4..6], &d[6..8]);
            match rng.u8(0..5) {
                0 => format!("0{p}{d}"),
                1 => format!("+33{p}{d}"),
                2 => format!("+33 {p} {pairs}"),
                3 => format!("0{p}.{}", pairs.replace(' ', ".")),
                _ => format!("0{p} {pairs}"),
            }
        }
        "nl" => {
            let d = digits(rng, 8);
            match rng.u8(0..5) {
                0 => format!("06-{d}"),
                1 => format!("06{d}"),
                2 => format!("+31 6 {d}"),
                3 => format!("+316{d}"),
                _ => format!("06 {} {}", &d[0..4], &d[4..8]),
            }
        }
        "be" => {
            let op = ["470", "471", "472", "475", "476", "477", "478", "479", "486", "496"][rng.usize(..10)];
            let d = digits(rng, 6);
            match rng.u8(0..3) {
                0 => format!("0{op} {} {} {}", &d[0..2], &d[2..4], &d[4..6]),
                1 => format!("+32 {op} {} {} {}", &d[0..2], &d[2..4], &d[4..6]),
                _ => format!("0{op}{d}"),
            }
        }
        _ => {
            let op = ["7700", "7911", "7448", "7563", "7838", "7405", "7985", "7721", "7956", "7369"][rng.usize(..10)];
            let d = digits(rng, 6);
            match rng.u8(0..4) {
                0 => format!("0{op} {d}"),
                1 => format!("+44 {op} {d}"),
                2 => format!("+44{op}{d}"),
                _ => format!("0{op}{d}"),
            }
        }
    }
}

/// Known points: (slot suffix, latitude, longitude).
pub const GPS_PLACES: &[(&str, f64, f64)] = &[
    ("rotterdam", 51.9244, 4.4777),
    ("maasvlakte", 51.9550, 4.0520),
    ("waalhaven", 51.8840, 4.4310),
    ("antwerpen", 51.2194, 4.4025),
    ("haven_antwerpen", 51.2750, 4.3350),
    ("havre", 49.4944, 0.1079),
    ("marseille", 43.2965, 5.3698),
    ("paris", 48.8566, 2.3522),
    ("seinesaintdenis", 48.9362, 2.4640),
    ("lyon", 45.7640, 4.8357),
    ("lille", 50.6292, 3.0573),
    ("grenoble", 45.1885, 5.7245),
    ("nice", 43.7102, 7.2620),
    ("amsterdam", 52.3676, 4.9041),
    ("denhaag", 52.0705, 4.3007),
    ("utrecht", 52.0907, 5.1214),
    ("eindhoven", 51.4416, 5.4697),
    ("brussel", 50.8503, 4.3517),
    ("london", 51.5074, -0.1278),
    ("liverpool", 53.4084, -2.9916),
    ("birmingham", 52.4862, -1.8904),
    ("manchester", 53.4808, -2.2426),
    ("felixstowe", 51.9617, 1.3513),
    ("essex", 51.7343, 0.4691),
    ("marbella", 36.5101, -4.8825),
];

/// Coordinates near the named place, written as people paste them from a map app.
pub fn gps(rng: &mut Rng, place: &str) -> Option<String> {
    let &(_, lat, lon) = GPS_PLACES.iter().find(|p| p.0 == place)?;
    let lat = lat + (rng.f64() - 0.5) * 0.08;
    let lon = lon + (rng.f64() - 0.5) * 0.12;
    let prec = rng.usize(4..7);
    Some(match rng.u8(0..4) {
        0 => format!("{lat:.prec$},{lon:.prec$}"),
        1 => format!("{lat:.prec$} {lon:.prec$}"),
        _ => format!("{lat:.prec$}, {lon:.prec$}"),
    })
}

/// The default GPS place of a language's scenarios.
pub fn gps_default(rng: &mut Rng, lang: Lang) -> &'static str {
    let set: &[&str] = match lang {
        Lang::Fr => &["paris", "seinesaintdenis", "marseille", "lyon", "lille", "grenoble", "havre", "nice"],
        Lang::Nl => &["rotterdam", "amsterdam", "denhaag", "utrecht", "eindhoven", "antwerpen", "brussel", "waalhaven"],
        Lang::En => &["london", "liverpool", "birmingham", "manchester", "essex", "felixstowe"],
    };
    set[rng.usize(..set.len())]
}

/// An ISO 6346 shipping container number with a valid check digit (e.g. `MSCU1234565`).
pub fn container_number(rng: &mut Rng) -> String {
    const OWNERS: [&str; 10] = ["MSCU", "MSKU", "CMAU", "HLXU", "MAEU", "TGHU", "SEGU", "TCLU", "CSNU", "OOLU"];
    let owner = OWNERS[rng.usize(..OWNERS.len())];
    let serial = digits(rng, 6);
    let check = container_check(&format!("{owner}{serial}"));
    format!("{owner}{serial}{check}")
}

/// ISO 6346 check digit of the first ten characters (owner code + serial).
pub fn container_check(first10: &str) -> u32 {
    let value = |c: char| -> u32 {
        if let Some(d) = c.to_digit(10) {
            return d;
        }
        // Letters skip multiples of 11: A=10, B=12 … K=21, L=23 … U=32 … Z=38.
        let mut v = 10;
        let mut l = 'A';
        while l != c {
            v += 1;
            if v % 11 == 0 {
                v += 1;
            }
            l = char::from(l as u8 + 1);
        }
        v
    };
    let sum: u32 = first10.chars().enumerate().map(|(i, c)| value(c) << i).sum();
    sum % 11 % 10
}

/// Kinds of money amounts the scenarios talk about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AmountKind {
    /// A ransom: 50k to 3M.
    Ransom,
    /// A weapon's price: hundreds to low thousands.
    Weapon,
    /// Mid-sized money: a day's takings, a courier's fee: 2k to 25k.
    Mid,
    /// A kilo of cocaine: 22k to 38k.
    Kilo,
    /// A whole load or debt: 150k to 5M.
    Load,
    /// Small money: 50 to 900.
    Small,
    /// A crypto amount (USDT, BTC, ETH).
    Crypto,
}

fn thousands(n: u64, sep: char) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + 4);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

fn millions(m10: u64, comma: bool) -> String {
    // m10 is tenths of a million.
    if m10.is_multiple_of(10) {
        (m10 / 10).to_string()
    } else if comma {
        format!("{},{}", m10 / 10, m10 % 10)
    } else {
        format!("{}.{}", m10 / 10, m10 % 10)
    }
}

fn pick<T: Copy>(rng: &mut Rng, xs: &[T]) -> T {
    xs[rng.usize(..xs.len())]
}

/// A money amount with its currency, written in `lang`'s habits.
pub fn amount(rng: &mut Rng, lang: Lang, kind: AmountKind) -> String {
    match kind {
        AmountKind::Crypto => {
            let comma = lang != Lang::En;
            match rng.u8(0..4) {
                0 | 1 => {
                    let k = pick(rng, &[50u64, 80, 100, 120, 150, 200, 250, 300, 400, 500, 750]);
                    match rng.u8(0..3) {
                        0 => format!("{k}k USDT"),
                        1 => format!(
                            "{} USDT",
                            thousands(
                                k * 1000,
                                if lang == Lang::En {
                                    ','
                                } else if lang == Lang::Nl {
                                    '.'
                                } else {
                                    ' '
                                }
                            )
                        ),
                        _ => format!("{k}k usdt"),
                    }
                }
                2 => {
                    let t = pick(rng, &[5u64, 8, 10, 15, 20, 25, 30, 40, 50]);
                    let v = if t.is_multiple_of(10) {
                        (t / 10).to_string()
                    } else if comma {
                        format!("{},{}", t / 10, t % 10)
                    } else {
                        format!("{}.{}", t / 10, t % 10)
                    };
                    if rng.bool() { format!("{v} BTC") } else { format!("{v} btc") }
                }
                _ => {
                    let e = pick(rng, &[20u64, 30, 40, 50, 60, 80, 100, 150]);
                    if rng.bool() { format!("{e} ETH") } else { format!("{e} eth") }
                }
            }
        }
        AmountKind::Ransom | AmountKind::Load => {
            let k = if kind == AmountKind::Ransom {
                pick(rng, &[50u64, 80, 100, 120, 150, 200, 250, 300, 400, 500, 750, 1000, 1500, 2000, 3000])
            } else {
                pick(rng, &[150u64, 200, 280, 350, 450, 600, 800, 1000, 1200, 1500, 2000, 2500, 3000, 4000, 5000])
            };
            money(rng, lang, k * 1000)
        }
        AmountKind::Weapon => {
            let v = pick(rng, &[700u64, 800, 1000, 1200, 1500, 1800, 2000, 2200, 2500, 3000, 3500, 4000, 4500, 5000]);
            money(rng, lang, v)
        }
        AmountKind::Mid => {
            let v = pick(rng, &[2000u64, 3000, 4000, 5000, 6000, 7500, 8000, 10_000, 12_000, 15_000, 20_000, 25_000]);
            money(rng, lang, v)
        }
        AmountKind::Kilo => {
            let v = rng.u64(22..39) * 1000 + if rng.u8(0..3) == 0 { 500 } else { 0 };
            money(rng, lang, v)
        }
        AmountKind::Small => {
            let v = pick(rng, &[50u64, 60, 80, 100, 120, 150, 200, 250, 300, 400, 500, 600, 700, 800, 900]);
            money(rng, lang, v)
        }
    }
}

/// `v` euros (or pounds, for English, most of the time) written as chatters do.
fn money(rng: &mut Rng, lang: Lang, v: u64) -> String {
    let big = v >= 1_000_000;
    let m10 = v / 100_000;
    let k = v / 1000;
    let round_k = v.is_multiple_of(1000);
    match lang {
        Lang::Fr => {
            if big {
                let m = millions(m10, true);
                let plural = m10 >= 20;
                return match rng.u8(0..4) {
                    0 => format!("{m} M€"),
                    1 => format!("{m}M€"),
                    2 => format!("{m} million{} d'euros", if plural { "s" } else { "" }),
                    _ => format!("{m} million{} €", if plural { "s" } else { "" }),
                };
            }
            if round_k && v >= 10_000 && rng.bool() {
                return match rng.u8(0..3) {
                    0 => format!("{k}k€"),
                    1 => format!("{k}k €"),
                    _ => format!("{k}k euros"),
                };
            }
            match rng.u8(0..5) {
                0 => format!("{} €", thousands(v, ' ')),
                1 => format!("{}€", thousands(v, ' ')),
                2 => format!("{v}€"),
                3 if v < 1000 => format!("{v} balles"),
                _ => format!("{v} euros"),
            }
        }
        Lang::Nl => {
            if big {
                let m = millions(m10, true);
                return match rng.u8(0..4) {
                    0 => format!("{m} miljoen euro"),
                    1 => format!("€{m} miljoen"),
                    2 => format!("{m} mil euro"),
                    _ => format!("{m}M euro"),
                };
            }
            if round_k && v >= 10_000 && rng.bool() {
                return match rng.u8(0..3) {
                    0 => format!("€{k}k"),
                    1 => format!("{k}k euro"),
                    _ => format!("{k}K euro"),
                };
            }
            match rng.u8(0..4) {
                0 => format!("€{}", thousands(v, '.')),
                1 => format!("{} euro", thousands(v, '.')),
                2 => format!("€ {v}"),
                _ => format!("{v} euro"),
            }
        }
        Lang::En => {
            let euro = rng.u8(0..4) == 0;
            let sym = if euro { "€" } else { "£" };
            if big {
                let m = millions(m10, false);
                return match rng.u8(0..3) {
                    0 => format!("{sym}{m}m"),
                    1 => format!("{sym}{m} million"),
                    _ => format!("{m} million {}", if euro { "euros" } else { "quid" }),
                };
            }
            if round_k && v >= 10_000 && rng.bool() {
                return match rng.u8(0..3) {
                    0 => format!("{sym}{k}k"),
                    1 => format!("{sym}{k}K"),
                    _ => format!("{k}k {}", if euro { "euros" } else { "quid" }),
                };
            }
            match rng.u8(0..3) {
                0 => format!("{sym}{}", thousands(v, ',')),
                1 => format!("{sym}{v}"),
                _ => format!("{v} {}", if euro { "euros" } else { "quid" }),
            }
        }
    }
}

/// A generated entity for slot `name` (without any `#n`/`~` decoration), as (kind, value).
pub fn generate(name: &str, lang: Lang, rng: &mut Rng) -> Option<(&'static str, String)> {
    let lang_country = match lang {
        Lang::Fr => "fr",
        Lang::Nl => "nl",
        Lang::En => "gb",
    };
    let v = match name {
        "btc" => ("btc", btc_any(rng)),
        "btc_q" => ("btc", btc_p2wpkh(rng)),
        "btc_p" => ("btc", btc_p2tr(rng)),
        "btc_1" => ("btc", btc_p2pkh(rng)),
        "btc_3" => ("btc", btc_p2sh(rng)),
        "eth" => ("eth", eth(rng)),
        "tron" => ("tron", tron(rng)),
        "iban" | "iban_fr" | "iban_nl" | "iban_be" | "iban_gb" => {
            let c = if name == "iban" { lang_country } else { &name[5..] };
            let raw = match c {
                "fr" => iban_fr(rng),
                "nl" => iban_nl(rng),
                "be" => iban_be(rng),
                _ => iban_gb(rng),
            };
            ("iban", iban_written(rng, &raw))
        }
        "tel" => ("phone", phone(rng, lang_country)),
        "tel_fr" | "tel_nl" | "tel_be" | "tel_gb" => ("phone", phone(rng, &name[4..])),
        "gps" => {
            let place = gps_default(rng, lang);
            ("gps", gps(rng, place)?)
        }
        _ if name.starts_with("gps_") => ("gps", gps(rng, &name[4..])?),
        "amt_rancon" | "amt_ransom" | "amt_losgeld" => ("amount", amount(rng, lang, AmountKind::Ransom)),
        "amt_arme" | "amt_weapon" | "amt_wapen" => ("amount", amount(rng, lang, AmountKind::Weapon)),
        "amt_kilo" => ("amount", amount(rng, lang, AmountKind::Kilo)),
        "amt_lot" | "amt_load" => ("amount", amount(rng, lang, AmountKind::Load)),
        "amt_moyen" | "amt_mid" | "amt_middel" => ("amount", amount(rng, lang, AmountKind::Mid)),
        "amt_petit" | "amt_small" | "amt_klein" => ("amount", amount(rng, lang, AmountKind::Small)),
        "amt_crypto" => ("amount", amount(rng, lang, AmountKind::Crypto)),
        _ => return None,
    };
    Some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn check_btc(addr: &str) -> bool {
        if addr.starts_with("bc1") {
            match segwit::decode(addr) {
                Ok((h, ver, prog)) => {
                    h == hrp::BC
                        && ((ver == segwit::VERSION_0 && prog.len() == 20 && addr.starts_with("bc1q"))
                            || (ver == segwit::VERSION_1 && prog.len() == 32 && addr.starts_with("bc1p")))
                }
                Err(_) => false,
            }
        } else {
            match bs58::decode(addr).with_check(None).into_vec() {
                Ok(v) => v.len() == 21 && (v[0] == 0x00 || v[0] == 0x05),
                Err(_) => false,
            }
        }
    }

    #[test]
    fn content_entities_validate() {
        let mut rng = Rng::with_seed(11);
        for _ in 0..300 {
            assert!(check_btc(&btc_any(&mut rng)));
            let e = eth(&mut rng);
            assert_eq!(e.len(), 42);
            assert_eq!(eip55(&e[2..].to_ascii_lowercase()), e);
            let t = tron(&mut rng);
            assert!(t.starts_with('T') && t.len() == 34);
            assert_eq!(bs58::decode(&t).with_check(Some(0x41)).into_vec().unwrap().len(), 21);
            for i in [iban_fr(&mut rng), iban_nl(&mut rng), iban_be(&mut rng), iban_gb(&mut rng)] {
                assert!(iban_is_valid(&i), "{i}");
            }
        }
        // Known EIP-55 vector.
        assert_eq!(eip55("5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"), "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
        assert!(iban_is_valid("GB82 WEST 1234 5698 7654 32"));
        // ISO 6346 reference: CSQU3054383.
        assert_eq!(container_check("CSQU305438"), 3);
        let mut r = Rng::with_seed(0);
        let c = container_number(&mut r);
        assert_eq!(c.len(), 11);
        assert_eq!(container_check(&c[..10]).to_string(), &c[10..]);
        assert!(iban_is_valid("NL91ABNA0417164300"));
        assert!(!iban_is_valid("NL92ABNA0417164300"));
    }
}

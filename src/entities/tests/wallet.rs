//! Wallets: known and generated addresses found, broken and mutated ones refused.

use super::*;

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

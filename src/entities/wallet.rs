//! Crypto wallets: BTC (bech32, bech32m, base58check), ETH (EIP-55) and TRON addresses.

use super::bytes::is_alnum;
use super::{EntityKind, Out};

pub(super) fn wallets(out: &mut Out) {
    let text = out.text;
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if !is_alnum(b[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && is_alnum(b[i]) {
            i += 1;
        }
        if (25..=62).contains(&(i - start))
            && let Some((kind, value)) = wallet(&text[start..i])
        {
            out.push(kind, value, start..i);
        }
    }
}

/// The kind and normalised value of `tok` (a whole ASCII-alphanumeric run) if it is a valid
/// wallet address.
fn wallet(tok: &str) -> Option<(EntityKind, String)> {
    let b = tok.as_bytes();
    match b[0] {
        b'0' if b.len() == 42 && b[1] == b'x' => {
            eth_valid(&tok[2..]).then(|| (EntityKind::Eth, tok.to_ascii_lowercase()))
        }
        b'b' | b'B' if (b.len() == 42 || b.len() == 62) && b[1..3].eq_ignore_ascii_case(b"c1") => {
            bech32_valid(tok).then(|| (EntityKind::Btc, tok.to_ascii_lowercase()))
        }
        b'1' if b.len() <= 35 => base58_valid(tok, 0x00).then(|| (EntityKind::Btc, tok.to_string())),
        b'3' if b.len() <= 35 => base58_valid(tok, 0x05).then(|| (EntityKind::Btc, tok.to_string())),
        b'T' if b.len() == 34 => base58_valid(tok, 0x41).then(|| (EntityKind::Tron, tok.to_string())),
        _ => None,
    }
}

/// A segwit v0 (bech32) or v1 (bech32m, taproot) mainnet address with a valid checksum and
/// program length.
fn bech32_valid(tok: &str) -> bool {
    use bech32::{Fe32, hrp, segwit};
    match segwit::decode(tok) {
        Ok((h, version, program)) => {
            h == hrp::BC
                && ((version == Fe32::Q && (program.len() == 20 || program.len() == 32))
                    || (version == Fe32::P && program.len() == 32))
        }
        Err(_) => false,
    }
}

/// A base58check string whose payload is `version` followed by a 20-byte hash.
fn base58_valid(tok: &str, version: u8) -> bool {
    let mut buf = [0u8; 40];
    matches!(bs58::decode(tok).with_check(Some(version)).onto(&mut buf[..]), Ok(21))
}

/// 40 hex digits; if they mix cases, the EIP-55 checksum must hold.
fn eth_valid(hex: &str) -> bool {
    use sha3::{Digest, Keccak256};
    let b = hex.as_bytes();
    if b.len() != 40 || !b.iter().all(u8::is_ascii_hexdigit) {
        return false;
    }
    let upper = b.iter().any(u8::is_ascii_uppercase);
    let lower = b.iter().any(u8::is_ascii_lowercase);
    if !(upper && lower) {
        return true;
    }
    let hash = Keccak256::digest(hex.to_ascii_lowercase().as_bytes());
    b.iter().enumerate().all(|(i, c)| {
        let nibble = (hash[i / 2] >> if i % 2 == 0 { 4 } else { 0 }) & 0xf;
        !c.is_ascii_alphabetic() || c.is_ascii_uppercase() == (nibble >= 8)
    })
}

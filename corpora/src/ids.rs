//! Identifiers: Luhn-valid IMEIs and collision-free canary tokens.

use fastrand::Rng;

/// The Luhn check digit of `digits` (as for a 15-digit IMEI over its first 14 digits).
pub(crate) fn luhn_check_digit(digits: &[u8]) -> u8 {
    // Double every second digit counting from the right end of the payload.
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            let d = u32::from(d);
            if i % 2 == 0 {
                let x = d * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                d
            }
        })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

/// A 15-digit, Luhn-valid IMEI with a GSMA-style `35` reporting-body prefix.
pub(crate) fn imei(rng: &mut Rng) -> String {
    let mut digits = [0u8; 15];
    digits[0] = 3;
    digits[1] = 5;
    for d in &mut digits[2..14] {
        *d = rng.u8(0..10);
    }
    digits[14] = luhn_check_digit(&digits[..14]);
    digits.iter().map(|d| char::from(b'0' + d)).collect()
}

const CONSONANTS: &[u8; 20] = b"bcdfghjklmnpqrstvwxz";
/// 20^8: the number of distinct 8-consonant tails.
pub(crate) const CANARY_SPACE: u64 = 25_600_000_000;

/// Turns a message's dense index into its canary token, `zq` + 8 consonants.
///
/// The map `x -> (a·x + b) mod 20^8` with `a` coprime to 20 is a bijection, so distinct
/// messages always get distinct tokens (random draws would collide at corpus scale), yet
/// the tokens look random.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CanaryCodec {
    a: u64,
    b: u64,
}

impl CanaryCodec {
    pub(crate) fn new(rng: &mut Rng) -> Self {
        let mut a = rng.u64(1..CANARY_SPACE) | 1;
        if a.is_multiple_of(5) {
            a += 2; // still odd, no longer a multiple of 5
        }
        CanaryCodec { a, b: rng.u64(0..CANARY_SPACE) }
    }

    pub(crate) fn token(&self, index: u64) -> String {
        let m = u128::from(CANARY_SPACE);
        let mut x = ((u128::from(self.a) * u128::from(index % CANARY_SPACE) + u128::from(self.b)) % m) as u64;
        let mut tail = [0u8; 8];
        for c in tail.iter_mut().rev() {
            *c = CONSONANTS[(x % 20) as usize];
            x /= 20;
        }
        let mut s = String::with_capacity(10);
        s.push_str("zq");
        s.extend(tail.iter().map(|&c| char::from(c)));
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn known_imei_check_digit() {
        let d: Vec<u8> = "35693803564380".bytes().map(|b| b - b'0').collect();
        assert_eq!(luhn_check_digit(&d), 9);
    }

    #[test]
    fn imeis_are_fifteen_luhn_valid_digits() {
        let mut rng = Rng::with_seed(3);
        for _ in 0..100 {
            let s = imei(&mut rng);
            assert_eq!(s.len(), 15);
            let d: Vec<u8> = s.bytes().map(|b| b - b'0').collect();
            assert_eq!(luhn_check_digit(&d[..14]), d[14]);
        }
    }

    #[test]
    fn canary_tokens_are_distinct() {
        let codec = CanaryCodec::new(&mut Rng::with_seed(9));
        let tokens: HashSet<String> = (0..50_000).map(|i| codec.token(i)).collect();
        assert_eq!(tokens.len(), 50_000);
        assert!(tokens.iter().all(|t| t.len() == 10 && t.starts_with("zq")));
    }
}

//! CRCs of arbitrary ranges of one file in bounded time, so that resynchronisation stays
//! linear on adversarial input (§6.2).
//!
//! The scanner checks a CRC at every `EC 5A` candidate. A candidate's declared length may
//! run up to 16 MiB, and a crafted file can hold a candidate every few bytes whose frame
//! fits in the file but whose CRC fails: recomputing each CRC from scratch is then
//! quadratic (measured before this module: ~1.7 s for 1 MiB, ~6.6 s for 2 MiB, ~270 s
//! extrapolated for 8 MiB). Here a long range's CRC is derived from the CRCs of two file
//! prefixes, `crc(a..b) = P(b) ^ P(a)·x^(8(b-a)) mod poly` (zlib's `crc32_combine`
//! identity), with prefix CRCs checkpointed every [`STEP`] bytes: a check costs at most
//! `2 × STEP` bytes of CRC plus five GF(2) multiplications, whatever the length. The
//! result is the same CRC, bit for bit, so which frames are valid does not change.

use crate::crc32;

/// Ranges at most this long are hashed directly: it is as cheap as the indexed path.
const DIRECT_MAX: usize = 4096;
/// Distance between checkpoints: memory is `4 / STEP` of the indexed part of the file.
const STEP: usize = 512;
/// CRC-32/ISO-HDLC, reflected.
const POLY: u32 = 0xEDB8_8320;

/// `a(x)·b(x) mod poly`, in the reflected representation (bit 31 is `x^0`).
const fn multmodp(a: u32, mut b: u32) -> u32 {
    let mut p = 0;
    let mut i = 0;
    while i < 32 {
        if a & (1u32 << (31 - i)) != 0 {
            p ^= b;
        }
        b = if b & 1 != 0 { (b >> 1) ^ POLY } else { b >> 1 };
        i += 1;
    }
    p
}

/// `POW[i][j] = x^(8·j·256^i) mod poly`: a shift by any `u32` byte count is four lookups.
const POW: [[u32; 256]; 4] = {
    let mut pow = [[0u32; 256]; 4];
    let mut i = 0;
    while i < 4 {
        pow[i][0] = 1 << 31; // x^0
        pow[i][1] = if i == 0 { 1 << 23 } else { multmodp(pow[i - 1][255], pow[i - 1][1]) }; // x^8, x^(8·256^i)
        let mut j = 2;
        while j < 256 {
            pow[i][j] = multmodp(pow[i][j - 1], pow[i][1]);
            j += 1;
        }
        i += 1;
    }
    pow
};

/// `crc · x^(8·bytes) mod poly`: what `crc` contributes after `bytes` more bytes.
fn shift(crc: u32, bytes: usize) -> u32 {
    // Ranges come from frames (at most 16 MiB + 6 bytes), far below 2^32.
    let n = bytes as u32;
    let mut power = 1u32 << 31;
    for (i, table) in POW.iter().enumerate() {
        let digit = (n >> (8 * i)) & 0xFF;
        if digit != 0 {
            power = multmodp(power, table[digit as usize]);
        }
    }
    multmodp(power, crc)
}

/// Lazily built prefix-CRC checkpoints of one file: `checkpoints[k] = crc(file[..k·STEP])`.
#[derive(Clone, Default)]
pub(crate) struct RangeCrc {
    checkpoints: Vec<u32>,
}

impl std::fmt::Debug for RangeCrc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "RangeCrc({} checkpoints)", self.checkpoints.len())
    }
}

impl RangeCrc {
    /// The CRC of `file[start..end]`, equal to `crc32(&file[start..end])`.
    pub(crate) fn crc(&mut self, file: &[u8], start: usize, end: usize) -> u32 {
        if end - start <= DIRECT_MAX {
            return crc32(&file[start..end]);
        }
        let before = self.prefix(file, start);
        self.prefix(file, end) ^ shift(before, end - start)
    }

    /// `crc32(&file[..at])`.
    fn prefix(&mut self, file: &[u8], at: usize) -> u32 {
        let k = at / STEP;
        if self.checkpoints.is_empty() {
            self.checkpoints.push(0);
        }
        while self.checkpoints.len() <= k {
            let last = self.checkpoints.len() - 1;
            let mut h = crc32fast::Hasher::new_with_initial(self.checkpoints[last]);
            h.update(&file[last * STEP..(last + 1) * STEP]);
            self.checkpoints.push(h.finalize());
        }
        let mut h = crc32fast::Hasher::new_with_initial(self.checkpoints[k]);
        h.update(&file[k * STEP..at]);
        h.finalize()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn shift_matches_crc32fast_combine() {
        for (crc1, len) in
            [(0xCBF4_3926u32, 0usize), (1, 1), (0xDEAD_BEEF, 4097), (0x1234_5678, 16 * 1024 * 1024 + 6), (7, 65_536)]
        {
            let mut a = crc32fast::Hasher::new_with_initial_len(crc1, 0);
            a.combine(&crc32fast::Hasher::new_with_initial_len(0, len as u64));
            assert_eq!(shift(crc1, len), a.finalize(), "len {len}");
        }
    }

    #[test]
    fn long_ranges_equal_the_direct_crc() {
        let file: Vec<u8> = (0..40_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
        let mut r = RangeCrc::default();
        for (a, b) in
            [(0, 40_000), (1, 4_098), (2, 39_999), (511, 513 + 5_000), (512, 1024 + 4096), (30_000, 40_000), (5, 5)]
        {
            assert_eq!(r.crc(&file, a, b), crc32(&file[a..b]), "[{a}, {b})");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]
        #[test]
        fn any_range_equals_the_direct_crc(file in prop::collection::vec(any::<u8>(), 0..20_000), cuts in prop::collection::vec((any::<usize>(), any::<usize>()), 1..8)) {
            let mut r = RangeCrc::default();
            for (x, y) in cuts {
                let (x, y) = (x % (file.len() + 1), y % (file.len() + 1));
                let (a, b) = (x.min(y), x.max(y));
                prop_assert_eq!(r.crc(&file, a, b), crc32(&file[a..b]));
            }
        }
    }
}

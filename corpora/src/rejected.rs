//! Files a decoder must refuse whole (spec §3): one from a newer implant (ECD version 2) and
//! one whose header CRC does not hold. They are extra files of real devices, so the rest
//! of the corpus keeps its messages.

use std::path::Path;

use tapir_parsers::FrameType;

use crate::encode::{self, Header};
use crate::error::GenError;
use crate::seed::{self, Stream};
use crate::truth::Rejected;
use crate::world::{Party, World};

/// Writes the rejected files; `file_counts[d]` is how many files device `d` already has.
/// Returns each file's truth entry and size.
pub(crate) fn write_rejected(
    world: &World,
    out: &Path,
    file_counts: &[usize],
) -> Result<Vec<(Rejected, u64)>, GenError> {
    let n = world.devices.len();
    if n == 0 {
        return Ok(Vec::new());
    }
    let mut rng = seed::rng(world.seed, Stream::Rejected, 0);
    let first = rng.usize(0..n);
    let second = if n > 1 { (first + rng.usize(1..n)) % n } else { first };
    let mut extra = vec![0usize; n];
    let mut written = Vec::new();
    for (device, bad_crc) in [(first, false), (second, true)] {
        let dev = &world.devices[device];
        extra[device] += 1;
        let name = format!("{}-{}.ecd", dev.imei, file_counts.get(device).copied().unwrap_or(0) + extra[device]);
        let path = out.join("dumps").join(&name);
        let header = Header {
            version: if bad_crc { tapir_parsers::VERSION } else { 2 },
            imei: &dev.imei,
            handle: &dev.handle,
            capture_start: crate::clock::T0,
            capture_end: crate::clock::T0 + rng.u64(0..crate::clock::PERIOD),
            extension: &[],
        };
        let mut bytes = encode::header(&header).map_err(GenError::encode(&path))?;
        let reason = if bad_crc {
            let last = bytes.len() - 1;
            bytes[last] ^= 1 << rng.u8(0..8);
            "header CRC mismatch".to_owned()
        } else {
            "unsupported ECD version 2".to_owned()
        };
        // A few contacts and a trailer: what is behind the header must stay unread.
        let me = Party::Device(device as u32);
        let mut frames = 0u64;
        for &c in dev.convs.iter().take(3) {
            let partner = world.handle(world.convs[c as usize].partner_of(me));
            let start = encode::begin_frame(&mut bytes, FrameType::CONTACT, 0);
            encode::put_contact(&mut bytes, partner, "", crate::clock::T0).map_err(GenError::encode(&path))?;
            encode::finish_frame(&mut bytes, start).map_err(GenError::encode(&path))?;
            frames += 1;
        }
        bytes.extend_from_slice(&encode::trailer_frame(frames));
        std::fs::write(&path, &bytes).map_err(GenError::io(&path))?;
        written.push((Rejected { path: format!("dumps/{name}"), reason, imei: dev.imei.clone() }, bytes.len() as u64));
    }
    Ok(written)
}

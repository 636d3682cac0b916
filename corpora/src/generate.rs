//! The generator's entry point: plan, write every device in parallel, then the keyring and
//! the ground truth.

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::sync::atomic::AtomicU64;

use rayon::prelude::*;

use crate::Sealer;
use crate::bitset::AtomicBitset;
use crate::content::Chatter;
use crate::device::{DeviceOutput, Shared, write_device};
use crate::error::GenError;
use crate::faults::Tally;
use crate::keyring::write_keyring;
use crate::options::{GenOptions, GenSummary};
use crate::rejected::write_rejected;
use crate::truth::{DeviceTruth, Entity, Planted, Truth};
use crate::world::World;

/// Writes a corpus under `out`: `dumps/*.ecd`, `keys/seized.keys` and `truth.json`.
///
/// The same options give the same bytes, whatever the number of threads. `progress` is
/// called now and then with the number of logical messages generated so far (from worker
/// threads). `out/dumps` must be absent or empty.
pub fn generate<S: Sealer>(
    out: &Path,
    opts: &GenOptions,
    sealer: &S,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<GenSummary, GenError> {
    opts.validate()?;
    let dumps = out.join("dumps");
    prepare_dumps_dir(&dumps)?;
    let keys = out.join("keys");
    fs::create_dir_all(&keys).map_err(GenError::io(&keys))?;

    let chatter = Chatter::new();
    let world = World::plan(opts, &chatter);
    let decrypted = AtomicBitset::new(opts.messages);
    let generated = AtomicU64::new(0);
    let shared = Shared {
        world: &world,
        chatter: &chatter,
        sealer,
        dumps: &dumps,
        decrypted: &decrypted,
        progress,
        generated: &generated,
    };
    let outputs = (0..world.devices.len() as u32)
        .into_par_iter()
        .map(|d| write_device(&shared, d))
        .collect::<Result<Vec<DeviceOutput>, GenError>>()?;
    progress(opts.messages);

    let file_counts: Vec<usize> = outputs.iter().map(|o| o.files.len()).collect();
    let rejected = if opts.damage { write_rejected(&world, out, &file_counts)? } else { Vec::new() };
    write_keyring(&keys.join("seized.keys"), &world)?;

    let truth = assemble_truth(&world, opts, outputs, rejected.iter().map(|(r, _)| r.clone()).collect(), &decrypted);
    let summary = GenSummary {
        files: truth.files.len() + rejected.len(),
        message_frames: truth.files.values().map(|f| f.messages.found).sum(),
        logical_messages: truth.logical_messages,
        logical_decrypted: truth.logical_messages_decrypted,
        planted: truth.planted.len(),
        bytes: truth.files.values().map(|f| f.size).sum::<u64>() + rejected.iter().map(|(_, size)| size).sum::<u64>(),
    };
    write_truth(&out.join("truth.json"), &truth)?;
    Ok(summary)
}

/// Creates `dumps/`, refusing one that already holds files (old dumps would mix in).
fn prepare_dumps_dir(dumps: &Path) -> Result<(), GenError> {
    fs::create_dir_all(dumps).map_err(GenError::io(dumps))?;
    let mut entries = fs::read_dir(dumps).map_err(GenError::io(dumps))?;
    if entries.next().is_some() {
        return Err(GenError::OutputNotEmpty(dumps.to_path_buf()));
    }
    Ok(())
}

fn assemble_truth(
    world: &World,
    opts: &GenOptions,
    outputs: Vec<DeviceOutput>,
    rejected: Vec<crate::truth::Rejected>,
    decrypted: &AtomicBitset,
) -> Truth {
    let findable = |message_id: u64| decrypted.get(message_id - world.id_base);
    let mut files = BTreeMap::new();
    let mut devices = Vec::with_capacity(world.devices.len());
    let mut canaries = Vec::new();
    let mut hard_negatives = Vec::new();
    let mut tally = Tally::default();
    let mut owned = 0;
    for (dev, out) in world.devices.iter().zip(outputs) {
        devices.push(DeviceTruth {
            imei: dev.imei.clone(),
            handle: dev.handle.clone(),
            lang: dev.lang,
            key_ids: dev.keys.iter().map(|k| k.id).collect(),
            withheld_key_ids: dev
                .keys
                .iter()
                .enumerate()
                .filter(|(i, _)| !dev.key_seized(*i))
                .map(|(_, k)| k.id)
                .collect(),
            files: out.files.iter().map(|(name, _)| name.clone()).collect(),
        });
        files.extend(out.files);
        canaries.extend(out.canaries);
        hard_negatives.extend(out.hard_negatives);
        tally.merge(out.tally);
        owned += out.owned;
    }
    debug_assert_eq!(owned, opts.messages, "every logical message is owned by exactly one device");
    for c in &mut canaries {
        c.findable = findable(c.message_id);
    }
    for h in &mut hard_negatives {
        h.findable = findable(h.message_id);
    }
    canaries.sort_by_key(|c| c.message_id);
    hard_negatives.sort_by_key(|h| h.message_id);

    let mut planted = Vec::with_capacity(world.planted.len());
    let mut entities = Vec::new();
    for plan in &world.planted {
        let messages: Vec<(String, u64)> =
            (0..plan.conv.turns.len()).filter_map(|t| world.planted_turn_key(plan, t)).collect();
        for (kind, value) in &plan.conv.entities {
            for (turn, (_, text)) in plan.conv.turns.iter().enumerate() {
                if let (true, Some((sender, message_id))) = (text.contains(value.as_str()), messages.get(turn)) {
                    entities.push(Entity {
                        kind: kind.clone(),
                        value: value.clone(),
                        sender: sender.clone(),
                        message_id: *message_id,
                        findable: findable(*message_id),
                    });
                }
            }
        }
        planted.push(Planted {
            scenario: plan.conv.scenario.clone(),
            instance: plan.instance,
            category: plan.conv.category,
            lang: plan.conv.lang,
            findable: messages.iter().map(|(_, id)| findable(*id)).collect(),
            messages,
        });
    }
    let withheld = world.devices.iter().filter(|d| d.newest_withheld).count() as u64;
    if withheld > 0 {
        tally.0.insert("withheld_keys", withheld);
    }
    if !rejected.is_empty() {
        tally.0.insert("rejected_files", rejected.len() as u64);
    }
    Truth {
        spec: "ECD v1".into(),
        generator: "tapir-corpora".into(),
        seed: opts.seed,
        options: opts.clone(),
        devices,
        files,
        rejected,
        logical_messages: opts.messages,
        logical_messages_decrypted: decrypted.count(),
        canaries,
        planted,
        hard_negatives,
        entities,
        injected: tally.0.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
    }
}

fn write_truth(path: &Path, truth: &Truth) -> Result<(), GenError> {
    let file = fs::File::create(path).map_err(GenError::io(path))?;
    let mut w = BufWriter::new(file);
    serde_json::to_writer_pretty(&mut w, truth)
        .map_err(|source| GenError::Json { path: path.to_path_buf(), source })?;
    w.write_all(b"\n").map_err(GenError::io(path))?;
    w.flush().map_err(GenError::io(path))
}

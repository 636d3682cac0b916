//! Entity extraction cost per message (`tapir::entities::extract`), which ingest pays on every
//! decrypted message.
//!
//! ```text
//! CARGO_TARGET_DIR=/work/target-bench cargo bench --bench entities
//! ```
//!
//! - `no_entity_plain`: a typical ~70-byte chat message without digits (the fast path);
//! - `no_entity_digits`: chat with a time and a count, digits but no entity;
//! - `chat_mix`: the average over a dozen everyday messages in French, Dutch and English, a few
//!   with digits;
//! - `with_entities`: a message holding an amount, an IBAN, a wallet, a phone and coordinates;
//! - peer `byte_scan`: counting the ASCII alphanumerics of the plain message (one pass over its
//!   bytes, the floor of any pre-scan).
//!
//! The `entities_min` group times the same inputs in chunks of 64 calls and reports the fastest
//! chunk: on a shared, loaded machine (2 cores) it filters out the time the bench thread spends
//! preempted, which criterion's wall-clock figures in the `entities` group include.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use tapir::entities::extract;

const PLAIN: &str = "ouais frère t'inquiète je passe le voir ce soir après le taf, tranquille";
const DIGITS: &str = "on se retrouve à 14h30 devant le bâtiment B, ramène 2 cafés et le reste";
/// A dozen everyday messages in French, Dutch and English, one a line (shared with the analysis bench).
const MIX: &str = include_str!("data/chat.txt");
const ENTITIES: &str = "Tu vires 80k€ sur NL91ABNA0417164300 ou 0,5 BTC sur \
                        bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4, appelle le 06 12 34 56 78, rdv 51.9244, 4.4777";

fn bench_entities(c: &mut Criterion) {
    let mix: Vec<&str> = MIX.lines().collect();
    let mut g = c.benchmark_group("entities");
    g.warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(4));
    g.throughput(Throughput::Elements(1));
    g.bench_function("no_entity_plain", |b| b.iter(|| extract(black_box(PLAIN))));
    g.bench_function("byte_scan", |b| b.iter(|| byte_scan(black_box(PLAIN))));
    g.bench_function("no_entity_digits", |b| b.iter(|| extract(black_box(DIGITS))));
    g.throughput(Throughput::Elements(mix.len() as u64));
    g.bench_function("chat_mix", |b| {
        b.iter(|| {
            let mut n = 0;
            for m in &mix {
                n += extract(black_box(m)).len();
            }
            n
        })
    });
    g.throughput(Throughput::Elements(1));
    g.bench_function("with_entities", |b| b.iter(|| extract(black_box(ENTITIES))));
    g.finish();

    let mut g = c.benchmark_group("entities_min");
    g.warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(4));
    g.throughput(Throughput::Elements(1));
    for (name, text) in [("no_entity_plain", PLAIN), ("no_entity_digits", DIGITS), ("with_entities", ENTITIES)] {
        g.bench_function(name, |b| b.iter_custom(|iters| fastest_chunk(iters, || extract(black_box(text)).len())));
    }
    g.bench_function("byte_scan", |b| b.iter_custom(|iters| fastest_chunk(iters, || byte_scan(black_box(PLAIN)))));
    g.throughput(Throughput::Elements(mix.len() as u64));
    g.bench_function("chat_mix", |b| {
        b.iter_custom(|iters| fastest_chunk(iters, || mix.iter().map(|m| extract(black_box(m)).len()).sum::<usize>()))
    });
    g.finish();
}

fn byte_scan(text: &str) -> usize {
    text.bytes().filter(u8::is_ascii_alphanumeric).count()
}

/// `iters` calls of `f`, timed in chunks of 64; the fastest chunk's time per call, times `iters`.
fn fastest_chunk(iters: u64, mut f: impl FnMut() -> usize) -> Duration {
    const CHUNK: u64 = 64;
    let mut best = Duration::MAX;
    let mut done = 0;
    while done < iters {
        let n = CHUNK.min(iters - done);
        let t = Instant::now();
        for _ in 0..n {
            black_box(f());
        }
        best = best.min(t.elapsed() / n as u32);
        done += n;
    }
    best * iters as u32
}

criterion_group!(benches, bench_entities);
criterion_main!(benches);

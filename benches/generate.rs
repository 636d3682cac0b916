//! Generator throughput: logical messages per second for a 200k-message corpus written into
//! a temporary directory (rayon over devices, so both cores of the bench machine).
//!
//! ```text
//! CARGO_TARGET_DIR=/work/target-bench cargo bench --bench generate
//! ```
//!
//! Each iteration writes ~59 MB (clean) or ~60 MB (damaged) into a fresh temporary directory
//! on /tmp: the writes land in the page cache, so the figure includes the copy into the
//! kernel but not the disk (deleting the directory is not timed). The full-size run, 20M
//! messages and ~6 GB, is measured with `/usr/bin/time -v` instead: see `benches/README.md`.

use std::time::Duration;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use tapir::crypto::AesGcmSealer;
use tapir_corpora::GenOptions;

const MESSAGES: u64 = 200_000;
const DEVICES: usize = 20;

fn bench_generate(c: &mut Criterion) {
    let mut g = c.benchmark_group("generate");
    g.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(8));
    g.throughput(Throughput::Elements(MESSAGES));
    for (name, damage) in [("200k_damaged", true), ("200k_clean", false)] {
        let opts = GenOptions { seed: 1, devices: DEVICES, messages: MESSAGES, damage };
        g.bench_function(name, |b| {
            b.iter_batched(
                || tempfile::tempdir().expect("temporary directory"),
                |dir| {
                    let summary =
                        tapir_corpora::generate(dir.path(), &opts, &AesGcmSealer, &|_| {}).expect("generation");
                    // Returned so that removing the directory happens outside the timing.
                    (dir, summary)
                },
                BatchSize::PerIteration,
            )
        });
    }
    g.finish();
}

criterion_group!(benches, bench_generate);
criterion_main!(benches);

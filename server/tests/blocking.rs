//! The bounded pools that run blocking work off the async threads.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tapir_server::blocking::{BlockingError, BlockingPool};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn at_most_the_pool_s_workers_run_at_once() {
    let pool = BlockingPool::new("test", 2, Duration::from_secs(30));
    let running = Arc::new(AtomicUsize::new(0));
    let peak = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let (pool, running, peak) = (pool.clone(), running.clone(), peak.clone());
        tasks.push(tokio::spawn(async move {
            pool.run(move || {
                let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                peak.fetch_max(now, Ordering::SeqCst);
                std::thread::sleep(Duration::from_millis(30));
                running.fetch_sub(1, Ordering::SeqCst);
            })
            .await
        }));
    }
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    assert_eq!(peak.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_full_pool_answers_busy_and_a_panic_is_an_error_not_a_crash() {
    let pool = BlockingPool::new("test", 1, Duration::from_millis(50));
    let (release, wait) = std::sync::mpsc::channel::<()>();
    let holder = {
        let pool = pool.clone();
        tokio::spawn(async move { pool.run(move || wait.recv().ok()).await })
    };
    tokio::time::sleep(Duration::from_millis(20)).await;
    assert!(matches!(pool.run(|| 1).await, Err(BlockingError::Busy { .. })));
    release.send(()).unwrap();
    holder.await.unwrap().unwrap();
    assert!(matches!(pool.run(|| panic!("in a pool")).await, Err(BlockingError::Failed { .. })));
    assert_eq!(pool.run(|| 7).await.unwrap(), 7, "the pool survives");
}

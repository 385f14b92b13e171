//! Sending a batch of requests within `--rate` and `--concurrency`.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use super::{Load, Progress};
use crate::clock::Clock;

/// Run `f` over `items` on at most `load.concurrency` threads, starting at
/// most `load.rate` calls per second; results come back in input order.
pub fn run_all<T: Sync, R: Send>(
    items: &[T],
    load: Load,
    clock: &dyn Clock,
    progress: Option<&Progress>,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let interval = load
        .rate
        .filter(|r| *r > 0.0)
        .map(|r| Duration::from_secs_f64(1.0 / r));
    let next_slot = Mutex::new(Instant::now());
    let next_item = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let results: Vec<Mutex<Option<R>>> = items.iter().map(|_| Mutex::new(None)).collect();
    let workers = load.concurrency.clamp(1, items.len().max(1));
    let wait_turn = || {
        let Some(interval) = interval else { return };
        let wait = {
            let mut slot = next_slot.lock().unwrap_or_else(|p| p.into_inner());
            let now = Instant::now();
            let start = (*slot).max(now);
            *slot = start + interval;
            start - now
        };
        if !wait.is_zero() {
            clock.sleep(wait);
        }
    };
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let i = next_item.fetch_add(1, Ordering::SeqCst);
                    let Some(item) = items.get(i) else { break };
                    wait_turn();
                    let r = f(item);
                    *results[i].lock().unwrap_or_else(|p| p.into_inner()) = Some(r);
                    let n = done.fetch_add(1, Ordering::SeqCst) + 1;
                    if let Some(p) = progress {
                        p(n, items.len());
                    }
                }
            });
        }
    });
    results
        .into_iter()
        .filter_map(|m| m.into_inner().unwrap_or_else(|p| p.into_inner()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::SystemClock;

    #[test]
    fn results_keep_input_order() {
        let items: Vec<u32> = (0..50).collect();
        let load = Load {
            rate: None,
            concurrency: 4,
        };
        let out = run_all(&items, load, &SystemClock, None, |x| x * 2);
        assert_eq!(out, items.iter().map(|x| x * 2).collect::<Vec<_>>());
    }

    #[test]
    fn concurrency_is_bounded() {
        let in_flight = AtomicUsize::new(0);
        let most = AtomicUsize::new(0);
        let items: Vec<u32> = (0..20).collect();
        let load = Load {
            rate: None,
            concurrency: 3,
        };
        run_all(&items, load, &SystemClock, None, |_| {
            let n = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
            most.fetch_max(n, Ordering::SeqCst);
            std::thread::sleep(Duration::from_millis(2));
            in_flight.fetch_sub(1, Ordering::SeqCst);
        });
        assert!(most.load(Ordering::SeqCst) <= 3);
    }
}

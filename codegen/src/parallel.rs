//! Work shared among the cores: the generator loads a vendor's files, and emits and prints a
//! module's parts, on every core. Results keep the order of the inputs, so output does not
//! depend on which thread did what.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// `f` of each item, computed on up to one thread per core (items taken in turn, so a slow
/// one does not hold up the rest), in the items' order.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(items.len());
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let slots: Vec<Mutex<Option<R>>> = items.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let work = || {
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else { break };
            let result = f(item);
            if let Ok(mut slot) = slots[i].lock() {
                *slot = Some(result);
            }
        }
    };
    // A panic on any thread is re-raised here, when the scope ends: every slot is then filled.
    std::thread::scope(|scope| {
        for _ in 1..threads {
            scope.spawn(work);
        }
        work();
    });
    slots.into_iter().filter_map(|slot| slot.into_inner().ok().flatten()).collect()
}

/// [`map`] for owned items: `f` takes each one, on the thread that computes its result (so
/// what it drops is dropped there too).
pub fn map_owned<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    let slots: Vec<Mutex<Option<T>>> = items.into_iter().map(|item| Mutex::new(Some(item))).collect();
    let results = map(&slots, |slot| slot.lock().ok().and_then(|mut item| item.take()).map(&f));
    results.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_keep_the_order_of_the_items() {
        let items: Vec<u64> = (0..1000).collect();
        let squares = super::map(&items, |&i| {
            // Uneven work, so threads finish out of order.
            if i % 7 == 0 {
                std::thread::yield_now();
            }
            i * i
        });
        assert_eq!(squares, items.iter().map(|i| i * i).collect::<Vec<_>>());
        assert!(super::map(&[] as &[u8], |_| 0).is_empty());
        let owned: Vec<String> = items.iter().map(u64::to_string).collect();
        assert_eq!(super::map_owned(owned.clone(), |s| s.len()), owned.iter().map(String::len).collect::<Vec<_>>());
    }
}

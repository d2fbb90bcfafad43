//! A time budget for one article's analysis, and a count of the work done.
//!
//! Every stage checks the budget between sentences (or between groups of mentions), so an
//! analysis that runs over its budget stops within one sentence's work. The work count adds up
//! the bounded inner loops of the stages; tests compare it across input sizes to show that the
//! work grows linearly, without timing anything.

use std::cell::Cell;
use std::time::{Duration, Instant};

/// Sentences longer than this many tokens are cut into chunks of at most this length, so that
/// every rule that looks around inside a sentence does bounded work.
pub const MAX_SENTENCE_TOKENS: usize = 160;

/// How far rules that look back over earlier quotes or mentions may go (in items).
pub const LOOKBACK: usize = 48;

/// The budget of one analysis.
pub struct Budget {
    deadline: Option<Instant>,
    started: Instant,
    expired: Cell<bool>,
    work: Cell<u64>,
}

impl Budget {
    /// No time limit (the work is still counted).
    pub fn unlimited() -> Self {
        Budget {
            deadline: None,
            started: Instant::now(),
            expired: Cell::new(false),
            work: Cell::new(0),
        }
    }

    /// A budget that runs out `limit` from now.
    pub fn within(limit: Duration) -> Self {
        let started = Instant::now();
        Budget {
            deadline: started.checked_add(limit),
            started,
            expired: Cell::new(false),
            work: Cell::new(0),
        }
    }

    /// True once the deadline has passed; stages stop at the next check.
    pub fn over(&self) -> bool {
        if self.expired.get() {
            return true;
        }
        if let Some(d) = self.deadline
            && Instant::now() >= d
        {
            self.expired.set(true);
            return true;
        }
        false
    }

    /// True when some check found the deadline passed (without looking at the clock again).
    pub fn expired(&self) -> bool {
        self.expired.get()
    }

    /// Counts `n` units of work.
    pub fn tick(&self, n: usize) {
        self.work.set(self.work.get().saturating_add(n as u64));
    }

    /// Units of work counted so far.
    pub fn work(&self) -> u64 {
        self.work.get()
    }

    /// Time since the budget was created.
    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_zero_budget_is_over_and_stays_over() {
        let b = Budget::within(Duration::ZERO);
        assert!(!b.expired());
        assert!(b.over());
        assert!(b.expired());
        let u = Budget::unlimited();
        assert!(!u.over());
        u.tick(3);
        u.tick(4);
        assert_eq!(u.work(), 7);
    }
}

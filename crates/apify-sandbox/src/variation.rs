//! Two runs of `generate-items` that overlap as a scraper's runs do: with a `variation` in its
//! input, some items of the base set are gone, some changed, some appear twice, and new ones
//! are added, each decided by a hash of the seed and the item's index. Tests ask [`expected`]
//! for the exact answer a comparison must give.

use serde::Deserialize;

#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Variation {
    pub seed: u64,
    /// Shares of the base items, from 0 to 1.
    pub gone_rate: f64,
    pub changed_rate: f64,
    pub duplicate_rate: f64,
    /// New items, as a share of the base count.
    pub new_rate: f64,
}

/// What becomes of one base item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fate {
    Gone,
    Changed,
    Same,
}

/// A number in 0..1 from the seed, the index and a salt (splitmix64).
fn unit(seed: u64, index: u64, salt: u64) -> f64 {
    let mut z = seed
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .wrapping_add(index.wrapping_mul(0xBF58_476D_1CE4_E5B9))
        .wrapping_add(salt);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}

impl Variation {
    pub fn fate(&self, index: u64) -> Fate {
        let roll = unit(self.seed, index, 1);
        if roll < self.gone_rate {
            Fate::Gone
        } else if roll < self.gone_rate + self.changed_rate {
            Fate::Changed
        } else {
            Fate::Same
        }
    }

    /// Whether a base item that is not gone is written twice (a duplicate key).
    pub fn doubled(&self, index: u64) -> bool {
        unit(self.seed, index, 2) < self.duplicate_rate
    }

    pub fn new_items(&self, count: u64) -> u64 {
        (count as f64 * self.new_rate).round() as u64
    }
}

/// What comparing a plain run of `count` items (the old side) with a run of `count` items and
/// this variation (the new side) finds, keyed by `id`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Expected {
    pub new: u64,
    pub gone: u64,
    pub changed: u64,
    pub same: u64,
    /// Keys that occur more than once on the new side.
    pub duplicate_keys: u64,
    /// Items written on the new side.
    pub items: u64,
}

pub fn expected(count: u64, variation: &Variation) -> Expected {
    let mut answer = Expected::default();
    for index in 0..count {
        match variation.fate(index) {
            Fate::Gone => {
                answer.gone += 1;
                continue;
            }
            _ if variation.doubled(index) => {
                answer.duplicate_keys += 1;
                answer.items += 2;
                continue;
            }
            Fate::Changed => answer.changed += 1,
            Fate::Same => answer.same += 1,
        }
        answer.items += 1;
    }
    answer.new = variation.new_items(count);
    answer.items += answer.new;
    answer
}

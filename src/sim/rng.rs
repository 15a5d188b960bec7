//! Stateless, hash-based randomness for the demo world.
//!
//! Every draw is a pure function of `(seed, key...)`: there is no global
//! state and no clock, so two processes with the same seed agree on every
//! incident, level change and roster entry.

/// Salts that keep the independent streams of the world apart.
pub(crate) mod salt {
    pub const LEVEL_PHASE: u64 = 0x4c56_4c50;
    pub const LEVEL: u64 = 0x4c56_4c00;
    pub const REPORT: u64 = 0x5250_5254;
    pub const BLACKOUT: u64 = 0x424c_4b4f;
    pub const PERSONNEL: u64 = 0x5045_5253;
    pub const MOSS: u64 = 0x4d4f_5353;
    pub const DRILL: u64 = 0x4452_4c4c;
    pub const ADVISER: u64 = 0x4144_5653;
    pub const INCIDENT: u64 = 0x494e_4344;
    pub const INCIDENT_LIFE: u64 = 0x494e_4c46;
    pub const INCIDENT_BODY: u64 = 0x494e_4244;
    pub const HAZARD: u64 = 0x485a_5244;
    pub const HAZARD_LIFE: u64 = 0x485a_4c46;
    pub const HAZARD_BODY: u64 = 0x485a_4244;
    pub const ROSTER_PHASE: u64 = 0x524f_5048;
    pub const ROSTER_BOUNDARY: u64 = 0x524f_4244;
    pub const ROSTER_BLOCK: u64 = 0x524f_424b;
}

/// SplitMix64's finaliser: a fast, well-mixed 64-bit permutation.
pub(crate) const fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

/// One 64-bit hash of the seed and a key path.
pub(crate) fn hash(seed: u64, parts: &[u64]) -> u64 {
    let mut h = mix(seed.wrapping_add(GOLDEN));
    for &p in parts {
        h = mix(h ^ p.wrapping_add(GOLDEN));
    }
    h
}

/// A uniform value in `[0, 1)` from a hash.
pub(crate) fn unit_of(h: u64) -> f64 {
    (h >> 11) as f64 / (1u64 << 53) as f64
}

/// A short SplitMix64 stream keyed by `(seed, parts)`, for drawing several
/// attributes of one thing (an incident, an officer's block) in order.
#[derive(Debug, Clone)]
pub(crate) struct Draw {
    state: u64,
}

impl Draw {
    pub fn new(seed: u64, parts: &[u64]) -> Draw {
        Draw {
            state: hash(seed, parts),
        }
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GOLDEN);
        mix(self.state)
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        unit_of(self.next_u64())
    }

    /// Uniform integer in `lo..=hi` (`hi >= lo`).
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        let span = (hi - lo).max(0) as u64 + 1;
        lo + (self.next_u64() % span) as i64
    }

    /// Uniform index in `0..n` (`n > 0`; returns 0 for an empty range).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        (self.next_u64() % n as u64) as usize
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// An index chosen with probability proportional to its weight.
    pub fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u64 = weights.iter().map(|&w| u64::from(w)).sum();
        if total == 0 {
            return 0;
        }
        let mut r = self.next_u64() % total;
        for (i, &w) in weights.iter().enumerate() {
            let w = u64::from(w);
            if r < w {
                return i;
            }
            r -= w;
        }
        weights.len() - 1
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_stable_and_key_sensitive() {
        assert_eq!(hash(7, &[1, 2]), hash(7, &[1, 2]));
        assert_ne!(hash(7, &[1, 2]), hash(8, &[1, 2]));
        assert_ne!(hash(7, &[1, 2]), hash(7, &[2, 1]));
    }

    #[test]
    fn draws_cover_their_ranges() {
        let mut d = Draw::new(7, &[42]);
        let mut seen = [false; 5];
        for _ in 0..1000 {
            let v = d.range(3, 7);
            assert!((3..=7).contains(&v));
            seen[(v - 3) as usize] = true;
            let u = d.unit();
            assert!((0.0..1.0).contains(&u));
        }
        assert!(seen.iter().all(|&s| s));
    }

    #[test]
    fn weighted_respects_zero_weights() {
        let mut d = Draw::new(1, &[]);
        for _ in 0..500 {
            assert_ne!(d.weighted(&[5, 0, 5]), 1);
        }
    }
}

//! Sets of unsigned integers as sorted ranges: the arithmetic under address spaces (CIDR
//! unions) and port spaces (NACL ordering).

/// A subset of `0..=max`, kept as sorted, disjoint, non-adjacent inclusive ranges, so that two
/// equal sets always have the same representation.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct IntervalSet {
    max: u128,
    ranges: Vec<(u128, u128)>,
}

impl IntervalSet {
    #[must_use]
    pub const fn empty(max: u128) -> Self {
        Self { max, ranges: Vec::new() }
    }

    #[must_use]
    pub fn full(max: u128) -> Self {
        Self { max, ranges: vec![(0, max)] }
    }

    /// The set holding `first..=last` (clamped to the space).
    #[must_use]
    pub fn range(max: u128, first: u128, last: u128) -> Self {
        let mut set = Self::empty(max);
        set.insert(first, last);
        set
    }

    #[must_use]
    pub const fn max(&self) -> u128 {
        self.max
    }

    #[must_use]
    pub fn ranges(&self) -> &[(u128, u128)] {
        &self.ranges
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    #[must_use]
    pub fn is_full(&self) -> bool {
        self.ranges == [(0, self.max)]
    }

    /// How many integers the set holds, saturating (the full IPv6 space does not fit).
    #[must_use]
    pub fn count(&self) -> u128 {
        self.ranges.iter().fold(0u128, |n, &(a, b)| n.saturating_add((b - a).saturating_add(1)))
    }

    #[must_use]
    pub fn contains(&self, value: u128) -> bool {
        // Ranges are sorted and disjoint: the first that ends at or after `value` decides.
        let at = self.ranges.partition_point(|&(_, b)| b < value);
        self.ranges.get(at).is_some_and(|&(a, _)| a <= value)
    }

    /// Adds `first..=last`; values above the space are dropped, an inverted range adds nothing.
    pub fn insert(&mut self, first: u128, last: u128) {
        let last = last.min(self.max);
        if first > last {
            return;
        }

        // Everything that overlaps or touches the new range melts into it.
        let mut merged = (first, last);
        let mut out = Vec::with_capacity(self.ranges.len() + 1);
        let mut placed = false;
        for &(a, b) in &self.ranges {
            if b.saturating_add(1) < merged.0 {
                out.push((a, b));
            } else if merged.1.saturating_add(1) < a {
                if !placed {
                    out.push(merged);
                    placed = true;
                }
                out.push((a, b));
            } else {
                merged = (merged.0.min(a), merged.1.max(b));
            }
        }
        if !placed {
            out.push(merged);
        }
        self.ranges = out;
    }

    pub fn union_with(&mut self, other: &Self) {
        for &(a, b) in &other.ranges {
            self.insert(a, b);
        }
    }

    /// The values of `self` that are not in `other`.
    #[must_use]
    pub fn difference(&self, other: &Self) -> Self {
        let mut out = Vec::new();
        for &(a, b) in &self.ranges {
            let mut start = Some(a);
            for &(c, d) in &other.ranges {
                let Some(s) = start else { break };
                if d < s || c > b {
                    continue;
                }
                if c > s {
                    out.push((s, c - 1));
                }
                start = d.checked_add(1).filter(|&next| next <= b);
            }
            if let Some(s) = start {
                out.push((s, b));
            }
        }
        Self { max: self.max, ranges: out }
    }

    /// The values of `0..=max` that are not in the set.
    #[must_use]
    pub fn complement(&self) -> Self {
        Self::full(self.max).difference(self)
    }

    #[must_use]
    pub fn intersects(&self, other: &Self) -> bool {
        !self.difference(other).eq(self)
    }

    #[must_use]
    pub fn is_subset(&self, other: &Self) -> bool {
        self.difference(other).is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(max: u128, ranges: &[(u128, u128)]) -> IntervalSet {
        let mut s = IntervalSet::empty(max);
        for &(a, b) in ranges {
            s.insert(a, b);
        }
        s
    }

    #[test]
    fn insert_merges_overlapping_and_adjacent_ranges() {
        let s = set(100, &[(10, 20), (30, 40), (21, 29)]);
        assert_eq!(s.ranges(), &[(10, 40)]);

        let s = set(100, &[(50, 60), (10, 20), (15, 55), (90, 200)]);
        assert_eq!(s.ranges(), &[(10, 60), (90, 100)]);

        let s = set(100, &[(30, 40), (10, 20), (25, 26)]);
        assert_eq!(s.ranges(), &[(10, 20), (25, 26), (30, 40)]);
    }

    #[test]
    fn inverted_ranges_add_nothing() {
        assert!(set(100, &[(5, 4)]).is_empty());
        assert!(set(100, &[(101, 200)]).is_empty());
    }

    #[test]
    fn full_space_at_the_top_of_u128() {
        let mut s = IntervalSet::empty(u128::MAX);
        s.insert(1 << 127, u128::MAX);
        assert!(!s.is_full());
        s.insert(0, (1 << 127) - 1);
        assert!(s.is_full());
        assert_eq!(s.count(), u128::MAX);
    }

    #[test]
    fn difference_splits_and_trims() {
        let s = set(100, &[(0, 100)]);
        assert_eq!(s.difference(&set(100, &[(22, 22)])).ranges(), &[(0, 21), (23, 100)]);
        assert_eq!(s.difference(&set(100, &[(0, 9), (95, 100)])).ranges(), &[(10, 94)]);
        assert!(s.difference(&s).is_empty());

        let s = set(100, &[(10, 20), (40, 50)]);
        assert_eq!(s.difference(&set(100, &[(15, 45)])).ranges(), &[(10, 14), (46, 50)]);
        assert_eq!(s.difference(&set(100, &[(60, 70)])), s);
    }

    #[test]
    fn difference_at_the_top_of_u128() {
        let s = IntervalSet::full(u128::MAX);
        let top = IntervalSet::range(u128::MAX, u128::MAX - 1, u128::MAX);
        assert_eq!(s.difference(&top).ranges(), &[(0, u128::MAX - 2)]);
        assert_eq!(top.complement().ranges(), &[(0, u128::MAX - 2)]);
    }

    #[test]
    fn subset_and_intersection() {
        let a = set(100, &[(10, 20)]);
        let b = set(100, &[(0, 30)]);
        assert!(a.is_subset(&b));
        assert!(!b.is_subset(&a));
        assert!(a.intersects(&b));
        assert!(!a.intersects(&set(100, &[(21, 30)])));
    }

    /// Every operation agrees with a plain membership table on a small space.
    #[test]
    fn operations_match_a_membership_table() {
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = |bound: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            u128::from(seed % bound)
        };

        for _ in 0..500 {
            let mut a = IntervalSet::empty(31);
            let mut b = IntervalSet::empty(31);
            let mut in_a = [false; 32];
            let mut in_b = [false; 32];
            for (s, table) in [(&mut a, &mut in_a), (&mut b, &mut in_b)] {
                for _ in 0..next(5) {
                    let (x, y) = (next(40), next(40));
                    s.insert(x, y);
                    for v in x..=y.min(31) {
                        table[v as usize] = true;
                    }
                }
            }

            let diff = a.difference(&b);
            let mut union = a.clone();
            union.union_with(&b);
            for v in 0..32u128 {
                let (ia, ib) = (in_a[v as usize], in_b[v as usize]);
                assert_eq!(a.contains(v), ia);
                assert_eq!(diff.contains(v), ia && !ib);
                assert_eq!(union.contains(v), ia || ib);
                assert_eq!(a.complement().contains(v), !ia);
            }
            assert_eq!(a.count(), in_a.iter().filter(|&&x| x).count() as u128);
            assert_eq!(a.is_full(), in_a.iter().all(|&x| x));
            for w in a.ranges().windows(2) {
                assert!(w[0].1 + 1 < w[1].0, "ranges must stay disjoint and non-adjacent");
            }
        }
    }
}

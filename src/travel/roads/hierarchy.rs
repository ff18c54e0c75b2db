//! Queries on a contraction hierarchy through cached upward search spaces.
//!
//! A shortest path in a contraction hierarchy goes up from the source and down to the target
//! (Geisberger et al. 2008). The upward search space of a place — every node reachable by going
//! up, with its distance — depends on that place only, so it is computed once per place and
//! kept; a leg is then the best meeting node of the source's forward space and the target's
//! backward space, a merge of two sorted lists. This is the bucket idea of Knopp, Sanders,
//! Schultes, Schulz and Wagner (2007, "Computing Many-to-Many Shortest Paths Using Highway
//! Hierarchies") with the buckets replaced by a sorted merge: many-to-many tables cost one
//! upward search per place plus one merge per pair, and single legs come at the same price.
//!
//! Distances are (deciseconds, metres) compared lexicographically: the fastest path, and of
//! equally fast ones the shortest, so that the metres reported belong to the path driven.
//! Searches stall on demand (Geisberger et al. 2008, §4.2): a node that a higher node reaches
//! more cheaply from above is not settled, which roughly halves the spaces.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

/// One arc of the hierarchy towards a higher-ranked node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Arc {
    /// The higher-ranked end.
    pub head: u32,
    /// Travel time, deciseconds.
    pub weight: u32,
    pub metres: u32,
}

/// Upward arcs by rank of their lower end: `up` leaves the node in the driving direction,
/// `down` enters it (driving from `head` to the node).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hierarchy {
    pub rank: Vec<u32>,
    pub up_first: Vec<u32>,
    pub up: Vec<Arc>,
    pub down_first: Vec<u32>,
    pub down: Vec<Arc>,
}

/// Travel time (deciseconds) and length (metres) of a path.
pub type Cost = (u64, u64);

/// A node of a search space with its cost from (or to) the place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reached {
    pub node: u32,
    pub cost: Cost,
}

impl Hierarchy {
    pub fn empty(n: usize) -> Hierarchy {
        Hierarchy {
            rank: (0..n as u32).collect(),
            up_first: vec![0; n + 1],
            up: Vec::new(),
            down_first: vec![0; n + 1],
            down: Vec::new(),
        }
    }

    pub fn num_nodes(&self) -> usize {
        self.rank.len()
    }

    /// Whether every index points inside its array, so that queries cannot panic (a cache file
    /// that passed its checksum but came from a buggy writer is still refused).
    pub fn is_consistent(&self) -> bool {
        let n = self.rank.len();
        let ranks_ok = {
            let mut seen = vec![false; n];
            self.rank
                .iter()
                .all(|&r| (r as usize) < n && !std::mem::replace(&mut seen[r as usize], true))
        };
        let side_ok = |first: &[u32], arcs: &[Arc]| {
            first.len() == n + 1
                && first.first() == Some(&0)
                && first.last().map(|&l| l as usize) == Some(arcs.len())
                && first.windows(2).all(|w| w[0] <= w[1])
                && arcs.iter().all(|a| (a.head as usize) < n)
        };
        ranks_ok && side_ok(&self.up_first, &self.up) && side_ok(&self.down_first, &self.down)
    }

    /// All nodes reachable upwards from the seeds (node, initial cost), sorted by node: forward
    /// (`up` arcs, leaving the place) or backward (`down` arcs, arriving at the place).
    pub fn search_space(&self, seeds: &[(u32, Cost)], forward: bool) -> Vec<Reached> {
        let (first, arcs, other_first, other) = if forward {
            (&self.up_first, &self.up, &self.down_first, &self.down)
        } else {
            (&self.down_first, &self.down, &self.up_first, &self.up)
        };
        let mut best: HashMap<u32, Cost> = HashMap::new();
        let mut heap: BinaryHeap<Reverse<(Cost, u32)>> = BinaryHeap::new();
        for &(node, cost) in seeds {
            let slot = best.entry(node).or_insert(cost);
            if cost <= *slot {
                *slot = cost;
                heap.push(Reverse((cost, node)));
            }
        }
        let mut settled: Vec<Reached> = Vec::new();
        while let Some(Reverse((cost, node))) = heap.pop() {
            if best.get(&node).is_some_and(|&b| b < cost) {
                continue;
            }
            if settled
                .last()
                .is_some_and(|r| r.node == node && r.cost == cost)
            {
                continue;
            }
            let r = self.rank[node as usize] as usize;
            // Stall on demand: when a higher node already reached leads down here more cheaply,
            // this node is not on any shortest up-down path; skip it and its arcs.
            let stalled = other[other_first[r] as usize..other_first[r + 1] as usize]
                .iter()
                .any(|a| {
                    best.get(&a.head).is_some_and(|b| {
                        (b.0 + u64::from(a.weight), b.1 + u64::from(a.metres)) < cost
                    })
                });
            if stalled {
                continue;
            }
            settled.push(Reached { node, cost });
            for a in &arcs[first[r] as usize..first[r + 1] as usize] {
                let next = (cost.0 + u64::from(a.weight), cost.1 + u64::from(a.metres));
                let slot = best.entry(a.head).or_insert((u64::MAX, u64::MAX));
                if next < *slot {
                    *slot = next;
                    heap.push(Reverse((next, a.head)));
                }
            }
        }
        // A node can be settled twice only with equal cost (duplicates skipped above when
        // adjacent); keep the best entry per node.
        settled.sort_unstable_by_key(|r| (r.node, r.cost));
        settled.dedup_by_key(|r| r.node);
        settled
    }
}

/// The cheapest meeting of a forward and a backward search space, if they meet.
pub fn meet(forward: &[Reached], backward: &[Reached]) -> Option<Cost> {
    let (mut i, mut j) = (0, 0);
    let mut best: Option<Cost> = None;
    while i < forward.len() && j < backward.len() {
        let (f, b) = (&forward[i], &backward[j]);
        match f.node.cmp(&b.node) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                let total = (f.cost.0 + b.cost.0, f.cost.1 + b.cost.1);
                if best.is_none_or(|c| total < c) {
                    best = Some(total);
                }
                i += 1;
                j += 1;
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A line 0 - 1 - 2 contracted with 1 first: arcs 1->0, 1->2 up and down (two-way roads),
    /// plus shortcuts between 0 and 2 at rank 1.
    fn line() -> Hierarchy {
        // ranks: node 1 -> 0, node 0 -> 1, node 2 -> 2
        let a = |head, weight, metres| Arc {
            head,
            weight,
            metres,
        };
        Hierarchy {
            rank: vec![1, 0, 2],
            // rank 0 (node 1): up to 0 and 2; rank 1 (node 0): shortcut up to 2; rank 2: none.
            up_first: vec![0, 2, 3, 3],
            up: vec![a(0, 10, 100), a(2, 20, 200), a(2, 30, 300)],
            down_first: vec![0, 2, 3, 3],
            down: vec![a(0, 10, 100), a(2, 20, 200), a(2, 30, 300)],
        }
    }

    #[test]
    fn spaces_and_meeting() {
        let h = line();
        assert!(h.is_consistent());
        let from0 = h.search_space(&[(0, (0, 0))], true);
        let to1 = h.search_space(&[(1, (0, 0))], false);
        let to2 = h.search_space(&[(2, (0, 0))], false);
        assert_eq!(meet(&from0, &to2), Some((30, 300)));
        // 0 -> 1 goes down into 1, found through 1's backward space reaching 0.
        assert_eq!(meet(&from0, &to1), Some((10, 100)));
        let from1 = h.search_space(&[(1, (5, 7))], true);
        assert_eq!(meet(&from1, &to2), Some((25, 207)));
    }

    #[test]
    fn inconsistent_indices_are_detected() {
        let mut h = line();
        h.up[0].head = 9;
        assert!(!h.is_consistent());
        let mut h = line();
        h.rank = vec![0, 0, 2];
        assert!(!h.is_consistent());
    }
}

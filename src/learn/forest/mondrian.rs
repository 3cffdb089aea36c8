//! One Mondrian tree regressor with exponential-weights aggregation, as River 0.26's
//! `tree.mondrian.MondrianTreeRegressor` (the member of [`super::AmfRegressor`]).
//!
//! Each node keeps the bounding box (per-feature min and max) of the samples that reached it,
//! the running mean of their targets, an aggregation weight and the log of its subtree weight.
//!
//! Learning one `(x, y)` walks from the root (`go_downwards`). At each node:
//!
//! ```text
//! e      = Σⱼ max(minⱼ − xⱼ, xⱼ − maxⱼ, 0)         (range extension; features the node never
//!                                                  saw count 0)
//! if e > 0:  t = node.time − ln(1 − U)/e           (U = random(), an Exp(e) waiting time)
//!            split if the node is a leaf or t < child.time
//! split:     feature j ~ extensions (sorted by feature, `choices` weights = extension per j)
//!            threshold ~ Uniform(maxⱼ, xⱼ) to the right or Uniform(xⱼ, minⱼ) to the left
//!            the node keeps its statistics and becomes a branch on (j, threshold); the old
//!            subtree (or leaf) moves to one side, a new empty leaf at time t to the other;
//!            the branch is updated (weight, mean, box), then the new leaf starts from x
//! else:      update the node: weight −= step·(mean − y)²/2, mean ← y, box ← x;
//!            descend by xⱼ ≤ threshold (if j is missing: to the child of larger weight)
//! ```
//!
//! then walks back up (`go_upwards`):
//! `log_weight_tree = weight` at the leaf, `log((e^weight + e^(lwt_left + lwt_right))/2)` above.
//! The first sample only seeds the root (no weight update, no upward walk).
//!
//! Prediction: the leaf's mean, then for each ancestor
//! `ŷ ← ½·e^(weight − log_weight_tree)·mean + (1 − ½·e^(weight − log_weight_tree))·ŷ`.
//!
//! Like River's, the tree only splits on features present in `x` (absent keys are not 0):
//! feed it dense input for categorical one-hots. Ties between features are broken by the
//! order of their interned ids where River sorts feature names: the two agree when names are
//! interned in sorted order.

use crate::learn::json::{Fields, Json};
use crate::learn::rng::Mt19937;
use crate::learn::state::{saved_state, Field};

const NONE: u32 = u32::MAX;

/// A feature whose value lies outside a node's box: (id, value, old min, old max).
type Ext = (u32, f64, f64, f64);

saved_state! {
    /// One node of the arena. A branch has `left`/`right` children; a leaf has `NONE` there.
    #[derive(Clone, Debug, PartialEq)]
    pub struct Node {
        feature: u32,
        left: u32,
        log_weight_tree: f64,
        /// River's `stats.Mean` of the targets: count (`mean_n`) and mean.
        mean: f64,
        mean_n: f64,
        n_samples: u64,
        parent: u32,
        /// Bounding box: (feature id, min, max), sorted by feature id.
        range: Vec<(u32, f64, f64)>,
        right: u32,
        threshold: f64,
        time: f64,
        weight: f64,
    }
}

/// A bounding box is saved as `[[id, min, max], ...]`.
impl Field for Vec<(u32, f64, f64)> {
    fn to_value(&self) -> Json {
        let range = self
            .iter()
            .map(|&(id, lo, hi)| Json::Arr(vec![id.into(), lo.into(), hi.into()]));
        Json::Arr(range.collect())
    }

    fn read(f: &mut Fields, name: &'static str) -> crate::learn::Result<Self> {
        let mut range = Vec::new();
        for (i, r) in f.array(name)?.into_iter().enumerate() {
            let mut t = match r {
                Json::Arr(t) if t.len() == 3 => t.into_iter(),
                _ => return Err(f.error(format!("`{name}[{i}]` must be [id, min, max]"))),
            };
            let (id, lo, hi) = (t.next(), t.next(), t.next());
            match (id, lo, hi) {
                (Some(Json::U64(id)), Some(lo), Some(hi)) if id <= u64::from(u32::MAX) => {
                    let what = format!("{name}[{i}]");
                    range.push((id as u32, f.as_f64(&what, &lo)?, f.as_f64(&what, &hi)?));
                }
                _ => return Err(f.error(format!("`{name}[{i}]` must be [id, min, max]"))),
            }
        }
        Ok(range)
    }
}

impl Node {
    fn leaf(parent: u32, time: f64) -> Self {
        Node {
            parent,
            left: NONE,
            right: NONE,
            time,
            feature: NONE,
            threshold: 0.0,
            range: Vec::new(),
            weight: 0.0,
            log_weight_tree: 0.0,
            n_samples: 0,
            mean_n: 0.0,
            mean: 0.0,
        }
    }

    fn is_leaf(&self) -> bool {
        self.left == NONE
    }

    fn find(&self, j: u32) -> Result<usize, usize> {
        self.range.binary_search_by_key(&j, |r| r.0)
    }

    /// Range extension of `x`, which must be sorted by id (a merge walk with the sorted box).
    fn extension_sum(&self, x: &[(u32, f64)]) -> f64 {
        let mut sum = 0.0;
        let r = &self.range;
        let mut i = 0;
        for &(j, v) in x {
            while i < r.len() && r[i].0 < j {
                i += 1;
            }
            if i == r.len() {
                break;
            }
            if r[i].0 == j {
                let (_, mn, mx) = r[i];
                if v < mn {
                    sum += mn - v;
                } else if v > mx {
                    sum += v - mx;
                }
            }
        }
        sum
    }

    /// Extends the box to `x` (sorted by id): a merge of two sorted lists.
    fn update_ranges(&mut self, x: &[(u32, f64)]) {
        if self.n_samples == 0 {
            self.range = x.iter().map(|&(j, v)| (j, v, v)).collect();
            return;
        }
        let r = &mut self.range;
        let mut i = 0;
        let mut added = false;
        for &(j, v) in x {
            while i < r.len() && r[i].0 < j {
                i += 1;
            }
            if i < r.len() && r[i].0 == j {
                let e = &mut r[i];
                if v < e.1 {
                    e.1 = v;
                } else if v > e.2 {
                    e.2 = v;
                }
            } else {
                r.push((j, v, v));
                added = true;
            }
        }
        if added {
            r.sort_by_key(|e| e.0);
        }
    }

    /// One pass over the box for `x` (sorted by id, no repeats) that does both
    /// [`Node::extension_sum`] (against the box as it was) and [`Node::update_ranges`]. `ext`
    /// receives `(id, value, old min, old max)` of every feature whose extension is positive, in
    /// id order (the split draws from them, and they restore the old box); `added` the ids of
    /// `x` that were not in the box (inserted in order). Only for a node that has seen samples.
    fn extend(&mut self, x: &[(u32, f64)], ext: &mut Vec<Ext>, added: &mut Vec<u32>) -> f64 {
        debug_assert!(self.n_samples > 0);
        ext.clear();
        added.clear();
        // A slice, so that the pushes below cannot alias it (its pointer stays in a register).
        let r: &mut [(u32, f64, f64)] = &mut self.range;
        let n = r.len();
        let mut sum = 0.0;
        let mut i = 0;
        for &(j, v) in x {
            while i < n && r[i].0 < j {
                i += 1;
            }
            match r.get_mut(i) {
                Some(e) if e.0 == j => {
                    let (mn, mx) = (e.1, e.2);
                    if v < mn {
                        sum += mn - v;
                        e.1 = v;
                        ext.push((j, v, mn, mx));
                    } else if v > mx {
                        sum += v - mx;
                        e.2 = v;
                        ext.push((j, v, mn, mx));
                    }
                }
                _ => added.push(j),
            }
        }
        if !added.is_empty() {
            let r = &mut self.range;
            for &j in added.iter() {
                if let Ok(k) = x.binary_search_by_key(&j, |e| e.0) {
                    r.push((j, x[k].1, x[k].1));
                }
            }
            r.sort_by_key(|e| e.0);
        }
        sum
    }

    /// Undoes [`Node::extend`] on a copy of the node: the box as it was before `x`.
    fn restore_range(&mut self, ext: &[Ext], added: &[u32]) {
        if !added.is_empty() {
            self.range.retain(|e| added.binary_search(&e.0).is_err());
        }
        for &(j, _, mn, mx) in ext {
            if let Ok(k) = self.find(j) {
                self.range[k].1 = mn;
                self.range[k].2 = mx;
            }
        }
    }

    /// The non-box part of River's `update_downwards`: count, aggregation weight, mean.
    fn update_stats(&mut self, y: f64, aggregate: bool, step: f64, update_weight: bool) {
        self.n_samples += 1;
        if update_weight && aggregate {
            let r = self.mean - y;
            self.weight -= step * (r * r / 2.0);
        }
        self.mean_n += 1.0;
        self.mean += (1.0 / self.mean_n) * (y - self.mean);
    }

    /// River's `update_downwards`: box, count, aggregation weight, mean.
    fn update_downwards(
        &mut self,
        x: &[(u32, f64)],
        y: f64,
        aggregate: bool,
        step: f64,
        update_weight: bool,
    ) {
        self.update_ranges(x);
        self.update_stats(y, aggregate, step, update_weight);
    }
}

fn log_sum_2_exp(a: f64, b: f64) -> f64 {
    let log_half = -std::f64::consts::LN_2;
    if a > b {
        a + log_half + (b - a).exp().ln_1p()
    } else {
        b + log_half + (a - b).exp().ln_1p()
    }
}

saved_state! {
    /// A Mondrian tree regressor; see the module docs. Nodes live in an arena (`Vec`), root at
    /// 0. Saved as `{"iteration": ..., "nodes": [...], "rng": {...}}` (`to_value`, `read`);
    /// check [`MondrianTree::validate`] after `read`.
    #[derive(Clone, Debug, PartialEq)]
    pub struct MondrianTree {
        iteration: u64,
        nodes: Vec<Node>,
        rng: Mt19937,
    }
}

impl MondrianTree {
    /// An empty tree whose randomness is Python's `random.Random(seed)`.
    pub fn new(seed: u64) -> Self {
        MondrianTree {
            nodes: vec![Node::leaf(NONE, 0.0)],
            iteration: 0,
            rng: Mt19937::python(seed),
        }
    }

    /// Number of nodes (River's `_n_nodes`).
    pub fn n_nodes(&self) -> usize {
        self.nodes.len()
    }

    /// Samples learned.
    pub fn iteration(&self) -> u64 {
        self.iteration
    }

    fn child_towards(&self, idx: usize, x: &[(u32, f64)]) -> usize {
        let n = &self.nodes[idx];
        match x
            .binary_search_by_key(&n.feature, |e| e.0)
            .ok()
            .map(|i| x[i])
        {
            Some((_, v)) => {
                if v <= n.threshold {
                    n.left as usize
                } else {
                    n.right as usize
                }
            }
            None => {
                // most_common_path: the child of larger weight, left on ties.
                if self.nodes[n.left as usize].weight < self.nodes[n.right as usize].weight {
                    n.right as usize
                } else {
                    n.left as usize
                }
            }
        }
    }

    /// Splits node `idx` on (feature, threshold); returns the index of the new empty leaf.
    /// The node keeps its slot (so its parent's link stays valid) and becomes the branch.
    /// Its box was already extended to `x` ([`Node::extend`] with `ext`, `added`); the moved
    /// copy gets the box as it was.
    #[allow(clippy::too_many_arguments)]
    fn split(
        &mut self,
        idx: usize,
        time: f64,
        feature: u32,
        threshold: f64,
        right: bool,
        ext: &[Ext],
        added: &[u32],
    ) -> usize {
        let new_leaf = self.nodes.len();
        let moved = new_leaf + 1;
        // The node's current content (a leaf, or a branch with its children) moves down one
        // level, starting at the split time; the new leaf goes on the extension side.
        let mut moved_node = self.nodes[idx].clone();
        moved_node.restore_range(ext, added);
        moved_node.parent = idx as u32;
        moved_node.time = time;
        if !moved_node.is_leaf() {
            self.nodes[moved_node.left as usize].parent = moved as u32;
            self.nodes[moved_node.right as usize].parent = moved as u32;
        }
        self.nodes.push(Node::leaf(idx as u32, time));
        self.nodes.push(moved_node);
        let n = &mut self.nodes[idx];
        n.feature = feature;
        n.threshold = threshold;
        if right {
            n.left = moved as u32;
            n.right = new_leaf as u32;
        } else {
            n.left = new_leaf as u32;
            n.right = moved as u32;
        }
        new_leaf
    }

    /// Learns one sample; `x` must be sorted by feature id without repeats (the forest sorts
    /// it once for all trees). `max_nodes` (if any) stops splitting at that many nodes.
    pub fn learn_one(
        &mut self,
        x: &[(u32, f64)],
        y: f64,
        step: f64,
        aggregate: bool,
        max_nodes: Option<usize>,
    ) {
        let leaf = self.go_downwards(x, y, step, aggregate, max_nodes);
        if aggregate && self.iteration >= 1 {
            self.go_upwards(leaf);
        }
        self.iteration += 1;
    }

    fn go_downwards(
        &mut self,
        x: &[(u32, f64)],
        y: f64,
        step: f64,
        aggregate: bool,
        max_nodes: Option<usize>,
    ) -> usize {
        let mut cur = 0usize;
        if self.iteration == 0 {
            self.nodes[0].update_downwards(x, y, aggregate, step, false);
            return 0;
        }
        let mut ext: Vec<Ext> = Vec::new();
        let mut added: Vec<u32> = Vec::new();
        loop {
            let full = max_nodes.is_some_and(|m| self.nodes.len() >= m);
            let node = &mut self.nodes[cur];
            // The box is extended to x here, in the same pass that measures the extension;
            // a split restores the old box on the moved copy.
            let fused = node.n_samples > 0;
            let sum = if fused {
                let sum = node.extend(x, &mut ext, &mut added);
                if full {
                    0.0
                } else {
                    sum
                }
            } else if full {
                0.0
            } else {
                node.extension_sum(x)
            };
            let node = &self.nodes[cur];
            let mut split_time = 0.0;
            if sum > 0.0 {
                let u = self.rng.random();
                let t = -(1.0 - u).ln() / sum;
                let candidate = node.time + t;
                if node.is_leaf() || candidate < self.nodes[node.left as usize].time {
                    split_time = candidate;
                }
            }
            if split_time > 0.0 {
                if !fused {
                    // Never reached in practice (a visited node has seen a sample); kept exact.
                    let node = &self.nodes[cur];
                    ext.clear();
                    for &(j, v) in x {
                        if let Ok(i) = node.find(j) {
                            let (_, mn, mx) = node.range[i];
                            if v < mn || v > mx {
                                ext.push((j, v, mn, mx));
                            }
                        }
                    }
                    added.clear();
                }
                // Extensions per feature, in feature-id order (River: sorted feature names).
                let weights: Vec<f64> = ext
                    .iter()
                    .map(|&(_, v, mn, mx)| if v < mn { mn - v } else { v - mx })
                    .collect();
                let (feature, v, mn, mx) = ext[self.rng.choice_weighted(&weights)];
                let right = v > mx;
                let threshold = if right {
                    self.rng.uniform(mx, v)
                } else {
                    self.rng.uniform(v, mn)
                };
                if fused {
                    let new_leaf =
                        self.split(cur, split_time, feature, threshold, right, &ext, &added);
                    self.nodes[cur].update_stats(y, aggregate, step, true);
                    self.nodes[new_leaf].update_downwards(x, y, aggregate, step, false);
                    return new_leaf;
                }
                // The box was not touched yet: the moved copy keeps it as it is.
                let new_leaf = self.split(cur, split_time, feature, threshold, right, &[], &[]);
                self.nodes[cur].update_downwards(x, y, aggregate, step, true);
                self.nodes[new_leaf].update_downwards(x, y, aggregate, step, false);
                return new_leaf;
            }
            if fused {
                self.nodes[cur].update_stats(y, aggregate, step, true);
            } else {
                self.nodes[cur].update_downwards(x, y, aggregate, step, true);
            }
            if self.nodes[cur].is_leaf() {
                return cur;
            }
            cur = self.child_towards(cur, x);
        }
    }

    fn go_upwards(&mut self, leaf: usize) {
        let mut cur = leaf;
        loop {
            let n = &self.nodes[cur];
            let lwt = if n.is_leaf() {
                n.weight
            } else {
                let l = self.nodes[n.left as usize].log_weight_tree;
                let r = self.nodes[n.right as usize].log_weight_tree;
                log_sum_2_exp(n.weight, l + r)
            };
            self.nodes[cur].log_weight_tree = lwt;
            let p = self.nodes[cur].parent;
            if p == NONE {
                return;
            }
            cur = p as usize;
        }
    }

    /// The tree's prediction (0 before any sample, where River returns None); `x` sorted by id.
    pub fn predict_one(&self, x: &[(u32, f64)], aggregate: bool) -> f64 {
        let mut cur = 0usize;
        while !self.nodes[cur].is_leaf() {
            cur = self.child_towards(cur, x);
        }
        let mut pred = self.nodes[cur].mean;
        if !aggregate {
            return pred;
        }
        let mut p = self.nodes[cur].parent;
        while p != NONE {
            let n = &self.nodes[p as usize];
            let half_w = 0.5 * (n.weight - n.log_weight_tree).exp();
            pred = half_w * n.mean + (1.0 - half_w) * pred;
            p = n.parent;
        }
        pred
    }

    /// The largest feature id used by any node (box or split), if any.
    pub fn max_feature_id(&self) -> Option<u32> {
        self.nodes
            .iter()
            .flat_map(|n| {
                n.range
                    .last()
                    .map(|r| r.0)
                    .into_iter()
                    .chain((n.feature != NONE).then_some(n.feature))
            })
            .max()
    }

    /// Checks a deserialized tree: links in range and consistent, numbers finite.
    pub fn validate(&self) -> Result<(), String> {
        if !self.rng.is_valid() {
            return Err("rng: not a valid MT19937 state".into());
        }
        let n = self.nodes.len();
        if n == 0 || self.nodes[0].parent != NONE {
            return Err("nodes: the root must exist and have no parent".into());
        }
        let mut n_parents = vec![0u8; n];
        for (i, node) in self.nodes.iter().enumerate() {
            let finite = [
                node.time,
                node.threshold,
                node.weight,
                node.log_weight_tree,
                node.mean_n,
                node.mean,
            ]
            .iter()
            .all(|v| v.is_finite())
                && node
                    .range
                    .iter()
                    .all(|r| r.1.is_finite() && r.2.is_finite());
            if !finite {
                return Err(format!("nodes[{i}]: a number is not finite"));
            }
            if node.range.windows(2).any(|w| w[0].0 >= w[1].0) {
                return Err(format!("nodes[{i}].range: not sorted by feature"));
            }
            if (node.left == NONE) != (node.right == NONE) {
                return Err(format!("nodes[{i}]: a branch needs two children"));
            }
            if node.left != NONE {
                for c in [node.left, node.right] {
                    let c = c as usize;
                    if c >= n || c == 0 || self.nodes[c].parent as usize != i {
                        return Err(format!("nodes[{i}]: bad child link {c}"));
                    }
                    n_parents[c] += 1;
                }
            }
        }
        if n_parents.iter().skip(1).any(|&c| c != 1) {
            return Err("nodes: every node but the root needs exactly one parent".into());
        }
        Ok(())
    }
}

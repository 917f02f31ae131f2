//! Exact ranking: integer keys first, rationals where keys are too close to
//! tell apart, explicit tie-breaking, and competition ranks ("1, 2, 2, 4").

use crate::bids::Bids;
use crate::evaluate::{Flag, Flags, Warning, WarningCode};
use crate::model::ModelValues;
use crate::par::*;
use crate::tender::{Tender, TieBreak};
use num_rational::BigRational;
use std::cmp::Ordering;

/// Bids in rank order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Ranking {
    /// Bid indices (into [`Bids`]) in rank order.
    pub order: Vec<usize>,
    /// For each entry of `order`, its index into `ModelValues::ranked`.
    pub positions: Vec<usize>,
    /// Competition rank of each entry of `order`.
    pub ranks: Vec<u32>,
    /// Groups of bids with exactly equal values, as ranges of `order`.
    pub ties: Vec<Tie>,
}

/// Bids whose values are exactly equal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Tie {
    /// The range of `Ranking::order` the group occupies.
    pub start: usize,
    /// One past its end.
    pub end: usize,
    /// Tie-break rules that separated at least two of them.
    pub broken_by: Vec<String>,
}

/// Ranks the bids that `values` valued.
pub(crate) fn rank(tender: &Tender, bids: &Bids, values: &ModelValues) -> Ranking {
    let sorted = sort_by_key(&values.keys);
    let mut positions = sorted.positions;
    let mut ranking = Ranking::default();
    let mut tied_with_next = vec![false; positions.len()];
    let mut start = 0;
    while start < positions.len() {
        let end = cluster_end(&sorted.prefixes, start, values.slack >> sorted.shift);
        let cluster = &mut positions[start..end];
        if cluster.len() > 1 {
            resolve_cluster(
                cluster,
                tender,
                bids,
                values,
                &mut ranking,
                &mut tied_with_next[start..end],
                start,
            );
        }
        start = end;
    }
    ranking.order = positions.iter().map(|&p| values.ranked[p]).collect();
    ranking.positions = positions;
    ranking.ranks = competition_ranks(&tied_with_next);
    ranking
}

/// Positions ordered by key, with the key prefixes they were sorted on.
struct Sorted {
    /// Positions `0..keys.len()` ordered by (key, position).
    positions: Vec<usize>,
    /// Each entry's key minus the smallest key, shifted right by `shift`.
    prefixes: Vec<u64>,
    /// How many low bits the prefixes drop.
    shift: u32,
}

/// Orders positions by (key, position).
///
/// Sorting 16-byte (prefix, position) pairs instead of 32-byte (i128, usize)
/// pairs halves the memory the sort moves: the keys, offset from their
/// minimum, are cut to their top 64 significant bits, and the rare runs of
/// equal prefixes are then sorted by the full key.
fn sort_by_key(keys: &[i128]) -> Sorted {
    let min = keys.iter().copied().min().unwrap_or(0);
    let max = keys.iter().copied().max().unwrap_or(0);
    let bits = 128 - max.abs_diff(min).leading_zeros();
    let shift = bits.saturating_sub(64);
    let prefix = |key: i128| (key.abs_diff(min) >> shift) as u64;
    let mut pairs: Vec<(u64, u32)> = keys
        .iter()
        .zip(0u32..)
        .map(|(&key, position)| (prefix(key), position))
        .collect();
    if pairs.len() > PARALLEL_SORT {
        pairs.par_sort_unstable();
    } else {
        pairs.sort_unstable();
    }
    let (prefixes, positions): (Vec<u64>, Vec<u32>) = pairs.into_iter().unzip();
    let mut positions: Vec<usize> = positions.into_iter().map(|p| p as usize).collect();
    if shift > 0 {
        let mut start = 0;
        while start < prefixes.len() {
            let mut end = start + 1;
            while end < prefixes.len() && prefixes[end] == prefixes[start] {
                end += 1;
            }
            if end - start > 1 {
                positions[start..end].sort_unstable_by_key(|&p| (keys[p], p));
            }
            start = end;
        }
    }
    Sorted {
        positions,
        prefixes,
        shift,
    }
}

/// Sorts larger than this run on all cores.
const PARALLEL_SORT: usize = 16_384;

/// End of the run starting at `start` in which each key prefix is within
/// twice the slack (in prefix units, plus one for the dropped bits) of the
/// previous one: inside it, the integer keys cannot decide the order.
fn cluster_end(prefixes: &[u64], start: usize, slack: i128) -> usize {
    let reach = u64::try_from(slack.saturating_mul(2))
        .unwrap_or(u64::MAX)
        .saturating_add(1);
    let mut end = start + 1;
    while end < prefixes.len() && prefixes[end] - prefixes[end - 1] <= reach {
        end += 1;
    }
    end
}

/// Orders a cluster exactly, records its groups of exact ties and applies
/// the tender's tie-break rules to each.
fn resolve_cluster(
    cluster: &mut [usize],
    tender: &Tender,
    bids: &Bids,
    values: &ModelValues,
    ranking: &mut Ranking,
    tied_with_next: &mut [bool],
    offset: usize,
) {
    // With no slack the integer keys are exact; otherwise compare rationals.
    let mut entries: Vec<(usize, Option<BigRational>)> = cluster
        .iter()
        .map(|&p| {
            let exact =
                (values.slack != 0).then(|| values.exact_key(tender, bids, values.ranked[p]));
            (p, exact)
        })
        .collect();
    // Exactly equal values keep file order (positions follow file order).
    entries.sort_by(|(a, x), (b, y)| match (x, y) {
        (Some(x), Some(y)) => x.cmp(y).then(a.cmp(b)),
        _ => values.keys[*a].cmp(&values.keys[*b]).then(a.cmp(b)),
    });
    let equal =
        |a: &(usize, Option<BigRational>), b: &(usize, Option<BigRational>)| match (&a.1, &b.1) {
            (Some(x), Some(y)) => x == y,
            _ => values.keys[a.0] == values.keys[b.0],
        };
    let mut start = 0;
    while start < entries.len() {
        let mut end = start + 1;
        while end < entries.len() && equal(&entries[start], &entries[end]) {
            end += 1;
        }
        for (slot, (p, _)) in cluster[start..end].iter_mut().zip(&entries[start..end]) {
            *slot = *p;
        }
        if end - start > 1 {
            let group = &mut cluster[start..end];
            let broken_by =
                break_ties(group, tender, bids, values, &mut tied_with_next[start..end]);
            ranking.ties.push(Tie {
                start: offset + start,
                end: offset + end,
                broken_by,
            });
        }
        start = end;
    }
}

/// Orders a group of exactly tied bids by the tender's tie-break rules
/// (stable, so full ties keep file order). Returns the rules that separated
/// at least two bids.
fn break_ties(
    group: &mut [usize],
    tender: &Tender,
    bids: &Bids,
    values: &ModelValues,
    tied_with_next: &mut [bool],
) -> Vec<String> {
    let bid = |p: usize| values.ranked[p];
    group.sort_by(|&a, &b| {
        tender
            .tie_break
            .iter()
            .map(|rule| compare_by_rule(rule, tender, bids, bid(a), bid(b)))
            .find(|o| o.is_ne())
            .unwrap_or(Ordering::Equal)
    });
    let mut used = Vec::new();
    for (pair, tied) in group.windows(2).zip(tied_with_next.iter_mut()) {
        *tied = true;
        if let Some(rule) = tender
            .tie_break
            .iter()
            .find(|rule| compare_by_rule(rule, tender, bids, bid(pair[0]), bid(pair[1])).is_ne())
        {
            *tied = false;
            let name = rule_name(rule, tender);
            if !used.contains(&name) {
                used.push(name);
            }
        }
    }
    used
}

fn compare_by_rule(rule: &TieBreak, tender: &Tender, bids: &Bids, a: usize, b: usize) -> Ordering {
    match rule {
        TieBreak::Criterion(c) => {
            let raw = bids.criteria[*c].raw();
            let ascending = raw[a].cmp(&raw[b]);
            if tender.criteria[*c].kind.lower_is_better() {
                ascending
            } else {
                ascending.reverse()
            }
        }
        TieBreak::SubmittedAt => match &bids.submitted_at {
            Some(times) => times[a].cmp(&times[b]),
            None => Ordering::Equal,
        },
    }
}

fn rule_name(rule: &TieBreak, tender: &Tender) -> String {
    match rule {
        TieBreak::Criterion(c) => tender.criteria[*c].id.clone(),
        TieBreak::SubmittedAt => "submitted_at".to_owned(),
    }
}

/// Competition ranks: tied bids share a rank, the next rank skips.
fn competition_ranks(tied_with_next: &[bool]) -> Vec<u32> {
    let mut ranks = Vec::with_capacity(tied_with_next.len());
    for i in 0..tied_with_next.len() {
        let rank = if i > 0 && tied_with_next[i - 1] {
            ranks[i - 1]
        } else {
            u32::try_from(i + 1).unwrap_or(u32::MAX)
        };
        ranks.push(rank);
    }
    ranks
}

/// Flags ties and near-ties and explains them in warnings.
pub(crate) fn explain_ties(
    tender: &Tender,
    bids: &Bids,
    values: &ModelValues,
    ranking: &Ranking,
    // Per bid index.
    flags: &mut [Flags],
    warnings: &mut Vec<Warning>,
) {
    if ranking.order.is_empty() {
        warnings.push(Warning {
            code: WarningCode::NoCompliantBid,
            message: "no bid is compliant and valued: there is no winner".to_owned(),
            bids: Vec::new(),
        });
        return;
    }
    let names = |range: &[usize]| {
        range
            .iter()
            .map(|&b| format!("{} ({})", bids.ids[b], bids.suppliers[b]))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let display = |i: usize| values.display_value(tender, bids, ranking.positions[i]);
    for tie in &ranking.ties {
        let members = &ranking.order[tie.start..tie.end];
        let value = display(tie.start);
        let shared: Vec<usize> = (tie.start..tie.end)
            .filter(|&i| {
                (i > tie.start && ranking.ranks[i] == ranking.ranks[i - 1])
                    || (i + 1 < tie.end && ranking.ranks[i] == ranking.ranks[i + 1])
            })
            .collect();
        for &i in &shared {
            flags[ranking.order[i]].insert(Flag::Tied);
        }
        if !tie.broken_by.is_empty() {
            for &bid in members {
                flags[bid].insert(Flag::TieBroken);
            }
            warnings.push(Warning {
                code: WarningCode::TieBroken,
                message: format!(
                    "bids {} have exactly equal values ({value}); ordered by the tender's tie_break: {}",
                    names(members),
                    tie.broken_by.join(", ")
                ),
                bids: members.to_vec(),
            });
        }
        let at_top: Vec<usize> = shared
            .iter()
            .filter(|&&i| ranking.ranks[i] == 1)
            .map(|&i| ranking.order[i])
            .collect();
        if at_top.len() > 1 {
            warnings.push(Warning {
                code: WarningCode::TieAtTop,
                message: format!(
                    "bids {} share the first rank with exactly equal values ({value}): there is no winner; add a tie_break rule to the tender or decide by a documented procedure",
                    names(&at_top)
                ),
                bids: at_top,
            });
        }
    }
    warn_near_ties(ranking, bids, &display, warnings);
}

/// Near-ties are looked for among the first this many ranks, where they matter.
const NEAR_TIE_RANKS: usize = 1_000;

/// Two neighbours with different exact values whose rounded values print the same.
fn warn_near_ties(
    ranking: &Ranking,
    bids: &Bids,
    display: &dyn Fn(usize) -> rust_decimal::Decimal,
    warnings: &mut Vec<Warning>,
) {
    let limit = ranking.order.len().min(NEAR_TIE_RANKS);
    // Exactly equal neighbours (a tie, broken or not) are not near-ties.
    let mut exactly_equal = vec![false; limit];
    for tie in &ranking.ties {
        let end = tie.end.min(limit);
        if tie.start + 1 < end {
            exactly_equal[tie.start + 1..end].fill(true);
        }
    }
    let mut previous = display(0);
    for (i, &equal) in exactly_equal.iter().enumerate().skip(1) {
        let current = display(i);
        if current == previous && !equal {
            let (a, b) = (ranking.order[i - 1], ranking.order[i]);
            warnings.push(Warning {
                code: WarningCode::NearTie,
                message: format!(
                    "bids {} (rank {}) and {} (rank {}) both show {current}, but their exact values differ by less than the displayed precision",
                    bids.ids[a], ranking.ranks[i - 1], bids.ids[b], ranking.ranks[i]
                ),
                bids: vec![a, b],
            });
        }
        previous = current;
    }
}

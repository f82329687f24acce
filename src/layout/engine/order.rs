//! Crossing minimisation: the order of the nodes within each layer.
//!
//! The scheme is Graphviz dot's `mincross` (Gansner et al. 1993, §3), which draws the fewest
//! crossings of the engines we measured, made cheaper and run more often:
//!
//! - Two search chains on two threads (one after the other on tiny graphs), handing work to each
//!   other every round; the second chain's thread (a [`Worker`]) is taken from an idle pool, or
//!   started before layering so that its start overlaps it, and goes back to the pool after the
//!   search; a job it has not taken when the first chain needs the result is run by the first
//!   chain's thread (same result). Initial orders: breadth-first from the sources
//!   (first chain) and from the sinks (second chain, dot's passes 0 and 1), following edges
//!   forward only, then (except on big graphs) both ways, cut early when they cannot catch up with
//!   the better of the first two; an order that repeats an earlier one is left out (told apart
//!   by their breadth-first visits before the search), so that the chains share the rest in
//!   pairs, and an order a chain has improved before is not improved again (it would run the
//!   same way). Then, on graphs small
//!   enough to afford it, iterated local search in rounds: each chain perturbs the best order so
//!   far (random swaps of nearby nodes, seeded by chain and round) and improves it again; the
//!   better result of the round (the first chain's on a tie) becomes the best if it is better,
//!   until some rounds in a row find nothing better (`PATIENCE`, fewer on bigger graphs, where
//!   each round costs more: `PATIENCE_WORK`). Last, on the same graphs, each chain
//!   improves one of dot's own initial orders (breadth-first from the sources, or sinks, met in a
//!   depth-first visit), cut early when it cannot catch up: kept apart so that it never steers the
//!   restarts. (When a single both-ways order is left, one of dot's runs beside it instead,
//!   before the restarts, bounded by the best before them.) The second chain's jobs queue and run
//!   in order; the first pair after the two first orders is posted with the first, before its
//!   bound is known (`Bound::Later`), and the first chain takes back what the second has not
//!   started when it needs it. Where sifting runs on one thread, it starts before the restarts
//!   (from the better of the best order and Graphviz's), which the second thread runs for both
//!   chains meanwhile (thrown away if one finds better).
//! - Each iteration sweeps the layers (alternately down and up), sorting every layer by the
//!   weighted median of its neighbours on the fixed layer, then runs *transpose* (swap adjacent
//!   nodes while that removes crossings; the crossing change of a swap is computed from the two
//!   nodes' edges only). Up to `max_sweeps` iterations; stop after 8 without a 0.5 % gain (3
//!   for a restart, which starts from an order already improved: `RESTART_QUIT`), or
//!   when an order comes back four iterations later (a cycle); keep the best order seen.
//! - The best order over all restarts is then improved by *sifting* (move each node, widest
//!   first, to its best position in its layer): up to four rounds within a work budget, until
//!   a round gains under 1 %; one round on big graphs. Where one round over whole layers would
//!   cost about a second, each node only tries the positions within 32 of its own, or 16 where
//!   that costs as much (`SIFT_REACH`; up to four rounds); none if even that is too much. A
//!   node's crossings with every other node of its window come from its edge profile (its edges
//!   sorted by the other end's position, with running weights); when sifting whole layers,
//!   where all of the other node's edges on a side end left or right of all of its own, from
//!   their weights alone (`Spans`).
//!   Nodes two or more layers apart are independent (a node's sifting reads only its own layer
//!   and the two next to it), so a round runs on two threads where that lets them overlap, with
//!   the result of one.
//! - Totals are counted with the Barth–Jünger–Mutzel accumulator tree in O(E log V) per layer pair.
//!
//! Clusters stay contiguous: every sort is done on the cluster tree (a cluster is one unit among
//! its parent's members, keyed by the mean of its members' keys), sibling clusters keep one
//! relative order on every layer (their *ranks*), and transpose and sifting never move a node
//! out of its cluster. Ranks are set after each initial order (keeping the order of every pair
//! of siblings that meet on a layer, breaking disagreements by mean position) and changed only
//! by restarts, every other one of which swaps two siblings that meet on some layer.
//! Ties are broken by position, and the random orders come from a fixed seed: the result is
//! deterministic.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};

use super::layered::{Layered, NodeKind};
use super::{NONE, Options};

/// Iterations without a 0.5 % improvement before the improvement of an initial order gives up.
const MIN_QUIT: u32 = 8;
/// The same for a restart: it starts from a perturbed copy of the best order, already improved,
/// and either finds a better one within a few iterations or not at all. With 3 instead of 8:
/// 22% fewer instructions on b102 of the Graphviz graphs, 9% on root, 12% on the 100-component
/// design; the same crossings on all of those, on the Graphviz, clustered and generated graphs
/// and on the examples, and North DAGs 3,067 instead of 3,054 (dot: 3,080). With 2, b29 draws
/// 3,937 (dot: 3,932) and the 1,000-node pipeline 6,365 instead of 6,273.
const RESTART_QUIT: u32 = 3;
/// Sifting work (nodes of a layer times the edges of that layer's nodes, summed over layers, per
/// round) spread over up to four rounds; one round at least.
const SIFT_BUDGET: u64 = 8_000_000;
/// Graphs whose one round of sifting whole layers would cost more than this (about a second) sift
/// within the widest reach of [`SIFT_REACH`] a round can afford, in up to four rounds as half
/// this budget allows; if even the last would cost more, they are not sifted.
const SIFT_LIMIT: u64 = 64_000_000;
/// How far a node may move in one step of sifting on graphs too big to sift whole layers: the
/// widest reach whose round costs no more than [`SIFT_LIMIT`]. Generated pipelines of 7,000 to
/// 14,000 nodes drew 1.4 % to 2.9 % fewer crossings within 32 positions than within 16 (the
/// 10,000-node benchmark graph 579,766 instead of 596,063), for up to a tenth more time; 48 and
/// 64 gave fewer rounds and more crossings than 32 there.
const SIFT_REACH: [usize; 2] = [32, 16];
/// Layered graphs with more nodes and edges than this get one deterministic pass and bounded
/// transpose rounds.
const BIG: usize = 30_000;
/// Layered graphs with fewer nodes and edges than this run both search chains on one thread.
const TINY: usize = 64;
/// Rounds of restarts in a row that find nothing better before the search stops, on graphs of
/// up to `PATIENCE_WORK / PATIENCE` nodes and edges (layered); bigger ones stop after
/// `PATIENCE_WORK / size` such rounds, one at least. On root of the Graphviz graphs (2,187) a
/// round costs about a ninth of the layout's instructions and three found nothing; with this
/// bound, b102 (1,911) stops after two, root after one (22% fewer instructions), and no
/// benchmark graph draws another crossing count (2,500 instead: North DAGs 3,059, not 3,054).
const PATIENCE: u32 = 3;
/// Work (rounds times nodes and edges of the layered graph) of the fruitless restart rounds in
/// a row that end the search ([`patience`]).
const PATIENCE_WORK: usize = 4_000;
/// Initial orders by number: breadth-first from the top (even) or the bottom (odd), following
/// edges forward only (0, 1) or both ways (2, 3), starting from the sources (or sinks) in index
/// order; or forward only, starting from them in depth-first order (4, 5: Graphviz's). Restart
/// seeds are numbered after the first four.
const INITIAL: u32 = 4;

/// Every initial order's number, as slices of one pass for [`Job::Initial`].
static PASSES: [u32; 6] = [0, 1, 2, 3, 4, 5];

/// Orders every layer of `lg` to minimise crossings; returns the final number of crossings.
///
/// The search runs as two chains, on two threads when one can be started (else one after the
/// other): each improves half of the initial orders; then, round by round, each perturbs the
/// best order so far with its own seed and improves it again, and the best result of the round
/// (the first chain's on a tie) becomes the best so far if it is better. The search stops after
/// a few rounds in a row that find nothing better (fewer on bigger graphs). Every round is a
/// fixed function of the best order it starts from, so the result never depends on timing.
pub fn minimise(lg: &mut Layered, options: &Options) -> u64 {
    minimise_with(lg, options, None)
}

/// [`minimise`] with the second chain's thread taken beforehand (see [`Worker`]), or `None` to
/// take one here if the graph is worth it.
pub fn minimise_with(lg: &mut Layered, options: &Options, worker: Option<Worker>) -> u64 {
    // A thread costs more than the whole search on tiny graphs, and a waiting chain spins, which
    // only pays with a second processor.
    if !worth_a_worker(lg.kind.len(), lg.down.adj.len()) {
        if let Some(worker) = worker {
            worker.release();
        }
        return search(lg, options, None);
    }
    search(lg, options, worker.or_else(Worker::start))
}

/// Whether a graph of `nodes` nodes and `edges` edges is worth a [`Worker`]. Asked of the input
/// graph before it is layered (its layered graph has as many nodes or more, and as many edges or
/// more but for self-loops), and again by [`minimise_with`] of the layered graph, which releases
/// the worker unused if that turns out too small.
#[must_use]
pub fn worth_a_worker(nodes: usize, edges: usize) -> bool {
    nodes + edges >= TINY && two_processors()
}

/// Whether this process may run on two processors or more. Asked once: the answer reads the
/// scheduler's affinity and the control group's quota, which cost more than a small layout.
fn two_processors() -> bool {
    static TWO: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *TWO.get_or_init(|| std::thread::available_parallelism().is_ok_and(|n| n.get() >= 2))
}

/// [`minimise`], with the second chain's jobs run by the worker's thread (or here, when it has not
/// taken them in time) or, without a worker, here (same result).
fn search(lg: &mut Layered, options: &Options, worker: Option<Worker>) -> u64 {
    if lg.layers.len() < 2 {
        if let Some(worker) = worker {
            worker.release();
        }
        normalise_clusters(lg);
        return 0;
    }
    let total_nodes = lg.kind.len();
    let size = total_nodes + lg.down.adj.len();
    let restarts = restarts_for(size, options);
    // On big graphs one pass per chain already takes most of the time budget.
    let big = size > BIG;
    let mut ours = Chain::new(std::mem::take(lg), 0);
    let theirs = Box::new(Chain::new(ours.lg.clone(), 1));
    let mut other = match worker {
        Some(worker) => {
            worker.slot.lock().unwrap_or_else(std::sync::PoisonError::into_inner).chain = Some((theirs, *options));
            Other::Thread(worker, 0, 0, Vec::new())
        }
        None => Other::Here(theirs, options, std::collections::VecDeque::new()),
    };
    // Breadth-first orders from the top and the bottom following edges forward, then (except on big
    // graphs) both ways, bounded by the better of the first two: a pass still more than a fifth
    // worse after three iterations is given up. (Each chain once bounded its second pass by its
    // own first: on the 100-component design the bottom-up pass then ran its full length while
    // the top-down one, far better, ran alone; same crossings on every benchmark graph.)
    other.send(Job::Initial(&PASSES[1..2], u64::MAX, 6));
    // The later initial orders that differ from the first two and from each other, found while
    // the other chain improves its first: both-ways (except on big graphs), then Graphviz's own
    // (where the work budget affords restarts). Repeats are left out so that the two chains
    // share the rest in pairs: on b102 of the Graphviz graphs, the three bottom-up orders are
    // one, and a chain used to wait for the other through two passes.
    let (both, dots) =
        ours.distinct(if big { &[] } else { &PASSES[2..4] }, if restarts > 0 { &PASSES[4..6] } else { &[] });
    // Graphviz's orders (breadth-first from the sources, or the sinks, in the order a
    // depth-first visit meets them) are cut earlier and kept apart (`theirs`), so that they never
    // steer the restarts. They run after the restarts, bounded by the best after them, except
    // that when a single both-ways order is left, the first of them runs beside it (else the
    // other chain would wait).
    let (early, late) = if both.len() == 1 { dots.split_at(dots.len().min(1)) } else { (&[][..], &dots[..]) };
    let early: Vec<u32> = both.iter().chain(early).copied().collect();
    // The first pair of those is posted to the other chain now, its second order first, to start
    // as soon as the other chain's first order is done, bounded by the better of the two first
    // ones, which is sent when ours is done ([`Bound::Later`]). What the other chain has not
    // started by then, ours takes (see [`first_pair`]).
    let pair = &early[..early.len().min(2)];
    let bounds: Vec<_> = pair
        .iter()
        .rev()
        .map(|&pass| {
            let (bound, count) = std::sync::mpsc::channel();
            other.send(Job::Ahead(pass, count));
            bound
        })
        .collect();
    let mine = ours.initial(options, &PASSES[0..1], Bound::Now(u64::MAX), 6);
    let mut best = (u64::MAX, Vec::new());
    keep_better(&mut best, mine, &ours, other.receive());
    for bound in &bounds {
        // Fails only if the job is over or taken by ours.
        let _ = bound.send(best.0);
    }
    let mut theirs = (u64::MAX, Vec::new());
    if !pair.is_empty() {
        let taken = other.steal();
        first_pair(&mut ours, &mut other, options, (&mut best, &mut theirs), pair, taken);
    }
    improve_pairs(&mut ours, &mut other, options, (&mut best, &mut theirs), &early[pair.len()..]);
    let mut stale = 0;
    let patience = patience(size);
    let mut first = 0;
    // Whether sifting will run on this thread alone (decided by the layers' nodes and their
    // edges, not by their order, so once for the whole search).
    let alone = best.0 > 0 && matches!(other, Other::Thread(..)) && sifts_alone(&ours.lg);
    // Where sifting will run on this thread alone and costs a millisecond or more, it starts
    // before the restarts: the other thread runs both chains' restarts of the rounds that end
    // the search if they find nothing better (a restart gives the same on either thread, seeded
    // by the chain it stands for), then improves Graphviz's late orders, each bounded as a pair
    // of them on the two chains would be, while the best order is sifted here. If the restarts
    // find nothing better (root of the Graphviz graphs), that is the result, or Graphviz's order
    // sifted if one of them turns out better, as it would have been; if they find a better
    // order, the search goes on from it as it would have.
    if alone {
        let rounds = u64::from(patience.min(restarts));
        for round in 0..rounds {
            for chain in [1, 0] {
                other.send(Job::Restart(best.1.clone(), best.0, round, chain));
            }
        }
        if !late.is_empty() {
            other.send(Job::Apart(late.to_vec(), best.0));
        }
        // The order the search would sift if the restarts find nothing better.
        let from = sifted_at_the_end(&best, &theirs);
        let mut sifting = ours.lg.clone();
        let sifted = (from.0, sift_into(&mut sifting, from));
        let mut better = None;
        for round in 0..rounds {
            let (theirs, mine) = (other.receive(), other.receive());
            // Ours on a tie, as in `keep_better`.
            let round_best = if theirs.0 < mine.0 { theirs } else { mine };
            if better.is_none() && round_best.0 < best.0 {
                best = round_best;
                better = Some(round);
            }
        }
        let apart = (!late.is_empty()).then(|| other.receive());
        match better {
            Some(round) => first = round + 1,
            None => {
                other.release();
                *lg = sifting;
                return sifted_or_late(lg, sifted, apart);
            }
        }
    }
    for round in first..u64::from(restarts) {
        if best.0 == 0 || stale >= patience {
            break;
        }
        other.send(Job::Restart(best.1.clone(), best.0, round, 1));
        let mine = ours.restart(options, &best.1, best.0, round, ours.id);
        if keep_better(&mut best, mine, &ours, other.receive()) {
            stale = 0;
        } else {
            stale += 1;
        }
    }
    // Where sifting will run on this thread alone (and the restarts beside the first sifting
    // found a better order, see above), the other chain improves Graphviz's late orders
    // meanwhile, both of them, each bounded as a pair of
    // them on the two chains would be (so with the same result), and the best is sifted here;
    // in the rare case that one of Graphviz's orders turns out better, that one is sifted
    // instead, as it would have been.
    if alone && best.0 > 0 && !late.is_empty() {
        other.send(Job::Apart(late.to_vec(), best.0));
        let from = sifted_at_the_end(&best, &theirs);
        *lg = ours.lg;
        let sifted = (from.0, sift_into(lg, from));
        let result = other.receive();
        other.release();
        return sifted_or_late(lg, sifted, Some(result));
    }
    improve_pairs(&mut ours, &mut other, options, (&mut best, &mut theirs), late);
    other.release();
    *lg = ours.lg;
    sift_into(lg, sifted_at_the_end(&best, &theirs))
}

/// Crossings and order of the best order found so far.
type Best = (u64, Vec<Vec<u32>>);

/// The order a search sifts at its end: the best one, or Graphviz's best if that is better.
fn sifted_at_the_end<'a>(best: &'a Best, theirs: &'a Best) -> &'a Best {
    if theirs.0 < best.0 { theirs } else { best }
}

/// Puts `order` into `lg` and sifts it ([`sift`]); returns its crossings.
fn sift_into(lg: &mut Layered, order: &Best) -> u64 {
    lg.layers.clone_from(&order.1);
    lg.index_positions();
    sift(lg, order.0)
}

/// The end of a search whose best order, or Graphviz's if better, has been sifted into `lg`
/// (from `sifted.0` crossings to `sifted.1`) while Graphviz's late orders were improved apart
/// on the other chain (`late`): if the better of those is better than the order sifted, it is
/// sifted instead, as it would have been; returns the crossings of the order left in `lg`.
fn sifted_or_late(lg: &mut Layered, sifted: (u64, u64), late: Option<Best>) -> u64 {
    match late {
        Some(late) if late.0 < sifted.0 => sift_into(lg, &late),
        _ => sifted.1,
    }
}

/// Improves initial orders `passes` (numbered as for [`INITIAL`]) two at a time, the first of a
/// pair on our chain, each bounded by the first of `best` (breadth-first orders and restarts);
/// Graphviz's own (4 and 5) with less slack and kept in the second of `best`, the others in the
/// first.
fn improve_pairs(ours: &mut Chain, other: &mut Other, options: &Options, best: (&mut Best, &mut Best), passes: &[u32]) {
    let (best, theirs) = best;
    for pair in passes.chunks(2) {
        if best.0 == 0 {
            break;
        }
        let bound = best.0;
        let second = pair.get(1).map(|&pass| {
            other.send(Job::Initial(&PASSES[pass as usize..=pass as usize], bound, slack(pass)));
            pass
        });
        let first = pair[0];
        let mine = ours.initial(options, &PASSES[first as usize..=first as usize], Bound::Now(bound), slack(first));
        keep_better(if first >= INITIAL { &mut *theirs } else { &mut *best }, mine, ours, (u64::MAX, Vec::new()));
        if let Some(pass) = second {
            let result = other.receive();
            keep_better(if pass >= INITIAL { &mut *theirs } else { &mut *best }, u64::MAX, ours, result);
        }
    }
}

/// [`improve_pairs`] of a first pair of initial orders (one or two) posted to the other chain
/// beforehand as [`Job::Ahead`], its second first, their bound sent. The pair's first, if the
/// other chain has not started it (`taken` back, see [`Other::steal`]), is improved by ours
/// instead (a pass gives the same on either chain). On b102 of the Graphviz graphs the other chain's first order is done 1.5 ms before
/// ours and improves the pair's second meanwhile, and ours the first; on root ours takes 1.4 ms
/// longer and the other chain improves both.
fn first_pair(
    ours: &mut Chain,
    other: &mut Other,
    options: &Options,
    best: (&mut Best, &mut Best),
    pair: &[u32],
    taken: Option<Job>,
) {
    let (best, theirs) = best;
    let bound = best.0;
    let first = pair[0];
    fn into<'a>(pass: u32, best: &'a mut Best, theirs: &'a mut Best) -> &'a mut Best {
        if pass >= INITIAL { theirs } else { best }
    }
    // The second's result comes first when the other chain improves both.
    let second = match taken {
        Some(_) if bound == 0 => (pair.len() == 2).then(|| other.receive()),
        Some(_) => {
            let mine = ours.initial(options, &PASSES[first as usize..=first as usize], Bound::Now(bound), slack(first));
            keep_better(into(first, best, theirs), mine, ours, (u64::MAX, Vec::new()));
            (pair.len() == 2).then(|| other.receive())
        }
        None => {
            let second = (pair.len() == 2).then(|| other.receive());
            let result = other.receive();
            keep_better(into(first, best, theirs), u64::MAX, ours, result);
            second
        }
    };
    if let Some(result) = second {
        keep_better(into(pair[1], best, theirs), u64::MAX, ours, result);
    }
}

/// The slack (in fifths of the bound) of an initial order's improvement: less for Graphviz's own
/// orders, which run last, bounded by the best of all the others.
fn slack(pass: u32) -> u64 {
    if pass >= INITIAL { 5 } else { 6 }
}

/// Makes the better of one step's two results (ours with `mine` crossings, left in `ours`, and
/// theirs; ours on a tie) the best if it has fewer crossings; returns whether it had.
fn keep_better(best: &mut (u64, Vec<Vec<u32>>), mine: u64, ours: &Chain, theirs: (u64, Vec<Vec<u32>>)) -> bool {
    let (count, order) = theirs;
    if count.min(mine) >= best.0 {
        return false;
    }
    *best = if count < mine { (count, order) } else { (mine, ours.lg.layers.clone()) };
    true
}

/// Work for a search chain: improve initial orders, or one restart from the given best order
/// (with that order's crossings and the round number).
enum Job {
    Initial(&'static [u32], u64, u64),
    /// A restart from the given order with its crossings, in the given round, for the given
    /// chain ([`Chain::restart`]).
    Restart(Vec<Vec<u32>>, u64, u64, u64),
    /// Initial orders each bounded by the given count alone ([`Chain::apart`]).
    Apart(Vec<u32>, u64),
    /// One initial order, bounded by a count sent later, which is no more than the result of
    /// the chain's first job.
    Ahead(u32, std::sync::mpsc::Receiver<u64>),
}

/// A thread for the second search chain. The chain and each job are posted in a shared slot;
/// whichever thread takes a job runs it on the chain (same result on either: a chain's work
/// depends only on its jobs), so that a worker thread that is late to start or to wake never
/// holds the search up: the caller runs the job itself once its own is done.
///
/// The thread outlives the layout: a `Worker` is given back to an idle pool of one at the end
/// of the search ([`Worker::release`]), and the next layout takes it from there (repeated
/// layouts, as in `mlsd watch`, skip the thread's start: a tenth of a millisecond on a virtual
/// machine here, and a few milliseconds in one start of twenty, against a twentieth for waking
/// an idle thread). A new thread is started when the pool is empty (the first layout, or layouts
/// on several threads at once). It is never joined: it ends by itself when its `Worker` is
/// dropped instead of released (a full pool, or a panic).
pub struct Worker {
    slot: std::sync::Arc<Mutex<Slot>>,
    /// `true` for a job posted (a thread that finds it taken waits for the next), `false` for
    /// the end of a layout (the thread then blocks instead of spinning).
    wake: std::sync::mpsc::Sender<bool>,
    results: std::sync::mpsc::Receiver<(u64, Vec<Vec<u32>>)>,
    thread: std::thread::JoinHandle<()>,
}

/// The idle worker, if any.
static IDLE: Mutex<Option<Worker>> = Mutex::new(None);

/// The second chain with its options while no thread runs it, and the jobs waiting for a
/// thread, numbered in the order they were posted (the chain runs them in that order).
#[derive(Default)]
struct Slot {
    chain: Option<(Box<Chain>, Options)>,
    jobs: std::collections::VecDeque<(u64, Job)>,
}

impl Slot {
    /// The first job posted and not taken, with the chain to run it on, if it is job `only`
    /// (any job with `None`) and no thread runs the chain.
    fn take(slot: &Mutex<Slot>, only: Option<u64>) -> Option<(Box<Chain>, Options, Job)> {
        let mut slot = slot.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let &(number, _) = slot.jobs.front()?;
        if only.is_some_and(|only| only != number) || slot.chain.is_none() {
            return None;
        }
        let (_, job) = slot.jobs.pop_front()?;
        let (chain, options) = slot.chain.take()?;
        Some((chain, options, job))
    }

    /// Runs a job taken with [`Slot::take`] and puts the chain back.
    fn run(slot: &Mutex<Slot>, (mut chain, options, job): (Box<Chain>, Options, Job)) -> (u64, Vec<Vec<u32>>) {
        let result = chain.run(&options, job);
        slot.lock().unwrap_or_else(std::sync::PoisonError::into_inner).chain = Some((chain, options));
        result
    }
}

impl Worker {
    /// The idle worker, or a new thread; `None` if none can start.
    #[must_use]
    pub fn start() -> Option<Worker> {
        let idle = IDLE.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take();
        match idle {
            Some(worker) if !worker.thread.is_finished() => {
                // Woken now (it finds no job and spins for one), so that its waking overlaps
                // layering too.
                let _ = worker.wake.send(true);
                Some(worker)
            }
            _ => Worker::spawn(),
        }
    }

    fn spawn() -> Option<Worker> {
        let slot = std::sync::Arc::new(Mutex::new(Slot::default()));
        let (wake, inbox) = std::sync::mpsc::channel::<bool>();
        let (outbox, results) = std::sync::mpsc::channel();
        let theirs = std::sync::Arc::clone(&slot);
        let thread = std::thread::Builder::new()
            .name("mlsd-order".into())
            .spawn(move || {
                let mut busy = true;
                // Spins for the next job during a layout, blocks between layouts.
                'wake: while let Some(job) = if busy { wait(&inbox) } else { inbox.recv().ok() } {
                    busy = job;
                    // The chain is back in the slot before the result is sent. Jobs posted
                    // meanwhile are run next (their wake-ups then find nothing to take).
                    while let Some(taken) = if busy { Slot::take(&theirs, None) } else { None } {
                        if outbox.send(Slot::run(&theirs, taken)).is_err() {
                            break 'wake;
                        }
                    }
                }
            })
            .ok()?;
        Some(Worker { slot, wake, results, thread })
    }

    /// Gives the worker back to the idle pool, without this layout's chain; the thread stops
    /// spinning. If the pool is full, the worker is dropped and its thread ends.
    pub fn release(self) {
        let mut slot = self.slot.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        slot.chain = None;
        slot.jobs.clear();
        drop(slot);
        if self.wake.send(false).is_ok() {
            let mut idle = IDLE.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            if idle.is_none() {
                *idle = Some(self);
            }
        }
    }
}

/// The second search chain: shared with a worker's thread, or run here (same results: a chain's
/// work depends only on its jobs).
enum Other<'a> {
    /// The worker, with the numbers of the next job to post and of the next result to receive,
    /// and those of the jobs taken back.
    Thread(Worker, u64, u64, Vec<u64>),
    /// The chain and the jobs posted, run when their results are asked for.
    Here(Box<Chain>, &'a Options, std::collections::VecDeque<Job>),
}

impl Other<'_> {
    fn send(&mut self, job: Job) {
        match self {
            Other::Thread(worker, posted, ..) => {
                let mut slot = worker.slot.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                slot.jobs.push_back((*posted, job));
                drop(slot);
                *posted += 1;
                // A send fails only if the thread is gone (it panicked, losing the chain): then
                // `receive` reports nothing better.
                let _ = worker.wake.send(true);
            }
            Other::Here(_, _, jobs) => jobs.push_back(job),
        }
    }

    /// Gives a worker back to the idle pool (see [`Worker::release`]).
    fn release(self) {
        if let Other::Thread(worker, ..) = self {
            worker.release();
        }
    }

    /// The last job posted, if it is a [`Job::Ahead`] no thread has taken (its result is then
    /// never received).
    fn steal(&mut self) -> Option<Job> {
        match self {
            Other::Thread(worker, _, _, taken) => {
                let mut slot = worker.slot.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                if !matches!(slot.jobs.back(), Some((_, Job::Ahead(..)))) {
                    return None;
                }
                let (number, job) = slot.jobs.pop_back()?;
                taken.push(number);
                Some(job)
            }
            Other::Here(_, _, jobs) => {
                if matches!(jobs.back(), Some(Job::Ahead(..))) {
                    jobs.pop_back()
                } else {
                    None
                }
            }
        }
    }

    /// The result of the first job posted whose result has not been received.
    fn receive(&mut self) -> (u64, Vec<Vec<u32>>) {
        let got = match self {
            Other::Thread(worker, _, received, taken) => {
                while taken.contains(received) {
                    *received += 1;
                }
                let next = *received;
                *received += 1;
                // Every job before has been received, so this one is the first not taken, or the
                // one the thread runs.
                match Slot::take(&worker.slot, Some(next)) {
                    // Not taken yet: run it here rather than wait for the thread.
                    Some(taken) => Some(Slot::run(&worker.slot, taken)),
                    None => wait(&worker.results),
                }
            }
            Other::Here(chain, options, jobs) => jobs.pop_front().map(|job| chain.run(options, job)),
        };
        // Without a result (the thread died with the chain), the chain offers nothing better.
        got.unwrap_or((u64::MAX, Vec::new()))
    }
}

/// The next message, spinning for up to a millisecond before blocking: the two chains hand work
/// to each other every round, and waking a blocked thread can cost a tenth of a millisecond.
fn wait<T>(from: &std::sync::mpsc::Receiver<T>) -> Option<T> {
    let start = std::time::Instant::now();
    loop {
        for _ in 0..64 {
            match from.try_recv() {
                Ok(message) => return Some(message),
                Err(std::sync::mpsc::TryRecvError::Disconnected) => return None,
                Err(std::sync::mpsc::TryRecvError::Empty) => std::hint::spin_loop(),
            }
        }
        if start.elapsed() > std::time::Duration::from_millis(1) {
            return from.recv().ok();
        }
    }
}

/// One search chain: its copy of the layered graph and its scratch state.
struct Chain {
    lg: Layered,
    state: State,
    id: u64,
    /// The initial orders this chain has improved (as improvement started from them).
    started: Vec<Vec<Vec<u32>>>,
    /// The result of the first job run.
    first: Option<u64>,
}

impl Chain {
    fn new(lg: Layered, id: u64) -> Chain {
        Chain { state: State::new(&lg), lg, id, started: Vec::new(), first: None }
    }

    fn run(&mut self, options: &Options, job: Job) -> (u64, Vec<Vec<u32>>) {
        let count = match job {
            Job::Initial(passes, bound, slack) => self.initial(options, passes, Bound::Now(bound), slack),
            Job::Ahead(pass, count) => self.initial(
                options,
                &PASSES[pass as usize..=pass as usize],
                Bound::Later(self.first.unwrap_or(u64::MAX), count),
                slack(pass),
            ),
            Job::Apart(passes, bound) => self.apart(options, &passes, bound),
            Job::Restart(from, bound, round, id) => self.restart(options, &from, bound, round, id),
        };
        self.first.get_or_insert(count);
        (count, self.lg.layers.clone())
    }

    /// Improves each initial order (numbered as for [`INITIAL`]), each given up early when it is
    /// still worse than `slack` fifths of `bound` (or of the best of them) after three
    /// iterations; leaves the best in `lg` and returns its crossings. An order this chain has
    /// improved before is skipped; if all are, `lg` keeps the last, unimproved, and the result
    /// is `u64::MAX`. (Every call has one pass but the first, which nothing precedes: skipping
    /// an earlier call's order within a call of several passes would loosen the bound of the
    /// passes after it, and so could change the result.)
    fn initial(&mut self, options: &Options, passes: &[u32], bound: Bound, slack: u64) -> u64 {
        let mut best = u64::MAX;
        let mut best_order = Vec::new();
        // A bound still to come bounds a single pass.
        let (bound, mut later) = match bound {
            Bound::Now(bound) => (bound, None),
            Bound::Later(at_most, count) => (at_most, Some(count)),
        };
        debug_assert!(later.is_none() || passes.len() == 1);
        for &pass in passes {
            self.start(pass);
            let lg = &mut self.lg;
            // An order this chain has improved before runs the same way again and stops no later
            // (its bound is no looser), so it cannot do better: on b102, bottom-up breadth-first
            // orders following edges both ways or forward only, and Graphviz's, are one order.
            if self.started.contains(&lg.layers) {
                continue;
            }
            self.started.push(lg.layers.clone());
            let bound = match later.take() {
                Some(count) => Bound::Later(bound, count),
                None => Bound::Now(best.min(bound)),
            };
            let crossings = improve(lg, &mut self.state, options, bound, slack, MIN_QUIT);
            if crossings < best {
                best = crossings;
                best_order.clone_from(&lg.layers);
            }
            if best == 0 {
                break;
            }
        }
        // With every order skipped, `lg` keeps the last one (unimproved; never taken as better).
        if best < u64::MAX {
            self.lg.layers = best_order;
        }
        self.lg.index_positions();
        best
    }

    /// Improves each initial order of `passes` bounded by `bound` alone (not by the others'
    /// results, as when they run in pairs on the two chains, [`improve_pairs`]); leaves the best
    /// (the first of a tie) in `lg` and returns its crossings, `u64::MAX` if every order was
    /// skipped (see [`Chain::initial`]).
    fn apart(&mut self, options: &Options, passes: &[u32], bound: u64) -> u64 {
        // Orders improved here are not remembered as improved (`started`): if the restarts
        // beside sifting find a better order, this result is thrown away and the search improves
        // them again later, bounded by the new best, as it would have.
        let known = self.started.len();
        let mut best = (u64::MAX, Vec::new());
        for &pass in passes {
            let count = self.initial(options, &PASSES[pass as usize..=pass as usize], Bound::Now(bound), slack(pass));
            if count < best.0 {
                best = (count, self.lg.layers.clone());
            }
        }
        if best.0 < u64::MAX {
            self.lg.layers = best.1;
            self.lg.index_positions();
        }
        self.started.truncate(known);
        best.0
    }

    /// The passes of `both` and of `dots` (numbered as for [`INITIAL`]) whose initial orders
    /// differ from those of passes 0 and 1 and from every pass listed before them. Orders are
    /// told apart by their breadth-first visits ([`breadth_first_sequence`]): without clusters
    /// by the order each visit gives each layer (which is the initial order), with clusters by
    /// the whole visit (the same visit gives the same order; two visits that give one order are
    /// then both kept, and a chain still skips an order it has improved before).
    fn distinct(&self, both: &[u32], dots: &[u32]) -> (Vec<u32>, Vec<u32>) {
        let lg = &self.lg;
        let mut seen: Vec<Vec<u32>> = Vec::new();
        let mut kept = (Vec::new(), Vec::new());
        if both.is_empty() && dots.is_empty() {
            return kept;
        }
        for &pass in [0, 1].iter().chain(both).chain(dots) {
            let (from_top, both_ways, depth_first) = visit_of(pass);
            let mut seq = breadth_first_sequence(lg, from_top, both_ways, depth_first);
            if lg.cluster_parent.is_empty() {
                let mut order = Vec::with_capacity(seq.len());
                for layer in &lg.layers {
                    let from = order.len();
                    order.extend_from_slice(layer);
                    order[from..].sort_unstable_by_key(|v| seq[*v as usize]);
                }
                seq = order;
            }
            if !seen.contains(&seq) {
                seen.push(seq);
                if both.contains(&pass) {
                    kept.0.push(pass);
                } else if dots.contains(&pass) {
                    kept.1.push(pass);
                }
            }
        }
        kept
    }

    /// Sets `lg` to initial order `pass` (numbered as for [`INITIAL`]), with sibling clusters
    /// ranked by it and kept in that rank order.
    fn start(&mut self, pass: u32) {
        let lg = &mut self.lg;
        let (from_top, both, depth_first) = visit_of(pass);
        breadth_first_order(lg, from_top, both, depth_first);
        if !lg.cluster_parent.is_empty() && self.state.reset_cluster_ranks(lg) {
            reapply_cluster_ranks(lg, &mut self.state);
        }
    }

    /// Iterated local search: perturbs `from` (random swaps of nearby nodes, seeded by chain
    /// `chain` and round; every other round also swaps two sibling clusters that meet on some
    /// layer) and improves it again; leaves the result in `lg` and returns its crossings. The
    /// result depends on the arguments alone, not on which chain runs it.
    fn restart(&mut self, options: &Options, from: &[Vec<u32>], bound: u64, round: u64, chain: u64) -> u64 {
        let lg = &mut self.lg;
        lg.layers.clone_from_slice(from);
        lg.index_positions();
        perturb(lg, (2 * round + chain + u64::from(INITIAL)).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        if !lg.cluster_parent.is_empty() {
            let state = &mut self.state;
            let mut resort = state.reset_cluster_ranks(lg);
            // Sweeps keep the cluster order they are given, so restarts explore cluster orders.
            if round % 2 == 1 && !state.adjacent_clusters.is_empty() {
                let pick = ((2 * round + chain).wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize;
                let (a, b) = state.adjacent_clusters[pick % state.adjacent_clusters.len()];
                state.cluster_rank.swap(a as usize, b as usize);
                resort = true;
            }
            if resort {
                reapply_cluster_ranks(lg, state);
            }
        }
        improve(lg, &mut self.state, options, Bound::Now(bound), 6, RESTART_QUIT)
    }
}

/// Rounds of iterated-local-search restarts (one restart per chain each): `options.restarts`
/// at most, and no more than a fixed budget of work (rounds times the size of the layered graph)
/// allows, so small graphs get many and big ones none (the initial passes already cost most of
/// their time). The search also stops after [`patience`] rounds in a row that find nothing better.
fn restarts_for(size: usize, options: &Options) -> u32 {
    const BUDGET: usize = 10_000;
    if size > BIG { 0 } else { options.restarts.min((BUDGET / size.max(1)) as u32) }
}

/// Rounds of restarts in a row that may find nothing better before the search stops, on a
/// layered graph of `size` nodes and edges: `PATIENCE`, fewer on bigger graphs.
fn patience(size: usize) -> u32 {
    (PATIENCE_WORK / size.max(1)).clamp(1, PATIENCE as usize) as u32
}

/// Per-run scratch state.
struct State {
    /// Rank of every cluster among its siblings (one order on every layer).
    cluster_rank: Vec<u32>,
    /// Pairs of sibling clusters side by side on some layer (left, right), from the last ranking.
    adjacent_clusters: Vec<(u32, u32)>,
    structure: Structure,
    count: CountScratch,
    dirty: Dirty,
    best_layers: Vec<Vec<u32>>,
    /// The orders after the last four iterations of [`improve`] (to detect cycles).
    previous: Vec<Vec<Vec<u32>>>,
    fixed: Vec<usize>,
    layer_keys: Vec<f64>,
    ordered: Vec<u32>,
    keys: Vec<f64>,
    scratch: Vec<u32>,
}

impl State {
    fn new(lg: &Layered) -> State {
        State {
            cluster_rank: vec![0; lg.cluster_parent.len()],
            adjacent_clusters: Vec::new(),
            structure: Structure::default(),
            count: CountScratch::new(lg),
            dirty: Dirty::default(),
            best_layers: Vec::new(),
            previous: Vec::new(),
            fixed: Vec::new(),
            layer_keys: Vec::new(),
            ordered: Vec::new(),
            keys: vec![0.0; lg.kind.len()],
            scratch: Vec::new(),
        }
    }

    /// Ranks sibling clusters so that the current order is kept wherever the layers agree on it:
    /// a cluster comes after every sibling that lies left of it on a shared layer. Clusters that
    /// share no layer, and the first of a disagreement (a cycle, as after the breadth-first
    /// initial orders), are ranked by their mean relative position over the layers they span.
    /// Returns whether the layers disagreed, that is whether they must be re-sorted to follow the
    /// new ranks (otherwise they already do).
    fn reset_cluster_ranks(&mut self, lg: &Layered) -> bool {
        let k = lg.cluster_parent.len();
        if k == 0 {
            return false;
        }
        let mut mean = vec![0.0; k];
        for (c, borders) in lg.borders.iter().enumerate() {
            let mut sum = 0.0;
            for &(l, _) in borders {
                let layer = lg.layer[l as usize] as usize;
                sum += f64::from(lg.pos[l as usize]) / lg.layers[layer].len().max(1) as f64;
            }
            mean[c] = if borders.is_empty() { 0.0 } else { sum / borders.len() as f64 };
        }
        // Precedence between siblings: consecutive left borders of one parent on a layer.
        // `last[parent]`: the layer and the sibling last seen on it (the root is slot `k`).
        let mut before: Vec<(u32, u32)> = Vec::new();
        let mut last = vec![(usize::MAX, NONE); k + 1];
        for (l, layer) in lg.layers.iter().enumerate() {
            for &v in layer {
                if let NodeKind::Border { cluster, right: false } = lg.kind[v as usize] {
                    let p = lg.cluster_parent[cluster as usize];
                    let slot = &mut last[if p == NONE { k } else { p as usize }];
                    if slot.0 == l {
                        before.push((slot.1, cluster));
                    }
                    *slot = (l, cluster);
                }
            }
        }
        before.sort_unstable();
        before.dedup();
        self.adjacent_clusters.clone_from(&before);
        let mut indegree = vec![0u32; k];
        let mut after: Vec<Vec<u32>> = vec![Vec::new(); k];
        for &(a, b) in &before {
            indegree[b as usize] += 1;
            after[a as usize].push(b);
        }
        // Kahn's algorithm, smallest (parent, mean, id) first; a cycle is broken at its smallest.
        // Means are non-negative, so their bit patterns order like their values.
        let key = |c: u32| Reverse((lg.cluster_parent[c as usize], mean[c as usize].to_bits(), c));
        let mut ready: BinaryHeap<_> = (0..k as u32).filter(|c| indegree[*c as usize] == 0).map(key).collect();
        let mut rest: BinaryHeap<_> = (0..k as u32).map(key).collect();
        let mut done = vec![false; k];
        let mut rank = 0;
        let mut disagreed = false;
        while rank < k as u32 {
            let (pick, forced) = match ready.pop() {
                Some(Reverse((_, _, c))) => (c, false),
                None => match rest.pop() {
                    Some(Reverse((_, _, c))) => (c, true),
                    None => break,
                },
            };
            if done[pick as usize] {
                continue;
            }
            disagreed |= forced;
            done[pick as usize] = true;
            self.cluster_rank[pick as usize] = rank;
            rank += 1;
            for &b in &after[pick as usize] {
                let d = &mut indegree[b as usize];
                *d = d.saturating_sub(1);
                if *d == 0 && !done[b as usize] {
                    ready.push(key(b));
                }
            }
        }
        disagreed
    }
}

/// The best count found elsewhere, which bounds an improvement ([`improve`]): known, or to be
/// sent by the other chain, no more than a count known now.
enum Bound {
    Now(u64),
    Later(u64, std::sync::mpsc::Receiver<u64>),
}

/// Median sweeps with transpose from the current order; leaves the best order found in `lg`
/// and returns its crossings. `bound` is the best count found elsewhere: a run still worse than
/// `slack` fifths of it after three iterations stops, and so does one that has gone `quit`
/// iterations without a 0.5 % gain.
///
/// The bound is read once, after the third iteration: the best count only falls, so a run that
/// goes on then would go on at every later check. A bound still to come when the run gets
/// there, and not decided by the count it is known to be under, lets the run go on with the
/// best order of that moment kept aside; once the bound comes (at the latest when the run ends),
/// a run that should have stopped there returns the order kept aside. The result is the same as
/// with the bound known from the start.
fn improve(lg: &mut Layered, state: &mut State, options: &Options, bound: Bound, slack: u64, quit: u32) -> u64 {
    lg.index_positions();
    let big = lg.kind.len() + lg.down.adj.len() > BIG;
    transpose(lg, false, big, &mut state.dirty);
    let mut best = count_with(lg, &mut state.count);
    let mut best_order = std::mem::take(&mut state.best_layers);
    best_order.clone_from(&lg.layers);
    let mut trying = 0;
    let stops = |best: u64, bound: u64| best.saturating_mul(5) > bound.saturating_mul(slack);
    // The best count and order after the third iteration while a bound still to come decides
    // whether the run should have stopped there.
    let mut aside: Option<(u64, Vec<Vec<u32>>)> = None;
    // The orders after the last four iterations, by iteration modulo 4.
    let mut previous = std::mem::take(&mut state.previous);
    previous.resize_with(4, Vec::new);
    for iter in 0..options.max_sweeps {
        if best == 0 {
            break;
        }
        step(lg, state, iter, big);
        let c = count_with(lg, &mut state.count);
        if c < best {
            if (c as f64) < 0.995 * best as f64 {
                trying = 0;
            } else {
                trying += 1;
            }
            best = c;
            best_order.clone_from(&lg.layers);
        } else {
            trying += 1;
        }
        if trying >= quit {
            break;
        }
        // An iteration is a fixed function of the order and of the iteration modulo 4 (sweep
        // direction, tie rule): an order seen four iterations ago starts a cycle whose every
        // order has been counted, so nothing better can come.
        let slot = &mut previous[iter as usize % 4];
        if iter >= 4 && *slot == lg.layers {
            break;
        }
        slot.clone_from(&lg.layers);
        // A run still worse than the best so far by more than `slack` fifths of it after three
        // iterations will not catch up (after four: North DAGs 3,066 crossings instead of
        // 3,054 and 8 % more work on the 100-component design, but b143 3,937 instead of
        // 4,206; after two: North 3,090).
        if iter == 2 {
            match &bound {
                Bound::Now(bound) if stops(best, *bound) => break,
                Bound::Now(_) => {}
                Bound::Later(at_most, _) if stops(best, *at_most) => break,
                Bound::Later(_, count) => match count.try_recv() {
                    Ok(bound) if stops(best, bound) => break,
                    Ok(_) | Err(std::sync::mpsc::TryRecvError::Disconnected) => {}
                    Err(std::sync::mpsc::TryRecvError::Empty) => aside = Some((best, best_order.clone())),
                },
            }
        } else if let (Some(kept), Bound::Later(_, count)) = (&mut aside, &bound) {
            match count.try_recv() {
                Ok(bound) if stops(kept.0, bound) => {
                    (best, best_order) = std::mem::take(kept);
                    aside = None;
                    break;
                }
                Ok(_) | Err(std::sync::mpsc::TryRecvError::Disconnected) => aside = None,
                Err(std::sync::mpsc::TryRecvError::Empty) => {}
            }
        }
    }
    if let (Some(kept), Bound::Later(_, count)) = (aside, &bound) {
        if wait(count).is_some_and(|bound| stops(kept.0, bound)) {
            (best, best_order) = kept;
        }
    }
    state.previous = previous;
    // The arrays of the best order become the current ones; the old ones are kept for reuse.
    std::mem::swap(&mut lg.layers, &mut best_order);
    state.best_layers = best_order;
    lg.index_positions();
    best
}

/// One iteration of [`improve`]: a median sweep, down on even iterations and up on odd ones,
/// then transpose, swapping pairs of equal crossings on iterations 2 and 3 modulo 4. Its result
/// depends only on the order and on `iter` modulo 4 (nothing carries over in `state`).
fn step(lg: &mut Layered, state: &mut State, iter: u32, big: bool) {
    sweep(lg, state, iter % 2 == 0);
    transpose(lg, iter % 4 >= 2, big, &mut state.dirty);
}

/// Sorts every layer by the weighted median of its neighbours on the previous layer of the
/// sweep.
fn sweep(lg: &mut Layered, state: &mut State, down: bool) {
    let nlayers = lg.layers.len();
    for k in 1..nlayers {
        let l = if down { k } else { nlayers - 1 - k };
        let adj_len = if down { lg.layers[l - 1].len() } else { lg.layers[l + 1].len() };
        let own_len = lg.layers[l].len().max(1);
        let nodes = std::mem::take(&mut lg.layers[l]);
        let mut fixed = std::mem::take(&mut state.fixed);
        fixed.clear();
        for (i, &v) in nodes.iter().enumerate() {
            let m = median(lg, v, down, &mut state.scratch);
            match m {
                Some(m) => state.keys[v as usize] = m,
                None => {
                    // No neighbour there: stay put (scaled to the other layer's positions).
                    state.keys[v as usize] = (i as f64 + 0.5) * adj_len as f64 / own_len as f64 - 0.5;
                    fixed.push(i);
                }
            }
        }
        let mut keys = std::mem::take(&mut state.layer_keys);
        keys.clear();
        keys.extend(nodes.iter().map(|v| state.keys[*v as usize]));
        let mut ordered = std::mem::take(&mut state.ordered);
        if lg.cluster_parent.is_empty() {
            sort_with_fixed(&nodes, &keys, &fixed, &mut ordered);
        } else {
            state.structure.order(lg, &nodes, &keys, Some(&state.cluster_rank), &mut ordered);
        }
        // The layer takes the new order; its old array becomes the next output buffer.
        lg.layers[l] = ordered;
        state.ordered = nodes;
        state.layer_keys = keys;
        state.fixed = fixed;
        for (i, v) in lg.layers[l].iter().enumerate() {
            lg.pos[*v as usize] = i as u32;
        }
    }
    // Every layer was emitted with sibling clusters in `state.cluster_rank` order, so the ranks
    // still hold: the sweep never reorders clusters (restarts do).
}

/// Re-sorts each layer so sibling clusters follow `state.cluster_rank` (members keep their
/// relative order).
fn reapply_cluster_ranks(lg: &mut Layered, state: &mut State) {
    let mut keys = std::mem::take(&mut state.layer_keys);
    let mut ordered = std::mem::take(&mut state.ordered);
    for l in 0..lg.layers.len() {
        let nodes = std::mem::take(&mut lg.layers[l]);
        keys.clear();
        keys.extend((0..nodes.len()).map(|i| i as f64));
        state.structure.order(lg, &nodes, &keys, Some(&state.cluster_rank), &mut ordered);
        // The layer takes the new order; its old array becomes the next output buffer.
        lg.layers[l] = std::mem::replace(&mut ordered, nodes);
        for (i, v) in lg.layers[l].iter().enumerate() {
            lg.pos[*v as usize] = i as u32;
        }
    }
    state.layer_keys = keys;
    state.ordered = ordered;
}

/// Sorts movable nodes by key into the slots the fixed ones leave free (dot's `reorder`).
fn sort_with_fixed(nodes: &[u32], keys: &[f64], fixed: &[usize], out: &mut Vec<u32>) {
    let mut movable: Vec<usize> = (0..nodes.len()).filter(|i| fixed.binary_search(i).is_err()).collect();
    movable.sort_by(|a, b| keys[*a].total_cmp(&keys[*b]).then(a.cmp(b)));
    out.clear();
    let mut next = movable.into_iter();
    let mut f = 0;
    for i in 0..nodes.len() {
        if f < fixed.len() && fixed[f] == i {
            out.push(nodes[i]);
            f += 1;
        } else if let Some(m) = next.next() {
            out.push(nodes[m]);
        }
    }
}

/// Weighted median of the positions of `v`'s neighbours on the adjacent layer (above when
/// sweeping down), as dot computes it: interpolated towards the denser side for even counts.
fn median(lg: &Layered, v: u32, down: bool, scratch: &mut Vec<u32>) -> Option<f64> {
    scratch.clear();
    let adj = if down { &lg.up } else { &lg.down };
    for (u, w) in adj.of(v) {
        if w > 0 {
            scratch.push(lg.pos[u as usize]);
        }
    }
    let m = scratch.len();
    if m == 0 {
        return None;
    }
    scratch.sort_unstable();
    let p = |i: usize| f64::from(scratch[i]);
    Some(if m % 2 == 1 {
        p(m / 2)
    } else if m == 2 {
        (p(0) + p(1)) / 2.0
    } else {
        let left = p(m / 2 - 1) - p(0);
        let right = p(m - 1) - p(m / 2);
        if left + right == 0.0 {
            (p(m / 2 - 1) + p(m / 2)) / 2.0
        } else {
            (p(m / 2 - 1) * right + p(m / 2) * left) / (left + right)
        }
    })
}

/// Orders `nodes` (one layer) by `keys` on the cluster tree: each cluster is one unit among its
/// parent's members, keyed by the mean key of its members, drawn as its left border, its
/// members, its right border. With `cluster_rank`, sibling clusters take the slots their units
/// got in the rank order, so every layer shows them in the same order.
#[must_use]
pub fn structured_order(lg: &Layered, nodes: &[u32], keys: &[f64], cluster_rank: Option<&[u32]>) -> Vec<u32> {
    let mut out = Vec::with_capacity(nodes.len());
    Structure::default().order(lg, nodes, keys, cluster_rank, &mut out);
    out
}

/// The cluster tree of each layer for [`structured_order`], built on a layer's first use and
/// kept (a layer's set of nodes never changes, only their order), with buffers reused between
/// calls.
#[derive(Default)]
pub struct Structure {
    /// By layer: its cluster tree, once built.
    trees: Vec<Option<Tree>>,
    /// Index of every node of the layer being ordered in the given `nodes`.
    at: Vec<u32>,
    /// Per slot of the layer being ordered: sum and count of its member nodes' keys.
    sum: Vec<f64>,
    count: Vec<u32>,
    /// Units being sorted, one slice per level of the cluster tree being emitted (a stack).
    units: Vec<Unit>,
    /// Sibling clusters being given their ranked slots (a stack, like `units`).
    ranked: Vec<u32>,
}

/// The cluster tree of one layer: slot 0 is the root, every other slot a cluster with both
/// borders on the layer, parents before children and siblings by cluster index. Per slot: the
/// cluster, its borders, its direct member nodes and its child slots (compressed rows).
struct Tree {
    cluster: Vec<u32>,
    left: Vec<u32>,
    right: Vec<u32>,
    direct_start: Vec<u32>,
    direct: Vec<u32>,
    child_start: Vec<u32>,
    children: Vec<u32>,
}

impl Tree {
    fn build(lg: &Layered, nodes: &[u32]) -> Tree {
        let k = lg.cluster_parent.len();
        let (mut left, mut right) = (vec![NONE; k], vec![NONE; k]);
        for &v in nodes {
            if let NodeKind::Border { cluster, right: r } = lg.kind[v as usize] {
                if r {
                    right[cluster as usize] = v;
                } else {
                    left[cluster as usize] = v;
                }
            }
        }
        let depth = |c: u32| lg.cluster_ancestors(c).count();
        let mut present: Vec<u32> =
            (0..k as u32).filter(|c| left[*c as usize] != NONE && right[*c as usize] != NONE).collect();
        present.sort_by_key(|c| (depth(*c), *c));
        let mut slot_of = vec![NONE; k];
        for (i, &c) in present.iter().enumerate() {
            slot_of[c as usize] = i as u32 + 1;
        }
        // The slot of a node or cluster: that of its innermost enclosing cluster on this layer.
        let enclosing = |c: u32| lg.cluster_ancestors(c).map(|a| slot_of[a as usize]).find(|s| *s != NONE).unwrap_or(0);
        let direct = nodes.iter().filter(|v| !lg.is_border(**v)).map(|&v| (enclosing(lg.cluster[v as usize]), v));
        let (mut direct_start, mut direct_items) = (Vec::new(), Vec::new());
        let slots = present.len() + 1;
        rows(slots, direct, &mut direct_start, &mut direct_items);
        let children = present.iter().map(|&c| (enclosing(lg.cluster_parent[c as usize]), slot_of[c as usize]));
        let (mut child_start, mut child_items) = (Vec::new(), Vec::new());
        rows(slots, children, &mut child_start, &mut child_items);
        let mut cluster = vec![NONE];
        cluster.extend(&present);
        let border = |side: &[u32]| -> Vec<u32> {
            cluster.iter().map(|&c| if c == NONE { NONE } else { side[c as usize] }).collect()
        };
        Tree {
            left: border(&left),
            right: border(&right),
            cluster,
            direct_start,
            direct: direct_items,
            child_start,
            children: child_items,
        }
    }

    fn direct(&self, slot: usize) -> &[u32] {
        &self.direct[self.direct_start[slot] as usize..self.direct_start[slot + 1] as usize]
    }

    fn children(&self, slot: usize) -> &[u32] {
        &self.children[self.child_start[slot] as usize..self.child_start[slot + 1] as usize]
    }
}

/// Fills `start` (length `slots + 1`) and `items` as compressed rows of the `(slot, item)`
/// entries grouped by slot, keeping the given order within a slot.
fn rows(
    slots: usize,
    entries: impl DoubleEndedIterator<Item = (u32, u32)> + Clone,
    start: &mut Vec<u32>,
    items: &mut Vec<u32>,
) {
    start.clear();
    start.resize(slots + 1, 0);
    let mut n = 0;
    for (slot, _) in entries.clone() {
        start[slot as usize + 1] += 1;
        n += 1;
    }
    for i in 0..slots {
        start[i + 1] += start[i];
    }
    items.clear();
    items.resize(n, 0);
    // Fill each row from its end: `start[slot + 1]` counts down to `start[slot]`, which leaves
    // the rows' starts in place. Entries are visited backwards to keep their order.
    for (slot, item) in entries.rev() {
        let end = &mut start[slot as usize + 1];
        *end -= 1;
        items[*end as usize] = item;
    }
    // Each row's end moved down to its start: shift the starts back up by one row.
    start.rotate_left(1);
    start[slots] = n as u32;
}

impl Structure {
    /// [`structured_order`] into `out`, reusing this structure's buffers and, for a layer
    /// ordered before with it, that layer's cluster tree (so one `Structure` serves one layered
    /// graph).
    pub fn order(
        &mut self,
        lg: &Layered,
        nodes: &[u32],
        keys: &[f64],
        cluster_rank: Option<&[u32]>,
        out: &mut Vec<u32>,
    ) {
        out.clear();
        let units = &mut self.units;
        if lg.cluster_parent.is_empty() {
            units.clear();
            units.extend((0..nodes.len()).map(|i| (sortable(keys[i]), i as u32)));
            units.sort_unstable();
            out.extend(units.iter().map(|u| nodes[u.1 as usize]));
            return;
        }
        let Some(&first) = nodes.first() else { return };
        let l = lg.layer[first as usize] as usize;
        if self.trees.len() < lg.layers.len() {
            self.trees.resize_with(lg.layers.len(), || None);
        }
        let tree = self.trees[l].get_or_insert_with(|| Tree::build(lg, nodes));
        debug_assert_eq!(tree.direct.len() + 2 * (tree.cluster.len() - 1), nodes.len());
        self.at.resize(lg.kind.len(), 0);
        for (i, &v) in nodes.iter().enumerate() {
            self.at[v as usize] = i as u32;
        }
        // Member keys summed bottom-up (children come after their parents).
        let slots = tree.cluster.len();
        self.sum.clear();
        self.sum.resize(slots, 0.0);
        self.count.clear();
        self.count.resize(slots, 0);
        for s in (0..slots).rev() {
            let (mut sum, mut count) = (0.0, 0);
            for &v in tree.direct(s) {
                sum += keys[self.at[v as usize] as usize];
                count += 1;
            }
            for &c in tree.children(s) {
                sum += self.sum[c as usize];
                count += self.count[c as usize];
            }
            self.sum[s] = sum;
            self.count[s] = count;
        }
        self.ranked.clear();
        let tables = Tables { tree, at: &self.at, sum: &self.sum, count: &self.count, keys, nodes };
        emit(0, &tables, units, &mut self.ranked, cluster_rank, out);
    }
}

/// A unit being sorted: its key made sortable as an integer, then a node's index in the layer
/// or, with the `CLUSTER` bit, a cluster's slot (nodes before clusters on equal keys).
type Unit = (u64, u32);
const CLUSTER: u32 = 1 << 31;

/// `x`'s bits turned so that unsigned integer order is `f64::total_cmp` order.
fn sortable(x: f64) -> u64 {
    let b = x.to_bits();
    if b >> 63 == 1 { !b } else { b | 1 << 63 }
}

/// What [`emit`] reads: one layer's tree, the index of each of its nodes, the key sums of its
/// slots, the keys and nodes being ordered.
struct Tables<'a> {
    tree: &'a Tree,
    at: &'a [u32],
    sum: &'a [f64],
    count: &'a [u32],
    keys: &'a [f64],
    nodes: &'a [u32],
}

impl Tables<'_> {
    /// A cluster's key: the mean key of its members, else its left border's.
    fn key_of(&self, slot: usize) -> f64 {
        if self.count[slot] > 0 {
            self.sum[slot] / f64::from(self.count[slot])
        } else {
            self.keys[self.at[self.tree.left[slot] as usize] as usize]
        }
    }
}

fn emit(
    slot: usize,
    t: &Tables,
    units: &mut Vec<Unit>,
    ranked: &mut Vec<u32>,
    cluster_rank: Option<&[u32]>,
    out: &mut Vec<u32>,
) {
    // Sibling slots are in cluster index order, so ties between clusters go by cluster index.
    let start = units.len();
    units.extend(t.tree.direct(slot).iter().map(|&v| {
        let i = t.at[v as usize];
        (sortable(t.keys[i as usize]), i)
    }));
    units.extend(t.tree.children(slot).iter().map(|&c| (sortable(t.key_of(c as usize)), CLUSTER | c)));
    let end = units.len();
    units[start..end].sort_unstable();
    // Sibling clusters take their ranked slots (nothing to do for fewer than two).
    if let Some(rank) = cluster_rank.filter(|_| t.tree.children(slot).len() > 1) {
        let from = ranked.len();
        ranked.extend(units[start..end].iter().filter(|u| u.1 & CLUSTER != 0).map(|u| u.1 & !CLUSTER));
        ranked[from..].sort_unstable_by_key(|s| (rank[t.tree.cluster[*s as usize] as usize], *s));
        let mut next = from;
        for u in &mut units[start..end] {
            if u.1 & CLUSTER != 0 {
                u.1 = CLUSTER | ranked[next];
                next += 1;
            }
        }
        ranked.truncate(from);
    }
    for x in start..end {
        let id = units[x].1;
        if id & CLUSTER != 0 {
            let c = (id & !CLUSTER) as usize;
            out.push(t.tree.left[c]);
            emit(c, t, units, ranked, cluster_rank, out);
            out.push(t.tree.right[c]);
        } else {
            out.push(t.nodes[id as usize]);
        }
    }
    units.truncate(start);
}

/// Breadth-first initial order from the sources (`from_top`) or the sinks, visiting nodes in
/// index order, or with `depth_first` in the order of [`depth_first_order`] (as Graphviz's
/// `build_ranks` does); with `both`, edges are followed both ways, which keeps a node's
/// co-parents together, else only away from the start.
fn breadth_first_order(lg: &mut Layered, from_top: bool, both: bool, depth_first: bool) {
    let seq = breadth_first_sequence(lg, from_top, both, depth_first);
    reorder_by(lg, |v| f64::from(seq[v as usize]));
}

/// The breadth-first visit of initial order `pass` (numbered as for [`INITIAL`]), as the
/// arguments of [`breadth_first_order`]: from the top, both ways, depth-first starts.
fn visit_of(pass: u32) -> (bool, bool, bool) {
    (pass % 2 == 0, pass / 2 == 1, pass >= 4)
}

/// The place of every node in the visit of [`breadth_first_order`].
fn breadth_first_sequence(lg: &Layered, from_top: bool, both: bool, depth_first: bool) -> Vec<u32> {
    let total = lg.kind.len();
    let mut seen = vec![false; total];
    let mut seq = vec![0u32; total];
    let mut next = 0u32;
    let mut queue = std::collections::VecDeque::new();
    let (back, fwd) = if from_top { (&lg.up, &lg.down) } else { (&lg.down, &lg.up) };
    let visit: Vec<u32> = if depth_first { depth_first_order(lg) } else { (0..total as u32).collect() };
    let starts = visit.iter().copied().filter(|v| back.degree(*v) == 0).chain(visit.iter().copied());
    for s in starts {
        if seen[s as usize] {
            continue;
        }
        seen[s as usize] = true;
        queue.push_back(s);
        while let Some(v) = queue.pop_front() {
            seq[v as usize] = next;
            next += 1;
            // Both directions, as Graphviz's `build_ranks` does: a node's other parents join
            // the queue next to it, so they start out near each other.
            for (w, _) in fwd.of(v).chain(back.of(v).take(if both { usize::MAX } else { 0 })) {
                if !seen[w as usize] {
                    seen[w as usize] = true;
                    queue.push_back(w);
                }
            }
        }
    }
    seq
}

/// All nodes in depth-first preorder over edges both ways (each node's lower neighbours, then
/// its upper ones), from the nodes in index order: Graphviz's `decompose`, whose order dot's
/// initial orders start from. Related sources and sinks come out near each other.
fn depth_first_order(lg: &Layered) -> Vec<u32> {
    let total = lg.kind.len();
    let mut seen = vec![false; total];
    let mut order = Vec::with_capacity(total);
    let mut stack: Vec<(u32, usize)> = Vec::new();
    for root in 0..total as u32 {
        if seen[root as usize] {
            continue;
        }
        seen[root as usize] = true;
        order.push(root);
        stack.push((root, 0));
        while let Some((v, next)) = stack.last_mut() {
            let (down, up) = (lg.down.degree(*v), lg.up.degree(*v));
            let w = if *next < down {
                lg.down.adj[lg.down.off[*v as usize] as usize + *next]
            } else if *next < down + up {
                lg.up.adj[lg.up.off[*v as usize] as usize + *next - down]
            } else {
                stack.pop();
                continue;
            };
            *next += 1;
            if !seen[w as usize] {
                seen[w as usize] = true;
                order.push(w);
                stack.push((w, 0));
            }
        }
    }
    order
}

/// Swaps random pairs of neighbouring swappable nodes (about a tenth of the nodes), keeping
/// clusters contiguous.
fn perturb(lg: &mut Layered, seed: u64) {
    let mut state = seed | 1;
    let mut next = |bound: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % bound.max(1) as u64) as usize
    };
    let moves = lg.kind.len() / 10 + 1;
    for _ in 0..moves {
        let l = next(lg.layers.len());
        let len = lg.layers[l].len();
        if len < 2 {
            continue;
        }
        let i = next(len - 1);
        let j = (i + 1 + next(4)).min(len - 1);
        let v = lg.layers[l][i];
        if (i..=j).all(|k| swappable(lg, v, lg.layers[l][k])) {
            lg.layers[l].swap(i, j);
        }
    }
    lg.index_positions();
}

fn reorder_by(lg: &mut Layered, key: impl Fn(u32) -> f64) {
    for l in 0..lg.layers.len() {
        let nodes = std::mem::take(&mut lg.layers[l]);
        let keys: Vec<f64> = nodes.iter().map(|v| key(*v)).collect();
        lg.layers[l] = structured_order(lg, &nodes, &keys, None);
    }
    lg.index_positions();
}

/// Puts clusters in a consistent order on graphs too small to order (one layer).
fn normalise_clusters(lg: &mut Layered) {
    if lg.cluster_parent.is_empty() {
        return;
    }
    lg.index_positions();
    let mut state = State::new(lg);
    state.reset_cluster_ranks(lg);
    reapply_cluster_ranks(lg, &mut state);
}

/// Whether `v` and `w` may trade places (same cluster, neither a border).
fn swappable(lg: &Layered, v: u32, w: u32) -> bool {
    lg.unit[v as usize] == lg.unit[w as usize]
}

/// Crossings of `v`'s and `w`'s edges on both sides, as (with `v` left of `w`, with `w` left of
/// `v`), not counting pairs of edges that share an end node.
fn crossing_pair(lg: &Layered, v: u32, w: u32) -> (u64, u64) {
    let (mut left, mut right) = (0u64, 0u64);
    for adj in [&lg.up, &lg.down] {
        let (vr, wr) = (adj.row(v), adj.row(w));
        if vr.is_empty() || wr.is_empty() {
            continue;
        }
        if vr.len() == 1 && wr.len() == 1 {
            let [na, wa, ta, ha] = adj.packed[vr.start];
            let [nb, wb, tb, hb] = adj.packed[wr.start];
            tally(lg.pos[na as usize], (ta, ha), wa, lg.pos[nb as usize], (tb, hb), wb, &mut left, &mut right);
            continue;
        }
        for &[na, wa, ta, ha] in &adj.packed[vr] {
            let pa = lg.pos[na as usize];
            for &[nb, wb, tb, hb] in &adj.packed[wr.clone()] {
                tally(pa, (ta, ha), wa, lg.pos[nb as usize], (tb, hb), wb, &mut left, &mut right);
            }
        }
    }
    (left, right)
}

/// Adds one pair of edges (other end's position, chain ends, weight) to the crossings with `v`
/// left of `w` (`left`) or right of it (`right`); edges that share an end node never count.
#[expect(clippy::too_many_arguments, reason = "two edges, each as position, ends and weight")]
#[inline]
fn tally(
    pa: u32,
    (ta, ha): (u32, u32),
    wa: u32,
    pb: u32,
    (tb, hb): (u32, u32),
    wb: u32,
    left: &mut u64,
    right: &mut u64,
) {
    // Without branches on the positions, which are as good as random.
    let shared = ta != NONE && (ta == tb || ha == hb);
    let prod = u64::from(wa) * u64::from(wb) * u64::from(!shared);
    *left += prod * u64::from(pa > pb);
    *right += prod * u64::from(pa < pb);
}

/// dot's transpose: swap adjacent nodes while that reduces crossings (with `reverse`, also when
/// it keeps them equal), revisiting layers next to changed ones.
///
/// A pair is only weighed again when one of its nodes, or a neighbour of one, has moved since
/// its layer was last visited: otherwise its crossings, and so the decision, are the same as
/// last time. This gives the same orders as weighing every pair on every visit.
fn transpose(lg: &mut Layered, reverse: bool, big: bool, scratch: &mut Dirty) {
    let nlayers = lg.layers.len();
    let mut candidate = std::mem::take(&mut scratch.candidate);
    candidate.clear();
    candidate.resize(nlayers, true);
    // Every node counts as moved at the start: every layer's first visit weighs all its pairs.
    scratch.dirty.clear();
    scratch.dirty.resize(lg.kind.len(), false);
    scratch.queued.resize_with(nlayers, Vec::new);
    for queue in &mut scratch.queued {
        queue.clear();
    }
    scratch.fresh.clear();
    scratch.fresh.resize(nlayers, true);
    if scratch.mark.len() != lg.kind.len() {
        scratch.mark = vec![0; lg.kind.len()];
    }
    let max_rounds = if big { 4 } else { 64 };
    for _ in 0..max_rounds {
        let mut delta = 0u64;
        for l in 0..nlayers {
            if !candidate[l] {
                continue;
            }
            candidate[l] = false;
            let d = transpose_layer(lg, l, reverse, scratch);
            if d > 0 {
                delta += d;
                if l > 0 {
                    candidate[l - 1] = true;
                }
                if l + 1 < nlayers {
                    candidate[l + 1] = true;
                }
            }
        }
        if delta == 0 {
            break;
        }
    }
    scratch.candidate = candidate;
}

/// Which nodes moved, or had a neighbour whose move may have changed their crossings with the
/// nodes beside them, since their layer was last visited by transpose (`dirty`), and which were
/// so when the current visit began (`stale`, one bit per position of the layer visited).
/// The nodes marked in `dirty` are also queued on their layer (`queued`), so that a visit finds
/// them without reading the whole layer; a layer not yet visited (`fresh`) counts as all dirty.
#[derive(Default)]
struct Dirty {
    dirty: Vec<bool>,
    queued: Vec<Vec<u32>>,
    fresh: Vec<bool>,
    stale: Vec<u64>,
    /// Layers to visit in the next round (a reused buffer).
    candidate: Vec<bool>,
    /// Neighbours of a node that was just swapped, marked with the current `token` (one entry
    /// per node, sized by [`transpose`]).
    mark: Vec<u32>,
    token: u32,
}

fn transpose_layer(lg: &mut Layered, l: usize, reverse: bool, scratch: &mut Dirty) -> u64 {
    let mut gained = 0u64;
    // The layer is taken out while it is worked on (weighing a pair reads only positions).
    let mut layer = std::mem::take(&mut lg.layers[l]);
    let Dirty { dirty, queued, fresh, stale, mark, token, .. } = scratch;
    stale.clear();
    if std::mem::replace(&mut fresh[l], false) {
        stale.resize(layer.len().div_ceil(64), u64::MAX);
    } else {
        stale.resize(layer.len().div_ceil(64), 0);
        for &v in &queued[l] {
            let i = lg.pos[v as usize] as usize;
            stale[i / 64] |= 1 << (i % 64);
        }
    }
    for &v in &queued[l] {
        dirty[v as usize] = false;
    }
    queued[l].clear();
    let mut mark_dirty = |v: u32, on: usize, dirty: &mut Vec<bool>| {
        if !std::mem::replace(&mut dirty[v as usize], true) {
            queued[on].push(v);
        }
    };
    // A pair is weighed if either node was stale when the visit began or has just been swapped
    // (within the visit, only swaps mark nodes of this layer, and a swapped node is met again
    // only in the pair right after the swap). `stale` follows the nodes: a swap moves its bits.
    let mut i = 0;
    let mut swapped = false;
    while i + 1 < layer.len() {
        if !swapped {
            // The next pair with a stale node.
            let Some(j) = next_bit(stale, i) else { break };
            i = i.max(j.saturating_sub(1));
            if i + 1 >= layer.len() {
                break;
            }
        }
        swapped = false;
        let (v, w) = (layer[i], layer[i + 1]);
        if !swappable(lg, v, w) {
            i += 1;
            continue;
        }
        let (c0, c1) = crossing_pair(lg, v, w);
        if c1 < c0 || (reverse && c0 > 0 && c1 == c0) {
            layer.swap(i, i + 1);
            swap_bits(stale, i);
            swapped = true;
            lg.pos[v as usize] = i as u32 + 1;
            lg.pos[w as usize] = i as u32;
            gained += c0 - c1;
            mark_dirty(v, l, dirty);
            mark_dirty(w, l, dirty);
            // The swap changed the order of `v` and `w` alone, so on a layer next to this one
            // only pairs with an edge to each of them count differently: the neighbours of `v`
            // next to a neighbour of `w` (ends of border links too, weightless: harmless).
            for (adj, m) in [(&lg.up, l.wrapping_sub(1)), (&lg.down, l + 1)] {
                let Some(next) = lg.layers.get(m) else { continue };
                *token = token.wrapping_add(1);
                if *token == 0 {
                    mark.fill(0);
                    *token = 1;
                }
                for &u in &adj.adj[adj.row(w)] {
                    mark[u as usize] = *token;
                }
                for &a in &adj.adj[adj.row(v)] {
                    let p = lg.pos[a as usize] as usize;
                    let beside =
                        |q: Option<usize>| q.and_then(|q| next.get(q)).is_some_and(|b| mark[*b as usize] == *token);
                    if beside(p.checked_sub(1)) || beside(Some(p + 1)) {
                        mark_dirty(a, m, dirty);
                    }
                }
            }
        }
        i += 1;
    }
    lg.layers[l] = layer;
    gained
}

/// Swaps bits `i` and `i + 1` of `bits`.
fn swap_bits(bits: &mut [u64], i: usize) {
    let bit = |bits: &[u64], k: usize| bits[k / 64] >> (k % 64) & 1;
    if bit(bits, i) != bit(bits, i + 1) {
        bits[i / 64] ^= 1 << (i % 64);
        bits[(i + 1) / 64] ^= 1 << ((i + 1) % 64);
    }
}

/// The first position at or after `from` whose bit is set in `bits`.
fn next_bit(bits: &[u64], from: usize) -> Option<usize> {
    let mut word = from / 64;
    let mut rest = *bits.get(word)? & (u64::MAX << (from % 64));
    loop {
        if rest != 0 {
            return Some(word * 64 + rest.trailing_zeros() as usize);
        }
        word += 1;
        rest = *bits.get(word)?;
    }
}

/// Total crossings between all consecutive layers.
#[must_use]
pub fn count_all(lg: &Layered) -> u64 {
    count_with(lg, &mut CountScratch::new(lg))
}

/// [`count_all`] with reused buffers.
fn count_with(lg: &Layered, scratch: &mut CountScratch) -> u64 {
    (0..lg.layers.len().saturating_sub(1)).map(|l| count_layer(lg, l, scratch)).sum()
}

/// Buffers reused by [`count_layer`]: all edges as (source position, target position, weight),
/// and the edges that may share an end node with another edge through a dummy, as (group key,
/// source position, target position, weight) for the groups by tail, by head and by both.
struct CountScratch {
    edges: Vec<(u32, u32, u32)>,
    groups: [Vec<(u64, u32, u32, u32)>; 3],
    tree: Vec<u64>,
    /// Per entry of `lg.down`, the groups its edge joins (bit `g` for group `g`): by tail when it
    /// leaves an edge node, by head when it enters one, by both when both. Only edges whose
    /// chain shares that end with another chain with edge nodes are grouped: alone in its group,
    /// an edge changes nothing.
    grouped: Vec<u8>,
}

impl CountScratch {
    fn new(lg: &Layered) -> CountScratch {
        let mut keys: Vec<[u64; 3]> = Vec::new();
        let long: Vec<usize> = (0..lg.chains.len()).filter(|c| !lg.chains[*c].dummies.is_empty()).collect();
        for &c in &long {
            let chain = &lg.chains[c];
            let (t, h) = (u64::from(chain.tail), u64::from(chain.head));
            keys.push([t, h, (t << 32) | h]);
        }
        let mut shared = vec![0u8; lg.chains.len()];
        for g in 0..3 {
            let mut sorted: Vec<u64> = keys.iter().map(|k| k[g]).collect();
            sorted.sort_unstable();
            for (&c, k) in long.iter().zip(&keys) {
                let at = sorted.partition_point(|x| *x < k[g]);
                if sorted.get(at + 1) == Some(&k[g]) {
                    shared[c] |= 1 << g;
                }
            }
        }
        let down = &lg.down;
        let mut grouped = vec![0u8; down.adj.len()];
        for u in 0..lg.kind.len() as u32 {
            let row = down.row(u);
            for ((joined, &c), &v) in grouped[row.clone()].iter_mut().zip(&down.chain[row.clone()]).zip(&down.adj[row])
            {
                if c == NONE {
                    continue;
                }
                let (from, to) = (lg.is_edge_node(u), lg.is_edge_node(v));
                let joins = u8::from(from) | u8::from(to) << 1 | u8::from(from && to) << 2;
                *joined = joins & shared[c as usize];
            }
        }
        CountScratch { edges: Vec::new(), groups: Default::default(), tree: Vec::new(), grouped }
    }
}

/// Crossings between layers `l` and `l + 1`, not counting pairs of edges that share an end node:
/// Barth–Jünger–Mutzel accumulator-tree counts of all pairs, minus those within groups of edges
/// with the same tail, minus those with the same head, plus those with both the same (counted
/// twice). O(E log V).
///
/// Edges with the same tail can only cross when they leave the layer from dummies (edges that
/// leave one real node share their upper end and never cross), and likewise for heads, so only
/// those are grouped.
fn count_layer(lg: &Layered, l: usize, scratch: &mut CountScratch) -> u64 {
    let CountScratch { edges, groups, tree, grouped } = scratch;
    edges.clear();
    for g in groups.iter_mut() {
        g.clear();
    }
    let down = &lg.down;
    for &u in &lg.layers[l] {
        let pu = lg.pos[u as usize];
        let run = edges.len();
        let row = down.row(u);
        let entries = down.adj[row.clone()].iter().zip(&down.weight[row.clone()]).zip(&grouped[row.clone()]);
        for (((&v, &w), &joins), &(t, h)) in entries.zip(&down.ends[row]) {
            if w == 0 {
                continue;
            }
            let pv = lg.pos[v as usize];
            edges.push((pu, pv, w));
            if joins != 0 {
                if joins & 1 != 0 {
                    groups[0].push((u64::from(t), pu, pv, w));
                }
                if joins & 2 != 0 {
                    groups[1].push((u64::from(h), pu, pv, w));
                }
                if joins & 4 != 0 {
                    groups[2].push(((u64::from(t) << 32) | u64::from(h), pu, pv, w));
                }
            }
        }
        // Sources come in position order: only each node's own edges need sorting.
        if edges.len() - run > 1 {
            edges[run..].sort_unstable();
        }
    }
    if edges.len() < 2 {
        return 0;
    }
    let q = lg.layers[l + 1].len().max(1);
    // Signed: the groups are taken away before the pairs counted twice are added back.
    let mut total = bjm(edges.iter().map(|&(_, pv, w)| (pv, w)), q, tree) as i64;
    for (key, list) in groups.iter_mut().enumerate() {
        if list.len() < 2 {
            continue;
        }
        list.sort_unstable();
        let mut i = 0;
        while i < list.len() {
            let mut j = i + 1;
            while j < list.len() && list[j].0 == list[i].0 {
                j += 1;
            }
            if j - i >= 2 {
                let members = &list[i..j];
                let n = if members.len() <= 24 {
                    // Few edges: count the pairs directly (sorted by source, then target).
                    let mut c = 0u64;
                    for (x, a) in members.iter().enumerate() {
                        for b in &members[x + 1..] {
                            if a.1 < b.1 && a.2 > b.2 {
                                c += u64::from(a.3) * u64::from(b.3);
                            }
                        }
                    }
                    c
                } else {
                    bjm(members.iter().map(|&(_, _, pv, w)| (pv, w)), q, tree)
                } as i64;
                if key == 2 {
                    total += n;
                } else {
                    total -= n;
                }
            }
            i = j;
        }
    }
    total.max(0) as u64
}

/// Barth–Jünger–Mutzel: weighted crossings of edges given as (target position, weight) in the
/// order of their sources (then targets), the targets lying on a layer of `q` nodes.
fn bjm(edges: impl Iterator<Item = (u32, u32)>, q: usize, tree: &mut Vec<u64>) -> u64 {
    let mut first = 1usize;
    while first < q {
        first *= 2;
    }
    // One slot more than the tree so that every left child has a right neighbour to read (the
    // extra one stays 0): the loop then needs no unpredictable branch.
    tree.clear();
    tree.resize(2 * first, 0);
    let first = first - 1;
    let mut crossings = 0u64;
    for (p, w) in edges {
        let w = u64::from(w);
        let mut index = p as usize + first;
        tree[index] += w;
        while index > 0 {
            // A left child (odd index): the edges already in its right sibling cross this one.
            crossings += tree[index + 1] * w * (index as u64 & 1);
            index = (index - 1) / 2;
            tree[index] += w;
        }
    }
    crossings
}

/// Sifting: moves every node (widest edges first) to the position of its window that gives the
/// fewest crossings with both adjacent layers; repeats while a round gains at least 1 %, for as
/// many rounds as the budget allows (four at most). The window is the run of nodes of the same
/// cluster around the node: the whole layer, or [`SIFT_REACH`] positions either way on big graphs.
///
/// The crossings of the moving node with each other node of its window, both ways round, come
/// from the moving node's edge profile (its edges sorted by the other end's position, with
/// running weights), so each costs O(deg w · log deg v) rather than O(deg v · deg w); when the
/// window is the whole layer, a node whose edges on a side all end left or right of the moving
/// node's costs O(1) on that side ([`Spans`]).
///
/// An order without crossings is left as it is (a round would only move nodes between places
/// of equal crossings).
fn sift(lg: &mut Layered, total: u64) -> u64 {
    if total == 0 {
        return 0;
    }
    let Some((reach, rounds, work)) = sift_setup(lg) else { return total };
    let threads = if work >= SIFT_THREADS && two_processors() { Threads::IfWorth } else { Threads::One };
    sift_rounds(lg, total, reach, rounds, threads, true)
}

/// How [`sift`] sifts `lg`: the reach of a move, the rounds at most and the work of one round;
/// `None` if it does not (too big).
fn sift_setup(lg: &Layered) -> Option<(usize, u64, u64)> {
    // One round visits every node and, for each, every other node of its window with its edges.
    let whole = sift_work(lg, usize::MAX);
    let (reach, budget, work) = if whole <= SIFT_LIMIT {
        (usize::MAX, SIFT_BUDGET, whole)
    } else {
        let (reach, near) =
            SIFT_REACH.iter().map(|&reach| (reach, sift_work(lg, reach))).find(|(_, near)| *near <= SIFT_LIMIT)?;
        (reach, SIFT_LIMIT / 2, near)
    };
    Some((reach, (budget / work.max(1)).clamp(1, 4), work))
}

/// Whether [`sift`] will run on one thread although a round is worth two ([`SIFT_THREADS`]): its
/// dependencies keep a second thread from paying ([`Plan`]). The second search chain's thread
/// is then free while it runs.
fn sifts_alone(lg: &Layered) -> bool {
    match sift_setup(lg) {
        Some((reach, _, work)) if work >= SIFT_THREADS => !Plan::new(lg, &sift_order(lg), reach).parallel,
        _ => false,
    }
}

/// The nodes of `lg` in the order a round of sifting moves them: widest first (most edges), then
/// by index; borders stay.
fn sift_order(lg: &Layered) -> Vec<u32> {
    let mut nodes: Vec<u32> = (0..lg.kind.len() as u32).filter(|v| !lg.is_border(*v)).collect();
    nodes.sort_by_key(|v| (std::cmp::Reverse(lg.up.degree(*v) + lg.down.degree(*v)), *v));
    nodes
}

/// Work of one round of sifting within `reach` positions, summed over layers ([`layer_work`]).
fn sift_work(lg: &Layered, reach: usize) -> u64 {
    lg.layers.iter().map(|layer| layer_work(lg, layer, reach)).sum()
}

/// Work of sifting every node of `layer` within `reach` positions: the nodes each may pass times
/// the edges of the layer's nodes.
fn layer_work(lg: &Layered, layer: &[u32], reach: usize) -> u64 {
    let edges: u64 = layer.iter().map(|v| (lg.up.degree(*v) + lg.down.degree(*v)) as u64).sum();
    layer.len().min(reach.saturating_mul(2).saturating_add(1)) as u64 * edges
}

/// [`sift`] with windows of up to `reach` positions either way, in up to `rounds` rounds, on two
/// threads or on this one, with or without [`Spans`] for whole layers (same result).
///
/// A round sifts the nodes one by one, widest first. Sifting a node reads its own layer and the
/// positions on the two layers next to it, and changes only its own layer, so two nodes whose
/// layers are two or more apart can be sifted in either order, or at once, with the same result:
/// a round gives the same order in any sequence that keeps the order of every two nodes on the
/// same or adjacent layers. The two threads take such nodes as they become free ([`Schedule`]).
fn sift_rounds(lg: &mut Layered, mut total: u64, reach: usize, rounds: u64, threads: Threads, spans: bool) -> u64 {
    let nodes = sift_order(lg);
    // The plan only for a round that may run on two threads.
    let plan = (threads != Threads::One).then(|| Plan::new(lg, &nodes, reach));
    let plan = plan.filter(|plan| threads == Threads::Two || plan.parallel);
    // Windows of whole layers pass most of their nodes' edges wholesale (see `Spans`).
    let spans = (reach == usize::MAX && spans).then(|| Spans::new(lg));
    // Positions and layers are shared by the threads: a layer is worked on by one at a time.
    let pos: Vec<AtomicU32> = lg.pos.iter().map(|p| AtomicU32::new(*p)).collect();
    let layers: Vec<Mutex<SiftLayer>> = std::mem::take(&mut lg.layers)
        .into_iter()
        .map(|nodes| Mutex::new(SiftLayer { nodes, cells: Vec::new(), stamp: u64::MAX }))
        .collect();
    let shared = Sifting { lg, pos: &pos, layers: &layers, reach, spans: spans.as_ref() };
    for _ in 0..rounds {
        let before = total;
        let gained = if let Some(plan) = &plan {
            let schedule = Schedule::new(plan);
            let helper = |schedule: &Schedule| {
                let _stop = StopOnPanic(schedule);
                let mut scratch = SiftScratch::default();
                let mut gained = 0;
                while let Some(op) = schedule.next() {
                    let (l, j) = op;
                    gained += shared.sift_node(plan.ops[l][j], &mut scratch);
                    schedule.done(plan, l);
                }
                gained
            };
            std::thread::scope(|scope| {
                // If no thread can start, this one sifts every node of the round.
                let other = std::thread::Builder::new().spawn_scoped(scope, || helper(&schedule)).ok();
                let mine = helper(&schedule);
                // A panic on either thread stops both (`StopOnPanic`) and is passed on here.
                mine + other.map_or(0, |other| other.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            })
        } else {
            let mut scratch = SiftScratch::default();
            nodes.iter().map(|&v| shared.sift_node(v, &mut scratch)).sum()
        };
        total = total.saturating_sub(gained);
        // After a round that gains under 1 %, the next ones gain little (root and b102 of the
        // Graphviz graphs: 2 crossings of about 4,000 in two more rounds).
        if gained == 0 || (before - total) * 100 < before {
            break;
        }
    }
    lg.layers = layers.into_iter().map(|layer| layer.into_inner().unwrap_or_else(|e| e.into_inner()).nodes).collect();
    for (p, a) in lg.pos.iter_mut().zip(&pos) {
        *p = a.load(Ordering::Relaxed);
    }
    debug_assert_eq!(total, count_all(lg));
    total
}

/// Threads for [`sift_rounds`]: one, two, or two if the round's dependencies let them work at
/// once ([`Plan`]).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Threads {
    One,
    IfWorth,
    Two,
}

/// Work of one round of sifting (as for [`SIFT_BUDGET`]) from which two threads may pay: about
/// two milliseconds here, against the tenth of one that starting and joining a thread costs (a
/// thread is started for each round, up to four). North DAG g.92.0 (160,000, spread over 45
/// layers) sifts in 1.3 ms on one thread and 1.9 on two; b29 of the Graphviz graphs (370,000)
/// in 3.5 on one and 3.0 on two.
const SIFT_THREADS: u64 = 200_000;

/// What sifting a node reads and changes: the graph's edges and clusters, the positions, and the
/// layers (each locked by the node being sifted on it).
struct Sifting<'a> {
    lg: &'a Layered,
    pos: &'a [AtomicU32],
    layers: &'a [Mutex<SiftLayer>],
    reach: usize,
    spans: Option<&'a Spans>,
}

/// A layer being sifted: its nodes in order and, with [`Spans`], a [`Cell`] per node in the same
/// order.
struct SiftLayer {
    nodes: Vec<u32>,
    cells: Vec<Cell>,
    /// The moves of the layers above and below when the cells' spans were computed (`u64::MAX`:
    /// never).
    stamp: u64,
}

/// Where a node's edges end on each side (up, down): their total weight, the lowest and highest
/// position they reach there (`u32::MAX` and 0 without edges there; edges of weight 0, the links
/// between cluster borders, count for nothing), and the mask of the chain ends they may share
/// ([`Spans`]).
#[derive(Clone, Copy, Default)]
struct Cell {
    weight: [u32; 2],
    lo: [u32; 2],
    hi: [u32; 2],
    ends: [u64; 2],
}

/// Lets sifting pass a node without looking at its edges when all of them end on one side of
/// the moving node's on a layer next to theirs: with the moving node `v` left of `w`, every pair
/// of their edges on that side crosses if all of `w`'s end left of all of `v`'s, and none does
/// if right of them; so `v` passing `w` changes the crossings by the product of their weights.
///
/// That holds only where no pair of the two nodes' edges shares an end node (such pairs never
/// count, [`tally`]). Two edges of two nodes of one layer that start (or end) at the same node
/// either both reach it (the same position: no shortcut) or both belong to chains with dummies
/// (a chain has one node per layer, so the two nodes are dummies, or the edges' other ends
/// are). So every edge of a chain with dummies that shares its tail (head) with another such
/// chain puts a bit for that end in its node's mask (tails in the low half, heads in the high
/// half), and two nodes whose masks meet are counted edge by edge.
///
/// A layer's spans depend only on the positions on the two layers next to it: they are
/// computed when a node of the layer is sifted and either of those has moved a node since
/// (sifting a node of layer `l` happens under `l`'s lock, and never while a node of `l - 1` or
/// `l + 1` is sifted, so relaxed atomics suffice).
struct Spans {
    /// Per node and side: total weight of its edges and its mask of ends.
    weight: Vec<[u32; 2]>,
    ends: Vec<[u64; 2]>,
    /// Per layer: moves of its nodes so far.
    moved: Vec<AtomicU32>,
}

impl Spans {
    fn new(lg: &Layered) -> Spans {
        // Chains with dummies by tail and by head.
        let mut count = vec![[0u32; 2]; lg.real];
        for chain in lg.chains.iter().filter(|chain| !chain.dummies.is_empty()) {
            for (end, k) in [(chain.tail, 0), (chain.head, 1)] {
                if let Some(c) = count.get_mut(end as usize) {
                    c[k] += 1;
                }
            }
        }
        let bit = |x: u32, half: u32| 1u64 << (x.wrapping_mul(0x9E37_79B1) >> 27 | half);
        let mask = |c: u32| -> u64 {
            let Some(chain) = lg.chains.get(c as usize) else { return u64::MAX };
            if chain.dummies.is_empty() {
                return 0;
            }
            let shared = |end: u32, k: usize| count.get(end as usize).is_none_or(|n| n[k] >= 2);
            let tail = if shared(chain.tail, 0) { bit(chain.tail, 0) } else { 0 };
            let head = if shared(chain.head, 1) { bit(chain.head, 32) } else { 0 };
            tail | head
        };
        let (mut weight, mut ends) = (Vec::with_capacity(lg.kind.len()), Vec::with_capacity(lg.kind.len()));
        for v in 0..lg.kind.len() as u32 {
            let (mut w, mut e) = ([0u32; 2], [0u64; 2]);
            for (side, adj) in [&lg.up, &lg.down].into_iter().enumerate() {
                for i in adj.row(v) {
                    if adj.weight[i] > 0 {
                        w[side] = w[side].saturating_add(adj.weight[i]);
                        e[side] |= mask(adj.chain[i]);
                    }
                }
            }
            weight.push(w);
            ends.push(e);
        }
        Spans { weight, ends, moved: (0..lg.layers.len()).map(|_| AtomicU32::new(0)).collect() }
    }

    /// Brings the cells of layer `l` (locked by the caller) up to date.
    fn refresh(&self, lg: &Layered, pos: &[AtomicU32], l: usize, layer: &mut SiftLayer) {
        let moves = |m: Option<usize>| m.and_then(|m| self.moved.get(m)).map_or(0, |a| a.load(Ordering::Relaxed));
        let stamp = u64::from(moves(l.checked_sub(1))) << 32 | u64::from(moves(Some(l + 1)));
        if layer.stamp == stamp {
            return;
        }
        layer.stamp = stamp;
        layer.cells.clear();
        layer.cells.extend(layer.nodes.iter().map(|&w| {
            let mut cell = Cell { weight: self.weight[w as usize], ends: self.ends[w as usize], ..Cell::default() };
            for (side, adj) in [&lg.up, &lg.down].into_iter().enumerate() {
                let (mut lo, mut hi) = (u32::MAX, 0u32);
                for i in adj.row(w) {
                    if adj.weight[i] > 0 {
                        let p = at(pos, adj.adj[i]);
                        lo = lo.min(p);
                        hi = hi.max(p);
                    }
                }
                (cell.lo[side], cell.hi[side]) = (lo, hi);
            }
            cell
        }));
    }
}

/// Buffers of one sifting thread.
#[derive(Default)]
struct SiftScratch {
    profiles: [Profile; 2],
}

impl Sifting<'_> {
    /// Moves `v` to the slot of its window (the run of up to `reach` nodes either side that it
    /// may pass) with the fewest crossings, if that has fewer than its own; returns the gain.
    fn sift_node(&self, v: u32, scratch: &mut SiftScratch) -> u64 {
        let lg = self.lg;
        let l = lg.layer[v as usize] as usize;
        // Only this node's sifting changes its layer; a poisoned lock still holds a whole layer.
        let mut guard = self.layers[l].lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let p = at(self.pos, v) as usize;
        let reach = self.reach;
        let (mut lo, mut hi) = (p, p);
        if lg.cluster_parent.is_empty() {
            // Without clusters (and so borders) every node may pass every other.
            lo = p.saturating_sub(reach);
            hi = p.saturating_add(reach).min(guard.nodes.len() - 1);
        } else {
            let layer = &guard.nodes;
            while lo > 0 && p - lo < reach && swappable(lg, layer[lo - 1], v) {
                lo -= 1;
            }
            while hi + 1 < layer.len() && hi - p < reach && swappable(lg, v, layer[hi + 1]) {
                hi += 1;
            }
        }
        if lo == hi {
            return 0;
        }
        let profiles = &mut scratch.profiles;
        profiles[0].build(self.pos, &lg.up, v);
        profiles[1].build(self.pos, &lg.down, v);
        if let Some(spans) = self.spans {
            spans.refresh(lg, self.pos, l, &mut guard);
        }
        let SiftLayer { nodes: layer, cells, .. } = &mut *guard;
        let me = self.spans.map(|_| cells[p]);
        // Crossing change of v at each slot of the window, relative to slot 0 (slot `k`: after
        // the first `k` other nodes of the window); the current slot is `p - lo`.
        let mut delta: i64 = 0;
        let mut best = (0i64, 0usize);
        let adjs = [&lg.up, &lg.down];
        // The crossing change on one side of moving v from before w to after it, edge by edge.
        // (`shared`: whether a pair of their edges may share an end node.)
        let exact = |side: usize, w: u32, shared: bool| {
            let (vw, wv) = profiles[side].against(self.pos, adjs[side], w, shared);
            wv as i64 - vw as i64
        };
        // The crossing change on one side of moving v past a node whose cell is `cell`, from the
        // weights and spans alone, if they tell: all of w's edges end left of all of v's (every
        // pair crosses while v is left of w, none after) or right of them (the other way round).
        // Else `Err` with whether a pair of their edges may share an end node.
        let quick = |me: &Cell, cell: &Cell, side: usize| -> Result<i64, bool> {
            let product = i64::from(me.weight[side]) * i64::from(cell.weight[side]);
            if product == 0 {
                return Ok(0);
            }
            let shared = me.ends[side] & cell.ends[side] != 0;
            if !shared {
                if cell.hi[side] < me.lo[side] {
                    return Ok(-product);
                }
                if cell.lo[side] > me.hi[side] {
                    return Ok(product);
                }
            }
            Err(shared)
        };
        // The crossing change of moving v from before the node at `i` to after it.
        let pass = |i: usize| -> i64 {
            let w = layer[i];
            let Some(me) = &me else { return exact(0, w, true) + exact(1, w, true) };
            let cell = &cells[i];
            let mut d = 0;
            for side in 0..2 {
                d += match quick(me, cell, side) {
                    Ok(change) => {
                        debug_assert!(
                            change == 0 || change == exact(side, w, true),
                            "sifting {v} past {w}: weights and spans disagree with the edges"
                        );
                        change
                    }
                    Err(shared) => exact(side, w, shared),
                };
            }
            d
        };
        for i in lo..p {
            delta += pass(i);
            if delta < best.0 {
                best = (delta, i + 1 - lo);
            }
        }
        let current = delta;
        for i in p + 1..=hi {
            delta += pass(i);
            if delta < best.0 {
                best = (delta, i - lo);
            }
        }
        if best.0 >= current {
            return 0;
        }
        // The nodes between v's slot and its new one shift by one towards the old.
        let q = lo + best.1;
        move_entry(layer, p, q);
        if let Some(spans) = self.spans {
            move_entry(cells, p, q);
            spans.moved[l].fetch_add(1, Ordering::Relaxed);
        }
        let first = p.min(q);
        for (i, &w) in layer[first..=p.max(q)].iter().enumerate() {
            self.pos[w as usize].store((first + i) as u32, Ordering::Relaxed);
        }
        (current - best.0) as u64
    }
}

/// Moves `items[from]` to index `to`, shifting the items between by one towards `from`.
fn move_entry<T>(items: &mut [T], from: usize, to: usize) {
    if to > from {
        items[from..=to].rotate_left(1);
    } else {
        items[to..=from].rotate_right(1);
    }
}

/// A node's position, as the sifting threads share it.
fn at(pos: &[AtomicU32], v: u32) -> u32 {
    pos[v as usize].load(Ordering::Relaxed)
}

/// A round of sifting as work per layer: the nodes of each layer in the order of the round, and
/// for each, how many nodes of the layers next to it come before it in the round.
struct Plan {
    /// Nodes per layer, in the order of the round.
    ops: Vec<Vec<u32>>,
    /// For `ops[l][j]`: its place in the round, and the nodes of layers `l - 1` and `l + 1` before it.
    waits: Vec<Vec<(u32, u32, u32)>>,
    /// Whether two threads would take at most `SIFT_SPAN` of the time one takes (the longest
    /// chain of nodes that must be sifted one after the other, against all of them, with a node's
    /// cost estimated as its layer's work over its nodes).
    parallel: bool,
}

/// The share of one thread's time above which the longest chain of dependent nodes makes a
/// second thread not worth it (their locks and waits cost more than it saves). Sifting, timed
/// on one thread and on two: root of the Graphviz graphs (0.94, most of the work on one layer)
/// and b102 (0.81, 2.5 against 3.0 ms) and b143 (0.82, 2.5 against 3.3 ms) are faster on one;
/// b103 (0.71, 31 against 28 ms) is faster on two. On one, the other thread runs the restarts
/// meanwhile (see `search`).
const SIFT_SPAN: f64 = 0.75;

impl Plan {
    fn new(lg: &Layered, nodes: &[u32], reach: usize) -> Plan {
        let n = lg.layers.len();
        let mut ops = vec![Vec::new(); n];
        let mut waits = vec![Vec::new(); n];
        let cost: Vec<f64> =
            lg.layers.iter().map(|layer| layer_work(lg, layer, reach) as f64 / layer.len().max(1) as f64).collect();
        // When each layer's last node so far would be done, sifting them as early as allowed.
        let mut finish = vec![0.0f64; n];
        let mut total = 0.0;
        for (k, &v) in nodes.iter().enumerate() {
            let l = lg.layer[v as usize] as usize;
            let below = if l > 0 { ops[l - 1].len() } else { 0 };
            let above = ops.get(l + 1).map_or(0, Vec::len);
            ops[l].push(v);
            waits[l].push((k as u32, below as u32, above as u32));
            let start = finish[l.saturating_sub(1)..(l + 2).min(n)].iter().copied().fold(0.0, f64::max);
            finish[l] = start + cost[l];
            total += cost[l];
        }
        let span = finish.iter().copied().fold(0.0, f64::max);
        Plan { ops, waits, parallel: span <= SIFT_SPAN * total }
    }
}

/// Progress of a round of sifting on two threads: the next node of a layer may be sifted once
/// every node before it in the round on its own and adjacent layers is done. A node taken is the
/// earliest in the round of those that may be.
struct Schedule {
    state: Mutex<Progress>,
    /// Bumped whenever a node is done, so that a waiting thread looks again.
    epoch: AtomicU32,
    /// Set when a thread panicked: the other stops instead of waiting for its node forever.
    stopped: AtomicBool,
}

/// Stops the round's other thread if this one unwinds.
struct StopOnPanic<'a>(&'a Schedule);

impl Drop for StopOnPanic<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.stopped.store(true, Ordering::Release);
            self.0.epoch.fetch_add(1, Ordering::Release);
        }
    }
}

struct Progress {
    /// Nodes done per layer.
    done: Vec<u32>,
    /// Layers whose next node is being sifted or waits in `ready`.
    taken: Vec<bool>,
    /// Nodes that may be sifted now, as (place in the round, layer).
    ready: BinaryHeap<Reverse<(u32, usize)>>,
    left: usize,
}

impl Schedule {
    fn new(plan: &Plan) -> Schedule {
        let n = plan.ops.len();
        let mut progress = Progress {
            done: vec![0; n],
            taken: vec![false; n],
            ready: BinaryHeap::new(),
            left: plan.ops.iter().map(Vec::len).sum(),
        };
        for l in 0..n {
            progress.offer(plan, l);
        }
        Schedule { state: Mutex::new(progress), epoch: AtomicU32::new(0), stopped: AtomicBool::new(false) }
    }

    /// The next node to sift, as (layer, index in the layer's work); `None` once all are done
    /// (or the other thread panicked).
    fn next(&self) -> Option<(usize, usize)> {
        loop {
            let seen = self.epoch.load(Ordering::Acquire);
            if self.stopped.load(Ordering::Acquire) {
                return None;
            }
            {
                let mut progress = self.lock();
                if progress.left == 0 {
                    return None;
                }
                if let Some(Reverse((_, l))) = progress.ready.pop() {
                    return Some((l, progress.done[l] as usize));
                }
            }
            // The other thread is sifting what this one waits for: a node takes microseconds, but
            // that thread may lose its processor, so after a while this one gives way.
            let mut spins = 0u32;
            while self.epoch.load(Ordering::Acquire) == seen {
                if spins < 4096 {
                    spins += 1;
                    std::hint::spin_loop();
                } else {
                    std::thread::yield_now();
                }
            }
        }
    }

    /// Records that the next node of layer `l` is done, and offers what that frees.
    fn done(&self, plan: &Plan, l: usize) {
        let mut progress = self.lock();
        progress.done[l] += 1;
        progress.taken[l] = false;
        progress.left -= 1;
        for m in l.saturating_sub(1)..(l + 2).min(plan.ops.len()) {
            progress.offer(plan, m);
        }
        drop(progress);
        self.epoch.fetch_add(1, Ordering::Release);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Progress> {
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Progress {
    /// Makes the next node of layer `l` ready if every node before it on the layers next to
    /// it is done (those on its own layer are: they come before it in `done`).
    fn offer(&mut self, plan: &Plan, l: usize) {
        let j = self.done[l] as usize;
        if self.taken[l] || j >= plan.ops[l].len() {
            return;
        }
        let (k, below, above) = plan.waits[l][j];
        let below_done = l == 0 || self.done[l - 1] >= below;
        let above_done = l + 1 >= self.done.len() || self.done[l + 1] >= above;
        if below_done && above_done {
            self.taken[l] = true;
            self.ready.push(Reverse((k, l)));
        }
    }
}

/// Edges up to which a linear scan beats the sorted lookups.
const SCAN: usize = 8;

/// A node's edges toward one adjacent layer, for counting their crossings with another node's.
#[derive(Default)]
struct Profile {
    /// (other end's position, weight, chain tail, chain head), by position.
    edges: Vec<(u32, u32, u32, u32)>,
    /// `running[i]`: total weight of `edges[..i]`.
    running: Vec<u64>,
    /// (chain tail, index in `edges`) and (chain head, index), sorted, for nodes with many edges.
    by_tail: Vec<(u32, u32)>,
    by_head: Vec<(u32, u32)>,
}

impl Profile {
    fn build(&mut self, pos: &[AtomicU32], adj: &super::layered::Csr, v: u32) {
        self.edges.clear();
        self.edges.extend(adj.row(v).map(|i| {
            let (t, h) = adj.ends[i];
            (at(pos, adj.adj[i]), adj.weight[i], t, h)
        }));
        self.edges.sort_unstable();
        self.running.clear();
        self.running.push(0);
        let mut sum = 0u64;
        for e in &self.edges {
            sum += u64::from(e.1);
            self.running.push(sum);
        }
        self.by_tail.clear();
        self.by_head.clear();
        if self.edges.len() > SCAN {
            for (i, e) in self.edges.iter().enumerate() {
                if e.2 != NONE {
                    self.by_tail.push((e.2, i as u32));
                    self.by_head.push((e.3, i as u32));
                }
            }
            self.by_tail.sort_unstable();
            self.by_head.sort_unstable();
        }
    }

    /// Crossings of these edges with `w`'s edges in `adj`, as (this node left of `w`, right of
    /// it), not counting pairs of edges that share an end node (as [`tally`]); without `shared`,
    /// the caller knows that no pair does ([`Spans`]), and they are not looked for.
    fn against(&self, pos: &[AtomicU32], adj: &super::layered::Csr, w: u32, shared: bool) -> (u64, u64) {
        let row = adj.row(w);
        if self.edges.is_empty() || row.is_empty() {
            return (0, 0);
        }
        let all = *self.running.last().unwrap_or(&0);
        let (mut left, mut right) = (0u64, 0u64);
        for i in row {
            let pb = at(pos, adj.adj[i]);
            let wb = u64::from(adj.weight[i]);
            let (tb, hb) = adj.ends[i];
            if self.edges.len() <= SCAN {
                for &(pa, wa, ta, ha) in &self.edges {
                    tally(pa, (ta, ha), wa, pb, (tb, hb), adj.weight[i], &mut left, &mut right);
                }
                continue;
            }
            let below = self.edges.partition_point(|e| e.0 < pb);
            let upto = self.edges.partition_point(|e| e.0 <= pb);
            left += wb * (all - self.running[upto]);
            right += wb * self.running[below];
            if shared && tb != NONE {
                // Take back the pairs that share an end node: same tail, or same head but not
                // the same tail (those were taken back already).
                let tails = self.by_tail.partition_point(|x| x.0 < tb);
                let heads = self.by_head.partition_point(|x| x.0 < hb);
                let same_tail = self.by_tail[tails..].iter().take_while(|x| x.0 == tb);
                let same_head = self.by_head[heads..].iter().take_while(|x| x.0 == hb);
                for &(_, i) in same_tail.chain(same_head.filter(|x| self.edges[x.1 as usize].2 != tb)) {
                    let (pa, wa, _, _) = self.edges[i as usize];
                    let prod = u64::from(wa) * wb;
                    if pa > pb {
                        left -= prod;
                    } else if pa < pb {
                        right -= prod;
                    }
                }
            }
        }
        (left, right)
    }
}

#[cfg(test)]
mod tests {
    use super::super::{ClusterSpec, EdgeRole, EdgeSpec, Graph, NodeSpec};
    use super::*;

    /// `2n` random forward edges among `n` nodes, each spanning at most `span` + 1 nodes.
    fn random_edges(n: u32, span: u32, next: &mut impl FnMut(u64) -> u64) -> Vec<(u32, u32)> {
        (0..n * 2)
            .map(|_| {
                let a = next(u64::from(n) - 1) as u32;
                (a, a + 1 + next(u64::from((n - a - 1).min(span))) as u32)
            })
            .collect()
    }

    /// Gives `g` clusters with the given parents and puts node `v` in `cycle[v % cycle.len()]`.
    fn put_in_clusters(g: &mut Graph, parents: &[Option<u32>], cycle: &[Option<u32>]) {
        g.clusters = parents.iter().map(|&parent| ClusterSpec { parent, title: (10.0, 5.0) }).collect();
        for (v, node) in g.nodes.iter_mut().enumerate() {
            node.cluster = cycle[v % cycle.len()];
        }
    }

    fn graph(n: usize, edges: &[(u32, u32)]) -> Graph {
        Graph {
            nodes: vec![NodeSpec { width: 10.0, height: 10.0, cluster: None, lane: 0 }; n],
            edges: edges.iter().map(|&(from, to)| EdgeSpec { from, to, role: EdgeRole::Flow, label: None }).collect(),
            ..Graph::default()
        }
    }

    /// A random graph of `n` nodes with edges within `span` of each other, in one top-level
    /// cluster with one nested in it (every third node outside) on odd cases.
    fn random_case(case: u32, n: u32, span: u32, next: &mut impl FnMut(u64) -> u64) -> Graph {
        let mut g = graph(n as usize, &random_edges(n, span, next));
        if case % 2 == 1 {
            put_in_clusters(&mut g, &[None, Some(0)], &[Some(0), Some(1), None]);
        }
        g
    }

    fn layered(g: &Graph) -> Layered {
        let options = Options::default();
        let o = super::super::acyclic::break_cycles(g);
        let r = super::super::rank::assign(g, &o);
        super::super::layered::build(g, &o, &r, &options)
    }

    #[test]
    fn removes_an_avoidable_crossing() {
        // 0 -> 3, 1 -> 2 with 2 and 3 given in the crossing order first.
        let g = graph(4, &[(0, 3), (1, 2)]);
        let mut lg = layered(&g);
        assert_eq!(minimise(&mut lg, &Options::default()), 0);
        assert_eq!(count_all(&lg), 0);
    }

    #[test]
    fn counts_a_complete_bipartite_graph() {
        // Two layers of three nodes, all joined: 9 crossings whatever the order.
        let edges: Vec<(u32, u32)> = (0..3).flat_map(|a| (3..6).map(move |b| (a, b))).collect();
        let g = graph(6, &edges);
        let mut lg = layered(&g);
        assert_eq!(minimise(&mut lg, &Options::default()), 9);
    }

    /// Deterministic numbers below a bound, for generated test graphs.
    fn xorshift(mut state: u64) -> impl FnMut(u64) -> u64 {
        move |bound| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % bound
        }
    }

    /// Transpose as dot does it, weighing every pair on every visit.
    fn transpose_every_pair(lg: &mut Layered, reverse: bool) {
        let nlayers = lg.layers.len();
        let mut candidate = vec![true; nlayers];
        for _ in 0..64 {
            let mut delta = 0u64;
            for l in 0..nlayers {
                if !std::mem::replace(&mut candidate[l], false) {
                    continue;
                }
                let mut d = 0;
                for i in 0..lg.layers[l].len().saturating_sub(1) {
                    let (v, w) = (lg.layers[l][i], lg.layers[l][i + 1]);
                    if !swappable(lg, v, w) {
                        continue;
                    }
                    let (c0, c1) = crossing_pair(lg, v, w);
                    if c1 < c0 || (reverse && c0 > 0 && c1 == c0) {
                        lg.layers[l].swap(i, i + 1);
                        lg.pos[v as usize] = i as u32 + 1;
                        lg.pos[w as usize] = i as u32;
                        d += c0 - c1;
                    }
                }
                if d > 0 {
                    delta += d;
                    if l > 0 {
                        candidate[l - 1] = true;
                    }
                    if l + 1 < nlayers {
                        candidate[l + 1] = true;
                    }
                }
            }
            if delta == 0 {
                break;
            }
        }
    }

    #[test]
    fn transpose_skips_only_pairs_that_cannot_change() {
        let mut next = xorshift(0x2545_F491_4F6C_DD1D);
        for case in 0..160 {
            // Every fourth graph wide (layers of well over 64 nodes: stale bits in several words).
            let (n, edges) = if case % 4 == 3 {
                // Three tiers of a third each, edges between them and from the first to the last.
                let n = 400 + next(200) as u32;
                let t = n / 3;
                let mut pick = |tier: u32| tier * t + next(u64::from(t)) as u32;
                let edges: Vec<(u32, u32)> = (0..n * 2)
                    .map(|k| [(0, 1), (1, 2), (0, 2)][k as usize % 3])
                    .map(|(a, b)| (pick(a), pick(b)))
                    .collect();
                (n, edges)
            } else {
                let n = 20 + next(60) as u32;
                (n, random_edges(n, 12, &mut next))
            };
            let mut g = graph(n as usize, &edges);
            if case % 3 == 1 {
                // Clusters: pairs that may not swap, and weightless links between their borders.
                put_in_clusters(&mut g, &[None, Some(0), None], &[Some(0), Some(1), Some(2), None]);
            }
            let mut ours = layered(&g);
            let widest = ours.layers.iter().map(Vec::len).max().unwrap_or(0);
            assert!(case % 4 != 3 || widest > 128, "case {case}: widest layer {widest}");
            breadth_first_order(&mut ours, case % 2 == 0, case % 3 == 0, false);
            perturb(&mut ours, case + 1);
            let mut reference = ours.clone();
            let mut dirty = Dirty::default();
            for reverse in [false, true, true, false] {
                transpose(&mut ours, reverse, false, &mut dirty);
                transpose_every_pair(&mut reference, reverse);
                assert_eq!(ours.layers, reference.layers, "case {case}");
            }
        }
    }

    /// After a visit of a layer, every pair side by side on a layer next to it whose crossings
    /// changed has a node marked to be weighed again.
    #[test]
    fn transpose_marks_every_pair_whose_crossings_changed() {
        let mut next = xorshift(0x9E37_79B9_7F4A_7C15);
        let mut changed_pairs = 0;
        for case in 0..60u64 {
            let n = 20 + next(60) as u32;
            let mut edges = random_edges(n, 6, &mut next);
            // Nodes with many edges, so that swaps move nodes with neighbours on both sides.
            for b in 1..n {
                if next(4) == 0 {
                    edges.push((next(u64::from(b)) as u32, b));
                }
            }
            let mut g = graph(n as usize, &edges);
            if case % 3 == 1 {
                put_in_clusters(&mut g, &[None, Some(0)], &[Some(0), Some(1), None]);
            }
            let mut lg = layered(&g);
            breadth_first_order(&mut lg, case % 2 == 0, case % 3 == 0, false);
            perturb(&mut lg, case + 3);
            for l in 0..lg.layers.len() {
                let pairs = |lg: &Layered, m: usize| -> Vec<(u32, u32, (u64, u64))> {
                    lg.layers[m].windows(2).map(|p| (p[0], p[1], crossing_pair(lg, p[0], p[1]))).collect()
                };
                let near: Vec<usize> =
                    [l.wrapping_sub(1), l + 1].into_iter().filter(|m| *m < lg.layers.len()).collect();
                let before: Vec<_> = near.iter().map(|&m| pairs(&lg, m)).collect();
                // Layer `l` visited for the first time (every pair weighed), nothing marked.
                let nlayers = lg.layers.len();
                let (dirty, mark) = (vec![false; lg.kind.len()], vec![0; lg.kind.len()]);
                let (queued, fresh) = (vec![Vec::new(); nlayers], (0..nlayers).map(|m| m == l).collect());
                let mut scratch = Dirty { dirty, queued, fresh, mark, ..Dirty::default() };
                transpose_layer(&mut lg, l, case % 2 == 1, &mut scratch);
                // Every node marked is queued on its layer, once.
                for (m, layer) in lg.layers.iter().enumerate() {
                    let mut marked: Vec<u32> = layer.iter().copied().filter(|v| scratch.dirty[*v as usize]).collect();
                    let mut queued = scratch.queued[m].clone();
                    marked.sort_unstable();
                    queued.sort_unstable();
                    assert_eq!(marked, queued, "case {case}, layer {l}: queue of layer {m}");
                }
                for (k, &m) in near.iter().enumerate() {
                    for ((a, b, was), (_, _, now)) in before[k].iter().zip(pairs(&lg, m)) {
                        if *was != now {
                            changed_pairs += 1;
                            let marked = scratch.dirty[*a as usize] || scratch.dirty[*b as usize];
                            assert!(marked, "case {case}, layer {l}: pair {a} {b} on layer {m} not marked");
                        }
                    }
                }
            }
        }
        assert!(changed_pairs > 100, "the graphs exercise the marking: {changed_pairs}");
    }

    /// Bits by position, as transpose keeps them, against a plain list of flags.
    #[test]
    fn position_bits_swap_and_search_like_flags() {
        let mut next = xorshift(0x5851_F42D_4C95_7F2D);
        for case in 0..40 {
            let len = 1 + next(300) as usize;
            let mut flags: Vec<bool> = (0..len).map(|_| next(5) == 0).collect();
            let mut bits = vec![0u64; len.div_ceil(64)];
            for (i, f) in flags.iter().enumerate() {
                bits[i / 64] |= u64::from(*f) << (i % 64);
            }
            // Every swap across a word boundary, then random ones.
            let swaps: Vec<usize> =
                (63..len.saturating_sub(1)).step_by(64).chain((0..50).map(|_| next(len as u64) as usize)).collect();
            for i in swaps.into_iter().filter(|i| i + 1 < len) {
                flags.swap(i, i + 1);
                swap_bits(&mut bits, i);
                for from in [0, i, i + 1, len - 1] {
                    let expected = (from..len).find(|k| flags[*k]);
                    assert_eq!(next_bit(&bits, from), expected, "case {case}: from {from} after swapping {i}");
                }
            }
        }
    }

    /// The depth-first order is Graphviz's recursive `search_component` (lower neighbours, then
    /// upper ones), from every unvisited node in index order.
    #[test]
    fn depth_first_order_is_the_recursive_one() {
        fn visit(lg: &Layered, v: u32, seen: &mut [bool], out: &mut Vec<u32>) {
            seen[v as usize] = true;
            out.push(v);
            let next: Vec<u32> = lg.down.of(v).chain(lg.up.of(v)).map(|(w, _)| w).collect();
            for w in next {
                if !seen[w as usize] {
                    visit(lg, w, seen, out);
                }
            }
        }
        let mut next = xorshift(0x2F1B_7A5C_33D9_E041);
        for _ in 0..20 {
            let n = 10 + next(60) as u32;
            let lg = layered(&graph(n as usize, &random_edges(n, 12, &mut next)));
            let mut seen = vec![false; lg.kind.len()];
            let mut expected = Vec::new();
            for v in 0..lg.kind.len() as u32 {
                if !seen[v as usize] {
                    visit(&lg, v, &mut seen, &mut expected);
                }
            }
            assert_eq!(depth_first_order(&lg), expected);
        }
    }

    /// An initial order the chain has improved before is not improved again: the result is that
    /// of the first time, and improving it again, bounded by that result as the chain would,
    /// never does better.
    #[test]
    fn a_repeated_initial_order_is_improved_once() {
        let mut next = xorshift(0x2545_F491_4F6C_DD1D);
        let options = Options::default();
        for case in 0..16u32 {
            let n = 20 + next(60) as u32;
            let g = random_case(case, n, 12, &mut next);
            let lg = layered(&g);
            let pass = case % 6;
            let mut once = Chain::new(lg.clone(), 0);
            let mut twice = Chain::new(lg.clone(), 0);
            let a = once.initial(&options, &[pass], Bound::Now(u64::MAX), 6);
            let b = twice.initial(&options, &[pass, pass], Bound::Now(u64::MAX), 6);
            assert_eq!((a, &once.lg.layers), (b, &twice.lg.layers), "case {case}");
            assert_eq!(twice.started.len(), 1, "case {case}: the order was improved once");
            // Later, as Graphviz's orders are, with the best so far as bound: skipped, and the
            // chain keeps whole layers for the next job.
            let late = twice.initial(&options, &[pass], Bound::Now(a), 5);
            assert_eq!(late, u64::MAX, "case {case}");
            let sizes: Vec<usize> = twice.lg.layers.iter().map(Vec::len).collect();
            assert_eq!(sizes, lg.layers.iter().map(Vec::len).collect::<Vec<_>>(), "case {case}");
            let best = once.lg.layers.clone();
            assert!(twice.restart(&options, &best, a, 0, 0) < u64::MAX, "case {case}");
            // What improving it again would have found.
            let mut again = Chain::new(lg.clone(), 0);
            again.start(pass);
            for slack in [6, 5] {
                let mut run = again.lg.clone();
                let mut state = State::new(&run);
                state.cluster_rank.clone_from(&again.state.cluster_rank);
                assert!(
                    improve(&mut run, &mut state, &options, Bound::Now(a), slack, MIN_QUIT) >= a,
                    "case {case}, slack {slack}"
                );
            }
        }
    }

    /// Later initial orders that repeat an earlier one are left out, and (without clusters) only
    /// those: trees, whose orders from the sinks following edges forward or both ways are one,
    /// and random graphs, with and without clusters.
    #[test]
    fn repeated_initial_orders_are_left_out() {
        let mut next = xorshift(0x5851_F42D_4C95_7F2D);
        let mut left_out = 0;
        for case in 0..40 {
            let n = 12 + next(30) as u32;
            let edges: Vec<(u32, u32)> = if case % 2 == 0 {
                // A tree towards node 0: every other node has one edge, to a lower node.
                (1..n).map(|v| (next(u64::from(v)) as u32, v)).map(|(a, b)| (b, a)).collect()
            } else {
                random_edges(n, 6, &mut next)
            };
            let mut g = graph(n as usize, &edges);
            let clustered = case % 4 == 3;
            if clustered {
                put_in_clusters(&mut g, &[None, Some(0), None], &[Some(0), Some(1), Some(2), None]);
            }
            let lg = layered(&g);
            let order = |pass: u32| {
                let mut chain = Chain::new(lg.clone(), 0);
                chain.start(pass);
                chain.lg.layers
            };
            let (both, dots) = Chain::new(lg.clone(), 0).distinct(&PASSES[2..4], &PASSES[4..6]);
            let kept: Vec<u32> = [0, 1].iter().chain(&both).chain(&dots).copied().collect();
            for pass in 2..6 {
                let earlier: Vec<u32> = (0..pass).filter(|q| kept.contains(q)).collect();
                if kept.contains(&pass) {
                    if !clustered {
                        assert!(earlier.iter().all(|&q| order(q) != order(pass)), "case {case}: {pass} repeats");
                    }
                } else {
                    assert!(earlier.iter().any(|&q| order(q) == order(pass)), "case {case}: {pass} left out");
                    left_out += 1;
                }
            }
        }
        assert!(left_out >= 40, "only {left_out} orders left out");
    }

    /// The second chain on its own thread or run here: the same orders.
    #[test]
    fn late_orders_beside_sifting_do_not_change_the_result() {
        // Three layers, most of the work on the wide middle one (as root of the Graphviz
        // graphs): sifting runs on one thread and starts before the restarts, which the other
        // chain runs meanwhile with Graphviz's late orders; the result when the restarts find a
        // better order, and when they do not.
        let mut next = xorshift(0x2545_F491_4F6C_DD1D);
        let mut restarts_found = [0, 0];
        for case in 0..6 {
            let (hubs, middle, leaves) = (4 + case % 3 * 4, 300u32, 300u32);
            let mut edges: Vec<(u32, u32)> = (0..middle).map(|m| (next(u64::from(hubs)) as u32, hubs + m)).collect();
            for leaf in 0..leaves {
                // Every leaf with one or two edges, or (odd cases, closer to a tree) every
                // tenth.
                let extra = if case % 2 == 0 { next(2) } else { u64::from(leaf % 10 == 0) };
                for _ in 0..1 + extra {
                    edges.push((hubs + next(u64::from(middle)) as u32, hubs + middle + leaf));
                }
            }
            let g = graph((hubs + middle + leaves) as usize, &edges);
            let lg = layered(&g);
            assert!(sifts_alone(&lg), "case {case}: sifting runs alone");
            let (both, dots) = Chain::new(lg.clone(), 0).distinct(&PASSES[2..4], &PASSES[4..6]);
            assert!(dots.len() > usize::from(both.len() == 1), "case {case}: Graphviz's orders are left for the end");
            let (mut threaded, mut here, mut without) = (lg.clone(), lg.clone(), lg);
            let a = search(&mut threaded, &Options::default(), Worker::start());
            let b = search(&mut here, &Options::default(), None);
            assert_eq!((a, &threaded.layers), (b, &here.layers), "case {case}");
            let c = search(&mut without, &Options { restarts: 0, ..Options::default() }, None);
            restarts_found[usize::from((c, &without.layers) != (b, &here.layers))] += 1;
        }
        assert!(
            restarts_found.iter().all(|n| *n > 0),
            "restarts found a better order in some cases only: {restarts_found:?}"
        );
    }

    /// Adds node `n` below every node of `0..n` without an edge down.
    fn add_one_sink(n: u32, edges: &mut Vec<(u32, u32)>) {
        let mut has_out = vec![false; n as usize];
        for &(a, _) in edges.iter() {
            has_out[a as usize] = true;
        }
        edges.extend((0..n).filter(|v| !has_out[*v as usize]).map(|v| (v, n)));
    }

    /// Whether sifting runs alone (beside the restarts) on `lg`; if so, checks that the search
    /// gives the same order with the second chain on its own thread and run here.
    fn alone_search_is_the_same_on_one_thread(lg: Layered, case: u32) -> bool {
        if !sifts_alone(&lg) {
            return false;
        }
        let (mut threaded, mut here) = (lg.clone(), lg);
        let a = search(&mut threaded, &Options::default(), Worker::start());
        let b = search(&mut here, &Options::default(), None);
        assert_eq!((a, &threaded.layers), (b, &here.layers), "case {case}");
        true
    }

    /// The second chain on its own thread or run here: the same orders, on layered graphs with
    /// one wide layer (sifting runs alone, beside the restarts) and one sink (so that the
    /// bottom-up orders coincide and Graphviz's top-down order runs early or late), including
    /// graphs where the restarts beside sifting find a better order and Graphviz's late order,
    /// improved beside them and thrown away with that sifting, must be improved again.
    #[test]
    fn searches_with_one_wide_layer_and_one_sink_do_not_depend_on_the_thread() {
        let mut next = xorshift(0x1234_5678_9ABC_DEF1);
        let mut alone = 0;
        for case in 0..40u32 {
            // Layers of random widths, one wide; edges to the layer above or the one above it.
            let nlayers = 3 + next(6) as usize;
            let wide = next(nlayers as u64) as usize;
            let widths: Vec<u32> =
                (0..nlayers).map(|l| if l == wide { 300 + next(300) as u32 } else { 5 + next(40) as u32 }).collect();
            let mut starts = vec![0u32];
            for w in &widths {
                starts.push(starts[starts.len() - 1] + w);
            }
            let n = starts[nlayers];
            let mut edges = Vec::new();
            for l in 1..nlayers {
                for v in starts[l]..starts[l + 1] {
                    for _ in 0..1 + next(2) {
                        let from = if l >= 2 && next(5) == 0 { l - 2 } else { l - 1 };
                        edges.push((starts[from] + next(u64::from(widths[from])) as u32, v));
                    }
                }
            }
            add_one_sink(n, &mut edges);
            alone += usize::from(alone_search_is_the_same_on_one_thread(layered(&graph(n as usize + 1, &edges)), case));
        }
        assert!(alone >= 20, "most graphs sift alone: {alone}");
    }

    /// The second chain on its own thread or run here: the same orders, on graphs of groups of
    /// sources sharing a layered subtree (one of them wide, so that sifting runs alone, beside
    /// the restarts), the nodes numbered at random and, on even cases, one sink below every node
    /// without edges down. Graphviz's top-down order (sources in the order a depth-first visit
    /// meets them) is then often the best one when sifting starts (cases 6, 12, 26 and 28: the
    /// search sifts it rather than the best of the others; checked by breaking that choice).
    #[test]
    fn searches_where_graphviz_order_may_be_the_best_do_not_depend_on_the_thread() {
        let mut next = xorshift(0x1234_5678_9ABC_DEF1);
        let mut alone = 0;
        for case in 0..30u32 {
            let groups = 2 + next(8) as u32;
            let depth = 2 + next(3) as usize;
            let wide_group = next(u64::from(groups)) as u32;
            let (mut edges, mut n) = (Vec::new(), 0u32);
            for g in 0..groups {
                let mut above: Vec<u32> = Vec::new();
                for l in 0..depth {
                    let width = if l == 1 && g == wide_group { 300 + next(200) as u32 } else { 2 + next(8) as u32 };
                    let layer: Vec<u32> = (n..n + width).collect();
                    n += width;
                    for &v in &layer {
                        if !above.is_empty() {
                            for _ in 0..1 + next(2) {
                                edges.push((above[next(above.len() as u64) as usize], v));
                            }
                        }
                    }
                    above = layer;
                }
            }
            // A few edges between groups, then the nodes renumbered at random.
            for _ in 0..next(u64::from(groups) * 2) {
                let (a, b) = (next(u64::from(n)) as u32, next(u64::from(n)) as u32);
                if a != b {
                    edges.push((a.min(b), a.max(b)));
                }
            }
            let mut number: Vec<u32> = (0..n).collect();
            for i in (1..n as usize).rev() {
                number.swap(i, next(i as u64 + 1) as usize);
            }
            let mut edges: Vec<(u32, u32)> =
                edges.iter().map(|&(a, b)| (number[a as usize], number[b as usize])).collect();
            if case % 2 == 0 {
                add_one_sink(n, &mut edges);
            }
            alone += usize::from(alone_search_is_the_same_on_one_thread(layered(&graph(n as usize + 1, &edges)), case));
        }
        assert!(alone >= 20, "most graphs sift alone: {alone}");
    }

    /// A first pair of initial orders posted ahead gives what it gives in a pair posted after the
    /// first two orders, whether ours takes the pair's first back or the other chain improves
    /// both (with and without clusters).
    #[test]
    fn a_pair_posted_ahead_gives_the_same_result() {
        let mut next = xorshift(0x9E37_79B9_7F4A_7C15);
        let options = Options::default();
        let pairs: [&[u32]; 6] = [&[2, 3], &[2, 4], &[3, 4], &[3, 5], &[2], &[4]];
        let mut theirs_kept = 0;
        for case in 0..24u32 {
            let n = 30 + next(50) as u32;
            let g = random_case(case, n, 10, &mut next);
            let lg = layered(&g);
            let pair = pairs[case as usize % pairs.len()];
            let run = |ahead: Option<bool>| {
                let mut ours = Chain::new(lg.clone(), 0);
                let mut other = Other::Here(Box::new(Chain::new(lg.clone(), 1)), &options, Default::default());
                other.send(Job::Initial(&PASSES[1..2], u64::MAX, 6));
                let bounds: Vec<_> = if ahead.is_some() {
                    pair.iter()
                        .rev()
                        .map(|&pass| {
                            let (bound, count) = std::sync::mpsc::channel();
                            other.send(Job::Ahead(pass, count));
                            bound
                        })
                        .collect()
                } else {
                    Vec::new()
                };
                let mine = ours.initial(&options, &PASSES[0..1], Bound::Now(u64::MAX), 6);
                let (mut best, mut theirs) = ((u64::MAX, Vec::new()), (u64::MAX, Vec::new()));
                keep_better(&mut best, mine, &ours, other.receive());
                for bound in &bounds {
                    bound.send(best.0).unwrap();
                }
                match ahead {
                    Some(steal) => {
                        let taken = if steal { other.steal() } else { None };
                        assert_eq!(taken.is_some(), steal, "case {case}");
                        first_pair(&mut ours, &mut other, &options, (&mut best, &mut theirs), pair, taken);
                    }
                    None => improve_pairs(&mut ours, &mut other, &options, (&mut best, &mut theirs), pair),
                }
                (best, theirs)
            };
            let paired = run(None);
            theirs_kept += usize::from(paired.1.0 < u64::MAX);
            assert_eq!(run(Some(true)), paired, "case {case}: {pair:?}, the first taken back");
            assert_eq!(run(Some(false)), paired, "case {case}: {pair:?}, both on the other chain");
        }
        assert!(theirs_kept > 4, "Graphviz's orders kept apart: {theirs_kept}");
    }

    /// A bound sent later, before the run, while it runs or after it would have ended, gives
    /// the run it gives when known from the start (with and without clusters).
    #[test]
    fn a_bound_sent_later_gives_the_same_run() {
        let mut next = xorshift(0x2545_F491_4F6C_DD1D);
        let options = Options::default();
        let mut cut = 0;
        for case in 0..12u32 {
            let n = 40 + next(60) as u32;
            let g = random_case(case, n, 12, &mut next);
            let mut chain = Chain::new(layered(&g), 0);
            chain.start(case % 4);
            let run = |bound: Bound| {
                let mut lg = chain.lg.clone();
                let mut state = State::new(&lg);
                state.cluster_rank.clone_from(&chain.state.cluster_rank);
                (improve(&mut lg, &mut state, &options, bound, 5, MIN_QUIT), lg.layers)
            };
            let unbounded = run(Bound::Now(u64::MAX));
            for eighths in 4..16 {
                let bound = unbounded.0 * eighths / 8;
                let known = run(Bound::Now(bound));
                cut += usize::from(known != unbounded);
                for (at_most, delay) in
                    [(u64::MAX, None), (u64::MAX, Some(0)), (u64::MAX, Some(200)), (bound, Some(5_000))]
                {
                    let (send, count) = std::sync::mpsc::channel();
                    let sender = match delay {
                        None => {
                            send.send(bound).unwrap();
                            None
                        }
                        Some(micros) => Some(std::thread::spawn(move || {
                            std::thread::sleep(std::time::Duration::from_micros(micros));
                            let _ = send.send(bound);
                        })),
                    };
                    let later = run(Bound::Later(at_most, count));
                    assert_eq!(later, known, "case {case}: bound {bound}, at most {at_most}, sent after {delay:?} µs");
                    if let Some(thread) = sender {
                        thread.join().unwrap();
                    }
                }
            }
        }
        assert!(cut >= 12, "the bound stops runs: {cut}");
    }

    #[test]
    fn threads_do_not_change_the_result() {
        let mut next = xorshift(0x5851_F42D_4C95_7F2D);
        for case in 0..12u32 {
            let n = 30 + next(50) as u32;
            let g = random_case(case, n, 12, &mut next);
            let mut threaded = layered(&g);
            let mut here = threaded.clone();
            let worker = Worker::start();
            assert!(worker.is_some(), "case {case}: a worker thread starts");
            let mut unanswered = here.clone();
            let a = search(&mut threaded, &Options::default(), worker);
            let b = search(&mut here, &Options::default(), None);
            assert_eq!((a, &threaded.layers), (b, &here.layers), "case {case}");
            // A worker whose thread never takes a job: the caller runs every job itself.
            let (wake, _) = std::sync::mpsc::channel();
            let (_, results) = std::sync::mpsc::channel();
            let slot = std::sync::Arc::new(Mutex::new(Slot::default()));
            let absent = Worker { slot, wake, results, thread: std::thread::spawn(|| ()) };
            let c = search(&mut unanswered, &Options::default(), Some(absent));
            assert_eq!((c, &unanswered.layers), (b, &here.layers), "case {case}: jobs run by the caller");
        }
    }

    /// What lets `improve` stop at a repeated order: replaying iterations from an order reached
    /// on the way, with fresh scratch state, gives the same orders (with and without clusters).
    #[test]
    fn an_iteration_depends_only_on_the_order_and_its_phase() {
        let mut next = xorshift(0x9E37_79B9_7F4A_7C15);
        for case in 0..30u32 {
            let n = 20 + next(60) as u32;
            let mut g = graph(n as usize, &random_edges(n, 12, &mut next));
            if case % 2 == 1 {
                // Two top-level clusters, one nested in the first; every fourth node outside.
                put_in_clusters(&mut g, &[None, Some(0), None], &[Some(0), Some(1), Some(2), None]);
            }
            let mut lg = layered(&g);
            breadth_first_order(&mut lg, case % 3 == 0, case % 4 == 0, false);
            perturb(&mut lg, u64::from(case) + 7);
            let mut state = State::new(&lg);
            if state.reset_cluster_ranks(&lg) {
                reapply_cluster_ranks(&mut lg, &mut state);
            }
            let orders: Vec<Vec<Vec<u32>>> = (0..10)
                .map(|iter| {
                    step(&mut lg, &mut state, iter, false);
                    lg.layers.clone()
                })
                .collect();
            for from in [3usize, 4, 6] {
                let mut again = lg.clone();
                again.layers.clone_from(&orders[from]);
                again.index_positions();
                let mut fresh = State::new(&again);
                fresh.cluster_rank.clone_from(&state.cluster_rank);
                for (iter, expected) in orders.iter().enumerate().skip(from + 1) {
                    step(&mut again, &mut fresh, iter as u32, false);
                    assert_eq!(&again.layers, expected, "case {case}, replay from {from}, iteration {iter}");
                }
            }
        }
    }

    #[test]
    fn edge_profiles_count_like_pairs() {
        // Hubs (more edges than a linear scan takes) and long edges through dummies sharing ends.
        let mut next = xorshift(0x9E37_79B9_7F4A_7C15);
        let mut unshared = 0;
        for case in 0..20 {
            let n = 30 + next(40) as u32;
            let mut edges = random_edges(n, u32::MAX, &mut next);
            edges.extend((1..n).filter(|_| next(3) == 0).map(|b| (0, b)));
            let g = graph(n as usize, &edges);
            let mut lg = layered(&g);
            breadth_first_order(&mut lg, true, case % 2 == 0, false);
            let mut profiles = [Profile::default(), Profile::default()];
            let pos: Vec<AtomicU32> = lg.pos.iter().map(|p| AtomicU32::new(*p)).collect();
            let spans = Spans::new(&lg);
            for layer in &lg.layers {
                for &v in layer {
                    profiles[0].build(&pos, &lg.up, v);
                    profiles[1].build(&pos, &lg.down, v);
                    for &w in layer.iter().filter(|w| **w != v) {
                        let (a0, b0) = profiles[0].against(&pos, &lg.up, w, true);
                        let (a1, b1) = profiles[1].against(&pos, &lg.down, w, true);
                        assert_eq!((a0 + a1, b0 + b1), crossing_pair(&lg, v, w), "case {case}: {v} {w}");
                        // Where the masks of chain ends do not meet, no pair shares an end: the
                        // count without looking for such pairs is the same.
                        for (side, adj) in [&lg.up, &lg.down].into_iter().enumerate() {
                            if spans.ends[v as usize][side] & spans.ends[w as usize][side] == 0 {
                                let exact = profiles[side].against(&pos, adj, w, true);
                                assert_eq!(profiles[side].against(&pos, adj, w, false), exact, "case {case}");
                                unshared += 1;
                            }
                        }
                    }
                }
            }
        }
        assert!(unshared > 0, "no pair of nodes without shared chain ends was compared");
    }

    #[test]
    fn sifting_by_spans_moves_like_sifting_edge_by_edge() {
        // Whole-layer sifting with and without the weights-and-spans shortcut, on graphs with
        // long edges that share ends, parallel edges, labelled edges and clusters; in debug
        // builds every shortcut is also checked against the edges themselves.
        let mut next = xorshift(0x9E37_79B9_7F4A_7C15);
        let mut shortcut_moves = 0;
        for case in 0..24 {
            let n = 30 + next(50) as u32;
            let span = [2, 4, u32::MAX][case % 3];
            let mut edges = random_edges(n, span, &mut next);
            // A few hubs whose long edges share their tail or head.
            for k in 0..4 {
                let hub = next(u64::from(n / 2)) as u32;
                edges.push((hub, (hub + 2 + k).min(n - 1)));
                edges.push((hub / 2, hub + 3.min(n - 1 - hub)));
            }
            edges.retain(|(a, b)| a != b);
            let mut g = graph(n as usize, &edges);
            for (i, e) in g.edges.iter_mut().enumerate() {
                if (i + case) % 7 == 0 {
                    e.label = Some((30.0, 10.0));
                }
            }
            if case % 4 == 1 {
                put_in_clusters(&mut g, &[None, Some(0)], &[Some(0), Some(1), None]);
            }
            let mut lg = layered(&g);
            breadth_first_order(&mut lg, case % 2 == 0, case % 3 == 0, false);
            let start = count_all(&lg);
            let (mut by_edges, mut threaded) = (lg.clone(), lg.clone());
            let sifted = sift_rounds(&mut lg, start, usize::MAX, 4, Threads::One, true);
            assert_eq!(sifted, count_all(&lg), "case {case}");
            assert_eq!(sift_rounds(&mut by_edges, start, usize::MAX, 4, Threads::One, false), sifted, "case {case}");
            assert_eq!(by_edges.layers, lg.layers, "case {case}: spans sift like edges");
            assert_eq!(sift_rounds(&mut threaded, start, usize::MAX, 4, Threads::Two, true), sifted, "case {case}");
            assert_eq!(threaded.layers, lg.layers, "case {case}: two threads sift like one");
            shortcut_moves += usize::from(sifted < start);
        }
        assert!(shortcut_moves > 12, "sifting moved nodes in only {shortcut_moves} cases");
    }

    #[test]
    fn sifting_keeps_an_exact_count_on_one_thread_or_two() {
        let mut next = xorshift(0x2545_F491_4F6C_DD1D);
        let mut gained = 0;
        for case in 0..20 {
            let n = 40 + next(40) as u32;
            let edges = random_edges(n, u32::MAX, &mut next);
            let g = graph(n as usize, &edges);
            let mut lg = layered(&g);
            breadth_first_order(&mut lg, true, case % 2 == 0, false);
            let start = count_all(&lg);
            let unmoved = lg.clone();
            let mut threaded = lg.clone();
            let reach = [1, 2, 3, usize::MAX][case % 4];
            let mut edge_by_edge = lg.clone();
            let bounded = sift_rounds(&mut lg, start, reach, 4, Threads::One, true);
            assert_eq!(bounded, count_all(&lg), "case {case}");
            assert_eq!(sift_rounds(&mut threaded, start, reach, 4, Threads::Two, true), bounded, "case {case}");
            assert_eq!(threaded.layers, lg.layers, "case {case}: two threads sift like one");
            assert_eq!(sift_rounds(&mut edge_by_edge, start, reach, 4, Threads::One, false), bounded, "case {case}");
            assert_eq!(edge_by_edge.layers, lg.layers, "case {case}: spans sift like edges");
            assert!(bounded <= start, "case {case}");
            gained += start - bounded;
            let mut still = unmoved.clone();
            assert_eq!(sift_rounds(&mut still, start, 0, 1, Threads::Two, true), start, "case {case}");
            assert_eq!(still.layers, unmoved.layers, "case {case}: a reach of 0 moves nothing");
        }
        assert!(gained > 0, "bounded sifting never helped");
    }
}

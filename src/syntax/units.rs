//! Number suffixes: magnitudes (`k M B`), time units, data sizes, rates and `%`.
//!
//! A suffix is checked and normalised when the number is lowered: durations to milliseconds,
//! sizes to bytes, rates to per second, magnitudes multiplied out.

use super::ast::Dimension;

/// A recognised suffix.
#[derive(Copy, Clone, Debug, PartialEq)]
pub(crate) struct UnitInfo {
    /// What the number measures.
    pub(crate) dimension: Dimension,
    /// Multiply the written number by this to get the normalised value.
    pub(crate) factor: f64,
}

const MAGNITUDES: &[(&str, f64)] = &[("k", 1e3), ("K", 1e3), ("M", 1e6), ("B", 1e9)];

const DURATIONS: &[(&str, f64)] = &[
    ("us", 0.001),
    ("ms", 1.0),
    ("s", 1000.0),
    ("min", 60_000.0),
    ("h", 3_600_000.0),
    ("d", 86_400_000.0),
    ("w", 604_800_000.0),
];

const SIZES: &[(&str, f64)] = &[
    ("KB", 1e3),
    ("MB", 1e6),
    ("GB", 1e9),
    ("TB", 1e12),
    ("PB", 1e15),
    ("KiB", 1024.0),
    ("MiB", 1_048_576.0),
    ("GiB", 1_073_741_824.0),
    ("TiB", 1_099_511_627_776.0),
];

/// Denominators of rates, in seconds.
const PER: &[(&str, f64)] = &[("s", 1.0), ("min", 60.0), ("h", 3600.0), ("day", 86_400.0)];

/// Common misspellings and what to write instead.
const ALIASES: &[(&str, &str)] = &[
    ("m", "`min` for minutes or `M` for millions"),
    ("sec", "`s`"),
    ("secs", "`s`"),
    ("second", "`s`"),
    ("seconds", "`s`"),
    ("mins", "`min`"),
    ("minute", "`min`"),
    ("minutes", "`min`"),
    ("hr", "`h`"),
    ("hrs", "`h`"),
    ("hour", "`h`"),
    ("hours", "`h`"),
    ("day", "`d`"),
    ("days", "`d`"),
    ("week", "`w`"),
    ("weeks", "`w`"),
    ("mb", "`MB`"),
    ("gb", "`GB`"),
    ("tb", "`TB`"),
    ("kb", "`KB`"),
    ("bn", "`B` (billions)"),
    ("b", "`B` (billions)"),
    ("mil", "`M` (millions)"),
    ("ns", "`us` (the smallest time unit)"),
];

/// The known suffixes, for error messages.
pub(crate) const KNOWN: &str = "magnitudes `k`, `M`, `B`; time `us`, `ms`, `s`, `min`, `h`, `d`, `w`; \
sizes `KB`, `MB`, `GB`, `TB`, `PB`; rates `/s`, `/min`, `/h`, `/day` (e.g. `46k/s`); `%`";

fn find(table: &[(&str, f64)], key: &str) -> Option<f64> {
    table.iter().find(|(name, _)| *name == key).map(|(_, f)| *f)
}

/// Looks up a suffix (everything after the digits). Returns the canonical spelling too.
pub(crate) fn lookup(suffix: &str) -> Option<(UnitInfo, String)> {
    if suffix.is_empty() {
        return Some((UnitInfo { dimension: Dimension::Plain, factor: 1.0 }, String::new()));
    }
    if suffix == "%" {
        return Some((UnitInfo { dimension: Dimension::Percent, factor: 1.0 }, "%".into()));
    }
    if let Some((numerator, per)) = suffix.split_once('/') {
        let magnitude = if numerator.is_empty() { 1.0 } else { find(MAGNITUDES, numerator)? };
        let seconds = find(PER, per)?;
        let canonical = format!("{}/{per}", canonical_magnitude(numerator));
        return Some((UnitInfo { dimension: Dimension::Rate, factor: magnitude / seconds }, canonical));
    }
    if let Some(f) = find(MAGNITUDES, suffix) {
        return Some((UnitInfo { dimension: Dimension::Count, factor: f }, canonical_magnitude(suffix).into()));
    }
    if let Some(f) = find(DURATIONS, suffix) {
        return Some((UnitInfo { dimension: Dimension::Duration, factor: f }, suffix.into()));
    }
    if let Some(f) = find(SIZES, suffix) {
        return Some((UnitInfo { dimension: Dimension::Size, factor: f }, suffix.into()));
    }
    None
}

fn canonical_magnitude(m: &str) -> &str {
    if m == "K" { "k" } else { m }
}

/// A hint for an unknown suffix: a known alias, or the closest known suffix.
pub(crate) fn suggest(suffix: &str) -> Option<String> {
    if let Some((numerator, per)) = suffix.split_once('/') {
        let per_hint = match per {
            "sec" | "second" => Some("s"),
            "m" | "mins" | "minute" => Some("min"),
            "hr" | "hour" => Some("h"),
            "d" | "days" => Some("day"),
            _ => None,
        };
        if let Some(p) = per_hint {
            return Some(format!("`{numerator}/{p}`"));
        }
        return None;
    }
    if let Some((_, hint)) = ALIASES.iter().find(|(alias, _)| *alias == suffix) {
        return Some((*hint).to_string());
    }
    let all = MAGNITUDES.iter().chain(DURATIONS).chain(SIZES).map(|(n, _)| *n);
    crate::suggest::closest(suffix, all).map(|s| format!("`{s}`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_units() {
        let (u, c) = lookup("min").unwrap();
        assert_eq!((u.dimension, u.factor, c.as_str()), (Dimension::Duration, 60_000.0, "min"));
        let (u, c) = lookup("K/day").unwrap();
        assert_eq!((u.dimension, c.as_str()), (Dimension::Rate, "k/day"));
        assert!((u.factor - 1000.0 / 86_400.0).abs() < 1e-12);
        assert_eq!(lookup("B").unwrap().0.factor, 1e9);
        assert_eq!(lookup("TB").unwrap().0.dimension, Dimension::Size);
        assert!(lookup("m").is_none());
        assert!(lookup("k/d").is_none());
    }

    #[test]
    fn suggests_fixes() {
        assert_eq!(suggest("m").unwrap(), "`min` for minutes or `M` for millions");
        assert_eq!(suggest("k/d").unwrap(), "`k/day`");
        assert_eq!(suggest("mss").unwrap(), "`ms`");
    }
}

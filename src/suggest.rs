//! "Did you mean ...?": the closest known name to a misspelled one.

/// The candidate closest to `word` by edit distance, if it is close enough to be a plausible
/// typo (at most a third of the word's length, and at least one edit allowed). Ties go to the
/// candidate listed first, so suggestions are deterministic.
#[must_use]
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_ascii_lowercase();
    let limit = (word.chars().count() / 3).max(1);
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        if candidate == word {
            continue;
        }
        let distance = if candidate.eq_ignore_ascii_case(word) {
            0
        } else {
            strsim::damerau_levenshtein(&lower, &candidate.to_ascii_lowercase())
        };
        let prefix_match = word.len() >= 3 && candidate.starts_with(&lower) && candidate.len() <= word.len() * 2;
        let score = if prefix_match { distance.min(limit) } else { distance };
        if score <= limit && best.is_none_or(|(d, _)| score < d) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn finds_typos() {
        let kinds = ["model", "model_registry", "serving", "feature_store"];
        assert_eq!(closest("modle", kinds), Some("model"));
        assert_eq!(closest("featurestore", kinds), Some("feature_store"));
        assert_eq!(closest("Serving", kinds), Some("serving"));
        assert_eq!(closest("database", kinds), None);
    }
}

//! Counts in words.

/// `n` and the noun, singular for one: "1 log entry", "2 log entries".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(super::count(1, "log entry", "log entries"), "1 log entry");
        assert_eq!(super::count(0, "event", "events"), "0 events");
        assert_eq!(super::count(2, "log entry", "log entries"), "2 log entries");
    }
}

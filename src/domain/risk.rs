//! The risk scale a duty station's level is read on (`[risk]` in the config).

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RiskScale {
    /// Lowest first; level N is `levels[N - 1]`. At least two.
    pub levels: Vec<RiskLevel>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RiskLevel {
    pub name: String,
    pub short: String,
}

impl RiskScale {
    /// The UN Security Level System: Minimal .. Extreme.
    pub fn un_sls() -> RiskScale {
        let names = [
            "Minimal",
            "Low",
            "Moderate",
            "Substantial",
            "High",
            "Extreme",
        ];
        RiskScale {
            levels: names
                .iter()
                .map(|n| RiskLevel {
                    name: n.to_string(),
                    short: short_of(n),
                })
                .collect(),
        }
    }

    /// The level with this 1-based number.
    pub fn get(&self, level: u8) -> Option<&RiskLevel> {
        usize::from(level)
            .checked_sub(1)
            .and_then(|i| self.levels.get(i))
    }
}

/// Default short label: the name's first four characters.
pub fn short_of(name: &str) -> String {
    name.chars().take(4).collect()
}

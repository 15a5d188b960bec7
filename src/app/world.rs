//! Checks against the world before an action: who can be tasked, how long
//! a snooze may be.

use super::App;

impl App {
    /// An officer on leave or unavailable cannot be tasked.
    pub(crate) fn can_task(&self, officer_id: &str) -> Result<(), String> {
        let Some(o) = self.model.roster.iter().find(|o| o.id == officer_id) else {
            return Err(format!("no surge officer {officer_id:?} on the roster"));
        };
        use crate::domain::OfficerStatus as S;
        match o.status {
            S::Leave | S::Unavailable => Err(format!(
                "{} ({}) is {}: cannot be tasked",
                o.callsign,
                o.name,
                if o.status == S::Leave {
                    "on leave"
                } else {
                    "unavailable"
                }
            )),
            _ => Ok(()),
        }
    }

    /// A snooze prompt's text, for one alert or the marked ones: the
    /// duration ("15m"), then an optional note ("15m storm snooze").
    pub(crate) fn snooze_input(
        &self,
        input: &str,
    ) -> Result<(std::time::Duration, Option<String>), String> {
        let input = input.trim();
        let (dur, note) = input.split_once(' ').unwrap_or((input, ""));
        let d = crate::domain::duration::parse_duration(dur)?;
        self.snooze_fits(chrono::Duration::from_std(d).unwrap_or(chrono::Duration::MAX))?;
        let note = note.trim();
        Ok((d, (!note.is_empty()).then(|| note.to_string())))
    }

    /// A snooze no longer than `console.max_snooze`.
    pub(crate) fn snooze_fits(&self, d: chrono::Duration) -> Result<(), String> {
        let max = self.settings.max_snooze;
        if d > max {
            let max_text =
                crate::domain::duration::format_compact(max.to_std().unwrap_or_default());
            return Err(format!(
                "a snooze can be at most {max_text} (console.max_snooze); \
                 type a shorter one"
            ));
        }
        Ok(())
    }
}

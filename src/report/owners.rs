//! "Open alerts by owner": who has taken what, so the next watch knows whom
//! to ask. Only in a report when some open alert has an owner.

use std::collections::BTreeMap;

use super::Ctx;
use super::md::esc;
use crate::domain::AlertState;

/// Owned open alerts listed per owner; the unowned ones counted.
pub fn section(cx: &Ctx) -> Option<String> {
    let mut owned: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut nobody = 0usize;
    for e in &cx.model.alerts.entries {
        let st = cx.model.status(e, cx.now);
        if st.state == AlertState::Resolved || st.retired {
            continue;
        }
        match st.journal.and_then(|j| j.owner.as_deref()) {
            Some(owner) => owned.entry(owner).or_default().push(&e.alert.id),
            None => nobody += 1,
        }
    }
    if owned.is_empty() {
        return None;
    }
    let mut out = String::new();
    for (owner, mut ids) in owned {
        ids.sort_unstable();
        let ids: Vec<String> = ids.into_iter().map(esc).collect();
        out.push_str(&format!(
            "- **{}** ({}): {}\n",
            esc(owner),
            ids.len(),
            ids.join(", ")
        ));
    }
    out.push_str(&format!("- nobody: {nobody}\n"));
    Some(out)
}

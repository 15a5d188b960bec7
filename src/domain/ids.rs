//! Ids as types: an alert id cannot be passed where a station id is meant,
//! and none of them is ever empty.

use std::fmt;

macro_rules! id_type {
    ($(#[$m:meta])* $name:ident) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            /// The id, or `None` if `id` is empty or only blanks.
            pub fn new(id: impl Into<String>) -> Option<$name> {
                let id = id.into();
                (!id.trim().is_empty()).then_some($name(id))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    };
}

id_type!(
    /// `<feed id>:<source id>`, stable across consoles and restarts.
    AlertId
);
id_type!(
    /// A duty station's id, e.g. `KBL`.
    StationId
);
id_type!(
    /// A roster officer's id (not the OS login name of the one on watch).
    OfficerId
);
id_type!(
    /// A feed's id from the config (`[[feeds]] id`).
    FeedId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_or_blank_id_is_no_id() {
        assert_eq!(AlertId::new(""), None);
        assert_eq!(StationId::new("  "), None);
        let id = AlertId::new("incidents:INC-1").unwrap();
        assert_eq!(id.as_str(), "incidents:INC-1");
        assert_eq!(id.to_string(), "incidents:INC-1");
    }
}

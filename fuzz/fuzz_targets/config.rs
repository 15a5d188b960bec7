#![no_main]
//! The config loader on arbitrary TOML text: errors, never a panic.
use libfuzzer_sys::fuzz_target;
use watchkeeper::config::{self, ConfigSource};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match config::parse(text, ConfigSource::Builtin) {
        Ok(cfg) => {
            let _ = format!("{cfg:?}");
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});

#![no_main]
//! The sanitizer: no ESC, C1, DEL or bidi control in the output, ever;
//! a one-line field has no control at all, a text field only LF and tab.
//! Both are idempotent.
use libfuzzer_sys::fuzz_target;
use watchkeeper::feeds::sanitize::{inert_line, inert_text};
use watchkeeper_fuzz::{assert_inert_line, assert_inert_text};

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    let line = inert_line(&s);
    assert_inert_line(&line);
    assert_eq!(inert_line(&line), line, "inert_line is not idempotent");
    let text = inert_text(&s);
    assert_inert_text(&text);
    assert_eq!(inert_text(&text), text, "inert_text is not idempotent");
});

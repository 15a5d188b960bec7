use super::*;
use proptest::prelude::*;

fn is_bidi(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
    )
}

fn is_forbidden_in_line(c: char) -> bool {
    c.is_control() || is_bidi(c) || matches!(c, '\u{200B}'..='\u{200D}' | '\u{FEFF}')
}

#[test]
fn plain_text_is_untouched_and_borrowed() {
    let s = "Armed clashes reported near Kandahar airport";
    assert_eq!(inert_line(s), s);
    assert!(is_inert_line(s));
    assert!(matches!(inert_line_cow(s), Cow::Borrowed(_)));
    assert!(matches!(inert_text_cow(s), Cow::Borrowed(_)));
    assert_eq!(inert_line(""), "");
    assert!(is_inert_line(""));
    assert!(is_inert_text(""));
}

#[test]
fn csi_cursor_moves_and_sgr_are_removed() {
    assert_eq!(inert_line("a\x1b[2J\x1b[Hb"), "ab");
    assert_eq!(inert_line("\x1b[10;20Hmoved"), "moved");
    assert_eq!(inert_line("\x1b[1A\x1b[2Kup"), "up");
    assert_eq!(inert_line("\x1b[31;1mRED\x1b[0m alert"), "RED alert");
    assert_eq!(inert_line("\x1b[38;2;255;0;0mtrue\x1b[m"), "true");
    assert_eq!(inert_line("\x1b[?1049hx\x1b[?25l"), "x");
    // Private marker and intermediates.
    assert_eq!(inert_line("\x1b[>0;1c\x1b[2 qy"), "y");
    assert!(matches!(inert_line_cow("\x1b[31mx"), Cow::Owned(_)));
}

#[test]
fn osc_52_clipboard_write_is_removed() {
    let bel = "copy \x1b]52;c;Y3VybCBldmlsLnNoIHwgc2g=\x07me";
    assert_eq!(inert_line(bel), "copy me");
    let st = "copy \x1b]52;c;Y3VybCBldmlsLnNoIHwgc2g=\x1b\\me";
    assert_eq!(inert_line(st), "copy me");
    let st8 = "copy \u{9D}52;c;Y3VybA==\u{9C}me";
    assert_eq!(inert_line(st8), "copy me");
}

#[test]
fn osc_title_and_hyperlinks_are_removed() {
    assert_eq!(inert_line("\x1b]0;pwned\x07Flood warning"), "Flood warning");
    assert_eq!(inert_line("\x1b]2;title\x1b\\x"), "x");
    assert_eq!(
        inert_line("\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\"),
        "click"
    );
    // Notifications from a feed would impersonate the console's own.
    assert_eq!(inert_line("\x1b]777;notify;x;y\x07ok"), "ok");
}

#[test]
fn dcs_sos_pm_apc_are_removed() {
    assert_eq!(inert_line("a\x1bP1$r0m\x1b\\b"), "ab");
    assert_eq!(inert_line("a\x1bPq#0;2;0;0;0#0~~@@\x1b\\b"), "ab"); // sixel
    assert_eq!(inert_line("a\x1bXsos\x1b\\b"), "ab");
    assert_eq!(inert_line("a\x1b^pm\x1b\\b"), "ab");
    assert_eq!(inert_line("a\x1b_Gf=100;AAAA\x1b\\b"), "ab"); // kitty graphics
    assert_eq!(inert_line("a\u{90}payload\u{9C}b"), "ab");
    // BEL does not end a DCS: the payload keeps being swallowed.
    assert_eq!(inert_line("a\x1bPx\x07y\x1b\\b"), "ab");
}

#[test]
fn eight_bit_csi_is_removed() {
    assert_eq!(inert_line("a\u{9B}2Jb"), "ab");
    assert_eq!(inert_line("\u{9B}31mred\u{9B}0m"), "red");
}

#[test]
fn short_escapes_are_removed() {
    assert_eq!(inert_line("a\x1bcb"), "ab"); // RIS, full reset
    assert_eq!(inert_line("a\x1b7\x1b8b"), "ab"); // save/restore cursor
    assert_eq!(inert_line("a\x1b(0b"), "ab"); // line-drawing charset
    assert_eq!(inert_line("a\x1b#8b"), "ab"); // DECALN screen fill
    assert_eq!(inert_line("a\x1b\x1b[31mb"), "ab");
    // ESC before something that cannot follow it: only ESC goes.
    assert_eq!(inert_line("a\x1b\u{e9}b"), "a\u{e9}b");
}

#[test]
fn unterminated_sequences_swallow_the_rest() {
    assert_eq!(inert_line("safe\x1b]52;c;ZXZpbA=="), "safe");
    assert_eq!(inert_line("safe\x1bPpayload"), "safe");
    assert_eq!(inert_line("safe\x1b[12;"), "safe");
    assert_eq!(inert_line("safe\x1b"), "safe");
    assert_eq!(inert_line("safe\u{9D}0;title"), "safe");
    assert_eq!(inert_text("safe\n\x1b]0;title\nmore"), "safe");
}

#[test]
fn can_and_sub_abort_a_sequence() {
    assert_eq!(inert_line("a\x1b]0;t\x18b"), "ab");
    assert_eq!(inert_line("a\x1b[3\x1ab"), "ab");
}

#[test]
fn broken_csi_keeps_following_text() {
    // A non-ASCII char ends a malformed CSI; it and the rest are shown.
    assert_eq!(inert_line("a\x1b[3\u{e9}t\u{e9}"), "a\u{e9}t\u{e9}");
    // C0 controls inside a CSI are ignored, as a terminal would.
    assert_eq!(inert_line("a\x1b[3\n1mb"), "ab");
}

#[test]
fn trojan_source_bidi_controls_are_removed() {
    // The classic "Trojan Source" early-return and comment-out attacks.
    let s = "access_level != \"user\u{202E} \u{2066}// Check if admin\u{2069} \u{2066}\"";
    let out = inert_line(s);
    assert!(!out.chars().any(is_bidi), "{out:?}");
    assert_eq!(out, "access_level != \"user // Check if admin \"");
    assert_eq!(inert_line("invoice\u{202E}fdp.exe"), "invoicefdp.exe");
    assert_eq!(
        inert_line("\u{200E}\u{200F}\u{061C}\u{202A}\u{202B}\u{202C}\u{202D}\u{2067}\u{2068}x"),
        "x"
    );
}

#[test]
fn invisible_format_chars_are_removed() {
    assert_eq!(inert_line("K\u{200B}BL"), "KBL");
    assert_eq!(inert_line("\u{FEFF}KBL"), "KBL");
    assert_eq!(inert_line("K\u{200C}B\u{200D}L\u{2060}"), "KBL");
    assert_eq!(inert_line("co\u{AD}operation"), "cooperation");
    assert_eq!(inert_line("tag\u{E0041}\u{E0042}"), "tag");
    assert!(!is_inert_line("K\u{200B}BL"));
}

#[test]
fn nul_del_and_c1_are_removed() {
    assert_eq!(inert_line("a\0b\x7fc\u{80}d\u{9A}e\x08f"), "abcdef");
    assert_eq!(inert_line("bell\x07"), "bell");
}

#[test]
fn whitespace_collapses_in_lines() {
    assert_eq!(
        inert_line("  Heavy\train\r\n\r\nexpected  "),
        "Heavy rain expected"
    );
    assert_eq!(inert_line("a\u{2028}b\u{2029}c\u{85}d"), "a b c d");
    assert_eq!(inert_line("a\u{A0}\u{3000} b"), "a b");
    assert_eq!(inert_line("a \x1b[31m b"), "a b");
    assert_eq!(inert_line("\n\t \n"), "");
    assert!(!is_inert_line(" a"));
    assert!(!is_inert_line("a "));
    assert!(!is_inert_line("a  b"));
    assert!(!is_inert_line("a\u{A0}b"));
    assert!(is_inert_line("a b"));
}

#[test]
fn printable_unicode_is_kept() {
    for s in [
        "\u{0643}\u{0627}\u{0628}\u{0644}",          // Kabul, Arabic
        "\u{5317}\u{4EAC}\u{5E02} \u{53F0}\u{98CE}", // CJK
        "S\u{E3}o Paulo, Bogot\u{E1}, Z\u{FC}rich",  // accents
        "Ha\u{300}\u{301} No\u{302}i",               // combining marks
        "\u{26A0}\u{FE0F} \u{1F30A} \u{05E9}\u{05DC}\u{05D5}\u{05DD}", // emoji, Hebrew
        "\u{0E01}\u{0E23}\u{0E38}\u{0E07}\u{0E40}\u{0E17}\u{0E1E}", // Thai
    ] {
        assert_eq!(inert_line(s), s);
        assert!(is_inert_line(s), "{s:?}");
        assert_eq!(inert_text(s), s);
    }
}

#[test]
fn text_keeps_lines_and_tabs() {
    assert_eq!(inert_text("a\r\nb\rc\nd"), "a\nb\nc\nd");
    assert_eq!(inert_text("col1\tcol2"), "col1\tcol2");
    assert_eq!(inert_text("a  \t\nb"), "a\nb");
    assert_eq!(
        inert_text("\n\n  \nfirst\n\n\n\n\n\nlast\n\n"),
        "first\n\n\nlast"
    );
    assert_eq!(inert_text("a\n\n\nb"), "a\n\n\nb");
    assert_eq!(inert_text("a\u{2028}b\x0cc"), "a\nb\nc");
    assert_eq!(inert_text("  indented\n    more"), "  indented\n    more");
    assert_eq!(inert_text("a\r\x1b[0m\nb"), "a\nb");
    assert_eq!(inert_text("a\x1b[31m\nb\x1b]0;t\x07\n\x1b[2Jc"), "a\nb\nc");
    assert_eq!(inert_text("\u{202E}x\u{9B}1Ay\0"), "xy");
    assert!(is_inert_text("a\n\n\nb\tc"));
    assert!(!is_inert_text("a\n\n\n\nb"));
    assert!(!is_inert_text("a \nb"));
    assert!(!is_inert_text("\nb"));
    assert!(!is_inert_text(" \nb"));
    assert!(is_inert_text(" b"));
    assert!(!is_inert_text("b\n"));
    assert!(!is_inert_text("a\rb"));
}

/// Strings built from the characters most likely to trip the scanner.
fn nasty() -> impl Strategy<Value = String> {
    let pieces = prop::collection::vec(
        prop_oneof![
            Just("\x1b".to_string()),
            Just("[".to_string()),
            Just("]".to_string()),
            Just("P".to_string()),
            Just("\\".to_string()),
            Just("\x07".to_string()),
            Just("\u{9B}".to_string()),
            Just("\u{9C}".to_string()),
            Just("\u{9D}".to_string()),
            Just("\u{90}".to_string()),
            Just("\u{202E}".to_string()),
            Just("\u{2066}".to_string()),
            Just("\u{200B}".to_string()),
            Just("\r".to_string()),
            Just("\n".to_string()),
            Just("\t".to_string()),
            Just(" ".to_string()),
            Just("\u{A0}".to_string()),
            Just("\u{2028}".to_string()),
            Just("\u{18}".to_string()),
            "[0-9;mHJ]{0,3}",
            "\\PC{0,3}",
            any::<char>().prop_map(String::from),
        ],
        0..24,
    );
    pieces.prop_map(|v| v.concat())
}

fn input() -> impl Strategy<Value = String> {
    prop_oneof![
        nasty(),
        any::<String>(),
        "[ -~\t\n\r\x1b]{0,40}",
        // ASCII spacing (and controls), dense: the fast paths' corner cases.
        "[a \t\n]{0,12}",
        "[a\n]{0,10}",
        "[a \t\n\r\x0b\x7f\x01]{0,12}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn line_output_is_inert(s in input()) {
        let out = inert_line(&s);
        for c in out.chars() {
            prop_assert!(!is_forbidden_in_line(c), "{:?} in {:?}", c, out);
            prop_assert!(c == ' ' || !c.is_whitespace(), "{:?} in {:?}", c, out);
        }
        prop_assert!(!out.starts_with(' ') && !out.ends_with(' ') && !out.contains("  "));
        prop_assert_eq!(inert_line(&out), out.clone());
        prop_assert!(is_inert_line(&out));
        prop_assert_eq!(is_inert_line(&s), out == s);
        // The fast check agrees with the scanner itself (`inert_line`
        // trusts the check, so the line above cannot tell).
        prop_assert_eq!(is_inert_line(&s), clean_line(&s) == s);
        let cow = inert_line_cow(&s);
        prop_assert_eq!(cow.as_ref(), out.as_str());
        let into = inert_line_into(Cow::Owned(s.clone()));
        prop_assert_eq!(into.as_ref(), out.as_str());
    }

    #[test]
    fn text_output_is_inert(s in input()) {
        let out = inert_text(&s);
        for c in out.chars() {
            let allowed = c == '\n' || c == '\t';
            prop_assert!(allowed || !is_forbidden_in_line(c), "{:?} in {:?}", c, out);
            prop_assert!(!matches!(c, '\r' | '\u{2028}' | '\u{2029}'), "{:?}", out);
        }
        prop_assert!(!out.contains("\n\n\n\n"));
        prop_assert_eq!(inert_text(&out), out.clone());
        prop_assert!(is_inert_text(&out));
        prop_assert_eq!(is_inert_text(&s), out == s);
        prop_assert_eq!(is_inert_text(&s), clean_text(&s) == s);
        let cow = inert_text_cow(&s);
        prop_assert_eq!(cow.as_ref(), out.as_str());
        let into = inert_text_into(Cow::Borrowed(&s));
        prop_assert_eq!(into.as_ref(), out.as_str());
        // The line form of the text form is the line form.
        prop_assert_eq!(inert_line(&out), inert_line(&s));
    }
}

use super::*;

fn p(s: &str) -> Vec<Term> {
    Filter::parse(s).unwrap().unwrap().terms
}

fn e(s: &str) -> FilterError {
    Filter::parse(s).unwrap_err()
}

fn kbl() -> StationFacts<'static> {
    StationFacts {
        id: "KBL",
        name: "Kabul",
        region: "asia-pacific",
        level: 5,
    }
}

fn alert() -> AlertFacts<'static> {
    AlertFacts {
        id: "incidents:INC-2026-0412",
        title: "Armed clash reported near compound",
        category: "armed-conflict",
        severity: Some(Severity::Critical),
        stations: vec![
            kbl(),
            StationFacts {
                id: "NBO",
                name: "Nairobi",
                region: "africa",
                level: 3,
            },
        ],
        new: true,
        ..AlertFacts::default()
    }
}

#[test]
fn empty_text_is_no_filter() {
    assert_eq!(Filter::parse("").unwrap(), None);
    assert_eq!(Filter::parse("   ").unwrap(), None);
}

#[test]
fn free_words_are_lowercased_and_keep_the_raw_text() {
    let f = Filter::parse("  Kabul  Clash ").unwrap().unwrap();
    assert_eq!(f.raw, "Kabul  Clash");
    assert_eq!(
        f.terms,
        vec![Term::Word("kabul".into()), Term::Word("clash".into())]
    );
}

#[test]
fn quoted_words_may_hold_colons_and_spaces() {
    assert_eq!(
        p("\"incidents:INC-2026\" \"armed clash\""),
        vec![
            Term::Word("incidents:inc-2026".into()),
            Term::Word("armed clash".into())
        ]
    );
    let err = e("\"open");
    assert!(err.message.contains("unclosed quote"), "{err}");
}

#[test]
fn severity_exact_list_and_comparisons() {
    assert_eq!(p("sev:high"), vec![Term::Severity(vec![Severity::High])]);
    assert_eq!(
        p("severity:critical,HIGH"),
        vec![Term::Severity(vec![Severity::Critical, Severity::High])]
    );
    assert_eq!(
        p("sev:>=high"),
        vec![Term::Severity(vec![Severity::Critical, Severity::High])]
    );
    assert_eq!(
        p("sev:<=low"),
        vec![Term::Severity(vec![Severity::Low, Severity::Info])]
    );
    assert_eq!(
        p("sev:>medium"),
        vec![Term::Severity(vec![Severity::Critical, Severity::High])]
    );
    assert_eq!(p("sev:<low"), vec![Term::Severity(vec![Severity::Info])]);
}

#[test]
fn station_region_and_category_lists() {
    assert_eq!(
        p("station:kbl,MGQ"),
        vec![Term::Station(vec!["kbl".into(), "mgq".into()])]
    );
    assert_eq!(
        p("region:Africa"),
        vec![Term::Region(vec!["africa".into()])]
    );
    assert_eq!(
        p("cat:health,crime"),
        vec![Term::Category(vec!["health".into(), "crime".into()])]
    );
}

#[test]
fn every_state_and_its_aliases() {
    assert_eq!(
        p("state:new,acknowledged,ack,cleared,snoozed,escalated"),
        vec![Term::State(vec![
            StateTerm::New,
            StateTerm::Acknowledged,
            StateTerm::Acknowledged,
            StateTerm::Cleared,
            StateTerm::Snoozed,
            StateTerm::Escalated,
        ])]
    );
    assert!(
        Filter::parse("state:snoozed")
            .unwrap()
            .unwrap()
            .wants_snoozed()
    );
    assert!(!Filter::parse("state:new").unwrap().unwrap().wants_snoozed());
}

#[test]
fn levels_exact_and_compared() {
    assert_eq!(p("level:5"), vec![Term::Level { min: 5, max: 5 }]);
    assert_eq!(p("level:>=4"), vec![Term::Level { min: 4, max: 255 }]);
    assert_eq!(p("level:<=2"), vec![Term::Level { min: 0, max: 2 }]);
    assert_eq!(p("level:>3"), vec![Term::Level { min: 4, max: 255 }]);
    assert_eq!(p("lvl:<3"), vec![Term::Level { min: 0, max: 2 }]);
}

#[test]
fn terms_combine() {
    assert_eq!(
        p("region:africa level:>=5 armed"),
        vec![
            Term::Region(vec!["africa".into()]),
            Term::Level { min: 5, max: 255 },
            Term::Word("armed".into()),
        ]
    );
}

#[test]
fn bad_terms_name_the_term_and_what_is_accepted() {
    let x = e("kabul sev:severe");
    assert_eq!(x.term, "sev:severe");
    assert!(
        x.message.contains("critical, high, medium, low or info"),
        "{x}"
    );
    assert!(x.to_string().contains("\"sev:severe\""), "{x}");

    let x = e("level:>=x");
    assert_eq!(x.term, "level:>=x");
    assert!(x.message.contains("level:>=4"), "{x}");

    let x = e("state:done");
    assert_eq!(x.term, "state:done");
    assert!(x.message.contains("\"done\""), "{x}");
    assert!(
        x.message
            .contains("new, acknowledged (ack), cleared, snoozed or escalated")
    );

    let x = e("foo:bar");
    assert_eq!(x.term, "foo:bar");
    assert!(x.message.contains("unknown filter key \"foo:\""), "{x}");
    assert!(
        x.message
            .contains("sev:, station:, region:, state:, level:, cat:")
    );

    let x = e("station:");
    assert!(x.message.contains("station id"), "{x}");
    let x = e("sev:>=");
    assert!(x.message.contains("critical"), "{x}");
    let x = e("level:<0");
    assert!(x.message.contains("no risk level"), "{x}");
    let x = e("sev:>critical");
    assert!(x.message.contains("no severity"), "{x}");
}

#[test]
fn alerts_match_every_term() {
    let a = alert();
    let yes = [
        "kabul",
        "KBL",
        "nairobi",
        "clash",
        "armed-conf",
        "0412",
        "sev:critical",
        "sev:>=high",
        "station:nbo",
        "station:GVA,kbl",
        "region:africa",
        "state:new",
        "level:5",
        "level:>=4",
        "cat:armed",
        "kabul sev:critical region:africa level:>=5",
    ];
    for q in yes {
        assert!(Filter::parse(q).unwrap().unwrap().matches_alert(&a), "{q}");
    }
    let no = [
        "geneva",
        "sev:high",
        "station:GVA",
        "region:europe",
        "state:ack",
        "state:snoozed",
        "level:3",
        "level:<=4",
        "cat:health",
        "kabul sev:low",
    ];
    for q in no {
        assert!(!Filter::parse(q).unwrap().unwrap().matches_alert(&a), "{q}");
    }
}

#[test]
fn stations_match_station_region_level_and_words_only() {
    let s = kbl();
    for q in [
        "kabul",
        "station:kbl",
        "region:asia-pacific",
        "level:>=5",
        "sev:low",
    ] {
        assert!(
            Filter::parse(q).unwrap().unwrap().matches_station(&s),
            "{q}"
        );
    }
    for q in ["nairobi", "station:NBO", "region:africa", "level:<=4"] {
        assert!(
            !Filter::parse(q).unwrap().unwrap().matches_station(&s),
            "{q}"
        );
    }
}

#[test]
fn words_match_without_accents_either_way() {
    assert_eq!(
        super::fold("Cúcuta São Paulo Kraków"),
        "cucuta sao paulo krakow"
    );
    // Scripts with no Latin form are kept, not turned into "?".
    assert_eq!(super::fold("Бейрут"), "бейрут");
    let a = AlertFacts {
        id: "x:1",
        title: "Bombing in Cúcuta",
        ..AlertFacts::default()
    };
    for q in ["cucuta", "CÚCUTA", "Cucuta"] {
        assert!(Filter::parse(q).unwrap().unwrap().matches_alert(&a), "{q}");
    }
    let b = AlertFacts {
        id: "x:2",
        title: "Bombing in Cucuta",
        ..AlertFacts::default()
    };
    assert!(Filter::parse("cúcuta").unwrap().unwrap().matches_alert(&b));
}

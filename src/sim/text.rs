//! Title and detail templates for station incidents.
//!
//! Each title comes with a detail sentence that fits it. Placeholders:
//! `{city}` the station's city, `{km}` the incident's distance from the city
//! centre, `{n}` a small number, `{at}` the local hour of the report and
//! `{later}` a local hour a few hours on. Some templates only suit some
//! places or seasons (no dengue in Moscow, no heatwave in Kabul in
//! November); `When` says where and when.

use super::cities::City;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum When {
    Any,
    /// Lowland tropics: malaria and dengue country.
    Tropical,
    /// Dry-belt countries: dust storms.
    Arid,
    /// The local hot season in the tropics or the dry belt.
    Hot,
    /// The local winter where winters are cold: snow.
    Snow,
    /// Mid-latitudes outside winter: thunderstorms.
    Storms,
    /// Stations in active conflict (base level 4 and above).
    Conflict,
    /// Field stations (base level 3 and above), not headquarters cities.
    Field,
    /// Cities on active faults.
    Seismic,
}

/// A title, the detail sentence that goes with it, and where it fits.
pub(crate) type Tpl = (&'static str, &'static str, When);

/// Highland cities inside the tropics, where mosquito-borne disease is rare.
const HIGHLAND: &[&str] = &[
    "MEX", "BOG", "UIO", "LPB", "ADD", "MQX", "NBO", "KGL", "SAH",
];

/// Whether a template fits `city` in calendar `month` (1–12).
pub(crate) fn suits(city: &City, when: When, month: u32) -> bool {
    let north = city.lat >= 0.0;
    let summer = if north {
        (5..=9).contains(&month)
    } else {
        month >= 11 || month <= 3
    };
    let winter = if north {
        month == 12 || month <= 2
    } else {
        (6..=8).contains(&month)
    };
    match when {
        When::Any => true,
        When::Tropical => city.tropical() && !HIGHLAND.contains(&city.id),
        When::Arid => city.arid(),
        When::Hot => (city.tropical() || city.arid()) && summer,
        When::Snow => city.cold() && winter,
        When::Storms => !city.tropical() && !city.arid() && !winter,
        When::Conflict => city.base_level >= 4,
        When::Field => city.base_level >= 3,
        When::Seismic => city.seismic(),
    }
}

/// The title pools of one category, by gravity.
pub(crate) struct Pools {
    pub grave: &'static [Tpl],
    pub routine: &'static [Tpl],
}

use When::{Any, Arid, Conflict, Field, Hot, Seismic, Snow, Storms, Tropical};

#[rustfmt::skip]
pub(crate) const ARMED: Pools = Pools {
    grave: &[
        ("Armed clash reported {km} km from UN compound, {city}", "Heavy small-arms fire reported for about {n} minutes; casualty figures unconfirmed.", Any),
        ("Indirect fire impacts near {city} airport", "At least {n} impacts reported around {at}:00 local time; flights suspended pending assessment.", Conflict),
        ("IED detonation on main supply route outside {city}", "Device detonated against a passing military vehicle {km} km from the city; no UN convoy in the area.", Conflict),
        ("Exchange of fire at checkpoint on {city} ring road", "Security forces and unidentified gunmen exchanged fire for about {n} minutes.", Any),
        ("Airstrike reported in eastern district of {city}", "Several explosions heard around {at}:00 local time; civilian casualties reported.", Conflict),
        ("Complex attack under way near government buildings, {city}", "Gunmen entered the compound after an explosion at the gate; security forces are responding.", Conflict),
        ("Drone strike reported {km} km from humanitarian hub, {city}", "One strike reported on a vehicle; no humanitarian staff among the casualties.", Conflict),
        ("Armed group seizes checkpoint on road out of {city}", "The route is closed to UN movement until further notice.", Conflict),
    ],
    routine: &[
        ("Sporadic gunfire heard {km} km from UN compound, {city}", "Intermittent shots heard for about {n} minutes; source unknown.", Any),
        ("Increased armed presence on approach roads to {city}", "Additional checkpoints observed since {at}:00 local time.", Any),
        ("Unexploded ordnance found beside road, {city}", "Area cordoned off; an explosive ordnance disposal team has been requested.", Conflict),
        ("Military convoy movements reported through {city}", "About {n} vehicles moving north; expect delays on the main road.", Any),
        ("Reports of armed group recruitment near {city}", "Community sources report recruitment in villages {km} km from the city.", Conflict),
        ("Checkpoint relocated on northern access road, {city}", "Movements should allow an extra {n}0 minutes for the check.", Any),
        ("Celebratory gunfire reported in {city}", "Falling rounds are a risk; staff are to stay indoors until it subsides.", Any),
    ],
};

#[rustfmt::skip]
pub(crate) const CRIME: Pools = Pools {
    grave: &[
        ("Armed robbery of NGO vehicle near {city}", "Two armed men stopped the vehicle {km} km from the city and took cash and phones; the driver is unhurt.", Any),
        ("Staff member abducted in {city}; crisis cell activated", "National staff member taken by unknown armed men; the crisis management team has convened.", Field),
        ("Carjacking of UN-marked vehicle, {city}", "Driver forced from the vehicle at gunpoint; vehicle tracking is active.", Any),
        ("Armed break-in at staff residence, {city}", "Intruders entered the compound at night; the guard was injured.", Any),
        ("Kidnap threat against aid workers reported in {city}", "Credible reporting of a group planning to abduct foreign staff.", Field),
    ],
    routine: &[
        ("Residential burglary reported in staff area, {city}", "Entry through a ground-floor window while the occupants were away; electronics taken.", Any),
        ("Phone snatching on the rise in central {city}", "It is one of {n} similar incidents reported in the area this month.", Any),
        ("Attempted break-in at NGO warehouse, {city}", "Guards raised the alarm and the intruders fled; nothing was taken.", Any),
        ("Fake checkpoint reported on airport road, {city}", "Men in mixed uniforms stopped vehicles and demanded money.", Field),
        ("Street robbery near market district, {city}", "Two assailants on a motorcycle fled towards the outskirts.", Any),
        ("Fuel stolen from generator compound, {city}", "About {n}00 litres taken overnight; police have been informed.", Any),
        ("Pickpocketing reported at {city} bus station", "Police have been informed and are investigating.", Any),
    ],
};

#[rustfmt::skip]
pub(crate) const UNREST: Pools = Pools {
    grave: &[
        ("Violent demonstration outside UN premises, {city}", "Protesters threw stones at the gate; staff have moved to the safe room.", Any),
        ("Roadblocks and burning barricades across {city}", "Main roads blocked since {at}:00 local time; movement is not possible.", Any),
        ("Curfew declared in {city} after deadly clashes", "Curfew in force from {later}:00 local time until further notice.", Field),
        ("Rioting spreads to diplomatic district, {city}", "Police have used tear gas and live rounds; shops have closed.", Any),
        ("Crowd attacks aid convoy {km} km outside {city}", "Trucks were looted and a driver was injured.", Field),
    ],
    routine: &[
        ("Demonstration planned near ministry buildings, {city}", "Organisers expect several thousand people from {later}:00 local time.", Any),
        ("General strike announced for tomorrow in {city}", "Shops, transport and schools are expected to close.", Any),
        ("Students march through central {city}", "Police estimate the crowd at around {n}00 people; the march is peaceful.", Any),
        ("Fuel price protest blocks main road, {city}", "Protesters have blocked the road with vehicles; police are negotiating.", Any),
        ("Taxi drivers' strike disrupts traffic in {city}", "Traffic is at a standstill in the centre.", Any),
        ("Election rally expected to draw large crowds in {city}", "Heavy police presence expected along the route.", Any),
    ],
};

#[rustfmt::skip]
pub(crate) const HAZARD: Pools = Pools {
    grave: &[
        ("Flash flooding cuts main road out of {city}", "Water up to a metre deep on the road {km} km from the city; vehicles stranded.", Any),
        ("Landslide blocks supply route {km} km from {city}", "The road is expected to stay closed for at least {n} hours.", Any),
        ("Major fire at market {km} km from UN compound, {city}", "Fire services are on scene; smoke is drifting over the compound.", Any),
        ("Severe storm damages compound perimeter, {city}", "Part of the perimeter wall collapsed; guards have been reinforced.", Any),
        ("Heavy snow strands vehicles on passes near {city}", "Roads closed by snow; {n} vehicles are waiting for clearance.", Snow),
    ],
    routine: &[
        ("Heavy rain warning for {city} area", "Met office expects conditions to ease by {later}:00 local time.", Any),
        ("Heatwave advisory issued for {city}", "Temperatures above 40°C expected; limit outdoor work to the morning.", Hot),
        ("Minor earthquake felt in {city}, no damage reported", "Light shaking felt for a few seconds; wardens report no damage.", Seismic),
        ("Dust storm reduces visibility around {city}", "Visibility below {n}00 metres; road movement is discouraged.", Arid),
        ("Power outage affecting parts of {city}", "Compound generators are running; fuel and water stocks cover {n} days.", Any),
        ("Snowfall closes secondary roads near {city}", "Winter tyres and chains are mandatory for field movement.", Snow),
        ("Thunderstorms forecast for {city} this afternoon", "Local flooding possible in low-lying streets until {later}:00 local time.", Storms),
    ],
};

#[rustfmt::skip]
pub(crate) const HEALTH: Pools = Pools {
    grave: &[
        ("Cholera outbreak confirmed in {city}", "Health authorities report {n}0 suspected cases this week.", Field),
        ("Measles outbreak declared in {city}", "Staff should check their vaccination status with the clinic.", Any),
        ("Staff member medically evacuated from {city}", "The evacuation flight left at {at}:00 local time; the patient is stable.", Field),
        ("Mass-casualty incident overwhelms hospital in {city}", "Referral capacity is exhausted; the MEDEVAC plan has been activated.", Field),
    ],
    routine: &[
        ("Dengue cases rising in {city}", "Health authorities report {n}0 confirmed cases in the past week.", Tropical),
        ("Malaria cases up in {city} after rains", "Staff are reminded to take prophylaxis and use nets.", Tropical),
        ("Water contamination advisory, {city}", "Staff are reminded to drink bottled or treated water only.", Any),
        ("Seasonal influenza peak reported in {city}", "The staff clinic has reinforced infection prevention measures.", Any),
        ("Staff member treated after road accident, {city}", "Minor injuries; the staff member was discharged the same day.", Any),
        ("Air quality alert for {city}", "Fine-particle levels are {n} times the guideline value.", Any),
    ],
};

#[rustfmt::skip]
pub(crate) const TRANSPORT: Pools = Pools {
    grave: &[
        ("Helicopter hard landing at {city} airstrip", "Crew and {n} passengers unhurt; the aircraft is grounded.", Field),
        ("UN vehicle rollover {km} km outside {city}", "Two staff members injured and taken to hospital.", Any),
        ("Airport closed in {city}; all flights suspended", "No indication when the airport will reopen; staff movements are on hold.", Any),
        ("Convoy held at illegal checkpoint near {city}", "Armed men are demanding payment; negotiations are under way.", Field),
    ],
    routine: &[
        ("Flight delays at {city} airport due to weather", "Departures delayed by up to {n} hours.", Any),
        ("Road closure on main route into {city}", "Alternative routing is in place; expect delays of up to {n} hours.", Any),
        ("Fuel shortage limits vehicle movements in {city}", "Only essential movements are authorised until the next delivery.", Any),
        ("Bridge damaged on secondary road near {city}", "Movement requests for the route are suspended pending assessment.", Any),
        ("UNHAS flight schedule changed for {city}", "Passengers have been rebooked on the next available flight.", Field),
        ("Traffic accident blocks airport road, {city}", "No staff involved; expect delays of about {n}0 minutes.", Any),
    ],
};

/// Closing sentences that fit any incident.
pub(crate) const ADVICE: &[&str] = &[
    "Staff are advised to avoid the area.",
    "Movement restricted to essential travel until further notice.",
    "Wardens to account for all personnel by {later}:00 local time.",
    "The security cell will issue an update within {n} hours.",
    "No change to the security level at this time.",
    "Radio checks have been completed; all call signs accounted for.",
];

/// A source line, shown after a newline.
pub(crate) const SOURCES: &[&str] = &[
    "Source: local security focal point.",
    "Source: security information and operations centre.",
    "Source: NGO security forum.",
    "Source: host-government liaison.",
    "Source: local media, unconfirmed.",
    "Source: area security coordinator.",
];

/// Values for the placeholders.
pub(crate) struct Vars<'a> {
    pub city: &'a str,
    pub km: i64,
    pub n: i64,
    pub at: u32,
    pub later: u32,
}

/// Fill the placeholders of a template.
pub(crate) fn fill(template: &str, v: &Vars<'_>) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open..];
        let Some(close) = after.find('}') else {
            out.push_str(after);
            return out;
        };
        match &after[1..close] {
            "city" => out.push_str(v.city),
            "km" => out.push_str(&v.km.to_string()),
            "n" => out.push_str(&v.n.to_string()),
            "at" => out.push_str(&format!("{:02}", v.at)),
            "later" => out.push_str(&format!("{:02}", v.later)),
            other => {
                out.push('{');
                out.push_str(other);
                out.push('}');
            }
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::super::cities::cities;
    use super::*;

    const ALL: [&Pools; 6] = [&ARMED, &CRIME, &UNREST, &HAZARD, &HEALTH, &TRANSPORT];

    fn vars() -> Vars<'static> {
        Vars {
            city: "Kabul",
            km: 4,
            n: 3,
            at: 7,
            later: 11,
        }
    }

    #[test]
    fn fill_replaces_every_placeholder() {
        assert_eq!(
            fill(
                "Clash {km} km from UN compound, {city}; {n} at {at}:00, {later}:00",
                &vars()
            ),
            "Clash 4 km from UN compound, Kabul; 3 at 07:00, 11:00"
        );
        assert_eq!(fill("{unknown} {city", &vars()), "{unknown} {city");
    }

    #[test]
    fn every_city_has_a_title_in_every_pool_in_every_month() {
        for pools in ALL {
            for c in cities() {
                for month in 1..=12 {
                    for pool in [pools.grave, pools.routine] {
                        assert!(pool.iter().any(|&(_, _, w)| suits(c, w, month)), "{}", c.id);
                    }
                }
            }
        }
    }

    #[test]
    fn seasons_and_places_are_respected() {
        let get = |id: &str| cities().iter().find(|c| c.id == id).unwrap();
        assert!(!suits(get("KBL"), When::Hot, 11));
        assert!(suits(get("KBL"), When::Hot, 7));
        assert!(suits(get("KBL"), When::Snow, 1));
        assert!(!suits(get("MOW"), When::Tropical, 7));
        assert!(!suits(get("MEX"), When::Tropical, 7));
        assert!(suits(get("CXB"), When::Tropical, 7));
        assert!(!suits(get("GVA"), When::Arid, 7));
        assert!(suits(get("SCL"), When::Snow, 7) == get("SCL").cold());
        assert!(!suits(get("BVB"), When::Conflict, 7) && suits(get("KBL"), When::Conflict, 7));
        assert!(!suits(get("GVA"), When::Field, 7));
        assert!(!suits(get("MLW"), When::Seismic, 7) && suits(get("KTM"), When::Seismic, 7));
    }

    #[test]
    fn no_template_leaves_a_placeholder_unfilled() {
        for pools in ALL {
            for pool in [pools.grave, pools.routine] {
                for (t, d, _) in pool {
                    assert!(!fill(t, &vars()).contains('{'), "{t}");
                    assert!(!fill(d, &vars()).contains('{'), "{d}");
                    assert!(d.ends_with('.'), "{d}");
                }
            }
        }
        for t in ADVICE.iter().chain(SOURCES) {
            assert!(!fill(t, &vars()).contains('{'), "{t}");
        }
    }
}

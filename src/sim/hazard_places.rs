//! Places for the hazards feed: real storm basins, river basins,
//! volcanoes and fire-prone areas near duty cities, and remote places far
//! from every duty city. Pure data.

/// Storm-name lists by basin.
pub(crate) const WPAC: &[&str] = &["HALONG", "NAKRI", "FENGSHEN", "KALMAEGI", "FUNG-WONG", "KOTO", "BUALOI", "MATMO", "PODUL", "LINGLING", "KAJIKI", "NONGFA", "PEIPAH", "TAPAH", "MITAG", "RAGASA", "NEOGURI"];
pub(crate) const NIO: &[&str] = &["SHAKHTI", "MONTHA", "SENYAR", "DITWAH", "ARNAB", "MURASU", "AKVAR", "KUTTAB", "SAKHI", "VYOM"];
pub(crate) const SWIO: &[&str] = &["ALVARO", "BELAL", "CANDICE", "DJOUNGOU", "ELEANOR", "FILIPO", "GAMANE", "HIDAYA", "IALY", "JEREMY"];
pub(crate) const ATL: &[&str] = &["ANDREA", "BARRY", "CHANTAL", "DEXTER", "ERIN", "FERNAND", "GABRIELLE", "HUMBERTO", "IMELDA", "JERRY", "KAREN", "LORENZO", "MELISSA"];
pub(crate) const SPAC: &[&str] = &["TAM", "URMIL", "VAIANU", "WATI", "XAVIER", "YANNI", "ZITA"];
pub(crate) const EPAC: &[&str] = &["ALVIN", "BARBARA", "COSME", "DALILA", "ERICK", "FLOSSIE", "GIL"];

/// Storm positions within a few hundred km of duty cities.
pub(crate) const NEAR_STORMS: &[(f64, f64, &[&str])] = &[
    (20.3, 90.8, NIO),
    (18.8, 92.6, NIO),
    (23.2, 65.8, NIO),
    (13.3, 47.2, NIO),
    (15.2, 123.0, WPAC),
    (19.8, 107.5, WPAC),
    (33.8, 139.5, WPAC),
    (-14.2, 41.6, SWIO),
    (-18.2, 49.6, SWIO),
    (17.2, -72.6, ATL),
    (16.6, -77.2, ATL),
    (16.3, -86.8, ATL),
    (13.4, -57.8, ATL),
    (24.0, -80.8, ATL),
    (-16.6, 177.3, SPAC),
    (-12.3, -171.0, SPAC),
    (-11.0, 148.5, SPAC),
];

pub(crate) const FLOODS: &[(&str, f64, f64)] = &[
    ("Jamuna basin", 24.40, 89.70),
    ("Indus, Sindh", 25.40, 68.30),
    ("Kabul River, Nowshera", 34.00, 71.98),
    ("Middle Shabelle", 2.90, 45.50),
    ("Juba basin", 2.30, 42.30),
    ("White Nile, Upper Nile", 10.40, 32.10),
    ("Niger river, Tillabéri", 14.20, 1.45),
    ("Benue basin", 7.73, 8.52),
    ("Ubangi river", 3.90, 18.80),
    ("Tonle Sap basin", 12.60, 104.20),
    ("Ayeyarwady delta", 16.60, 95.00),
    ("Tigris, Nineveh", 35.90, 43.30),
    ("Limpopo basin", -24.60, 33.20),
    ("Magdalena basin", 8.30, -74.00),
    ("Chari-Logone basin", 11.50, 15.20),
    ("Koshi basin", 26.60, 87.00),
    ("Helmand basin", 31.00, 64.20),
    ("Kafue Flats", -15.70, 27.20),
    ("Artibonite basin", 19.20, -72.60),
    ("Atrato basin", 6.50, -76.80),
    ("Rio Branco, Roraima", 1.80, -61.10),
    ("Lake Tanganyika shore, Rumonge", -3.97, 29.44),
];

pub(crate) const VOLCANOES: &[(&str, f64, f64)] = &[
    ("Mayon", 13.26, 123.69),
    ("Taal", 14.00, 120.99),
    ("Marapi", -0.38, 100.47),
    ("Krakatau", -6.10, 105.42),
    ("Nyiragongo", -1.52, 29.25),
    ("Nyamulagira", -1.41, 29.20),
    ("Popocatépetl", 19.02, -98.62),
    ("Fuego", 14.47, -90.88),
    ("Pacaya", 14.38, -90.60),
    ("Santiaguito", 14.76, -91.55),
    ("Cotopaxi", -0.68, -78.44),
    ("Reventador", -0.08, -77.66),
    ("Sangay", -2.00, -78.34),
    ("Nevado del Ruiz", 4.89, -75.32),
    ("San Cristóbal", 12.70, -87.00),
    ("Masaya", 11.98, -86.16),
    ("La Soufrière", 13.33, -61.18),
    ("Erta Ale", 13.60, 40.67),
    ("Asama", 36.40, 138.52),
    ("Etna", 37.75, 14.99),
];

pub(crate) const WILDFIRES: &[(&str, f64, f64)] = &[
    ("northern Evia", 38.80, 23.40),
    ("Troodos forest", 34.93, 32.86),
    ("Chouf mountains", 33.70, 35.60),
    ("Valparaíso hills", -33.05, -71.60),
    ("Borjomi gorge", 41.84, 43.38),
    ("Gargano", 41.80, 15.90),
    ("Roraima savanna", 2.00, -61.50),
    ("Chernobyl exclusion zone", 51.30, 30.10),
    ("Latakia forests", 35.75, 36.05),
    ("Kruger National Park", -24.00, 31.50),
    ("Mount Kenya forest", -0.15, 37.30),
];

/// Places far (over 500 km) from every duty city.
pub(crate) const FAR_QUAKES: &[(&str, f64, f64)] = &[
    ("Central Mid-Atlantic Ridge", 0.90, -29.50),
    ("Northern Mid-Atlantic Ridge", 30.50, -42.00),
    ("Reykjanes Ridge", 57.50, -33.50),
    ("South Sandwich Islands region", -57.50, -25.50),
    ("Southern Mid-Atlantic Ridge", -35.00, -16.50),
    ("Kermadec Islands region", -30.00, -177.50),
    ("Macquarie Island region", -54.50, 159.00),
    ("Southern East Pacific Rise", -30.00, -112.00),
    ("Carlsberg Ridge", 3.50, 64.00),
    ("Southwest Indian Ridge", -35.00, 55.00),
    ("Rat Islands, Aleutian Islands", 51.50, 178.50),
    ("Kuril Islands", 46.50, 152.00),
    ("Gulf of Alaska", 56.00, -148.00),
];
pub(crate) const FAR_STORMS: &[(f64, f64, &[&str])] = &[
    (22.0, -52.0, ATL),
    (32.0, -60.0, ATL),
    (15.0, -125.0, EPAC),
    (-16.0, 75.0, SWIO),
    (22.0, 160.0, WPAC),
];
pub(crate) const FAR_WILDFIRES: &[(&str, f64, f64)] = &[
    ("Yakutia", 62.00, 129.70),
    ("Northwest Territories", 61.50, -117.00),
    ("Pantanal", -18.00, -57.00),
    ("Central Kalimantan", -2.20, 113.90),
    ("Kimberley, Western Australia", -17.00, 126.00),
    ("Alaska interior", 64.80, -147.70),
];

#[cfg(test)]
mod tests {
    use super::*;
    use super::super::cities::{SEISMIC, cities};
    use super::super::geo::nearest_city;

    fn to_nearest(lat: f64, lon: f64) -> f64 {
        nearest_city(lat, lon).1
    }

    #[test]
    fn far_places_are_far_and_near_places_are_near() {
        for &(name, lat, lon) in FAR_QUAKES.iter().chain(FAR_WILDFIRES) {
            assert!(to_nearest(lat, lon) > 500.0, "{name}");
        }
        for &(lat, lon, _) in FAR_STORMS {
            assert!(to_nearest(lat, lon) > 500.0, "{lat},{lon}");
        }
        for &(lat, lon, _) in NEAR_STORMS {
            assert!(to_nearest(lat, lon) < 300.0, "{lat},{lon}");
        }
        for &(name, lat, lon) in FLOODS.iter().chain(WILDFIRES) {
            assert!(to_nearest(lat, lon) < 300.0, "{name}");
        }
        for id in SEISMIC {
            assert!(cities().iter().any(|c| c.id == *id), "{id}");
        }
    }
}

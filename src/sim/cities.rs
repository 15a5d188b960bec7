//! The demo world's duty stations: real cities where the UN and NGOs keep
//! duty stations, with real coordinates, ISO 3166-1 alpha-2 countries and
//! IANA time zones. Levels are plausible baselines on the UN SLS (1–6), not
//! an official statement of any current level.

/// One duty-station city of the demo world.
#[derive(Debug, Clone, PartialEq)]
pub struct City {
    /// Unique three-letter upper-case code (IATA-like).
    pub id: &'static str,
    pub name: &'static str,
    /// ISO 3166-1 alpha-2.
    pub country: &'static str,
    /// Desk id: `africa`, `americas`, `asia-pacific`, `europe` or `middle-east`.
    pub region: &'static str,
    pub lat: f64,
    pub lon: f64,
    /// IANA time zone name.
    pub timezone: &'static str,
    /// Baseline security level, 1–6 on the UN SLS.
    pub base_level: u8,
    /// Baseline personnel count.
    pub personnel: u32,
}

/// The five regional desks.
pub const REGIONS: [&str; 5] = [
    "africa",
    "americas",
    "asia-pacific",
    "europe",
    "middle-east",
];

const AF: &str = "africa";
const AM: &str = "americas";
const AP: &str = "asia-pacific";
const EU: &str = "europe";
const ME: &str = "middle-east";

#[allow(clippy::too_many_arguments)]
const fn c(
    id: &'static str,
    name: &'static str,
    country: &'static str,
    region: &'static str,
    lat: f64,
    lon: f64,
    timezone: &'static str,
    base_level: u8,
    personnel: u32,
) -> City {
    City {
        id,
        name,
        country,
        region,
        lat,
        lon,
        timezone,
        base_level,
        personnel,
    }
}

/// Every duty-station city of the demo world, grouped by region.
pub fn cities() -> &'static [City] {
    CITIES
}

#[rustfmt::skip]
static CITIES: &[City] = &[
    // ── africa ──────────────────────────────────────────────────────────
    c("NBO", "Nairobi", "KE", AF, -1.29, 36.82, "Africa/Nairobi", 3, 2400),
    c("MGQ", "Mogadishu", "SO", AF, 2.05, 45.32, "Africa/Mogadishu", 5, 420),
    c("HGA", "Hargeisa", "SO", AF, 9.56, 44.06, "Africa/Mogadishu", 3, 110),
    c("BIB", "Baidoa", "SO", AF, 3.12, 43.65, "Africa/Mogadishu", 5, 95),
    c("ADD", "Addis Ababa", "ET", AF, 9.03, 38.74, "Africa/Addis_Ababa", 3, 1800),
    c("MQX", "Mekelle", "ET", AF, 13.50, 39.47, "Africa/Addis_Ababa", 4, 220),
    c("JUB", "Juba", "SS", AF, 4.85, 31.58, "Africa/Juba", 4, 950),
    c("MAK", "Malakal", "SS", AF, 9.53, 31.66, "Africa/Juba", 5, 260),
    c("PZU", "Port Sudan", "SD", AF, 19.62, 37.22, "Africa/Khartoum", 4, 380),
    c("KRT", "Khartoum", "SD", AF, 15.50, 32.56, "Africa/Khartoum", 6, 12),
    c("NDJ", "N'Djamena", "TD", AF, 12.13, 15.06, "Africa/Ndjamena", 4, 520),
    c("AEH", "Abéché", "TD", AF, 13.83, 20.83, "Africa/Ndjamena", 4, 180),
    c("BGF", "Bangui", "CF", AF, 4.39, 18.56, "Africa/Bangui", 4, 1100),
    c("FIH", "Kinshasa", "CD", AF, -4.32, 15.31, "Africa/Kinshasa", 3, 1500),
    c("GOM", "Goma", "CD", AF, -1.68, 29.23, "Africa/Lubumbashi", 5, 900),
    c("BUX", "Bunia", "CD", AF, 1.56, 30.25, "Africa/Lubumbashi", 5, 350),
    c("KGL", "Kigali", "RW", AF, -1.95, 30.06, "Africa/Kigali", 2, 300),
    c("BJM", "Bujumbura", "BI", AF, -3.38, 29.36, "Africa/Bujumbura", 3, 260),
    c("KLA", "Kampala", "UG", AF, 0.35, 32.58, "Africa/Kampala", 2, 700),
    c("DAR", "Dar es Salaam", "TZ", AF, -6.79, 39.21, "Africa/Dar_es_Salaam", 2, 350),
    c("LUN", "Lusaka", "ZM", AF, -15.39, 28.32, "Africa/Lusaka", 2, 250),
    c("HRE", "Harare", "ZW", AF, -17.83, 31.05, "Africa/Harare", 2, 280),
    c("MPM", "Maputo", "MZ", AF, -25.97, 32.57, "Africa/Maputo", 2, 300),
    c("POL", "Pemba", "MZ", AF, -12.97, 40.52, "Africa/Maputo", 4, 140),
    c("PRY", "Pretoria", "ZA", AF, -25.75, 28.19, "Africa/Johannesburg", 2, 450),
    c("TNR", "Antananarivo", "MG", AF, -18.88, 47.51, "Indian/Antananarivo", 2, 200),
    c("LAD", "Luanda", "AO", AF, -8.84, 13.23, "Africa/Luanda", 2, 180),
    c("ABV", "Abuja", "NG", AF, 9.06, 7.49, "Africa/Lagos", 4, 900),
    c("MIU", "Maiduguri", "NG", AF, 11.85, 13.16, "Africa/Lagos", 5, 600),
    c("NIM", "Niamey", "NE", AF, 13.51, 2.13, "Africa/Niamey", 4, 450),
    c("BKO", "Bamako", "ML", AF, 12.64, -8.00, "Africa/Bamako", 4, 800),
    c("GAQ", "Gao", "ML", AF, 16.27, -0.04, "Africa/Bamako", 5, 200),
    c("OUA", "Ouagadougou", "BF", AF, 12.37, -1.52, "Africa/Ouagadougou", 4, 400),
    c("DKR", "Dakar", "SN", AF, 14.72, -17.47, "Africa/Dakar", 2, 1200),
    c("ABJ", "Abidjan", "CI", AF, 5.36, -4.01, "Africa/Abidjan", 2, 600),
    c("ACC", "Accra", "GH", AF, 5.60, -0.19, "Africa/Accra", 1, 350),
    c("MLW", "Monrovia", "LR", AF, 6.30, -10.80, "Africa/Monrovia", 2, 280),
    c("FNA", "Freetown", "SL", AF, 8.48, -13.23, "Africa/Freetown", 2, 200),
    c("CKY", "Conakry", "GN", AF, 9.64, -13.58, "Africa/Conakry", 3, 220),
    c("NSI", "Yaoundé", "CM", AF, 3.87, 11.52, "Africa/Douala", 3, 380),
    c("NKC", "Nouakchott", "MR", AF, 18.08, -15.98, "Africa/Nouakchott", 3, 180),
    c("DJI", "Djibouti", "DJ", AF, 11.59, 43.15, "Africa/Djibouti", 2, 220),
    // ── americas ────────────────────────────────────────────────────────
    c("NYC", "New York", "US", AM, 40.75, -73.97, "America/New_York", 1, 2500),
    c("WAS", "Washington", "US", AM, 38.90, -77.04, "America/New_York", 1, 300),
    c("YUL", "Montreal", "CA", AM, 45.50, -73.57, "America/Toronto", 1, 450),
    c("PAP", "Port-au-Prince", "HT", AM, 18.54, -72.34, "America/Port-au-Prince", 5, 650),
    c("CAP", "Cap-Haïtien", "HT", AM, 19.76, -72.20, "America/Port-au-Prince", 4, 80),
    c("BOG", "Bogotá", "CO", AM, 4.71, -74.07, "America/Bogota", 3, 900),
    c("CUC", "Cúcuta", "CO", AM, 7.89, -72.51, "America/Bogota", 4, 150),
    c("UIB", "Quibdó", "CO", AM, 5.69, -76.66, "America/Bogota", 4, 60),
    c("CCS", "Caracas", "VE", AM, 10.49, -66.88, "America/Caracas", 4, 420),
    c("LIM", "Lima", "PE", AM, -12.05, -77.04, "America/Lima", 2, 300),
    c("UIO", "Quito", "EC", AM, -0.18, -78.47, "America/Guayaquil", 3, 250),
    c("LPB", "La Paz", "BO", AM, -16.50, -68.15, "America/La_Paz", 2, 200),
    c("SCL", "Santiago", "CL", AM, -33.45, -70.67, "America/Santiago", 2, 600),
    c("BSB", "Brasília", "BR", AM, -15.79, -47.88, "America/Sao_Paulo", 2, 250),
    c("BVB", "Boa Vista", "BR", AM, 2.82, -60.67, "America/Boa_Vista", 3, 180),
    c("BUE", "Buenos Aires", "AR", AM, -34.60, -58.38, "America/Argentina/Buenos_Aires", 1, 200),
    c("MEX", "Mexico City", "MX", AM, 19.43, -99.13, "America/Mexico_City", 3, 500),
    c("TAP", "Tapachula", "MX", AM, 14.91, -92.26, "America/Mexico_City", 4, 90),
    c("GUA", "Guatemala City", "GT", AM, 14.63, -90.51, "America/Guatemala", 3, 280),
    c("TGU", "Tegucigalpa", "HN", AM, 14.07, -87.19, "America/Tegucigalpa", 3, 220),
    c("SAL", "San Salvador", "SV", AM, 13.69, -89.22, "America/El_Salvador", 3, 180),
    c("MGA", "Managua", "NI", AM, 12.11, -86.24, "America/Managua", 3, 140),
    c("PTY", "Panama City", "PA", AM, 8.98, -79.52, "America/Panama", 2, 700),
    c("SDQ", "Santo Domingo", "DO", AM, 18.49, -69.93, "America/Santo_Domingo", 2, 150),
    c("KIN", "Kingston", "JM", AM, 17.99, -76.79, "America/Jamaica", 3, 120),
    c("BGI", "Bridgetown", "BB", AM, 13.10, -59.61, "America/Barbados", 1, 110),
    c("HAV", "Havana", "CU", AM, 23.11, -82.37, "America/Havana", 2, 90),
    // ── asia-pacific ────────────────────────────────────────────────────
    c("KBL", "Kabul", "AF", AP, 34.53, 69.17, "Asia/Kabul", 5, 1100),
    c("KDH", "Kandahar", "AF", AP, 31.61, 65.71, "Asia/Kabul", 5, 220),
    c("HEA", "Herat", "AF", AP, 34.35, 62.20, "Asia/Kabul", 4, 260),
    c("MZR", "Mazar-i-Sharif", "AF", AP, 36.71, 67.11, "Asia/Kabul", 4, 240),
    c("JAA", "Jalalabad", "AF", AP, 34.43, 70.45, "Asia/Kabul", 5, 180),
    c("ISB", "Islamabad", "PK", AP, 33.69, 73.06, "Asia/Karachi", 3, 800),
    c("PEW", "Peshawar", "PK", AP, 34.01, 71.58, "Asia/Karachi", 5, 250),
    c("UET", "Quetta", "PK", AP, 30.18, 66.98, "Asia/Karachi", 5, 150),
    c("KHI", "Karachi", "PK", AP, 24.86, 67.01, "Asia/Karachi", 4, 200),
    c("THR", "Tehran", "IR", AP, 35.69, 51.39, "Asia/Tehran", 3, 250),
    c("DEL", "New Delhi", "IN", AP, 28.61, 77.21, "Asia/Kolkata", 2, 700),
    c("DAC", "Dhaka", "BD", AP, 23.81, 90.41, "Asia/Dhaka", 3, 600),
    c("CXB", "Cox's Bazar", "BD", AP, 21.43, 92.01, "Asia/Dhaka", 4, 1300),
    c("KTM", "Kathmandu", "NP", AP, 27.72, 85.32, "Asia/Kathmandu", 2, 450),
    c("CMB", "Colombo", "LK", AP, 6.93, 79.85, "Asia/Colombo", 2, 280),
    c("RGN", "Yangon", "MM", AP, 16.87, 96.20, "Asia/Yangon", 4, 700),
    c("AKY", "Sittwe", "MM", AP, 20.15, 92.90, "Asia/Yangon", 5, 180),
    c("MYT", "Myitkyina", "MM", AP, 25.38, 97.40, "Asia/Yangon", 5, 90),
    c("BKK", "Bangkok", "TH", AP, 13.76, 100.50, "Asia/Bangkok", 2, 2200),
    c("PNH", "Phnom Penh", "KH", AP, 11.56, 104.92, "Asia/Phnom_Penh", 2, 300),
    c("VTE", "Vientiane", "LA", AP, 17.97, 102.63, "Asia/Vientiane", 1, 180),
    c("HAN", "Hanoi", "VN", AP, 21.03, 105.85, "Asia/Ho_Chi_Minh", 1, 350),
    c("MNL", "Manila", "PH", AP, 14.60, 120.98, "Asia/Manila", 3, 900),
    c("CBO", "Cotabato", "PH", AP, 7.22, 124.25, "Asia/Manila", 5, 150),
    c("CGK", "Jakarta", "ID", AP, -6.21, 106.85, "Asia/Jakarta", 2, 600),
    c("PDG", "Padang", "ID", AP, -0.95, 100.35, "Asia/Jakarta", 2, 40),
    c("DIL", "Dili", "TL", AP, -8.56, 125.57, "Asia/Dili", 2, 160),
    c("POM", "Port Moresby", "PG", AP, -9.44, 147.18, "Pacific/Port_Moresby", 4, 260),
    c("SUV", "Suva", "FJ", AP, -18.14, 178.44, "Pacific/Fiji", 1, 400),
    c("APW", "Apia", "WS", AP, -13.83, -171.76, "Pacific/Apia", 1, 90),
    c("PEK", "Beijing", "CN", AP, 39.90, 116.41, "Asia/Shanghai", 1, 600),
    c("ULN", "Ulaanbaatar", "MN", AP, 47.92, 106.92, "Asia/Ulaanbaatar", 1, 150),
    c("TAS", "Tashkent", "UZ", AP, 41.31, 69.28, "Asia/Tashkent", 2, 200),
    c("DYU", "Dushanbe", "TJ", AP, 38.56, 68.77, "Asia/Dushanbe", 2, 150),
    c("FRU", "Bishkek", "KG", AP, 42.87, 74.59, "Asia/Bishkek", 2, 140),
    c("TYO", "Tokyo", "JP", AP, 35.68, 139.69, "Asia/Tokyo", 1, 180),
    // ── europe ──────────────────────────────────────────────────────────
    c("GVA", "Geneva", "CH", EU, 46.20, 6.14, "Europe/Zurich", 1, 2500),
    c("VIE", "Vienna", "AT", EU, 48.21, 16.37, "Europe/Vienna", 1, 2200),
    c("BRU", "Brussels", "BE", EU, 50.85, 4.35, "Europe/Brussels", 1, 400),
    c("CPH", "Copenhagen", "DK", EU, 55.68, 12.57, "Europe/Copenhagen", 1, 1000),
    c("ROM", "Rome", "IT", EU, 41.90, 12.50, "Europe/Rome", 1, 2500),
    c("BDS", "Brindisi", "IT", EU, 40.63, 17.94, "Europe/Rome", 1, 350),
    c("PAR", "Paris", "FR", EU, 48.86, 2.35, "Europe/Paris", 1, 2000),
    c("BNJ", "Bonn", "DE", EU, 50.74, 7.10, "Europe/Berlin", 1, 1000),
    c("LON", "London", "GB", EU, 51.51, -0.13, "Europe/London", 1, 300),
    c("HAG", "The Hague", "NL", EU, 52.08, 4.31, "Europe/Amsterdam", 1, 800),
    c("ATH", "Athens", "GR", EU, 37.98, 23.73, "Europe/Athens", 1, 200),
    c("MJT", "Mytilene", "GR", EU, 39.11, 26.55, "Europe/Athens", 2, 60),
    c("KBP", "Kyiv", "UA", EU, 50.45, 30.52, "Europe/Kyiv", 4, 900),
    c("ODS", "Odesa", "UA", EU, 46.48, 30.72, "Europe/Kyiv", 4, 120),
    c("HRK", "Kharkiv", "UA", EU, 49.99, 36.23, "Europe/Kyiv", 5, 140),
    c("DNK", "Dnipro", "UA", EU, 48.46, 35.05, "Europe/Kyiv", 4, 160),
    c("LWO", "Lviv", "UA", EU, 49.84, 24.03, "Europe/Kyiv", 3, 120),
    c("RZE", "Rzeszów", "PL", EU, 50.04, 22.00, "Europe/Warsaw", 2, 80),
    c("KIV", "Chișinău", "MD", EU, 47.01, 28.86, "Europe/Chisinau", 2, 150),
    c("MOW", "Moscow", "RU", EU, 55.76, 37.62, "Europe/Moscow", 2, 200),
    c("TBS", "Tbilisi", "GE", EU, 41.72, 44.79, "Asia/Tbilisi", 2, 250),
    c("EVN", "Yerevan", "AM", EU, 40.18, 44.51, "Asia/Yerevan", 2, 180),
    c("GYD", "Baku", "AZ", EU, 40.41, 49.87, "Asia/Baku", 2, 120),
    c("BEG", "Belgrade", "RS", EU, 44.79, 20.45, "Europe/Belgrade", 1, 250),
    c("SJJ", "Sarajevo", "BA", EU, 43.86, 18.41, "Europe/Sarajevo", 2, 300),
    c("NIC", "Nicosia", "CY", EU, 35.17, 33.36, "Asia/Nicosia", 2, 900),
    c("IST", "Istanbul", "TR", EU, 41.01, 28.98, "Europe/Istanbul", 2, 500),
    // ── middle-east ─────────────────────────────────────────────────────
    c("BGW", "Baghdad", "IQ", ME, 33.31, 44.37, "Asia/Baghdad", 4, 700),
    c("EBL", "Erbil", "IQ", ME, 36.19, 44.01, "Asia/Baghdad", 3, 500),
    c("OSM", "Mosul", "IQ", ME, 36.34, 43.13, "Asia/Baghdad", 4, 150),
    c("BSR", "Basra", "IQ", ME, 30.51, 47.78, "Asia/Baghdad", 4, 120),
    c("DAM", "Damascus", "SY", ME, 33.51, 36.29, "Asia/Damascus", 4, 600),
    c("ALP", "Aleppo", "SY", ME, 36.20, 37.13, "Asia/Damascus", 5, 180),
    c("KAC", "Qamishli", "SY", ME, 37.05, 41.23, "Asia/Damascus", 5, 90),
    c("GZT", "Gaziantep", "TR", ME, 37.07, 37.38, "Europe/Istanbul", 3, 600),
    c("BEY", "Beirut", "LB", ME, 33.89, 35.50, "Asia/Beirut", 4, 900),
    c("NQR", "Naqoura", "LB", ME, 33.12, 35.14, "Asia/Beirut", 5, 700),
    c("AMM", "Amman", "JO", ME, 31.95, 35.93, "Asia/Amman", 2, 1200),
    c("ZTR", "Zaatari", "JO", ME, 32.30, 36.32, "Asia/Amman", 3, 140),
    c("GZA", "Gaza", "PS", ME, 31.50, 34.47, "Asia/Gaza", 6, 300),
    c("RAM", "Ramallah", "PS", ME, 31.90, 35.20, "Asia/Hebron", 4, 250),
    c("CAI", "Cairo", "EG", ME, 30.04, 31.24, "Africa/Cairo", 2, 800),
    c("AAC", "El Arish", "EG", ME, 31.13, 33.80, "Africa/Cairo", 4, 60),
    c("TIP", "Tripoli", "LY", ME, 32.89, 13.19, "Africa/Tripoli", 4, 300),
    c("BEN", "Benghazi", "LY", ME, 32.12, 20.07, "Africa/Tripoli", 4, 90),
    c("TUN", "Tunis", "TN", ME, 36.81, 10.18, "Africa/Tunis", 2, 250),
    c("RBA", "Rabat", "MA", ME, 34.02, -6.84, "Africa/Casablanca", 1, 200),
    c("SAH", "Sana'a", "YE", ME, 15.37, 44.19, "Asia/Aden", 5, 400),
    c("ADE", "Aden", "YE", ME, 12.79, 45.03, "Asia/Aden", 5, 350),
    c("HOD", "Hodeidah", "YE", ME, 14.80, 42.95, "Asia/Aden", 5, 80),
    c("RUH", "Riyadh", "SA", ME, 24.71, 46.68, "Asia/Riyadh", 2, 150),
    c("DXB", "Dubai", "AE", ME, 25.20, 55.27, "Asia/Dubai", 1, 400),
    c("KWI", "Kuwait City", "KW", ME, 29.38, 47.99, "Asia/Kuwait", 1, 200),
    c("DOH", "Doha", "QA", ME, 25.29, 51.53, "Asia/Qatar", 1, 120),
];

/// Duty cities on active faults, around which earthquakes are placed.
pub(crate) const SEISMIC: &[&str] = &[
    "KBL", "JAA", "HEA", "ISB", "PEW", "UET", "THR", "KTM", "DYU", "FRU", "PDG", "CGK", "MNL",
    "CBO", "DIL", "POM", "SUV", "APW", "TYO", "IST", "GZT", "TBS", "EVN", "ATH", "NIC", "BEY",
    "ROM", "LIM", "UIO", "LPB", "SCL", "GUA", "SAL", "TGU", "MGA", "MEX", "PAP", "KIN", "BOG",
    "CCS", "GOM", "ADD", "MQX", "DJI",
];

/// Countries with a dry climate, for choosing believable local hazards.
const ARID: &[&str] = &[
    "SD", "TD", "NE", "ML", "BF", "MR", "SO", "DJ", "IQ", "SY", "JO", "SA", "AE", "KW", "QA", "YE",
    "EG", "LY", "AF", "PK", "IR", "PS",
];

impl City {
    /// Inside the tropics (dengue, monsoon and cyclone country).
    pub(crate) fn tropical(&self) -> bool {
        self.lat.abs() < 23.5
    }

    /// A dry-climate country (dust storms).
    pub(crate) fn arid(&self) -> bool {
        ARID.contains(&self.country)
    }

    /// On an active fault.
    pub(crate) fn seismic(&self) -> bool {
        SEISMIC.contains(&self.id)
    }

    /// A cold-winter city (snow).
    pub(crate) fn cold(&self) -> bool {
        self.lat.abs() > 33.0
    }
}

/// Index of the city with this id.
pub(crate) fn index_of(id: &str) -> Option<usize> {
    CITIES.iter().position(|c| c.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn table_has_the_expected_size_and_shape() {
        let all = cities();
        assert!((140..=170).contains(&all.len()), "{} cities", all.len());
        for region in REGIONS {
            let n = all.iter().filter(|c| c.region == region).count();
            assert!(n >= 15, "{region} has {n} cities");
        }
        assert!(all.iter().all(|c| REGIONS.contains(&c.region)));
    }

    #[test]
    fn ids_are_unique_three_upper_case_letters() {
        let mut seen = HashSet::new();
        for c in cities() {
            assert!(
                c.id.len() == 3 && c.id.bytes().all(|b| b.is_ascii_uppercase()),
                "bad id {}",
                c.id
            );
            assert!(seen.insert(c.id), "duplicate id {}", c.id);
        }
    }

    #[test]
    fn every_field_is_in_range() {
        for c in cities() {
            assert!((-90.0..=90.0).contains(&c.lat), "{}", c.id);
            assert!((-180.0..=180.0).contains(&c.lon), "{}", c.id);
            assert!((1..=6).contains(&c.base_level), "{}", c.id);
            assert!((5..=2500).contains(&c.personnel), "{}", c.id);
            assert!(
                c.country.len() == 2 && c.country.bytes().all(|b| b.is_ascii_uppercase()),
                "{}",
                c.id
            );
            assert!(!c.name.is_empty());
            // Two decimals at most.
            assert!(((c.lat * 100.0).round() - c.lat * 100.0).abs() < 1e-6);
            assert!(((c.lon * 100.0).round() - c.lon * 100.0).abs() < 1e-6);
        }
    }

    #[test]
    fn every_timezone_parses() {
        for c in cities() {
            assert!(
                c.timezone.parse::<chrono_tz::Tz>().is_ok(),
                "{} has unknown zone {}",
                c.id,
                c.timezone
            );
        }
    }

    #[test]
    fn spot_checks() {
        let get = |id: &str| &cities()[index_of(id).unwrap()];
        let kbl = get("KBL");
        assert!((kbl.lat - 34.5).abs() < 0.1 && (kbl.lon - 69.2).abs() < 0.1);
        assert_eq!(
            (kbl.country, kbl.timezone, kbl.base_level),
            ("AF", "Asia/Kabul", 5)
        );
        let gva = get("GVA");
        assert_eq!(
            (gva.country, gva.timezone, gva.base_level),
            ("CH", "Europe/Zurich", 1)
        );
        let nbo = get("NBO");
        assert_eq!(
            (nbo.country, nbo.region, nbo.base_level),
            ("KE", "africa", 3)
        );
        let mnl = get("MNL");
        assert_eq!((mnl.country, mnl.region), ("PH", "asia-pacific"));
        assert!(get("MGQ").base_level >= 5);
        // Southern hemisphere and western longitudes are signed correctly.
        assert!(get("NBO").lat < 0.0 && get("BOG").lon < 0.0 && get("APW").lon < 0.0);
    }

    #[test]
    fn levels_are_spread_across_the_scale() {
        for level in 1..=6u8 {
            assert!(
                cities().iter().any(|c| c.base_level == level),
                "no level {level}"
            );
        }
    }
}

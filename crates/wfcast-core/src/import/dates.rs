//! Calendar dates as staff lists write them, and ages at a census date.
//!
//! Written by hand rather than with a date crate: the importer needs only to read three
//! spellings of a day and count whole years between two days, a few lines of the
//! proleptic Gregorian calendar (days-from-civil, as in Howard Hinnant's date algorithms).

use std::fmt;

/// A calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    /// Year, e.g. 2024.
    pub year: i32,
    /// Month, 1-12.
    pub month: u32,
    /// Day of the month, 1-31.
    pub day: u32,
}

impl Date {
    /// Reads `2024-03-31` (ISO 8601) or `31/03/2024` (day first, as UK exports write it).
    ///
    /// ```
    /// use wfcast_core::import::Date;
    /// let d = Date::parse("31/03/2024").unwrap();
    /// assert_eq!(d, Date::parse("2024-03-31").unwrap());
    /// assert!(Date::parse("2024-02-30").is_none());
    /// ```
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        // a spreadsheet export may add a midnight time: `2024-03-31 00:00:00`
        let day_part = text.split([' ', 'T']).next().unwrap_or(text);
        let parts: Vec<&str> = day_part.split(['-', '/']).collect();
        let [a, b, c] = parts.as_slice() else {
            return None;
        };
        let (y, m, d) = if a.len() == 4 { (a, b, c) } else { (c, b, a) };
        if y.len() != 4 {
            return None;
        }
        let date = Self {
            year: y.parse().ok()?,
            month: m.parse().ok()?,
            day: d.parse().ok()?,
        };
        date.is_valid().then_some(date)
    }

    /// The day an Excel serial number stands for (1900 date system: serial 1 is
    /// 1900-01-01, with Excel's phantom 29 February 1900 counted, so serials from 61 on
    /// are days since 1899-12-30).
    pub fn from_excel_serial(serial: f64) -> Option<Self> {
        if !(61.0..2_958_466.0).contains(&serial) {
            return None;
        }
        Some(Self::from_days(
            days_from_civil(1899, 12, 30) + serial.floor() as i64,
        ))
    }

    /// Whole years from `born` to `self` (the age on this day of someone born on `born`).
    pub fn years_since(self, born: Self) -> i32 {
        let mut years = self.year - born.year;
        if (self.month, self.day) < (born.month, born.day) {
            years -= 1;
        }
        years
    }

    /// The same day a year before (28 February for 29 February).
    ///
    /// ```
    /// use wfcast_core::import::Date;
    /// let d = Date::parse("2024-02-29").unwrap();
    /// assert_eq!(d.a_year_before(), Date::parse("2023-02-28").unwrap());
    /// ```
    pub fn a_year_before(self) -> Self {
        let year = self.year - 1;
        let day = self.day.min(days_in_month(year, self.month));
        Self { year, day, ..self }
    }

    /// Days from `earlier` to `self`.
    pub fn days_since(self, earlier: Self) -> i64 {
        self.days() - earlier.days()
    }

    fn days(self) -> i64 {
        days_from_civil(self.year, self.month, self.day)
    }

    fn is_valid(self) -> bool {
        (1..=12).contains(&self.month)
            && self.day >= 1
            && self.day <= days_in_month(self.year, self.month)
            && (1900..=2200).contains(&self.year)
    }

    fn from_days(z: i64) -> Self {
        let z = z + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Self { year, month, day }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn days_from_civil(year: i32, month: u32, day: u32) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::Date;

    #[test]
    fn excel_serials_match_known_days() {
        // 45382 is 2024-03-31 and 36526 is 2000-01-01 in Excel's 1900 date system
        assert_eq!(Date::from_excel_serial(45382.0), Date::parse("2024-03-31"));
        assert_eq!(Date::from_excel_serial(36526.5), Date::parse("2000-01-01"));
        assert_eq!(Date::from_excel_serial(12.0), None);
    }

    #[test]
    fn ages_count_whole_years_and_days_round_trip() {
        let census = Date::parse("2024-03-31").unwrap();
        assert_eq!(census.years_since(Date::parse("1980-03-31").unwrap()), 44);
        assert_eq!(census.years_since(Date::parse("1980-04-01").unwrap()), 43);
        assert_eq!(census.years_since(Date::parse("29/02/1984").unwrap()), 40);
        assert_eq!(census.days_since(Date::parse("2023-03-31").unwrap()), 366);
        for serial in [61.0, 40_000.0, 45_382.0, 2_000_000.0] {
            let d = Date::from_excel_serial(serial).unwrap();
            let back = d.days_since(Date::from_excel_serial(61.0).unwrap()) + 61;
            assert_eq!(back as f64, serial);
        }
    }

    #[test]
    fn impossible_and_ambiguous_spellings_are_refused() {
        for bad in [
            "2024-13-01",
            "31/02/2024",
            "24-03-31",
            "yesterday",
            "",
            "2024-03",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
    }
}

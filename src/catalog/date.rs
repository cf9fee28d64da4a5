//! Calendar dates without a time zone, enough to compare against published dates.

use std::fmt;
use std::str::FromStr;

/// A day of the proleptic Gregorian calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// A date, if `month` and `day` exist in `year`.
    #[must_use]
    pub fn new(year: i32, month: u8, day: u8) -> Option<Self> {
        let valid = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        valid.then_some(Self { year, month, day })
    }

    /// Today's date in UTC from the system clock (1970-01-01 if the clock is before it).
    #[must_use]
    pub fn today() -> Self {
        let seconds = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Self::from_days(i64::try_from(seconds / 86_400).unwrap_or(0))
    }

    /// The date `days` after 1970-01-01, by the civil-from-days algorithm: count in 400-year
    /// eras starting on March 1st, so that the leap day falls at the end of each year.
    #[must_use]
    pub fn from_days(days: i64) -> Self {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let day_of_era = z.rem_euclid(146_097);
        let year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let shifted_month = (5 * day_of_year + 2) / 153;
        let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
        let month = if shifted_month < 10 { shifted_month + 3 } else { shifted_month - 9 };
        let year = year_of_era + era * 400 + i64::from(month <= 2);
        Self {
            year: i32::try_from(year).unwrap_or(i32::MAX),
            // Both are bounded by the arithmetic above: 1..=12 and 1..=31.
            month: u8::try_from(month).unwrap_or(1),
            day: u8::try_from(day).unwrap_or(1),
        }
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Why text is not a `YYYY-MM-DD` date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("expected a date as YYYY-MM-DD, such as 2026-01-31")]
pub struct DateError;

impl FromStr for Date {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Self, DateError> {
        let mut parts = s.split('-');
        let (Some(y), Some(m), Some(d), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(DateError);
        };
        let digits = |p: &str, len: usize| p.len() == len && p.bytes().all(|b| b.is_ascii_digit());
        if !digits(y, 4) || !digits(m, 2) || !digits(d, 2) {
            return Err(DateError);
        }
        let (Ok(year), Ok(month), Ok(day)) = (y.parse(), m.parse(), d.parse()) else {
            return Err(DateError);
        };
        Self::new(year, month, day).ok_or(DateError)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn days_since_the_epoch() {
        assert_eq!(Date::from_days(0), date("1970-01-01"));
        assert_eq!(Date::from_days(-1), date("1969-12-31"));
        assert_eq!(Date::from_days(59), date("1970-03-01"));
        assert_eq!(Date::from_days(11_016), date("2000-02-29"));
        assert_eq!(Date::from_days(20_426), date("2025-12-04"));
        assert_eq!(Date::from_days(20_818), date("2026-12-31"));
        assert!(Date::today() >= date("2025-01-01"));
    }

    #[test]
    fn parse_and_print() {
        assert_eq!(date("2026-04-30").to_string(), "2026-04-30");
        assert_eq!(date("2024-02-29"), Date { year: 2024, month: 2, day: 29 });
        for bad in ["2023-02-29", "2026-13-01", "2026-00-10", "2026-4-30", "26-04-30", "", "x"] {
            assert_eq!(bad.parse::<Date>(), Err(DateError), "{bad}");
        }
        assert!(date("2026-04-30") < date("2026-05-01"));
        assert!(date("2025-12-31") < date("2026-01-01"));
    }
}

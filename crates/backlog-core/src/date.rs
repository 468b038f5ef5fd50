//! Front matter dates such as `2021-02-15 13:32:20 +0300`, kept with their
//! offset and turned into RFC 3339.

/// Example shown in messages about dates.
pub const DATE_EXAMPLE: &str = "2021-02-15 13:32:20 +0300";

/// A checked date: its RFC 3339 form and the instant in UTC for sorting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntryDate {
    /// `2021-02-15T13:32:20+03:00`
    pub rfc3339: String,
    /// Seconds since 1970-01-01 UTC.
    pub timestamp: i64,
}

/// Parses `YYYY-MM-DD HH:MM[:SS] ±HHMM` (also `T` between date and time,
/// `±HH:MM` or `Z` as the offset). The offset is required because Jekyll
/// would otherwise use the build machine's time zone.
pub fn parse_date(text: &str) -> Result<EntryDate, String> {
    let text = text.trim();
    let invalid = || format!("invalid date `{text}`; write it as `{DATE_EXAMPLE}`");
    let (Some(date), Some(rest)) = (text.get(..10), text.get(10..)) else {
        return Err(invalid());
    };
    let [year, month, day] = split_numbers(date, '-').ok_or_else(invalid)?;
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return Err(invalid());
    }
    let rest = rest.trim_start_matches([' ', 'T']);
    if rest.is_empty() {
        return Err(format!(
            "date `{text}` has no time and offset; write it as `{DATE_EXAMPLE}`"
        ));
    }
    let time_end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == ':'))
        .unwrap_or(rest.len());
    let (time, offset) = rest.split_at(time_end);
    let (hour, minute, second) = parse_time(time).ok_or_else(invalid)?;
    let offset = offset.trim();
    if offset.is_empty() {
        return Err(format!(
            "date `{text}` has no offset; add one, as in `{DATE_EXAMPLE}`"
        ));
    }
    let offset_minutes = parse_offset(offset).ok_or_else(invalid)?;
    let sign = if offset_minutes < 0 { '-' } else { '+' };
    let rfc3339 = format!(
        "{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}{sign}{:02}:{:02}",
        offset_minutes.abs() / 60,
        offset_minutes.abs() % 60
    );
    let local = days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second;
    Ok(EntryDate {
        rfc3339,
        timestamp: local - offset_minutes * 60,
    })
}

fn split_numbers<const N: usize>(text: &str, separator: char) -> Option<[i64; N]> {
    let mut numbers = [0; N];
    let mut parts = text.split(separator);
    for number in &mut numbers {
        let part = parts.next()?;
        if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        *number = part.parse().ok()?;
    }
    parts.next().is_none().then_some(numbers)
}

fn parse_time(time: &str) -> Option<(i64, i64, i64)> {
    let (hour, minute, second) = match time.matches(':').count() {
        1 => {
            let [hour, minute] = split_numbers(time, ':')?;
            (hour, minute, 0)
        }
        2 => {
            let [hour, minute, second] = split_numbers(time, ':')?;
            (hour, minute, second)
        }
        _ => return None,
    };
    (hour < 24 && minute < 60 && second < 61).then_some((hour, minute, second))
}

/// Reads `+0300`, `-05:30` or `Z` into minutes east of UTC.
fn parse_offset(offset: &str) -> Option<i64> {
    if offset == "Z" {
        return Some(0);
    }
    let sign = match offset.chars().next()? {
        '+' => 1,
        '-' => -1,
        _ => return None,
    };
    let digits: String = offset[1..].chars().filter(|c| *c != ':').collect();
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let hours: i64 = digits[..2].parse().ok()?;
    let minutes: i64 = digits[2..].parse().ok()?;
    (hours < 24 && minutes < 60).then_some(sign * (hours * 60 + minutes))
}

fn days_in_month(year: i64, month: i64) -> i64 {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil` algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let shifted_month = (month + 9) % 12;
    let day_of_year = (153 * shifted_month + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jekyll_date_keeps_its_offset() {
        let date = parse_date("2021-02-15 13:32:20 +0300").unwrap();
        assert_eq!(date.rfc3339, "2021-02-15T13:32:20+03:00");
        assert_eq!(date.timestamp, 1_613_385_140);
    }

    #[test]
    fn other_accepted_forms() {
        assert_eq!(
            parse_date("2021-02-15T13:32Z").unwrap().rfc3339,
            "2021-02-15T13:32:00+00:00"
        );
        assert_eq!(
            parse_date("2021-02-15 13:32:20 -05:30").unwrap().rfc3339,
            "2021-02-15T13:32:20-05:30"
        );
    }

    #[test]
    fn unreadable_dates_are_rejected_with_an_example() {
        for text in [
            "2021-02-30 10:00:00 +0000",
            "15/02/2021",
            "2021-02-15 25:00 +0000",
            "",
        ] {
            let message = parse_date(text).unwrap_err();
            assert!(message.contains(DATE_EXAMPLE), "{text}: {message}");
        }
    }

    #[test]
    fn date_without_time_or_offset_says_so() {
        assert!(parse_date("2021-02-15")
            .unwrap_err()
            .contains("no time and offset"));
        assert!(parse_date("2021-02-15 10:00")
            .unwrap_err()
            .contains("no offset"));
    }
}

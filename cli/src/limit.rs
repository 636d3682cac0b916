//! `--limit N|all`: the most results a command shows, one meaning everywhere (search, batch,
//! hunt). Any size is safe, since results stream; 0 is a usage error, not "one" nor "all".

use std::fmt;
use std::str::FromStr;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    /// At most this many (at least 1).
    At(usize),
    All,
}

impl Limit {
    /// As the library takes it: `usize::MAX` for all.
    pub fn get(self) -> usize {
        match self {
            Limit::At(n) => n,
            Limit::All => usize::MAX,
        }
    }
}

impl FromStr for Limit {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        if s.eq_ignore_ascii_case("all") {
            return Ok(Limit::All);
        }
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("{s:?}: expected a number of results (1 or more) or `all`"));
        }
        match s.parse::<usize>() {
            Ok(0) => Err("0 would show nothing: give 1 or more, or `all`".into()),
            Ok(n) => Ok(Limit::At(n)),
            // More than can be held anywhere: every result.
            Err(_) => Ok(Limit::All),
        }
    }
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Limit::At(n) => write!(f, "{n}"),
            Limit::All => f.write_str("all"),
        }
    }
}

impl serde::Serialize for Limit {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Limit::At(n) => s.serialize_u64(*n as u64),
            Limit::All => s.serialize_str("all"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Limit;

    #[test]
    fn numbers_all_and_zero() {
        assert_eq!("20".parse(), Ok(Limit::At(20)));
        assert_eq!("ALL".parse(), Ok(Limit::All));
        assert_eq!("18446744073709551615".parse(), Ok(Limit::At(usize::MAX)));
        assert_eq!("99999999999999999999999".parse(), Ok(Limit::All));
        assert!("0".parse::<Limit>().unwrap_err().contains("`all`"));
        assert!("-1".parse::<Limit>().is_err() && "".parse::<Limit>().is_err());
    }
}

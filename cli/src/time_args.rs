//! `--from/--to`: the time window shared by the commands that narrow by time.

use crate::exit::UsageError;

#[derive(clap::Args, Clone, Debug, Default, serde::Serialize)]
pub struct TimeArgs {
    /// From this time (RFC 3339 or YYYY-MM-DD, UTC), inclusive.
    #[arg(long, value_name = "TIME")]
    pub from: Option<String>,
    /// Until this time, exclusive.
    #[arg(long, value_name = "TIME")]
    pub to: Option<String>,
}

impl TimeArgs {
    /// The bounds given, as epoch milliseconds; a window that holds no time (`--from` not
    /// before `--to`) is a usage error, not a silent empty result.
    pub fn range(&self) -> Result<(Option<u64>, Option<u64>), UsageError> {
        let (from, to) = (parse_time("from", &self.from)?, parse_time("to", &self.to)?);
        if let (Some(f), Some(t), Some(fv), Some(tv)) = (from, to, &self.from, &self.to)
            && f >= t
        {
            return Err(UsageError(format!(
                "--from {fv:?} is not before --to {tv:?} (--to is exclusive): the window holds no time"
            )));
        }
        Ok((from, to))
    }
}

fn parse_time(flag: &str, value: &Option<String>) -> Result<Option<u64>, UsageError> {
    value
        .as_deref()
        .map(|v| {
            tapir::time::parse_time(v)
                .ok_or_else(|| UsageError(format!("--{flag} {v:?}: expected RFC 3339 or YYYY-MM-DD")))
        })
        .transpose()
}

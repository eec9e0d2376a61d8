//! 本机时间: a phone's clock against the web server's (the HTTP `Date` of a file fetched at start),
//! named in plain words before it dates a record, and the one limit a receiver puts on a record's
//! time (a day ahead of its own clock), with its reason. The records a clock set wrong dated ahead
//! are pulled back by `model/dated.rs`.

use crate::core::date::{format_day_minute, Millis, DAY_MS};

/// How far ahead of a receiver's clock a record may be dated (clocks differ a little).
pub const AHEAD_LIMIT: Millis = DAY_MS;
/// A clock further than this from the server's is named (an hour: a wrong time zone set by hand).
const NAMED_FROM: Millis = 3_600_000;

/// How far this phone's clock is from the server's, when it is far enough to name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClockSkew {
    /// The phone's clock minus the server's: positive when the phone is ahead.
    pub by: Millis,
    /// The server's time when measured.
    pub server: Millis,
}

impl ClockSkew {
    /// The skew between this phone's `now` and the server's time, when over an hour.
    pub fn measure(now: Millis, server: Millis) -> Option<ClockSkew> {
        ((now - server).abs() > NAMED_FROM).then_some(ClockSkew { by: now - server, server })
    }

    /// Whether what this phone dates now would be refused, or misplaced by more than a day: then it
    /// writes nothing until the clock is set right.
    pub fn harmful(&self) -> bool {
        self.by.abs() > AHEAD_LIMIT
    }

    /// "约 365 天" or "约 3 小时".
    pub fn amount(&self) -> String {
        let a = self.by.abs();
        if a >= DAY_MS {
            format!("约 {} 天", (a + DAY_MS / 2) / DAY_MS)
        } else {
            format!("约 {} 小时", (a + 1_800_000) / 3_600_000)
        }
    }

    pub fn ahead(&self) -> bool {
        self.by > 0
    }

    /// What the phone shows and what it is, for the message: `YYYY-MM-DD HH:MM`, Beijing time.
    pub fn times(&self) -> (String, String) {
        (format_day_minute(self.server + self.by), format_day_minute(self.server))
    }
}

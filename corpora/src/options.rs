//! What the caller asks for and what it gets back.

use crate::error::GenError;

/// Largest supported device count: the plan is held in memory (a few hundred bytes a device).
pub const MAX_DEVICES: usize = 1_000_000;
/// Largest supported message count: keeps message ids below 2^53 (exact in any JSON reader)
/// and canary tokens collision-free.
pub const MAX_MESSAGES: u64 = 1_000_000_000;

/// Corpus parameters.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct GenOptions {
    /// Everything is derived from it: same seed and options, same bytes.
    pub seed: u64,
    /// Intercepted devices (each gets one or two dump files).
    pub devices: usize,
    /// Logical messages (a message captured on both ends counts once).
    pub messages: u64,
    /// Inject the damage of spec §6 (corrupt spans, truncation, bad payloads, withheld keys...).
    pub damage: bool,
}

impl Default for GenOptions {
    fn default() -> Self {
        GenOptions { seed: 1, devices: 20, messages: 20_000, damage: true }
    }
}

impl GenOptions {
    pub(crate) fn validate(&self) -> Result<(), GenError> {
        if self.devices == 0 {
            return Err(GenError::InvalidOptions("at least one device is needed".into()));
        }
        if self.devices > MAX_DEVICES {
            return Err(GenError::InvalidOptions(format!("at most {MAX_DEVICES} devices are supported")));
        }
        if self.messages > MAX_MESSAGES {
            return Err(GenError::InvalidOptions(format!("at most {MAX_MESSAGES} messages are supported")));
        }
        Ok(())
    }
}

/// What [`crate::generate`] wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GenSummary {
    /// `.ecd` files written, rejected ones included.
    pub files: usize,
    /// MESSAGE frames a conforming decoder finds (valid frames; both copies of a message count).
    pub message_frames: u64,
    /// Logical messages generated.
    pub logical_messages: u64,
    /// Logical messages with at least one decryptable surviving copy.
    pub logical_decrypted: u64,
    /// Planted threat conversations.
    pub planted: usize,
    /// Total size of the `.ecd` files.
    pub bytes: u64,
}

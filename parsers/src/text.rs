//! Text as it stands in the file: bytes that should be UTF-8 but may not be (§1).

use std::borrow::Cow;

/// A text field borrowed from the input. Invalid UTF-8 is never dropped: it is decoded
/// lossily (U+FFFD per invalid sequence) and the caller can flag it with [`Text::is_utf8`].
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Text<'a>(pub &'a [u8]);

impl<'a> Text<'a> {
    pub fn bytes(&self) -> &'a [u8] {
        self.0
    }
    pub fn is_utf8(&self) -> bool {
        std::str::from_utf8(self.0).is_ok()
    }
    /// The text, borrowed when it is valid UTF-8, lossily decoded otherwise.
    pub fn to_str_lossy(&self) -> Cow<'a, str> {
        String::from_utf8_lossy(self.0)
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl std::fmt::Debug for Text<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&self.to_str_lossy(), f)
    }
}

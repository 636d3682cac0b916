//! The spec's building blocks (§1) as nom parsers over complete input.

use nom::IResult;
use nom::Parser;
use nom::bytes::complete::take;
use nom::number::complete::{le_u8, le_u32};

use crate::error::PayloadError;

/// `str8`: a `u8` byte length, then that many bytes.
pub fn str8(input: &[u8]) -> IResult<&[u8], &[u8]> {
    let (input, len) = le_u8(input)?;
    take(len).parse(input)
}

/// `str32`: a `u32` byte length, then that many bytes.
pub fn str32(input: &[u8]) -> IResult<&[u8], &[u8]> {
    let (input, len) = le_u32(input)?;
    take(len).parse(input)
}

/// A fixed-size array borrowed from the input.
pub fn array<const N: usize>(input: &[u8]) -> IResult<&[u8], &[u8; N]> {
    let (rest, bytes) = take(N).parse(input)?;
    // `take(N)` returned exactly N bytes, so the conversion cannot fail.
    let array = <&[u8; N]>::try_from(bytes)
        .map_err(|_| nom::Err::Error(nom::error::Error::new(input, nom::error::ErrorKind::LengthValue)))?;
    Ok((rest, array))
}

/// Runs one field parser, naming the field if the payload ends before it does.
pub fn field<'a, O>(
    input: &'a [u8],
    name: &'static str,
    mut parser: impl Parser<&'a [u8], Output = O, Error = nom::error::Error<&'a [u8]>>,
) -> Result<(&'a [u8], O), PayloadError> {
    parser.parse(input).map_err(|_| PayloadError::Truncated { field: name })
}

/// A record must consume its payload exactly.
pub fn end(rest: &[u8]) -> Result<(), PayloadError> {
    if rest.is_empty() { Ok(()) } else { Err(PayloadError::Leftover { bytes: rest.len() }) }
}

//! What a change returns: the record as stored, and who did what when.

/// Who did something and when (epoch milliseconds).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Stamp {
    pub by: String,
    #[serde(serialize_with = "crate::time::serialize_rfc3339_ms")]
    pub at: u64,
}

impl Stamp {
    /// From a pair of nullable columns (both set or both null, as the schema checks).
    pub(crate) fn of(by: Option<String>, at: Option<i64>) -> Option<Stamp> {
        Some(Stamp { by: by?, at: super::store::from_sql(at?) })
    }
}

/// The record a change left in the store, and whether the change did anything: putting on
/// a tag already there, or starring twice, returns the existing record with `changed: false`
/// (nothing to audit as new, nothing to show as an error).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Stored<T> {
    pub record: T,
    pub changed: bool,
}

//! Roles on a case and what each allows.
//!
//! | role | read | annotate | review | read audit trail | export | manage annotations |
//! |---|---|---|---|---|---|---|
//! | `viewer` | yes | | | | | |
//! | `investigator` | yes | yes | yes | | | |
//! | `lead` | yes | yes | yes | yes | yes | yes |

use std::fmt;
use std::str::FromStr;

/// A user's role on one case (a grant).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Viewer,
    Investigator,
    Lead,
}

/// Something done to a case, which a role allows or not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Search, threads, messages, evidence bytes, findings, entities, stats.
    Read,
    /// Add tags, notes and stars.
    Annotate,
    /// Set a finding's review state.
    Review,
    /// Read the case's audit trail and its verification.
    ReadAudit,
    /// Exports (timeline, graph, selections).
    Export,
    /// Remove or change other users' annotations.
    ManageAnnotations,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Read => "read",
            Action::Annotate => "annotate",
            Action::Review => "review",
            Action::ReadAudit => "read_audit",
            Action::Export => "export",
            Action::ManageAnnotations => "manage_annotations",
        }
    }

    pub const ALL: [Action; 6] =
        [Action::Read, Action::Annotate, Action::Review, Action::ReadAudit, Action::Export, Action::ManageAnnotations];
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Viewer, Role::Investigator, Role::Lead];

    pub fn allows(self, action: Action) -> bool {
        match action {
            Action::Read => true,
            Action::Annotate | Action::Review => self >= Role::Investigator,
            Action::ReadAudit | Action::Export | Action::ManageAnnotations => self == Role::Lead,
        }
    }

    /// Every action this role allows, in [`Action::ALL`] order.
    pub fn actions(self) -> Vec<Action> {
        Action::ALL.into_iter().filter(|&a| self.allows(a)).collect()
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Investigator => "investigator",
            Role::Lead => "lead",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, thiserror::Error)]
#[error("unknown role {0:?}: expected viewer, investigator or lead")]
pub struct UnknownRole(pub String);

impl FromStr for Role {
    type Err = UnknownRole;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL.into_iter().find(|r| r.as_str() == s).ok_or_else(|| UnknownRole(s.chars().take(64).collect()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_roles_table() {
        use Action::*;
        assert_eq!(Role::Viewer.actions(), vec![Read]);
        assert_eq!(Role::Investigator.actions(), vec![Read, Annotate, Review]);
        assert_eq!(Role::Lead.actions(), Action::ALL.to_vec());
        for r in Role::ALL {
            assert_eq!(r.as_str().parse::<Role>().unwrap(), r);
        }
        assert!("admin".parse::<Role>().is_err());
    }
}

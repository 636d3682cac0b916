//! Files named by `--out`: one rule for every command. A file that exists is never
//! overwritten unless `--force` is given, and files a failed run created are removed again,
//! so that running the same command again works.

use std::fs::{File, OpenOptions};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::exit::UsageError;

/// `--force`, on every command with `--out`.
#[derive(clap::Args, Clone, Copy, Debug, Default)]
pub struct ForceArg {
    /// Overwrite output files that already exist (without it, an existing one is an error).
    #[arg(long)]
    pub force: bool,
}

/// Output files being written: those the run created are removed when dropped before
/// [`NewFiles::keep`], so a run that fails leaves no partial file to block its rerun.
pub struct NewFiles {
    paths: Vec<PathBuf>,
    kept: bool,
}

impl NewFiles {
    /// Creates every file of `paths` (all, or none when one exists and `force` is off: a usage
    /// error naming them), in order.
    pub fn create(paths: &[PathBuf], force: ForceArg) -> anyhow::Result<(NewFiles, Vec<File>)> {
        if !force.force {
            let existing: Vec<String> =
                paths.iter().filter(|p| p.symlink_metadata().is_ok()).map(|p| p.display().to_string()).collect();
            if !existing.is_empty() {
                return Err(
                    UsageError(format!("{} exists already; give --force to overwrite", existing.join(", "))).into()
                );
            }
        }
        let mut created = NewFiles { paths: Vec::new(), kept: false };
        let mut files = Vec::new();
        for path in paths {
            // Only what this run brings into existence is removed on failure: never a file
            // `--force` reused (`/dev/stdout`, or a previous export).
            let existed = path.symlink_metadata().is_ok();
            files.push(open(path, force.force)?);
            if !existed {
                created.paths.push(path.clone());
            }
        }
        Ok((created, files))
    }

    /// The run succeeded (or its reader left early): the files stay.
    pub fn keep(mut self) {
        self.kept = true;
    }
}

impl Drop for NewFiles {
    fn drop(&mut self) {
        if !self.kept {
            for path in &self.paths {
                let _ = std::fs::remove_file(path);
            }
        }
    }
}

fn open(path: &Path, force: bool) -> anyhow::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true);
    if force {
        options.create(true).truncate(true);
    } else {
        // Atomic: a file that appeared since the check is still not overwritten.
        options.create_new(true);
    }
    options.open(path).map_err(|e| match e.kind() {
        ErrorKind::AlreadyExists => {
            UsageError(format!("{} exists already; give --force to overwrite", path.display())).into()
        }
        _ => anyhow::Error::new(e).context(format!("cannot create {}", path.display())),
    })
}

/// The directory `--out DIR` names, created if missing.
pub fn create_dir(dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))
}

#[cfg(test)]
mod tests {
    use super::{ForceArg, NewFiles};

    #[test]
    fn a_failed_run_removes_only_the_files_it_created() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.csv"), dir.path().join("b.csv"));
        // Dropped without keep: both created files go.
        drop(NewFiles::create(&[a.clone(), b.clone()], ForceArg::default()).unwrap());
        assert!(!a.exists() && !b.exists());
        // One exists: without --force nothing is created, with it the old one is reused and kept.
        std::fs::write(&a, "old").unwrap();
        assert!(NewFiles::create(&[b.clone(), a.clone()], ForceArg::default()).is_err());
        assert!(!b.exists());
        drop(NewFiles::create(&[a.clone(), b.clone()], ForceArg { force: true }).unwrap());
        assert!(a.exists() && !b.exists());
        let (kept, _) = NewFiles::create(std::slice::from_ref(&b), ForceArg::default()).unwrap();
        kept.keep();
        assert!(b.exists());
    }
}

//! What a run of `dafu index` covers: the corpus root and the parts of it
//! named on the command line.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

use crate::index::locate::enclosing_root;

/// What to index: the corpus root (where `.dafu` lives) and the parts of
/// it this run covers. Documents outside the parts are left alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    pub root: PathBuf,
    /// Paths to walk, each with its key relative to the root ("" = all).
    pub parts: Vec<(PathBuf, String)>,
}

impl Scope {
    /// The whole of `root`.
    pub fn whole(root: &Path) -> Scope {
        Scope {
            root: root.to_path_buf(),
            parts: vec![(root.to_path_buf(), String::new())],
        }
    }

    pub(crate) fn covers(&self, rel: &str) -> bool {
        self.parts.iter().any(|(_, part)| {
            part.is_empty()
                || rel == part
                || rel
                    .strip_prefix(part.as_str())
                    .is_some_and(|r| r.starts_with('/'))
        })
    }
}

/// Resolve the paths given to `dafu index`. A folder holding `.dafu` is a
/// root; a path inside an indexed folder (found by looking up, like git)
/// updates that index for just that path; any other folder becomes a root.
pub fn resolve_scope(paths: &[PathBuf]) -> Result<Scope> {
    let mut scopes = resolve_scopes(paths)?;
    if scopes.len() > 1 {
        bail!(
            "{} and {} belong to different indexes; index them separately",
            scopes[0].root.display(),
            scopes[1].root.display()
        );
    }
    scopes
        .pop()
        .ok_or_else(|| anyhow::anyhow!("nothing to index"))
}

/// [`resolve_scope`] for paths that may belong to several indexes (`dafu
/// index a b` of two new folders): one scope per index, in the order the
/// paths name them. Each new folder gets an index of its own, as it would
/// indexed alone: no index is made at a common parent that was not asked for.
pub fn resolve_scopes(paths: &[PathBuf]) -> Result<Vec<Scope>> {
    let mut scopes: Vec<Scope> = Vec::new();
    for p in paths {
        if !p.exists() {
            bail!("{}: no such file or folder", p.display());
        }
        let (r, rel) = owning_root(p)?;
        match scopes.iter_mut().find(|s| same_dir(&s.root, &r)) {
            Some(scope) => scope.parts.push((p.clone(), rel)),
            None => scopes.push(Scope {
                root: r,
                parts: vec![(p.clone(), rel)],
            }),
        }
    }
    if scopes.is_empty() {
        bail!("nothing to index");
    }
    Ok(scopes)
}

fn owning_root(p: &Path) -> Result<(PathBuf, String)> {
    if let Some(found) = enclosing_root(p)? {
        return Ok(found);
    }
    if p.is_dir() {
        Ok((p.to_path_buf(), String::new()))
    } else {
        bail!(
            "{} is not inside an indexed folder: index its folder first",
            p.display()
        )
    }
}

fn same_dir(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_covers_only_its_parts() {
        let s = Scope {
            root: PathBuf::from("r"),
            parts: vec![
                (PathBuf::from("r/a"), "a".into()),
                (PathBuf::from("r/f.txt"), "f.txt".into()),
            ],
        };
        assert!(s.covers("a/x.txt"));
        assert!(s.covers("f.txt"));
        assert!(!s.covers("ab/x.txt"));
        assert!(!s.covers("b/x.txt"));
        assert!(Scope::whole(Path::new("r")).covers("anything"));
    }
}

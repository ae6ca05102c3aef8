//! What goes with a commit: the table of moves written before the commit
//! that names it, old tables removed after, and the swap of a rebuilt
//! index into place.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::faults;
use crate::index::DafuIndex;
use crate::index::durable::write_bytes_atomic;
use crate::index::generations::remove_others;
use crate::index::layout::index_dir;
use crate::index::manifest::write_manifest;
use crate::index::moves::Moves;

/// Swap a finished (committed) rebuild in place of the live index: one
/// atomic replacement of the manifest, which names the new generation (its
/// dictionary written first); then the old generations go. Killed at any
/// step, the index is the old one or the new one, both whole.
pub fn publish(idx: &DafuIndex) -> Result<()> {
    faults::at("publish:1")?;
    write_manifest(&idx.root, idx.user_dict.as_deref(), idx.generation)?;
    faults::at("publish:2")?;
    // Searches still reading the old files keep their open handles.
    remove_others(&idx.root, idx.generation);
    faults::at("publish:3")?;
    Ok(())
}

const MOVES_PREFIX: &str = "moves-";
const MOVES_SUFFIX: &str = ".bin";

/// The table file `name` of `root`'s index; a name that is not one of
/// ours (a path, say) is refused.
pub(crate) fn moves_file(root: &Path, name: &str) -> Result<PathBuf> {
    let ok = name
        .strip_prefix(MOVES_PREFIX)
        .and_then(|n| n.strip_suffix(MOVES_SUFFIX))
        .is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()));
    if !ok {
        bail!("bad moves table name {name:?}");
    }
    Ok(index_dir(root).join(name))
}

/// Write the table of moves for the commit with `opstamp`; its file name,
/// for the payload (none when nothing has moved). On disk before the
/// commit that names it.
pub fn write_moves(root: &Path, moves: &Moves, opstamp: u64) -> Result<Option<String>> {
    if moves.is_empty() {
        return Ok(None);
    }
    let name = format!("{MOVES_PREFIX}{opstamp}{MOVES_SUFFIX}");
    write_bytes_atomic(&moves_file(root, &name)?, &moves.to_bytes())?;
    Ok(Some(name))
}

/// Delete the table files of `root`'s index other than `keep` (after the
/// commit naming `keep`: a search still holding an older commit finds its
/// table gone and reads the newer commit).
pub fn remove_old_moves(root: &Path, keep: Option<&str>) -> Result<()> {
    let dir = index_dir(root);
    let entries = fs::read_dir(&dir).with_context(|| format!("cannot list {}", dir.display()))?;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let ours = name.starts_with(MOVES_PREFIX)
            && (name.ends_with(MOVES_SUFFIX) || name.ends_with(".tmp"));
        if ours && Some(name) != keep {
            let _ = fs::remove_file(entry.path());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_our_table_names_are_accepted() {
        let root = Path::new("r");
        assert!(moves_file(root, "moves-12.bin").is_ok());
        for bad in ["moves-.bin", "../moves-1.bin", "moves-1.bin/x", "x-1.bin"] {
            assert!(moves_file(root, bad).is_err(), "{bad}");
        }
    }
}

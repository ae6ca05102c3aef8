//! The manifest: what an index was built with (a mismatch means it must be
//! rebuilt), the user dictionary it remembers, and which generation of the
//! tantivy folder is live. Replacing the manifest (one atomic rename) is
//! what swaps a rebuilt index in.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};

use crate::analysis::ANALYSIS_VERSION;
use crate::analysis::dict::{JIEBA_VERSION, UserDict};
use crate::index::damage::Damaged;
use crate::index::durable::write_atomic;
use crate::index::layout::{MANIFEST, index_dir, index_elsewhere, user_dict_path};
use crate::index::schema::SCHEMA_VERSION;

/// What an index was built with; a mismatch means it must be rebuilt.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Manifest {
    pub dafu_version: String,
    pub schema_version: u32,
    pub analysis_version: u32,
    pub jieba_rs: String,
    /// Fingerprint of the user dictionary (`--dict`), if any.
    #[serde(default)]
    pub user_dict: Option<String>,
    /// The live generation: the index is in `tantivy-N`, its dictionary in
    /// `userdict-N.tsv`. 0 (absent) is the layout before generations:
    /// `tantivy` and `userdict.tsv`.
    #[serde(default)]
    pub generation: u64,
    /// The corpus root (absolute), recorded when the index lives outside
    /// it (`--index-dir`), so that the index alone leads to the files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub root: Option<PathBuf>,
}

impl Manifest {
    pub(crate) fn current(user_dict: Option<&UserDict>, generation: u64) -> Self {
        Manifest {
            generation,
            dafu_version: env!("CARGO_PKG_VERSION").to_string(),
            schema_version: SCHEMA_VERSION,
            analysis_version: ANALYSIS_VERSION,
            jieba_rs: JIEBA_VERSION.to_string(),
            user_dict: user_dict.map(UserDict::fingerprint),
            root: None,
        }
    }

    pub(crate) fn compatible_with(&self, other: &Manifest) -> bool {
        self.schema_version == other.schema_version
            && self.analysis_version == other.analysis_version
            && self.jieba_rs == other.jieba_rs
    }
}

/// Write the manifest of `root`'s index, naming `generation` as the live
/// one, after that generation's user dictionary.
pub(crate) fn write_manifest(
    root: &Path,
    user_dict: Option<&UserDict>,
    generation: u64,
) -> Result<()> {
    let user_path = user_dict_path(root, generation);
    match user_dict {
        Some(u) => write_atomic(&user_path, &u.to_tsv())?,
        None if user_path.exists() => fs::remove_file(&user_path)
            .with_context(|| format!("cannot remove {}", user_path.display()))?,
        None => {}
    }
    let mut manifest = Manifest::current(user_dict, generation);
    manifest.root = index_elsewhere()
        .filter(|(_, dir)| *dir == index_dir(root))
        .map(|(r, _)| r.to_path_buf());
    let manifest = serde_json::to_string_pretty(&manifest)? + "\n";
    write_atomic(&index_dir(root).join(MANIFEST), &manifest)
}

/// The manifest of the index of `root`.
pub fn read_manifest(root: &Path) -> Result<Manifest> {
    let path = index_dir(root).join(MANIFEST);
    let text = match fs::read(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            bail!("no dafu index at {}", index_dir(root).display())
        }
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    };
    serde_json::from_slice(&text).map_err(|e| {
        Damaged::new(
            Some(root.to_path_buf()),
            format!("{MANIFEST} cannot be read ({e})"),
        )
        .into()
    })
}

/// The user dictionary an index remembers, whatever its version (so that
/// `--rebuild` after an upgrade keeps it).
pub fn stored_user_dict(root: &Path, manifest: &Manifest) -> Result<Option<UserDict>> {
    if manifest.user_dict.is_none() {
        return Ok(None);
    }
    let path = user_dict_path(root, manifest.generation);
    let text = fs::read_to_string(&path)
        .with_context(|| format!("cannot read the index's dictionary {}", path.display()))?;
    let dict = UserDict::from_tsv(&text).with_context(|| {
        format!(
            "damaged dictionary {}: run `dafu index --rebuild --dict FILE`",
            path.display()
        )
    })?;
    Ok(Some(dict))
}

/// The corpus root recorded in the manifest of the index folder `dir`
/// (an index kept outside its corpus), if any.
pub fn recorded_root(dir: &Path) -> Option<PathBuf> {
    let text = fs::read(dir.join(MANIFEST)).ok()?;
    serde_json::from_slice::<Manifest>(&text).ok()?.root
}

//! The manifest: what an index was built with (a mismatch means it must be
//! rebuilt), and the user dictionary it remembers.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use crate::analysis::ANALYSIS_VERSION;
use crate::analysis::dict::{JIEBA_VERSION, UserDict};
use crate::index::durable::write_atomic;
use crate::index::layout::{MANIFEST, USER_DICT, index_dir};
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
}

impl Manifest {
    pub(crate) fn current(user_dict: Option<&UserDict>) -> Self {
        Manifest {
            dafu_version: env!("CARGO_PKG_VERSION").to_string(),
            schema_version: SCHEMA_VERSION,
            analysis_version: ANALYSIS_VERSION,
            jieba_rs: JIEBA_VERSION.to_string(),
            user_dict: user_dict.map(UserDict::fingerprint),
        }
    }

    pub(crate) fn compatible_with(&self, other: &Manifest) -> bool {
        self.schema_version == other.schema_version
            && self.analysis_version == other.analysis_version
            && self.jieba_rs == other.jieba_rs
    }
}

/// Write the manifest of `root`'s index, and its user dictionary.
pub(crate) fn write_manifest(root: &Path, user_dict: Option<&UserDict>) -> Result<()> {
    let dir = index_dir(root);
    let user_path = dir.join(USER_DICT);
    match user_dict {
        Some(u) => write_atomic(&user_path, &u.to_tsv())?,
        None if user_path.exists() => fs::remove_file(&user_path)
            .with_context(|| format!("cannot remove {}", user_path.display()))?,
        None => {}
    }
    let manifest = serde_json::to_string_pretty(&Manifest::current(user_dict))? + "\n";
    write_atomic(&dir.join(MANIFEST), &manifest)
}

/// The manifest of the index of `root`.
pub fn read_manifest(root: &Path) -> Result<Manifest> {
    let path = index_dir(root).join(MANIFEST);
    let text = fs::read_to_string(&path)
        .with_context(|| format!("no dafu index at {}", index_dir(root).display()))?;
    serde_json::from_str(&text).with_context(|| {
        format!(
            "unreadable index manifest {} (`dafu index --rebuild` fixes it)",
            path.display()
        )
    })
}

/// The user dictionary an index remembers, whatever its version (so that
/// `--rebuild` after an upgrade keeps it).
pub fn stored_user_dict(root: &Path, manifest: &Manifest) -> Result<Option<UserDict>> {
    if manifest.user_dict.is_none() {
        return Ok(None);
    }
    let path = index_dir(root).join(USER_DICT);
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

//! Opening the index for a run: created, staged (`--rebuild`) or opened,
//! with the dictionary checked; and what it knows of every file.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context, Result, bail};
use tantivy::Searcher;

use super::IndexOptions;
use super::plan::Known;
use crate::analysis::dict::UserDict;
use crate::index::damage::Damaged;
use crate::index::layout::index_dir;
use crate::index::manifest::{read_manifest, stored_user_dict};
use crate::index::moves::Moves;
use crate::index::schema;
use crate::index::stat_cache::{Stat, StatCache};
use crate::index::{self, DafuIndex, Target};
use crate::messages;

fn read_user_dict(path: &Path) -> Result<UserDict> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read dictionary {}", path.display()))?;
    let (dict, _) = UserDict::resolve(&text)
        .map_err(|e| anyhow::anyhow!("dictionary {}: {e}", path.display()))?;
    Ok(dict)
}

/// Open, create or stage the index for this run, checking the dictionary.
pub fn prepare(root: &Path, opts: &IndexOptions) -> Result<(DafuIndex, Target)> {
    let user_dict = opts.dict.as_deref().map(read_user_dict).transpose()?;
    if !index::exists(root) {
        return Ok((index::create(root, user_dict, Target::Live)?, Target::Live));
    }
    if opts.rebuild {
        // Without --dict, a rebuild keeps the dictionary the index had.
        let user_dict = match user_dict {
            Some(d) => Some(d),
            // A rebuild is also the way out of a damaged manifest.
            None => match read_manifest(root) {
                Ok(manifest) => stored_user_dict(root, &manifest)?,
                Err(e) => {
                    let why = match e.downcast_ref::<Damaged>() {
                        Some(damaged) => damaged.cause().to_string(),
                        None => format!("{e:#}"),
                    };
                    messages::say(format_args!("{why}; rebuilding without a user dictionary"));
                    None
                }
            },
        };
        return Ok((
            index::create(root, user_dict, Target::Staging)?,
            Target::Staging,
        ));
    }
    let idx = index::open_to_write(root)?;
    if let Some(dict) = &user_dict {
        let had = read_manifest(root)?.user_dict;
        if had.as_deref() != Some(dict.fingerprint().as_str()) {
            bail!(
                "the index at {} was built with {}; run `dafu index --rebuild --dict {}` to apply it",
                index_dir(root).display(),
                if had.is_some() {
                    "another dictionary"
                } else {
                    "no user dictionary"
                },
                opts.dict.as_deref().unwrap_or(Path::new("?")).display()
            );
        }
    }
    Ok((idx, Target::Live))
}

/// Every live document by its current path, with its key and stat (read
/// from fast fields, so no stored text is decompressed), plus the moves
/// and the snapshot they were read from.
pub fn known_files(idx: &DafuIndex) -> Result<(Searcher, Moves, HashMap<String, Known>)> {
    let (reader, table) = index::snapshot(idx)?;
    let moves = table.to_moves();
    let searcher = reader.searcher();
    // The columns are read as they are: an error here is a damaged index.
    let known = read_known(&searcher, &moves)
        .map_err(|e| Damaged::new(Some(idx.root.clone()), format!("{e:#}")))?;
    Ok((searcher, moves, known))
}

fn read_known(searcher: &Searcher, moves: &Moves) -> Result<HashMap<String, Known>> {
    let mut known = HashMap::new();
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let paths = fast.str(schema::PATH)?.context("no path column")?;
        let (size, mtime, ino, hash) = (
            fast.u64(schema::SIZE)?,
            fast.u64(schema::MTIME)?,
            fast.u64(schema::INO)?,
            fast.u64(schema::HASH)?,
        );
        let mut buf = String::new();
        for doc in segment.doc_ids_alive() {
            let Some(ord) = paths.term_ords(doc).next() else {
                continue;
            };
            buf.clear();
            paths.ord_to_str(ord, &mut buf)?;
            let stat = Stat {
                size: size.first(doc).unwrap_or(0),
                mtime: mtime.first(doc).unwrap_or(0),
                ino: ino.first(doc).unwrap_or(0),
                hash: hash.first(doc).unwrap_or(0),
            };
            let key = buf.clone();
            known.insert(moves.path(&buf).to_string(), Known { key, stat });
        }
    }
    Ok(known)
}

/// The stat cache, trusted only for the bytes the index holds at each
/// path; a cached stat replaces the indexed one where it applies.
pub fn load_stats(path: &Path, fresh: bool, known: &mut HashMap<String, Known>) -> StatCache {
    let mut stats = if fresh {
        StatCache::default()
    } else {
        StatCache::load(path)
    };
    stats.retain(|path, s| known.get(path).is_some_and(|k| k.stat.hash == s.hash));
    for (path, k) in known.iter_mut() {
        if let Some(seen) = stats.confirmed(path, k.stat.size, k.stat.hash) {
            k.stat = seen;
        }
    }
    stats
}

//! Command-line interface: every flag, its help, and nothing else.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const EXAMPLES: &str = "\
Examples:
  dafu index corpus                         index (or update) the folder corpus/
  dafu search 科技成果转化 corpus            ranked hits with highlighted passages
  dafu search '\"揭榜挂帅\" -贷款' corpus      exact text, excluding a term
  dafu search 'title:答复 (贴息 OR 担保)'     inside an indexed folder or below it
  dafu search -l0 新质生产力 | xargs -0 wc -c  paths for other tools
  dafu search --json 科技 | jq .path         JSON Lines for programs
  dafu dups corpus                          replies republished more than once
  dafu stats --collapse 科技 corpus          counts with each republished reply once

Exit status: 0 hits found (or command succeeded), 1 no hits, 2 error (a damaged index says
\"damaged index: run `dafu index --rebuild`\"), 75 index busy, 130/143 stopped by Ctrl-C/SIGTERM
while indexing.";

/// Index folders of Chinese replies to proposals (提案/建议答复) and search them.
#[derive(Debug, Parser)]
#[command(name = "dafu", version, about, after_help = EXAMPLES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// Keep the index in DIR instead of FOLDER/.dafu (for a folder you may not write to); DIR
    /// records the folder it indexes, so later commands need only --index-dir DIR
    #[arg(long, global = true, value_name = "DIR")]
    pub index_dir: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build or update the index of a folder (kept in DIR/.dafu/, or in --index-dir)
    Index(IndexArgs),
    /// Search an indexed folder (indexing it first if needed)
    Search(SearchArgs),
    /// Show a document's extracted fields (with the line each came from) and its text
    Show(ShowArgs),
    /// Count matching replies by issuer, year, meeting, region, province, outcome…
    /// (two keys: a cross-table; table, CSV, TSV or JSON Lines)
    Stats(StatsArgs),
    /// The replies most similar to a given one, or to a draft read from stdin (by their
    /// distinctive words)
    Similar(SimilarArgs),
    /// The most distinctive words of the matching replies against the whole corpus
    Terms(TermsArgs),
    /// List clusters of near-duplicate replies: one reply republished with other page chrome,
    /// digit width or line wrapping
    Dups(DupsArgs),
    /// Write every reply with its fields and segmented text, for Elasticsearch,
    /// OpenSearch or Quickwit
    Export(ExportArgs),
    /// Stay in the foreground and keep the index of a folder current as files land
    Watch(WatchArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish)
    Completions(CompletionsArgs),
    /// Print a man page (roff): dafu(1), or a command's (dafu man search); --dir writes them all
    Man(ManArgs),
}

#[derive(Debug, Args)]
#[command(after_help = "Exit status: 0 similar replies found, 1 none, 2 error.")]
pub struct SimilarArgs {
    /// A reply: an indexed file, a file outside the index (a draft, a proposal), or - to read
    /// one from stdin
    pub path: PathBuf,

    /// Indexed folder to search (default: the one holding FILE, else as for search); a folder
    /// without an index is indexed first
    #[arg(value_name = "DIR")]
    pub index: Option<PathBuf>,

    /// Show at most this many replies
    #[arg(short = 'n', long, default_value_t = 10, value_name = "N")]
    pub limit: usize,

    /// Print JSON Lines, one object per hit (same schema as search)
    #[arg(long)]
    pub json: bool,

    /// When to use colour
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    #[command(flatten)]
    pub walk: WalkArgs,

    #[command(flatten)]
    pub fresh: FreshArgs,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Score: share of the matching replies that contain the word × ln((N+1)/(df+1)), \
df being the number of replies in the corpus containing it. At most 2000 matching replies are read \
(the best-scoring). A single argument that is an existing folder is taken as PATH.\n\n\
Exit status: 0 words found, 1 nothing matched, 2 error."
)]
pub struct TermsArgs {
    /// Only replies matching this query (default: all)
    pub query: Option<String>,

    /// Indexed folder (default: as for search)
    pub path: Option<PathBuf>,

    /// Show at most this many words
    #[arg(short = 'n', long, default_value_t = 20, value_name = "N")]
    pub limit: usize,

    /// Read one reply per cluster of near-duplicates (see `dafu dups`): the copy with the
    /// earliest path
    #[arg(long)]
    pub collapse: bool,

    /// Print JSON Lines, one object per word
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub walk: WalkArgs,

    #[command(flatten)]
    pub fresh: FreshArgs,
}

/// Formats of `dafu export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// One JSON document per line, with "v"
    Jsonl,
    /// Elasticsearch/OpenSearch _bulk body: action line + document line
    EsBulk,
    /// Quickwit NDJSON ingest
    Quickwit,
}

#[derive(Debug, Args)]
#[command(
    after_help = "See docs/scale-out.md for loading the output into Elasticsearch, \
OpenSearch or Quickwit (index mapping and config files are in docs/)."
)]
pub struct ExportArgs {
    /// Only replies matching this query (same syntax as search; default: all). A single
    /// argument that is an existing folder is taken as PATH.
    pub query: Option<String>,

    /// Indexed folder (default: as for search)
    pub path: Option<PathBuf>,

    /// Output format
    #[arg(long, value_enum, default_value_t = ExportFormat::Jsonl)]
    pub format: ExportFormat,

    /// Index name written in es-bulk action lines
    #[arg(long, default_value = "dafu", value_name = "NAME")]
    pub index_name: String,

    #[command(flatten)]
    pub walk: WalkArgs,

    #[command(flatten)]
    pub fresh: FreshArgs,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Two replies are copies when the 5-character shingles of their bodies agree \
for at least 70 % (estimated Jaccard similarity, MinHash with 128 slots): page chrome \
(breadcrumbs, 来源/发布时间 lines, 打印本页 关闭窗口), spaces, line breaks, punctuation and \
digit width do not count. Different replies of one agency, which share its set phrases, stay \
apart. A text of fewer than about 25 characters is never a copy. Copies of copies join one \
cluster; its similarity is that of its two farthest members.\n\n\
Signatures are computed when files are indexed; the clusters are cached in the index folder \
until the index changes. A PATH inside an indexed folder lists the copies within it.\n\n\
Exit status: 0 copies found, 1 none, 2 error."
)]
pub struct DupsArgs {
    /// Indexed folder (default: as for search); a folder without an index is indexed first
    pub path: Option<PathBuf>,

    /// Print JSON Lines, one object per cluster: {"v":1,"paths":[…],"relpaths":[…],"similarity":…}
    /// (paths as search prints them, relpaths relative to the indexed folder)
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub walk: WalkArgs,

    #[command(flatten)]
    pub fresh: FreshArgs,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// The command whose page to print (search, index, stats, …); none: dafu(1)
    pub command: Option<String>,

    /// Write every page (dafu.1, dafu-search.1, …) into this folder instead
    #[arg(long, value_name = "DIR", conflicts_with = "command")]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// An indexed file
    pub path: PathBuf,

    /// Print one JSON object instead
    #[arg(long)]
    pub json: bool,

    /// Print only the fields, not the text
    #[arg(long)]
    pub fields_only: bool,
}

/// What `dafu stats` counts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatsBy {
    /// The canonical agency (place + standard name)
    Issuer,
    /// The year of the reply date, else of the publish date
    Year,
    /// The meeting's canonical label (昆明市政协十四届二次)
    Meeting,
    /// The most specific area the reply names
    Region,
    /// 提案, 建议 or 议案
    Kind,
    /// A, B or C, where the reply states it
    Outcome,
    /// The province of the reply's region (GB/T 2260)
    Province,
    /// The prefecture (地级市, 自治州, 地区, 盟) of the reply's region
    Prefecture,
}

/// The formats of `dafu stats`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatsFormatArg {
    /// Aligned columns (a cross-table with totals for two keys)
    Table,
    /// CSV with a header row (RFC 4180 quoting)
    Csv,
    /// Tab-separated values with a header row
    Tsv,
    /// JSON Lines, one object per row
    Jsonl,
}

#[derive(Debug, Args)]
#[command(
    after_help = "With no QUERY, counts the whole corpus. A single argument that is an \
existing folder is taken as PATH. Replies without the field are counted as (unknown) \
(null in JSON).\n\n\
With two keys (--by year,issuer) the counts form a cross-table: a row per value of the \
first key, a column per value of the second (years and outcomes in order, other keys largest first); \
the table format adds totals, CSV and TSV do not; jsonl prints one object per non-empty \
cell with \"by\" and \"key\" as arrays.\n\n\
Exit status: 0 something was counted, 1 nothing matched, 2 error."
)]
pub struct StatsArgs {
    /// Only replies matching this query (same syntax as search)
    pub query: Option<String>,

    /// Indexed folder (default: as for search)
    pub path: Option<PathBuf>,

    /// What to count by: one key, or two separated by a comma for a cross-table
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        num_args = 1,
        default_value = "issuer",
        value_name = "KEY[,KEY]"
    )]
    pub by: Vec<StatsBy>,

    /// Output format
    #[arg(long, value_enum, default_value_t = StatsFormatArg::Table, value_name = "FORMAT")]
    pub format: StatsFormatArg,

    /// Print JSON Lines, one object per row (same as --format jsonl)
    #[arg(long)]
    pub json: bool,

    /// Count one reply per cluster of near-duplicates (see `dafu dups`): the copy with the
    /// earliest path
    #[arg(long)]
    pub collapse: bool,

    #[command(flatten)]
    pub walk: WalkArgs,

    #[command(flatten)]
    pub fresh: FreshArgs,
}

/// Options shared by every command that may build an index.
#[derive(Debug, Clone, Args)]
pub struct WalkArgs {
    /// File extensions to index, comma-separated
    #[arg(
        long = "ext",
        value_name = "EXT",
        value_delimiter = ',',
        default_value = "txt"
    )]
    pub extensions: Vec<String>,

    /// Skip files larger than this (bytes; K, M, G suffixes allowed)
    #[arg(long, value_name = "SIZE", default_value = "32M", value_parser = parse_size)]
    pub max_file_size: u64,

    /// Follow symlinks to files and folders outside the indexed folder (by default they are
    /// skipped: "link points outside the indexed folder")
    #[arg(long)]
    pub follow_outside: bool,
}

/// Options of the commands that read an index which may be older than the
/// files.
#[derive(Debug, Clone, Args)]
pub struct FreshArgs {
    /// Do not check whether files were added, removed or renamed since the index was built
    /// (nor update it first)
    #[arg(long)]
    pub no_update: bool,

    /// From a folder inside an indexed tree, without PATH: search the whole index, not just the
    /// current folder
    #[arg(long)]
    pub root: bool,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Re-running updates the index: new and changed files are (re)indexed, \
files gone from disk are removed, and a file whose bytes are those of a file gone from disk is \
a rename: only its path changes (counted as `moved`). A PATH inside an indexed folder (found by looking up, like \
git) updates that folder's index for just that path; nothing outside it is removed.\n\n\
Symlinks are followed while they point inside the indexed folder; a link to a file or folder \
outside it is skipped (\"link points outside the indexed folder\") unless --follow-outside is \
given. FIFOs, sockets and devices are skipped (\"not a regular file\"), never read.\n\n\
Progress goes to stderr when it is a terminal; the last line sums up the run.\n\n\
Ctrl-C (SIGINT) or SIGTERM commits what is done and stops (also during the merges at the end, \
which are left to a later run: the index is whole without them); a second signal exits at once.\n\n\
Exit status: 0 the run completed (skipped files are normal), 2 error (or skips with --strict), \
75 another dafu is updating the index, 130 interrupted by Ctrl-C, 143 stopped by SIGTERM \
(committed work is kept)."
)]
pub struct IndexArgs {
    /// Folders or files to index (default: the current folder)
    #[arg(default_value = ".", value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    #[command(flatten)]
    pub walk: WalkArgs,

    /// Re-index every file, even those that look unchanged or moved
    #[arg(long)]
    pub full: bool,

    /// Build a new index and swap it in when done (after upgrading dafu, or to change --dict);
    /// searches keep using the old one meanwhile
    #[arg(long)]
    pub rebuild: bool,

    /// User dictionary in jieba format (`word [freq] [tag]` per line), remembered by the index
    /// and applied to queries too
    #[arg(long, value_name = "FILE")]
    pub dict: Option<PathBuf>,

    /// Wait for another dafu updating the same index instead of failing
    #[arg(long)]
    pub wait: bool,

    /// Write each skipped file and the reason to FILE, as JSON Lines {"path","reason"} (with
    /// "path_bytes", the exact bytes, for a name that is not UTF-8)
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,

    /// Commit after this much new text (K, M, G suffixes): an interrupted run keeps every
    /// committed batch
    #[arg(long, value_name = "SIZE", default_value = "24M", value_parser = parse_size)]
    pub commit_every: u64,

    /// Treat skipped files as an error (exit 2, after indexing the rest)
    #[arg(long)]
    pub strict: bool,

    /// Print nothing on stderr but errors (no progress, no summary)
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Indexes PATH first (building its index if it has none, catching up \
otherwise), then waits for files to be added, changed, removed or renamed (inotify). Changes \
are gathered until the folder is quiet for half a second (at most two seconds during a steady \
stream), then the folders that hold them are indexed again, as `dafu index FOLDER` would: one \
summary line on stderr per update. A PATH inside an indexed folder watches that whole index.\n\n\
Ctrl-C (SIGINT) or SIGTERM commits what is done and stops.\n\n\
Exit status: 2 error, 130 stopped by Ctrl-C, 143 stopped by SIGTERM."
)]
pub struct WatchArgs {
    /// The folder to watch (default: the current folder)
    #[arg(default_value = ".", value_name = "PATH")]
    pub path: PathBuf,

    #[command(flatten)]
    pub walk: WalkArgs,

    /// Commit after this much new text (K, M, G suffixes)
    #[arg(long, value_name = "SIZE", default_value = "24M", value_parser = parse_size)]
    pub commit_every: u64,

    /// Print nothing on stderr but errors (no summaries)
    #[arg(short, long)]
    pub quiet: bool,
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when stdout is a terminal and NO_COLOR is not set
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
#[command(after_help = "Query syntax:
  科技成果转化        a term: present literally (after width/case normalization), like rg -F;
                      its jieba words rank the matches
  \"科技 成果\"         exact text, spaces included (also “…”, ‘…’, 「…」)
  a b                 both (AND is implied; `AND` may be written)
  a OR b              either (OR, AND, NOT in capitals)
  -a, NOT a           without (a query starting with - goes after --: dafu search -- -a DIR)
  ( … )               grouping; full-width （）： work as () :
  title:…             in the title: title:答复, title:\"答复的函\"
  issuer:教体局       answering body by any name: as written, or the canonical agency with
                      abbreviations spelt out (教体局 = 教育体育局, 发改委 = 发展和改革委员会 …)
  proposer:杨建林     addressee/proposer (also addressee:…)
  meeting:十三届二次  the meeting by its parts however written: 十六届二次 = 16届2次 =
                      第十六届…第二次会议; meeting:人大, meeting:政协, meeting:(昆明 十四届)
  region:云南         region at any level: province, prefecture or county (region:文山州)
  outcome:A           the class the reply states for itself (A, B or C)
  kind:提案           kind: 提案/建议/议案, 答复/答复的函/协办意见
  doc:黔科提复字      document number
  number:1085         proposal number; also 100..200, >=100
  date:2023           reply date (else publish date): 2023, 2023-05, 2023-01..2023-06, >=2024-01-01

Ranked lists go on past the exact matches when a page is not full: replies holding every word
of the terms but not the exact text, then replies holding at least half of the terms, each marked with
what it lacks (--exact turns this off). -l, -c and the exit status count exact matches only.

Exit status: 0 at least one hit (an exact match), 1 no hits, 2 error (bad query, no index…).")]
pub struct SearchArgs {
    /// The query (see syntax below); one starting with `-` goes after `--`
    #[arg(required_unless_present = "batch")]
    pub query: Option<String>,

    /// Indexed folder or its .dafu (default: the nearest .dafu in this folder or a parent,
    /// then $DAFU_INDEX). A folder without an index is indexed first.
    pub path: Option<PathBuf>,

    /// Show at most this many hits
    #[arg(short = 'n', long, default_value_t = 10, value_name = "N")]
    pub limit: usize,

    /// Skip the first N hits (for paging)
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub offset: usize,

    /// Print JSON Lines, one object per hit
    #[arg(long)]
    pub json: bool,

    /// Read queries from stdin, one per line (or JSON Lines {"id":…,"q":…,"limit":…}), and print
    /// JSON Lines tagged with each query's id (its line number by default); with -c one count
    /// per query. The index and analyzers are opened once.
    #[arg(long, conflicts_with_all = ["files_with_matches", "explain"])]
    pub batch: bool,

    /// Order of hits: score (best first), date (oldest first), -date (newest first),
    /// number (lowest proposal number first), -number (highest first)
    #[arg(long, value_enum, default_value_t = SortKey::Score, value_name = "KEY", allow_hyphen_values = true)]
    pub sort: SortKey,

    /// Print nothing; the exit status says whether anything matched (like grep -q)
    #[arg(short = 'q', long, conflicts_with_all = ["files_with_matches", "count", "batch", "json"])]
    pub quiet: bool,

    /// Print only the paths of all matching files, sorted (plain, even with --json)
    #[arg(short = 'l', long, conflicts_with = "count")]
    pub files_with_matches: bool,

    /// With -l, end each path with NUL instead of a newline (for xargs -0)
    #[arg(short = '0', long, requires = "files_with_matches")]
    pub null: bool,

    /// Print only the number of matching files
    #[arg(short = 'c', long)]
    pub count: bool,

    /// Print on stderr how the query was segmented and which clauses it became
    #[arg(long)]
    pub explain: bool,

    /// List only exact matches: no looser tiers after them when a page is not full
    #[arg(long)]
    pub exact: bool,

    /// One reply per cluster of near-duplicates (see `dafu dups`): ranked lists keep the
    /// best-ranked copy, -l and -c the copy with the earliest path
    #[arg(long, conflicts_with = "batch")]
    pub collapse: bool,

    /// When to use colour
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    #[command(flatten)]
    pub walk: WalkArgs,

    #[command(flatten)]
    pub fresh: FreshArgs,
}

/// Keys of `--sort`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortKey {
    /// Best match first
    Score,
    /// Oldest reply first (reply date, else publish date); undated last
    Date,
    /// Newest reply first; undated last
    #[value(name = "-date")]
    DateDesc,
    /// Lowest proposal number first; unnumbered last
    Number,
    /// Highest proposal number first; unnumbered last
    #[value(name = "-number")]
    NumberDesc,
}

/// `dafu search -泸州`: clap would read `-泸` as a cluster of short flags
/// and suggest `-- -泸`, cutting the query. An argument before `--` that
/// starts with `-` and a non-ASCII character is a query: say how to write
/// it, and exit 2.
pub fn refuse_hyphen_query(args: &[std::ffi::OsString]) -> Option<crate::exit_codes::ExitCode> {
    let query = args
        .iter()
        .skip(1)
        .take_while(|a| *a != "--")
        .filter_map(|a| a.to_str())
        .find(|a| {
            a.strip_prefix('-')
                .and_then(|r| r.chars().next())
                .is_some_and(|c| !c.is_ascii())
        })?;
    crate::messages::say(format_args!(
        "`{query}` is a query, not an option: put it after -- (dafu search -- {query} DIR)"
    ));
    Some(crate::exit_codes::ExitCode::Error)
}

/// Parse a size such as `32M`, `512K`, `1G` or `1000`.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let (digits, mult) = match t.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => {
            let mult = match c.to_ascii_uppercase() {
                'K' => 1u64 << 10,
                'M' => 1 << 20,
                'G' => 1 << 30,
                _ => return Err(format!("unknown size suffix `{c}` (use K, M or G)")),
            };
            (&t[..i], mult)
        }
        _ => (t, 1),
    };
    digits
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(mult))
        .ok_or_else(|| format!("`{s}` is not a size (e.g. 32M, 512K, 1000)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("32M"), Ok(32 << 20));
        assert_eq!(parse_size("1000"), Ok(1000));
        assert_eq!(parse_size("2k"), Ok(2048));
        assert!(parse_size("x").is_err());
        assert!(parse_size("9T").is_err());
        assert!(parse_size("99999999999999G").is_err());
    }

    #[test]
    fn cli_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}

//! `dafu stats` output: counts by one key as a list, by two keys as a
//! cross-table, in a table for people, CSV or TSV for spreadsheets and
//! plotting, or JSON Lines.

use std::io::{self, Write};

use serde::Serialize;

use crate::output::JSON_VERSION;
use crate::output::snippet::display_width;
use crate::sanitize;
use crate::search::facets::FacetRow;

/// The output formats of `dafu stats`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatsFormat {
    /// Aligned columns for a terminal.
    Table,
    /// RFC 4180 CSV with a header row.
    Csv,
    /// Tab-separated, with a header row; tabs and line breaks in keys
    /// become spaces.
    Tsv,
    /// JSON Lines, one object per row (per non-empty cell of a cross-table).
    Jsonl,
}

/// How a reply without the key is shown outside JSON.
const UNKNOWN: &str = "(unknown)";

/// Prints `rows` (counted by the keys named `by`, one or two) in `format`.
pub fn print(
    w: &mut impl Write,
    format: StatsFormat,
    by: &[&str],
    rows: &[FacetRow],
) -> io::Result<()> {
    match (format, by.len()) {
        (StatsFormat::Jsonl, _) => jsonl(w, by, rows),
        (StatsFormat::Table, 1) => list_table(w, rows),
        (_, 1) => {
            let head = [by[0].to_string(), "count".to_string()];
            let body = rows.iter().map(|(k, n)| vec![shown(&k[0]), n.to_string()]);
            delimited(w, format, std::iter::once(head.to_vec()).chain(body))
        }
        _ => {
            let x = CrossTable::new(by, rows);
            match format {
                StatsFormat::Table => x.table(w),
                _ => delimited(w, format, x.records()),
            }
        }
    }
}

fn shown(key: &Option<String>) -> String {
    key.clone().unwrap_or_else(|| UNKNOWN.to_string())
}

#[derive(Serialize)]
struct JsonRow<B: Serialize, K: Serialize> {
    by: B,
    count: usize,
    key: K,
    v: u32,
}

/// One object per row: `by` and `key` are strings for one key, arrays for
/// two.
fn jsonl(w: &mut impl Write, by: &[&str], rows: &[FacetRow]) -> io::Result<()> {
    for (keys, count) in rows {
        let keys: Vec<Option<&str>> = keys.iter().map(|k| k.as_deref()).collect();
        let line = if by.len() == 1 {
            serde_json::to_string(&JsonRow {
                by: by[0],
                count: *count,
                key: keys[0],
                v: JSON_VERSION,
            })
        } else {
            serde_json::to_string(&JsonRow {
                by,
                count: *count,
                key: &keys,
                v: JSON_VERSION,
            })
        }?;
        writeln!(w, "{line}")?;
    }
    Ok(())
}

/// `count  key`, largest first.
fn list_table(w: &mut impl Write, rows: &[FacetRow]) -> io::Result<()> {
    let width = rows
        .iter()
        .map(|(_, n)| n.to_string().len())
        .max()
        .unwrap_or(1);
    for (key, n) in rows {
        let key = sanitize::line(&shown(&key[0]));
        writeln!(w, "{n:>width$}  {key}")?;
    }
    Ok(())
}

/// Records as CSV (RFC 4180 quoting) or TSV.
fn delimited(
    w: &mut impl Write,
    format: StatsFormat,
    records: impl Iterator<Item = Vec<String>>,
) -> io::Result<()> {
    if format == StatsFormat::Tsv {
        for record in records {
            let cells: Vec<String> = record
                .iter()
                .map(|c| c.replace(['\t', '\n', '\r'], " "))
                .collect();
            writeln!(w, "{}", cells.join("\t"))?;
        }
        return Ok(());
    }
    let mut out = csv::Writer::from_writer(w);
    for record in records {
        out.write_record(&record)?;
    }
    out.flush()
}

/// Counts by two keys: rows are the first key's values, columns the
/// second's. Years and outcomes run in order, other keys largest total
/// first; replies without the key come last.
struct CrossTable {
    by: [String; 2],
    rows: Vec<Option<String>>,
    cols: Vec<Option<String>>,
    cells: Vec<Vec<usize>>,
}

/// The distinct values of key `i`, in display order.
fn axis(name: &str, rows: &[FacetRow], i: usize) -> Vec<Option<String>> {
    let mut totals: Vec<(Option<String>, usize)> = Vec::new();
    for (keys, n) in rows {
        match totals.iter_mut().find(|(k, _)| *k == keys[i]) {
            Some((_, t)) => *t += n,
            None => totals.push((keys[i].clone(), *n)),
        }
    }
    let by_key = |a: &Option<String>, b: &Option<String>| {
        crate::search::facets::key_order(std::slice::from_ref(a), std::slice::from_ref(b))
    };
    if ["year", "outcome"].contains(&name) {
        totals.sort_by(|a, b| by_key(&a.0, &b.0));
    } else {
        totals.sort_by(|a, b| {
            (a.0.is_none().cmp(&b.0.is_none()))
                .then(b.1.cmp(&a.1))
                .then_with(|| by_key(&a.0, &b.0))
        });
    }
    totals.into_iter().map(|(k, _)| k).collect()
}

impl CrossTable {
    fn new(by: &[&str], rows: &[FacetRow]) -> CrossTable {
        let (r, c) = (axis(by[0], rows, 0), axis(by[1], rows, 1));
        let mut cells = vec![vec![0; c.len()]; r.len()];
        for (keys, n) in rows {
            let i = r.iter().position(|k| *k == keys[0]).unwrap_or_default();
            let j = c.iter().position(|k| *k == keys[1]).unwrap_or_default();
            cells[i][j] += n;
        }
        CrossTable {
            by: [by[0].to_string(), by[1].to_string()],
            rows: r,
            cols: c,
            cells,
        }
    }

    /// The header (first key's name, then the second key's values) and
    /// one record per value of the first key.
    fn records(&self) -> impl Iterator<Item = Vec<String>> + '_ {
        let head = std::iter::once(&self.by[0])
            .cloned()
            .chain(self.cols.iter().map(shown))
            .collect();
        let body = self.rows.iter().zip(&self.cells).map(|(k, cells)| {
            std::iter::once(shown(k))
                .chain(cells.iter().map(usize::to_string))
                .collect()
        });
        std::iter::once(head).chain(body)
    }

    /// Aligned columns with totals: `year \ issuer`, then a column per
    /// issuer and `total`; a last row of totals.
    fn table(&self, w: &mut impl Write) -> io::Result<()> {
        let col_totals: Vec<usize> = (0..self.cols.len())
            .map(|j| self.cells.iter().map(|r| r[j]).sum())
            .collect();
        let mut grid: Vec<Vec<String>> = vec![
            std::iter::once(format!("{} \\ {}", self.by[0], self.by[1]))
                .chain(self.cols.iter().map(|c| sanitize::line(&shown(c))))
                .chain(std::iter::once("total".to_string()))
                .collect(),
        ];
        for (k, cells) in self.rows.iter().zip(&self.cells) {
            let total: usize = cells.iter().sum();
            grid.push(
                std::iter::once(sanitize::line(&shown(k)))
                    .chain(cells.iter().chain([&total]).map(usize::to_string))
                    .collect(),
            );
        }
        let all: usize = col_totals.iter().sum();
        grid.push(
            std::iter::once("total".to_string())
                .chain(col_totals.iter().chain([&all]).map(usize::to_string))
                .collect(),
        );
        let widths: Vec<usize> = (0..grid[0].len())
            .map(|j| grid.iter().map(|r| display_width(&r[j])).max().unwrap_or(0))
            .collect();
        for row in &grid {
            let mut line = String::new();
            for (j, cell) in row.iter().enumerate() {
                let pad = " ".repeat(widths[j] - display_width(cell));
                match j {
                    0 => line.push_str(&format!("{cell}{pad}")),
                    _ => line.push_str(&format!("  {pad}{cell}")),
                }
            }
            writeln!(w, "{}", line.trim_end())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows() -> Vec<FacetRow> {
        let k = |a: &str, b: Option<&str>| vec![Some(a.to_string()), b.map(String::from)];
        vec![
            (k("2023", Some("甲局")), 2),
            (k("2022", Some("甲局")), 1),
            (k("2022", Some("乙局, \"东\"")), 1),
            (k("2023", None), 1),
        ]
    }

    fn out(format: StatsFormat, by: &[&str], rows: &[FacetRow]) -> String {
        let mut w = Vec::new();
        print(&mut w, format, by, rows).unwrap();
        String::from_utf8(w).unwrap()
    }

    #[test]
    fn cross_table_as_csv_quotes_and_orders_years() {
        let csv = out(StatsFormat::Csv, &["year", "issuer"], &rows());
        assert_eq!(
            csv,
            "year,甲局,\"乙局, \"\"东\"\"\",(unknown)\n2022,1,1,0\n2023,2,0,1\n"
        );
        let tsv = out(StatsFormat::Tsv, &["year", "issuer"], &rows());
        assert_eq!(
            tsv.lines().next(),
            Some("year\t甲局\t乙局, \"东\"\t(unknown)")
        );
    }

    #[test]
    fn cross_table_for_people_has_totals() {
        let t = out(StatsFormat::Table, &["year", "issuer"], &rows());
        let lines: Vec<&str> = t.lines().collect();
        assert!(lines[0].starts_with("year \\ issuer"), "{t}");
        assert!(lines[0].ends_with("total"), "{t}");
        assert!(
            lines[1].starts_with("2022") && lines[1].ends_with(" 2"),
            "{t}"
        );
        assert!(
            lines[3].starts_with("total") && lines[3].ends_with(" 5"),
            "{t}"
        );
    }

    #[test]
    fn one_key_lists() {
        let rows = vec![(vec![Some("甲局".to_string())], 3), (vec![None], 1)];
        assert_eq!(
            out(StatsFormat::Table, &["issuer"], &rows),
            "3  甲局\n1  (unknown)\n"
        );
        assert_eq!(
            out(StatsFormat::Csv, &["issuer"], &rows),
            "issuer,count\n甲局,3\n(unknown),1\n"
        );
        assert_eq!(
            out(StatsFormat::Jsonl, &["issuer"], &rows),
            "{\"by\":\"issuer\",\"count\":3,\"key\":\"甲局\",\"v\":1}\n\
             {\"by\":\"issuer\",\"count\":1,\"key\":null,\"v\":1}\n"
        );
        let two = vec![(vec![Some("2023".to_string()), None], 2)];
        assert_eq!(
            out(StatsFormat::Jsonl, &["year", "issuer"], &two),
            "{\"by\":[\"year\",\"issuer\"],\"count\":2,\"key\":[\"2023\",null],\"v\":1}\n"
        );
    }
}

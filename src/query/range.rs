//! Values of the numeric fields: `number:` and `date:` ranges.

use super::{Expr, FieldName, RangeField};
use crate::reply::DateKey;

/// A `number:` or `date:` value: `V`, `A..B` (either side may be empty),
/// `>=V`, `>V`, `<=V`, `<V`. Dates are `yyyy`, `yyyy-mm` or `yyyy-mm-dd`
/// (`/` or `.` also separate), and cover the whole year or month.
pub(super) fn parse_range(field: FieldName, text: &str) -> Result<Expr, String> {
    let (rf, what) = match field {
        FieldName::Date => (RangeField::Date, "a date (2023, 2023-05, 2023-05-31)"),
        _ => (RangeField::Number, "a number"),
    };
    let bounds = |v: &str| -> Result<(u64, u64), String> {
        let parsed = match rf {
            RangeField::Date => DateKey::bounds(v).map(|(lo, hi)| (lo.raw(), hi.raw())),
            RangeField::Number => v.parse::<u64>().ok().map(|n| (n, n)),
        };
        parsed.ok_or_else(|| format!("`{v}` is not {what} in `{}:{text}`", field.name()))
    };
    let (lo, hi) = if let Some((a, b)) = text.split_once("..") {
        let lo = if a.is_empty() {
            None
        } else {
            Some(bounds(a)?.0)
        };
        let hi = if b.is_empty() {
            None
        } else {
            Some(bounds(b)?.1)
        };
        if lo.is_none() && hi.is_none() {
            return Err(format!("`{}:..` needs at least one end", field.name()));
        }
        (lo, hi)
    } else if let Some(v) = text.strip_prefix(">=") {
        (Some(bounds(v)?.0), None)
    } else if let Some(v) = text.strip_prefix("<=") {
        (None, Some(bounds(v)?.1))
    } else if let Some(v) = text.strip_prefix('>') {
        (Some(bounds(v)?.1.saturating_add(1)), None)
    } else if let Some(v) = text.strip_prefix('<') {
        let below = bounds(v)?.0.checked_sub(1);
        let below =
            below.ok_or_else(|| format!("nothing is below `{v}` in `{}:{text}`", field.name()))?;
        (None, Some(below))
    } else {
        let (lo, hi) = bounds(text)?;
        (Some(lo), Some(hi))
    };
    Ok(Expr::Range { field: rf, lo, hi })
}

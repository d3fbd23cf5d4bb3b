//! Reading `.xlsx` sources: sheets by name, columns by header, cells as
//! text, every problem located by sheet, row and column.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

use super::Unreadable;
use crate::date::Date;

/// A workbook read from memory.
pub struct Book {
    inner: Xlsx<Cursor<Vec<u8>>>,
}

/// One sheet: a header row, then rows of cells.
pub struct Sheet {
    pub name: String,
    /// The header cells, trimmed.
    pub header: Vec<String>,
    rows: Vec<Vec<Data>>,
    /// Spreadsheet row number of the header (1-based).
    first_row: u32,
    /// Spreadsheet column index of the first column (0-based).
    first_col: u32,
}

/// One row below the header, with where it sits.
pub struct Row<'a> {
    sheet: &'a Sheet,
    cells: &'a [Data],
    /// Spreadsheet row number (1-based).
    pub number: u32,
}

impl Book {
    pub fn open(bytes: &[u8]) -> Result<Book, Unreadable> {
        Xlsx::new(Cursor::new(bytes.to_vec()))
            .map(|inner| Book { inner })
            .map_err(|e| Unreadable(format!("not a readable .xlsx workbook ({e})")))
    }

    pub fn sheet_names(&self) -> Vec<String> {
        self.inner.sheet_names()
    }

    /// The trimmed cells of a sheet's first row, or nothing.
    pub fn header_of(&mut self, name: &str) -> Vec<String> {
        self.sheet(name).map(|s| s.header).unwrap_or_default()
    }

    /// A sheet by its exact name.
    pub fn sheet(&mut self, name: &str) -> Result<Sheet, Unreadable> {
        let names = self.sheet_names();
        if !names.iter().any(|n| n == name) {
            return Err(Unreadable(format!(
                "no sheet `{name}` (its sheets are {})",
                names
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        let range = self
            .inner
            .worksheet_range(name)
            .map_err(|e| Unreadable(format!("sheet `{name}` cannot be read ({e})")))?;
        let (first_row, first_col) = range.start().unwrap_or((0, 0));
        let mut rows: Vec<Vec<Data>> = range.rows().map(<[Data]>::to_vec).collect();
        let header = if rows.is_empty() {
            Vec::new()
        } else {
            rows.remove(0)
                .iter()
                .map(|c| text(c).unwrap_or_default().trim().to_string())
                .collect()
        };
        Ok(Sheet {
            name: name.to_string(),
            header,
            rows,
            first_row: first_row + 1,
            first_col,
        })
    }
}

/// A header as compared: lowercase, accents dropped, blanks folded.
pub(super) fn fold(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .map(|c| super::fold_accent(c).to_ascii_lowercase())
        .collect()
}

/// A column's letters: 0 → A, 27 → AB.
fn letters(mut col: u32) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// A cell as text; `Err` for an error cell (`#REF!`…).
fn text(cell: &Data) -> Result<String, String> {
    Ok(match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => {
            let serial = d.as_f64();
            let day =
                Date::from_ymd(1899, 12, 30).map(|epoch| epoch.add_days(serial.floor() as i64));
            day.map(|d| d.to_string()).unwrap_or_default()
        }
        Data::Error(e) => return Err(format!("holds the error {e}")),
    })
}

impl Sheet {
    /// The index of a required column, by exact header.
    pub fn column(&self, name: &str) -> Result<usize, Unreadable> {
        self.optional(name).ok_or_else(|| {
            Unreadable(format!(
                "sheet `{}`, row {}: no column `{name}` in the header",
                self.name, self.first_row
            ))
        })
    }

    /// A column by its header, ignoring case, accents and spacing
    /// (`Enoncé` and `Énoncé`, `N° Exigence` and `N°  exigence`).
    pub fn optional(&self, name: &str) -> Option<usize> {
        let name = fold(name);
        self.header.iter().position(|h| fold(h) == name)
    }

    /// The index of a required column whose header starts with `prefix`.
    pub fn column_prefix(&self, prefix: &str) -> Result<usize, Unreadable> {
        self.optional_prefix(prefix).ok_or_else(|| {
            Unreadable(format!(
                "sheet `{}`, row {}: no column starting with `{prefix}` in the header",
                self.name, self.first_row
            ))
        })
    }

    pub fn optional_prefix(&self, prefix: &str) -> Option<usize> {
        let prefix = fold(prefix);
        self.header
            .iter()
            .position(|h| fold(h).starts_with(&prefix))
    }

    /// The rows below the header, blank ones left out.
    pub fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        self.rows.iter().enumerate().filter_map(move |(i, cells)| {
            (!cells.iter().all(|c| {
                matches!(c, Data::Empty) || matches!(c, Data::String(s) if s.trim().is_empty())
            }))
            .then_some(Row {
                sheet: self,
                cells,
                number: self.first_row + 1 + i as u32,
            })
        })
    }
}

impl Row<'_> {
    /// Where a cell is, for messages.
    pub fn at(&self, col: usize) -> String {
        format!(
            "sheet `{}`, row {}, column `{}` ({})",
            self.sheet.name,
            self.number,
            self.sheet.header.get(col).map_or("", String::as_str),
            letters(self.sheet.first_col + col as u32)
        )
    }

    /// The row, for warnings naming it.
    pub fn name(&self) -> String {
        format!("sheet `{}` row {}", self.sheet.name, self.number)
    }

    /// A cell's text, untrimmed; empty past the row's end.
    pub fn raw(&self, col: usize) -> Result<String, Unreadable> {
        match self.cells.get(col) {
            None => Ok(String::new()),
            Some(cell) => {
                text(cell).map_err(|why| Unreadable(format!("{}: the cell {why}", self.at(col))))
            }
        }
    }

    /// A cell's text, trimmed.
    pub fn get(&self, col: usize) -> Result<String, Unreadable> {
        self.raw(col).map(|s| s.trim().to_string())
    }

    /// An optional column's trimmed text; empty when the column is absent.
    pub fn maybe(&self, col: Option<usize>) -> Result<String, Unreadable> {
        col.map_or(Ok(String::new()), |c| self.get(c))
    }

    /// A requirement's text from its statement column, as plain text, and
    /// its title: the function column's when given, else the text's start.
    pub fn text_and_title(
        &self,
        statement: usize,
        function: Option<usize>,
    ) -> Result<(String, String), Unreadable> {
        let text = super::plain_text(&self.required(statement)?);
        let title = match self.maybe(function)? {
            f if f.is_empty() => super::title_from(&text),
            f => super::plain_text(&f),
        };
        Ok((text, title))
    }

    /// A required, non-empty cell.
    pub fn required(&self, col: usize) -> Result<String, Unreadable> {
        let s = self.get(col)?;
        if s.is_empty() {
            return Err(Unreadable(format!("{}: the cell is empty", self.at(col))));
        }
        Ok(s)
    }

    /// A whole number.
    pub fn number(&self, col: usize) -> Result<u64, Unreadable> {
        let s = self.required(col)?;
        s.parse()
            .map_err(|_| Unreadable(format!("{}: `{s}` is not a whole number", self.at(col))))
    }
}

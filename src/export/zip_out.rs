//! A zip archive built in memory (for DOCX and the CSV bundle) with the `zip` crate, then
//! written to the output in one go: the exporters stay pure and write into any `impl Write`.

use std::io::{self, Cursor, Write};

use zip::CompressionMethod;
use zip::write::{SimpleFileOptions, ZipWriter};

/// Entries are added in order; [`Archive::finish`] writes the whole archive to `out`.
pub(super) struct Archive {
    zip: ZipWriter<Cursor<Vec<u8>>>,
}

impl Archive {
    pub fn new() -> Self {
        Archive {
            zip: ZipWriter::new(Cursor::new(Vec::new())),
        }
    }

    /// Adds one file, deflated, with a fixed timestamp so the same summary gives the same bytes.
    /// Level 1, the fastest: CSV and XML still shrink several times, and a 10,000-article
    /// export stays well within its time budget.
    pub fn add(&mut self, name: &str, content: &[u8]) -> io::Result<()> {
        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .compression_level(Some(1))
            .last_modified_time(zip::DateTime::default());
        self.zip
            .start_file(name, options)
            .map_err(io::Error::other)?;
        self.zip.write_all(content)
    }

    pub fn finish(self, out: &mut impl Write) -> io::Result<()> {
        let bytes = self.zip.finish().map_err(io::Error::other)?.into_inner();
        out.write_all(&bytes)
    }
}

//! Fuzz target: arbitrary zip archives read as an XLSX workbook. The fuzzer
//! chooses the entries (mostly the part names an XLSX has) and their bytes;
//! the archive is well formed, so the input reaches the XML readers rather
//! than stopping at the zip directory.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use std::io::Write;

/// The parts of an XLSX package calamine reads.
const PARTS: &[&str] = &[
    "[Content_Types].xml",
    "_rels/.rels",
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
    "xl/worksheets/sheet1.xml",
    "xl/worksheets/sheet2.xml",
    "xl/sharedStrings.xml",
    "xl/styles.xml",
    "xl/worksheets/_rels/sheet1.xml.rels",
    "docProps/app.xml",
    "xl/tables/table1.xml",
    "content.xml",
    "mimetype",
];

#[derive(Arbitrary, Debug)]
enum Name {
    Part(u8),
    Other(String),
}

#[derive(Arbitrary, Debug)]
struct Entry {
    name: Name,
    deflate: bool,
    body: Vec<u8>,
}

fuzz_target!(
    init: zhixin_compiler::fuzz::tolerate_calamine_panics(),
    |entries: Vec<Entry>| {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for e in entries.iter().take(16) {
            let name = match &e.name {
                Name::Part(i) => PARTS[*i as usize % PARTS.len()].to_string(),
                Name::Other(s) => s.clone(),
            };
            let method = if e.deflate {
                zip::CompressionMethod::Deflated
            } else {
                zip::CompressionMethod::Stored
            };
            let options = zip::write::SimpleFileOptions::default().compression_method(method);
            // A name the zip writer refuses (a duplicate) is skipped, as a
            // hand-made archive simply would not have it.
            if zip.start_file(name, options).is_err() {
                continue;
            }
            if zip.write_all(&e.body).is_err() {
                return;
            }
    }
    let Ok(bytes) = zip.finish().map(|c| c.into_inner()) else {
        return;
    };
    zhixin_compiler::fuzz::read_file("名单.xlsx", &bytes);
    }
);

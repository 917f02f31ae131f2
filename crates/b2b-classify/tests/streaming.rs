//! Many sales, read one at a time: a few thousand sales in a JSON array and
//! as JSON lines are each handed over before the reader has read the rest
//! of the input, and in order.

use b2b_classify::input::{Hint, Layout, ReadError, Record, read_sales};
use std::cell::Cell;
use std::io::{BufReader, Read};
use std::rc::Rc;

const SALES: usize = 3000;

/// Sale number `i`: the purposes and countries take turns.
fn sale(i: usize) -> String {
    let purposes = [
        "means-of-production",
        "resale",
        "internal-needs",
        "personal-use",
    ];
    let countries = ["SE", "DE", "FR", "US"];
    format!(
        r#"{{"id": "S-{i}", "buyer": {{"kind": "organisation", "country": "{}"}}, "seller": {{"country": "SE"}}, "paid_by": "organisation", "purpose": "{}"}}"#,
        countries[i % 4],
        purposes[i % 4]
    )
}

/// A reader that counts the bytes it has given out.
struct Counting<R> {
    inner: R,
    read: Rc<Cell<usize>>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.set(self.read.get() + n);
        Ok(n)
    }
}

/// Reads `text` and checks that each sale arrives in order, as the layout
/// says, while most of the input is still unread.
fn check_streams(text: &str, hint: Hint, layout: Layout) {
    let read = Rc::new(Cell::new(0));
    let reader = BufReader::with_capacity(
        4096,
        Counting {
            inner: text.as_bytes(),
            read: Rc::clone(&read),
        },
    );
    let mut seen = 0;
    let mut read_at_first = None;
    let result = read_sales(reader, hint, |got, index, sale| {
        assert_eq!(got, layout);
        assert_eq!(index, seen);
        assert_eq!(sale.id, Some(format!("S-{index}")));
        read_at_first.get_or_insert(read.get());
        seen += 1;
        Ok::<(), std::io::Error>(())
    });
    assert_eq!(result.expect("reads"), (layout, SALES));
    let first = read_at_first.expect("a sale");
    assert!(
        first < text.len() / 10,
        "{first} of {} bytes read before the first sale",
        text.len()
    );
}

#[test]
fn a_json_array_streams() {
    let text = format!(
        "[\n{}\n]\n",
        (0..SALES).map(sale).collect::<Vec<_>>().join(",\n")
    );
    check_streams(&text, Hint::Json, Layout::Array);
}

#[test]
fn json_lines_stream_with_or_without_the_extension() {
    let text = (0..SALES).map(|i| sale(i) + "\n").collect::<String>();
    check_streams(&text, Hint::JsonLines, Layout::Lines);
    check_streams(&text, Hint::Json, Layout::Lines);
}

#[test]
fn a_bad_record_names_its_place_and_stops_the_stream() {
    let mut sales: Vec<String> = (0..5).map(sale).collect();
    sales[3] = sales[3]
        .replace("resale", "gifts")
        .replace("personal-use", "gifts");
    let mut handed = 0;
    let array = format!("[{}]", sales.join(",\n"));
    let error = read_sales(array.as_bytes(), Hint::Json, |_, _, _| {
        handed += 1;
        Ok::<(), std::io::Error>(())
    })
    .expect_err("gifts");
    assert_eq!(handed, 3);
    let ReadError::Sale(error) = error else {
        panic!("{error}");
    };
    assert_eq!(error.record, Some(Record::Element(3)));
    assert_eq!(error.at.map(|(line, _)| line), Some(4));
    assert!(
        error.to_string().starts_with("sale [3]: line 4, column "),
        "{error}"
    );
    assert!(
        error
            .to_string()
            .contains("purpose: unknown value \"gifts\""),
        "{error}"
    );

    let lines = sales.join("\n\n");
    let error = read_sales(lines.as_bytes(), Hint::JsonLines, |_, _, _| {
        Ok::<(), std::io::Error>(())
    })
    .expect_err("gifts");
    // Records are on lines 1, 3, 5, 7, 9 (blank lines between).
    assert!(
        error.to_string().starts_with("sale on line 7: column "),
        "{error}"
    );
}

#[test]
fn the_callbacks_error_stops_the_reading() {
    let array = format!("[{}]", (0..10).map(sale).collect::<Vec<_>>().join(","));
    let mut handed = 0;
    let error = read_sales(array.as_bytes(), Hint::Json, |_, index, _| {
        handed += 1;
        if index == 2 { Err("full") } else { Ok(()) }
    })
    .expect_err("full");
    assert_eq!(handed, 3);
    assert!(matches!(error, ReadError::Sink("full")), "{error}");
}

#[test]
fn one_sale_in_json_whatever_its_layout() {
    let compact = sale(0);
    let pretty = serde_json::to_string_pretty(
        &serde_json::from_str::<serde_json::Value>(&compact).expect("json"),
    )
    .expect("pretty");
    for text in [compact.clone(), format!("\n\n{compact}\n\n"), pretty] {
        let mut ids = Vec::new();
        let result = read_sales(text.as_bytes(), Hint::Json, |layout, _, sale| {
            assert_eq!(layout, Layout::Single);
            ids.push(sale.id);
            Ok::<(), std::io::Error>(())
        });
        assert_eq!(result.expect("one sale"), (Layout::Single, 1));
        assert_eq!(ids, [Some("S-0".to_owned())]);
    }
    let empty = read_sales(" [ ] ".as_bytes(), Hint::Json, |_, _, _| {
        Ok::<(), std::io::Error>(())
    });
    assert_eq!(empty.expect("empty array"), (Layout::Array, 0));
}

#[test]
fn a_pretty_sale_with_an_error_gives_the_files_line() {
    let text = "{\n  \"purpose\": \"resale\",\n  \"paid_by\": \"company\"\n}";
    let error = read_sales(text.as_bytes(), Hint::Json, |_, _, _| {
        Ok::<(), std::io::Error>(())
    })
    .expect_err("company");
    assert!(error.to_string().starts_with("line 3, column "), "{error}");
    assert!(
        error
            .to_string()
            .contains("paid_by: unknown value \"company\"; expected one of: organisation, person"),
        "{error}"
    );
}

#[test]
fn every_line_end_ends_a_json_line() {
    for end in ["\r", "\r\n", "\n"] {
        let text = format!("{}{end}{end}{}{end}", sale(0), sale(1));
        for hint in [Hint::JsonLines, Hint::Json] {
            let mut ids = Vec::new();
            let result = read_sales(text.as_bytes(), hint, |_, _, sale| {
                ids.push(sale.id);
                Ok::<(), std::io::Error>(())
            });
            assert_eq!(result.expect("reads"), (Layout::Lines, 2), "{end:?}");
            assert_eq!(ids, [Some("S-0".to_owned()), Some("S-1".to_owned())]);
        }
        let bad = format!("{}{end}{{}}{end}", sale(0));
        let error = read_sales(bad.as_bytes(), Hint::JsonLines, |_, _, _| {
            Ok::<(), std::io::Error>(())
        });
        assert!(
            matches!(error, Err(ReadError::Sale(ref e)) if e.record == Some(Record::Line(2))),
            "{end:?}: {error:?}"
        );
    }
}

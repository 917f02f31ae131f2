//! `b2b classify`: one sale, or a stream of them, under named rule sets.

use crate::cli::ReportFormat;
use crate::failure::{Failure, read_text};
use crate::input::{Stream, StreamError};
use b2b_classify::input::{self, Hint, Layout, ReadError};
use b2b_classify::output::JsonWriter;
use b2b_classify::rules::RuleSet;
use b2b_classify::sale::Sale;
use b2b_classify::{Classification, classify, select, shipped};
use clap::Args;
use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{ContentArrangement, Table};
use std::io::{self, BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

/// Arguments of `b2b classify`.
#[derive(Debug, Args)]
pub struct ClassifyArgs {
    /// The sale file: `.toml` (one sale), `.json` (one sale, an array of
    /// sales, or JSON lines), `.jsonl`/`.ndjson` (one sale per line); `-`
    /// reads standard input as JSON.
    pub sale: PathBuf,
    /// Rule sets by name, comma-separated (seed, broad, eu-vat,
    /// consumer-law, the names of --rules-file sets), or `all`.
    #[arg(long, value_delimiter = ',', default_value = "all")]
    pub rules: Vec<String>,
    /// A rule file of your own (TOML; repeatable): its rule set joins the
    /// shipped ones and can be named in --rules.
    #[arg(long = "rules-file", value_name = "FILE")]
    pub rules_files: Vec<PathBuf>,
    /// Output format [default: table on a terminal, json otherwise].
    #[arg(long, value_enum)]
    pub format: Option<ReportFormat>,
}

/// Runs `b2b classify`.
pub fn run(args: &ClassifyArgs) -> Result<(), Failure> {
    let available = rule_sets(&args.rules_files)?;
    let chosen = select(&args.rules, &available)
        .map_err(|error| Failure::BadInput(format!("--rules: {error}")))?;
    let format = args.format.unwrap_or_else(|| {
        if io::stdout().is_terminal() {
            ReportFormat::Table
        } else {
            ReportFormat::Json
        }
    });
    let name = args.sale.display().to_string();
    let stdout = io::stdout();
    let mut out = Output {
        out: BufWriter::new(stdout.lock()),
        format,
        json: JsonWriter::new(),
        written: 0,
    };
    let result = if name == "-" {
        read(
            Stream::new(io::stdin().lock()),
            Hint::Json,
            &chosen,
            &mut out,
        )
    } else {
        let file =
            std::fs::File::open(&args.sale).map_err(|e| Failure::io(&args.sale, "read", e))?;
        read(Stream::new(file), Hint::from_name(&name), &chosen, &mut out)
    };
    match result {
        Ok(layout) => out.finish(layout).or_else(quiet_broken_pipe),
        Err(ReadError::Sale(e)) => Err(Failure::BadInput(format!("{name}: {e}"))),
        Err(ReadError::Io(e)) => match StreamError::of(&e) {
            Some(bad) => Err(Failure::BadInput(format!("{name}: {bad}"))),
            None => Err(Failure::io(&args.sale, "read", e)),
        },
        Err(ReadError::Sink(e)) => quiet_broken_pipe(e),
    }
}

/// A reader that stops early (`| head`) is not a failure.
fn quiet_broken_pipe(error: io::Error) -> Result<(), Failure> {
    crate::failure::ignore_closed_pipe(error)
        .map_err(|e| Failure::io(Path::new("standard output"), "write", e))
}

/// The shipped rule sets, then the user's, each name once.
fn rule_sets(files: &[PathBuf]) -> Result<Vec<RuleSet>, Failure> {
    let mut sets =
        shipped().map_err(|e| Failure::Other(format!("a shipped rule set is invalid: {e}")))?;
    for path in files {
        let text = read_text(path)?;
        let set = RuleSet::parse(&text).map_err(|e| Failure::in_file(path, e))?;
        if sets.iter().any(|s| s.name == set.name) {
            return Err(Failure::BadInput(format!(
                "{}: a rule set named {:?} is already loaded; give yours another name",
                path.display(),
                b2b_core::excerpt(&set.name)
            )));
        }
        sets.push(set);
    }
    Ok(sets)
}

/// Reads the sales of `stream`, each bounded by the maximum line length.
fn read(
    stream: Stream<impl Read>,
    hint: Hint,
    sets: &[&RuleSet],
    out: &mut Output<impl Write>,
) -> Result<Layout, ReadError<io::Error>> {
    let records = stream.records();
    input::read_sales(stream, hint, |layout, index, sale| {
        records.set(records.get() + 1);
        let result = classify(&sale, sets.iter().copied());
        out.write(layout, index, &sale, &result)
    })
    .map(|(layout, _)| layout)
}

/// Writes results as they come.
struct Output<W: Write> {
    out: W,
    format: ReportFormat,
    json: JsonWriter,
    written: usize,
}

impl<W: Write> Output<W> {
    fn write(
        &mut self,
        layout: Layout,
        index: usize,
        sale: &Sale,
        result: &Classification,
    ) -> io::Result<()> {
        match self.format {
            ReportFormat::Table => {
                if self.written > 0 {
                    writeln!(self.out)?;
                }
                let text = table(layout, index, sale, result);
                write!(self.out, "{}", crate::report::printable_lines(&text))?;
            }
            ReportFormat::Json => self.json.write(&mut self.out, layout, index, result)?,
        }
        self.written += 1;
        Ok(())
    }

    /// Closes a JSON array (`[]` when it had no sale) and flushes.
    fn finish(mut self, layout: Layout) -> io::Result<()> {
        if self.format == ReportFormat::Json {
            self.json.finish(&mut self.out, layout)?;
        }
        self.out.flush()
    }
}

/// The table's width in characters.
const TABLE_WIDTH: u16 = 120;

/// One block per sale: a heading, then a row per rule set.
fn table(layout: Layout, index: usize, sale: &Sale, result: &Classification) -> String {
    let mut heading = match (&sale.id, layout) {
        (Some(id), _) => format!("Sale {id}"),
        (None, Layout::Single) => "Sale".to_owned(),
        (None, _) => format!("Sale [{index}]"),
    };
    heading.push_str(&format!(
        ": {} in {} buys from a seller in {} for {}, paid by {}",
        sale.buyer.kind, sale.buyer.country, sale.seller.country, sale.purpose, sale.paid_by
    ));
    if let Some(description) = &sale.description {
        heading.push_str(&format!(" ({description})"));
    }
    let mut table = Table::new();
    table.load_preset(UTF8_FULL_CONDENSED);
    // Reasons are long sentences: wrap them rather than widen the table.
    table.set_content_arrangement(ContentArrangement::Dynamic);
    table.set_width(TABLE_WIDTH);
    table.set_header(["rule set", "segment", "model", "tags", "reason"]);
    for (name, view) in &result.views.0 {
        let reason = view
            .reasons
            .first()
            .map(|r| format!("{}: {}", r.rule, r.text))
            .unwrap_or_default();
        table.add_row([
            name.clone(),
            view.segment.clone(),
            view.model.clone().unwrap_or_else(|| "-".to_owned()),
            if view.tags.is_empty() {
                "-".to_owned()
            } else {
                view.tags.join(", ")
            },
            reason,
        ]);
    }
    format!("{heading}\n{table}\n")
}

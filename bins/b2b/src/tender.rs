//! `b2b tender ...`: read files, call `b2b_tender`, print.

use crate::cli::{CheckArgs, EvaluateArgs, Format, GenerateArgs, TenderCommand};
use crate::failure::{Failure, ignore_closed_pipe};
use crate::output;
use crate::output_file;
use crate::progress::{LineBar, Phases};
use b2b_tender::generate::{self, SyntheticSpec};
use b2b_tender::input::{self, BidsFormat, TenderFormat};
use b2b_tender::{Bids, Options, Tender};
use std::io::{BufWriter, IsTerminal, Write};
use std::path::Path;

/// Bids files at least this large show progress phases on a terminal.
const LONG_RUN_BYTES: usize = 8 << 20;

/// `generate` shows a progress bar on a terminal from this many bids.
const LONG_RUN_BIDS: usize = 100_000;

/// Runs one `b2b tender` command.
pub fn run(command: TenderCommand) -> Result<(), Failure> {
    match command {
        TenderCommand::Evaluate(args) => evaluate(&args),
        TenderCommand::Check(args) => check(&args),
        TenderCommand::Generate(args) => generate(&args),
    }
}

fn evaluate(args: &EvaluateArgs) -> Result<(), Failure> {
    if let Some(path) = &args.output {
        output_file::check_not_input(path, &[&args.tender, &args.bids])?;
    }
    let tender = read_tender(&args.tender)?;
    let bids_format = bids_format(&args.bids)?;
    let bids_bytes = read(&args.bids)?;
    let phases = Phases::new(bids_bytes.len() >= LONG_RUN_BYTES);
    phases.phase(format!("reading {}", args.bids.display()));
    let bids = parse_bids(&args.bids, bids_format, &bids_bytes, &tender)?;
    drop(bids_bytes);
    phases.phase(format!("evaluating {} bids", bids.len()));
    let options = Options {
        sensitivity: args.sensitivity,
    };
    let evaluation = b2b_tender::evaluate(&tender, &bids, &options).map_err(Failure::bad_input)?;
    phases.phase("writing");
    let format = args.format.unwrap_or_else(default_format);
    match &args.output {
        Some(path) => {
            output_file::write_atomic(path, |out| output::write(&evaluation, format, out))
        }
        None => {
            let mut out = BufWriter::with_capacity(1 << 20, std::io::stdout());
            output::write(&evaluation, format, &mut out)
                .and_then(|()| out.flush())
                .or_else(ignore_closed_pipe)
                .map_err(|e| Failure::io(Path::new("standard output"), "write", e))
        }
    }
}

fn check(args: &CheckArgs) -> Result<(), Failure> {
    let tender = read_tender(&args.tender)?;
    let mut summary = format!(
        "{}: tender {:?} ({}), award {}, {} requirements, {} criteria",
        args.tender.display(),
        tender.id,
        tender.currency,
        tender.award,
        tender.requirements.len(),
        tender.criteria.len()
    );
    if let Some(path) = &args.bids {
        let format = bids_format(path)?;
        let bids = parse_bids(path, format, &read(path)?, &tender)?;
        summary.push_str(&format!("; {}: {} bids", path.display(), bids.len()));
    }
    crate::report::print_line(&format!("ok: {summary}"))
}

fn generate(args: &GenerateArgs) -> Result<(), Failure> {
    let spec = SyntheticSpec {
        bids: args.bids,
        seed: args.seed,
    };
    std::fs::create_dir_all(&args.out).map_err(|e| Failure::io(&args.out, "create", e))?;
    let tender_path = args.out.join("tender.toml");
    output_file::write_atomic(&tender_path, |out| generate::write_tender(&spec, out))?;
    let bids_path = args.out.join("bids.csv");
    output_file::write_atomic(&bids_path, |out| {
        let mut out = LineBar::new(out, args.bids, args.bids >= LONG_RUN_BIDS);
        generate::write_bids(&spec, &mut out)
    })?;
    crate::failure::note(&format!(
        "wrote {} and {} ({} bids, seed {})",
        tender_path.display(),
        bids_path.display(),
        args.bids,
        args.seed
    ));
    Ok(())
}

fn default_format() -> Format {
    if std::io::stdout().is_terminal() {
        Format::Table
    } else {
        Format::Json
    }
}

/// A bids file's bytes, bounded (a CSV's lines too); the parser checks
/// the text.
fn read(path: &Path) -> Result<Vec<u8>, Failure> {
    let bytes = crate::input::read_bytes(path)?;
    crate::input::check_lines(path, &bytes)?;
    Ok(bytes)
}

fn read_tender(path: &Path) -> Result<Tender, Failure> {
    let format = TenderFormat::from_path(path).ok_or_else(|| {
        Failure::BadInput(format!(
            "{}: unknown tender file type; expected a .toml or .json file",
            path.display()
        ))
    })?;
    let text = crate::input::read_text(path)?;
    input::parse_tender(&text, format, &path.display().to_string()).map_err(Failure::bad_input)
}

fn bids_format(path: &Path) -> Result<BidsFormat, Failure> {
    BidsFormat::from_path(path).ok_or_else(|| {
        Failure::BadInput(format!(
            "{}: unknown bids file type; expected a .csv or .json file",
            path.display()
        ))
    })
}

fn parse_bids(
    path: &Path,
    format: BidsFormat,
    bytes: &[u8],
    tender: &Tender,
) -> Result<Bids, Failure> {
    input::parse_bids(bytes, format, &path.display().to_string(), tender)
        .map_err(Failure::bad_input)
}

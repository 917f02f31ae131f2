//! `b2b terms due`: due dates, discount deadline, amount payable and the
//! late-payment directive's limits for payment terms on one invoice.

use std::fmt::Write as _;
use std::path::Path;

use b2b_core::{Currency, Money, parse_decimal};
use b2b_terms::calendar::{Calendar, Roll, parse_iso_date};
use b2b_terms::payment::PaymentTerms;
use b2b_terms::payment::report::{
    DiscountReport, DueField, DueQuery, DueReport, calendar_from_spec,
};
use clap::Args;

use crate::cli::ReportFormat;
use crate::failure::{Failure, read_text};
use crate::report;

/// Arguments of `b2b terms due`.
#[derive(Debug, Args)]
pub struct DueArgs {
    /// Payment terms, such as "net 30", "2/10 net 30", "2/10 EOM net 30",
    /// "10 EOM", "due on receipt", "CWO" or "30% CWO, 70% net 30".
    #[arg(long)]
    pub terms: String,
    /// Invoice date, YYYY-MM-DD.
    #[arg(long)]
    pub invoice_date: String,
    /// Invoice amount, such as 1000 or 1234.50 (needs --currency).
    #[arg(long, allow_hyphen_values = true)]
    pub amount: Option<String>,
    /// ISO 4217 currency of the amount, such as EUR.
    #[arg(long)]
    pub currency: Option<String>,
    /// Date of a payment of everything outstanding, YYYY-MM-DD (needs
    /// --amount): shows the amount payable, the discount and lateness.
    #[arg(long)]
    pub paid: Option<String>,
    /// Business calendar: SE, DE, a German state (DE-BY, DE-NW, ...),
    /// TARGET or a holiday file; combine with '+', as in SE+holidays.txt.
    #[arg(long)]
    pub calendar: Option<String>,
    /// Roll convention for dates on non-business days: none, following,
    /// modified-following, preceding, modified-preceding [default with
    /// --calendar: following].
    #[arg(long)]
    pub roll: Option<String>,
    /// Who pays, for the late-payment directive's limits: business or
    /// public.
    #[arg(long, default_value = "business")]
    pub debtor: String,
    /// Output format [default: table on a terminal, json otherwise].
    #[arg(long, value_enum)]
    pub format: Option<ReportFormat>,
}

/// Runs `b2b terms due`.
pub fn run(args: &DueArgs) -> Result<(), Failure> {
    let query = read_inputs(args)?;
    let report = DueReport::compute(&query).map_err(|e| bad(field_argument(e.field), e))?;
    report::emit(&report, args.format, render)
}

fn bad(argument: &str, error: impl std::fmt::Display) -> Failure {
    Failure::BadInput(format!("{argument}: {error}"))
}

fn read_inputs(args: &DueArgs) -> Result<DueQuery, Failure> {
    let terms: PaymentTerms = args.terms.parse().map_err(|e| bad("--terms", e))?;
    let invoice_date = parse_iso_date(&args.invoice_date).map_err(|e| bad("--invoice-date", e))?;
    let amount = match (&args.amount, &args.currency) {
        (Some(amount), Some(currency)) => {
            let value = parse_decimal(amount).map_err(|e| bad("--amount", e))?;
            if value.is_sign_negative() && !value.is_zero() {
                return Err(bad("--amount", format!("the amount {amount} is negative")));
            }
            let currency: Currency = currency.parse().map_err(|e| bad("--currency", e))?;
            Some(Money::new(value, currency))
        }
        (Some(_), None) => {
            return Err(bad("--amount", "needs --currency (such as --currency EUR)"));
        }
        (None, Some(_)) => return Err(bad("--currency", "needs --amount")),
        (None, None) => None,
    };
    let paid = match &args.paid {
        Some(_) if amount.is_none() => {
            return Err(bad(
                "--paid",
                "needs --amount and --currency (the amount payable depends on them)",
            ));
        }
        Some(text) => {
            let paid = parse_iso_date(text).map_err(|e| bad("--paid", e))?;
            if paid < invoice_date {
                return Err(bad(
                    "--paid",
                    format!("the payment date {paid} is before the invoice date {invoice_date}"),
                ));
            }
            Some(paid)
        }
        None => None,
    };
    let calendar = match (&args.calendar, &args.roll) {
        (Some(spec), roll) => {
            let roll = match roll {
                Some(text) => text.parse().map_err(|e| bad("--roll", e))?,
                None => Roll::Following,
            };
            Some((read_calendar(spec)?, roll))
        }
        (None, Some(_)) => {
            return Err(bad(
                "--roll",
                "needs --calendar (SE, DE, TARGET or a holiday file)",
            ));
        }
        (None, None) => None,
    };
    let debtor = args.debtor.parse().map_err(|e| bad("--debtor", e))?;
    Ok(DueQuery {
        terms,
        invoice_date,
        amount,
        paid,
        calendar,
        debtor,
    })
}

/// `SE`, `DE`, `TARGET`, a holiday file, or several joined by `+`.
fn read_calendar(spec: &str) -> Result<Calendar, Failure> {
    calendar_from_spec(spec, |part, unknown| {
        let path = Path::new(part);
        if !path.is_file() {
            return Err(bad(
                "--calendar",
                format!(
                    "{unknown}; no file named {:?} either",
                    b2b_core::excerpt(part)
                ),
            ));
        }
        let text = read_text(path)?;
        Calendar::parse_holidays(part, &text).map_err(|e| bad("--calendar", e))
    })
}

/// The argument a report error is about.
fn field_argument(field: DueField) -> &'static str {
    match field {
        DueField::Amount => "--amount",
        DueField::Calendar => "--calendar",
        DueField::InvoiceDate => "--invoice-date",
        DueField::Paid => "--paid",
    }
}

fn render(report: &DueReport) -> String {
    let mut out = String::new();
    let money = |amount: &Money| amount.to_string();
    let _ = writeln!(out, "Terms          {}", report.terms);
    let _ = writeln!(out, "Invoice date   {}", report.invoice_date);
    if let Some(amount) = &report.amount {
        let _ = writeln!(out, "Amount         {}", money(amount));
    }
    match report.agreed_due_date {
        Some(agreed) if agreed != report.due_date => {
            let _ = writeln!(out, "Due date       {} (agreed {agreed})", report.due_date);
        }
        _ => {
            let _ = writeln!(out, "Due date       {}", report.due_date);
        }
    }
    if let Some(discount) = &report.discount {
        let _ = writeln!(
            out,
            "Discount       {}",
            describe_discount(discount, &money)
        );
    }
    if let Some(instalments) = &report.instalments {
        let _ = writeln!(out, "Instalments");
        for instalment in instalments {
            let mut line = format!(
                "  {:>6}%  {:<20} due {}",
                instalment.share.normalize(),
                instalment.terms,
                instalment.due_date
            );
            if let Some(amount) = &instalment.amount {
                let _ = write!(line, "  {}", money(amount));
            }
            if let Some(discount) = &instalment.discount {
                let _ = write!(line, "  ({})", describe_discount(discount, &money));
            }
            let _ = writeln!(out, "{line}");
        }
    }
    if let (Some(paid), Some(payable)) = (report.paid, &report.payable) {
        let taken = if report.discount_taken == Some(true) {
            ", discount taken"
        } else {
            ""
        };
        let lateness = match report.days_late {
            Some(days) if days > 0 => format!(", {days} days late"),
            _ => ", on time".to_owned(),
        };
        let _ = writeln!(
            out,
            "Paid           {paid}: {} payable{taken}{lateness}",
            money(payable)
        );
    }
    if let (Some(calendar), Some(roll)) = (&report.calendar, report.roll) {
        let _ = writeln!(out, "Calendar       {calendar}, roll {roll}");
    }
    if let Some(rounding) = report.rounding {
        let _ = writeln!(
            out,
            "Rounding       {rounding}, to the currency's minor units"
        );
    }
    let _ = writeln!(
        out,
        "Period         {} calendar days ({} debtor)",
        report.period_days, report.debtor
    );
    for warning in &report.warnings {
        let _ = writeln!(out, "Warning        [{}] {}", warning.code, warning.message);
    }
    out
}

fn describe_discount(discount: &DiscountReport, money: &dyn Fn(&Money) -> String) -> String {
    let mut text = format!("{}% until {}", discount.percent.normalize(), discount.until);
    if let (Some(amount), Some(payable)) = (&discount.amount, &discount.payable) {
        let _ = write!(text, ": {} off, {} payable", money(amount), money(payable));
    }
    let rates = match (&discount.annual_rate_simple, &discount.annual_rate_compound) {
        (Some(simple), Some(compound)) => {
            format!(
                "; forgoing it costs {}% a year simple, {}% compounded",
                simple.normalize(),
                compound.normalize()
            )
        }
        (Some(simple), None) => {
            format!("; forgoing it costs {}% a year simple", simple.normalize())
        }
        _ => String::new(),
    };
    text + &rates
}

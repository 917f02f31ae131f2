//! Reading a service's past months (charges and credits) from CSV.

use super::{MonthRecord, SlaError};
use b2b_core::{Currency, Money, parse_decimal};

/// Reads past months from CSV text, oldest first: a header row with the
/// columns `charge` and `credit` (any order, any case) and optionally
/// `month`, a label such as `2026-03` that is only echoed in messages.
/// Amounts are in `currency`; blank lines are skipped.
///
/// ```
/// use b2b_core::Currency;
/// use b2b_terms::sla::parse_history;
///
/// let months = parse_history("month,charge,credit\n2026-09,1250.00,0\n2026-10,1250.00,125.00\n", Currency::EUR)?;
/// assert_eq!(months.len(), 2);
/// assert_eq!(months[1].credit.amount().to_string(), "125.00");
/// # Ok::<(), b2b_terms::sla::SlaError>(())
/// ```
///
/// # Errors
///
/// [`SlaError::History`] naming the line and what is wrong: a missing
/// column, an amount that is not a decimal number, or a negative amount.
pub fn parse_history(text: &str, currency: Currency) -> Result<Vec<MonthRecord>, SlaError> {
    let text = b2b_core::csv_file::without_bom(text);
    let mut reader = b2b_core::csv_file::reader(text);
    let header = reader
        .headers()
        .map_err(|e| history_error(1, e.to_string()))?
        .clone();
    let column = |name: &str| {
        header
            .iter()
            .position(|h| h.eq_ignore_ascii_case(name))
            .ok_or_else(|| history_error(1, format!("the header has no {name:?} column (required: charge, credit; optional: month)")))
    };
    let (charge, credit) = (column("charge")?, column("credit")?);
    let mut months = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| history_error(0, e.to_string()))?;
        let line = b2b_core::csv_file::line(text, record.position());
        if record.iter().all(str::is_empty) {
            continue;
        }
        let amount = |index: usize, name: &str| -> Result<Money, SlaError> {
            let cell = record.get(index).unwrap_or("");
            let value =
                parse_decimal(cell).map_err(|e| history_error(line, format!("{name}: {e}")))?;
            if value.is_sign_negative() && !value.is_zero() {
                return Err(history_error(line, format!("{name}: {value} is negative")));
            }
            Ok(Money::new(value, currency))
        };
        months.push(MonthRecord {
            charge: amount(charge, "charge")?,
            credit: amount(credit, "credit")?,
        });
    }
    Ok(months)
}

fn history_error(line: u64, message: String) -> SlaError {
    SlaError::History { line, message }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_history_files_name_the_line() {
        let error = |text: &str| {
            parse_history(text, Currency::EUR)
                .expect_err("refused")
                .to_string()
        };
        assert_eq!(
            error("month,charge\n2026-01,10\n"),
            "history line 1: the header has no \"credit\" column (required: charge, credit; optional: month)"
        );
        assert_eq!(
            error("charge,credit\n10,0\n10,-1\n"),
            "history line 3: credit: -1 is negative"
        );
        assert_eq!(
            error("charge,credit\n10 EUR,0\n"),
            "history line 2: charge: \"10 EUR\" is not a decimal number (expected digits with an optional sign and '.' fraction, such as \"-1234.50\")"
        );
    }

    #[test]
    fn columns_may_come_in_any_order_and_blank_lines_are_skipped() {
        let months = parse_history("Credit,Charge\n\n1.5,20\n", Currency::GBP).expect("read");
        assert_eq!(
            months,
            vec![MonthRecord {
                charge: Money::new(20.into(), Currency::GBP),
                credit: Money::new("1.5".parse().expect("decimal"), Currency::GBP),
            }]
        );
    }
}

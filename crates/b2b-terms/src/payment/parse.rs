//! The notation parser: tokens, then recursive descent over the grammar in
//! docs/payment-terms.md.

use b2b_core::Percent;
use rust_decimal::Decimal;

use super::{
    Discount, Due, Instalment, MAX_DAYS, PaymentTerms, Problem, TermsError, check_instalments,
};

/// One token: a number, a word (lower-cased), or a punctuation mark.
#[derive(Clone, Debug, PartialEq)]
enum Kind {
    Number,
    Word(String),
    Slash,
    PercentSign,
    Separator,
}

#[derive(Clone, Debug)]
struct Token<'a> {
    kind: Kind,
    text: &'a str,
    byte: usize,
    column: usize,
}

const START: &str =
    "payment terms such as \"net 30\", \"2/10 net 30\", \"10 EOM\", \"due on receipt\" or \"CWO\"";

struct Parser<'a> {
    text: &'a str,
    tokens: Vec<Token<'a>>,
    next: usize,
}

/// Parses `text` into validated terms.
pub(super) fn parse(text: &str) -> Result<PaymentTerms, TermsError> {
    let mut parser = Parser {
        text,
        tokens: tokenize(text)?,
        next: 0,
    };
    let parts = parser.terms()?;
    let invalid = |problem| TermsError::Invalid {
        text: text.to_owned(),
        problem,
    };
    let several = parts.len() > 1;
    let mut instalments = Vec::with_capacity(parts.len());
    for (index, (share, due)) in parts.into_iter().enumerate() {
        let share = match share {
            Some(share) => share,
            None if several => {
                return Err(invalid(Problem::MissingShare {
                    instalment: index + 1,
                }));
            }
            None => Percent::new(Decimal::ONE_HUNDRED),
        };
        instalments.push(Instalment { share, due });
    }
    check_instalments(&instalments).map_err(invalid)?;
    Ok(PaymentTerms { instalments })
}

fn tokenize(text: &str) -> Result<Vec<Token<'_>>, TermsError> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().enumerate().peekable();
    while let Some((index, (byte, c))) = chars.next() {
        let column = index + 1;
        let single = |kind| Token {
            kind,
            text: &text[byte..byte + c.len_utf8()],
            byte,
            column,
        };
        if c.is_whitespace() {
            continue;
        }
        let token = match c {
            '/' => single(Kind::Slash),
            '%' => single(Kind::PercentSign),
            ',' | ';' => single(Kind::Separator),
            _ if c.is_ascii_digit() || c.is_ascii_alphabetic() => {
                let digits = c.is_ascii_digit();
                let mut end = byte + 1;
                while let Some((_, (b, next))) = chars.peek() {
                    let same = if digits {
                        next.is_ascii_digit() || *next == '.'
                    } else {
                        next.is_ascii_alphabetic()
                    };
                    if !same {
                        break;
                    }
                    end = b + 1;
                    chars.next();
                }
                let word = &text[byte..end];
                Token {
                    kind: if digits {
                        Kind::Number
                    } else {
                        Kind::Word(word.to_ascii_lowercase())
                    },
                    text: word,
                    byte,
                    column,
                }
            }
            _ => {
                return Err(TermsError::Syntax {
                    text: text.to_owned(),
                    column,
                    byte,
                    expected: "a number, a word, '/', '%' or ','".to_owned(),
                    found: format!("{c:?}"),
                });
            }
        };
        tokens.push(token);
    }
    Ok(tokens)
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<&Token<'a>> {
        self.tokens.get(self.next)
    }

    fn peek_at(&self, ahead: usize) -> Option<&Token<'a>> {
        self.tokens.get(self.next + ahead)
    }

    fn is_word(&self, ahead: usize, words: &[&str]) -> bool {
        matches!(self.peek_at(ahead), Some(Token { kind: Kind::Word(w), .. }) if words.contains(&w.as_str()))
    }

    fn is_kind(&self, ahead: usize, kind: &Kind) -> bool {
        self.peek_at(ahead).is_some_and(|t| &t.kind == kind)
    }

    fn error(&self, expected: &str) -> TermsError {
        let (column, byte, found) = match self.peek() {
            Some(token) => (
                token.column,
                token.byte,
                format!("{:?}", b2b_core::excerpt(token.text)),
            ),
            None => (
                self.text.chars().count() + 1,
                self.text.len(),
                "end of text".to_owned(),
            ),
        };
        TermsError::Syntax {
            text: self.text.to_owned(),
            column,
            byte,
            expected: expected.to_owned(),
            found,
        }
    }

    fn invalid(&self, problem: Problem) -> TermsError {
        TermsError::Invalid {
            text: self.text.to_owned(),
            problem,
        }
    }

    /// Consumes one of `words` or fails expecting `expected`.
    fn word(&mut self, words: &[&str], expected: &str) -> Result<(), TermsError> {
        if self.is_word(0, words) {
            self.next += 1;
            Ok(())
        } else {
            Err(self.error(expected))
        }
    }

    fn optional_word(&mut self, words: &[&str]) -> bool {
        let found = self.is_word(0, words);
        if found {
            self.next += 1;
        }
        found
    }

    /// terms := part (("," | ";") part)*
    fn terms(&mut self) -> Result<Vec<(Option<Percent>, Due)>, TermsError> {
        if self.peek().is_none() {
            return Err(self.error(START));
        }
        let mut parts = vec![self.part()?];
        while self.peek().is_some() {
            if !self.is_kind(0, &Kind::Separator) {
                return Err(self.error("',' before another instalment, or the end"));
            }
            self.next += 1;
            parts.push(self.part()?);
        }
        Ok(parts)
    }

    /// part := [number "%"] due
    fn part(&mut self) -> Result<(Option<Percent>, Due), TermsError> {
        let share = if self.is_kind(0, &Kind::Number) && self.is_kind(1, &Kind::PercentSign) {
            let share = self.percent()?;
            self.next += 1;
            Some(share)
        } else {
            None
        };
        Ok((share, self.due()?))
    }

    fn due(&mut self) -> Result<Due, TermsError> {
        if self.optional_word(&["due"]) {
            self.word(&["on", "upon"], "\"on\" (as in \"due on receipt\")")?;
            self.word(&["receipt"], "\"receipt\"")?;
            return Ok(Due::OnReceipt);
        }
        if self.optional_word(&["cia"]) {
            return Ok(Due::CashInAdvance);
        }
        if self.optional_word(&["cwo"]) {
            return Ok(Due::CashWithOrder);
        }
        if self.optional_word(&["cod"]) {
            return Ok(Due::CashOnDelivery);
        }
        if self.optional_word(&["cash"]) {
            return self.cash();
        }
        if self.is_word(0, &["net", "n"]) {
            let days = self.net()?;
            let end_of_month = self.optional_word(&["eom", "prox", "proximo"]);
            return Ok(Due::Net {
                days,
                end_of_month,
                discount: None,
            });
        }
        if self.is_kind(0, &Kind::Number) {
            if self.is_kind(1, &Kind::Slash) {
                return self.discounted();
            }
            if self.is_word(1, &["eom", "prox", "proximo"]) {
                let day = self.whole_number()?;
                self.next += 1;
                let day = day
                    .parse::<u8>()
                    .ok()
                    .filter(|d| (1..=31).contains(d))
                    .ok_or_else(|| self.invalid(Problem::DayOfMonthOutOfRange { day }))?;
                return Ok(Due::DayOfNextMonth { day });
            }
            self.next += 1;
            return Err(self.error(
                "'/' (a discount such as 2/10), '%' (a share such as 30%) or EOM (as in 10 EOM)",
            ));
        }
        Err(self.error(START))
    }

    /// After "cash": "in advance" | "with order" | "on delivery".
    fn cash(&mut self) -> Result<Due, TermsError> {
        let expected = "\"in advance\", \"with order\" or \"on delivery\"";
        if self.optional_word(&["in"]) {
            self.word(&["advance"], "\"advance\"")?;
            Ok(Due::CashInAdvance)
        } else if self.optional_word(&["with"]) {
            self.word(&["order"], "\"order\"")?;
            Ok(Due::CashWithOrder)
        } else if self.optional_word(&["on"]) {
            self.word(&["delivery"], "\"delivery\"")?;
            Ok(Due::CashOnDelivery)
        } else {
            Err(self.error(expected))
        }
    }

    /// percent "/" days [EOM] [","] net [EOM]
    fn discounted(&mut self) -> Result<Due, TermsError> {
        let percent = self.percent()?;
        self.next += 1; // the slash
        if !self.is_kind(0, &Kind::Number) {
            return Err(self.error("the discount period in days (as in 2/10)"));
        }
        let discount_days = self.days()?;
        let mut end_of_month = self.optional_word(&["eom", "prox", "proximo"]);
        if self.is_kind(0, &Kind::Separator) && self.is_word(1, &["net", "n"]) {
            self.next += 1;
        }
        if !self.is_word(0, &["net", "n"]) {
            return Err(self.error("\"net\" and the net period (as in 2/10 net 30)"));
        }
        let days = self.net()?;
        end_of_month |= self.optional_word(&["eom", "prox", "proximo"]);
        Ok(Due::Net {
            days,
            end_of_month,
            discount: Some(Discount {
                percent,
                days: discount_days,
            }),
        })
    }

    /// ("net" | "n") ["/"] days ["days" | "day"]
    fn net(&mut self) -> Result<u32, TermsError> {
        self.next += 1; // "net" or "n", checked by the caller
        if self.is_kind(0, &Kind::Slash) {
            self.next += 1;
        }
        if !self.is_kind(0, &Kind::Number) {
            return Err(self.error("the net period in days (as in net 30)"));
        }
        let days = self.days()?;
        self.optional_word(&["days", "day"]);
        Ok(days)
    }

    fn days(&mut self) -> Result<u32, TermsError> {
        let digits = self.whole_number()?;
        match digits.parse::<u32>() {
            Ok(days) if days <= MAX_DAYS => Ok(days),
            // Said with the digits as written, never a saturated number the
            // notation did not state.
            _ => Err(self.invalid(Problem::TooManyDays { days: digits })),
        }
    }

    /// The digits of a whole number at the current token (without leading
    /// zeros, any length), consumed.
    fn whole_number(&mut self) -> Result<String, TermsError> {
        let Some(token) = self.peek() else {
            return Err(self.error("a whole number of days"));
        };
        if token.text.is_empty() || !token.text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(self.error("a whole number of days"));
        }
        let digits = token.text.trim_start_matches('0');
        let digits = if digits.is_empty() { "0" } else { digits }.to_owned();
        self.next += 1;
        Ok(digits)
    }

    /// A decimal percentage at the current token, consumed.
    fn percent(&mut self) -> Result<Percent, TermsError> {
        let Some(token) = self.peek() else {
            return Err(self.error("a percentage"));
        };
        match b2b_core::parse_decimal(token.text) {
            Ok(value) => {
                self.next += 1;
                Ok(Percent::new(value))
            }
            Err(_) => Err(self.error("a percentage such as 2 or 1.5")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::PaymentTerms;

    #[test]
    fn too_many_days_names_the_days_as_written() {
        for (notation, days) in [
            ("net 99999999999", "99999999999"),
            ("net 10000", "10000"),
            (
                "2/10 net 123456789012345678901234567890",
                "123456789012345678901234567890",
            ),
        ] {
            let err = notation.parse::<PaymentTerms>().expect_err(notation);
            let message = err.to_string();
            assert!(
                message.contains(&format!("{days} days is more than the 9999 days")),
                "{message}"
            );
            assert!(!message.contains("4294967295"), "{message}");
        }
        let err = "99999999999 EOM".parse::<PaymentTerms>().expect_err("day");
        assert!(
            err.to_string()
                .contains("the day of the month 99999999999 is not 1 to 31"),
            "{err}"
        );
    }
}

//! Slovakia: IČ DPH, 10 digits: either a valid rodné číslo (birth number,
//! as in Czechia) or a number not starting with 0 whose third digit is one
//! of 2 3 4 7 8 9 and which is divisible by 11.

use super::{Digits, InvalidId};
use crate::digits::modulo;

pub(super) fn validate(number: &str) -> Result<String, InvalidId> {
    Digits::any(10).check(number)?;
    if super::cz::birth_number(number).is_ok() {
        return Ok(number.to_owned());
    }
    if number.starts_with('0')
        || !matches!(
            number.as_bytes()[2],
            b'2' | b'3' | b'4' | b'7' | b'8' | b'9'
        )
    {
        return Err(InvalidId::Format(
            "10 digits, the first not 0, the third one of 2 3 4 7 8 9",
        ));
    }
    if modulo(number, 11) != 0 {
        return Err(InvalidId::CheckDigit(
            "Slovak IČ DPH: the number is divisible by 11",
        ));
    }
    Ok(number.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stdnum_examples() {
        // python-stdnum sk/dph.py docstring.
        assert!(validate("2022749619").is_ok());
        assert!(matches!(
            validate("2022749618"),
            Err(InvalidId::CheckDigit(_))
        ));
    }
}

//! Errors in a center, policy or scenario file, with the place they are at.

pub use b2b_core::At;

/// What is wrong with a file, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FileError {
    /// Not valid TOML, or a value of the wrong type or form (an unknown
    /// role or phase, an unknown field).
    #[error("{file}: {at}{message}")]
    Syntax {
        /// The file, as the caller named it.
        file: String,
        /// Line and column, when the parser knows them.
        at: At,
        /// The parser's message.
        message: String,
    },
    /// A value that is well-formed but wrong (a quorum no one can reach,
    /// a gap between amount bands).
    #[error("{file}: {at}{field}: {message}")]
    Invalid {
        /// The file, as the caller named it.
        file: String,
        /// Where the field is written, when it is.
        at: At,
        /// The field, as a dotted path (`rules[0].levels[1].quorum`).
        field: String,
        /// What is wrong.
        message: String,
    },
}

/// A field-level problem found while validating, before the file name and
/// position are attached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Invalid {
    pub field: String,
    pub message: String,
}

/// Shorthand for an [`Invalid`].
pub(crate) fn invalid(field: impl Into<String>, message: impl Into<String>) -> Invalid {
    Invalid {
        field: field.into(),
        message: message.into(),
    }
}

/// Reads TOML text into `T`, turning a parser error into [`FileError::Syntax`].
pub(crate) fn parse_toml<T: serde::de::DeserializeOwned>(
    text: &str,
    file: &str,
) -> Result<T, FileError> {
    b2b_core::exact_toml::from_str(text).map_err(|e| FileError::Syntax {
        file: file.to_owned(),
        at: At(e.span().map(|span| b2b_core::line_column(text, span.start))),
        message: e.message().trim_end().to_owned(),
    })
}

/// Attaches the file name and the field's position in `text` to a
/// validation problem.
pub(crate) fn locate(text: &str, file: &str, problem: Invalid) -> FileError {
    FileError::Invalid {
        file: file.to_owned(),
        at: At(b2b_core::toml_position(text, &problem.field)),
        field: problem.field,
        message: problem.message,
    }
}

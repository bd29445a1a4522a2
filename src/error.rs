//! Errors the CLI reports, and the exit code each maps to: 2 for anything the user can fix
//! (bad files, flags), 1 for runtime failures.

use std::fmt;

/// An error that ends a `wfcast` command.
#[derive(Debug, thiserror::Error)]
pub(crate) enum CliError {
    /// A problem in a scenario or data file (located), or a runtime failure of the engine.
    #[error("{0}")]
    Core(#[from] wfcast_core::Error),
    /// Results could not be written.
    #[error("error: {0}")]
    Report(#[from] wfcast_report::Error),
    /// A flag's value is wrong.
    #[error("{}", UsageDisplay { flag, message, help: help.as_deref() })]
    Usage {
        /// The flag, e.g. `--region`.
        flag: String,
        /// What is wrong and what was expected.
        message: String,
        /// How to fix it.
        help: Option<String>,
    },
}

/// A usage error as it is printed: `error: FLAG: MESSAGE`, then the help on its own line.
struct UsageDisplay<'a> {
    /// The flag, e.g. `--region`.
    flag: &'a str,
    /// What is wrong.
    message: &'a str,
    /// How to fix it.
    help: Option<&'a str>,
}

impl fmt::Display for UsageDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {}: {}", self.flag, self.message)?;
        if let Some(help) = self.help {
            write!(f, "\n  = help: {help}")?;
        }
        Ok(())
    }
}

impl CliError {
    /// The process exit code: 2 for user errors, 1 for runtime failures.
    pub(crate) fn exit_code(&self) -> u8 {
        match self {
            Self::Core(e) if e.is_user_error() => 2,
            Self::Usage { .. } => 2,
            Self::Core(_) | Self::Report(_) => 1,
        }
    }

    /// A problem with the value given to `flag`.
    pub(crate) fn usage(flag: &str, message: impl Into<String>, help: Option<String>) -> Self {
        Self::Usage {
            flag: flag.to_owned(),
            message: message.into(),
            help,
        }
    }
}

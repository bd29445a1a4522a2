//! One module per subcommand, each with the function `main` dispatches to. Commands share
//! their work through `session` (inputs, checks, workers) and `publish` (output files),
//! never through each other.

pub(crate) mod calibrate;
pub(crate) mod compare;
pub(crate) mod data;
pub(crate) mod init;
pub(crate) mod list;
pub(crate) mod markov;
pub(crate) mod merge;
pub(crate) mod plan;
pub(crate) mod run;
pub(crate) mod validate;

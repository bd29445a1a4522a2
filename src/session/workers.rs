//! The worker threads of `--threads`.

use wfcast_core::Error;

use crate::error::CliError;

/// The number of worker threads `--threads` asks for (default: every core).
pub(crate) fn thread_count(threads: Option<u16>) -> usize {
    threads.map_or_else(
        || std::thread::available_parallelism().map_or(1, usize::from),
        usize::from,
    )
}

/// The worker pool of `--threads` (default: every core), with its size.
pub(crate) fn worker_pool(threads: Option<u16>) -> Result<(usize, rayon::ThreadPool), CliError> {
    let threads = thread_count(threads);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| {
            CliError::Core(Error::Model(format!(
                "cannot start {threads} worker threads: {e}"
            )))
        })?;
    Ok((threads, pool))
}

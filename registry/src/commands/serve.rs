//! `charte-registry serve`: validated flags → [`Config`] → server until a signal.

use std::io::Write;
use std::time::Duration;

use anyhow::Result;

use crate::cli::ServeArgs;
use crate::config::Config;
use crate::server::serve_until_signal;

pub fn run(args: ServeArgs, stdout: &mut dyn Write) -> Result<()> {
    let mut config = Config::new(&args.db)
        .listen(args.listen)
        .max_body(args.max_body)
        .header_timeout(Duration::from_secs(args.header_timeout))
        .request_timeout(Duration::from_secs(args.request_timeout))
        .idle_timeout(Duration::from_secs(args.idle_timeout))
        .max_connections(args.max_connections)
        .max_buffered_bodies(args.max_buffered_bodies)
        .max_header_bytes(args.max_header_bytes)
        .pool_size(args.pool_size);
    if let Some(dir) = &args.catalogue {
        config = config.catalogue(dir);
    }
    if let Some(per_minute) = args.rate_limit {
        config = config.rate_limit(per_minute);
    }
    if let Some(bytes) = args.max_db_size {
        config = config.max_db_size(bytes);
    }
    if let Some(path) = &args.log_key {
        config = config.log_key(crate::log::read_signer(path)?);
    }
    serve_until_signal(config, |addr| {
        // Scripts and tests using port 0 read the address from this line.
        let _ = writeln!(stdout, "listening on http://{addr}").and_then(|()| stdout.flush());
    })
}

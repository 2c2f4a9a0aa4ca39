//! `kafkalint audit` (being written).
use clap::Args;

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Comma-separated host:port list.
    #[arg(long)]
    pub bootstrap_servers: String,
    #[command(flatten)]
    pub output: crate::cli::OutputArgs,
}

pub fn run(_args: &AuditArgs) -> u8 {
    2
}

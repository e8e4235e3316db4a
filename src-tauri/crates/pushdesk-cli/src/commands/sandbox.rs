//! `pushdesk sandbox serve`

use std::time::Duration;

use pushdesk_sandbox::SandboxConfig;

use crate::cli::SandboxCommand;
use crate::error::CliError;

/// Runs the simulator in the foreground.
pub fn run(command: SandboxCommand) -> Result<(), CliError> {
    match command {
        SandboxCommand::Serve { port, latency_ms, fault_rate } => {
            if !(0.0..=1.0).contains(&fault_rate) {
                return Err(CliError::Usage(format!(
                    "--fault-rate must be between 0 and 1, got {fault_rate}"
                )));
            }
            let config = SandboxConfig {
                latency: Duration::from_millis(latency_ms),
                fault_rate,
                ..SandboxConfig::default()
            };
            let runtime = tokio::runtime::Runtime::new()?;
            runtime.block_on(pushdesk_sandbox::serve(port, config))?;
            Ok(())
        }
    }
}

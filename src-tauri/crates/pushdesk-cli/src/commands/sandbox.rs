//! `pushdesk sandbox serve`

use std::time::Duration;

use pushdesk_sandbox::SandboxConfig;

use crate::cli::SandboxCommand;
use crate::error::CliError;

/// Runs the simulator in the foreground.
pub fn run(command: SandboxCommand) -> Result<(), CliError> {
    match command {
        SandboxCommand::Serve { port, latency_ms, fault_rate, after_delivery_fault_rate } => {
            for (flag, rate) in
                [("--fault-rate", fault_rate), ("--after-delivery-fault-rate", after_delivery_fault_rate)]
            {
                if !(0.0..=1.0).contains(&rate) {
                    return Err(CliError::Usage(format!("{flag} must be between 0 and 1, got {rate}")));
                }
            }
            let config = SandboxConfig {
                latency: Duration::from_millis(latency_ms),
                fault_rate,
                after_delivery_fault_rate,
                ..SandboxConfig::default()
            };
            let runtime = tokio::runtime::Runtime::new()?;
            runtime.block_on(pushdesk_sandbox::serve(port, config))?;
            Ok(())
        }
    }
}

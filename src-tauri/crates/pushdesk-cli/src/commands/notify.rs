//! `pushdesk notify show|set|test`
use pushdesk_core::desk::NoticeSettingsInput;
use pushdesk_core::notify::RobotKind;
use pushdesk_core::store::StoreAddress;

use super::context::{read_secret, Context};
use crate::cli::NotifyCommand;
use crate::error::CliError;

/// The environment variable that supplies the robot's webhook address (it carries its key).
const WEBHOOK_ENV: &str = "PUSHDESK_ROBOT_WEBHOOK";

/// Runs a notify command.
pub fn run(at: &StoreAddress, command: NotifyCommand) -> Result<(), CliError> {
    let ctx = Context::open(at, false)?;
    let desk = &ctx.desk;
    match command {
        NotifyCommand::Show => {
            let s = ctx.runtime.block_on(desk.notice_settings())?;
            println!("desktop notifications: {}", if s.desktop { "on" } else { "off" });
            match s.robot {
                Some(kind) => println!(
                    "group robot: {} (webhook {})",
                    kind.as_str(),
                    if s.robot_saved { "saved in the keyring" } else { "missing" }
                ),
                None => println!("group robot: none"),
            }
            if let Some(last) = s.last_robot {
                match last.error_en {
                    None => println!("last robot notice: delivered"),
                    Some(e) => println!("last robot notice: failed: {e}"),
                }
            }
            Ok(())
        }
        NotifyCommand::Set { robot, desktop, keep_webhook } => {
            let robot = RobotKind::parse(&robot);
            let webhook = match (robot, keep_webhook) {
                (Some(_), false) => Some(match std::env::var(WEBHOOK_ENV).ok().filter(|w| !w.is_empty()) {
                    Some(url) => url,
                    None => read_secret("webhook address: ")?.expose().clone(),
                }),
                _ => None,
            };
            let input = NoticeSettingsInput { desktop: desktop == "on", robot, webhook };
            ctx.runtime.block_on(desk.save_notice_settings(input))?;
            println!("saved");
            Ok(())
        }
        NotifyCommand::Test => {
            let delivery = ctx.runtime.block_on(desk.test_robot())?;
            match delivery.error_en {
                None => {
                    println!("the robot took the test notice");
                    Ok(())
                }
                Some(e) => Err(CliError::Failed(e)),
            }
        }
    }
}

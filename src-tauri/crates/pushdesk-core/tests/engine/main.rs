//! The send engine against the sandbox over loopback: faults on both sides of delivery,
//! limits, pauses, crashes and the lifecycle's use cases, with the sandbox counting what was
//! really delivered.

mod atomic;
mod audit;
mod crash;
mod dashboard;
mod delivery;
mod faults;
mod history;
mod lifecycle;
mod notices;
mod official;
mod page;
mod problems_file;
mod receipts;
mod receiver;
mod schedule;
mod team;
mod world;

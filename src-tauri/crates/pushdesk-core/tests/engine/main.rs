//! The send engine against the sandbox over loopback: faults, limits, pauses and crashes, with
//! the sandbox counting what was really delivered.

mod crash;
mod faults;
mod lifecycle;
mod world;

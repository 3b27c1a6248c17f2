//! The server's integration tests as one test binary: each module is one feature, driven through
//! the real HTTP router on a real SQLite file (see `common`). One binary links once, which keeps
//! builds quick and small on disk.

mod common;

mod access;
mod age;
mod agenda;
mod auth;
mod coach;
mod erase;
mod export;
mod follow_up;
mod former;
mod http;
mod mail;
mod matrix;
mod plain;
mod prepare;
mod profile;
mod public;
mod retention;
mod school;
mod seen;
mod session;
mod supporter;
mod sync;
mod trust;

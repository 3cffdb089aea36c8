//! League of Legends app logic, shared by the page (wasm), the proxy and the eval CLI.

pub mod riot;

mod notify;
pub use notify::Notify;

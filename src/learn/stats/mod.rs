//! Running statistics, one per file, each updated one value at a time in O(1).

mod ewmean;
mod ewvar;
mod mean;
mod quantile;
mod var;

pub use ewmean::EWMean;
pub use ewvar::EWVar;
pub use mean::Mean;
pub use quantile::Quantile;
pub use var::Var;

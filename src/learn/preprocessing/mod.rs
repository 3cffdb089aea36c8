//! Preprocessing: feature scalers, one-hot encoding, feature hashing, target scaling.

mod feature_hasher;
mod maxabs_scaler;
mod one_hot;
mod standard_scaler;
mod target_standard_scaler;

pub use feature_hasher::FeatureHasher;
pub use maxabs_scaler::MaxAbsScaler;
pub use one_hot::{one_hot_key, OneHotEncoder};
pub use standard_scaler::StandardScaler;
pub use target_standard_scaler::TargetStandardScaler;

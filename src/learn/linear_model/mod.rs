//! Linear models.

mod linear_regression;
mod logistic_regression;

pub use linear_regression::LinearRegression;
pub use logistic_regression::{sigmoid, LogisticRegression};

//! Linear models.

mod linear_regression;

pub use linear_regression::LinearRegression;

//! A count of people as each realisation of the model holds it: whole people in the Monte
//! Carlo engine, expected (fractional) people in the expected-value engine.

use std::ops::{Add, Sub};

/// A number of people.
pub(crate) trait Count: Copy + Add<Output = Self> + Sub<Output = Self> {
    /// The count of `x` people, where `x` is already whole for whole-people counts.
    fn from_f64(x: f64) -> Self;
    /// The count as a number, for records and sums.
    fn to_f64(self) -> f64;
}

impl Count for u64 {
    fn from_f64(x: f64) -> Self {
        x as u64
    }

    fn to_f64(self) -> f64 {
        self as f64
    }
}

impl Count for f64 {
    fn from_f64(x: f64) -> Self {
        x
    }

    fn to_f64(self) -> f64 {
        self
    }
}

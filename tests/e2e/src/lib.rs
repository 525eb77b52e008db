//! Empty library: this crate only holds the end-to-end tests in `tests/`.

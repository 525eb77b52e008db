//! `kubectl` and the shell: everything between a typed line and the text the
//! console shows. This layer reads and drives the cluster; it has no web
//! dependency. So far it holds the output primitives every printer uses.

pub mod age;
pub mod pod_row;
pub mod rows;
pub mod table;

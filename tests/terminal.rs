//! The native binary: the terminal version of the simulator.
#![cfg(not(target_arch = "wasm32"))]

use std::process::Command;

#[test]
fn the_native_binary_says_in_french_that_the_terminal_version_is_not_there_yet() {
    let output = Command::new(env!("CARGO_BIN_EXE_kube-atelier")).output().unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1, "one line: {stdout:?}");
    assert!(stdout.starts_with("Atelier Kubernetes\u{a0}: "), "{stdout:?}");
    assert!(output.stderr.is_empty());
}

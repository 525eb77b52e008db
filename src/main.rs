//! One binary, two worlds: in the browser (wasm32) it mounts the web app; natively
//! it will run the terminal version of the simulator on the same engine.

#[cfg(target_arch = "wasm32")]
fn main() {
    kube_atelier::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    // The terminal version comes with the `kubectl` and shell layer; until then,
    // say so plainly rather than pretend.
    println!(
        "Atelier Kubernetes\u{a0}: la version terminal du simulateur n’est pas encore disponible\u{a0}; \
         lancez le site avec «\u{a0}scripts/serve.sh\u{a0}»."
    );
}

//! `kubectl config`: the course's single minikube context, whose namespace
//! `set-context --current --namespace` changes.

use super::Ctx;
use super::flags::{Arg, Flag, flag};
use super::output::Output;

pub(crate) const FLAGS: &[Flag] = &[
    flag("current", None, Arg::Bool),
    flag("minify", None, Arg::Bool),
    flag("raw", None, Arg::Bool),
    flag("output", Some('o'), Arg::Text),
    flag("template", None, Arg::Text),
    flag("allow-missing-template-keys", None, Arg::Bool),
    flag("no-headers", None, Arg::Bool),
];

pub const CONTEXT: &str = "minikube";

pub fn run(ctx: &mut Ctx, args: &[String]) -> Output {
    let Some((sub, rest)) = args.split_first() else {
        return Output::fail(super::help::for_command(ctx.docs, "config"));
    };
    let command = format!("config {sub}");
    // `--namespace` belongs to set-context here, not to the global flags.
    let p = match super::parse(rest, FLAGS, &command) {
        Ok(p) => p,
        Err(o) => return o,
    };
    match sub.as_str() {
        "current-context" => Output::ok(format!("{CONTEXT}\n")),
        "get-contexts" => {
            // get_contexts.go: only '' and 'name' are output formats here.
            let output = p.text_or("output", "");
            if !matches!(output, "" | "name") {
                return Output::fail(format!(
                    "error: --output {output} is not available in kubectl config get-contexts; resetting to default output format\n"
                ));
            }
            // The named contexts that exist are printed; each missing one is an
            // error after them.
            let shown = p.args.is_empty() || p.args.iter().any(|n| n == CONTEXT);
            let mut out = Output::new();
            if output == "name" {
                if shown {
                    out.out(format!("{CONTEXT}\n"));
                }
            } else {
                let mut rows = vec![
                    vec!["CURRENT".into(), "NAME".into(), "CLUSTER".into(), "AUTHINFO".into(), "NAMESPACE".into()],
                ];
                if shown {
                    rows.push(vec!["*".into(), CONTEXT.into(), CONTEXT.into(), CONTEXT.into(), ctx.config.namespace.clone()]);
                }
                let refs: Vec<&Vec<String>> = rows.iter().skip(usize::from(p.bool("no-headers"))).collect();
                out.out(super::table::render_cells(&refs));
            }
            // One error is 'error: …'; several are an aggregate, printed a line
            // each without the prefix (cmdutil's MultipleErrors).
            let missing: Vec<&String> = p.args.iter().filter(|n| *n != CONTEXT).collect();
            let prefix = if missing.len() == 1 { "error: " } else { "" };
            for name in missing {
                out.err(format!("{prefix}context {name} not found\n"));
                out.code = 1;
            }
            out
        }
        "use-context" => match p.args.first() {
            Some(n) if n == CONTEXT => Output::ok(format!("Switched to context \"{CONTEXT}\".\n")),
            Some(n) => Output::fail(format!("error: no context exists with the name: \"{n}\"\n")),
            None => Output::fail("error: empty context names are not allowed\n"),
        },
        "set-context" => {
            let target = p.args.first().map(String::as_str);
            if !p.bool("current") && target != Some(CONTEXT) {
                return match target {
                    None => Output::fail("error: you must specify a non-empty context name or --current\n"),
                    Some(n) => Output::fail(format!(
                        "error: « {n} » : le simulateur n’a qu’un contexte, « {CONTEXT} » ; utilisez --current.\n"
                    )),
                };
            }
            if let Some(ns) = p.text("namespace") {
                ctx.config.namespace = ns.to_string();
            }
            Output::ok(format!("Context \"{CONTEXT}\" modified.\n"))
        }
        "view" => {
            let format = match super::printers::parse_format(&p, ctx.files, super::printers::PrintFlags::Generic) {
                Ok(f) => f,
                Err(o) => return o,
            };
            let config = kubeconfig(&ctx.config.namespace);
            use super::printers::Format;
            match format {
                // kubectl prints its own Config struct: JSON in field order,
                // YAML through JSON-to-YAML, which sorts the keys.
                Format::Json => Output::ok(super::yaml::to_json_text_ordered(&config)),
                f @ (Format::JsonPath(_) | Format::GoTemplate(_)) => {
                    super::printers::print_template(&f, &config).unwrap_or_default()
                }
                _ => Output::ok(super::yaml::to_yaml(&super::yaml::sort_keys(&config))),
            }
        }
        "get-clusters" => Output::ok(format!("NAME\n{CONTEXT}\n")),
        "get-users" => Output::ok(format!("NAME\n{CONTEXT}\n")),
        "-h" | "--help" => Output::ok(super::help::for_command(ctx.docs, "config")),
        other => {
            Output::fail(format!("error: unknown command \"{other}\"\nSee 'kubectl config -h' for help and examples\n"))
        }
    }
}

/// The kubeconfig minikube writes, with the current namespace, in the
/// field order of client-go's `Config` (what `-o json` prints).
fn kubeconfig(namespace: &str) -> serde_json::Value {
    let extension = |name: &str| {
        serde_json::json!([{
            "name": name,
            "extension": {
                "last-update": "Mon, 02 Mar 2026 09:00:00 UTC",
                "provider": "minikube.sigs.k8s.io",
                "version": "v1.35.0"
            }
        }])
    };
    serde_json::json!({
        "kind": "Config",
        "apiVersion": "v1",
        "preferences": {},
        "clusters": [{
            "name": CONTEXT,
            "cluster": {
                "server": "https://192.168.49.2:8443",
                "certificate-authority": "/home/atelier/.minikube/ca.crt",
                "extensions": extension("cluster_info")
            }
        }],
        "users": [{
            "name": CONTEXT,
            "user": {
                "client-certificate": "/home/atelier/.minikube/profiles/minikube/client.crt",
                "client-key": "/home/atelier/.minikube/profiles/minikube/client.key"
            }
        }],
        "contexts": [{
            "name": CONTEXT,
            "context": {
                "cluster": CONTEXT,
                "user": CONTEXT,
                "namespace": namespace,
                "extensions": extension("context_info")
            }
        }],
        "current-context": CONTEXT
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(args: &[&str]) -> String {
        let mut s = crate::shell::Session::new(1, 0);
        s.input("kubectl config set-context --current --namespace=atelier");
        let line = format!("kubectl config view {}", args.join(" "));
        s.input(&line).output.text()
    }

    #[test]
    fn view_prints_the_kubeconfig_in_each_format() {
        let yaml = view(&[]);
        assert!(yaml.starts_with("apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority: /home/atelier/.minikube/ca.crt\n"), "{yaml}");
        assert!(yaml.contains("    namespace: atelier\n    user: minikube\n  name: minikube\ncurrent-context: minikube\nkind: Config\npreferences: {}\nusers:\n"), "{yaml}");
        assert_eq!(view(&["--minify", "-o", "jsonpath={..namespace}"]), "atelier");
        assert_eq!(view(&["-o", "jsonpath='{.contexts[0].context.namespace}'"]), "atelier");
        assert!(view(&["-o", "json"]).starts_with("{\n    \"kind\": \"Config\",\n    \"apiVersion\": \"v1\",\n    \"preferences\": {},\n"));
    }
}

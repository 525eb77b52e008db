//! The kubeconfig is a file (`~/.kube/config`): kubectl's `config` commands
//! write it as the real client writes a kubeconfig, and a file the learner
//! edits is read back, its mistakes refused in client-go's words. Checked
//! against the real kubectl 1.32 client on a scratch KUBECONFIG that starts
//! as the session's file.
#![cfg(not(target_arch = "wasm32"))]

use std::process::Command;

use kube_atelier::shell::Session;

const FILE: &str = "/home/atelier/.kube/config";

/// Real kubectl's (stdout, stderr, code) for each command on a kubeconfig that
/// starts as `start`, then the file it leaves.
fn real(start: &str, commands: &[&str]) -> Option<(Vec<(String, String, i32)>, String)> {
    let kubectl = std::path::Path::new("/usr/bin/kubectl");
    if !kubectl.exists() {
        assert!(
            std::env::var_os("ATELIER_SKIP_KUBECTL_PARITY").is_some(),
            "/usr/bin/kubectl (kubectl 1.32) is missing"
        );
        return None;
    }
    let dir = std::env::temp_dir().join(format!("atelier-kubeconfig-{}-{}", std::process::id(), start.len()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("config");
    std::fs::write(&path, start).unwrap();
    let answers: Vec<(String, String, i32)> = commands
        .iter()
        .map(|c| {
            let o = Command::new(kubectl).args(c.split_whitespace()).env("KUBECONFIG", &path).output().unwrap();
            let stderr: String = String::from_utf8_lossy(&o.stderr)
                .split_inclusive('\n')
                .filter(|l| !l.contains("memcache.go:"))
                .collect();
            (String::from_utf8_lossy(&o.stdout).into_owned(), stderr, o.status.code().unwrap_or(-1))
        })
        .collect();
    let file = std::fs::read_to_string(&path).unwrap_or_default();
    // Messages name the file: ours is the learner's.
    let here = path.to_string_lossy().into_owned();
    let answers = answers
        .into_iter()
        .map(|(o, e, c): (String, String, i32)| (o.replace(&here, FILE), e.replace(&here, FILE), c))
        .collect();
    let _ = std::fs::remove_dir_all(&dir);
    Some((answers, file))
}

fn ours(session: &mut Session, commands: &[&str]) -> (Vec<(String, String, i32)>, String) {
    let answers = commands
        .iter()
        .map(|c| {
            let o = session.input(&format!("kubectl {c}")).output;
            (o.stdout(), o.stderr(), o.code)
        })
        .collect();
    (answers, session.files.read(FILE).unwrap_or_default().to_string())
}

#[test]
fn config_commands_write_the_file_as_kubectl_does() {
    let mut session = Session::new(1, 0);
    let start = session.files.read(FILE).expect("minikube's kubeconfig").to_string();
    assert!(start.starts_with(
        "apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority: /home/atelier/.minikube/ca.crt\n"
    ));
    let commands = [
        "config set-context --current --namespace=atelier",
        "config set-cluster dev --server=https://10.0.0.1:6443 --insecure-skip-tls-verify",
        "config set-credentials bob --token=secret",
        "config set-context dev --cluster=dev --user=bob --namespace=development",
        "config set-context empty",
        "config use-context dev",
        "config rename-context dev development",
        "config get-contexts",
        "config view",
        "config delete-context empty",
        "config delete-user bob",
        "config use-context minikube",
    ];
    let Some(theirs) = real(&start, &commands) else { return };
    assert_eq!(ours(&mut session, &commands), theirs);
}

#[test]
fn an_edited_file_is_read_back_and_its_mistakes_are_kubectls() {
    let cases = [
        "apiVersion: v1\nclusters:\n- cluster\n   server: x\n  name: a\n",
        "apiVersion: v1\nclusters: hello\n",
        "hello\n",
        "apiVersion: v1\nclusters:\n- 5\n",
        "apiVersion: v1\nclusters:\n- name: 5\n",
        "apiVersion: v1\nclusters:\n- name: a\n  cluster: 5\n",
        "current-context: [a]\n",
        "",
        "foo: bar\n",
        "apiVersion: v1\nkind: Config\ncurrent-context: nope\n",
        "apiVersion: v1\ncontexts:\n- name: x\n  context: {cluster: c, namespace: team}\ncurrent-context: x\n",
    ];
    let commands = ["config view", "config current-context", "config get-contexts", "version --client"];
    for text in cases {
        let mut session = Session::new(1, 0);
        session.files.write(FILE, text).unwrap();
        let Some((mut theirs, file)) = real(text, &commands) else { return };
        // The machine's client is a distribution build (`v1.32.4-dispatcher`).
        theirs[3].0 = theirs[3].0.replace("-dispatcher", "");
        let (answers, ours_file) = ours(&mut session, &commands);
        assert_eq!(answers, theirs, "kubeconfig:\n{text}");
        assert_eq!(ours_file, file, "nothing writes the file back");
    }
    // Without a file, kubectl writes a new one.
    let mut session = Session::new(1, 0);
    session.input("rm ~/.kube/config");
    assert_eq!(session.input("kubectl config current-context").output.stderr(), "error: current-context is not set\n");
    session.input("kubectl config set-context dev --namespace=development");
    assert!(session.files.read(FILE).unwrap().contains("  name: dev\ncurrent-context: \"\"\n"));
}

#[test]
fn config_set_and_unset_walk_the_kubeconfig_as_kubectl_does() {
    let mut session = Session::new(1, 0);
    let start = session.files.read(FILE).unwrap().to_string();
    let commands = [
        "config set clusters.dev.server https://1.2.3.4",
        "config set contexts.x.namespace team",
        "config set contexts.x.cluster dev",
        "config set current-context x",
        "config set users.bob.token abc",
        "config set users.bob.act-as admin",
        "config set clusters.dev.insecure-skip-tls-verify true",
        "config set clusters.dev.insecure-skip-tls-verify maybe",
        "config set clusters.dev.nope 1",
        "config set contexts.y.bogus 1",
        "config set hello 1",
        "config set clusters 1",
        "config set clusters.dev.certificate-authority-data Zm9v",
        "config set clusters.dev.certificate-authority-data !!!",
        "config set clusters.dev.certificate-authority-data abcde",
        "config set users.bob.client-key-data raw --set-raw-bytes",
        "config set users.bob.exec.command foo",
        "config set kind x",
        "config set clusters.dev",
        "config set a b c",
        "config view --raw",
        "config unset contexts.x.namespace",
        "config unset users.nobody.token",
        "config unset clusters.dev.nope",
        "config unset nope",
        "config unset",
        "config unset users.bob",
        "config unset current-context",
        "config get-contexts",
    ];
    let Some((theirs, file)) = real(&start, &commands) else { return };
    // Go prints the map's pointers: their values are the process's own.
    let addresses = regex_lite::Regex::new("0xc[0-9a-f]+").unwrap();
    let plain = |answers: Vec<(String, String, i32)>| -> Vec<(String, String, i32)> {
        answers.into_iter().map(|(o, e, c)| (o, addresses.replace_all(&e, "0xADDR").into_owned(), c)).collect()
    };
    let (answers, ours_file) = ours(&mut session, &commands);
    assert_eq!(plain(answers), plain(theirs));
    assert_eq!(ours_file, file);
}

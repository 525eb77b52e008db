//! The seed course's applications and commands, as a learner meets them:
//! the guestbook storing its entries in redis (and losing them with the redis
//! pod), WordPress and MySQL in one pod, the debug pod's DNS tools, the image
//! tags' own logs, the pod kubectl chooses behind a deployment, and the
//! API server's and kubelet's warnings.
#![cfg(not(target_arch = "wasm32"))]

use kube_atelier::lessons::new_session;
use kube_atelier::shell::Session;

fn run(s: &mut Session, line: &str) -> String {
    s.input(line).output.text()
}

/// The redis + guestbook lab up to the frontend answering through its LoadBalancer IP.
fn guestbook() -> (Session, String) {
    let mut s = new_session(3);
    for f in ["redis-pod.yaml", "redis-service.yaml", "guestbook-pod.yaml", "guestbook-service.yaml"] {
        run(&mut s, &format!("kubectl apply -f {f}"));
    }
    s.tick(20.0);
    run(&mut s, "minikube tunnel &");
    let ip = run(&mut s, "kubectl get svc frontend -o jsonpath='{.status.loadBalancer.ingress[0].ip}'");
    assert!(ip.starts_with("10."), "{ip}");
    (s, ip)
}

#[test]
fn the_guestbook_keeps_its_entries_in_redis_until_the_redis_pod_is_recreated() {
    let (mut s, ip) = guestbook();
    assert_eq!(run(&mut s, &format!("curl http://{ip}:3000/lrange/guestbook")), "[]");
    assert_eq!(run(&mut s, &format!("curl http://{ip}:3000/rpush/guestbook/bonjour")), "[\n  \"bonjour\"\n]");
    assert_eq!(
        run(&mut s, &format!("curl http://{ip}:3000/rpush/guestbook/hello%20world")),
        "[\n  \"bonjour\",\n  \"hello world\"\n]"
    );
    // The same list, seen from redis itself, and through the service from
    // another pod's redis-cli (the redis container of a two-container pod).
    assert_eq!(run(&mut s, "kubectl exec redis -- redis-cli lrange guestbook 0 -1"), "bonjour\nhello world\n");
    run(&mut s, "kubectl apply -f rancher-demo-pod.yaml");
    s.tick(20.0);
    assert_eq!(
        run(&mut s, "kubectl exec rancher-demo-pod -c redis-container -- redis-cli -h redis lrange guestbook 0 -1"),
        "bonjour\nhello world\n"
    );
    // Its own redis, without -h, is another server: the list is not there.
    assert_eq!(run(&mut s, "kubectl exec rancher-demo-pod -c redis-container -- redis-cli llen guestbook"), "0\n");
    // The page is static; it says it waits for the database until its script has read the list.
    assert!(run(&mut s, &format!("curl http://{ip}:3000/")).contains("<p>Waiting for database connection...</p>"));

    run(&mut s, "kubectl delete pod redis");
    s.tick(5.0);
    let down = run(&mut s, &format!("curl http://{ip}:3000/lrange/guestbook"));
    let redis_ip = run(&mut s, "kubectl get svc redis -o jsonpath={.spec.clusterIP}");
    assert!(down.starts_with(&format!("PANIC: dial tcp {redis_ip}:6379: connect: connection refused\n")), "{down}");

    run(&mut s, "kubectl apply -f redis-pod.yaml");
    s.tick(15.0);
    assert_eq!(run(&mut s, &format!("curl http://{ip}:3000/lrange/guestbook")), "[]", "no volume: the entries are gone");

    // Its request log names the address the client called, not the redis service.
    let logs = run(&mut s, "kubectl logs guestbook");
    assert!(logs.contains(&format!(" | 200 | \t 1.070653ms | {ip}:3000 | GET /rpush/guestbook/bonjour\n")), "{logs}");
    assert!(logs.contains(&format!("[negroni] PANIC: dial tcp {redis_ip}:6379: connect: connection refused\n")));
    assert!(!logs.contains(&format!("{redis_ip}:3000")));
}

#[test]
fn redis_cli_keeps_keys_for_the_life_of_its_container() {
    let mut s = new_session(4);
    run(&mut s, "kubectl apply -f redis-pod.yaml");
    s.tick(15.0);
    assert_eq!(run(&mut s, "kubectl exec redis -- redis-cli set greeting bonjour"), "OK\n");
    assert_eq!(run(&mut s, "kubectl exec redis -- redis-cli get greeting"), "bonjour\n");
    assert_eq!(run(&mut s, "kubectl exec redis -- redis-cli keys '*'"), "greeting\n");
    run(&mut s, "kubectl delete pod redis");
    s.tick(5.0);
    run(&mut s, "kubectl apply -f redis-pod.yaml");
    s.tick(15.0);
    assert_eq!(run(&mut s, "kubectl exec redis -- redis-cli get greeting"), "\n", "a new container starts empty");
}

#[test]
fn wordpress_answers_once_mysql_in_its_pod_accepts_connections() {
    let mut s = new_session(5);
    assert_eq!(run(&mut s, "kubectl create -f wordpress-pod.yaml"), "pod/wp created\n");
    s.tick(12.0);
    run(&mut s, "kubectl port-forward wp 8080:80 &");
    // MySQL 5.7 is still initializing its data directory.
    let early = run(&mut s, "curl http://localhost:8080/");
    assert!(early.contains("<h1>Error establishing a database connection</h1>"), "{early}");
    let out = s.input("kubectl exec wp -c mysql -- mysql -uroot -pmysqlpwd -e 'show databases;'").output;
    assert!(out.text().starts_with("ERROR 2002 (HY000): Can't connect to local MySQL server"), "{}", out.text());
    assert_eq!(out.code, 1);

    s.tick(20.0);
    // Ready: WordPress redirects to its installer (an empty body), which -L follows.
    assert_eq!(run(&mut s, "curl http://localhost:8080/"), "Handling connection for 8080\n");
    let out = s.input("kubectl exec -it wp -c mysql -- mysql -uroot -pmysqlpwd -e 'show databases;'").output;
    assert_eq!(
        out.text(),
        "mysql: [Warning] Using a password on the command line interface can be insecure.\n\
         Database\ninformation_schema\nmysql\nperformance_schema\nsys\n"
    );
    let denied = run(&mut s, "kubectl exec wp -c mysql -- mysql -uroot -pwrong -e 'show databases;'");
    assert!(denied.contains("ERROR 1045 (28000): Access denied for user 'root'@'localhost' (using password: YES)\n"));

    // The tags' own versions in the logs.
    let mysql = run(&mut s, "kubectl logs wp -c mysql");
    assert!(mysql.contains("[Note] [Entrypoint]: Entrypoint script for MySQL Server 5.7.44-1.el7 started.\n"));
    assert!(mysql.ends_with("Version: '5.7.44'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306  MySQL Community Server (GPL)\n"));
    assert!(run(&mut s, "kubectl logs wp -c wordpress").contains("Apache/2.4.25 (Debian) PHP/7.2.10 configured"));
}

#[test]
fn old_nginx_tags_log_and_answer_as_their_own_release() {
    let mut s = new_session(6);
    run(&mut s, "kubectl run www --image=nginx:1.12.2");
    run(&mut s, "kubectl run new --image=nginx:1.25");
    s.tick(20.0);
    assert_eq!(run(&mut s, "kubectl logs www"), "", "before 1.19, nginx's image says nothing at start");
    assert!(run(&mut s, "kubectl logs new").contains("[notice] 1#1: nginx/1.25.5\n"));
    assert_eq!(run(&mut s, "kubectl exec www -- nginx -v"), "nginx version: nginx/1.12.2\n");
    let ip = run(&mut s, "kubectl get pod www -o jsonpath={.status.podIP}");
    let page = run(&mut s, &format!("kubectl exec new -- curl -s http://{ip}/"));
    assert_eq!(page.len(), 612, "the welcome page before 1.21");
    assert!(page.contains("    body {\n        width: 35em;"));
    assert!(run(&mut s, "kubectl logs www").contains("\"GET / HTTP/1.1\" 200 612 "));
}

#[test]
fn the_debug_pod_resolves_services_as_busybox_does_on_a_cluster() {
    let mut s = new_session(7);
    for f in ["vote-pod.yaml", "vote-service-clusterIP.yaml", "pod-debug.yaml"] {
        run(&mut s, &format!("kubectl create -f {f}"));
    }
    s.tick(30.0);
    let svc_ip = run(&mut s, "kubectl get svc vote-service -o jsonpath={.spec.clusterIP}");
    let lookup = run(&mut s, "kubectl exec debug -- nslookup vote-service");
    assert!(lookup.starts_with("Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n"), "{lookup}");
    assert!(lookup.contains(&format!("Name:\tvote-service.default.svc.cluster.local\nAddress: {svc_ip}\n")));
    assert!(lookup.contains("** server can't find vote-service.svc.cluster.local: NXDOMAIN\n"));
    // A fully qualified name resolves; busybox does not expand a dotted name.
    assert!(run(&mut s, "kubectl exec debug -- nslookup vote-service.default.svc.cluster.local").contains(&svc_ip));
    let dotted = s.input("kubectl exec debug -- nslookup vote-service.default").output;
    assert!(dotted.text().contains("** server can't find vote-service.default: NXDOMAIN"));
    assert_eq!(dotted.code, 1);
    // getent uses the C library's resolver: ndots:5 and the search domains.
    assert_eq!(
        run(&mut s, "kubectl exec debug -- getent hosts vote-service.default"),
        format!("{svc_ip:<15} vote-service.default.svc.cluster.local  vote-service.default.svc.cluster.local\n")
    );
    // A pod answers pings; a service's virtual IP does not.
    let pod_ip = run(&mut s, "kubectl get pod vote -o jsonpath={.status.podIP}");
    let ping = s.input(&format!("kubectl exec debug -- ping -c 2 {pod_ip}")).output;
    assert!(ping.text().contains(&format!("64 bytes from {pod_ip}: seq=1 ttl=64")), "{}", ping.text());
    assert!(ping.text().contains("2 packets transmitted, 2 packets received, 0% packet loss"));
    let silent = s.input("kubectl exec debug -- ping -c 1 vote-service").output;
    assert!(silent.text().starts_with(&format!("PING vote-service ({svc_ip}): 56 data bytes\n")));
    assert!(silent.text().contains("1 packets transmitted, 0 packets received, 100% packet loss"));
    assert_eq!(silent.code, 1);
    assert_eq!(run(&mut s, "kubectl exec debug -- ping -c 1 nope"), "ping: bad address 'nope'\ncommand terminated with exit code 1\n");
    // nginx's Debian image has neither.
    run(&mut s, "kubectl run web --image=nginx");
    s.tick(10.0);
    assert!(run(&mut s, "kubectl exec web -- nslookup vote-service").contains("executable file not found in $PATH"));
}

#[test]
fn exec_on_a_deployment_never_picks_a_terminating_pod() {
    let mut s = new_session(8);
    // busybox's sleep ignores SIGTERM: old pods stay Terminating for the grace period.
    run(&mut s, "kubectl create deployment web --image=busybox --replicas=2 -- sleep 3600");
    s.tick(20.0);
    run(&mut s, "kubectl rollout restart deployment/web");
    s.tick(8.0);
    let terminating: Vec<String> = run(&mut s, "kubectl get pods --no-headers")
        .lines()
        .filter(|l| l.contains("Terminating"))
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .collect();
    assert!(!terminating.is_empty(), "the rollout is under way");
    let chosen = run(&mut s, "kubectl exec deploy/web -- hostname");
    assert!(!terminating.contains(&chosen.trim().to_string()), "{chosen} is terminating");
}

#[test]
fn the_api_server_warns_about_a_port_defined_twice_and_the_kubelet_about_a_missing_pull_secret() {
    let mut s = new_session(9);
    let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  imagePullSecrets:\n  - name: regcred\n  containers:\n  - name: a\n    image: nginx\n    ports:\n    - containerPort: 80\n    - containerPort: 80\n";
    s.files.write("p.yaml", pod).unwrap();
    let out = s.input("kubectl apply -f p.yaml").output;
    assert_eq!(
        out.text(),
        "Warning: spec.containers[0].ports[1]: duplicate port definition with spec.containers[0].ports[0]\npod/p created\n"
    );
    s.tick(10.0);
    let events = run(&mut s, "kubectl describe pod p");
    assert!(
        events.contains("FailedToRetrieveImagePullSecret  ")
            && events.contains("Unable to retrieve some image pull secrets (regcred); attempting to pull the image may not succeed."),
        "{events}"
    );
}

#[test]
fn a_new_session_finds_the_course_files_the_labs_create() {
    let mut s = new_session(10);
    let ls = run(&mut s, "ls");
    for f in ["wordpress-pod.yaml", "rancher-demo-pod.yaml", "vote-deployment.yaml", "nginx-deployment.yaml", "redis-pod.yaml"] {
        assert!(ls.contains(f), "{f} missing from {ls}");
    }
    assert!(run(&mut s, "cat vote-deployment.yaml").contains("image: instavote/vote\n"));
}

#[test]
fn kubectl_cp_copies_both_ways_with_tars_words() {
    let mut s = new_session(11);
    run(&mut s, "kubectl apply -f rancher-demo-pod.yaml");
    run(&mut s, "kubectl apply -f pod-debug.yaml");
    s.tick(30.0);
    // From a container (GNU tar in redis's Debian image), into a local file.
    let out = s.input("kubectl cp rancher-demo-pod:/etc/hostname ./hostname -c redis-container").output;
    assert_eq!(out.text(), "tar: Removing leading `/' from member names\n");
    assert_eq!(out.code, 0);
    assert_eq!(s.files.read("hostname").unwrap(), "rancher-demo-pod\n");
    // Into a container, then read back there.
    s.files.write("notes.txt", "bonjour\n").unwrap();
    assert_eq!(run(&mut s, "kubectl cp notes.txt debug:/tmp/notes.txt"), "");
    assert_eq!(run(&mut s, "kubectl exec debug -- cat /tmp/notes.txt"), "bonjour\n");
    assert_eq!(
        run(&mut s, "kubectl cp debug:/tmp/notes.txt copy.txt"),
        "tar: removing leading '/' from member names\n",
        "busybox's tar has its own words"
    );
    assert_eq!(s.files.read("copy.txt").unwrap(), "bonjour\n");
    // kubectl's own errors.
    let missing = s.input("kubectl cp debug:/nope ./x").output;
    assert_eq!(
        missing.text(),
        "tar: removing leading '/' from member names\ntar: nope: No such file or directory\ncommand terminated with exit code 2\n"
    );
    assert_eq!(missing.code, 1);
    assert_eq!(run(&mut s, "kubectl cp nope.txt debug:/tmp/x"), "error: nope.txt doesn't exist in local filesystem\n");
    assert_eq!(run(&mut s, "kubectl cp a b"), "error: one of src or dest must be a remote file specification\n");
    assert_eq!(run(&mut s, "kubectl cp a:b c:d"), "error: one of src or dest must be a local file specification\n");
    assert_eq!(run(&mut s, "kubectl cp a"), "error: source and destination are required\n");
    assert_eq!(run(&mut s, "kubectl cp ghost:/etc/hostname x"), "Error from server (NotFound): pods \"ghost\" not found\n");
}

#[test]
fn apk_in_the_debug_pod_fetches_its_indexes_and_installs_curl_with_its_libraries() {
    let mut s = new_session(12);
    run(&mut s, "kubectl create -f pod-debug.yaml");
    s.tick(20.0);
    assert!(run(&mut s, "kubectl exec debug -- curl http://kubernetes.default").contains("\"curl\": executable file not found"));
    let update = run(&mut s, "kubectl exec debug -- apk update");
    assert!(update.starts_with("fetch https://dl-cdn.alpinelinux.org/alpine/v3.21/main/x86_64/APKINDEX.tar.gz\n"));
    assert!(update.ends_with(" distinct packages available\n"));
    let add = run(&mut s, "kubectl exec debug -- apk add curl");
    assert!(add.contains("(9/9) Installing curl ("), "{add}");
    assert!(add.ends_with("OK: 12 MiB in 24 packages\n"));
    // Installed: a second add has nothing to do, and curl runs.
    assert!(!run(&mut s, "kubectl exec debug -- apk add curl").contains("Installing"));
    assert!(!run(&mut s, "kubectl exec debug -- curl http://nope").contains("executable file not found"));
}

//! The images kubernetes.io's examples and tutorials name beyond the course's
//! own (`scripts/gen-examples.py`'s book): looked up only when the main
//! catalogue (`images::CATALOGUE`) has no such repository, so this data and
//! its lookup sit in the page's lazy part. Same rules as the catalogue: tags
//! as the registries held them in December 2024, compressed sizes as the
//! kubelet reports them.
//!
//! Two registries answer for others: `k8s.gcr.io`, frozen since April 2023,
//! redirects to `registry.k8s.io`, which holds the same images; and Google's
//! samples moved from `gcr.io/google-samples/` to
//! `us-docker.pkg.dev/google-samples/containers/gke/`, the same images.

use super::images::{CATALOGUE, Image, Process};
use super::time::Time;

/// A repository's other names (a prefix, and the one it stands for).
const ALIASES: [(&str, &str); 2] = [
    ("k8s.gcr.io/", "registry.k8s.io/"),
    ("us-docker.pkg.dev/google-samples/containers/gke/", "gcr.io/google-samples/"),
];

/// The image a repository the catalogue does not hold names, if any.
#[inline(never)]
pub fn find(repository: &str) -> Option<&'static Image> {
    let by_name = |name: &str| CATALOGUE.iter().chain(&MORE).find(|i| i.repository == name);
    by_name(repository).or_else(|| {
        ALIASES
            .iter()
            .find_map(|(alias, name)| repository.strip_prefix(alias).and_then(|rest| by_name(&format!("{name}{rest}"))))
    })
}

/// A server image with named tags only.
const fn server(
    repository: &'static str,
    tags: &'static [&'static str],
    size: u64,
    pull_seconds: f64,
    memory_mib: u32,
    has_shell: bool,
    start_logs: &'static [&'static str],
) -> Image {
    Image {
        repository,
        tags,
        versions: &[],
        variants: &[],
        size,
        pull_seconds,
        default_process: Process::Serves,
        memory_mib,
        stops_on_sigterm: true,
        has_shell,
        start_logs,
    }
}

/// The guestbook's PHP front end (Apache with mod_php, Debian).
const GB_FRONTEND_LOGS: &[&str] = &[
    "AH00558: apache2: Could not reliably determine the server's fully qualified domain name, using {ip}. Set the 'ServerName' directive globally to suppress this message",
    "AH00558: apache2: Could not reliably determine the server's fully qualified domain name, using {ip}. Set the 'ServerName' directive globally to suppress this message",
    "[{httpd}] [mpm_prefork:notice] [pid 1] AH00163: Apache/2.4.38 (Debian) PHP/7.4.33 configured -- resuming normal operations",
    "[{httpd}] [core:notice] [pid 1] AH00094: Command line: 'apache2 -D FOREGROUND'",
];

/// A redis replica started with `--replicaof` its leader's service.
const REDIS_FOLLOWER_LOGS: &[&str] = &[
    "1:C {redis} # oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo",
    "1:C {redis} # Redis version=6.0.5, bits=64, commit=00000000, modified=0, pid=1, just started",
    "1:C {redis} # Configuration loaded",
    "1:S {redis} * Running mode=standalone, port=6379.",
    "1:S {redis} # Server initialized",
    "1:S {redis} * Ready to accept connections",
    "1:S {redis} * Connecting to MASTER redis-leader:6379",
    "1:S {redis} * MASTER <-> REPLICA sync started",
];

/// A named static, not a const: its own symbol in the linker's map, apart
/// from the catalogue, so that the lazy part's data split can move it.
pub static MORE: [Image; 21] = [
    // The guestbook tutorial's front end (v5; v4 for kubernetes/examples's copy).
    server("gcr.io/google-samples/gb-frontend", &["v4", "v5", "v6"], 180_339_124, 5.2, 25, true, GB_FRONTEND_LOGS),
    server("gcr.io/google-samples/gb-redis-follower", &["v1", "v2"], 38_862_318, 1.8, 4, true, REDIS_FOLLOWER_LOGS),
    server("gcr.io/google_samples/gb-redisslave", &["v1", "v2", "v3"], 35_224_873, 1.7, 4, true, REDIS_FOLLOWER_LOGS),
    server("gcr.io/google-samples/hello-go-gke", &["1.0"], 4_379_104, 1.0, 2, false, &[]),
    server("gcr.io/google-samples/hello-frontend", &["1.0"], 51_208_420, 1.9, 3, true, &[]),
    server("gcr.io/google-samples/node-hello", &["1.0"], 250_710_392, 7.4, 20, true, &[]),
    server("gcr.io/google-samples/xtrabackup", &["1.0"], 97_101_432, 3.1, 10, true, &[]),
    server("bprashanth/nginxhttps", &["1.0"], 41_637_226, 1.9, 6, true, &[]),
    server("registry.k8s.io/goproxy", &["0.1"], 2_602_614, 0.9, 2, false, &[]),
    server("vish/stress", &["latest"], 2_170_306, 0.9, 1, false, &[]),
    server("registry.k8s.io/fluentd-elasticsearch", &["1.19", "1.20", "1.21", "1.22"], 76_301_456, 2.6, 60, true, &[]),
    server(
        "quay.io/fluentd_elasticsearch/fluentd",
        &["v2.5.2", "v3.4.0", "v4.3.1", "v5.0.1"],
        151_223_004,
        4.3,
        70,
        true,
        &[],
    ),
    // Kubernetes Basics' app (v1; the update module's v2 is jocatalin's; v10 does not exist).
    server(
        "gcr.io/google-samples/kubernetes-bootcamp",
        &["v1"],
        74_283_410,
        2.6,
        12,
        true,
        &["Kubernetes Bootcamp App Started At: {js} | Running On:  {pod} "],
    ),
    server(
        "jocatalin/kubernetes-bootcamp",
        &["v1", "v2"],
        74_283_411,
        2.6,
        12,
        true,
        &["Kubernetes Bootcamp App Started At: {js} | Running On:  {pod} "],
    ),
    // The Source IP tutorial's echoserver (nginx with Lua, on 8080).
    server("registry.k8s.io/echoserver", &["1.4", "1.10"], 46_237_695, 2.0, 6, true, &[]),
    server("gcr.io/google-samples/cassandra", &["v13", "v14"], 134_928_133, 4.2, 600, true, &[]),
    server("radial/busyboxplus", &["latest", "curl", "git"], 4_229_312, 1.0, 1, true, &[]),
    server(
        "registry.k8s.io/kubernetes-zookeeper",
        &["1.0-3.4.10"],
        122_408_127,
        3.6,
        40,
        true,
        &["ZooKeeper JMX enabled by default", "Using config: /usr/bin/../etc/zookeeper/zoo.cfg"],
    ),
    // The port-forwarding task's MongoDB: the 4.2 line's text log (the
    // examples pin 4.2; 4.4 and later log JSON).
    Image {
        repository: "mongo",
        tags: &["latest", "4", "5", "6", "7", "8"],
        versions: &[("4.2", 24), ("4.4", 29), ("5.0", 30), ("6.0", 19), ("7.0", 16), ("8.0", 4)],
        variants: &[],
        size: 148_214_650,
        pull_seconds: 4.6,
        default_process: Process::Serves,
        memory_mib: 70,
        stops_on_sigterm: true,
        has_shell: true,
        start_logs: &[
            "{mongo} I  CONTROL  [main] Automatically disabling TLS 1.0, to force-enable TLS 1.0 specify --sslDisabledProtocols 'none'",
            "{mongo} I  CONTROL  [initandlisten] db version v4.2.24",
            "{mongo} I  NETWORK  [listener] Listening on /tmp/mongodb-27017.sock",
            "{mongo} I  NETWORK  [listener] Listening on 0.0.0.0",
            "{mongo} I  NETWORK  [listener] waiting for connections on port 27017",
        ],
    },
    // The Job pi example's perl; without a script it reads an empty stdin and exits.
    Image {
        repository: "perl",
        tags: &["latest", "5", "slim"],
        versions: &[("5.34", 3), ("5.36", 3), ("5.38", 3), ("5.40", 0)],
        variants: &["-slim", "-bookworm"],
        size: 331_475_922,
        pull_seconds: 9.5,
        default_process: Process::Exits { after: 0.0, code: 0 },
        memory_mib: 3,
        stops_on_sigterm: false,
        has_shell: true,
        start_logs: &[],
    },
    // bash without a terminal reads an empty stdin and exits.
    Image {
        repository: "bash",
        tags: &["latest", "5", "5.2", "5.2.37", "4", "4.4"],
        versions: &[],
        variants: &[],
        size: 6_182_733,
        pull_seconds: 1.1,
        default_process: Process::Exits { after: 0.0, code: 0 },
        memory_mib: 1,
        stops_on_sigterm: false,
        has_shell: true,
        start_logs: &[],
    },
];

/// Redis's start lines before 7.2 (the guestbook's 6.0.5): the start lines
/// were warnings (`#`) before 7.0, the monotonic clock line came with 6.2,
/// the listener's name (` tcp`) with 7.2.
#[inline(never)]
pub fn older_redis(lines: Vec<String>, version: &str) -> Vec<String> {
    let lines = lines.into_iter().filter(|l| version >= "6.2" || !l.contains("monotonic"));
    let lines = lines.map(|l| l.replace("connections tcp", "connections"));
    let warning = |l: &str| version < "7" && !l.contains("Running mode") && !l.contains("Ready to");
    lines.map(|l| if warning(&l) { l.replacen("} * ", "} # ", 1) } else { l }).collect()
}

/// The start lines of these images, their placeholders replaced: the
/// catalogue's (`runtime::render`), then the pod's name, JavaScript's dates
/// and MongoDB 4.2's.
#[inline(never)]
pub fn start_logs(image: &Image, tag: &str, at: Time, ip: &str, pod: &str) -> Vec<String> {
    let (y, mo, d, h, mi, s, _) = at.civil();
    let iso = format!("{y}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{:03}", at.0.rem_euclid(1000));
    let lines = super::images::start_logs(image, tag).into_iter().map(|l| super::runtime::render(&l, at, ip));
    lines.map(|l| l.replace("{pod}", pod).replace("{js}", &format!("{iso}Z")).replace("{mongo}", &format!("{iso}+0000"))).collect()
}

/// The port these images listen on when their manifest declares none.
#[inline(never)]
pub fn default_port(repository: &str) -> Option<i32> {
    match repository {
        "gcr.io/google-samples/gb-frontend" | "gcr.io/google-samples/hello-go-gke" => Some(80),
        "gcr.io/google-samples/kubernetes-bootcamp" | "jocatalin/kubernetes-bootcamp" => Some(8080),
        "registry.k8s.io/echoserver" | "gcr.io/google-samples/node-hello" | "registry.k8s.io/goproxy" => Some(8080),
        "mongo" => Some(27017),
        _ => None,
    }
}

/// What these images answer to an HTTP GET, given the container's image
/// reference (for its tag), the pod's name, the `Host` the client sent, the
/// path and the port it reached.
#[inline(never)]
pub fn answer(repository: &str, image: &str, pod: &str, host: &str, path: &str, port: i32) -> Option<String> {
    // The course's clients: curl from the learner's machine or a pod, seen
    // from the pod network's gateway, as the catalogue's access logs say.
    const CLIENT: &str = "10.244.0.1";
    const AGENT: &str = "curl/8.11.1";
    let (real_path, query) = path.split_once('?').unwrap_or((path, ""));
    // nginx's `$host`: the header's name without its port.
    let name = host.rsplit_once(':').map_or(host, |(n, _)| n);
    Some(match repository {
        // echoserver 1.10's Lua page (the Source IP tutorial's).
        "registry.k8s.io/echoserver" if !image.ends_with(":1.4") => format!(
            "\n\nHostname: {pod}\n\nPod Information:\n\t-no pod information available-\n\nServer values:\n\tserver_version=nginx: 1.13.3 - lua: 10008\n\nRequest Information:\n\tclient_address={CLIENT}\n\tmethod=GET\n\treal path={real_path}\n\tquery={query}\n\trequest_version=1.1\n\trequest_scheme=http\n\trequest_uri=http://{name}:{port}{path}\n\nRequest Headers:\n\taccept=*/*\n\thost={host}\n\tuser-agent={AGENT}\n\nRequest Body:\n\t-no body in request-\n\n"
        ),
        // echoserver 1.4's.
        "registry.k8s.io/echoserver" => {
            let query = if query.is_empty() { "nil" } else { query };
            format!(
                "CLIENT VALUES:\nclient_address={CLIENT}\ncommand=GET\nreal path={real_path}\nquery={query}\nrequest_version=1.1\nrequest_uri=http://{name}:{port}{path}\n\nSERVER VALUES:\nserver_version=nginx: 1.10.0 - lua: 10001\n\nHEADERS RECEIVED:\naccept=*/*\nhost={host}\nuser-agent={AGENT}\nBODY:\n-no body in request-"
            )
        }
        "gcr.io/google-samples/gb-frontend" => guestbook_page().to_string(),
        // Kubernetes Basics' server.js: its version is the image's.
        "gcr.io/google-samples/kubernetes-bootcamp" | "jocatalin/kubernetes-bootcamp" => {
            let v = if image.ends_with(":v2") { 2 } else { 1 };
            format!("Hello Kubernetes bootcamp! | Running on: {pod} | v={v}\n")
        }
        "gcr.io/google-samples/hello-go-gke" => "{\"message\":\"Hello\"}".to_string(),
        "gcr.io/google-samples/node-hello" => "Hello Kubernetes!".to_string(),
        _ => return None,
    })
}

/// What the guestbook's front end serves at `/` (kubernetes/examples's
/// guestbook/php-redis/index.html, which gb-frontend copies in).
#[inline(never)]
pub fn guestbook_page() -> &'static str {
    "<html ng-app=\"redis\">\n  <head>\n    <title>Guestbook</title>\n    <link rel=\"stylesheet\" href=\"//netdna.bootstrapcdn.com/bootstrap/3.1.1/css/bootstrap.min.css\">\n    <script src=\"https://ajax.googleapis.com/ajax/libs/angularjs/1.2.12/angular.min.js\"></script>\n    <script src=\"controllers.js\"></script>\n    <script src=\"https://cdnjs.cloudflare.com/ajax/libs/angular-ui-bootstrap/0.13.0/ui-bootstrap-tpls.js\"></script>\n  </head>\n  <body ng-controller=\"RedisCtrl\">\n    <div style=\"width: 50%; margin-left: 20px\">\n      <h2>Guestbook</h2>\n    <form>\n    <fieldset>\n    <input ng-model=\"msg\" placeholder=\"Messages\" class=\"form-control\" type=\"text\" name=\"input\"><br>\n    <button type=\"button\" class=\"btn btn-primary\" ng-click=\"controller.onRedis()\">Submit</button>\n    </fieldset>\n    </form>\n    <div>\n      <div ng-repeat=\"msg in messages track by $index\">\n        {{msg}}\n      </div>\n    </div>\n    </div>\n  </body>\n</html>\n"
}

//! The catalogue of simulated images: which tags exist, how big they are, what
//! their containers do when started, and what they log. Data, not code paths:
//! adding an image is adding an entry.
//!
//! Tags follow the registry as it was when Kubernetes 1.32 came out: an
//! image's named tags, plus every version of its release lines up to the
//! line's last patch (`("1.16", 1)`: `1.16`, `1.16.0`, `1.16.1`), each also
//! with the image's variant suffixes (`-alpine`). Every version of a
//! repository behaves as its newest does, except where a version is known
//! to differ (`start_logs`, nginx's welcome page and `nginx -v`). A tag
//! outside these, a misspelled repository or an unknown one fails as the
//! registry answers (`PullError`).
//!
//! One registry is private: `registry.example.com` (a name reserved for
//! examples, RFC 2606), the course's company registry, which holds copies of
//! public images (`PRIVATE`). Its images pull only with the credentials of a
//! `kubernetes.io/dockerconfigjson` Secret the pod names in
//! `imagePullSecrets` (`PRIVATE_LOGIN`); they then behave as the image they
//! copy.
//!
//! The images only the kubernetes.io examples name, and the registries that
//! answer for others (`k8s.gcr.io`), are in `images_more`, which `resolve`
//! asks only when this catalogue has no such repository.

/// How a container's main process behaves.
#[derive(Clone, Debug, PartialEq)]
pub enum Process {
    /// Runs until stopped (a server, `sleep infinity`).
    Serves,
    /// Exits by itself after `after` seconds with `code`.
    Exits { after: f64, code: i32 },
    /// Allocates `bytes` of memory shortly after start (OOMKilled under a lower limit).
    Allocates { bytes: f64 },
    /// Loops until `host` resolves in cluster DNS, then exits 0
    /// (`until nslookup myservice; do sleep 2; done`, the init-container idiom).
    WaitsFor { host: String },
}

#[derive(Debug)]
pub struct Image {
    /// Docker Hub style name: `nginx`, `instavote/vote`, `registry.k8s.io/pause`.
    pub repository: &'static str,
    /// Tags that are names (`latest`, `alpine`, `bookworm`) or that the
    /// release lines below do not give.
    pub tags: &'static [&'static str],
    /// Release lines and the last patch each had when Kubernetes 1.32 came
    /// out: `("1.27", 3)` gives `1.27`, `1.27.0` … `1.27.3`.
    pub versions: &'static [(&'static str, u16)],
    /// Suffixes every tag also exists with (`-alpine`: `1.27.3-alpine`, `stable-alpine`).
    pub variants: &'static [&'static str],
    /// Compressed size, as the kubelet reports it after a pull.
    pub size: u64,
    /// Seconds a pull takes on the simulated network.
    pub pull_seconds: f64,
    /// What the default command does.
    pub default_process: Process,
    /// Resident memory of the running process (for `top` and OOM).
    pub memory_mib: u32,
    /// Whether the process exits on SIGTERM (else it is killed after the grace period).
    pub stops_on_sigterm: bool,
    /// Whether the image has a shell (`exec -- sh` works).
    pub has_shell: bool,
    /// Log lines printed at start; `{time}` is replaced by the start time in the image's own format.
    pub start_logs: &'static [&'static str],
}

pub const CATALOGUE: &[Image] = &[
    Image {
        repository: "nginx",
        tags: &["latest", "stable", "mainline", "alpine", "perl", "alpine-perl", "alpine-slim", "bookworm", "1"],
        versions: &[
            ("1.7", 12), ("1.8", 1), ("1.9", 15), ("1.10", 3), ("1.11", 13), ("1.12", 2), ("1.13", 12), ("1.14", 2),
            ("1.15", 12), ("1.16", 1), ("1.17", 10), ("1.18", 0), ("1.19", 10), ("1.20", 2), ("1.21", 6), ("1.22", 1),
            ("1.23", 4), ("1.24", 0), ("1.25", 5), ("1.26", 2), ("1.27", 3),
            // 2025's lines, which the 2025 examples pin (pods/multi-container).
            ("1.28", 0), ("1.29", 0),
        ],
        variants: &["-alpine", "-perl", "-alpine-perl", "-alpine-slim", "-bookworm"],
        size: 72_099_501,
        pull_seconds: 2.4,
        default_process: Process::Serves,
        memory_mib: 8,
        stops_on_sigterm: true,
        has_shell: true,
        start_logs: &[
            "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration",
            "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/",
            "/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh",
            "10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf",
            "10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf",
            "/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh",
            "/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh",
            "/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh",
            "/docker-entrypoint.sh: Configuration complete; ready for start up",
            "{nginx} [notice] 1#1: using the \"epoll\" event method",
            "{nginx} [notice] 1#1: nginx/1.27.3",
            "{nginx} [notice] 1#1: built by gcc 12.2.0 (Debian 12.2.0-14) ",
            "{nginx} [notice] 1#1: OS: Linux 6.8.0-49-generic",
            "{nginx} [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576",
            "{nginx} [notice] 1#1: start worker processes",
            "{nginx} [notice] 1#1: start worker process 29",
            "{nginx} [notice] 1#1: start worker process 30",
        ],
    },
    Image {
        repository: "redis",
        tags: &["latest", "alpine", "bookworm", "7", "6", "5", "4", "3"],
        versions: &[
            ("7.4", 1),
            ("7.2", 6),
            ("7.0", 15),
            ("6.2", 16),
            ("6.0", 20),
            ("5.0", 14),
            ("4.0", 14),
            ("3.2", 12),
        ],
        variants: &["-alpine", "-bookworm"],
        size: 45_006_155,
        pull_seconds: 1.9,
        default_process: Process::Serves,
        memory_mib: 4,
        stops_on_sigterm: true,
        has_shell: true,
        start_logs: &[
            "1:C {redis} * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo",
            "1:C {redis} * Redis version=7.4.1, bits=64, commit=00000000, modified=0, pid=1, just started",
            "1:C {redis} # Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf",
            "1:M {redis} * monotonic clock: POSIX clock_gettime",
            "1:M {redis} * Running mode=standalone, port=6379.",
            "1:M {redis} * Server initialized",
            "1:M {redis} * Ready to accept connections tcp",
        ],
    },
    Image {
        repository: "busybox",
        tags: &["latest", "stable", "unstable", "musl", "glibc", "uclibc", "1"],
        versions: &[
            ("1.24", 2),
            ("1.25", 1),
            ("1.26", 2),
            ("1.27", 2),
            ("1.28", 4),
            ("1.29", 3),
            ("1.30", 1),
            ("1.31", 1),
            ("1.32", 1),
            ("1.33", 1),
            ("1.34", 1),
            ("1.35", 0),
            ("1.36", 1),
            ("1.37", 0),
        ],
        variants: &["-musl", "-glibc", "-uclibc"],
        size: 4_269_747,
        pull_seconds: 1.1,
        default_process: Process::Exits { after: 0.0, code: 0 },
        memory_mib: 1,
        stops_on_sigterm: false,
        has_shell: true,
        start_logs: &[],
    },
    // The busybox the Kubernetes documentation's examples use.
    Image {
        repository: "registry.k8s.io/busybox",
        tags: &["latest", "1.27.2", "1.24"],
        versions: &[],
        variants: &[],
        size: 1_144_547,
        pull_seconds: 0.9,
        default_process: Process::Exits { after: 0.0, code: 0 },
        memory_mib: 1,
        stops_on_sigterm: false,
        has_shell: true,
        start_logs: &[],
    },
    Image {
        repository: "alpine",
        tags: &["latest", "3", "edge"],
        versions: &[
            ("3.6", 5),
            ("3.7", 3),
            ("3.8", 5),
            ("3.9", 6),
            ("3.10", 9),
            ("3.11", 13),
            ("3.12", 12),
            ("3.13", 12),
            ("3.14", 10),
            ("3.15", 11),
            ("3.16", 9),
            ("3.17", 10),
            ("3.18", 9),
            ("3.19", 4),
            ("3.20", 3),
            ("3.21", 0),
        ],
        variants: &[],
        size: 7_834_104,
        pull_seconds: 1.2,
        default_process: Process::Exits { after: 0.0, code: 0 },
        memory_mib: 1,
        stops_on_sigterm: false,
        has_shell: true,
        start_logs: &[],
    },
    Image {
        repository: "httpd",
        tags: &["latest", "2", "alpine", "bookworm"],
        versions: &[("2.4", 62), ("2.2", 34)],
        variants: &["-alpine", "-bookworm"],
        size: 58_132_113,
        pull_seconds: 2.1,
        default_process: Process::Serves,
        memory_mib: 10,
        stops_on_sigterm: true,
        has_shell: true,
        start_logs: &[
            "AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using {ip}. Set the 'ServerName' directive globally to suppress this message",
            "AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using {ip}. Set the 'ServerName' directive globally to suppress this message",
            "[{httpd}] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/2.4.62 (Unix) configured -- resuming normal operations",
            "[{httpd}] [core:notice] [pid 1:tid 1] AH00094: Command line: 'httpd -D FOREGROUND'",
        ],
    },
    // The HorizontalPodAutoscaler walkthrough's php-apache (index.php burns
    // CPU, then answers `OK!`).
    Image {
        repository: "registry.k8s.io/hpa-example",
        tags: &["latest"],
        versions: &[],
        variants: &[],
        size: 178_241_856,
        pull_seconds: 5.8,
        default_process: Process::Serves,
        memory_mib: 11,
        stops_on_sigterm: false,
        has_shell: true,
        start_logs: &[
            "AH00558: apache2: Could not reliably determine the server's fully qualified domain name, using {ip}. Set the 'ServerName' directive globally to suppress this message",
            "AH00558: apache2: Could not reliably determine the server's fully qualified domain name, using {ip}. Set the 'ServerName' directive globally to suppress this message",
            "[{httpd}] [mpm_prefork:notice] [pid 1] AH00163: Apache/2.4.10 (Debian) PHP/5.6.14 configured -- resuming normal operations",
            "[{httpd}] [core:notice] [pid 1] AH00094: Command line: 'apache2 -D FOREGROUND'",
        ],
    },
    Image {
        repository: "mysql",
        tags: &["latest", "lts", "innovation", "oracle", "debian", "9", "8", "5"],
        versions: &[("8.0", 40), ("8.4", 3), ("9.0", 1), ("9.1", 0), ("5.7", 44), ("5.6", 51)],
        variants: &["-oracle", "-debian"],
        size: 170_964_210,
        pull_seconds: 6.5,
        default_process: Process::Serves,
        memory_mib: 360,
        stops_on_sigterm: true,
        has_shell: true,
        start_logs: &[
            "{entrypoint} [Note] [Entrypoint]: Entrypoint script for MySQL Server 8.4.3-1.el9 started.",
            "{entrypoint} [Note] [Entrypoint]: Switching to dedicated user 'mysql'",
            "{entrypoint} [Note] [Entrypoint]: Entrypoint script for MySQL Server 8.4.3-1.el9 started.",
            "{entrypoint} [Note] [Entrypoint]: Initializing database files",
            "{entrypoint} [Note] [Entrypoint]: Database files initialized",
            "{entrypoint} [Note] [Entrypoint]: Starting temporary server",
            "{entrypoint} [Note] [Entrypoint]: Temporary server started.",
            "{entrypoint} [Note] [Entrypoint]: Stopping temporary server",
            "{entrypoint} [Note] [Entrypoint]: Temporary server stopped",
            "{entrypoint} [Note] [Entrypoint]: MySQL init process done. Ready for start up.",
            "{mysql} 0 [System] [MY-015015] [Server] MySQL Server - start.",
            "{mysql} 0 [System] [MY-010116] [Server] /usr/sbin/mysqld (mysqld 8.4.3) starting as process 1",
            "{mysql} 0 [System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections. Version: '8.4.3'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306  MySQL Community Server - GPL.",
        ],
    },
    Image {
        repository: "wordpress",
        tags: &[
            "latest",
            "6",
            "php8.3-apache",
            "php8.2-apache",
            "apache",
            "fpm",
            "fpm-alpine",
            "4.9-apache",
            "4.9",
            "5",
        ],
        versions: &[
            ("6.7", 1),
            ("6.6", 2),
            ("6.5", 5),
            ("6.4", 3),
            ("6.3", 2),
            ("6.2", 6),
            ("6.1", 1),
            ("6.0", 3),
            ("5.9", 3),
        ],
        variants: &[
            "-apache",
            "-php8.3",
            "-php8.3-apache",
            "-php8.2",
            "-php8.2-apache",
            "-php8.1",
            "-php8.1-apache",
            "-fpm",
            "-fpm-alpine",
        ],
        size: 251_413_102,
        pull_seconds: 8.0,
        default_process: Process::Serves,
        memory_mib: 60,
        stops_on_sigterm: true,
        has_shell: true,
        start_logs: &[
            "WordPress not found in /var/www/html - copying now...",
            "Complete! WordPress has been successfully copied to /var/www/html",
            "AH00558: apache2: Could not reliably determine the server's fully qualified domain name, using {ip}. Set the 'ServerName' directive globally to suppress this message",
            "[{httpd}] [mpm_prefork:notice] [pid 1] AH00163: Apache/2.4.62 (Debian) PHP/8.2.26 configured -- resuming normal operations",
            "[{httpd}] [core:notice] [pid 1] AH00094: Command line: 'apache2 -D FOREGROUND'",
        ],
    },
    Image {
        repository: "postgres",
        tags: &["latest", "alpine", "bookworm", "bullseye"],
        versions: &[
            ("17", 2),
            ("16", 6),
            ("15", 10),
            ("14", 15),
            ("13", 18),
            ("12", 22),
            ("11", 22),
            ("10", 23),
            ("9.6", 24),
        ],
        variants: &["-alpine", "-bookworm", "-bullseye"],
        size: 158_473_562,
        pull_seconds: 5.5,
        default_process: Process::Serves,
        memory_mib: 40,
        stops_on_sigterm: true,
        has_shell: true,
        start_logs: &[
            "PostgreSQL Database directory appears to contain a database; Skipping initialization",
            "",
            "{postgres} UTC [1] LOG:  starting PostgreSQL 17.2 (Debian 17.2-1.pgdg120+1) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit",
            "{postgres} UTC [1] LOG:  listening on IPv4 address \"0.0.0.0\", port 5432",
            "{postgres} UTC [1] LOG:  database system is ready to accept connections",
        ],
    },
    Image {
        repository: "instavote/vote",
        tags: &["latest", "v1", "v2", "indent", "movies"],
        versions: &[],
        variants: &[],
        size: 38_205_917,
        pull_seconds: 2.8,
        default_process: Process::Serves,
        memory_mib: 30,
        stops_on_sigterm: true,
        has_shell: true,
        start_logs: &[
            "[{gunicorn}] [1] [INFO] Starting gunicorn 22.0.0",
            "[{gunicorn}] [1] [INFO] Listening at: http://0.0.0.0:80 (1)",
            "[{gunicorn}] [1] [INFO] Using worker: sync",
            "[{gunicorn}] [8] [INFO] Booting worker with pid: 8",
            "[{gunicorn}] [9] [INFO] Booting worker with pid: 9",
            "[{gunicorn}] [10] [INFO] Booting worker with pid: 10",
            "[{gunicorn}] [11] [INFO] Booting worker with pid: 11",
        ],
    },
    Image {
        repository: "registry.gitlab.com/gonzalez-marc/guestbook",
        tags: &["latest", "v1"],
        versions: &[],
        variants: &[],
        size: 10_785_720,
        pull_seconds: 1.2,
        default_process: Process::Serves,
        memory_mib: 6,
        stops_on_sigterm: true,
        has_shell: false,
        start_logs: &["[negroni] listening on :3000"],
    },
    Image {
        repository: "monachus/rancher-demo",
        tags: &["latest", "pink", "green", "blue"],
        versions: &[],
        variants: &[],
        size: 5_502_811,
        pull_seconds: 1.3,
        default_process: Process::Serves,
        memory_mib: 5,
        stops_on_sigterm: true,
        has_shell: false,
        start_logs: &["Listening on :8080"],
    },
    // The Kubernetes documentation's test server (`agnhost liveness` answers
    // /healthz with 200 for ten seconds, then 500).
    Image {
        repository: "registry.k8s.io/e2e-test-images/agnhost",
        tags: &["2.40", "2.39", "2.45"],
        versions: &[],
        variants: &[],
        size: 51_342_123,
        pull_seconds: 2.0,
        default_process: Process::Serves,
        memory_mib: 8,
        stops_on_sigterm: true,
        has_shell: true,
        start_logs: &[],
    },
    Image {
        repository: "polinux/stress",
        tags: &["latest"],
        versions: &[],
        variants: &[],
        size: 4_041_810,
        pull_seconds: 1.1,
        default_process: Process::Exits { after: 0.0, code: 1 },
        memory_mib: 1,
        stops_on_sigterm: true,
        has_shell: true,
        start_logs: &[],
    },
    // Images learners paste from the documentation and tutorials: a base
    // system or a language runtime (their default command exits at once
    // without a terminal; `sleep infinity` keeps them up), small demo servers.
    Image {
        repository: "ubuntu",
        tags: &["latest", "24.04", "22.04", "20.04", "noble", "jammy", "focal", "rolling"],
        versions: &[],
        variants: &[],
        size: 29_754_290,
        pull_seconds: 1.8,
        default_process: Process::Exits { after: 0.0, code: 0 },
        memory_mib: 1,
        stops_on_sigterm: false,
        has_shell: true,
        start_logs: &[],
    },
    Image {
        repository: "debian",
        tags: &[
            "latest",
            "bookworm",
            "bookworm-slim",
            "12",
            "12-slim",
            "11",
            "bullseye",
            "bullseye-slim",
            "stable-slim",
        ],
        versions: &[],
        variants: &[],
        size: 48_494_272,
        pull_seconds: 2.2,
        default_process: Process::Exits { after: 0.0, code: 0 },
        memory_mib: 1,
        stops_on_sigterm: false,
        has_shell: true,
        start_logs: &[],
    },
    Image {
        repository: "python",
        tags: &[
            "latest",
            "3",
            "3.13",
            "3.12",
            "3.11",
            "3.10",
            "3.9",
            "slim",
            "alpine",
            "3.13-slim",
            "3.12-slim",
            "3.11-slim",
            "3.13-alpine",
            "3.12-alpine",
        ],
        versions: &[
            ("3.13", 1),
            ("3.12", 8),
            ("3.11", 11),
            ("3.10", 16),
            ("3.9", 21),
            ("3.8", 20),
            ("3.7", 17),
            ("2.7", 18),
        ],
        variants: &["-slim", "-alpine", "-bookworm", "-slim-bookworm", "-bullseye", "-slim-bullseye"],
        size: 372_151_262,
        pull_seconds: 11.0,
        default_process: Process::Exits { after: 0.0, code: 0 },
        memory_mib: 10,
        stops_on_sigterm: false,
        has_shell: true,
        start_logs: &[],
    },
    Image {
        repository: "node",
        tags: &[
            "latest",
            "lts",
            "23",
            "22",
            "20",
            "18",
            "alpine",
            "lts-alpine",
            "22-alpine",
            "20-alpine",
            "22-slim",
            "20-slim",
        ],
        versions: &[],
        variants: &[],
        size: 394_516_204,
        pull_seconds: 12.0,
        default_process: Process::Exits { after: 0.0, code: 0 },
        memory_mib: 40,
        stops_on_sigterm: false,
        has_shell: true,
        start_logs: &[],
    },
    // `curl` without a URL prints its usage hint and exits 2.
    Image {
        repository: "curlimages/curl",
        tags: &["latest", "8.11.1", "8.10.1", "8.9.1"],
        versions: &[],
        variants: &[],
        size: 11_962_104,
        pull_seconds: 1.3,
        default_process: Process::Exits { after: 0.0, code: 2 },
        memory_mib: 1,
        stops_on_sigterm: false,
        has_shell: true,
        start_logs: &["curl: try 'curl --help' or 'curl --manual' for more information"],
    },
    // Google's hello-app (the GKE quickstarts): `Hello, world!` on 8080.
    Image {
        repository: "gcr.io/google-samples/hello-app",
        tags: &["1.0", "2.0"],
        versions: &[],
        variants: &[],
        size: 11_043_563,
        pull_seconds: 1.4,
        default_process: Process::Serves,
        memory_mib: 3,
        stops_on_sigterm: true,
        has_shell: false,
        start_logs: &["{nginx} Server listening on port 8080"],
    },
    // The StatefulSet tutorials' nginx (kubernetes.io's web.yaml): its
    // document root is the pod's claim, empty until something writes there.
    Image {
        repository: "registry.k8s.io/nginx-slim",
        tags: &["0.7", "0.8", "0.21", "0.24", "0.26", "0.27"],
        versions: &[],
        variants: &[],
        size: 50_634_914,
        pull_seconds: 1.8,
        default_process: Process::Serves,
        memory_mib: 4,
        stops_on_sigterm: true,
        has_shell: true,
        start_logs: &[],
    },
    // The Namespaces walkthrough's server: answers its hostname, on 9376.
    Image {
        repository: "registry.k8s.io/serve_hostname",
        tags: &["latest", "1.1", "v1.4"],
        versions: &[],
        variants: &[],
        size: 2_484_712,
        pull_seconds: 1.0,
        default_process: Process::Serves,
        memory_mib: 2,
        stops_on_sigterm: true,
        has_shell: false,
        start_logs: &["Serving on port 9376."],
    },
    // minikube's start guide: `create deployment hello-minikube
    // --image=kicbase/echo-server:1.0` echoes each request back, on 8080.
    Image {
        repository: "kicbase/echo-server",
        tags: &["1.0", "latest"],
        versions: &[],
        variants: &[],
        size: 4_939_776,
        pull_seconds: 1.2,
        default_process: Process::Serves,
        memory_mib: 3,
        stops_on_sigterm: true,
        has_shell: false,
        start_logs: &["Echo server listening on port 8080."],
    },
    // HashiCorp's http-echo: answers every request with its `-text`, on 5678.
    Image {
        repository: "hashicorp/http-echo",
        tags: &["latest", "1.0", "1.0.0", "0.2.3"],
        versions: &[],
        variants: &[],
        size: 2_878_517,
        pull_seconds: 1.0,
        default_process: Process::Serves,
        memory_mib: 2,
        stops_on_sigterm: true,
        has_shell: false,
        start_logs: &[],
    },
    // Docker's own voting app (the same vote front end as instavote/vote).
    Image {
        repository: "dockersamples/examplevotingapp_vote",
        tags: &["latest", "before", "after"],
        versions: &[],
        variants: &[],
        size: 49_733_620,
        pull_seconds: 3.0,
        default_process: Process::Serves,
        memory_mib: 30,
        stops_on_sigterm: true,
        has_shell: true,
        start_logs: &[
            "[{gunicorn}] [1] [INFO] Starting gunicorn 22.0.0",
            "[{gunicorn}] [1] [INFO] Listening at: http://0.0.0.0:80 (1)",
            "[{gunicorn}] [1] [INFO] Using worker: sync",
            "[{gunicorn}] [8] [INFO] Booting worker with pid: 8",
        ],
    },
    // minikube's ingress addon (v1.35.0): the ingress-nginx controller and
    // the certificate generator its two admission Jobs run.
    Image {
        repository: "registry.k8s.io/ingress-nginx/controller",
        tags: &["v1.11.3"],
        versions: &[],
        variants: &[],
        size: 104_975_410,
        pull_seconds: 9.0,
        default_process: Process::Serves,
        memory_mib: 90,
        stops_on_sigterm: true,
        has_shell: true,
        start_logs: &[
            "-------------------------------------------------------------------------------",
            "NGINX Ingress controller",
            "  Release:       v1.11.3",
            "  Repository:    https://github.com/kubernetes/ingress-nginx",
            "  nginx version: nginx/1.25.5",
            "",
            "-------------------------------------------------------------------------------",
            "",
        ],
    },
    Image {
        repository: "registry.k8s.io/ingress-nginx/kube-webhook-certgen",
        tags: &["v1.4.4"],
        versions: &[],
        variants: &[],
        size: 23_406_214,
        pull_seconds: 2.5,
        default_process: Process::Exits { after: 1.0, code: 0 },
        memory_mib: 10,
        stops_on_sigterm: true,
        has_shell: false,
        start_logs: &[],
    },
    // The cluster's own components (present on every node from the start).
    Image {
        repository: "registry.k8s.io/coredns/coredns",
        tags: &["v1.11.3"],
        versions: &[],
        variants: &[],
        size: 61_818_962,
        pull_seconds: 2.0,
        default_process: Process::Serves,
        memory_mib: 15,
        stops_on_sigterm: true,
        has_shell: false,
        start_logs: &[
            ".:53",
            "[INFO] plugin/reload: Running configuration SHA512 = 9e2996f8cb67ac53e0259ab1f8d615d07d1beb0bd07e6a1e39769c3bf486a905bb991cc47f8d2f14d0d3a90a87dfc625a0b4c524fed169d8158c40657c0694b1",
            "CoreDNS-1.11.3",
            "linux/amd64, go1.21.11, a6338e9",
        ],
    },
    Image {
        repository: "registry.k8s.io/etcd",
        tags: &["3.5.16-0", "3.5.1-0"],
        versions: &[],
        variants: &[],
        size: 149_912_184,
        pull_seconds: 4.0,
        default_process: Process::Serves,
        memory_mib: 40,
        stops_on_sigterm: true,
        has_shell: false,
        start_logs: &[],
    },
    Image {
        repository: "registry.k8s.io/kube-apiserver",
        tags: &["v1.32.0"],
        versions: &[],
        variants: &[],
        size: 97_009_384,
        pull_seconds: 3.0,
        default_process: Process::Serves,
        memory_mib: 250,
        stops_on_sigterm: true,
        has_shell: false,
        start_logs: &[],
    },
    Image {
        repository: "registry.k8s.io/kube-controller-manager",
        tags: &["v1.32.0"],
        versions: &[],
        variants: &[],
        size: 89_705_036,
        pull_seconds: 3.0,
        default_process: Process::Serves,
        memory_mib: 50,
        stops_on_sigterm: true,
        has_shell: false,
        start_logs: &[],
    },
    Image {
        repository: "registry.k8s.io/kube-scheduler",
        tags: &["v1.32.0"],
        versions: &[],
        variants: &[],
        size: 68_977_948,
        pull_seconds: 2.5,
        default_process: Process::Serves,
        memory_mib: 20,
        stops_on_sigterm: true,
        has_shell: false,
        start_logs: &[],
    },
    Image {
        repository: "registry.k8s.io/kube-proxy",
        tags: &["v1.32.0"],
        versions: &[],
        variants: &[],
        size: 94_009_600,
        pull_seconds: 3.0,
        default_process: Process::Serves,
        memory_mib: 15,
        stops_on_sigterm: true,
        has_shell: false,
        start_logs: &[],
    },
    Image {
        repository: "gcr.io/k8s-minikube/storage-provisioner",
        tags: &["v5"],
        versions: &[],
        variants: &[],
        size: 31_465_472,
        pull_seconds: 1.5,
        default_process: Process::Serves,
        memory_mib: 8,
        stops_on_sigterm: true,
        has_shell: false,
        start_logs: &[],
    },
    Image {
        repository: "registry.k8s.io/pause",
        tags: &["latest"],
        versions: &[("3", 10)],
        variants: &[],
        size: 736_000,
        pull_seconds: 0.5,
        default_process: Process::Serves,
        memory_mib: 0,
        stops_on_sigterm: true,
        has_shell: false,
        start_logs: &[],
    },
];

/// A parsed image reference: the catalogue repository name and the tag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    pub repository: String,
    pub tag: String,
    /// Whether the reference names a tag explicitly (`nginx:latest` vs `nginx`).
    pub explicit_tag: bool,
    pub digest: Option<String>,
    /// For a copy in the private registry, its name there (`repository`
    /// is then the public image it copies, which says how it behaves).
    pub private: Option<String>,
}

/// The private registry of the course's company, its login, and what it holds.
pub const PRIVATE_REGISTRY: &str = "registry.example.com";
pub const PRIVATE_LOGIN: (&str, &str) = ("eleve", "atelier-k8s");
const PRIVATE: &[(&str, &str)] = &[
    ("registry.example.com/atelier/hello-app", "gcr.io/google-samples/hello-app"),
    ("registry.example.com/atelier/guestbook", "registry.gitlab.com/gonzalez-marc/guestbook"),
    ("registry.example.com/atelier/nginx", "nginx"),
];

/// Whether an image names a tag or a digest (`nginx:1.27`, `nginx@sha256:…`),
/// as `Reference::parse` decides, without building the reference.
pub fn names_tag_or_digest(image: &str) -> bool {
    image.contains('@') || image[image.rfind('/').map_or(0, |i| i + 1)..].contains(':')
}

impl Reference {
    pub fn parse(image: &str) -> Reference {
        let (name, digest) = match image.split_once('@') {
            Some((n, d)) => (n, Some(d.to_string())),
            None => (image, None),
        };
        // A colon after the last slash separates the tag (a registry may have a port).
        let last_slash = name.rfind('/').map_or(0, |i| i + 1);
        let (repo, tag) = match name[last_slash..].rfind(':') {
            Some(i) => (&name[..last_slash + i], Some(&name[last_slash + i + 1..])),
            None => (name, None),
        };
        let repo = repo.strip_prefix("docker.io/").or_else(|| repo.strip_prefix("index.docker.io/")).unwrap_or(repo);
        let repo = repo.strip_prefix("library/").unwrap_or(repo);
        let private = PRIVATE.iter().find(|(name, _)| *name == repo);
        Reference {
            repository: private.map_or(repo, |(_, public)| public).to_string(),
            private: private.map(|(name, _)| name.to_string()),
            tag: tag.unwrap_or("latest").to_string(),
            explicit_tag: tag.is_some(),
            digest,
        }
    }

    /// `nginx:1.27`, `instavote/vote:latest`: how pull messages name it.
    pub fn display(&self) -> String {
        format!("{}:{}", self.registry_name(), self.tag)
    }

    /// The repository as the registry that serves it names it.
    pub fn registry_name(&self) -> &str {
        self.private.as_deref().unwrap_or(&self.repository)
    }
}

/// Why a pull fails, with the runtime's own message.
#[derive(Clone, Debug, PartialEq)]
pub enum PullError {
    UnknownTag(String),
    UnknownRepository(String),
    /// The private registry asked for a login the pull did not bring
    /// (`wrong`: it brought one the registry refused); the manifest's URL.
    Unauthorized {
        url: String,
        wrong: bool,
    },
}

impl PullError {
    pub fn message(&self) -> String {
        match self {
            PullError::UnknownTag(r) => {
                format!("Error response from daemon: manifest for {r} not found: manifest unknown: manifest unknown")
            }
            PullError::UnknownRepository(repo) => format!(
                "Error response from daemon: pull access denied for {repo}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied"
            ),
            PullError::Unauthorized { url, wrong: false } => {
                format!("Error response from daemon: Head \"{url}\": no basic auth credentials")
            }
            PullError::Unauthorized { url, wrong: true } => {
                format!("Error response from daemon: Head \"{url}\": unauthorized: authentication required")
            }
        }
    }
}

impl Image {
    /// Whether `tag` exists upstream: a named tag or a release line's
    /// version, each also with one of the image's variant suffixes.
    pub fn has_tag(&self, tag: &str) -> bool {
        let plain = |t: &str| {
            self.tags.contains(&t)
                || self.versions.iter().any(|&(line, last)| {
                    t == line
                        || t.strip_prefix(line)
                            .and_then(|rest| rest.strip_prefix('.'))
                            .and_then(|patch| patch.parse::<u16>().ok())
                            .is_some_and(|patch| patch <= last)
                })
        };
        plain(tag) || self.variants.iter().any(|v| tag.strip_suffix(v).is_some_and(|t| !t.is_empty() && plain(t)))
    }

    /// The newest version of a release line (`1.25` → `1.25.5`).
    fn last_of(&self, line: &str) -> Option<String> {
        self.versions.iter().find(|(l, _)| *l == line).map(|(l, last)| format!("{l}.{last}"))
    }
}

/// Whether an image's busybox is 1.28 or older, whose nslookup is the old
/// applet (one resolver lookup, `Address 1:` lines): the Kubernetes DNS pages
/// pin `busybox:1.28` for it.
pub fn busybox_before_1_29(repository: &str, tag: &str) -> bool {
    match repository {
        "registry.k8s.io/busybox" => true,
        "busybox" => {
            let version = tag.split('-').next().unwrap_or(tag);
            let minor =
                version.strip_prefix("1.").and_then(|m| m.split('.').next()).and_then(|m| m.parse::<u32>().ok());
            minor.is_some_and(|m| m <= 28)
        }
        _ => false,
    }
}

/// Whether a pull of `reference` is refused for its credentials: `logins`
/// are the (username, password) pairs the pod's pull secrets hold for the
/// private registry. Public images need none.
#[inline(never)]
pub fn check_login(reference: &Reference, logins: &[(String, String)]) -> Result<(), PullError> {
    let Some(name) = &reference.private else { return Ok(()) };
    if logins.iter().any(|(u, p)| (u.as_str(), p.as_str()) == PRIVATE_LOGIN) {
        return Ok(());
    }
    let path = name.strip_prefix(PRIVATE_REGISTRY).unwrap_or(name);
    let at = reference.digest.as_deref().unwrap_or(&reference.tag);
    Err(PullError::Unauthorized {
        url: format!("https://{PRIVATE_REGISTRY}/v2{path}/manifests/{at}"),
        wrong: !logins.is_empty(),
    })
}

/// Whether `image` is one of `images_more`'s rather than this catalogue's:
/// the first part checks it before calling in there, so that the course's
/// images never fetch the lazy part.
#[inline(always)]
pub fn is_more(image: &Image) -> bool {
    !CATALOGUE.iter().any(|i| std::ptr::eq(i, image))
}

/// Finds an image in the catalogue, as a pull would.
pub fn resolve(image: &str) -> Result<(&'static Image, Reference), PullError> {
    let reference = Reference::parse(image);
    // The examples' other images, and registries that answer for others (lazy).
    let found = CATALOGUE.iter().find(|i| i.repository == reference.repository);
    let Some(found) = found.or_else(|| super::images_more::find(&reference.repository)) else {
        return Err(PullError::UnknownRepository(reference.repository));
    };
    if reference.digest.is_none() && !found.has_tag(&reference.tag) {
        return Err(PullError::UnknownTag(reference.display()));
    }
    Ok((found, reference))
}

/// MySQL 5.7's start (Oracle Linux 7 builds): the entrypoint, then mysqld's own format.
const MYSQL_57_LOGS: &[&str] = &[
    "{entrypoint} [Note] [Entrypoint]: Entrypoint script for MySQL Server 5.7.44-1.el7 started.",
    "{entrypoint} [Note] [Entrypoint]: Switching to dedicated user 'mysql'",
    "{entrypoint} [Note] [Entrypoint]: Entrypoint script for MySQL Server 5.7.44-1.el7 started.",
    "{entrypoint} [Note] [Entrypoint]: Initializing database files",
    "{entrypoint} [Note] [Entrypoint]: Database files initialized",
    "{entrypoint} [Note] [Entrypoint]: Starting temporary server",
    "{entrypoint} [Note] [Entrypoint]: Temporary server started.",
    "{entrypoint} [Note] [Entrypoint]: Stopping temporary server",
    "{entrypoint} [Note] [Entrypoint]: Temporary server stopped",
    "{entrypoint} [Note] [Entrypoint]: MySQL init process done. Ready for start up.",
    "{mysql} 0 [Note] mysqld (mysqld 5.7.44) starting as process 1 ...",
    "{mysql} 0 [Note] mysqld: ready for connections.",
    "Version: '5.7.44'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306  MySQL Community Server (GPL)",
];

/// The version an image's tag runs: the tag itself when it names a patch
/// release (`1.25.3`, `1.25.3-alpine`), else the newest of the line it names
/// (`1.25` → `1.25.5`), else `newest` (`latest`, `alpine`, a major line's
/// own name through `majors`).
fn version_of(repository: &str, tag: &str, newest: &'static str, majors: &[(&str, &str)]) -> String {
    let tag = tag.split('-').next().unwrap_or(tag);
    if let Some((_, line)) = majors.iter().find(|(major, _)| *major == tag) {
        return version_of(repository, line, newest, &[]);
    }
    if tag.split('.').count() == 3 && tag.split('.').all(|p| p.parse::<u32>().is_ok()) {
        return tag.to_string();
    }
    CATALOGUE
        .iter()
        .find(|i| i.repository == repository)
        .and_then(|i| i.last_of(tag))
        .unwrap_or_else(|| newest.to_string())
}

/// nginx's version for a tag (the mainline is 1.27, the stable line 1.26).
pub fn nginx_version(tag: &str) -> String {
    version_of("nginx", tag, "1.27.3", &[("stable", "1.26"), ("1", "1.27")])
}

/// Whether nginx `version` is older than `major.minor`.
fn nginx_before(version: &str, minor: u32) -> bool {
    let mut parts = version.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
    (parts.next().unwrap_or(1), parts.next().unwrap_or(0)) < (1, minor)
}

/// Whether nginx `version` serves the welcome page without the dark-mode
/// style (612 bytes, before 1.21.1's color-scheme line).
pub fn nginx_old_welcome(version: &str) -> bool {
    nginx_before(version, 21)
}

/// What an image prints at start, for its tag: the catalogue's lines are the
/// newest release's; older tags print their own.
pub fn start_logs(image: &Image, tag: &str) -> Vec<String> {
    let lines: Vec<String> = image.start_logs.iter().map(|l| l.to_string()).collect();
    match image.repository {
        // Before 1.19, the image had no entrypoint scripts and nginx said nothing at start.
        "nginx" if nginx_before(&nginx_version(tag), 19) => Vec::new(),
        "nginx" => {
            lines.into_iter().map(|l| l.replace("nginx/1.27.3", &format!("nginx/{}", nginx_version(tag)))).collect()
        }
        "mysql" if tag.starts_with("5.7") => MYSQL_57_LOGS.iter().map(|l| l.to_string()).collect(),
        "wordpress" if tag.starts_with("4.") => lines
            .into_iter()
            .map(|l| l.replace("Apache/2.4.62 (Debian) PHP/8.2.26", "Apache/2.4.25 (Debian) PHP/7.2.10"))
            .collect(),
        "redis" => {
            let majors = [("7", "7.4"), ("6", "6.2"), ("5", "5.0"), ("4", "4.0"), ("3", "3.2")];
            let version = version_of("redis", tag, "7.4.1", &majors);
            let lines = lines.into_iter().map(|l| l.replace("version=7.4.1", &format!("version={version}"))).collect();
            if version.as_str() < "7.2" { super::images_more::older_redis(lines, &version) } else { lines }
        }
        _ => lines,
    }
}

/// The distribution an image is built on (`alpine` tags on Alpine; busybox
/// and the distroless images have none): its `/etc/os-release` and its
/// package manager.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Distribution {
    Debian,
    Alpine,
    Ubuntu,
}

impl Distribution {
    pub fn of(repository: &str, tag: &str) -> Option<Distribution> {
        Some(match repository {
            _ if tag.contains("alpine") => Distribution::Alpine,
            "nginx"
            | "redis"
            | "httpd"
            | "wordpress"
            | "postgres"
            | "debian"
            | "python"
            | "node"
            | "instavote/vote"
            | "dockersamples/examplevotingapp_vote" => Distribution::Debian,
            "alpine" | "curlimages/curl" => Distribution::Alpine,
            "ubuntu" => Distribution::Ubuntu,
            _ => return None,
        })
    }

    /// `/etc/os-release`.
    pub fn os_release(self) -> &'static str {
        match self {
            Distribution::Debian => {
                "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\nVERSION=\"12 (bookworm)\"\nVERSION_CODENAME=bookworm\nID=debian\nHOME_URL=\"https://www.debian.org/\"\nSUPPORT_URL=\"https://www.debian.org/support\"\nBUG_REPORT_URL=\"https://bugs.debian.org/\"\n"
            }
            Distribution::Alpine => {
                "NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.21.0\nPRETTY_NAME=\"Alpine Linux v3.21\"\nHOME_URL=\"https://alpinelinux.org/\"\nBUG_REPORT_URL=\"https://gitlab.alpinelinux.org/alpine/aports/-/issues\"\n"
            }
            Distribution::Ubuntu => {
                "PRETTY_NAME=\"Ubuntu 24.04.1 LTS\"\nNAME=\"Ubuntu\"\nVERSION_ID=\"24.04\"\nVERSION=\"24.04.1 LTS (Noble Numbat)\"\nVERSION_CODENAME=noble\nID=ubuntu\nID_LIKE=debian\nHOME_URL=\"https://www.ubuntu.com/\"\nSUPPORT_URL=\"https://help.ubuntu.com/\"\nBUG_REPORT_URL=\"https://bugs.launchpad.net/ubuntu/\"\nPRIVACY_POLICY_URL=\"https://www.ubuntu.com/legal/terms-and-policies/privacy-policy\"\nUBUNTU_CODENAME=noble\nLOGO=ubuntu-logo\n"
            }
        }
    }
}

/// Whether an image ships `curl` or `wget` (busybox's `wget` in the
/// busybox and Alpine images; `curl` where the image installs it).
pub fn has_program(repository: &str, tag: &str, program: &str) -> bool {
    let alpine = tag.contains("alpine")
        || matches!(repository, "alpine" | "busybox" | "registry.k8s.io/busybox" | "radial/busyboxplus");
    let full = !tag.contains("slim") && !tag.contains("alpine");
    match program {
        "wget" => alpine || repository == "curlimages/curl" || (full && matches!(repository, "python" | "node")),
        "curl" => {
            matches!(
                repository,
                "nginx" | "wordpress" | "curlimages/curl" | "registry.k8s.io/e2e-test-images/agnhost" | "radial/busyboxplus"
            )
                || (full && matches!(repository, "python" | "node"))
        }
        // busybox's applets; glibc's getent in the Debian-based images.
        "nslookup" | "ping" => alpine,
        "getent" => alpine || Distribution::of(repository, tag).is_some(),
        // busybox's ps; Debian's slim images have no procps. Alpine has no bash.
        "ps" => alpine,
        "bash" => !alpine,
        _ => true,
    }
}

/// What a container's process does, given its image and its command line.
pub fn process_for(image: &Image, command: &[String], args: &[String]) -> Process {
    if command.is_empty() && (args.is_empty() || image.default_process == Process::Serves) {
        // Arguments go to the image's own entrypoint, which keeps its behaviour.
        return image.default_process.clone();
    }
    let line = command.iter().chain(args).cloned().collect::<Vec<_>>().join(" ");
    let words: Vec<&str> = line.split_whitespace().collect();
    if let Some(i) = words.iter().position(|w| *w == "--vm-bytes")
        && let Some(bytes) = words.get(i + 1).and_then(|b| super::quantity::parse(&b.replace('M', "Mi")))
    {
        return Process::Allocates { bytes };
    }
    let program = words.first().map_or("", |w| w.rsplit('/').next().unwrap_or(w));
    match program {
        "sh" | "bash" | "ash" | "dash" => shell_script(&line),
        "sleep" => match words.get(1) {
            Some(&"infinity") | Some(&"inf") => Process::Serves,
            // busybox's and coreutils' suffixes: `30s`, `5m`, `2h`, `1d`.
            Some(n) => {
                let (number, unit) = match n.as_bytes().last() {
                    Some(b'm') => (&n[..n.len() - 1], 60.0),
                    Some(b'h') => (&n[..n.len() - 1], 3600.0),
                    Some(b'd') => (&n[..n.len() - 1], 86400.0),
                    _ => (n.trim_end_matches('s'), 1.0),
                };
                Process::Exits { after: number.parse::<f64>().unwrap_or(0.0) * unit, code: 0 }
            }
            None => Process::Exits { after: 0.0, code: 1 },
        },
        "tail" if words.contains(&"-f") => Process::Serves,
        "echo" | "true" | "date" | "printenv" | "env" | "cat" | "ls" | "hostname" | "whoami" | "pwd" | "uname" => {
            Process::Exits { after: 0.0, code: 0 }
        }
        "false" => Process::Exits { after: 0.0, code: 1 },
        // The image's own server, started with other flags.
        _ => image.default_process.clone(),
    }
}

/// Stands for the pod's namespace in a host a script waits for (the script
/// read it from the service account's `namespace` file).
pub const NAMESPACE_PLACEHOLDER: &str = "$(NAMESPACE)";

/// What a `sh -c "…"` script does, from the commands it contains.
fn shell_script(line: &str) -> Process {
    let line = line.replace("$(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace)", NAMESPACE_PLACEHOLDER);
    let line = line.as_str();
    let words: Vec<&str> = line.split_whitespace().collect();
    if let Some(i) = words.iter().position(|w| *w == "until") {
        let probe = &words[i + 1..];
        let host = match probe {
            ["nslookup", host, ..] | ["nc", "-z", host, ..] | ["ping", "-c", _, host, ..] => Some(host),
            ["wget", .., url] | ["curl", .., url] => Some(url),
            _ => None,
        };
        if let Some(host) = host {
            let host = host.trim_end_matches(';').trim_start_matches("http://");
            let host = host.split(['/', ':']).next().unwrap_or(host);
            return Process::WaitsFor { host: host.to_string() };
        }
    }
    let endless = [
        "while true",
        "while :",
        "while sleep",
        "tail -f",
        "sleep infinity",
        "sleep inf",
        "nginx",
        "redis-server",
        "httpd",
    ];
    if endless.iter().any(|e| line.contains(e)) {
        return Process::Serves;
    }
    let mut after = 0.0;
    for pair in words.windows(2) {
        if pair[0] == "sleep"
            && let Ok(secs) = pair[1].trim_end_matches([';', '&']).trim_end_matches('s').parse::<f64>()
        {
            after += secs;
        }
    }
    let code = words
        .windows(2)
        .find(|p| p[0] == "exit")
        .and_then(|p| p[1].trim_end_matches(';').parse().ok())
        .unwrap_or(if words.iter().any(|w| w.trim_end_matches(';') == "false") { 1 } else { 0 });
    Process::Exits { after, code }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_tag_or_digest_is_seen_as_the_parser_sees_it() {
        for image in ["nginx", "nginx:1.27", "localhost:5000/app", "localhost:5000/app:v1", "redis@sha256:ab", "a/b/c"]
        {
            let r = super::Reference::parse(image);
            assert_eq!(super::names_tag_or_digest(image), r.explicit_tag || r.digest.is_some(), "{image}");
        }
    }

    use super::*;

    #[test]
    fn references_parse_like_docker() {
        let r = Reference::parse("nginx");
        assert_eq!((r.repository.as_str(), r.tag.as_str(), r.explicit_tag), ("nginx", "latest", false));
        let r = Reference::parse("docker.io/library/nginx:1.27");
        assert_eq!((r.repository.as_str(), r.tag.as_str()), ("nginx", "1.27"));
        let r = Reference::parse("localhost:5000/app");
        assert_eq!((r.repository.as_str(), r.tag.as_str()), ("localhost:5000/app", "latest"));
    }

    #[test]
    fn pulls_fail_like_the_docker_runtime() {
        assert!(resolve("redis").is_ok());
        assert_eq!(
            resolve("nginx:1.99").unwrap_err().message(),
            "Error response from daemon: manifest for nginx:1.99 not found: manifest unknown: manifest unknown"
        );
        assert!(matches!(resolve("my-provider/my-image"), Err(PullError::UnknownRepository(_))));
    }

    #[test]
    fn commands_decide_what_a_container_does() {
        let busybox = resolve("busybox").unwrap().0;
        let s = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(process_for(busybox, &[], &[]), Process::Exits { after: 0.0, code: 0 });
        assert_eq!(process_for(busybox, &s(&["sleep", "3600"]), &[]), Process::Exits { after: 3600.0, code: 0 });
        assert_eq!(process_for(busybox, &s(&["sh", "-c", "while true; do date; sleep 1; done"]), &[]), Process::Serves);
        assert_eq!(process_for(busybox, &s(&["sh", "-c", "exit 3"]), &[]), Process::Exits { after: 0.0, code: 3 });
    }
}

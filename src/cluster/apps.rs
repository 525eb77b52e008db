//! The course's applications, as far as a learner can reach them: what redis
//! keeps in memory, the guestbook that stores its entries there, WordPress
//! and the MySQL it needs, and the `mysql` client. Each answers as the real
//! image does; what a process keeps in memory lives as long as its container
//! (a recreated redis pod starts empty, which is the guestbook lab's point).

use super::Cluster;
use super::images;
use super::objects::pod::Pod;
use super::objects::service::{Endpoints, Service};
use super::time::Time;

/// One redis server's data: keys to strings or lists, in key order. (A
/// sorted `Vec`: a learner's handful of keys, and no map code in the page.)
#[derive(Clone, Debug, Default)]
pub struct Keyspace(Vec<(String, Entry)>);

#[derive(Clone, Debug)]
enum Entry {
    Text(String),
    List(Vec<String>),
}

const WRONGTYPE: &str = "WRONGTYPE Operation against a key holding the wrong kind of value";

impl Keyspace {
    fn get(&self, key: &str) -> Option<&Entry> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(key)).ok().map(|i| &self.0[i].1)
    }

    fn insert(&mut self, key: &str, entry: Entry) {
        match self.0.binary_search_by(|(k, _)| k.as_str().cmp(key)) {
            Ok(i) => self.0[i].1 = entry,
            Err(i) => self.0.insert(i, (key.to_string(), entry)),
        }
    }

    fn remove(&mut self, key: &str) -> bool {
        match self.0.binary_search_by(|(k, _)| k.as_str().cmp(key)) {
            Ok(i) => {
                self.0.remove(i);
                true
            }
            Err(_) => false,
        }
    }

    fn list_mut(&mut self, key: &str) -> Option<&mut Vec<String>> {
        if self.get(key).is_none() {
            self.insert(key, Entry::List(Vec::new()));
        }
        let i = self.0.binary_search_by(|(k, _)| k.as_str().cmp(key)).ok()?;
        match &mut self.0[i].1 {
            Entry::List(l) => Some(l),
            Entry::Text(_) => None,
        }
    }

    /// `redis-cli ARGS…` as it prints without a terminal (raw replies, one
    /// per line; an empty line for nil).
    pub fn command(&mut self, args: &[&str]) -> String {
        let Some(name) = args.first() else { return String::new() };
        let rest = &args[1..];
        let wrong = || format!("ERR wrong number of arguments for '{}' command\n", name.to_ascii_lowercase());
        match (name.to_ascii_lowercase().as_str(), rest) {
            ("ping", []) => "PONG\n".into(),
            ("ping", [text]) => format!("{text}\n"),
            ("set", [key, value, ..]) => {
                self.insert(key, Entry::Text(value.to_string()));
                "OK\n".into()
            }
            ("get", [key]) => match self.get(key) {
                Some(Entry::Text(v)) => format!("{v}\n"),
                Some(Entry::List(_)) => format!("{WRONGTYPE}\n"),
                None => "\n".into(),
            },
            ("incr", [key]) => {
                let next = match self.get(key) {
                    None => Ok(1),
                    Some(Entry::Text(v)) => v.parse::<i64>().map(|n| n + 1).map_err(|_| "ERR value is not an integer or out of range"),
                    Some(Entry::List(_)) => Err(WRONGTYPE),
                };
                match next {
                    Ok(n) => {
                        self.insert(key, Entry::Text(n.to_string()));
                        format!("{n}\n")
                    }
                    Err(e) => format!("{e}\n"),
                }
            }
            ("rpush" | "lpush", [key, values @ ..]) if !values.is_empty() => {
                let Some(list) = self.list_mut(key) else { return format!("{WRONGTYPE}\n") };
                for v in values.iter() {
                    if name.eq_ignore_ascii_case("lpush") {
                        list.insert(0, v.to_string());
                    } else {
                        list.push(v.to_string());
                    }
                }
                format!("{}\n", list.len())
            }
            ("lrange", [key, start, stop]) => match (start.parse::<i64>(), stop.parse::<i64>()) {
                (Ok(start), Ok(stop)) => match self.lrange(key, start, stop) {
                    Ok(items) => items.iter().map(|i| format!("{i}\n")).collect(),
                    Err(e) => format!("{e}\n"),
                },
                _ => "ERR value is not an integer or out of range\n".into(),
            },
            ("llen", [key]) => match self.get(key) {
                Some(Entry::List(l)) => format!("{}\n", l.len()),
                Some(Entry::Text(_)) => format!("{WRONGTYPE}\n"),
                None => "0\n".into(),
            },
            ("del", keys) if !keys.is_empty() => {
                format!("{}\n", keys.iter().filter(|k| self.remove(k)).count())
            }
            ("exists", keys) if !keys.is_empty() => {
                format!("{}\n", keys.iter().filter(|k| self.get(k).is_some()).count())
            }
            ("keys", [pattern]) => {
                self.0.iter().filter(|(k, _)| glob(pattern, k)).map(|(k, _)| format!("{k}\n")).collect()
            }
            ("dbsize", []) => format!("{}\n", self.0.len()),
            ("flushall" | "flushdb", []) => {
                self.0.clear();
                "OK\n".into()
            }
            ("info", _) => "# Server\r\nredis_version:7.4.1\r\nredis_mode:standalone\r\nos:Linux 6.8.0-49-generic x86_64\r\ntcp_port:6379\r\n".into(),
            ("ping" | "get" | "set" | "incr" | "rpush" | "lpush" | "lrange" | "llen" | "del" | "exists" | "keys"
            | "dbsize" | "flushall" | "flushdb", _) => wrong(),
            _ => {
                // Redis names the command as it was typed.
                let args: String = rest.iter().map(|a| format!("'{a}' ")).collect();
                format!("ERR unknown command '{name}', with args beginning with: {args}\n")
            }
        }
    }

    /// `LRANGE key start stop`, negative indexes counting from the end.
    fn lrange(&self, key: &str, start: i64, stop: i64) -> Result<Vec<String>, &'static str> {
        let list = match self.get(key) {
            Some(Entry::List(l)) => l,
            Some(Entry::Text(_)) => return Err(WRONGTYPE),
            None => return Ok(Vec::new()),
        };
        let len = list.len() as i64;
        let at = |i: i64| if i < 0 { (len + i).max(0) } else { i };
        let (start, stop) = (at(start), at(stop).min(len - 1));
        if start > stop {
            return Ok(Vec::new());
        }
        Ok(list[start as usize..=stop as usize].to_vec())
    }
}

/// redis's KEYS patterns: `*` and `?` (enough for `keys *`).
fn glob(pattern: &str, text: &str) -> bool {
    match pattern.chars().next() {
        None => text.is_empty(),
        Some('*') => (0..=text.len()).filter(|i| text.is_char_boundary(*i)).any(|i| glob(&pattern[1..], &text[i..])),
        Some(c) => {
            let mut chars = text.chars();
            match chars.next() {
                Some(t) if c == '?' || c == t => glob(&pattern[c.len_utf8()..], chars.as_str()),
                _ => false,
            }
        }
    }
}

/// `%20` and friends, as a Go router decodes a path.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).and_then(|b| hex(*b)), bytes.get(i + 2).and_then(|b| hex(*b))) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// What an application answers to one GET: its status, where it redirects,
/// and its body.
pub struct Reply {
    pub status: u16,
    pub location: Option<String>,
    pub body: String,
}

impl Reply {
    fn ok(body: impl Into<String>) -> Reply {
        Reply { status: 200, location: None, body: body.into() }
    }
}

/// A container's start time, once it runs.
fn running_since(pod: &Pod, container: &str) -> Option<Time> {
    let status = pod.status.container_statuses.iter().find(|s| s.name == container)?;
    status.state.running.as_ref()?.started_at
}

/// The id of `pod`'s running redis container (the one a client on port 6379
/// reaches, in a pod of several containers too).
pub(crate) fn redis_container(pod: &Pod) -> Option<String> {
    let index = pod
        .spec
        .containers
        .iter()
        .position(|c| images::resolve(&c.image).is_ok_and(|(i, _)| i.repository == "redis"))?;
    let status = pod.status.container_statuses.get(index).filter(|s| s.state.running.is_some())?;
    Some(status.container_id.clone())
}

/// The environment variable `name` of `pod`'s container `index`, as written.
fn env_of(pod: &Pod, index: usize, name: &str) -> Option<String> {
    pod.spec.containers.get(index)?.env.iter().find(|e| e.name == name).and_then(|e| e.value.clone())
}

/// Seconds MySQL takes from its container's start to accepting connections
/// (a first start initializes its data directory).
const MYSQL_STARTS_IN: i64 = 12;

impl Cluster {
    /// A file the learner put in a running container (`kubectl cp`), kept
    /// until the container ends.
    pub fn write_container_file(
        &mut self,
        namespace: &str,
        pod: &str,
        container: &str,
        path: &str,
        content: String,
    ) -> Result<(), super::ApiError> {
        let id = self.running_container_id(namespace, pod, container)?;
        let id = match self.store.get::<Pod>(namespace, pod) {
            Some(p) => self.file_owner(p, &id, path),
            None => id,
        };
        match self.written.iter_mut().find(|(i, p, _)| *i == id && p == path) {
            Some(file) => file.2 = content,
            None => self.written.push((id, path.to_string(), content)),
        }
        Ok(())
    }

    /// The content of `path` in a running container: what was copied there,
    /// else the files every container has (hostname, resolv.conf, mounts…).
    pub fn read_container_file(
        &self,
        namespace: &str,
        pod: &str,
        container: &str,
        path: &str,
    ) -> Result<Option<String>, super::ApiError> {
        let id = self.running_container_id(namespace, pod, container)?;
        let Some(p) = self.store.get::<Pod>(namespace, pod) else { return Ok(None) };
        Ok(self.container_file(p, &id, path))
    }

    /// Whose file `path` is, seen from a container: the container's own
    /// (its id), or a volume's that outlives it when the path is on a
    /// claim's volume (`pv/NAME`) or an emptyDir (`emptydir/POD-UID/NAME`).
    pub(crate) fn file_owner(&self, pod: &Pod, container_id: &str, path: &str) -> String {
        // (Only a path under such a mount looks further, in the page's lazy part.)
        let kept = |v: &super::objects::pod::Volume| {
            v.source.contains_key("persistentVolumeClaim") || v.source.contains_key("emptyDir")
        };
        let mounted = pod.spec.containers.iter().flat_map(|c| &c.volume_mounts).any(|m| {
            let mount = m.mount_path.trim_end_matches('/');
            path.strip_prefix(mount).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
                && pod.spec.volumes.iter().any(|v| v.name == m.name && kept(v))
        });
        if mounted && let Some(key) = super::controllers::volumes::volume_key(self, pod, container_id, path) {
            return key;
        }
        container_id.to_string()
    }

    fn running_container_id(&self, namespace: &str, pod: &str, container: &str) -> Result<String, super::ApiError> {
        let p =
            self.store.get::<Pod>(namespace, pod).ok_or_else(|| super::ApiError::not_found(super::Kind::Pod, pod))?;
        let status = p.status.container_statuses.iter().find(|s| s.name == container);
        match status {
            Some(s) if s.state.running.is_some() => Ok(s.container_id.clone()),
            _ => Err(super::ApiError::bad_request(format!(
                "unable to upgrade connection: container not found (\"{container}\")"
            ))),
        }
    }

    /// The redis data of the container `container_id` (created empty), or
    /// of the volume its `/data` is on (a claim's or an emptyDir: redis saves
    /// its dump there when it stops and loads it when it starts).
    pub(crate) fn keyspace(&mut self, container_id: &str) -> &mut Keyspace {
        let kept = |v: &super::objects::pod::Volume| {
            v.source.contains_key("persistentVolumeClaim") || v.source.contains_key("emptyDir")
        };
        let owner = self
            .store
            .pods
            .iter()
            .find(|p| p.status.container_statuses.iter().any(|s| s.container_id == container_id))
            .filter(|p| p.spec.volumes.iter().any(kept))
            .map(|p| self.file_owner(p, container_id, "/data/dump.rdb"));
        let container_id = owner.as_deref().unwrap_or(container_id);
        let i = match self.memory.iter().position(|(id, _)| id == container_id) {
            Some(i) => i,
            None => {
                self.memory.push((container_id.to_string(), Keyspace::default()));
                self.memory.len() - 1
            }
        };
        &mut self.memory[i].1
    }

    /// The first ready pod behind service `name` of `namespace`.
    pub(crate) fn backend(&self, namespace: &str, name: &str) -> Option<std::sync::Arc<Pod>> {
        let endpoints = self.store.get::<Endpoints>(namespace, name)?;
        let address = endpoints.subsets.iter().flat_map(|s| &s.addresses).next()?;
        self.store.get::<Pod>(namespace, &address.target_ref.as_ref()?.name).cloned()
    }

    /// The course's guestbook (kubernetes/examples' guestbook-go): a static
    /// page, and `/lrange/KEY` and `/rpush/KEY/VALUE` on the redis behind the
    /// `redis` service. Its log names the host the client called.
    pub(crate) fn guestbook(&mut self, pod: &Pod, container_id: &str, host: &str, path: &str) -> Reply {
        let ns = pod.metadata.namespace.clone();
        let stamp = self.now.rfc3339();
        let log = format!("[negroni] {stamp} | 200 | \t 1.070653ms | {host} | GET {path}");
        let api = path.strip_prefix("/lrange/").map(|k| (k, None)).or_else(|| {
            let rest = path.strip_prefix("/rpush/")?;
            let (key, value) = rest.split_once('/')?;
            Some((key, Some(value)))
        });
        let Some((key, value)) = api else {
            return match path {
                "/" | "/index.html" => {
                    self.append_log(container_id, log);
                    Reply::ok(GUESTBOOK_PAGE)
                }
                _ => {
                    self.append_log(container_id, log.replace("| 200 |", "| 404 |"));
                    Reply { status: 404, location: None, body: "404 page not found\n".into() }
                }
            };
        };
        let redis = self.backend(&ns, "redis").and_then(|p| redis_container(&p));
        let Some(redis) = redis else {
            // HandleError panics; negroni's Recovery logs the stack and sends it.
            let ip = self.store.get::<Service>(&ns, "redis").map_or("redis".to_string(), |s| s.spec.cluster_ip.clone());
            let panic = format!(
                "PANIC: dial tcp {ip}:6379: connect: connection refused\ngoroutine 2650 [running]:\n\
                 github.com/codegangsta/negroni.(*Recovery).ServeHTTP.func1()\n\
                 \t/go/pkg/mod/github.com/codegangsta/negroni@v1.0.0/recovery.go:159 +0xad\n\
                 panic({{0x7ae840?, 0xc000250550?}})\n\t/usr/local/go/src/runtime/panic.go:785 +0x132\n\
                 main.HandleError(...)\n\t/app/main.go:54\n"
            );
            for line in panic.lines() {
                let line = if line.starts_with("PANIC") { format!("[negroni] {line}") } else { line.to_string() };
                self.append_log(container_id, line);
            }
            return Reply { status: 500, location: None, body: panic };
        };
        let key = percent_decode(key);
        let keyspace = self.keyspace(&redis);
        if let Some(value) = value {
            keyspace.command(&["RPUSH", &key, &percent_decode(value)]);
        }
        let items = keyspace.lrange(&key, 0, -1).unwrap_or_default();
        self.append_log(container_id, log);
        // Go's json.MarshalIndent(list, "", "  "), written without a newline.
        let body = if items.is_empty() {
            "[]".to_string()
        } else {
            let quoted: Vec<String> =
                items.iter().map(|i| format!("  {}", serde_json::Value::from(i.as_str()))).collect();
            format!("[\n{}\n]", quoted.join(",\n"))
        };
        Reply::ok(body)
    }

    /// Whether MySQL in `pod`'s container `index` accepts connections yet.
    fn mysql_up(&self, pod: &Pod, index: usize) -> bool {
        let name = &pod.spec.containers[index].name;
        running_since(pod, name).is_some_and(|t| (self.now.0 - t.0) >= MYSQL_STARTS_IN * 1000)
    }

    /// Whether MySQL in `pod`'s container `index` accepts `user`/`password`.
    fn mysql_accepts(&self, pod: &Pod, index: usize, user: &str, password: &str) -> bool {
        let up = self.mysql_up(pod, index);
        let root = env_of(pod, index, "MYSQL_ROOT_PASSWORD");
        let allow_empty = env_of(pod, index, "MYSQL_ALLOW_EMPTY_PASSWORD").is_some_and(|v| !v.is_empty());
        let own = env_of(pod, index, "MYSQL_USER").zip(env_of(pod, index, "MYSQL_PASSWORD"));
        up && match user {
            "root" => root.as_deref() == Some(password) || (allow_empty && password.is_empty()),
            _ => own.is_some_and(|(u, p)| u == user && p == password),
        }
    }

    /// The MySQL container a client in `pod` reaches at `host`: the pod's
    /// own (`127.0.0.1`, `localhost`) or the first ready pod of a service.
    fn mysql_at(&self, pod: &Pod, host: &str) -> Option<(std::sync::Arc<Pod>, usize)> {
        let host = host.split(':').next().unwrap_or(host);
        let target = match host {
            "127.0.0.1" | "localhost" => self.store.get::<Pod>(&pod.metadata.namespace, &pod.metadata.name).cloned()?,
            _ => {
                let host = host.trim_end_matches(".svc.cluster.local").trim_end_matches(".svc");
                let (name, ns) = host.split_once('.').unwrap_or((host, &pod.metadata.namespace));
                self.backend(ns, name)?
            }
        };
        let index =
            target.spec.containers.iter().position(|c| {
                images::resolve(&c.image).is_ok_and(|(i, _)| matches!(i.repository, "mysql" | "mariadb"))
            })?;
        Some((target, index))
    }

    /// WordPress (the official image): with its database it redirects to its
    /// installer; without, it says so.
    pub(crate) fn wordpress(&self, pod: &Pod, index: usize, host: &str, path: &str) -> Reply {
        let db_host = env_of(pod, index, "WORDPRESS_DB_HOST").unwrap_or_else(|| "mysql".into());
        let user = env_of(pod, index, "WORDPRESS_DB_USER").unwrap_or_else(|| "root".into());
        let password = env_of(pod, index, "WORDPRESS_DB_PASSWORD").unwrap_or_default();
        let connected = self.mysql_at(pod, &db_host).is_some_and(|(p, i)| self.mysql_accepts(&p, i, &user, &password));
        if !connected {
            return Reply { status: 500, location: None, body: WORDPRESS_DB_ERROR.into() };
        }
        match path {
            "/wp-admin/install.php" => Reply::ok(WORDPRESS_INSTALL),
            _ => Reply {
                status: 302,
                location: Some(format!("http://{host}/wp-admin/install.php")),
                body: String::new(),
            },
        }
    }

    /// `mysql -uUSER -pPASSWORD [-h HOST] -e 'SQL'` run in `pod`'s container
    /// `index`: the statements the course types, in the client's batch format.
    #[inline(never)] // the page's lazy part (scripts/lazy.txt)
    pub(crate) fn mysql_client(&self, pod: &Pod, args: &[&str]) -> (String, String, i32) {
        let (mut user, mut password, mut host, mut sql) = ("root".to_string(), None, "localhost".to_string(), None);
        let mut words = args.iter();
        while let Some(w) = words.next() {
            let value = |flag: &str, long: &str, words: &mut std::slice::Iter<&str>| {
                w.strip_prefix(long)
                    .map(str::to_string)
                    .or_else(|| w.strip_prefix(flag).filter(|v| !v.is_empty()).map(str::to_string))
                    .or_else(|| (*w == flag).then(|| words.next().map(|v| v.to_string())).flatten())
            };
            if let Some(v) = value("-u", "--user=", &mut words) {
                user = v;
            } else if let Some(v) = value("-h", "--host=", &mut words) {
                host = v;
            } else if let Some(v) = value("-e", "--execute=", &mut words) {
                sql = Some(v);
            } else if let Some(v) = w.strip_prefix("--password=").or_else(|| w.strip_prefix("-p")) {
                password = Some(v.to_string());
            }
        }
        let Some(sql) = sql else {
            // Our words: the client's interactive shell is not simulated.
            let hint = "Ici, le client mysql ne s’ouvre pas en mode interactif\u{a0}: passez la requête avec -e, par exemple -e 'SHOW DATABASES;'.\n";
            return (String::new(), hint.into(), 1);
        };
        let target = self.mysql_at(pod, &host);
        let password = password.unwrap_or_default();
        match target {
            Some((p, i)) if !self.mysql_up(&p, i) => (
                String::new(),
                "ERROR 2002 (HY000): Can't connect to local MySQL server through socket '/var/run/mysqld/mysqld.sock' (2)\n".into(),
                1,
            ),
            None => (
                String::new(),
                "ERROR 2002 (HY000): Can't connect to local MySQL server through socket '/var/run/mysqld/mysqld.sock' (2)\n".into(),
                1,
            ),
            Some((p, i)) if !self.mysql_accepts(&p, i, &user, &password) => {
                let warning = "mysql: [Warning] Using a password on the command line interface can be insecure.\n";
                let denied = format!(
                    "ERROR 1045 (28000): Access denied for user '{user}'@'localhost' (using password: {})\n",
                    if password.is_empty() { "NO" } else { "YES" }
                );
                (String::new(), format!("{warning}{denied}"), 1)
            }
            Some(_) => {
                let warning = "mysql: [Warning] Using a password on the command line interface can be insecure.\n";
                let statement = sql.trim().trim_end_matches(';').trim().to_ascii_lowercase();
                let out = match statement.as_str() {
                    "show databases" => "Database\ninformation_schema\nmysql\nperformance_schema\nsys\n".to_string(),
                    "select version()" => "version()\n5.7.44\n".to_string(),
                    _ => {
                        return (
                            String::new(),
                            format!(
                                "{warning}ERROR 1064 (42000) at line 1: You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use near '{}' at line 1\n",
                                sql.trim()
                            ),
                            1,
                        );
                    }
                };
                (out, warning.into(), 0)
            }
        }
    }
}

const GUESTBOOK_PAGE: &str = "<!DOCTYPE html>\n<html lang=\"en\">\n  <head>\n    <meta content=\"text/html; charset=utf-8\" http-equiv=\"Content-Type\">\n    <meta charset=\"utf-8\">\n    <meta content=\"width=device-width\" name=\"viewport\">\n    <link href=\"style.css\" rel=\"stylesheet\">\n    <title>Guestbook</title>\n  </head>\n  <body>\n    <div id=\"header\">\n      <h1>Guestbook</h1>\n    </div>\n\n    <div id=\"guestbook-entries\">\n      <p>Waiting for database connection...</p>\n    </div>\n\n    <div>\n      <form id=\"guestbook-form\">\n        <input autocomplete=\"off\" id=\"guestbook-entry-content\" type=\"text\">\n        <a href=\"#\" id=\"guestbook-submit\">Submit</a>\n      </form>\n    </div>\n\n    <div>\n      <p><h2 id=\"guestbook-host-address\"></h2></p>\n      <p><a href=\"env\">/env</a>\n      <a href=\"info\">/info</a></p>\n    </div>\n    <script src=\"//ajax.googleapis.com/ajax/libs/jquery/2.1.1/jquery.min.js\"></script>\n    <script src=\"script.js\"></script>\n  </body>\n</html>\n";

const WORDPRESS_DB_ERROR: &str = "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en-US\">\n<head>\n\t<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\" />\n\t<meta name=\"viewport\" content=\"width=device-width\">\n\t\t<title>WordPress &rsaquo; Error</title>\n</head>\n<body id=\"error-page\">\n\t<h1>Error establishing a database connection</h1></body>\n</html>\n";

const WORDPRESS_INSTALL: &str = "<!DOCTYPE html>\n<html lang=\"en-US\" xml:lang=\"en-US\">\n<head>\n\t<meta name=\"viewport\" content=\"width=device-width\" />\n\t<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\" />\n\t<meta name=\"robots\" content=\"noindex,nofollow\" />\n\t<title>WordPress &rsaquo; Installation</title>\n</head>\n<body class=\"wp-core-ui language-chooser\">\n<p id=\"logo\"><a href=\"https://wordpress.org/\">WordPress</a></p>\n<form id=\"setup\" method=\"post\" action=\"?step=1\"><label class='screen-reader-text' for='language'>Select a default language</label>\n<select size='14' name='language' id='language'>\n<option value=\"\" lang=\"en\" selected=\"selected\" data-continue=\"Continue\" data-installed=\"1\">English (United States)</option>\n<option value=\"fr_FR\" lang=\"fr\" data-continue=\"Continuer\">Fran\u{e7}ais</option>\n</select>\n<p class=\"step\"><span class=\"spinner\"></span><input id=\"language-continue\" type=\"submit\" class=\"button button-primary button-large\" value=\"Continue\" /></p></form>\n</body>\n</html>\n";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redis_keeps_strings_and_lists_as_redis_cli_prints_them() {
        let mut k = Keyspace::default();
        assert_eq!(k.command(&["SET", "a", "1"]), "OK\n");
        assert_eq!(k.command(&["get", "a"]), "1\n");
        assert_eq!(k.command(&["INCR", "a"]), "2\n");
        assert_eq!(k.command(&["get", "nope"]), "\n");
        assert_eq!(k.command(&["RPUSH", "l", "x", "y"]), "2\n");
        assert_eq!(k.command(&["LPUSH", "l", "w"]), "3\n");
        assert_eq!(k.command(&["LRANGE", "l", "0", "-1"]), "w\nx\ny\n");
        assert_eq!(k.command(&["LRANGE", "l", "-2", "10"]), "x\ny\n");
        assert_eq!(k.command(&["GET", "l"]), format!("{WRONGTYPE}\n"));
        assert_eq!(k.command(&["KEYS", "*"]), "a\nl\n");
        assert_eq!(k.command(&["DEL", "a", "zz"]), "1\n");
        assert_eq!(k.command(&["GET"]), "ERR wrong number of arguments for 'get' command\n");
        assert_eq!(k.command(&["HELLOX", "a"]), "ERR unknown command 'HELLOX', with args beginning with: 'a' \n");
    }

    #[test]
    fn paths_are_decoded_as_a_go_router_does() {
        assert_eq!(percent_decode("bonjour%20%C3%A0%20tous"), "bonjour à tous");
        assert_eq!(percent_decode("100%"), "100%");
    }
}

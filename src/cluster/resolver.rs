//! busybox's `nslookup`, `getent hosts` and `ping` in a pod: names resolve
//! as CoreDNS answers them through the pod's resolv.conf (`search NS.svc.
//! cluster.local svc.cluster.local cluster.local`, `ndots:5`; busybox's
//! nslookup expands only names without a dot, and prints every answer of its
//! A then AAAA questions in turn), pod IPs answer
//! pings and a service's virtual IP does not (kube-proxy only forwards its
//! ports).

use super::Cluster;
use super::runtime::{ExecOutput, Target};

const NAMESERVER: &str = "10.96.0.10";

impl Cluster {
    /// The name and address `host` resolves to from `namespace`, trying the
    /// search domains first as a name with fewer than five dots does.
    fn lookup(&self, namespace: &str, host: &str) -> Option<(String, String)> {
        let host = host.trim_end_matches('.');
        if host.parse::<std::net::Ipv4Addr>().is_ok() {
            return Some((host.to_string(), host.to_string()));
        }
        self.candidates(namespace, host).into_iter().find_map(|name| self.address_of(&name).map(|ip| (name, ip)))
    }

    /// The names a resolver asks for, in order.
    fn candidates(&self, namespace: &str, host: &str) -> Vec<String> {
        let search = [format!("{namespace}.svc.cluster.local"), "svc.cluster.local".into(), "cluster.local".into()];
        let mut names: Vec<String> = search.iter().map(|d| format!("{host}.{d}")).collect();
        if host.matches('.').count() >= 5 {
            names.insert(0, host.to_string());
        } else {
            names.push(host.to_string());
        }
        names
    }

    /// CoreDNS's answer for a fully qualified name: `SVC.NS.svc.cluster.local`.
    fn address_of(&self, fqdn: &str) -> Option<String> {
        let rest = fqdn.strip_suffix(".svc.cluster.local")?;
        let (name, ns) = rest.split_once('.')?;
        if ns.contains('.') {
            // A pod behind a headless service: `web-0.nginx.default`.
            return super::controllers::statefulset::pod_by_dns(self, "", rest).map(|p| p.status.pod_ip.clone());
        }
        let svc = self.store.get::<super::objects::service::Service>(ns, name)?;
        (!svc.spec.cluster_ip.is_empty() && svc.spec.cluster_ip != "None").then(|| svc.spec.cluster_ip.clone())
    }

    #[inline(never)] // the page's lazy part (scripts/lazy.txt)
    pub(crate) fn resolver_tool(&self, namespace: &str, image: &str, program: &str, args: &[&str]) -> ExecOutput {
        let operands: Vec<&str> = args.iter().copied().filter(|a| !a.starts_with('-')).collect();
        let r = super::images::Reference::parse(image);
        match program {
            "nslookup" if super::images::busybox_before_1_29(&r.repository, &r.tag) => match operands.first() {
                Some(host) => self.old_nslookup(namespace, host),
                None => ExecOutput::err("BusyBox v1.28.4 (2018-05-22 17:00:17 UTC) multi-call binary.\n\nUsage: nslookup [HOST] [SERVER]\n\nQuery the nameserver for the IP address of the given HOST\noptionally using a specified DNS server\n", 1),
            },
            "nslookup" => match operands.first() {
                Some(host) => self.nslookup(namespace, host),
                None => ExecOutput {
                    stderr: "BusyBox v1.37.0 (2024-12-13 12:53:36 UTC) multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n\nQuery DNS about HOST\n\nQUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,ptr,srv,any\n".into(),
                    exit_code: 1,
                    ..Default::default()
                },
            },
            "getent" => match operands.as_slice() {
                ["hosts", names @ ..] if !names.is_empty() => {
                    let found: Vec<String> = names
                        .iter()
                        .filter_map(|n| self.lookup(namespace, n))
                        .map(|(name, ip)| format!("{ip:<15} {name}  {name}\n"))
                        .collect();
                    let code = if found.len() == names.len() { 0 } else { 2 };
                    ExecOutput { stdout: found.concat(), exit_code: code, ..Default::default() }
                }
                ["hosts"] => ExecOutput { exit_code: 0, ..Default::default() },
                [database, ..] if !matches!(*database, "hosts" | "passwd" | "group" | "services") => ExecOutput {
                    stderr: format!("Unknown database: {database}\n"),
                    exit_code: 1,
                    ..Default::default()
                },
                _ => ExecOutput {
                    stderr: "Usage: getent database [key ...]\n".into(),
                    exit_code: 1,
                    ..Default::default()
                },
            },
            _ => self.ping(namespace, args),
        }
    }

    /// busybox's nslookup asks every search domain for A then AAAA records
    /// and prints each answer or failure.
    fn nslookup(&self, namespace: &str, host: &str) -> ExecOutput {
        let mut out = format!("Server:\t\t{NAMESERVER}\nAddress:\t{NAMESERVER}:53\n\n");
        if host.parse::<std::net::Ipv4Addr>().is_ok() {
            // A reverse lookup: CoreDNS knows pods and services by address.
            let name = self
                .store
                .services
                .iter()
                .find(|s| s.spec.cluster_ip == host)
                .map(|s| format!("{}.{}.svc.cluster.local", s.metadata.name, s.metadata.namespace));
            return match name {
                Some(name) => {
                    let reversed: Vec<&str> = host.split('.').rev().collect();
                    out.push_str(&format!("{}.in-addr.arpa\tname = {name}\n\n", reversed.join(".")));
                    ExecOutput { stdout: out, ..Default::default() }
                }
                None => {
                    let reversed: Vec<&str> = host.split('.').rev().collect();
                    out.push_str(&format!("** server can't find {}.in-addr.arpa: NXDOMAIN\n\n", reversed.join(".")));
                    ExecOutput { stdout: out, exit_code: 1, ..Default::default() }
                }
            };
        }
        // busybox expands only a name without dots with the search domains
        // (`nslookup vote-service.default` fails there, a known busybox trait).
        let host = host.trim_end_matches('.');
        let names = if host.contains('.') { vec![host.to_string()] } else { self.candidates(namespace, host) };
        let mut found = false;
        for aaaa in [false, true] {
            for name in &names {
                match self.address_of(name) {
                    Some(ip) if !aaaa => {
                        found = true;
                        out.push_str(&format!("Name:\t{name}\nAddress: {ip}\n\n"));
                    }
                    // The AAAA question of a name that exists has an empty answer.
                    Some(_) => out.push('\n'),
                    None => out.push_str(&format!("** server can't find {name}: NXDOMAIN\n\n")),
                }
            }
        }
        ExecOutput { stdout: out, exit_code: if found { 0 } else { 1 }, ..Default::default() }
    }

    /// busybox 1.28's nslookup (the one the Kubernetes DNS pages pin):
    /// one lookup through the resolver, search domains included, then the
    /// name as asked and the address with its name.
    fn old_nslookup(&self, namespace: &str, host: &str) -> ExecOutput {
        let head =
            format!("Server:    {NAMESERVER}\nAddress 1: {NAMESERVER} kube-dns.kube-system.svc.cluster.local\n\n");
        let by_ip = host.parse::<std::net::Ipv4Addr>().is_ok().then(|| {
            let name = self.store.services.iter().find(|s| s.spec.cluster_ip == host);
            name.map(|s| (host.to_string(), format!("{}.{}.svc.cluster.local", s.metadata.name, s.metadata.namespace)))
        });
        let found = match by_ip {
            Some(answer) => answer,
            None => self.lookup(namespace, host).map(|(name, ip)| (ip, name)),
        };
        match found {
            Some((ip, name)) => ExecOutput::out(format!("{head}Name:      {host}\nAddress 1: {ip} {name}\n")),
            None => ExecOutput { stdout: head, stderr: format!("nslookup: can't resolve '{host}'\n"), exit_code: 1 },
        }
    }

    /// `ping [-c N] HOST`: a pod answers; a service's virtual IP does not.
    /// Without `-c` it stops where a learner presses Ctrl+C, after four.
    fn ping(&self, namespace: &str, args: &[&str]) -> ExecOutput {
        let mut count = None;
        let mut host = None;
        let mut words = args.iter();
        while let Some(w) = words.next() {
            match *w {
                "-c" => count = words.next().and_then(|n| n.parse::<u32>().ok()),
                w if w.starts_with("-c") => count = w[2..].parse().ok(),
                w if !w.starts_with('-') => host = Some(w),
                _ => {}
            }
        }
        let Some(host) = host else {
            return ExecOutput {
                stderr: "BusyBox v1.37.0 (2024-12-13 12:53:36 UTC) multi-call binary.\n\nUsage: ping [OPTIONS] HOST\n"
                    .into(),
                exit_code: 1,
                ..Default::default()
            };
        };
        let Some((_, ip)) = self.lookup(namespace, host) else {
            return ExecOutput { stderr: format!("ping: bad address '{host}'\n"), exit_code: 1, ..Default::default() };
        };
        let interrupted = count.is_none();
        let sent = count.unwrap_or(4).min(20);
        let answers = matches!(self.resolve_host(namespace, &ip), Some(Target::Pod(_)))
            || self.store.nodes.iter().any(|n| n.status.addresses.iter().any(|a| a.address == ip));
        let mut out = format!("PING {host} ({ip}): 56 data bytes\n");
        // Round trips in microseconds (printed as milliseconds with three decimals).
        let times: Vec<u32> = (0..sent).map(|seq| [81, 62, 70, 58, 66][seq as usize % 5]).collect();
        let ms = |us: u32| format!("{}.{:03}", us / 1000, us % 1000);
        if answers {
            for (seq, time) in times.iter().enumerate() {
                out.push_str(&format!("64 bytes from {ip}: seq={seq} ttl=64 time={} ms\n", ms(*time)));
            }
        }
        if interrupted {
            out.push_str("^C\n");
        }
        let received = if answers { sent } else { 0 };
        out.push_str(&format!(
            "\n--- {host} ping statistics ---\n{sent} packets transmitted, {received} packets received, {}% packet loss\n",
            if answers { 0 } else { 100 }
        ));
        if answers && !times.is_empty() {
            let min = times.iter().copied().min().unwrap_or(0);
            let max = times.iter().copied().max().unwrap_or(0);
            // busybox rounds the average to the microsecond.
            let avg = (times.iter().sum::<u32>() * 2 + times.len() as u32) / (2 * times.len() as u32);
            out.push_str(&format!("round-trip min/avg/max = {}/{}/{} ms\n", ms(min), ms(avg), ms(max)));
        }
        ExecOutput { stdout: out, exit_code: if answers { 0 } else { 1 }, ..Default::default() }
    }
}

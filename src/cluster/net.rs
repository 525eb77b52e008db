//! Address allocation: pod IPs per node, service cluster IPs, NodePorts.

use std::collections::BTreeSet;

use super::rng::Rng;

#[derive(Clone, Debug, Default)]
pub struct Network {
    /// Per node index: the last host number handed out in its /24.
    /// (Small vectors rather than maps of their own: less code in the page.)
    next_pod_host: Vec<(u8, u8)>,
    pod_ips: BTreeSet<String>,
    cluster_ips: BTreeSet<String>,
    /// Sorted.
    node_ports: Vec<i32>,
}

pub const NODE_PORT_RANGE: std::ops::RangeInclusive<i32> = 30000..=32767;

impl Network {
    /// The next free pod IP in node `index`'s range (10.244.<index>.0/24),
    /// handed out in order and wrapping, as host-local IPAM does.
    pub fn allocate_pod_ip(&mut self, index: u8) -> Option<String> {
        let last = self.next_pod_host.iter().find(|(i, _)| *i == index).map_or(1, |(_, h)| *h);
        for step in 1..=253i32 {
            let host = ((i32::from(last) - 2 + step).rem_euclid(253) + 2) as u8; // 2..=254
            let ip = format!("10.244.{index}.{host}");
            if !self.pod_ips.contains(&ip) {
                self.pod_ips.insert(ip.clone());
                match self.next_pod_host.iter_mut().find(|(i, _)| *i == index) {
                    Some(entry) => entry.1 = host,
                    None => self.next_pod_host.push((index, host)),
                }
                return Some(ip);
            }
        }
        None
    }

    pub fn release_pod_ip(&mut self, ip: &str) {
        self.pod_ips.remove(ip);
    }

    /// A random free cluster IP in 10.96.0.0/12, above the static band
    /// (10.96.0.0/24 is for fixed IPs such as 10.96.0.1 and 10.96.0.10).
    pub fn allocate_cluster_ip(&mut self, rng: &mut Rng) -> Option<String> {
        for _ in 0..10_000 {
            let offset = 256 + rng.below((1 << 20) - 257) as u32;
            let ip = 0x0A60_0000u32 + offset;
            let text = format!("{}.{}.{}.{}", ip >> 24, (ip >> 16) & 255, (ip >> 8) & 255, ip & 255);
            if self.cluster_ips.insert(text.clone()) {
                return Some(text);
            }
        }
        None
    }

    /// Reserves a given cluster IP; false if it is taken.
    pub fn reserve_cluster_ip(&mut self, ip: &str) -> bool {
        self.cluster_ips.insert(ip.to_string())
    }

    pub fn release_cluster_ip(&mut self, ip: &str) {
        self.cluster_ips.remove(ip);
    }

    pub fn allocate_node_port(&mut self, rng: &mut Rng) -> Option<i32> {
        let size = (NODE_PORT_RANGE.end() - NODE_PORT_RANGE.start() + 1) as u64;
        for _ in 0..10_000 {
            let port = NODE_PORT_RANGE.start() + rng.below(size) as i32;
            if self.reserve_node_port(port) {
                return Some(port);
            }
        }
        None
    }

    /// Reserves a given NodePort; false if it is taken.
    pub fn reserve_node_port(&mut self, port: i32) -> bool {
        match self.node_ports.binary_search(&port) {
            Ok(_) => false,
            Err(i) => {
                self.node_ports.insert(i, port);
                true
            }
        }
    }

    pub fn node_port_taken(&self, port: i32) -> bool {
        self.node_ports.binary_search(&port).is_ok()
    }

    pub fn release_node_port(&mut self, port: i32) {
        if let Ok(i) = self.node_ports.binary_search(&port) {
            self.node_ports.remove(i);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pod_ips_are_sequential_and_not_reused_at_once() {
        let mut net = Network::default();
        assert_eq!(net.allocate_pod_ip(0).as_deref(), Some("10.244.0.2"));
        assert_eq!(net.allocate_pod_ip(0).as_deref(), Some("10.244.0.3"));
        net.release_pod_ip("10.244.0.2");
        assert_eq!(net.allocate_pod_ip(0).as_deref(), Some("10.244.0.4"));
        assert_eq!(net.allocate_pod_ip(1).as_deref(), Some("10.244.1.2"));
    }

    #[test]
    fn cluster_ips_and_node_ports_stay_in_range_and_unique() {
        let mut net = Network::default();
        let mut rng = Rng::new(3);
        let mut seen = BTreeSet::new();
        for _ in 0..500 {
            let ip = net.allocate_cluster_ip(&mut rng).unwrap();
            let parts: Vec<u32> = ip.split('.').map(|p| p.parse().unwrap()).collect();
            assert!(parts[0] == 10 && (96..=111).contains(&parts[1]), "{ip}");
            assert!(seen.insert(ip));
            let port = net.allocate_node_port(&mut rng).unwrap();
            assert!(NODE_PORT_RANGE.contains(&port));
        }
        assert!(!net.reserve_node_port(*net.node_ports.iter().next().unwrap()));
    }
}

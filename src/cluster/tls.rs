//! Certificates and keys in the simulated world: what `openssl` makes in the
//! learner's shell and what `kubectl create secret tls` checks.
//!
//! Real RSA keys are too heavy to generate in the page, so the keys are
//! faithful in form only: a `PRIVATE KEY` block is a well-formed PKCS#8
//! `RSAPrivateKey` (version, modulus, exponent 65537, then the private
//! numbers) whose numbers are bytes from the cluster's seeded generator, not
//! primes; a `CERTIFICATE` is a well-formed X.509 v3 certificate (serial,
//! sha256WithRSAEncryption, issuer, validity, subject, the key's modulus as
//! its public key, the subject and authority key identifiers, CA:TRUE) whose
//! signature is random bytes. So `openssl x509 -text` reads back what `req`
//! wrote, and a pair matches exactly when the certificate's modulus is the
//! key's, which is also what Go's `tls.X509KeyPair` compares for RSA: real
//! PEMs a learner pastes are checked the same way. What this reader cannot
//! follow (another key type, DER it does not know) is accepted as long as the
//! PEM blocks are of the right types. In the page's lazy part.

use super::Cluster;
use super::time::Time;

const RSA_ENCRYPTION: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
const SHA256_WITH_RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b];
const SKI: &[u8] = &[0x55, 0x1d, 0x0e];
const AKI: &[u8] = &[0x55, 0x1d, 0x23];
const BASIC_CONSTRAINTS: &[u8] = &[0x55, 0x1d, 0x13];

/// Attribute names as `-subj` and openssl's one-line names spell them.
const ATTRIBUTES: [(&str, &[u8]); 7] = [
    ("CN", &[0x55, 0x04, 0x03]),
    ("C", &[0x55, 0x04, 0x06]),
    ("L", &[0x55, 0x04, 0x07]),
    ("ST", &[0x55, 0x04, 0x08]),
    ("O", &[0x55, 0x04, 0x0a]),
    ("OU", &[0x55, 0x04, 0x0b]),
    ("emailAddress", &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x01]),
];

// ---- DER ----

fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let n = content.len();
    if n < 0x80 {
        out.push(n as u8);
    } else if n < 0x100 {
        out.extend([0x81, n as u8]);
    } else {
        out.extend([0x82, (n >> 8) as u8, n as u8]);
    }
    out.extend_from_slice(content);
    out
}

fn seq(parts: &[Vec<u8>]) -> Vec<u8> {
    tlv(0x30, &parts.concat())
}

/// A non-negative INTEGER (a leading zero when the high bit is set).
fn int(bytes: &[u8]) -> Vec<u8> {
    let trimmed = match bytes.iter().position(|&b| b != 0) {
        Some(i) => &bytes[i..],
        None => &[0u8][..],
    };
    let mut content = Vec::new();
    if trimmed.first().is_some_and(|b| b & 0x80 != 0) {
        content.push(0);
    }
    content.extend_from_slice(trimmed);
    tlv(0x02, &content)
}

fn oid(bytes: &[u8]) -> Vec<u8> {
    tlv(0x06, bytes)
}

/// One element: (tag, content, rest).
fn read(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let tag = *input.first()?;
    let first = *input.get(1)? as usize;
    let (len, head) = if first < 0x80 {
        (first, 2)
    } else {
        let n = first & 0x7f;
        if n == 0 || n > 3 {
            return None;
        }
        let mut len = 0usize;
        for i in 0..n {
            len = (len << 8) | *input.get(2 + i)? as usize;
        }
        (len, 2 + n)
    };
    let content = input.get(head..head.checked_add(len)?)?;
    Some((tag, content, input.get(head + len..)?))
}

/// The content of an element with `tag`, and what follows it.
fn expect(input: &[u8], tag: u8) -> Option<(&[u8], &[u8])> {
    let (t, content, rest) = read(input)?;
    (t == tag).then_some((content, rest))
}

fn unsigned(content: &[u8]) -> Vec<u8> {
    let i = content.iter().position(|&b| b != 0).unwrap_or(content.len().saturating_sub(1));
    content.get(i..).unwrap_or_default().to_vec()
}

// ---- PEM ----

pub fn base64(data: &[u8]) -> String {
    super::api::base64_encode(data)
}

/// A PEM block, its body folded at 64 columns as openssl writes it.
pub fn pem(label: &str, der: &[u8]) -> String {
    let body = base64(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    let mut rest = body.as_str();
    while !rest.is_empty() {
        let (line, tail) = rest.split_at(rest.len().min(64));
        out.push_str(line);
        out.push('\n');
        rest = tail;
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

/// The blocks Go's `pem.Decode` finds, in order: (type, DER). A block whose
/// END line is missing or whose body is not base64 is skipped, as Go does.
pub fn blocks(text: &str) -> Vec<(String, Vec<u8>)> {
    let mut found = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let Some(label) = line.trim_end().strip_prefix("-----BEGIN ").and_then(|l| l.strip_suffix("-----")) else {
            continue;
        };
        let end = format!("-----END {label}-----");
        let mut body = String::new();
        let mut closed = false;
        for l in lines.by_ref() {
            if l.trim_end() == end {
                closed = true;
                break;
            }
            // Headers (`Proc-Type: …`) are not base64.
            if !l.contains(':') {
                body.push_str(l.trim());
            }
        }
        if closed && let Some(der) = super::api::base64_decode(&body) {
            found.push((label.to_string(), der));
        }
    }
    found
}

// ---- generation ----

fn random(cluster: &mut Cluster, n: usize) -> Vec<u8> {
    (0..n).map(|_| cluster.rng.below(256) as u8).collect()
}

/// A new RSA key of `bits` bits, as PKCS#8 DER.
#[inline(never)]
pub fn generate_key(cluster: &mut Cluster, bits: usize) -> Vec<u8> {
    let bytes = bits.div_ceil(8).max(8);
    let mut modulus = random(cluster, bytes);
    let half = bytes / 2;
    if let Some(b) = modulus.first_mut() {
        *b |= 0x80;
    }
    if let Some(b) = modulus.last_mut() {
        *b |= 1;
    }
    // The primes have their two top bits set (so their product has `bits`
    // bits); the other numbers are below them, as in a real key, which
    // gives a real key's length (`MIIEvAIBADAN…` for 2048 bits).
    let mut number = |len: usize, top: u8, mask: u8| {
        let mut p = random(cluster, len);
        if let Some(b) = p.first_mut() {
            *b = (*b | top) & mask;
        }
        p
    };
    let (p, q) = (number(half, 0xc0, 0xff), number(half, 0xc0, 0xff));
    let (dp, dq, qinv) = (number(half, 0x40, 0x7f), number(half, 0x40, 0x7f), number(half, 0x40, 0x7f));
    let d = number(bytes, 0x40, 0x7f);
    let rsa = seq(&[int(&[0]), int(&modulus), int(&[1, 0, 1]), int(&d), int(&p), int(&q), int(&dp), int(&dq), int(&qinv)]);
    seq(&[int(&[0]), seq(&[oid(RSA_ENCRYPTION), vec![0x05, 0x00]]), tlv(0x04, &rsa)])
}

/// `-subj /CN=a/O=b`: the attributes in order, or `None` if the text is not
/// in that form.
pub fn parse_subject(text: &str) -> Option<Vec<(String, String)>> {
    let rest = text.strip_prefix('/')?;
    let mut out = Vec::new();
    for part in rest.split('/').filter(|p| !p.is_empty()) {
        let (k, v) = part.split_once('=')?;
        out.push((k.to_string(), v.to_string()));
    }
    Some(out)
}

fn name(attributes: &[(String, String)]) -> Vec<u8> {
    let rdns: Vec<Vec<u8>> = attributes
        .iter()
        .filter_map(|(k, v)| {
            let (short, id) = ATTRIBUTES.iter().find(|(n, _)| n.eq_ignore_ascii_case(k))?;
            let tag = match *short {
                "C" => 0x13,
                "emailAddress" => 0x16,
                _ => 0x0c,
            };
            Some(tlv(0x31, &seq(&[oid(id), tlv(tag, v.as_bytes())])))
        })
        .collect();
    seq(&rdns)
}

fn asn1_time(t: Time) -> Vec<u8> {
    let (y, mo, d, h, mi, s, _) = t.civil();
    if (1950..2050).contains(&y) {
        tlv(0x17, format!("{:02}{mo:02}{d:02}{h:02}{mi:02}{s:02}Z", y % 100).as_bytes())
    } else {
        tlv(0x18, format!("{y:04}{mo:02}{d:02}{h:02}{mi:02}{s:02}Z").as_bytes())
    }
}

/// A self-signed certificate for `key` (PKCS#8 DER), valid `days` days from `now`.
#[inline(never)]
pub fn self_signed(cluster: &mut Cluster, key: &[u8], subject: &[(String, String)], days: i64, now: Time) -> Option<Vec<u8>> {
    let modulus = key_modulus("PRIVATE KEY", key).or_else(|| key_modulus("RSA PRIVATE KEY", key))?;
    let mut serial = random(cluster, 20);
    if let Some(b) = serial.first_mut() {
        *b = (*b & 0x7f).max(1);
    }
    let key_id = random(cluster, 20);
    let signature_len = modulus.len();
    let algorithm = seq(&[oid(SHA256_WITH_RSA), vec![0x05, 0x00]]);
    let mut public = vec![0u8];
    public.extend(seq(&[int(&modulus), int(&[1, 0, 1])]));
    let spki = seq(&[seq(&[oid(RSA_ENCRYPTION), vec![0x05, 0x00]]), tlv(0x03, &public)]);
    let extensions = seq(&[
        seq(&[oid(SKI), tlv(0x04, &tlv(0x04, &key_id))]),
        seq(&[oid(AKI), tlv(0x04, &seq(&[tlv(0x80, &key_id)]))]),
        seq(&[oid(BASIC_CONSTRAINTS), vec![0x01, 0x01, 0xff], tlv(0x04, &seq(&[vec![0x01, 0x01, 0xff]]))]),
    ]);
    let names = name(subject);
    let tbs = seq(&[
        tlv(0xa0, &int(&[2])),
        int(&serial),
        algorithm.clone(),
        names.clone(),
        seq(&[asn1_time(now), asn1_time(now.plus_secs(days as f64 * 86_400.0))]),
        names,
        spki,
        tlv(0xa3, &extensions),
    ]);
    let mut signature = vec![0u8];
    signature.extend(random(cluster, signature_len));
    Some(seq(&[tbs, algorithm, tlv(0x03, &signature)]))
}

// ---- reading ----

/// The RSA modulus of a private key block (`PRIVATE KEY`: PKCS#8, `RSA
/// PRIVATE KEY`: PKCS#1), if it is one this reader follows.
pub fn key_modulus(label: &str, der: &[u8]) -> Option<Vec<u8>> {
    let rsa = if label == "PRIVATE KEY" {
        let (body, _) = expect(der, 0x30)?;
        let (_, rest) = expect(body, 0x02)?;
        let (algorithm, rest) = expect(rest, 0x30)?;
        let (id, _) = expect(algorithm, 0x06)?;
        if id != RSA_ENCRYPTION {
            return None;
        }
        expect(rest, 0x04)?.0
    } else {
        der
    };
    let (body, _) = expect(rsa, 0x30)?;
    let (_, rest) = expect(body, 0x02)?;
    let (n, _) = expect(rest, 0x02)?;
    Some(unsigned(n))
}

/// What openssl prints of a certificate.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Certificate {
    pub serial: Vec<u8>,
    pub issuer: Vec<(String, String)>,
    pub subject: Vec<(String, String)>,
    pub not_before: Option<Time>,
    pub not_after: Option<Time>,
    /// The RSA modulus and exponent, if the key is RSA.
    pub modulus: Option<Vec<u8>>,
    pub exponent: u64,
    pub subject_key_id: Option<Vec<u8>>,
    pub authority_key_id: Option<Vec<u8>>,
    /// `Some(critical)` when Basic Constraints say CA:TRUE.
    pub ca: Option<bool>,
    pub signature: Vec<u8>,
}

fn dotted(id: &[u8]) -> String {
    let mut parts: Vec<u64> = Vec::new();
    let mut value = 0u64;
    for &b in id {
        value = (value << 7) | u64::from(b & 0x7f);
        if b & 0x80 == 0 {
            if parts.is_empty() {
                let first = (value / 40).min(2);
                parts.extend([first, value - 40 * first]);
            } else {
                parts.push(value);
            }
            value = 0;
        }
    }
    parts.iter().map(u64::to_string).collect::<Vec<_>>().join(".")
}

fn read_name(mut input: &[u8]) -> Option<Vec<(String, String)>> {
    let mut out = Vec::new();
    while !input.is_empty() {
        let (set, rest) = expect(input, 0x31)?;
        input = rest;
        let (pair, _) = expect(set, 0x30)?;
        let (id, rest) = expect(pair, 0x06)?;
        let (_, value, _) = read(rest)?;
        let key = ATTRIBUTES.iter().find(|(_, o)| *o == id).map_or_else(|| dotted(id), |(n, _)| n.to_string());
        out.push((key, String::from_utf8_lossy(value).into_owned()));
    }
    Some(out)
}

fn read_time(input: &[u8]) -> Option<(Time, &[u8])> {
    let (tag, content, rest) = read(input)?;
    let text = std::str::from_utf8(content).ok()?;
    let full = match tag {
        0x17 => {
            let yy: i64 = text.get(0..2)?.parse().ok()?;
            format!("{}{}", if yy < 50 { 2000 + yy } else { 1900 + yy }, text.get(2..)?)
        }
        0x18 => text.to_string(),
        _ => return None,
    };
    let f = |a: usize, b: usize| full.get(a..b);
    let rfc = format!("{}-{}-{}T{}:{}:{}Z", f(0, 4)?, f(4, 6)?, f(6, 8)?, f(8, 10)?, f(10, 12)?, f(12, 14)?);
    Some((Time::parse_rfc3339(&rfc)?, rest))
}

/// Reads an X.509 certificate's DER (`None` where this reader cannot follow it).
#[inline(never)]
pub fn parse_certificate(der: &[u8]) -> Option<Certificate> {
    let (cert, _) = expect(der, 0x30)?;
    let (tbs, rest) = expect(cert, 0x30)?;
    let (_, rest) = expect(rest, 0x30)?;
    let (signature, _) = expect(rest, 0x03)?;
    let mut c = Certificate { signature: signature.get(1..).unwrap_or_default().to_vec(), ..Default::default() };
    let mut input = tbs;
    if input.first() == Some(&0xa0) {
        input = read(input)?.2;
    }
    let (serial, rest) = expect(input, 0x02)?;
    c.serial = unsigned(serial);
    let (_, rest) = expect(rest, 0x30)?;
    let (issuer, rest) = expect(rest, 0x30)?;
    c.issuer = read_name(issuer)?;
    let (validity, rest) = expect(rest, 0x30)?;
    let (before, after) = read_time(validity)?;
    c.not_before = Some(before);
    c.not_after = Some(read_time(after)?.0);
    let (subject, rest) = expect(rest, 0x30)?;
    c.subject = read_name(subject)?;
    let (spki, mut rest) = expect(rest, 0x30)?;
    let (algorithm, key) = expect(spki, 0x30)?;
    if expect(algorithm, 0x06).map(|(id, _)| id) == Some(RSA_ENCRYPTION) {
        let (bits, _) = expect(key, 0x03)?;
        let (numbers, _) = expect(bits.get(1..)?, 0x30)?;
        let (n, numbers) = expect(numbers, 0x02)?;
        let (e, _) = expect(numbers, 0x02)?;
        c.modulus = Some(unsigned(n));
        c.exponent = e.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
    }
    // Optional unique ids, then [3] extensions.
    while let Some((tag, content, next)) = read(rest) {
        rest = next;
        if tag != 0xa3 {
            continue;
        }
        let (mut list, _) = expect(content, 0x30)?;
        while let Some((ext, next)) = expect(list, 0x30) {
            list = next;
            let (id, mut body) = expect(ext, 0x06)?;
            let mut critical = false;
            if let Some((flag, next)) = expect(body, 0x01) {
                critical = flag.first().is_some_and(|&b| b != 0);
                body = next;
            }
            let (value, _) = expect(body, 0x04)?;
            if id == SKI {
                c.subject_key_id = expect(value, 0x04).map(|(k, _)| k.to_vec());
            } else if id == AKI {
                c.authority_key_id = expect(value, 0x30).and_then(|(s, _)| expect(s, 0x80)).map(|(k, _)| k.to_vec());
            } else if id == BASIC_CONSTRAINTS {
                let is_ca = expect(value, 0x30).and_then(|(s, _)| expect(s, 0x01)).is_some_and(|(b, _)| b.first().is_some_and(|&x| x != 0));
                c.ca = is_ca.then_some(critical);
            }
        }
    }
    Some(c)
}

/// `CN = my-nginx, O = my-nginx`: openssl's one-line form of a name.
pub fn one_line(name: &[(String, String)]) -> String {
    name.iter().map(|(k, v)| format!("{k} = {v}")).collect::<Vec<_>>().join(", ")
}

/// Go's `tls.X509KeyPair` on two PEM texts: `Err` with Go's message.
#[inline(never)]
pub fn x509_key_pair(cert_pem: &str, key_pem: &str) -> Result<(), String> {
    let cert_blocks = blocks(cert_pem);
    let certs: Vec<&Vec<u8>> = cert_blocks.iter().filter(|(t, _)| t == "CERTIFICATE").map(|(_, d)| d).collect();
    let skipped: Vec<&str> = cert_blocks.iter().filter(|(t, _)| t != "CERTIFICATE").map(|(t, _)| t.as_str()).collect();
    let Some(first) = certs.first() else {
        return Err(match skipped.as_slice() {
            [] => "tls: failed to find any PEM data in certificate input".into(),
            [one] if one.ends_with("PRIVATE KEY") => "tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched".into(),
            _ => format!(
                "tls: failed to find \"CERTIFICATE\" PEM block in certificate input after skipping PEM blocks of the following types: [{}]",
                skipped.join(" ")
            ),
        });
    };
    let key_blocks = blocks(key_pem);
    let is_key = |t: &str| t == "PRIVATE KEY" || t.ends_with(" PRIVATE KEY");
    let Some((label, key)) = key_blocks.iter().find(|(t, _)| is_key(t)).cloned() else {
        let types: Vec<String> = key_blocks.into_iter().map(|(t, _)| t).collect();
        return Err(match types.as_slice() {
            [] => "tls: failed to find any PEM data in key input".into(),
            [one] if one == "CERTIFICATE" => "tls: found a certificate rather than a key in the PEM for the private key".into(),
            _ => format!(
                "tls: failed to find PEM block with type ending in \"PRIVATE KEY\" in key input after skipping PEM blocks of the following types: [{}]",
                types.join(" ")
            ),
        });
    };
    // Where both are RSA and readable, the moduli must be the same.
    let public = parse_certificate(first).and_then(|c| c.modulus);
    if let (Some(public), Some(private)) = (public, key_modulus(&label, &key))
        && public != private
    {
        return Err("tls: private key does not match public key".into());
    }
    Ok(())
}

//! `openssl` in the learner's shell, for what tutorials type (OpenSSL 3.0):
//! `req -x509 -nodes -newkey rsa:BITS -keyout K -out C -subj /CN=…` (or
//! `-key K`), `genrsa [-out K] [BITS]`, `x509 -in C -noout` with `-subject`,
//! `-issuer`, `-dates`, `-startdate`, `-enddate`, `-serial`, `-modulus`,
//! `-text`, `rsa -in K -noout -modulus`, `version`. Keys and certificates
//! are `cluster::tls`'s (well-formed, cheap, from the cluster's seeded
//! generator; dated by its virtual clock). In the page's lazy part.

use crate::cluster::Time;
use crate::cluster::tls;
use crate::kubectl::output::Output;

use super::Session;

const VERSION: &str = "OpenSSL 3.0.13 30 Jan 2024 (Library: OpenSSL 3.0.13 30 Jan 2024)\n";

#[inline(never)]
pub(crate) fn run(session: &mut Session, args: &[String]) -> Output {
    let Some((command, rest)) = args.split_first() else {
        return Output::fail("openssl : la console ne simule pas l’invite interactive d’openssl ; tapez par exemple « openssl version ».\n");
    };
    match command.as_str() {
        "version" => Output::ok(VERSION),
        "req" => req(session, rest),
        "genrsa" => genrsa(session, rest),
        "x509" => x509(session, rest),
        "rsa" => rsa(session, rest),
        "help" | "-help" | "--help" => Output::ok(
            "openssl : commandes simulées ici : version, req, genrsa, x509, rsa.\n",
        ),
        "genpkey" | "pkey" | "ecparam" | "s_client" | "dgst" | "rand" | "ca" | "verify" | "pkcs12" | "enc" => {
            Output::fail(format!(
                "openssl : « openssl {command} » n’est pas simulé ici ; commandes disponibles : version, req, genrsa, x509, rsa.\n"
            ))
        }
        other => Output::fail(format!("Invalid command '{other}'; type \"help\" for a list.\n")),
    }
}

/// The options of a subcommand: `-name [value]`, in order.
struct Options {
    list: Vec<(String, Option<String>)>,
    positional: Vec<String>,
}

impl Options {
    fn get(&self, name: &str) -> Option<&str> {
        self.list.iter().rev().find(|(n, _)| n == name).and_then(|(_, v)| v.as_deref())
    }
    fn has(&self, name: &str) -> bool {
        self.list.iter().any(|(n, _)| n == name)
    }
}

/// Reads options as openssl does: an unknown one, or one missing its value,
/// stops the command with openssl's two lines.
fn options(command: &str, args: &[String], with_value: &[&str], flags: &[&str]) -> Result<Options, Output> {
    let mut o = Options { list: Vec::new(), positional: Vec::new() };
    let mut i = 0;
    while let Some(arg) = args.get(i) {
        i += 1;
        let Some(name) = arg.strip_prefix('-').map(|n| n.strip_prefix('-').unwrap_or(n)) else {
            o.positional.push(arg.clone());
            continue;
        };
        if with_value.contains(&name) {
            let Some(value) = args.get(i) else {
                return Err(Output::fail(format!("{command}: Option -{name} needs a value\n{command}: Use -help for summary.\n")));
            };
            i += 1;
            o.list.push((name.to_string(), Some(value.clone())));
        } else if flags.contains(&name) {
            o.list.push((name.to_string(), None));
        } else {
            let what = if command == "req" { "Unknown option or message digest" } else { "Unknown option or cipher" };
            return Err(Output::fail(format!("{command}: {what}: {name}\n{command}: Use -help for summary.\n")));
        }
    }
    Ok(o)
}

/// The progress line OpenSSL 3 prints for each prime of a new RSA key:
/// candidates as dots ended by `+`, the Miller–Rabin rounds as a run of `+`.
fn progress(session: &mut Session) -> String {
    let mut line = String::new();
    let candidates = |n: u64, line: &mut String, session: &mut Session| {
        for _ in 0..n {
            let dots = 1 + session.cluster.random_below(12) as usize;
            line.push_str(&".".repeat(dots));
            line.push('+');
        }
    };
    let first = session.cluster.random_below(30);
    candidates(first, &mut line, session);
    line.push_str(&"+".repeat(64));
    line.push('*');
    let second = 5 + session.cluster.random_below(90);
    candidates(second, &mut line, session);
    line.push_str(&"+".repeat(64));
    line.push('\n');
    line
}

fn bits_of(spec: &str) -> Option<usize> {
    let bits: usize = spec.parse().ok()?;
    (512..=16384).contains(&bits).then_some(bits)
}

fn write(session: &mut Session, out: &mut Output, path: Option<&str>, text: String) -> bool {
    match path {
        None => {
            out.out(text);
            true
        }
        Some(path) => match session.files.write(path, text) {
            Ok(()) => true,
            Err(e) => {
                out.err(format!("Could not open file or uri for loading/writing {path}: {}\n", e.text()));
                out.code = 1;
                false
            }
        },
    }
}

fn read_key(session: &Session, path: &str) -> Result<(String, Vec<u8>), Output> {
    let text = session.files.read(path).map_err(|_| {
        Output::fail(format!("Could not open file or uri for loading private key from {path}\n"))
    })?;
    tls::blocks(text)
        .into_iter()
        .find(|(t, _)| t.ends_with("PRIVATE KEY"))
        .ok_or_else(|| Output::fail(format!("Could not read private key from {path}\n")))
}

fn req(session: &mut Session, args: &[String]) -> Output {
    let o = match options(
        "req",
        args,
        &["days", "newkey", "keyout", "out", "subj", "key", "config", "addext", "set_serial"],
        &["x509", "nodes", "noenc", "new", "sha256", "sha384", "sha512", "batch", "text", "noout", "verbose"],
    ) {
        Ok(o) => o,
        Err(out) => return out,
    };
    if !o.has("x509") {
        return Output::fail(
            "openssl req : seule la création d’un certificat auto-signé (-x509) est simulée ici, pas les demandes de signature (CSR).\n",
        );
    }
    let Some(subject) = o.get("subj") else {
        return Output::fail(
            "openssl req : la console ne peut pas répondre aux questions d’openssl (pays, organisation…) ; donnez le sujet avec -subj, par exemple -subj \"/CN=my-nginx/O=my-nginx\".\n",
        );
    };
    if o.get("key").is_none() && !o.has("nodes") && !o.has("noenc") {
        return Output::fail(
            "openssl req : la console ne peut pas saisir la phrase de passe de la clé ; ajoutez -nodes (clé non chiffrée).\n",
        );
    }
    let days: i64 = match o.get("days").map(str::parse) {
        None => 30,
        Some(Ok(d)) => d,
        Some(Err(_)) => return Output::fail(format!("req: Invalid number \"{}\" for option -days\n", o.get("days").unwrap_or(""))),
    };
    let mut out = Output::new();
    let key = if let Some(path) = o.get("key") {
        match read_key(session, path) {
            Ok((_, der)) => der,
            Err(e) => return e,
        }
    } else {
        let spec = o.get("newkey").unwrap_or("rsa:2048");
        let Some(bits) = spec.strip_prefix("rsa:").and_then(bits_of) else {
            return Output::fail(format!(
                "openssl req : seules les clés RSA (-newkey rsa:2048, rsa:4096…) sont simulées ici, pas « {spec} ».\n"
            ));
        };
        out.err(progress(session));
        out.err(progress(session));
        out.err("-----\n");
        let der = tls::generate_key(&mut session.cluster, bits);
        let keyout = o.get("keyout").unwrap_or("privkey.pem").to_string();
        if !write(session, &mut out, Some(&keyout), tls::pem("PRIVATE KEY", &der)) {
            return out;
        }
        der
    };
    let Some(attributes) = tls::parse_subject(subject) else {
        out.err(format!("req: subject name is expected to be in the format /type0=value0/type1=value1/type2=... where characters may be escaped by \\. This name is not in that format: '{subject}'\n"));
        out.code = 1;
        return out;
    };
    let now = session.cluster.now();
    let Some(cert) = tls::self_signed(&mut session.cluster, &key, &attributes, days, now) else {
        out.err("Could not read private key\n");
        out.code = 1;
        return out;
    };
    write(session, &mut out, o.get("out"), tls::pem("CERTIFICATE", &cert));
    out
}

fn genrsa(session: &mut Session, args: &[String]) -> Output {
    let o = match options("genrsa", args, &["out"], &["traditional", "verbose", "quiet"]) {
        Ok(o) => o,
        Err(out) => return out,
    };
    let bits = match o.positional.first() {
        None => 2048,
        Some(spec) => match bits_of(spec) {
            Some(b) => b,
            None => return Output::fail(format!("genrsa: Invalid number \"{spec}\" for option numbits\n")),
        },
    };
    let der = tls::generate_key(&mut session.cluster, bits);
    let mut out = Output::new();
    write(session, &mut out, o.get("out"), tls::pem("PRIVATE KEY", &der));
    out
}

/// `Dec  2 21:33:20 2026 GMT`.
fn date(t: Time) -> String {
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let (y, mo, d, h, mi, s, _) = t.civil();
    format!("{} {d:2} {h:02}:{mi:02}:{s:02} {y} GMT", MONTHS.get(mo as usize - 1).unwrap_or(&"Jan"))
}

fn hex_upper(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

/// Colon-separated hex, `per_line` bytes a line, each line indented.
fn hex_block(bytes: &[u8], per_line: usize, indent: &str, upper: bool) -> String {
    let mut out = String::new();
    let chunks: Vec<&[u8]> = bytes.chunks(per_line.max(1)).collect();
    for (i, chunk) in chunks.iter().enumerate() {
        let line: Vec<String> =
            chunk.iter().map(|b| if upper { format!("{b:02X}") } else { format!("{b:02x}") }).collect();
        out.push_str(indent);
        out.push_str(&line.join(":"));
        if i + 1 < chunks.len() {
            out.push(':');
        }
        out.push('\n');
    }
    out
}

fn text(c: &tls::Certificate) -> String {
    let mut w = String::from("Certificate:\n    Data:\n        Version: 3 (0x2)\n");
    if c.serial.len() <= 8 {
        let n = c.serial.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
        w.push_str(&format!("        Serial Number: {n} ({n:#x})\n"));
    } else {
        w.push_str("        Serial Number:\n");
        w.push_str(&hex_block(&c.serial, c.serial.len(), "            ", false));
    }
    w.push_str("        Signature Algorithm: sha256WithRSAEncryption\n");
    w.push_str(&format!("        Issuer: {}\n        Validity\n", tls::one_line(&c.issuer)));
    let when = |t: Option<Time>| t.map(date).unwrap_or_default();
    w.push_str(&format!("            Not Before: {}\n            Not After : {}\n", when(c.not_before), when(c.not_after)));
    w.push_str(&format!("        Subject: {}\n        Subject Public Key Info:\n", tls::one_line(&c.subject)));
    match &c.modulus {
        Some(n) => {
            let bits = n.len() * 8 - n.first().map_or(0, |b| b.leading_zeros() as usize);
            w.push_str(&format!("            Public Key Algorithm: rsaEncryption\n                Public-Key: ({bits} bit)\n                Modulus:\n"));
            let mut padded = n.clone();
            if n.first().is_some_and(|b| b & 0x80 != 0) {
                padded.insert(0, 0);
            }
            w.push_str(&hex_block(&padded, 15, "                    ", false));
            w.push_str(&format!("                Exponent: {} ({:#x})\n", c.exponent, c.exponent));
        }
        None => w.push_str("            Public Key Algorithm: id-ecPublicKey\n"),
    }
    if c.subject_key_id.is_some() || c.authority_key_id.is_some() || c.ca.is_some() {
        w.push_str("        X509v3 extensions:\n");
        if let Some(id) = &c.subject_key_id {
            w.push_str("            X509v3 Subject Key Identifier: \n");
            w.push_str(&hex_block(id, id.len(), "                ", true));
        }
        if let Some(id) = &c.authority_key_id {
            w.push_str("            X509v3 Authority Key Identifier: \n");
            w.push_str(&hex_block(id, id.len(), "                ", true));
        }
        if let Some(critical) = c.ca {
            w.push_str(&format!(
                "            X509v3 Basic Constraints:{}\n                CA:TRUE\n",
                if critical { " critical" } else { "" }
            ));
        }
    }
    w.push_str("    Signature Algorithm: sha256WithRSAEncryption\n    Signature Value:\n");
    w.push_str(&hex_block(&c.signature, 18, "        ", false));
    w
}

fn x509(session: &mut Session, args: &[String]) -> Output {
    let o = match options(
        "x509",
        args,
        &["in", "out", "inform", "outform"],
        &["noout", "subject", "issuer", "dates", "startdate", "enddate", "serial", "modulus", "text", "nameopt", "fingerprint", "sha256", "sha1", "pubkey"],
    ) {
        Ok(o) => o,
        Err(out) => return out,
    };
    let Some(path) = o.get("in") else {
        return Output::fail("openssl x509 : la console n’a pas d’entrée à lire ; donnez le fichier avec -in, par exemple -in nginx.crt.\n");
    };
    let Ok(content) = session.files.read(path) else {
        return Output::fail(format!("Could not open file or uri for loading certificate from {path}\nUnable to load certificate\n"));
    };
    let der = tls::blocks(content).into_iter().find(|(t, _)| t == "CERTIFICATE").map(|(_, d)| d);
    let Some((der, cert)) = der.and_then(|d| tls::parse_certificate(&d).map(|c| (d, c))) else {
        return Output::fail(format!("Could not read certificate from {path}\nUnable to load certificate\n"));
    };
    let mut out = Output::new();
    for (name, _) in &o.list {
        let line = match name.as_str() {
            "subject" => format!("subject={}\n", tls::one_line(&cert.subject)),
            "issuer" => format!("issuer={}\n", tls::one_line(&cert.issuer)),
            "startdate" => format!("notBefore={}\n", cert.not_before.map(date).unwrap_or_default()),
            "enddate" => format!("notAfter={}\n", cert.not_after.map(date).unwrap_or_default()),
            "dates" => format!(
                "notBefore={}\nnotAfter={}\n",
                cert.not_before.map(date).unwrap_or_default(),
                cert.not_after.map(date).unwrap_or_default()
            ),
            "serial" => format!("serial={}\n", hex_upper(&cert.serial)),
            "modulus" => format!("Modulus={}\n", cert.modulus.as_deref().map(hex_upper).unwrap_or_default()),
            "text" => text(&cert),
            "fingerprint" | "pubkey" => {
                return Output::fail(format!("openssl x509 : l’option -{name} n’est pas simulée ici.\n"));
            }
            _ => continue,
        };
        out.out(line);
    }
    if !o.has("noout") {
        let pem = tls::pem("CERTIFICATE", &der);
        match o.get("out") {
            Some(p) => {
                write(session, &mut out, Some(p), pem);
            }
            None => out.out(pem),
        }
    }
    out
}

fn rsa(session: &mut Session, args: &[String]) -> Output {
    let o = match options("rsa", args, &["in", "out"], &["noout", "modulus", "check", "text", "pubout"]) {
        Ok(o) => o,
        Err(out) => return out,
    };
    let Some(path) = o.get("in") else {
        return Output::fail("openssl rsa : donnez la clé avec -in, par exemple -in nginx.key.\n");
    };
    let (label, der) = match read_key(session, path) {
        Ok(k) => k,
        Err(e) => return e,
    };
    let mut out = Output::new();
    if o.has("modulus") {
        let n = tls::key_modulus(&label, &der).unwrap_or_default();
        out.out(format!("Modulus={}\n", hex_upper(&n)));
    }
    if o.has("check") {
        out.out("RSA key ok\n");
    }
    if !o.has("noout") {
        out.err("writing RSA key\n");
        let pem = tls::pem(&label, &der);
        write(session, &mut out, o.get("out"), pem);
    }
    out
}

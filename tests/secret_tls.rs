//! `kubectl create secret tls` against the real kubectl 1.32 client with a
//! real pair made by OpenSSL 3 (`openssl req -x509 -nodes -newkey rsa:2048`),
//! and `openssl` in the learner's shell: its keys and certificates read back,
//! matched and refused as a real pair would be.
#![cfg(not(target_arch = "wasm32"))]

use std::process::Command;

use kube_atelier::shell::Session;

const CERT: &str = "-----BEGIN CERTIFICATE-----\nMIIDLTCCAhWgAwIBAgIULSGS8jkt5tYpIk24S0v1+xyC19YwDQYJKoZIhvcNAQEL\nBQAwJjERMA8GA1UEAwwIbXktbmdpbngxETAPBgNVBAoMCG15LW5naW54MB4XDTI2\nMTIwMjIxMzMyMFoXDTI3MTIwMjIxMzMyMFowJjERMA8GA1UEAwwIbXktbmdpbngx\nETAPBgNVBAoMCG15LW5naW54MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKC\nAQEAj6bvr3aZqhvwMi2wTqWvy31WW0jKWk02Of2urrzcl0VD3lb3aoNXpdENwIsN\nwei/B53tGHSS9i5GPY+E4SACCuZlq8RZoNoKRBPd33mv7WfKIg3VKcVk5JNiF2iS\nXh5FO1W5CESRN+FavoVm2PolHAmRFImQj5Vbv87j06M0RFuohSpZPNgRp6LML7fF\nuR5OEKn+j1ZNJ9rz6mJ8qk/+kGJxuFd0WuzWTW0MEv6EKI5xoo7YbCA8Ar13Zw34\njl6irvGfxuM2cOnMcPgzViF0qbVGQZdYTSL/zUstcZUT7VxN6cgOYB70Y95iCEPz\naB3768wfOkSY9xSkrq+98H8rAQIDAQABo1MwUTAdBgNVHQ4EFgQUmVM6xA5hxH1O\n3/TXoefO71uwWuAwHwYDVR0jBBgwFoAUmVM6xA5hxH1O3/TXoefO71uwWuAwDwYD\nVR0TAQH/BAUwAwEB/zANBgkqhkiG9w0BAQsFAAOCAQEAPwB244hGnZvjZ/4Eg1ca\nN3LBnzUcX5+VDLIx4tTus2rMK6sI8dTIj7a+dGeih1om6YRyaN8PFaP5KGCbyMam\nRrdWEMQ4MGODmvQ4vDo67Fs4b9CR86Ej7PopTmSUoBijC+1aFCchxRpPCp1MSMEo\np+oO4auz0OorLjhjfpBUWW9iFrjwDccW3IT36Pdj3luA++U9otupProzDZIae44L\n/g+QsxRYWxH1VnTsq6KnaDEmuivdjVVaOuEpLo4RejZjc/u7jhqedwp+RjRVNAff\nm5yL3sEdWXGdfMzG1pJxv1XyGpcuMbceK1yGF2WGFzdKBVHPZrGgzpYYsaZlBSVk\nmA==\n-----END CERTIFICATE-----\n";
const KEY: &str = "-----BEGIN PRIVATE KEY-----\nMIIEvAIBADANBgkqhkiG9w0BAQEFAASCBKYwggSiAgEAAoIBAQCPpu+vdpmqG/Ay\nLbBOpa/LfVZbSMpaTTY5/a6uvNyXRUPeVvdqg1el0Q3Aiw3B6L8Hne0YdJL2LkY9\nj4ThIAIK5mWrxFmg2gpEE93fea/tZ8oiDdUpxWTkk2IXaJJeHkU7VbkIRJE34Vq+\nhWbY+iUcCZEUiZCPlVu/zuPTozREW6iFKlk82BGnoswvt8W5Hk4Qqf6PVk0n2vPq\nYnyqT/6QYnG4V3Ra7NZNbQwS/oQojnGijthsIDwCvXdnDfiOXqKu8Z/G4zZw6cxw\n+DNWIXSptUZBl1hNIv/NSy1xlRPtXE3pyA5gHvRj3mIIQ/NoHfvrzB86RJj3FKSu\nr73wfysBAgMBAAECggEAA3pDwOBSy05mikE9MvfQXmsAAVdtBj9Q+EztPGlk84JX\nm9H7pqscBVV4nk6cReafFa2SHPgysZdNSukgfjzpFIxfOqE9fgchRGSKh8H/2A23\nhz6eyGZxF5Z/NqvCdVkiwGzsfPTmyUh6ytqnmRbPLKzvnSSdm9g+crfs7IWKlG5u\nHu6iqFZo5B9In/t/t2oKhFRoEmnfb0ucw/nlD5jQ2zWZUD4n0jcGRB+3Pg7SynFA\nXcy/5gMUdLIq3KKHAYSeBj2lblL9PTCpm5O961rCzaR+lg1RCMfyoT3b7PRHd7rF\nuqilVe5ZNdED3hPLySpFm92QS2RQX3Isl7JYniinkQKBgQDJijxOMdCaLb/9gxoD\n6u9T2dUkDDsDS8ZVjLCr5kFGD7Rdoj++ysILa5MzVkvfZV9uE9q2ZXU8mfdK4pSA\n3bqYy4/Qurm9qKNy7HJuV+WM9dyxPZy8//J76+QARRZP2OGfHPkt7s9aTvJ69F+9\nA8akC0pvPWY4qM3nK+LLDX1zGQKBgQC2eDz9CJ01eef6sJDM4WI6LCl6BpzoCNEr\nfXrqgvhXDjJhA6mjQQO0/IauUAvCzfB2cWgkc9x/u1pB6bgjzTJ2CTmSMEtlFYQP\nj8b3VCz0Q3g/aJFtvjC3EH8mt6f/PWq9SOlOzElHMtdIrOMte7hxlUVCA7FSt8u7\naPHt6HkcKQKBgDCaitKcxt73245K2LJLLS5+oR1RacXwt0MYa97455L65JeUMmVT\nxpo0dkpyLFgSvYHxfdRxAWX9B5tiq0essXx50xQWhAbOLaTgivQ7dFubS37fCfa2\njwb9q325K5lUB4100k8WgaEY2vd2CcSurXAQXQIYv5c4dneiqM4pUbC5AoGAPdwh\ngP8MnPaJKLn3PR4juOkD3rSjOR7UGtRdeWeRXaIYfj9JoWkHIrKBzlKgyhgbL2xf\nDAyjckJH5RShMrH8K3wRInhw9wIGVWg+4daNrvm4qHaA5x2VUlqrYKrer29Y4nb3\ncZlcNmEMDz1dfyv0ab1bT3gFA6//x7daXXd0p5ECgYA+FEdyBv+hfjnoJRdvQiuK\nHwnx5tvhZn21CTTCLffFrPr4P4XFYMGydPY6m8+aVj0jUbOwLv8JHDNp9GfiFVyJ\nejTlFHw2qLoK/9sTs9HOlJmXaiBaffeNF9UrA/ZXUkzpSr+WxCb4hMZO3nuZepMj\nAUFbnwT5lrQprb2tI5dhOw==\n-----END PRIVATE KEY-----\n";
/// Another real key (`openssl genrsa 2048`): not the certificate's.
const OTHER_KEY: &str = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDFykCjs9YURQTK\nFDKmAXU+2nai7WEVf8ttyKjRdbWwddj4m7dwAcmA2vZZGtmZfHEsbfkJvU4mm+9r\nymXdYz/g+SmGzVh9+ZWMrLTNT6Gz4m5wlzFTkbZiQRa7agu3Sgmc+/E+7MU+lScx\nCYmENUSTH1X1tVtkd9s+2WzCGedonC7VrhtOXbMBwE37sOxDXzJACfJ/wHcolJU9\n9T70tW10qX1qY9H736/CascADFkq4VwvxdeaaVARveUcPyzI2grhwEEMWWp1tM/B\nluOI5AyDbo7vbq+gT2F/TY7LjEnJM4hhfcb8Qe7yBrADjILsASVAANRFBH+UL6o/\nU5yNsmhHAgMBAAECggEAWcZP6Z3eXQvovRpG1O+TeohpUdFiAAKl4Loz2gLOCX6s\nEUeIjufYwMpiB5a2zsJbkhmGcIPCvaaImQngi4iZfXFKhnudH2zSEuxvEkODN2Ve\n0G7nvjFEsbsuaLmdAMAztdPrL68DZkEH7WuRRfdxnT+bYi/DgEogsxm4Ei/0x5dT\nYsqVisbcPyswlQ7W6VdjjhwcsEYLGQlbmfYVPe9+cdxDlzcv6fVGaMmQpChyt2UZ\neidtILFEqp3cpRZryxSowQtUsQyz1Y76QZf79rWAMA+aiJMIqVtqis2aK3gGyru4\n5+nqpXqzwm+B0XSkV80TR5nwsncpqBvr3i4syhTXSQKBgQD1mfjLWYuqHFukqbMC\nw4CJGcCd/GmkmBO/ZhBnRwJDtfObPrh1sxRJl9NZTotG5w7V08So09XySFVvbljq\nHBdxlmKULBzGLgLYToO4jhahvpRIwhpXXdskX8sQw2+To4JhJMB6GkDbYoqdGsNQ\nOeI3Pw7RdypQ7HPwvUpedpF9HwKBgQDOKg/Rv+7Kq3QYHeZq96i+pKgEA1OOwJtw\nk9O5KmQVQ4jW/dKRjN8AIeiBufIqIprFiMUUdRTd/xaLhZr3lBHdxWG/jDvtrK8+\nj4vCfe7kJfGR5Vom3bcYg+2hGuSnWwGiyfZHzmAGY0KZtwJEOhAQ/FxZXnGdAzpX\nZwEN3ByH2QKBgQDIo3+HiGC7mK0ZSPUPxezkk+AycHlRWFeRney6olzsOeGIKuYA\naUqikGC9bZgEVVBeSME49s2qP4NkI+6JWmegiK2BxMPA9uemFAYxqAo/GnUDN2bT\nhr426fb3e+FT6FjjyWVgmr/vOYJps+ppSNBQN7iAUGyGbZSNz+XIY+6ZGwKBgFRE\nBvFBlPXLvIj696ozDgrWPEJfpbCMczxBf+GIPR4f23eciYuqW5+vPFyBx0SHnmEs\n9PjWni/ayrk+Y8fcAq11tu1XAUu1MG/Otl5JoPIpvCJY709BgkwH6IHX/yuUXAfQ\nqtRQuxkBS0CO9+MxJE39CDYTDzcREbCVzm1+0T6JAoGAM9lYYg3SdmXI6c9ylUyR\nilTyUvDfEW+DDc0z0ZTrGX2n7qLgPN3NnSt1lm/BSAVgV9r53wudX/ExLO1qxOGS\nh24iMu5AIY+VWC+XCN7bcpkkfQKJBdGTmWAiGkLRiYhe4ED6bZHoCsY7P3PUt+to\nE9taciyWynMoLjhbAz/qvss=\n-----END PRIVATE KEY-----\n";

fn with_files() -> Session {
    let mut s = Session::new(1, 0);
    s.files.write("tls.crt", CERT).unwrap();
    s.files.write("tls.key", KEY).unwrap();
    s.files.write("other.key", OTHER_KEY).unwrap();
    s.files.write("junk", "hello\n").unwrap();
    s
}

const COMMANDS: &[&str] = &[
    "create secret tls s --cert=tls.crt --key=tls.key --dry-run=client -o yaml",
    "create secret tls s --cert=tls.crt --key=tls.key --dry-run=client",
    "create secret tls s --cert=tls.crt --key=tls.key --append-hash --dry-run=client -o yaml",
    "create secret tls s --cert=tls.crt --key=other.key --dry-run=client",
    "create secret tls s --cert=tls.key --key=tls.key --dry-run=client",
    "create secret tls s --cert=tls.crt --key=tls.crt --dry-run=client",
    "create secret tls s --cert=junk --key=tls.key --dry-run=client",
    "create secret tls s --cert=tls.crt --key=junk --dry-run=client",
    "create secret tls s --cert=nope --key=tls.key --dry-run=client",
    "create secret tls s --cert=tls.crt --key=nope --dry-run=client",
    "create secret tls s --dry-run=client",
    "create secret tls s --cert=tls.crt --dry-run=client",
    "create secret tls --cert=tls.crt --key=tls.key",
    "create secret tls a b --cert=tls.crt --key=tls.key",
];

#[test]
fn create_secret_tls_matches_real_kubectl() {
    let kubectl = std::path::Path::new("/usr/bin/kubectl");
    if !kubectl.exists() {
        if std::env::var_os("ATELIER_SKIP_KUBECTL_PARITY").is_some() {
            eprintln!("SKIPPED: /usr/bin/kubectl is not installed; create secret tls parity not checked");
            return;
        }
        panic!("/usr/bin/kubectl (a kubectl 1.32 client) is missing: install it, or set ATELIER_SKIP_KUBECTL_PARITY=1");
    }
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("secret-tls-parity");
    std::fs::create_dir_all(&dir).unwrap();
    for (name, text) in [("tls.crt", CERT), ("tls.key", KEY), ("other.key", OTHER_KEY), ("junk", "hello\n")] {
        std::fs::write(dir.join(name), text).unwrap();
    }
    let mut mismatches = Vec::new();
    for command in COMMANDS {
        let real = Command::new(kubectl)
            .args(command.split_whitespace())
            .current_dir(&dir)
            .env("KUBECONFIG", "/nonexistent")
            .output()
            .unwrap();
        let theirs = (
            String::from_utf8_lossy(&real.stdout).to_string(),
            String::from_utf8_lossy(&real.stderr).to_string(),
            real.status.code().unwrap_or(-1),
        );
        let mut s = with_files();
        let reply = s.input(&format!("kubectl {command}"));
        let ours = (reply.output.stdout(), reply.output.stderr(), reply.output.code);
        if ours != theirs {
            mismatches.push(format!("kubectl {command}\n  ours:    {ours:?}\n  kubectl: {theirs:?}"));
        }
    }
    assert!(mismatches.is_empty(), "{} mismatches:\n{}", mismatches.len(), mismatches.join("\n"));
}

#[test]
fn a_created_tls_secret_holds_both_files() {
    let mut s = with_files();
    let out = s.input("kubectl create secret tls nginxsecret --key tls.key --cert tls.crt").output.text();
    assert_eq!(out, "secret/nginxsecret created\n");
    let out = s.input("kubectl get secret nginxsecret").output.text();
    assert!(out.contains("nginxsecret   kubernetes.io/tls   2      0s"), "{out}");
    let out = s.input("kubectl get secret nginxsecret -o jsonpath='{.data.tls\\.crt}' | base64 -d").output.text();
    assert_eq!(out, CERT);
}

#[test]
fn openssl_makes_a_pair_kubectl_accepts() {
    let mut s = Session::new(1, 0);
    let reply = s.input(
        "openssl req -x509 -nodes -days 365 -newkey rsa:2048 -keyout /tmp/nginx.key -out /tmp/nginx.crt -subj \"/CN=my-nginx/O=my-nginx\"",
    );
    let err = reply.output.stderr();
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 3, "{err}");
    assert_eq!(lines[2], "-----");
    assert!(lines[0].ends_with(&"+".repeat(64)) && lines[0].contains('*'), "{err}");
    assert_eq!(reply.output.stdout(), "");
    assert_eq!(reply.output.code, 0);
    let key = s.files.read("/tmp/nginx.key").unwrap().to_string();
    let cert = s.files.read("/tmp/nginx.crt").unwrap().to_string();
    assert!(key.starts_with("-----BEGIN PRIVATE KEY-----\nMIIEv"), "{key}");
    assert!(cert.starts_with("-----BEGIN CERTIFICATE-----\nMIID"), "{cert}");
    assert!(key.lines().all(|l| l.len() <= 64));
    let out = s.input("openssl x509 -in /tmp/nginx.crt -noout -subject -dates").output.text();
    assert_eq!(
        out,
        "subject=CN = my-nginx, O = my-nginx\nnotBefore=Mar  2 09:00:00 2026 GMT\nnotAfter=Mar  2 09:00:00 2027 GMT\n"
    );
    let out = s.input("openssl x509 -in /tmp/nginx.crt -noout -text").output.text();
    assert!(out.contains("        Issuer: CN = my-nginx, O = my-nginx\n"), "{out}");
    assert!(out.contains("                Public-Key: (2048 bit)\n"), "{out}");
    assert!(out.contains("            X509v3 Basic Constraints: critical\n                CA:TRUE\n"), "{out}");
    // The certificate's modulus is the key's.
    let a = s.input("openssl x509 -noout -modulus -in /tmp/nginx.crt").output.text();
    let b = s.input("openssl rsa -noout -modulus -in /tmp/nginx.key").output.text();
    assert_eq!(a, b);
    assert!(a.starts_with("Modulus=") && a.len() == "Modulus=".len() + 512 + 1, "{a}");
    assert_eq!(s.input("openssl genrsa -out /tmp/other.key 2048").output.text(), "");
    let out = s.input("kubectl create secret tls bad --key /tmp/other.key --cert /tmp/nginx.crt").output;
    assert_eq!((out.stderr(), out.code), ("error: tls: private key does not match public key\n".to_string(), 1));
    // A real pair pasted beside a simulated key does not match either.
    s.files.write("real.crt", CERT).unwrap();
    let out = s.input("kubectl create secret tls bad --key /tmp/nginx.key --cert real.crt").output;
    assert_eq!(out.code, 1);
    let out = s.input("kubectl create secret tls nginxsecret --key /tmp/nginx.key --cert /tmp/nginx.crt").output.text();
    assert_eq!(out, "secret/nginxsecret created\n");
}

#[test]
fn openssl_refuses_what_it_cannot_do_in_french_or_as_openssl() {
    let mut s = Session::new(1, 0);
    assert_eq!(s.input("openssl foo").output.text(), "Invalid command 'foo'; type \"help\" for a list.\n");
    assert_eq!(s.input("openssl req -foo").output.text(), "req: Unknown option or message digest: foo\nreq: Use -help for summary.\n");
    let out = s.input("openssl req -x509 -nodes -newkey rsa:2048 -keyout k -out c").output;
    assert_eq!(out.code, 1);
    assert!(out.text().contains("-subj"), "{}", out.text());
    let out = s.input("openssl x509 -in nope -noout -subject").output;
    assert_eq!(out.code, 1);
    assert!(out.text().starts_with("Could not open file or uri for loading certificate from nope\n"));
    assert!(s.input("openssl version").output.text().starts_with("OpenSSL 3.0."));
}

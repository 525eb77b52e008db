//! The cluster picture and the time bar. The picture is the view model of
//! `kubectl::picture` drawn as SVG: nodes as boxes with their pods as chips
//! (colour, glyph and words for the STATUS `kubectl get pods` shows),
//! services beside them with lines to their endpoints (ready solid, not
//! ready dashed), and, on demand, deployments → ReplicaSets → pods.
//!
//! The SVG is written as one string and set at once: at 300 pods a keyed
//! tree of components would cost more (in time and in page size) than the
//! browser's own parser. It is redrawn only when the store changed; a chip
//! new since the last drawing fades in. Events are delegated: focus or
//! hover on a chip shows its facts below; a click puts `kubectl describe
//! pod …` in the console's input.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use leptos::html;
use leptos::prelude::*;

use crate::kubectl::picture::{self, Picture, PodChip, Status};
use crate::shell::console::SPEEDS;

use super::state::{Request, Shared};

const WIDTH: i32 = 780;
const SERVICES_X: i32 = 8;
const SERVICE_W: i32 = 200;
const SERVICE_H: i32 = 44;
const NODES_X: i32 = 250;
const NODE_W: i32 = 520;
const CHIP_W: i32 = 124;
const CHIP_H: i32 = 46;
const GAP: i32 = 6;
/// Past this many pods on a node, chips shrink to a glyph.
const SMALL_PAST: usize = 40;
/// Past this many, a node shows its counts per status only.
const COUNTS_PAST: usize = 240;
const DOT: i32 = 18;

#[component]
pub fn ClusterPane() -> impl IntoView {
    let shared = expect_context::<Shared>();
    let grouping = RwSignal::new(false);
    let all_namespaces = RwSignal::new(false);
    // The pod whose facts show ("namespace/name"; empty: none).
    let selected = RwSignal::new(String::new());
    let summary = RwSignal::new(String::new());
    // The picture last drawn, for the facts of a pod; and a count of drawings.
    let last: StoredValue<Option<(Picture, String)>> = StoredValue::new(None);
    let drawings = RwSignal::new(0u64);
    let drawn: StoredValue<BTreeSet<String>> = StoredValue::new(BTreeSet::new());
    let host: NodeRef<html::Div> = NodeRef::new();

    // Drawn again only when the store changed (or an option): nothing while the cluster is still.
    Effect::new(move |_| {
        shared.store_version.track();
        let all = all_namespaces.get();
        let group = grouping.get();
        let Some(el) = host.get() else { return };
        let (p, ns) = shared.model.with_value(|m| {
            let ns = m.session.config.namespace();
            (picture::picture(&m.session.cluster, (!all).then_some(ns.as_str())), ns)
        });
        let before = drawn.get_value();
        let (svg, now) = draw(&p, group, &before);
        drawn.set_value(now);
        el.set_inner_html(&svg);
        summary.set(describe(&p));
        last.set_value(Some((p, ns)));
        drawings.update(|d| *d += 1);
    });

    let pod_of = |ev: &web_sys::Event| -> Option<String> {
        use wasm_bindgen::JsCast;
        let target: web_sys::Element = ev.target()?.dyn_into().ok()?;
        target.closest("[data-pod]").ok().flatten()?.get_attribute("data-pod")
    };
    // `kubectl describe pod NAME` (with `-n` outside the current namespace), ready to run.
    let describe_pod = move |key: &str| {
        let (ns, name) = key.split_once('/').unwrap_or(("", key));
        let current = last.with_value(|l| l.as_ref().map(|(_, ns)| ns.clone())).unwrap_or_default();
        let command = if ns == current || ns.is_empty() {
            format!("kubectl describe pod {name}")
        } else {
            format!("kubectl describe pod {name} -n {ns}")
        };
        shared.ask(Request::Paste(command));
    };
    let on_click = move |ev: leptos::ev::MouseEvent| {
        if let Some(key) = pod_of(&ev) {
            describe_pod(&key);
        }
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if (ev.key() == "Enter" || ev.key() == " ")
            && let Some(key) = pod_of(&ev)
        {
            ev.prevent_default();
            describe_pod(&key);
        }
    };
    let on_look = move |ev: web_sys::Event| {
        if let Some(key) = pod_of(&ev)
            && selected.get_untracked() != key
        {
            selected.set(key);
        }
    };

    let details = move || {
        drawings.track();
        let key = selected.get();
        let (ns, name) = key.split_once('/')?;
        let chip = last.with_value(|l| l.as_ref().and_then(|(p, _)| p.pod(ns, name).cloned()))?;
        let ns = if ns == "default" { String::new() } else { format!(" (namespace {})", escape(ns)) };
        let rows = [
            ("Pod", format!("<code>{}</code>{ns}", escape(&chip.name))),
            ("État", escape(&format!("{} {} · {}/{} prêts", chip.kind.glyph(), chip.status, chip.ready.0, chip.ready.1))),
            ("Image", format!("<code>{}</code>", escape(&chip.image_tag))),
            ("IP", escape(chip.ip.as_deref().unwrap_or("aucune"))),
            ("Nœud", escape(chip.node.as_deref().unwrap_or("aucun (non planifié)"))),
            ("Redémarrages", chip.restarts.to_string()),
            ("Labels", escape(&labels(&chip))),
        ];
        let mut html = String::new();
        for (term, value) in rows {
            let _ = write!(html, "<dt>{term}</dt><dd>{value}</dd>");
        }
        Some(html)
    };

    view! {
        <div class="cluster" data-testid="cluster">
            <TimeBar/>
            <div class="cluster-options">
                <label>
                    <input type="checkbox" data-testid="regrouper" prop:checked=move || grouping.get() on:change=move |ev| grouping.set(event_target_checked(&ev))/>
                    " Deployments et ReplicaSets"
                </label>
                <label>
                    <input type="checkbox" data-testid="tous-namespaces" prop:checked=move || all_namespaces.get() on:change=move |ev| all_namespaces.set(event_target_checked(&ev))/>
                    " Tous les namespaces (-A)"
                </label>
            </div>
            <p class="cluster-resume" data-testid="cluster-resume">{move || summary.get()}</p>
            <div
                class="schema"
                node_ref=host
                data-testid="schema"
                on:click=on_click
                on:keydown=on_keydown
                on:focusin=move |ev: leptos::ev::FocusEvent| on_look(ev.into())
                on:mouseover=move |ev: leptos::ev::MouseEvent| on_look(ev.into())
            ></div>
            <div inner_html=legend()></div>
            <dl class="fiche" data-testid="fiche-pod" inner_html=move || details().unwrap_or_default()></dl>
        </div>
    }
}

/// The picture in a sentence (also what a screen reader reads first).
fn describe(p: &Picture) -> String {
    let pods: usize = p.counts.iter().map(|(_, n)| n).sum();
    let plural = |n: usize| if n > 1 { "s" } else { "" };
    let mut s = format!("{} nœud{}, {pods} pod{}", p.nodes.len(), plural(p.nodes.len()), plural(pods));
    for (status, n) in &p.counts {
        let _ = write!(s, ", {n} {}", status.label().to_ascii_lowercase());
    }
    let _ = write!(s, "\u{a0}; {} service{}.", p.services.len(), plural(p.services.len()));
    s
}

fn labels(chip: &PodChip) -> String {
    let l: Vec<String> = chip.labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
    if l.is_empty() { "aucun".into() } else { l.join(", ") }
}

/// The legend: each state's glyph, colour and words; the two kinds of line.
/// (Static HTML: a view per item would cost the page more than it gives.)
fn legend() -> String {
    let mut html = String::from(r#"<ul class="legende" aria-label="Légende des états">"#);
    for s in Status::ALL {
        let _ = write!(
            html,
            r#"<li><span class="pastille pod-{}" aria-hidden="true">{}</span>{}</li>"#,
            s.slug(),
            s.glyph(),
            s.label()
        );
    }
    html.push_str(r#"<li><span class="trait trait-pret" aria-hidden="true"></span>endpoint prêt</li><li><span class="trait trait-pas-pret" aria-hidden="true"></span>endpoint pas prêt</li></ul>"#);
    html
}

/// Pause, play, step, speed, and the simulated time; they type the console's
/// time commands, so the console shows and journals them.
#[component]
fn TimeBar() -> impl IntoView {
    let shared = expect_context::<Shared>();
    let paused = move || shared.paused.get();
    let speed = move || shared.speed.get();
    // The cluster's own clock (what `describe` and events show), to the second.
    let clock = move || {
        let seconds = shared.clock.get() as i64;
        let (_, _, _, h, m, s, _) = crate::cluster::Time(seconds * 1000).civil();
        format!("{h:02}:{m:02}:{s:02}")
    };
    let run = move |line: &str| shared.ask(Request::Run(line.to_string()));
    // Alt+P: pause or play; Alt+N: one second. (The console uses Ctrl.)
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.alt_key() && !ev.ctrl_key() && !ev.meta_key() {
            match ev.key().as_str() {
                "p" | "P" | "π" => {
                    ev.prevent_default();
                    let p = shared.model.with_value(|m| m.paused());
                    shared.ask(Request::Run(if p { "reprendre" } else { "pause" }.into()));
                }
                "n" | "N" | "~" => {
                    ev.prevent_default();
                    shared.ask(Request::Run("avancer".into()));
                }
                _ => {}
            }
        }
    });
    on_cleanup(move || handle.remove());
    view! {
        <div class="temps" role="toolbar" aria-label="Le temps du cluster">
            <button
                type="button"
                class="bouton"
                data-testid="pause"
                aria-keyshortcuts="Alt+P"
                title="Alt+P"
                on:click=move |_| run(if paused() { "reprendre" } else { "pause" })
            >
                {move || if paused() { "Reprendre" } else { "Pause" }}
            </button>
            <button type="button" class="bouton bouton-discret" data-testid="avancer" aria-keyshortcuts="Alt+N" title="Alt+N" on:click=move |_| run("avancer")>
                "Avancer d’1\u{a0}s"
            </button>
            <label class="temps-vitesse">
                "Vitesse "
                <select
                    data-testid="vitesse"
                    on:change=move |ev| run(&format!("vitesse {}", event_target_value(&ev)))
                    prop:value=move || speed().to_string()
                >
                    {SPEEDS.iter().map(|s| view! { <option value=s.to_string()>{format!("×{s}")}</option> }).collect_view()}
                </select>
            </label>
            <span class="temps-horloge" data-testid="horloge" title="Temps simulé depuis le démarrage du cluster">
                <span class="lecteur">"Temps simulé\u{a0}: "</span>
                {clock}
                {move || paused().then_some(" (en pause)")}
            </span>
        </div>
    }
}

/// Text for SVG and HTML.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max { text.to_string() } else { text.chars().take(max - 1).collect::<String>() + "…" }
}

/// A chip's place, for the lines from services.
struct Placed {
    key: String,
    x: i32,
    y: i32,
}

/// The picture as SVG, and the pods it shows (to fade in the new ones next time).
fn draw(p: &Picture, grouping: bool, before: &BTreeSet<String>) -> (String, BTreeSet<String>) {
    let mut body = String::new();
    let mut placed: Vec<Placed> = Vec::new();
    let mut shown = BTreeSet::new();
    let mut y = 8;
    let nodes = p.nodes.iter().map(|n| (n.name.clone(), format!("{} · {} · {}", n.roles, n.status, n.ip), &n.pods, n.ready));
    let pending = (!p.pending.is_empty()).then(|| ("Non planifiés".to_string(), "en attente d’un nœud".to_string(), &p.pending, true));
    for (name, facts, pods, ready) in nodes.chain(pending) {
        let cls = if ready { "noeud" } else { "noeud noeud-absent" };
        let inner = node_height(pods.len());
        let _ = write!(
            body,
            r#"<g class="{cls}" role="group" aria-label="Nœud {n} : {c} pod(s)"><rect x="{NODES_X}" y="{y}" width="{NODE_W}" height="{h}" rx="8"/><text class="noeud-nom" x="{tx}" y="{ty}">{n}</text><text class="noeud-faits" x="{fx}" y="{ty}" text-anchor="end">{f}</text>"#,
            n = escape(&name),
            c = pods.len(),
            h = inner + 34,
            tx = NODES_X + 10,
            fx = NODES_X + NODE_W - 10,
            ty = y + 20,
            f = escape(&facts),
        );
        chips(&mut body, pods, NODES_X + 8, y + 30, before, &mut placed, &mut shown);
        body.push_str("</g>");
        y += inner + 34 + 10;
    }
    if grouping {
        y = groups(&mut body, p, y);
    }
    // Services, with a line to each endpoint pod.
    let mut sy = 8;
    let mut lines = String::new();
    for s in &p.services {
        let _ = write!(
            body,
            r#"<g class="service" role="group" aria-label="Service {n} ({t}), {e} endpoint(s)"><rect x="{SERVICES_X}" y="{sy}" width="{SERVICE_W}" height="{SERVICE_H}" rx="6"/><text class="service-nom" x="{tx}" y="{y1}">{n}</text><text class="service-entree" x="{tx}" y="{y2}">{entry}</text></g>"#,
            n = escape(&s.name),
            t = escape(&s.type_),
            e = s.endpoints.len(),
            tx = SERVICES_X + 8,
            y1 = sy + 18,
            y2 = sy + 35,
            entry = escape(&shorten(&s.entry, 30)),
        );
        for e in &s.endpoints {
            let Some(pod) = &e.pod else { continue };
            let key = format!("{}/{pod}", s.namespace);
            if let Some(c) = placed.iter().find(|c| c.key == key) {
                let cls = if e.ready { "lien" } else { "lien lien-pas-pret" };
                let _ = write!(
                    lines,
                    r#"<line class="{cls}" x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}"/>"#,
                    x1 = SERVICES_X + SERVICE_W,
                    y1 = sy + SERVICE_H / 2,
                    x2 = c.x,
                    y2 = c.y,
                );
            }
        }
        sy += SERVICE_H + 10;
    }
    let height = y.max(sy) + 8;
    let svg = format!(
        r#"<svg viewBox="0 0 {WIDTH} {height}" width="100%" role="group" aria-label="Schéma du cluster" xmlns="http://www.w3.org/2000/svg"><g class="liens" aria-hidden="true">{lines}</g>{body}</svg>"#
    );
    (svg, shown)
}

fn node_height(pods: usize) -> i32 {
    let n = pods as i32;
    if pods > COUNTS_PAST {
        return 24 * Status::ALL.len() as i32 / 2;
    }
    let (w, h) = if pods > SMALL_PAST { (DOT + 4, DOT + 4) } else { (CHIP_W + GAP, CHIP_H + GAP) };
    let cols = ((NODE_W - 16) / w).max(1);
    let rows = if n == 0 { 1 } else { (n + cols - 1) / cols };
    rows * h
}

/// A node's pods: chips, glyphs when crowded, counts when very crowded.
fn chips(
    out: &mut String,
    pods: &[PodChip],
    x0: i32,
    y0: i32,
    before: &BTreeSet<String>,
    placed: &mut Vec<Placed>,
    shown: &mut BTreeSet<String>,
) {
    if pods.is_empty() {
        let _ = write!(out, r#"<text class="vide" x="{}" y="{}">aucun pod</text>"#, x0 + 4, y0 + 18);
        return;
    }
    if pods.len() > COUNTS_PAST {
        let mut counts: Vec<(Status, usize)> = Vec::new();
        for c in pods {
            match counts.iter_mut().find(|(s, _)| *s == c.kind) {
                Some((_, n)) => *n += 1,
                None => counts.push((c.kind, 1)),
            }
        }
        for (i, (s, n)) in counts.iter().enumerate() {
            let _ = write!(
                out,
                r#"<text class="compte pod-{}" x="{}" y="{}">{} {} : {n}</text>"#,
                s.slug(),
                x0 + 4 + (i as i32 % 2) * 240,
                y0 + 18 + (i as i32 / 2) * 24,
                s.glyph(),
                s.label()
            );
        }
        return;
    }
    let small = pods.len() > SMALL_PAST;
    let (w, h) = if small { (DOT, DOT) } else { (CHIP_W, CHIP_H) };
    let cols = ((NODE_W - 16) / (w + if small { 4 } else { GAP })).max(1) as usize;
    for (i, c) in pods.iter().enumerate() {
        let x = x0 + (i % cols) as i32 * (w + if small { 4 } else { GAP });
        let y = y0 + (i / cols) as i32 * (h + if small { 4 } else { GAP });
        let key = format!("{}/{}", c.namespace, c.name);
        let new = if before.is_empty() || before.contains(&key) { "" } else { " nouveau" };
        let ready = if c.ready.0 < c.ready.1 { format!(" {}/{}", c.ready.0, c.ready.1) } else { String::new() };
        // What the chip shows, in its order (its accessible name starts
        // with its visible text), then the facts it leaves out.
        let label = format!(
            "{} {} {}{}, pod {}{}",
            shorten(&c.short_name, 20),
            c.status,
            c.image_tag,
            if ready.is_empty() { String::new() } else { format!(" {} prêts", ready.trim()) },
            c.name,
            c.ip.as_ref().map(|ip| format!(", IP {ip}")).unwrap_or_default()
        );
        let _ = write!(
            out,
            r#"<g class="puce pod-{slug}{new}" data-pod="{k}" tabindex="0" role="button" aria-label="{l}"><rect x="{x}" y="{y}" width="{w}" height="{h}" rx="5"/>"#,
            slug = c.kind.slug(),
            k = escape(&key),
            l = escape(&label),
        );
        if small {
            let _ = write!(out, r#"<text class="glyphe" x="{}" y="{}" text-anchor="middle" aria-hidden="true">{}</text>"#, x + w / 2, y + 13, c.kind.glyph());
        } else {
            let _ = write!(
                out,
                // The accessible name (the chip's label) says it all, in words.
                r#"<g aria-hidden="true"><text class="puce-nom" x="{tx}" y="{y1}">{n}</text><text class="puce-etat" x="{tx}" y="{y2}">{g} {s}</text><text class="puce-image" x="{tx}" y="{y3}">{t}{r}</text></g>"#,
                tx = x + 6,
                y1 = y + 14,
                y2 = y + 28,
                y3 = y + 41,
                n = escape(&shorten(&c.short_name, 20)),
                g = c.kind.glyph(),
                s = escape(&shorten(&c.status, 17)),
                r = if ready.is_empty() { String::new() } else { format!(" ·{ready} prêts") },
                t = escape(&shorten(&format!(":{}", c.image_tag), if ready.is_empty() { 20 } else { 10 })),
            );
        }
        out.push_str("</g>");
        placed.push(Placed { key: key.clone(), x, y: y + h / 2 });
        shown.insert(key);
    }
}

/// Deployments → ReplicaSets → pods, newest revision first; old ones faded.
fn groups(out: &mut String, p: &Picture, mut y: i32) -> i32 {
    let status_of = |ns: &str, name: &str| p.pod(ns, name).map(|c| c.kind).unwrap_or(Status::Pending);
    let all = p.deployments.iter().map(|d| (Some(d), &d.replicasets)).chain(
        (!p.replicasets.is_empty()).then_some((None, &p.replicasets)),
    );
    for (d, sets) in all {
        let title = match d {
            Some(d) => format!("deployment {} · {}/{} prêts · révision {}", d.name, d.ready, d.desired, d.revision.clone().unwrap_or_default()),
            None => "ReplicaSets sans deployment".to_string(),
        };
        let _ = write!(out, r#"<text class="groupe-titre" x="{NODES_X}" y="{}">{}</text>"#, y + 14, escape(&title));
        y += 22;
        for rs in sets.iter() {
            let cls = if rs.old { "rs rs-ancien" } else { "rs" };
            let rev = rs.revision.as_ref().map(|r| format!("rév. {r} · ")).unwrap_or_default();
            let _ = write!(
                out,
                r#"<g class="{cls}" role="group" aria-label="ReplicaSet {n}{old}, {c} pod(s)"><text class="rs-nom" x="{x}" y="{ty}">{rev}{img} · {r}/{d}</text>"#,
                n = escape(&rs.name),
                old = if rs.old { " (ancien)" } else { "" },
                c = rs.pods.len(),
                x = NODES_X + 10,
                ty = y + 13,
                img = escape(&shorten(&rs.image, 28)),
                r = rs.ready,
                d = rs.desired,
            );
            for (i, pod) in rs.pods.iter().enumerate() {
                let s = status_of(&rs.namespace, pod);
                let x = NODES_X + 250 + (i as i32 % 13) * (DOT + 3);
                let py = y + (i as i32 / 13) * (DOT + 3);
                let _ = write!(
                    out,
                    r#"<g class="puce pod-{}" data-pod="{}/{}"><rect x="{x}" y="{py}" width="{DOT}" height="{DOT}" rx="4"/><text class="glyphe" x="{}" y="{}" text-anchor="middle">{}</text></g>"#,
                    s.slug(),
                    escape(&rs.namespace),
                    escape(pod),
                    x + DOT / 2,
                    py + 13,
                    s.glyph()
                );
            }
            out.push_str("</g>");
            let rows = (rs.pods.len().max(1) as i32 + 12) / 13;
            y += rows * (DOT + 3) + 6;
        }
        y += 6;
    }
    y
}

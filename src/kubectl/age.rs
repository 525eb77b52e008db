//! Durations as kubectl prints them: `k8s.io/apimachinery/pkg/util/duration`
//! `HumanDuration` (AGE, `RESTARTS … ago`, event ages).

/// `HumanDuration` of `ms` milliseconds: `65s`, `3m15s`, `114m`, `4h12m`, `36h`, `4d7h`, `30d`, `2y3d`.
pub fn human(ms: i64) -> String {
    // Go works in nanoseconds; below one second it rounds toward zero.
    if ms < -1000 {
        return "<invalid>".into();
    }
    if ms < 0 {
        return "0s".into();
    }
    let seconds = ms / 1000;
    if seconds < 60 * 2 {
        return format!("{seconds}s");
    }
    let minutes = seconds / 60;
    if minutes < 10 {
        let s = seconds % 60;
        return if s == 0 { format!("{minutes}m") } else { format!("{minutes}m{s}s") };
    }
    if minutes < 60 * 3 {
        return format!("{minutes}m");
    }
    let hours = minutes / 60;
    if hours < 8 {
        let m = minutes % 60;
        return if m == 0 { format!("{hours}h") } else { format!("{hours}h{m}m") };
    }
    if hours < 48 {
        return format!("{hours}h");
    }
    if hours < 24 * 8 {
        let h = hours % 24;
        let days = hours / 24;
        return if h == 0 { format!("{days}d") } else { format!("{days}d{h}h") };
    }
    if hours < 24 * 365 * 2 {
        return format!("{}d", hours / 24);
    }
    if hours < 24 * 365 * 8 {
        let years = hours / 24 / 365;
        let days = hours / 24 % 365;
        return if days == 0 { format!("{years}y") } else { format!("{years}y{days}d") };
    }
    format!("{}y", hours / 24 / 365)
}

#[cfg(test)]
mod tests {
    use super::human;

    const S: i64 = 1000;
    const M: i64 = 60 * S;
    const H: i64 = 60 * M;
    const D: i64 = 24 * H;

    #[test]
    fn matches_human_duration() {
        let cases = [
            (-2 * S, "<invalid>"),
            (-500, "0s"),
            (0, "0s"),
            (999, "0s"),
            (65 * S, "65s"),
            (119 * S, "119s"),
            (2 * M, "2m"),
            (3 * M + 15 * S, "3m15s"),
            (6 * M + 36 * S, "6m36s"),
            (11 * M, "11m"),
            (114 * M, "114m"),
            (75 * M, "75m"),
            (3 * H, "3h"),
            (4 * H + 12 * M, "4h12m"),
            (16 * H, "16h"),
            (36 * H, "36h"),
            (2 * D, "2d"),
            (4 * D + 7 * H, "4d7h"),
            (30 * D, "30d"),
            (400 * D, "400d"),
            (2 * 365 * D, "2y"),
            (2 * 365 * D + 3 * D, "2y3d"),
            (9 * 365 * D, "9y"),
        ];
        for (ms, want) in cases {
            assert_eq!(human(ms), want, "{ms} ms");
        }
    }
}

//! Progress lines of `zhixin build`: each phase's wall time and the CPU time
//! the process spent in it (on a shared machine the wall time alone says
//! little; CPU time over wall time shows how well a phase uses the cores).

use std::time::Instant;

/// Times consecutive phases and prints one line per phase to stderr when on.
pub struct Phases {
    on: bool,
    prefix: &'static str,
    last: Instant,
    last_cpu: Option<(f64, f64)>,
}

impl Phases {
    /// Starts timing; `prefix` begins every line (e.g. `"index: "`).
    pub fn new(on: bool, prefix: &'static str) -> Phases {
        Phases {
            on,
            prefix,
            last: Instant::now(),
            last_cpu: if on { cpu_times() } else { None },
        }
    }

    /// Prints how long the phase that just ended took, and starts the next.
    pub fn mark(&mut self, what: &str) {
        if !self.on {
            return;
        }
        let wall = self.last.elapsed().as_secs_f64();
        let cpu = cpu_times();
        match (cpu, self.last_cpu) {
            (Some(now), Some(before)) => eprintln!(
                "  {}{what}: {wall:.1} s (cpu {:.1} s, of which system {:.1} s; resident {} MB, peak so far {} MB)",
                self.prefix,
                now.0 + now.1 - before.0 - before.1,
                now.1 - before.1,
                memory_mb("VmRSS:").unwrap_or(0),
                memory_mb("VmHWM:").unwrap_or(0)
            ),
            _ => eprintln!("  {}{what}: {wall:.1} s", self.prefix),
        }
        self.last = Instant::now();
        self.last_cpu = cpu;
    }
}

/// User + system CPU seconds of this process so far, where the OS tells
/// (Linux `/proc/self/stat`); `None` elsewhere.
pub fn cpu_seconds() -> Option<f64> {
    cpu_times().map(|(u, s)| u + s)
}

/// User and system CPU seconds of this process so far (Linux only).
fn cpu_times() -> Option<(f64, f64)> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which is in parentheses and may hold spaces).
    let rest = &stat[stat.rfind(')')? + 1..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the whole line: 11 and 12 after ')'.
    let utime: f64 = f.get(11)?.parse().ok()?;
    let stime: f64 = f.get(12)?.parse().ok()?;
    // Clock ticks are 100 per second on every Linux configuration in use.
    Some((utime / 100.0, stime / 100.0))
}

/// A memory figure of this process in MB (Linux `/proc/self/status`):
/// `VmRSS:` resident now, `VmHWM:` the most resident so far (what
/// `/usr/bin/time` reports as maximum resident set size).
fn memory_mb(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}

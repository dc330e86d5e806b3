//! Decodes one recorded command return many times with its `qmp-api` type, for a
//! profiler (`perf record`, callgrind): `cargo run --release -p qmp-bench --example
//! returns_loop -- [COMMAND] [TIMES]` (default: query-qmp-schema, 200 times).

fn main() {
    let mut args = std::env::args().skip(1);
    let command = args.next().unwrap_or_else(|| "query-qmp-schema".to_owned());
    let times: usize = args.next().and_then(|t| t.parse().ok()).unwrap_or(200);
    let recorded = qmp_bench::returns::recorded();
    let Some(entry) = recorded.iter().find(|r| r.command == command) else {
        eprintln!("no recorded return of `{command}`");
        std::process::exit(2);
    };
    for _ in 0..times {
        (entry.ours)(entry.text);
    }
    println!(
        "decoded {command} {times} times ({} bytes)",
        entry.text.len()
    );
}

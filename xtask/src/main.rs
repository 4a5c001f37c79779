//! Project automation. `cargo xtask codegen [--check] [--spec FILE]`: see `USAGE`.

mod codegen;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask codegen [--check] [--spec FILE]

  codegen           regenerate generated/ from spec/*.yaml (and the test fixtures)
  --check           write nothing; fail, naming each stale file, if generated/ differs
  --spec FILE       only this spec (a file outside spec/ is checked, not written)
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut args = args.iter().map(String::as_str);
    match args.next() {
        Some("codegen") => {
            let mut check = false;
            let mut spec = None;
            while let Some(arg) = args.next() {
                match (arg, args.clone().next()) {
                    ("--check", _) => check = true,
                    ("--spec", Some(file)) => {
                        spec = Some(file.to_owned());
                        args.next();
                    }
                    _ => return usage_error(&format!("unexpected argument `{arg}`")),
                }
            }
            codegen::run(check, spec.as_deref())
        }
        Some("-h" | "--help" | "help") => {
            print!("{USAGE}");
            ExitCode::SUCCESS
        }
        Some(other) => usage_error(&format!("unknown command `{other}`")),
        None => usage_error("no command given"),
    }
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("error: {message}\n\n{USAGE}");
    ExitCode::from(2)
}

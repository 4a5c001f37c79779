//! Project automation. `cargo xtask codegen [--check] [--spec FILE]`: see `USAGE`.

mod codegen;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask codegen [--check] [--spec FILE]
       cargo xtask synth --operations N --out FILE [--seed S]

  codegen           regenerate generated/ from spec/*.yaml (and the test fixtures)
    --check         write nothing; fail, naming each stale file, if generated/ differs
    --spec FILE     only this spec (a file outside spec/ is checked, not written)
  synth             write a valid synthetic spec with N operations and about N/2 models
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
        Some("synth") => {
            let (mut operations, mut out, mut seed) = (None, None, 1u64);
            while let Some(arg) = args.next() {
                let value = args.next();
                match (arg, value) {
                    ("--operations", Some(v)) => match v.parse::<usize>() {
                        Ok(n) if n > 0 => operations = Some(n),
                        _ => return usage_error(&format!("--operations takes a positive whole number, not `{v}`")),
                    },
                    ("--out", Some(v)) => out = Some(v.to_owned()),
                    ("--seed", Some(v)) => match v.parse() {
                        Ok(s) => seed = s,
                        Err(_) => return usage_error(&format!("--seed takes a whole number, not `{v}`")),
                    },
                    _ => return usage_error(&format!("unexpected argument `{arg}`")),
                }
            }
            let (Some(operations), Some(out)) = (operations, out) else {
                return usage_error("synth needs --operations N and --out FILE");
            };
            match std::fs::write(&out, ::codegen::synth::spec(operations, seed)) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: cannot write {out}: {e}");
                    ExitCode::FAILURE
                }
            }
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

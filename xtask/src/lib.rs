//! Project automation behind two commands: `cargo xtask ...` (cargo builds and runs it from
//! this workspace) and `cargo apis ...` (the same commands from an installed binary, which
//! skips cargo's start-up; see `src/bin/cargo-apis.rs`). See `USAGE`.

mod bench;
mod codegen;
pub mod fingerprint;
pub mod import;
pub mod openapi;

use std::path::Path;
use std::process::ExitCode;

pub use codegen::{SpecFiles, workspace_root};

const USAGE: &str = "\
usage: cargo xtask codegen [--check] [--spec FILE]
       cargo xtask synth --operations N --out FILE [--openapi FILE] [--seed S]
       cargo xtask openapi SPEC --out FILE
       cargo xtask import DOCUMENT --out spec/VENDOR [--group NAME]...
       cargo xtask bench [--quick] [--peers] [--compile] [--groups] [--overhead] [--wire] [--import] [--all]

  codegen           regenerate generated/ from spec/*.yaml (and the test fixtures)
    --check         write nothing; fail, naming each stale file, if generated/ differs
    --spec FILE     only this spec (a file outside spec/ is checked, not written)
  synth             write a valid synthetic spec with N operations and about N/2 models
    --openapi FILE  also write the same API as an OpenAPI 3.0 document (for other generators)
  openapi           write the API of one spec as an OpenAPI 3.0 document
  import            write specs from a vendor's Swagger 2.0, OpenAPI 3.x or Google Discovery
                    document (JSON or YAML): a folder `spec/VENDOR` with a file per tag or
                    resource, or one file when --out ends in `.yaml`; hand-written files in
                    the folder are kept, and win over the document
    --group NAME    only this group (a tag or resource; repeatable)
  bench             measure codegen (stages, the user's command, peak memory); with
    --peers         progenitor and openapi-generator on the same APIs (installs them)
    --compile       build times of the three generated crates
    --groups        build times of the whole Genesys module with one, five and all groups
    --overhead      the generated client against hand-written reqwest
    --wire          decode and build time of the models' JSON as generated, against serde's
                    derive on the same models
    --import        importing the whole Genesys document, then generating from it
    --all           all of the above
    --quick         fewer sizes and runs, for a smoke test
    Run it as `cargo xtask bench` built in release: `cargo run --release -p xtask -- bench`.
";

/// Runs the command in `args` (without the program name) on the checkout at `root`.
pub fn run(root: &Path, args: &[String]) -> ExitCode {
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
            codegen::run(root, check, spec.as_deref())
        }
        Some("synth") => {
            let (mut operations, mut out, mut openapi, mut seed) = (None, None, None, 1u64);
            while let Some(arg) = args.next() {
                let value = args.next();
                match (arg, value) {
                    ("--operations", Some(v)) => match v.parse::<usize>() {
                        Ok(n) if n > 0 => operations = Some(n),
                        _ => return usage_error(&format!("--operations takes a positive whole number, not `{v}`")),
                    },
                    ("--out", Some(v)) => out = Some(v.to_owned()),
                    ("--openapi", Some(v)) => openapi = Some(v.to_owned()),
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
            let text = ::codegen::synth::spec(operations, seed);
            if let Err(e) = std::fs::write(&out, &text) {
                eprintln!("error: cannot write {out}: {e}");
                return ExitCode::FAILURE;
            }
            match openapi {
                Some(file) => write_openapi(codegen::SpecFiles::one(&out, &text), &file),
                None => ExitCode::SUCCESS,
            }
        }
        Some("openapi") => {
            let (Some(spec), Some("--out"), Some(out), None) = (args.next(), args.next(), args.next(), args.next())
            else {
                return usage_error("openapi needs SPEC --out FILE");
            };
            match codegen::SpecFiles::read(Path::new(spec)) {
                Ok(files) => write_openapi(files, out),
                Err(e) => {
                    eprint!("error: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Some("import") => {
            let Some(document) = args.next() else { return usage_error("import needs DOCUMENT --out PATH") };
            let mut options = import::Options { document: document.to_owned(), out: String::new(), groups: Vec::new() };
            while let Some(arg) = args.next() {
                match (arg, args.next()) {
                    ("--out", Some(out)) => options.out = out.to_owned(),
                    ("--group", Some(group)) => options.groups.push(group.to_owned()),
                    _ => return usage_error(&format!("unexpected argument `{arg}`")),
                }
            }
            if options.out.is_empty() {
                return usage_error("import needs --out spec/VENDOR (a folder) or --out spec/NAME.yaml (one file)");
            }
            import::run(&std::env::current_dir().unwrap_or_else(|_| root.to_owned()), &options)
        }
        Some("bench") => {
            let mut options = bench::Options::default();
            for arg in args {
                match arg {
                    "--quick" => options.quick = true,
                    "--peers" => options.peers = true,
                    "--compile" => options.compile = true,
                    "--groups" => options.groups = true,
                    "--overhead" => options.overhead = true,
                    "--wire" => options.wire = true,
                    "--import" => options.import = true,
                    "--all" => {
                        options.peers = true;
                        options.compile = true;
                        options.groups = true;
                        options.overhead = true;
                        options.wire = true;
                        options.import = true;
                    }
                    _ => return usage_error(&format!("unexpected argument `{arg}`")),
                }
            }
            bench::run(&options)
        }
        // Internal: `bench` measures each command through this, in a process of its own.
        Some("measure") => {
            let rest: Vec<String> = args.skip_while(|a| *a == "--").map(str::to_owned).collect();
            bench::measure_main(&rest)
        }
        Some("-h" | "--help" | "help") => {
            print!("{USAGE}");
            ExitCode::SUCCESS
        }
        Some(other) => usage_error(&format!("unknown command `{other}`")),
        None => usage_error("no command given"),
    }
}

/// Writes the OpenAPI 3.0 document of the spec `path` (contents `text`) to `out`.
fn write_openapi(spec: codegen::SpecFiles, out: &str) -> ExitCode {
    match crate::openapi::from_input(spec.input(), crate::openapi::Success::AsDocumented) {
        Ok(document) => match std::fs::write(out, document) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: cannot write {out}: {e}");
                ExitCode::FAILURE
            }
        },
        Err(diagnostics) => {
            eprint!("{}", ::codegen::render(&diagnostics));
            ExitCode::FAILURE
        }
    }
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("error: {message}\n\n{USAGE}");
    ExitCode::from(2)
}

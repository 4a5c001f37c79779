//! What keeping the fields a spec does not list costs: the generated code as it is, against
//! the same code with every model's `unknown_fields` taken out, side by side in one run.
//! - decode time: release builds of the Genesys module decoding a 500-location listing (with
//!   and without undocumented fields in it), runs interleaved;
//! - build time: debug builds of the 1,000-operation synthetic crate, interleaved.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::measure::{cargo, measure, median};
use super::report::{read, row, section, table_head, write};

/// The two variants: as generated, and with `unknown_fields` stripped.
const VARIANTS: [&str; 2] = ["keeps unknown fields (as generated)", "without `unknown_fields`"];

pub(super) fn unknown_fields_section(root: &Path, dir: &Path, quick: bool, report: &mut String) -> Result<(), String> {
    let runs = if quick { 3 } else { 11 };
    decode(root, dir, runs, quick, report)?;
    build(root, dir, if quick { 1 } else { 3 }, if quick { 100 } else { 1000 }, report)
}

fn decode(root: &Path, dir: &Path, runs: usize, quick: bool, report: &mut String) -> Result<(), String> {
    let spec = crate::codegen::SpecFiles::read(&root.join("spec/genesys"))?;
    let code = ::codegen::generate_input(spec.input()).map_err(|d| ::codegen::render(&d))?.code;
    let codes = [code.clone(), strip(&code)?];
    let decodes = if quick { 20 } else { 200 };
    let mut binaries = Vec::new();
    for (i, code) in codes.iter().enumerate() {
        let crate_dir = dir.join(format!("unknown-fields/decode-{i}"));
        let package = format!("decode-{i}");
        scratch_crate(root, &crate_dir, &package, "genesys", code, Some(DECODE_MAIN))?;
        let target = dir.join("unknown-fields/target").display().to_string();
        let built = measure(&crate_dir, &cargo(), &["build", "-q", "--release"], &[("CARGO_TARGET_DIR", &target)])?;
        if !built.ok {
            return Err(format!("{} does not build", crate_dir.display()));
        }
        binaries.push(dir.join(format!("unknown-fields/target/release/{package}")));
    }
    section(
        report,
        "Keeping unknown fields: decode time",
        &format!(
            "Release builds of `apis::genesys` as generated and with `unknown_fields` taken out of every model, each \
             decoding a `LocationEntityListing` of 500 locations (every documented field set) {decodes} times per run; \
             median ns per decode over {runs} interleaved runs."
        ),
    );
    table_head(report, &["payload", VARIANTS[0], VARIANTS[1], "ratio"]);
    for (label, extra) in [("documented fields only", false), ("+3 undocumented fields per location", true)] {
        let payload = dir.join(format!("unknown-fields/listing-{extra}.json"));
        write(&payload, &listing(500, extra))?;
        let mut samples = vec![Vec::new(); binaries.len()];
        for _ in 0..runs {
            for (binary, samples) in binaries.iter().zip(&mut samples) {
                samples.push(run_decode(binary, &payload, decodes)?);
            }
        }
        let [keep, drop] = [median(samples[0].clone()), median(samples[1].clone())];
        row(
            report,
            &[
                label.to_owned(),
                format!("{:.0}", keep.as_nanos()),
                format!("{:.0}", drop.as_nanos()),
                format!("{:.2}", keep.as_secs_f64() / drop.as_secs_f64()),
            ],
        );
    }
    Ok(())
}

fn build(root: &Path, dir: &Path, runs: usize, n: usize, report: &mut String) -> Result<(), String> {
    let spec = dir.join(format!("synth_{n}.yaml"));
    let code =
        ::codegen::generate(&format!("spec/synth_{n}.yaml"), &read(&spec)?).map_err(|d| ::codegen::render(&d))?.code;
    let codes = [code.clone(), strip(&code)?];
    let mut crates = Vec::new();
    for (i, code) in codes.iter().enumerate() {
        let crate_dir = dir.join(format!("unknown-fields/build-{i}"));
        let package = format!("build-{i}");
        scratch_crate(root, &crate_dir, &package, &format!("synth_{n}"), code, None)?;
        let target = dir.join(format!("unknown-fields/build-target-{i}")).display().to_string();
        // Dependencies first, so that only the crate is timed.
        if !measure(&crate_dir, &cargo(), &["build", "-q"], &[("CARGO_TARGET_DIR", &target)])?.ok {
            return Err(format!("{} does not build", crate_dir.display()));
        }
        crates.push((crate_dir, package, target));
    }
    let mut samples: Vec<Vec<Duration>> = vec![Vec::new(); crates.len()];
    for _ in 0..runs {
        for ((crate_dir, package, target), samples) in crates.iter().zip(&mut samples) {
            let env = [("CARGO_TARGET_DIR", target.as_str())];
            measure(crate_dir, &cargo(), &["clean", "-q", "-p", package], &env)?;
            samples.push(measure(crate_dir, &cargo(), &["build", "-q"], &env)?.wall);
        }
    }
    section(
        report,
        "Keeping unknown fields: build time",
        &format!(
            "Debug builds of the {n}-operation synthetic crate alone (its dependencies built beforehand) as generated \
             and without `unknown_fields`, after `cargo clean -p`; median of {runs} interleaved runs."
        ),
    );
    table_head(report, &["variant", "full s", "ratio"]);
    let base = median(samples[1].clone());
    for (variant, samples) in VARIANTS.iter().zip(samples) {
        let full = median(samples);
        row(
            report,
            &[
                (*variant).to_owned(),
                format!("{:.1}", full.as_secs_f64()),
                format!("{:.2}", full.as_secs_f64() / base.as_secs_f64()),
            ],
        );
    }
    Ok(())
}

/// `code` without the `unknown_fields` of its models: the field (its doc, `#[serde(flatten)]`
/// and type, as prettyplease prints them), its initializers and its `Debug` line.
fn strip(code: &str) -> Result<String, String> {
    let mut out = String::with_capacity(code.len());
    let mut skipping = false;
    for line in code.lines() {
        let t = line.trim();
        if t.starts_with("/// The fields the server sent that the documentation does not list") {
            skipping = true;
            continue;
        }
        if skipping {
            skipping = !(t == ">," || t.ends_with("::serde_json::Value>,"));
            continue;
        }
        if t.starts_with(".field(\"unknown_fields\"") || t.starts_with("unknown_fields: ::serde_json::Map::new()") {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    let out = out.replace(", unknown_fields: ::serde_json::Map::new()", "");
    if out.contains("unknown_fields") {
        return Err("the generated code spells `unknown_fields` in a way this ablation does not know".into());
    }
    Ok(out)
}

/// A crate of `module` (and a `decode` binary, when given) in `crate_dir`.
fn scratch_crate(
    root: &Path,
    crate_dir: &Path,
    package: &str,
    module: &str,
    code: &str,
    main: Option<&str>,
) -> Result<(), String> {
    super::crates::write_crate(root, crate_dir, package, module, code)?;
    if let Some(main) = main {
        write(&crate_dir.join("src/main.rs"), &main.replace("PACKAGE", &package.replace('-', "_")))?;
    }
    Ok(())
}

/// The decoding binary: `decode FILE N` prints the mean ns of one decode.
const DECODE_MAIN: &str = r#"//! Decodes FILE as a `LocationEntityListing` N times; prints ns per decode.
fn main() {
    let mut args = std::env::args().skip(1);
    let file = args.next().expect("FILE");
    let n: u32 = args.next().and_then(|n| n.parse().ok()).expect("N");
    let bytes = std::fs::read(file).expect("readable");
    let started = std::time::Instant::now();
    for _ in 0..n {
        let listing: PACKAGE::genesys::models::LocationEntityListing =
            serde_json::from_slice(std::hint::black_box(&bytes)).expect("decodes");
        std::hint::black_box(listing);
    }
    println!("{}", started.elapsed().as_nanos() / u128::from(n));
}
"#;

fn run_decode(binary: &PathBuf, payload: &Path, n: usize) -> Result<Duration, String> {
    let output = std::process::Command::new(binary)
        .arg(payload)
        .arg(n.to_string())
        .output()
        .map_err(|e| format!("cannot run {}: {e}", binary.display()))?;
    let text = String::from_utf8_lossy(&output.stdout);
    let nanos: u64 = text.trim().parse().map_err(|_| format!("{} printed {text:?}", binary.display()))?;
    Ok(Duration::from_nanos(nanos))
}

/// A `LocationEntityListing` of `n` locations with every documented field; with `extra`, three
/// fields the spec does not list on each.
fn listing(n: usize, extra: bool) -> String {
    let entities: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            let mut location = serde_json::json!({
                "id": format!("7e0a1b2c-3d4e-4f50-8a6b-{i:012}"),
                "name": format!("Location {i}"),
                "contactUser": {"id": format!("u-{i}"), "selfUri": format!("/api/v2/users/u-{i}")},
                "emergencyNumber": {"e164": "+13175550100", "number": "317-555-0100", "type": "default"},
                "address": {"city": "Indianapolis", "country": "US", "countryName": "United States", "state": "IN",
                            "street1": "601 Interactive Way", "street2": "Floor 2", "zipcode": "46278"},
                "state": "active",
                "notes": "Front desk on floor 2",
                "version": 3,
                "path": ["a1", "b2"],
                "profileImage": [], "floorplanImage": [],
                "addressVerified": true, "addressStored": true,
                "images": "",
                "selfUri": format!("/api/v2/locations/{i}")
            });
            if extra {
                location["division"] = serde_json::json!({"id": "div-1", "name": "Home"});
                location["createdBy"] = serde_json::json!(format!("u-{i}"));
                location["tags"] = serde_json::json!(["hq", "east"]);
            }
            location
        })
        .collect();
    serde_json::json!({"entities": entities, "pageSize": n, "pageNumber": 1, "total": n, "pageCount": 1}).to_string()
}

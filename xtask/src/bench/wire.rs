//! The models' JSON as generated (impls over the runtime's `wire` module) against the same
//! models with serde's derive, side by side in one run:
//! - decode time: release builds of the Genesys module decoding a 500-location listing (with
//!   and without undocumented fields in it), runs interleaved;
//! - build time: debug builds of the 1,000-operation synthetic crate, full and incremental,
//!   interleaved.
//!
//! The derive variant is the generated text rewritten (`serde_derive`): each model's
//! `Serialize`, `Deserialize` and `DecodeStruct` impls taken out, and the derives and
//! `#[serde(...)]` attributes serde needs for the same wire format put in (renames, omitted
//! `None`s, null-tolerant required fields, flattened unknown fields, untagged unknown enum
//! values), as the generator wrote them before.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::measure::{cargo, measure, median};
use super::report::{read, row, section, table_head, touch, write};

/// The two variants: as generated, and with serde's derive.
const VARIANTS: [&str; 2] = ["wire impls (as generated)", "serde derive"];

pub(super) fn wire_section(root: &Path, dir: &Path, quick: bool, report: &mut String) -> Result<(), String> {
    let runs = if quick { 3 } else { 11 };
    decode(root, dir, runs, quick, report)?;
    build(root, dir, if quick { 1 } else { 3 }, if quick { 100 } else { 1000 }, report)
}

fn decode(root: &Path, dir: &Path, runs: usize, quick: bool, report: &mut String) -> Result<(), String> {
    let spec = crate::codegen::SpecFiles::read(&root.join("spec/genesys"))?;
    let code = ::codegen::generate_input(spec.input()).map_err(|d| ::codegen::render(&d))?.code;
    let codes = [code.clone(), serde_derive(&code)?];
    let decodes = if quick { 20 } else { 200 };
    let mut binaries = Vec::new();
    for (i, code) in codes.iter().enumerate() {
        let crate_dir = dir.join(format!("wire/decode-{i}"));
        let package = format!("decode-{i}");
        scratch_crate(root, &crate_dir, &package, "genesys", code, Some(DECODE_MAIN))?;
        let target = dir.join("wire/target").display().to_string();
        let built = measure(&crate_dir, &cargo(), &["build", "-q", "--release"], &[("CARGO_TARGET_DIR", &target)])?;
        if !built.ok {
            return Err(format!("{} does not build", crate_dir.display()));
        }
        binaries.push(dir.join(format!("wire/target/release/{package}")));
    }
    section(
        report,
        "Models' JSON: decode time, wire impls against serde's derive",
        &format!(
            "Release builds of `apis::genesys` as generated and with serde's derive on every model (both keep unknown \
             fields), each decoding a `LocationEntityListing` of 500 locations (every documented field set) {decodes} times per run; \
             median ns per decode over {runs} interleaved runs."
        ),
    );
    table_head(report, &["payload", VARIANTS[0], VARIANTS[1], "ratio"]);
    for (label, extra) in [("documented fields only", false), ("+3 undocumented fields per location", true)] {
        let payload = dir.join(format!("wire/listing-{extra}.json"));
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
    let codes = [code.clone(), serde_derive(&code)?];
    let mut crates = Vec::new();
    for (i, code) in codes.iter().enumerate() {
        let crate_dir = dir.join(format!("wire/build-{i}"));
        let package = format!("build-{i}");
        scratch_crate(root, &crate_dir, &package, &format!("synth_{n}"), code, None)?;
        let target = dir.join(format!("wire/build-target-{i}")).display().to_string();
        // Dependencies first, so that only the crate is timed.
        if !measure(&crate_dir, &cargo(), &["build", "-q"], &[("CARGO_TARGET_DIR", &target)])?.ok {
            return Err(format!("{} does not build", crate_dir.display()));
        }
        crates.push((crate_dir, package, target));
    }
    let (mut full, mut incremental): (Vec<Vec<Duration>>, Vec<Vec<Duration>>) =
        (vec![Vec::new(); crates.len()], vec![Vec::new(); crates.len()]);
    for _ in 0..runs {
        for (i, (crate_dir, package, target)) in crates.iter().enumerate() {
            let env = [("CARGO_TARGET_DIR", target.as_str())];
            measure(crate_dir, &cargo(), &["clean", "-q", "-p", package], &env)?;
            full[i].push(measure(crate_dir, &cargo(), &["build", "-q"], &env)?.wall);
            touch(&crate_dir.join("src/lib.rs"))?;
            incremental[i].push(measure(crate_dir, &cargo(), &["build", "-q"], &env)?.wall);
        }
    }
    section(
        report,
        "Models' JSON: build time, wire impls against serde's derive",
        &format!(
            "Debug builds of the {n}-operation synthetic crate alone (its dependencies built beforehand) as generated \
             and with serde's derive on every model: full after `cargo clean -p`, incremental after changing \
             `src/lib.rs`; median of {runs} interleaved runs."
        ),
    );
    table_head(report, &["variant", "full s", "ratio", "incremental s", "ratio"]);
    let (base_full, base_incremental) = (median(full[1].clone()), median(incremental[1].clone()));
    for (i, variant) in VARIANTS.iter().enumerate() {
        let (f, inc) = (median(full[i].clone()), median(incremental[i].clone()));
        row(
            report,
            &[
                (*variant).to_owned(),
                format!("{:.1}", f.as_secs_f64()),
                format!("{:.2}", f.as_secs_f64() / base_full.as_secs_f64()),
                format!("{:.1}", inc.as_secs_f64()),
                format!("{:.2}", inc.as_secs_f64() / base_incremental.as_secs_f64()),
            ],
        );
    }
    Ok(())
}

/// The impls the derive variant takes out, by how their first line starts.
const WIRE_IMPLS: [&str; 3] = [
    "impl ::serde::Serialize for ",
    "impl<'de> ::serde::Deserialize<'de> for ",
    "impl ::apis_runtime::internal::DecodeStruct for ",
];

/// What the derive variant needs of a model, read from its wire impls.
#[derive(Default)]
struct Wire {
    /// An object model's fields: Rust name -> (wire name as a literal, required).
    fields: std::collections::HashMap<String, (String, bool)>,
    /// A string enum's values: variant -> value as a literal.
    values: std::collections::HashMap<String, String>,
    string_enum: bool,
}

/// `code` (a generated module, as prettyplease prints it) with serde's derive on its models
/// instead of the wire impls; an error where the text is not as this rewrite expects.
fn serde_derive(code: &str) -> Result<String, String> {
    let lines: Vec<&str> = code.lines().collect();
    // The models module, from its opening line to its closing brace.
    let open = lines.iter().position(|l| *l == "pub mod models {").ok_or("no `pub mod models`")?;
    let close = open + lines[open..].iter().position(|l| *l == "}").ok_or("no end to `pub mod models`")?;
    let items: Vec<_> = items_at_depth_one(&lines).into_iter().filter(|i| i.start > open && i.end <= close).collect();
    // Pass 1: what each model's impls say.
    let mut models: std::collections::HashMap<String, Wire> = std::collections::HashMap::new();
    for item in &items {
        let Some((header, name)) = item_header(&lines[item.clone()]) else { continue };
        let wire = models.entry(name).or_default();
        if header == WIRE_IMPLS[0] {
            // One statement per field, which prettyplease may have wrapped over lines.
            let text: Vec<&str> = lines[item.clone()].iter().map(|l| l.trim()).collect();
            let text = text.join(" ").replace("( ", "(").replace(", )", ")");
            for statement in text.split(';').map(str::trim) {
                let field = statement.strip_prefix("map.").and_then(|r| r.split_once('(')).filter(|(k, _)| *k != "end");
                if let Some((kind, rest)) = field {
                    let (wire_name, field) = rest
                        .strip_suffix(")?")
                        .and_then(|r| r.split_once(", &self."))
                        .ok_or_else(|| format!("cannot read the field in `{statement}`"))?;
                    wire.fields.insert(field.to_owned(), (wire_name.to_owned(), kind == "required"));
                }
            }
            wire.string_enum |= text.contains("serializer.serialize_str(self.as_str())");
        }
        if header == "impl " {
            // `as_str`'s arms `Self::Variant => "value",`, which may be wrapped over lines.
            let text: Vec<&str> = lines[item.clone()].iter().map(|l| l.trim()).collect();
            let text = text.join(" ");
            for arm in text.split("Self::").skip(1) {
                let Some((variant, rest)) = arm.split_once(" => ") else { continue };
                if let Some(value) = string_literal(rest.trim_start_matches("{ ")) {
                    wire.values.insert(variant.to_owned(), value.to_owned());
                }
            }
        }
    }
    // Pass 2: the text without the wire impls, with the derives.
    let mut out = String::with_capacity(code.len() + code.len() / 4);
    let push = |out: &mut String, lines: &[&str]| {
        for line in lines {
            out.push_str(line);
            out.push('\n');
        }
    };
    let mut at = 0;
    for item in &items {
        push(&mut out, &lines[at..item.start]);
        at = item.end;
        let body = &lines[item.clone()];
        if item_header(body).is_some_and(|(header, _)| WIRE_IMPLS.contains(&header)) {
            continue;
        }
        let model = body.iter().find_map(|l| {
            let t = l.strip_prefix("    ")?;
            t.strip_prefix("pub struct ").or_else(|| t.strip_prefix("pub enum "))?.strip_suffix(" {")
        });
        match model.and_then(|name| models.get(name)) {
            Some(wire) => derive(body, wire, &mut out)?,
            None => push(&mut out, body),
        }
    }
    push(&mut out, &lines[at..close]);
    out.push_str(REQUIRED);
    push(&mut out, &lines[close..]);
    if out.contains("DecodeStruct") || out.contains("decode_enum") {
        return Err("the generated models spell their wire impls in a way this rewrite does not know".into());
    }
    Ok(out)
}

/// serde's `deserialize_with` for required fields, at the end of the models module.
const REQUIRED: &str = "    fn required<'de, D, T>(deserializer: D) -> ::std::result::Result<T, D::Error>
    where
        D: ::serde::Deserializer<'de>,
        T: ::serde::Deserialize<'de> + ::std::default::Default,
    {
        let value: ::std::option::Option<T> = ::serde::Deserialize::deserialize(deserializer)?;
        ::std::result::Result::Ok(value.unwrap_or_default())
    }
";

/// A model's struct or enum with serde's derive and attributes.
fn derive(body: &[&str], wire: &Wire, out: &mut String) -> Result<(), String> {
    let mut derived = false;
    for line in body {
        let t = line.trim_start();
        let indent = &line[..line.len() - t.len()];
        if !derived && indent.len() == 4 && t.starts_with("#[derive(") {
            let t = t.strip_suffix(")]").ok_or_else(|| format!("a derive on more than one line: `{t}`"))?;
            out.push_str(&format!("{indent}{t}, ::serde::Serialize, ::serde::Deserialize)]\n"));
            derived = true;
            continue;
        }
        if indent.len() == 8 {
            let attribute = if let Some(field) = t.strip_prefix("pub ").and_then(|r| r.split_once(':')).map(|(f, _)| f)
            {
                match wire.fields.get(field) {
                    Some((name, true)) => Some(format!("rename = {name}, default, deserialize_with = \"required\"")),
                    Some((name, false)) => Some(format!(
                        "rename = {name}, default, skip_serializing_if = \"::std::option::Option::is_none\""
                    )),
                    None if field == "unknown_fields" => Some("flatten".to_owned()),
                    None => return Err(format!("no wire name for the field `{field}`")),
                }
            } else if wire.string_enum && t.starts_with("UnknownValue(") {
                Some("untagged".to_owned())
            } else if let Some(variant) = t.strip_suffix(',').filter(|_| wire.string_enum && !t.starts_with("///")) {
                Some(format!(
                    "rename = {}",
                    wire.values.get(variant).ok_or_else(|| format!("no value for the variant `{variant}`"))?
                ))
            } else {
                None
            };
            if let Some(attribute) = attribute {
                out.push_str(&format!("{indent}#[serde({attribute})]\n"));
            }
        }
        out.push_str(line);
        out.push('\n');
    }
    if derived { Ok(()) } else { Err("a model without a derive".into()) }
}

/// The string literal `text` starts with, quotes and escapes included.
fn string_literal(text: &str) -> Option<&str> {
    let rest = text.strip_prefix('"')?;
    let mut escaped = false;
    for (i, c) in rest.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => return Some(&text[..i + 2]),
            _ => escaped = false,
        }
    }
    None
}

/// The line ranges of the items directly inside a module (at four spaces): from the first
/// line of their docs or attributes to their closing line.
fn items_at_depth_one(lines: &[&str]) -> Vec<std::ops::Range<usize>> {
    let mut items = Vec::new();
    let mut start = None;
    for (i, line) in lines.iter().enumerate() {
        let Some(t) = line.strip_prefix("    ").filter(|t| !t.starts_with(' ')) else { continue };
        let start_here = *start.get_or_insert(i);
        let attribute = t.starts_with("#[") || t.starts_with("///") || t == ")]";
        if t == "}" || (t.ends_with(';') && !attribute) {
            items.push(start_here..i + 1);
            start = None;
        }
    }
    items
}

/// An item's header (one of `WIRE_IMPLS`, or `"impl "` for an inherent impl) and the type it is
/// for; prettyplease wraps a long header before `for`.
fn item_header(item: &[&str]) -> Option<(&'static str, String)> {
    let first = item.iter().position(|l| l.strip_prefix("    ").is_some_and(|t| t.starts_with("impl")))?;
    let mut line = String::new();
    for l in &item[first..] {
        line.push_str(l.trim());
        if let Some(header) = line.strip_suffix(" {") {
            for prefix in WIRE_IMPLS {
                if let Some(name) = header.strip_prefix(prefix) {
                    return Some((prefix, name.to_owned()));
                }
            }
            return header
                .strip_prefix("impl ")
                .filter(|name| !name.contains(' '))
                .map(|name| ("impl ", name.to_owned()));
        }
        line.push(' ');
    }
    None
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The rewrite reads every model of the checked-in Genesys module and writes what serde's
    /// derive needs for the same wire format.
    #[test]
    fn the_derive_variant_of_the_genesys_module_is_the_derive_of_each_model() {
        let root = crate::codegen::workspace_root();
        let code = std::fs::read_to_string(root.join("generated/src/genesys.rs")).expect("the checked-in module");
        let derived = serde_derive(&code).expect("rewritten");
        if let Ok(out) = std::env::var("WIRE_DERIVE_OUT") {
            std::fs::write(out, &derived).expect("written");
        }
        let derive = "::serde::Serialize, ::serde::Deserialize)]";
        let models = code.matches("fn serialize<S: ::serde::Serializer>").count();
        assert_eq!(derived.matches(derive).count(), models + code.matches(derive).count());
        for expected in [
            "#[serde(rename = \"version\", default, deserialize_with = \"required\")]\n        pub version: i32,",
            "#[serde(rename = \"primaryContactInfo\", default, skip_serializing_if = \"::std::option::Option::is_none\")]\n        pub primary_contact_info:",
            "#[serde(flatten)]\n        pub unknown_fields:",
            "#[serde(rename = \"deleted\")]\n        Deleted,",
            "#[serde(untagged)]\n        UnknownValue(::std::string::String),",
            "fn required<'de, D, T>(deserializer: D)",
        ] {
            assert!(derived.contains(expected), "{expected}");
        }
    }
}

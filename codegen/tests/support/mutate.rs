//! Random edits of spec text, the way hand edits go wrong: lines deleted, duplicated,
//! re-indented, swapped, values replaced. Shared by the mutation and compile tests.

/// xorshift64*: enough randomness for choosing edits, no dependency.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Replacement values that are each wrong somewhere: other types, other shapes, bad names.
const VALUES: &[&str] = &[
    "",
    "~",
    "0",
    "-1",
    "true",
    "[]",
    "{}",
    "String",
    "array<",
    "map<Nope>",
    "'{x}'",
    "/a/{b}/{b}",
    "GET",
    "get",
    "path",
    "query",
    "header",
    "Nope",
    "\"1\"",
    "99999999999999999999",
    "[a, b]",
    "{any: []}",
    "all",
    "none",
    "self",
    "type",
    "\"\"",
    "'a: b'",
    "|",
    "&a",
    "*a",
    "!!binary x",
    "ÄÖÜ",
    "\t",
];

/// `text` with one to three random edits.
pub fn mutate(text: &str, rng: &mut Rng) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    for _ in 0..1 + rng.below(3) {
        if lines.is_empty() {
            break;
        }
        let i = rng.below(lines.len());
        match rng.below(7) {
            0 => {
                lines.remove(i);
            }
            1 => {
                let line = lines[i].clone();
                lines.insert(i, line);
            }
            2 => lines[i] = format!("{}{}", " ".repeat(1 + rng.below(3)), lines[i]),
            3 => lines[i] = lines[i].trim_start().to_owned(),
            4 => {
                let j = rng.below(lines.len());
                lines.swap(i, j);
            }
            5 => {
                // Swap the values of two `key: value` lines.
                let j = rng.below(lines.len());
                let (a, b) = (lines[i].split_once(": "), lines[j].split_once(": "));
                if let (Some((ka, va)), Some((kb, vb))) = (a, b) {
                    let (na, nb) = (format!("{ka}: {vb}"), format!("{kb}: {va}"));
                    lines[i] = na;
                    lines[j] = nb;
                }
            }
            _ => {
                if let Some((key, _)) = lines[i].split_once(": ") {
                    lines[i] = format!("{key}: {}", VALUES[rng.below(VALUES.len())]);
                }
            }
        }
    }
    lines.join("\n")
}

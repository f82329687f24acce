//! Property tests for the formatter over generated designs: random statements, blocks, lists,
//! values and edges, written with random spacing, line breaks, commas, blank lines, comments and
//! line endings. Every generated design must parse, and formatting it must be idempotent, keep
//! its meaning and its comments; re-indenting a formatted design, adding trailing spaces or
//! blank lines must not change how it formats.

use proptest::prelude::*;
use proptest::sample::select;

use mlsd::source::Source;

use crate::fmt::format_checked;

// ---------------------------------------------------------------------------------------------
// The generated tree

#[derive(Clone, Debug)]
enum Val {
    Str(Vec<char>),
    Num { neg: bool, zeros: usize, int: u32, frac: Option<String>, unit: &'static str },
    Bool(bool),
    Word { path: String, at: Option<&'static str>, cmp: Option<(&'static str, String)>, note: Option<Vec<char>> },
    List(Vec<Val>),
}

#[derive(Clone, Debug)]
enum Entry {
    Prop(String, Val),
    Block(String, Vec<Entry>),
    Child(Comp),
}

#[derive(Clone, Debug)]
struct Comp {
    kind: &'static str,
    id: &'static str,
    label: Option<Vec<char>>,
    body: Option<Vec<Entry>>,
}

#[derive(Clone, Debug)]
enum Stmt {
    Prop(&'static str, Val),
    Block(&'static str, Vec<Entry>),
    Comp(Comp),
    Group { id: &'static str, label: Option<Vec<char>>, items: Vec<Stmt> },
    Edge { chain: Vec<Vec<String>>, kind: Option<&'static str>, label: Option<Vec<char>>, body: Option<Vec<Entry>> },
}

const IDS: &[&str] = &["a", "b", "m", "s", "fs", "x_1", "n-2", "_u"];
const KEYS: &[&str] =
    &["task", "tech", "mode", "type", "pii", "metrics", "latency", "rate", "dau", "p99", "lint-allow"];
const KINDS: &[&str] = &["model", "serving", "dataset", "feature_store", "data_source", "monitor", "widget"];
const TOP_KEYS: &[&str] = &["title", "direction", "description", "colour"];
const BLOCKS: &[&str] = &["requirements", "metrics", "lint", "extra"];
const UNITS: &[&str] = &["", "", "ms", "s", "min", "d", "k", "K", "M", "B", "%", "KB", "GiB", "k/s", "K/day", "/h"];
const STRING_CHARS: &[char] = &['a', 'b', ' ', '"', '\\', '\n', '\t', '#', '{', '}', ',', 'é', '✓'];

fn text() -> impl Strategy<Value = Vec<char>> {
    prop::collection::vec(select(STRING_CHARS), 0..6)
}

fn path() -> impl Strategy<Value = String> {
    prop::collection::vec(select(KEYS), 1..3).prop_map(|parts| parts.join("."))
}

fn endpoint() -> impl Strategy<Value = String> {
    (select(IDS), prop::option::of(select(IDS)))
        .prop_map(|(a, b)| b.map_or_else(|| a.to_string(), |b| format!("{a}.{b}")))
}

fn number_text() -> impl Strategy<Value = String> {
    (any::<bool>(), 0usize..3, 0u32..1000, prop::option::of("[0-9]{1,3}"), select(UNITS)).prop_map(
        |(neg, zeros, int, frac, unit)| {
            let frac = frac.map(|f| format!(".{f}")).unwrap_or_default();
            format!("{}{}{int}{frac}{unit}", if neg { "-" } else { "" }, "0".repeat(zeros))
        },
    )
}

fn value() -> impl Strategy<Value = Val> {
    let leaf = prop_oneof![
        text().prop_map(Val::Str),
        (any::<bool>(), 0usize..3, 0u32..1000, prop::option::of("[0-9]{1,3}"), select(UNITS))
            .prop_map(|(neg, zeros, int, frac, unit)| Val::Num { neg, zeros, int, frac, unit }),
        any::<bool>().prop_map(Val::Bool),
        (
            path(),
            prop::option::of(select(&["10", "k", "iou0.7", "champion"][..])),
            prop::option::of((select(&[">=", "<=", ">", "<", "==", "!="][..]), number_text())),
            prop::option::of(text()),
        )
            .prop_map(|(path, at, cmp, note)| Val::Word { path, at, cmp, note }),
    ];
    leaf.prop_recursive(2, 10, 4, |inner| prop::collection::vec(inner, 0..4).prop_map(Val::List))
}

fn component(body: impl Strategy<Value = Vec<Entry>>) -> impl Strategy<Value = Comp> {
    (select(KINDS), select(IDS), prop::option::of(text()), prop::option::of(body))
        .prop_map(|(kind, id, label, body)| Comp { kind, id, label, body })
}

fn entry() -> impl Strategy<Value = Entry> {
    let leaf = (path(), value()).prop_map(|(k, v)| Entry::Prop(k, v));
    leaf.prop_recursive(3, 12, 4, |inner| {
        prop_oneof![
            (path(), prop::collection::vec(inner.clone(), 0..4)).prop_map(|(k, e)| Entry::Block(k, e)),
            component(prop::collection::vec(inner, 0..3)).prop_map(Entry::Child),
        ]
    })
}

fn body() -> impl Strategy<Value = Vec<Entry>> {
    prop::collection::vec(entry(), 0..5)
}

fn statement() -> impl Strategy<Value = Stmt> {
    let leaf = prop_oneof![
        (select(TOP_KEYS), value()).prop_map(|(k, v)| Stmt::Prop(k, v)),
        (select(BLOCKS), body()).prop_map(|(n, b)| Stmt::Block(n, b)),
        component(body()).prop_map(Stmt::Comp),
        (
            prop::collection::vec(prop::collection::vec(endpoint(), 1..3), 2..4),
            prop::option::of(select(&["lookup", "data", "trains", "bogus"][..])),
            prop::option::of(text()),
            prop::option::of(prop::collection::vec(entry(), 0..3)),
        )
            .prop_map(|(chain, kind, label, body)| Stmt::Edge { chain, kind, label, body }),
    ];
    leaf.prop_recursive(2, 16, 5, |inner| {
        (select(IDS), prop::option::of(text()), prop::collection::vec(inner, 0..5))
            .prop_map(|(id, label, items)| Stmt::Group { id, label, items })
    })
}

fn design() -> impl Strategy<Value = Vec<Stmt>> {
    prop::collection::vec(statement(), 0..8)
}

// ---------------------------------------------------------------------------------------------
// Writing a tree with random style
//
// Every choice reads one byte of `style`; when the bytes run out every choice is 0, which is
// the plainest style, so shrinking a failure also simplifies its layout.

const COMMENTS: &[&str] = &["# note", "#", "# a { b } \"c\" # d", "#x", "# é ✓  "];

struct Writer<'a> {
    out: String,
    style: &'a [u8],
    at: usize,
    eol: &'static str,
}

impl Writer<'_> {
    fn choice(&mut self, n: usize) -> usize {
        let b = self.style.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        usize::from(b) % n
    }

    /// True about once in `n` choices (never when the style has run out).
    fn sometimes(&mut self, n: usize) -> bool {
        self.choice(n) == 1
    }

    fn pick<T: Copy>(&mut self, options: &[T]) -> T {
        options[self.choice(options.len())]
    }

    fn push(&mut self, s: &str) {
        self.out.push_str(s);
    }

    /// Optional horizontal space.
    fn space(&mut self) {
        let s = self.pick(&[" ", "", "  ", "\t"]);
        self.push(s);
    }

    /// Required horizontal space.
    fn gap(&mut self) {
        let s = self.pick(&[" ", "\t", "   ", " \t "]);
        self.push(s);
    }

    /// Ends a line where the grammar allows it: maybe a trailing comment, maybe trailing
    /// spaces, then blank lines and own-line comments, and the indentation of the next line.
    fn newline(&mut self, depth: usize) {
        if self.sometimes(4) {
            self.space();
            let c = self.pick(COMMENTS);
            self.push(c);
        }
        if self.sometimes(6) {
            self.push("  ");
        }
        let eol = self.eol;
        self.push(eol);
        for _ in 0..self.pick(&[0, 0, 0, 1, 2]) {
            if self.sometimes(3) {
                self.push(" \t");
            }
            self.push(eol);
        }
        while self.sometimes(5) {
            self.indent(depth);
            let c = self.pick(COMMENTS);
            self.push(c);
            self.push(eol);
            if self.sometimes(4) {
                self.push(eol);
            }
        }
        self.indent(depth);
    }

    fn indent(&mut self, depth: usize) {
        match self.choice(4) {
            0 => self.out.push_str(&"  ".repeat(depth)),
            1 => self.out.push_str(&"\t".repeat(depth)),
            2 => self.out.push_str(&" ".repeat(depth * 3 + 1)),
            _ => {}
        }
    }

    fn string(&mut self, chars: &[char]) {
        self.push("\"");
        for &c in chars {
            match c {
                '"' => self.push("\\\""),
                '\\' => self.push("\\\\"),
                '\n' => self.push("\\n"),
                '\t' => {
                    let s = self.pick(&["\\t", "\t"]);
                    self.push(s);
                }
                c => self.out.push(c),
            }
        }
        self.push("\"");
    }

    fn value(&mut self, v: &Val, depth: usize) {
        match v {
            Val::Str(s) => self.string(s),
            Val::Num { neg, zeros, int, frac, unit } => {
                let text = format!(
                    "{}{}{int}{}{unit}",
                    if *neg { "-" } else { "" },
                    "0".repeat(*zeros),
                    frac.as_ref().map(|f| format!(".{f}")).unwrap_or_default()
                );
                self.push(&text);
            }
            Val::Bool(b) => self.push(if *b { "true" } else { "false" }),
            Val::Word { path, at, cmp, note } => {
                self.push(path);
                if let Some(at) = at {
                    self.push("@");
                    self.push(at);
                }
                if let Some((op, n)) = cmp {
                    self.space();
                    self.push(op);
                    self.space();
                    self.push(n);
                }
                if let Some(note) = note {
                    self.space();
                    self.string(note);
                }
            }
            Val::List(items) => {
                self.push("[");
                for (i, item) in items.iter().enumerate() {
                    if self.sometimes(3) {
                        self.newline(depth + 1);
                    } else if i > 0 {
                        self.space();
                    }
                    self.value(item, depth + 1);
                    if i + 1 < items.len() || self.sometimes(3) {
                        if self.sometimes(8) {
                            self.newline(depth + 1);
                        }
                        self.push(",");
                    }
                }
                if self.sometimes(3) {
                    self.newline(depth);
                }
                self.push("]");
            }
        }
    }

    fn body(&mut self, entries: &[Entry], depth: usize) {
        self.push("{");
        for (i, entry) in entries.iter().enumerate() {
            if i == 0 {
                if self.sometimes(2) {
                    self.newline(depth + 1);
                } else {
                    self.space();
                }
            } else {
                match self.choice(6) {
                    0 => {
                        self.push(",");
                        self.space();
                    }
                    1 => self.newline(depth + 1),
                    2 => self.gap(),
                    3 => {
                        self.push(",");
                        self.newline(depth + 1);
                    }
                    4 => self.push(", ,"),
                    _ => {
                        self.newline(depth + 1);
                        self.push(",");
                        self.newline(depth + 1);
                    }
                }
            }
            self.entry(entry, depth + 1);
        }
        if !entries.is_empty() && self.sometimes(3) {
            self.push(",");
        }
        if self.sometimes(2) {
            self.newline(depth);
        } else {
            self.space();
        }
        self.push("}");
    }

    fn entry(&mut self, entry: &Entry, depth: usize) {
        match entry {
            Entry::Prop(key, v) => self.property(key, v, depth),
            Entry::Block(key, entries) => {
                self.push(key);
                self.space();
                self.body(entries, depth);
            }
            Entry::Child(c) => self.component(c, depth),
        }
    }

    fn property(&mut self, key: &str, v: &Val, depth: usize) {
        self.push(key);
        self.space();
        self.push(":");
        self.space();
        self.value(v, depth);
    }

    fn component(&mut self, c: &Comp, depth: usize) {
        self.push(c.kind);
        self.gap();
        self.push(c.id);
        if let Some(label) = &c.label {
            self.space();
            self.string(label);
        }
        if let Some(body) = &c.body {
            self.space();
            self.body(body, depth);
        }
    }

    fn statement(&mut self, stmt: &Stmt, depth: usize) {
        match stmt {
            Stmt::Prop(key, v) => self.property(key, v, depth),
            Stmt::Block(name, entries) => {
                self.push(name);
                self.space();
                self.body(entries, depth);
            }
            Stmt::Comp(c) => self.component(c, depth),
            Stmt::Group { id, label, items } => {
                self.push("group");
                self.gap();
                self.push(id);
                if let Some(label) = label {
                    self.space();
                    self.string(label);
                }
                self.space();
                self.push("{");
                if items.len() <= 1 && self.sometimes(2) {
                    for item in items {
                        self.space();
                        self.statement(item, depth + 1);
                    }
                    self.space();
                } else {
                    for item in items {
                        self.newline(depth + 1);
                        self.statement(item, depth + 1);
                    }
                    self.newline(depth);
                }
                self.push("}");
            }
            Stmt::Edge { chain, kind, label, body } => {
                for (i, ends) in chain.iter().enumerate() {
                    if i > 0 {
                        self.space();
                        self.push("->");
                        self.space();
                    }
                    for (j, end) in ends.iter().enumerate() {
                        if j > 0 {
                            self.space();
                            self.push(",");
                            self.space();
                        }
                        self.push(end);
                    }
                }
                if let Some(kind) = kind {
                    self.space();
                    self.push("[");
                    self.space();
                    self.push(kind);
                    self.space();
                    self.push("]");
                }
                if let Some(label) = label {
                    self.space();
                    self.push(":");
                    self.space();
                    self.string(label);
                }
                if let Some(body) = body {
                    self.space();
                    self.body(body, depth);
                }
            }
        }
    }
}

fn write(design: &[Stmt], style: &[u8]) -> String {
    let mut w = Writer { out: String::new(), style, at: 0, eol: "\n" };
    if w.sometimes(5) {
        w.eol = "\r\n";
    }
    if w.sometimes(3) {
        w.newline(0);
    }
    for (i, stmt) in design.iter().enumerate() {
        if i > 0 {
            w.newline(0);
        }
        w.statement(stmt, 0);
    }
    if w.choice(3) != 2 {
        w.newline(0);
    }
    w.out
}

/// Re-indents every line of `text`, adds trailing spaces, turns blank lines into runs of
/// them and adds blank lines at both ends, as `style` says.
fn shuffle_whitespace(text: &str, style: &[u8]) -> String {
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut out = String::new();
    let mut bytes = style.iter().copied().cycle();
    let mut next = || bytes.next().unwrap_or(0);
    out.push_str(&eol.repeat(usize::from(next() % 3)));
    for line in text.split(eol) {
        if line.is_empty() {
            out.push_str(&eol.repeat(1 + usize::from(next() % 3)));
            continue;
        }
        out.push_str(["", "\t", "   ", " \t"][usize::from(next()) % 4]);
        out.push_str(line.trim_start_matches(' '));
        out.push_str(["", "", " ", "\t "][usize::from(next()) % 4]);
        out.push_str(eol);
    }
    out
}

fn formatted(text: &str) -> String {
    format_checked(&Source::new("generated.mlsd", text))
}

/// Tokens for soups: most soups do not parse, but those that do reach corners a tree generator
/// does not (lone `\r` line breaks, byte-order marks, odd spacing).
const SOUP: &[&str] = &[
    "model",
    "group",
    "requirements",
    " ",
    "m",
    "a",
    "b.c",
    "->",
    ",",
    ":",
    "{",
    "}",
    "[",
    "]",
    "\"s\"",
    "#c",
    "\n",
    "\r\n",
    "\r",
    "\t",
    "30ms",
    "007",
    "1.50s",
    "10K/day",
    "true",
    "ndcg@10",
    ">=",
    "0.8",
    "[lookup]",
    "x \"why\"",
    "\u{feff}",
];

// ---------------------------------------------------------------------------------------------
// Properties

proptest! {
    #![proptest_config(ProptestConfig { cases: 1500, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn generated_designs_format_idempotently_keeping_meaning(design in design(), style in prop::collection::vec(any::<u8>(), 0..600)) {
        let text = write(&design, &style);
        let parse = mlsd::syntax::parse(&Source::new("generated.mlsd", text.as_str()));
        prop_assert!(parse.errors.is_empty(), "the generator wrote invalid syntax:\n{}\n{:?}", text, parse.errors);
        formatted(&text);
    }

    #[test]
    fn indentation_trailing_spaces_and_blank_lines_do_not_matter(design in design(), style in prop::collection::vec(any::<u8>(), 0..600), shuffle in prop::collection::vec(any::<u8>(), 1..64)) {
        let canonical = formatted(&write(&design, &style));
        prop_assert_eq!(formatted(&shuffle_whitespace(&canonical, &shuffle)), canonical);
    }

    #[test]
    fn reindented_repository_designs_format_the_same(pick in any::<prop::sample::Index>(), shuffle in prop::collection::vec(any::<u8>(), 1..64)) {
        let files: Vec<_> = crate::support::mlsd_files("examples").into_iter()
            .chain(crate::support::mlsd_files("tests/fixtures/fmt"))
            .chain(crate::support::mlsd_files("tests/fixtures/parse/ok"))
            .collect();
        let path = &files[pick.index(files.len())];
        let canonical = formatted(&std::fs::read_to_string(path).unwrap());
        prop_assert_eq!(formatted(&shuffle_whitespace(&canonical, &shuffle)), canonical);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn token_soups_that_parse_format_well(tokens in prop::collection::vec(select(SOUP), 0..40)) {
        let text = tokens.concat();
        if mlsd::syntax::parse(&Source::new("soup.mlsd", text.as_str())).errors.is_empty() {
            formatted(&text);
        }
    }
}

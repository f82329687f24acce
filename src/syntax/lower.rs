//! pest pairs to the syntax tree, and pest errors to diagnostics in the user's words.
//!
//! With `grammar.rs`, the only file that names pest types.

use pest::Parser;
use pest::error::{ErrorVariant, InputLocation};
use pest::iterators::Pair;

use super::ast::{
    Block, Body, BodyItem, CmpOp, Comment, Comparison, Component, Edge, File, Group, Ident, Item, List, NestedBlock,
    Number, Path, Property, StringLit, Value, Word,
};
use super::grammar::{Grammar, Rule};
use super::units;
use crate::diag::Diagnostic;
use crate::source::Span;

/// Where a recovery line was found, which decides the strict rule used to explain it.
#[derive(Copy, Clone)]
enum Context {
    Top,
    Group,
    Body,
}

/// Parses `text` (already checked for nesting depth) and lowers it. `original` is the text
/// as the user wrote it, used for messages; both have the same length and offsets.
pub(crate) fn lower(text: &str, original: &str, errors: &mut Vec<Diagnostic>) -> File {
    if let Some(items) = lower_in_halves(text, original, errors) {
        return File { items, comments: scan_comments(text), span: Span::new(0, text.len()) };
    }
    lower_whole(text, original, errors)
}

/// Parses and lowers the whole text at once.
fn lower_whole(text: &str, original: &str, errors: &mut Vec<Diagnostic>) -> File {
    let mut lowerer = Lowerer { text, original, errors, base: 0, half: false, recovered: false };
    match Grammar::parse(Rule::file, text) {
        Ok(mut pairs) => {
            let Some(file) = pairs.next() else { return File::default() };
            lowerer.file(file)
        }
        Err(err) => {
            // The grammar accepts every input through its recovery rules; this is a safety net.
            let offset = match err.location {
                InputLocation::Pos(p) => p,
                InputLocation::Span((s, _)) => s,
            };
            lowerer.errors.push(
                Diagnostic::error("syntax-error", "could not parse this file", Span::empty(offset))
                    .with_help("check the statement at this position"),
            );
            File { items: Vec::new(), comments: Vec::new(), span: Span::new(0, text.len()) }
        }
    }
}

/// Inputs smaller than this are parsed on one thread: starting a thread costs more than it saves.
const HALVES_FROM_BYTES: usize = 256 * 1024;

/// Parses a large input as two halves, split at the start of a top-level statement near the
/// middle, on two threads. Returns `None` (and reports nothing) when the input is small, has no
/// such split point, or when either half needed error recovery or left a block open: then the
/// whole text is parsed at once, so diagnostics never depend on where the text was split.
///
/// A half that parses without recovery is a run of complete top-level statements, each ending
/// at a line break; the grammar cannot continue a statement past such a line break outside a
/// bracket, so the whole-text parse takes the same steps over each half and the result (items in
/// order, then the lowering's diagnostics in order) is the same.
fn lower_in_halves(text: &str, original: &str, errors: &mut Vec<Diagnostic>) -> Option<Vec<Item>> {
    if text.len() < HALVES_FROM_BYTES {
        return None;
    }
    let split = split_point(text)?;
    let (first, second) = std::thread::scope(|scope| {
        // A thread the system cannot start means one parse of the whole text, never a panic.
        let second = std::thread::Builder::new()
            .stack_size(8 << 20)
            .spawn_scoped(scope, || lower_half(text, original, split, text.len()))
            .ok()?;
        let first = lower_half(text, original, 0, split);
        Some((first, second.join().ok().flatten()))
    })?;
    let (mut items, first_errors) = first?;
    let (second_items, second_errors) = second?;
    items.extend(second_items);
    errors.extend(first_errors);
    errors.extend(second_errors);
    Some(items)
}

/// Parses and lowers `text[start..end]` as a run of top-level statements; `None` if any line
/// needed recovery.
fn lower_half(text: &str, original: &str, start: usize, end: usize) -> Option<(Vec<Item>, Vec<Diagnostic>)> {
    let mut errors = Vec::new();
    let mut lowerer = Lowerer { text, original, errors: &mut errors, base: start, half: true, recovered: false };
    let file = Grammar::parse(Rule::file, text.get(start..end)?).ok()?.next()?;
    let items = lowerer.items(children(file), Context::Top);
    if lowerer.recovered {
        return None;
    }
    Some((items, errors))
}

/// The start of a line nearest the middle of `text` that begins a top-level statement: no `{` or
/// `[` is open before it (strings and comments skipped as the grammar reads them) and it starts
/// with a name. Only a candidate: [`lower_in_halves`] checks that both halves parse cleanly.
fn split_point(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let middle = bytes.len() / 2;
    let (mut braces, mut brackets) = (0usize, 0usize);
    let mut before_middle = None;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                let next = bytes.get(i + 1).copied().unwrap_or(b' ');
                if braces == 0 && brackets == 0 && (next.is_ascii_alphabetic() || next == b'_') {
                    if i + 1 < middle {
                        before_middle = Some(i + 1);
                    } else {
                        // The candidate closest to the middle, on either side.
                        return match before_middle {
                            Some(b) if middle - b < i + 1 - middle => Some(b),
                            _ => Some(i + 1),
                        };
                    }
                }
            }
            b'"' => {
                // A string ends at its closing quote on the same line; without one the quote is
                // an ordinary character.
                let mut j = i + 1;
                while j < bytes.len() && !matches!(bytes[j], b'"' | b'\n' | b'\r') {
                    j += if bytes[j] == b'\\' && bytes.get(j + 1).is_some_and(|b| !matches!(b, b'\n' | b'\r')) {
                        2
                    } else {
                        1
                    };
                }
                if bytes.get(j) == Some(&b'"') {
                    i = j;
                }
            }
            b'#' => {
                while i + 1 < bytes.len() && !matches!(bytes[i + 1], b'\n' | b'\r') {
                    i += 1;
                }
            }
            b'{' => braces += 1,
            b'}' => braces = braces.saturating_sub(1),
            b'[' => brackets += 1,
            b']' => brackets = brackets.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    before_middle
}

struct Lowerer<'a, 'e> {
    /// The whole text (also when one half of it is being lowered).
    text: &'a str,
    original: &'a str,
    errors: &'e mut Vec<Diagnostic>,
    /// Offset in `text` of the text pest parsed (pest's positions are relative to it).
    base: usize,
    /// Lowering one half of a split text: a recovery line or an unclosed block is only noted
    /// (the whole text is then parsed again), not explained.
    half: bool,
    /// Whether a recovery line or an unclosed block was met.
    recovered: bool,
}

/// The children of a pair.
fn children<'i>(pair: Pair<'i, Rule>) -> pest::iterators::Pairs<'i, Rule> {
    pair.into_inner()
}

impl Lowerer<'_, '_> {
    fn span_of(&self, pair: &Pair<'_, Rule>) -> Span {
        let s = pair.as_span();
        Span::new(self.base + s.start(), self.base + s.end())
    }

    fn file(&mut self, pair: Pair<'_, Rule>) -> File {
        let span = Span::new(0, self.text.len());
        let comments = scan_comments(self.text);
        let items = self.items(children(pair), Context::Top);
        File { items, comments, span }
    }

    /// Statements: a `group`, a recovery line, or a path followed by the tail that says what
    /// the statement is.
    fn items<'i>(&mut self, pairs: impl Iterator<Item = Pair<'i, Rule>>, context: Context) -> Vec<Item> {
        let mut items = Vec::new();
        let mut pairs = pairs.peekable();
        while let Some(pair) = pairs.next() {
            let item = match pair.as_rule() {
                Rule::group => Item::Group(self.group(pair)),
                Rule::path => {
                    let Some(tail) = pairs.next() else { break };
                    let head = self.path(&pair);
                    match tail.as_rule() {
                        Rule::component_tail => Item::Component(self.component(&head, tail)),
                        Rule::block_tail => {
                            let span = head.span.to(self.span_of(&tail));
                            let name = self.single_ident(&head);
                            let body = self.block_tail(tail);
                            Item::Block(Block { name, body, span })
                        }
                        Rule::property_tail => Item::Property(self.property(head, tail)),
                        Rule::edge_tail => Item::Edge(self.edge(head, tail)),
                        _ => continue,
                    }
                }
                Rule::recover_top | Rule::recover_block => {
                    let span = self.span_of(&pair);
                    self.recover(span, context);
                    Item::Error(span)
                }
                _ => continue,
            };
            items.push(item);
        }
        items
    }

    fn ident(&self, pair: &Pair<'_, Rule>) -> Ident {
        Ident { name: pair.as_str().to_string(), span: self.span_of(pair) }
    }

    fn path(&self, pair: &Pair<'_, Rule>) -> Path {
        let start = self.base + pair.as_span().start();
        let text = pair.as_str();
        if !text.contains('.') {
            return Path { segments: vec![self.ident(pair)], span: self.span_of(pair) };
        }
        let mut segments = Vec::new();
        let mut offset = start;
        for part in text.split('.') {
            segments.push(Ident { name: part.to_string(), span: Span::new(offset, offset + part.len()) });
            offset += part.len() + 1;
        }
        Path { segments, span: self.span_of(pair) }
    }

    /// A name that must be a single identifier (a kind or block name): a dotted path is reported.
    fn single_ident(&mut self, path: &Path) -> Ident {
        if let [single] = path.segments.as_slice() {
            return Ident { name: single.name.clone(), span: path.span };
        }
        if path.segments.len() > 1 {
            self.errors.push(
                Diagnostic::error("syntax-error", format!("`{}` cannot contain `.` here", path.dotted()), path.span)
                    .with_help(
                        "kinds and block names are single names; dotted keys are only for properties and child ids",
                    ),
            );
        }
        Ident { name: path.dotted(), span: path.span }
    }

    fn group(&mut self, pair: Pair<'_, Rule>) -> Group {
        let span = self.span_of(&pair);
        let mut keyword = Span::default();
        let mut id = None;
        let mut label = None;
        let mut open = Span::default();
        let mut close = None;
        let mut items = Vec::new();
        for child in children(pair) {
            match child.as_rule() {
                Rule::kw_group => keyword = self.span_of(&child),
                Rule::ident => id = Some(self.ident(&child)),
                Rule::string => label = Some(self.string(&child)),
                Rule::lbrace => open = self.span_of(&child),
                Rule::group_body => items = self.items(children(child), Context::Group),
                Rule::rbrace => close = Some(self.span_of(&child)),
                Rule::unclosed => self.unclosed(open),
                _ => {}
            }
        }
        let id = id.unwrap_or(Ident { name: String::new(), span });
        Group { keyword, id, label, items, open, close, span }
    }

    fn unclosed(&mut self, open: Span) {
        self.recovered = true;
        if self.half {
            return;
        }
        self.errors.push(
            Diagnostic::error("unclosed-delimiter", "this `{` is never closed", open)
                .with_primary_label("opened here")
                .with_help("add the matching `}` where the block ends"),
        );
    }

    /// Lowers the `lbrace body (rbrace|unclosed)` part shared by blocks, components and edges.
    fn body_parts<'i>(&mut self, lbrace: &Pair<'i, Rule>, rest: &mut impl Iterator<Item = Pair<'i, Rule>>) -> Body {
        let open = self.span_of(lbrace);
        let mut items = Vec::new();
        let mut close = None;
        for child in rest.by_ref() {
            match child.as_rule() {
                Rule::body => items = self.body_items(child),
                Rule::rbrace => {
                    close = Some(self.span_of(&child));
                    break;
                }
                Rule::unclosed => {
                    self.unclosed(open);
                    break;
                }
                _ => {}
            }
        }
        let end = close.map_or(self.text.len(), |c| c.end as usize);
        Body { items, open, close, span: Span::new(open.start as usize, end) }
    }

    fn block_tail(&mut self, tail: Pair<'_, Rule>) -> Body {
        let span = self.span_of(&tail);
        let mut inner = children(tail);
        match inner.next() {
            Some(lbrace) => self.body_parts(&lbrace, &mut inner),
            None => Body { items: Vec::new(), open: span, close: None, span },
        }
    }

    fn body_items(&mut self, pair: Pair<'_, Rule>) -> Vec<BodyItem> {
        let mut items = Vec::new();
        let mut pairs = children(pair);
        while let Some(child) = pairs.next() {
            let item = match child.as_rule() {
                Rule::path => {
                    let Some(tail) = pairs.next() else { break };
                    let head = self.path(&child);
                    match tail.as_rule() {
                        Rule::property_tail => BodyItem::Property(self.property(head, tail)),
                        Rule::block_tail => {
                            let span = head.span.to(self.span_of(&tail));
                            let body = self.block_tail(tail);
                            BodyItem::Block(NestedBlock { key: head, body, span })
                        }
                        Rule::component_tail => BodyItem::Component(self.component(&head, tail)),
                        _ => continue,
                    }
                }
                Rule::recover_block => {
                    let span = self.span_of(&child);
                    self.recover(span, Context::Body);
                    BodyItem::Error(span)
                }
                _ => continue,
            };
            items.push(item);
        }
        items
    }

    fn component(&mut self, head: &Path, tail: Pair<'_, Rule>) -> Component {
        let span = head.span.to(self.span_of(&tail));
        let kind = self.single_ident(head);
        let mut inner = children(tail);
        let id = inner.next().map_or(Ident { name: String::new(), span }, |p| self.ident(&p));
        let mut label = None;
        let mut body = None;
        while let Some(child) = inner.next() {
            match child.as_rule() {
                Rule::string => label = Some(self.string(&child)),
                Rule::lbrace => body = Some(self.body_parts(&child, &mut inner)),
                _ => {}
            }
        }
        Component { kind, id, label, body, span }
    }

    fn edge(&mut self, head: Path, tail: Pair<'_, Rule>) -> Edge {
        let span = head.span.to(self.span_of(&tail));
        let mut chain = vec![vec![head]];
        let mut arrows = Vec::new();
        let mut kind = None;
        let mut label = None;
        let mut body = None;
        let mut inner = children(tail);
        while let Some(child) = inner.next() {
            match child.as_rule() {
                Rule::path => {
                    if let Some(first) = chain.first_mut() {
                        first.push(self.path(&child));
                    }
                }
                Rule::endpoints => {
                    chain.push(children(child).filter(|p| p.as_rule() == Rule::path).map(|p| self.path(&p)).collect());
                }
                Rule::arrow => arrows.push(self.span_of(&child)),
                Rule::edge_kind => {
                    kind = children(child).find(|p| p.as_rule() == Rule::ident).map(|p| self.ident(&p));
                }
                Rule::string => label = Some(self.string(&child)),
                Rule::lbrace => body = Some(self.body_parts(&child, &mut inner)),
                _ => {}
            }
        }
        Edge { chain, arrows, kind, label, body, span }
    }

    fn property(&mut self, key: Path, tail: Pair<'_, Rule>) -> Property {
        let span = key.span.to(self.span_of(&tail));
        let value = children(tail)
            .find(|p| p.as_rule() != Rule::colon)
            .map_or(Value::List(List { items: Vec::new(), span }), |p| self.value(p));
        Property { key, value, span }
    }

    fn value(&mut self, pair: Pair<'_, Rule>) -> Value {
        match pair.as_rule() {
            Rule::list => {
                let span = self.span_of(&pair);
                let items = children(pair)
                    .filter(|p| !matches!(p.as_rule(), Rule::lbracket | Rule::rbracket | Rule::comma))
                    .map(|p| self.value(p))
                    .collect();
                Value::List(List { items, span })
            }
            Rule::string => Value::Str(self.string(&pair)),
            Rule::number => Value::Number(self.number(&pair)),
            Rule::boolean => Value::Bool(pair.as_str() == "true", self.span_of(&pair)),
            _ => Value::Word(self.word(pair)),
        }
    }

    fn word(&mut self, pair: Pair<'_, Rule>) -> Word {
        let span = self.span_of(&pair);
        let mut path = empty_path(span);
        let mut at = None;
        let mut comparison = None;
        let mut note = None;
        for child in children(pair) {
            match child.as_rule() {
                Rule::path => path = self.path(&child),
                Rule::qualifier => at = Some(self.ident(&child)),
                Rule::comparison => {
                    let cspan = self.span_of(&child);
                    let mut op = CmpOp::Ge;
                    let mut number = None;
                    for part in children(child) {
                        match part.as_rule() {
                            Rule::cmp_op => op = cmp_op(part.as_str()),
                            Rule::number => number = Some(self.number(&part)),
                            _ => {}
                        }
                    }
                    if let Some(number) = number {
                        comparison = Some(Comparison { op, number, span: cspan });
                    }
                }
                Rule::string => note = Some(self.string(&child)),
                _ => {}
            }
        }
        Word { path, at, comparison, note, span }
    }

    fn string(&mut self, pair: &Pair<'_, Rule>) -> StringLit {
        let span = self.span_of(pair);
        let inner_start = span.start as usize + 1;
        let raw = pair.as_str();
        let raw = raw.get(1..raw.len().saturating_sub(1)).unwrap_or("");
        let mut value = String::with_capacity(raw.len());
        let mut chars = raw.char_indices();
        while let Some((i, c)) = chars.next() {
            if c != '\\' {
                value.push(c);
                continue;
            }
            match chars.next() {
                Some((_, '"')) => value.push('"'),
                Some((_, '\\')) => value.push('\\'),
                Some((_, 'n')) => value.push('\n'),
                Some((_, 't')) => value.push('\t'),
                Some((j, other)) => {
                    let at = inner_start + i;
                    self.errors.push(
                        Diagnostic::error(
                            "invalid-escape",
                            format!("unknown escape `\\{other}` in string"),
                            Span::new(at, inner_start + j + other.len_utf8()),
                        )
                        .with_help("the escapes are `\\\"`, `\\\\`, `\\n` and `\\t`; write `\\\\` for a backslash"),
                    );
                    value.push(other);
                }
                None => {}
            }
        }
        StringLit { value, span }
    }

    fn number(&mut self, pair: &Pair<'_, Rule>) -> Number {
        let span = self.span_of(pair);
        let text = pair.as_str();
        let digits_end = text.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-')).unwrap_or(text.len());
        let (digits, suffix) = text.split_at(digits_end);
        let mantissa = digits.parse::<f64>().unwrap_or(0.0);
        if !mantissa.is_finite() || mantissa.abs() > 1e300 {
            self.errors.push(
                Diagnostic::error("invalid-number", "number is too large", span)
                    .with_help("numbers must be finite; use a magnitude such as `10B` or a larger unit"),
            );
            return Number {
                mantissa: 0.0,
                suffix: String::new(),
                value: 0.0,
                dimension: super::ast::Dimension::Plain,
                span,
            };
        }
        match units::lookup(suffix) {
            Some((info, canonical)) => {
                let value = mantissa * info.factor;
                Number { mantissa, suffix: canonical, value, dimension: info.dimension, span }
            }
            None => {
                let unit_span = Span::new(span.start as usize + digits_end, span.end as usize);
                let mut d = Diagnostic::error("unknown-unit", format!("unknown unit `{suffix}`"), unit_span)
                    .with_primary_label("not a known unit")
                    .with_note(format!("known units: {}", units::KNOWN));
                if let Some(hint) = units::suggest(suffix) {
                    d = d.with_help(format!("write {hint}"));
                }
                self.errors.push(d);
                Number {
                    mantissa,
                    suffix: String::new(),
                    value: mantissa,
                    dimension: super::ast::Dimension::Plain,
                    span,
                }
            }
        }
    }

    /// Explains a line that did not parse: re-parses it with the strict rule of its context and
    /// turns pest's furthest failure into a message in the user's words.
    fn recover(&mut self, span: Span, context: Context) {
        self.recovered = true;
        if self.half {
            return;
        }
        if let Some(d) = self.unterminated_string(span) {
            self.errors.push(d);
            return;
        }
        let start = span.start as usize;
        // Only the recovered region is re-parsed, so explaining errors stays linear overall.
        let rest = self.text.get(start..span.end as usize).unwrap_or("");
        if rest.starts_with('}') {
            self.errors.push(
                Diagnostic::error("syntax-error", "unexpected `}`", Span::new(start, start + 1))
                    .with_primary_label("no block is open here")
                    .with_help("remove it, or check the block above for an extra `}`"),
            );
            return;
        }
        let rule = match context {
            Context::Top => Rule::check_top,
            Context::Group => Rule::check_group,
            Context::Body => Rule::check_body,
        };
        let (offset, positives) = match Grammar::parse(rule, rest) {
            Ok(_) => (start, Vec::new()),
            Err(err) => {
                let pos = match err.location {
                    InputLocation::Pos(p) => p,
                    InputLocation::Span((s, _)) => s,
                };
                let positives = match err.variant {
                    ErrorVariant::ParsingError { positives, .. } => positives,
                    ErrorVariant::CustomError { .. } => Vec::new(),
                };
                (start + pos, positives)
            }
        };
        self.errors.push(self.syntax_error(offset, &positives, context));
    }

    fn syntax_error(&self, offset: usize, positives: &[Rule], context: Context) -> Diagnostic {
        let found = found_at(self.original, offset);
        let mut expected: Vec<&str> = Vec::new();
        for rule in positives {
            let words = describe(*rule, &found);
            if !words.is_empty() && !expected.contains(&words) {
                expected.push(words);
            }
        }
        if expected.is_empty() {
            expected.push(match context {
                Context::Top | Context::Group => "a statement (a component, an edge, a block or `key: value`)",
                Context::Body => "a property (`key: value` or `key { ... }`)",
            });
        }
        if expected.contains(&"a value") {
            // Strings, numbers, names and lists are all values: say it once.
            expected.retain(|e| !matches!(*e, "a number" | "a string" | "a name" | "`[`"));
        }
        let prev = previous_token(self.original, offset);
        if prev.as_deref() == Some("->") {
            for e in &mut expected {
                if *e == "a name" {
                    *e = "a component id";
                }
            }
        }
        let mut message = format!("expected {}", join_or(&expected));
        if let Some(prev) = &prev {
            message.push_str(&format!(" after `{prev}`"));
        }
        let span = found_span(self.original, offset);
        let label = if found.is_empty() { "found the end of the line".to_string() } else { format!("found `{found}`") };
        let mut d = Diagnostic::error("syntax-error", message, span).with_primary_label(label);
        if let Some(help) = hint(&expected, prev.as_deref(), &found, context) {
            d = d.with_help(help);
        }
        d
    }

    /// A `"` on the recovered line with no closing quote before the line ends.
    fn unterminated_string(&self, span: Span) -> Option<Diagnostic> {
        let text = self.original.get(span.range())?;
        let mut open: Option<usize> = None;
        let mut chars = text.char_indices();
        while let Some((i, c)) = chars.next() {
            match (open, c) {
                (None, '"') => open = Some(i),
                (None, '#') => break,
                (None, '\n') => {}
                (Some(_), '\\') => {
                    chars.next();
                }
                (Some(_), '"') => open = None,
                (Some(_), '\n') => break,
                _ => {}
            }
        }
        let at = span.start as usize + open?;
        Some(
            Diagnostic::error("unterminated-string", "unterminated string", Span::new(at, at + 1))
                .with_primary_label("this string is never closed")
                .with_help(
                    "add the closing `\"` on the same line; strings cannot span lines (write `\\n` for a line break)",
                ),
        )
    }
}

/// Finds every `#` comment outside strings (strings end at their closing quote or the line end).
fn scan_comments(text: &str) -> Vec<Comment> {
    let bytes = text.as_bytes();
    let mut comments = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && !matches!(bytes[i], b'"' | b'\n' | b'\r') {
                    i += if bytes[i] == b'\\' && bytes.get(i + 1).is_some_and(|b| !matches!(b, b'\n' | b'\r')) {
                        2
                    } else {
                        1
                    };
                }
                i += 1;
            }
            b'#' => {
                // A comment ends at any line break the grammar knows: `\n`, `\r\n` or a lone `\r`.
                let end = bytes[i..].iter().position(|b| matches!(b, b'\n' | b'\r')).map_or(bytes.len(), |p| i + p);
                comments.push(Comment { span: Span::new(i, end) });
                i = end;
            }
            _ => i += 1,
        }
    }
    comments
}

fn empty_path(span: Span) -> Path {
    Path { segments: vec![Ident { name: String::new(), span }], span }
}

fn cmp_op(text: &str) -> CmpOp {
    match text {
        "<=" => CmpOp::Le,
        ">" => CmpOp::Gt,
        "<" => CmpOp::Lt,
        "==" => CmpOp::Eq,
        "!=" => CmpOp::Ne,
        _ => CmpOp::Ge,
    }
}

/// What the user would call the thing a grammar rule stands for.
fn describe(rule: Rule, found: &str) -> &'static str {
    match rule {
        Rule::list | Rule::boolean | Rule::word => "a value",
        Rule::string | Rule::string_inner => "a string",
        Rule::number => "a number",
        Rule::unit => "a unit",
        Rule::qualifier => "a name or number after `@`",
        Rule::comparison | Rule::cmp_op => "a comparison such as `>= 0.8`",
        Rule::ident | Rule::path => "a name",
        Rule::endpoints => "a component id",
        Rule::edge_kind => "an edge kind such as `[lookup]`",
        Rule::arrow => "`->`",
        Rule::colon => "`:`",
        Rule::comma => "`,`",
        Rule::lbrace => "`{`",
        Rule::rbrace => "`}`",
        Rule::lbracket => "`[`",
        Rule::rbracket => "`]`",
        Rule::kw_group => "`group`",
        Rule::group => "a statement",
        Rule::component_tail => "a name",
        Rule::block_tail => "`{`",
        Rule::property_tail => "`:`",
        Rule::edge_tail => "`->`",
        Rule::EOI => {
            if found.is_empty() {
                ""
            } else {
                "the end of the line"
            }
        }
        _ => "",
    }
}

fn join_or(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// The token at `offset` as the user sees it (empty at the end of a line or file).
fn found_at(text: &str, offset: usize) -> String {
    let rest = text.get(offset..).unwrap_or("");
    let first = rest.chars().next();
    match first {
        None | Some('\n' | '\r') => String::new(),
        Some(c) if c.is_alphanumeric() || c == '_' => {
            rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '-' || *c == '.').take(40).collect()
        }
        Some(c) => c.to_string(),
    }
}

fn found_span(text: &str, offset: usize) -> Span {
    let found = found_at(text, offset);
    let end = (offset + found.len()).min(text.len());
    Span::new(offset.min(text.len()), end)
}

/// The token just before `offset` on the same line (skipping spaces), for "after `:`".
fn previous_token(text: &str, offset: usize) -> Option<String> {
    let offset = crate::source::floor_char_boundary(text, offset);
    let before = text.get(..offset)?;
    let line = before.rsplit('\n').next().unwrap_or("");
    let trimmed = line.trim_end();
    let last = trimmed.chars().last()?;
    if last.is_alphanumeric() || last == '_' || last == '"' {
        let word: String = trimmed
            .chars()
            .rev()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '-' || *c == '.' || *c == '@')
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        if word.is_empty() {
            return None;
        }
        return Some(word.chars().take(40).collect());
    }
    if trimmed.ends_with("->") {
        return Some("->".into());
    }
    Some(last.to_string())
}

/// A suggestion for the most common mistakes.
fn hint(expected: &[&str], prev: Option<&str>, found: &str, context: Context) -> Option<String> {
    if expected.contains(&"a value") && matches!(prev, Some(":")) {
        return Some("write a value after `:`, for example `30ms`, `true`, `redis`, `\"text\"` or `[a, b]`".into());
    }
    if expected.contains(&"`:`") && matches!(context, Context::Body) {
        return Some("properties are written `key: value`".into());
    }
    if expected.contains(&"`]`") {
        return Some("separate list items with `,` and close the list with `]`".into());
    }
    if expected.contains(&"a component id") {
        return Some("an edge joins declared component ids: `a -> b`".into());
    }
    if found.starts_with(|c: char| c.is_ascii_digit()) {
        return Some("names cannot start with a digit".into());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A design well over [`HALVES_FROM_BYTES`]: groups of components with bodies and lists
    /// that span lines, and edges.
    fn big_design() -> String {
        let mut s = String::from("# big\ntitle: \"t\"\n");
        let mut i = 0;
        while s.len() < 3 * HALVES_FROM_BYTES {
            s.push_str(&format!(
                "group g{i} {{\n  model m{i} \"M {{ {i}\" {{ owner: team, tags: [\n    a,\n    b ] }}  # c{{\n}}\n"
            ));
            s.push_str(&format!("serving s{i} {{ latency_p99: {i}ms }}\nm{i} -> s{i} [data]: \"x\"\n"));
            i += 1;
        }
        s
    }

    fn both_ways(text: &str) -> (String, String) {
        let (mut e1, mut e2) = (Vec::new(), Vec::new());
        let halves = lower(text, text, &mut e1);
        let whole = lower_whole(text, text, &mut e2);
        (format!("{halves:?}\n{e1:?}"), format!("{whole:?}\n{e2:?}"))
    }

    #[test]
    fn halves_split_at_a_top_level_statement() {
        let text = big_design();
        let at = split_point(&text).expect("a split point");
        assert!(at.abs_diff(text.len() / 2) < 1000, "{at} is near the middle");
        let mut errors = Vec::new();
        assert!(lower_in_halves(&text, &text, &mut errors).is_some(), "a clean design is parsed in halves");
        let (halves, whole) = both_ways(&text);
        assert_eq!(halves, whole);
    }

    #[test]
    fn halves_give_the_same_tree_and_diagnostics_as_one_parse() {
        let text = big_design();
        let at = split_point(&text).expect("a split point");
        let breakages = [
            "model broken {\n",
            "x: ]\nfoo: 1\n",
            "  owner: \"abc {\n  }\n",
            "oops # {\n  }\n",
            "}\n",
            "model q { owner: team, x: 10zz }\n",
            "model q { tags: [\n",
            "a.b c\n",
            "\"unterminated {\n",
        ];
        for broken in breakages {
            for place in [at / 3, at - 1, at, at + 1, at + 40, text.len() - 10] {
                let place = text[..place].rfind('\n').map_or(0, |p| p + 1);
                let mut t = text.clone();
                t.insert_str(place, broken);
                let (halves, whole) = both_ways(&t);
                assert!(halves == whole, "{broken:?} at {place}");
            }
        }
    }
}

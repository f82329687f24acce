//! The printer: syntax tree plus comments to canonical text (line breaks are always `\n` here).
//!
//! Everything is printed from the tree except comments, which are placed from their byte
//! positions: every run of statements, properties or list items is a *sequence* between two
//! delimiters, and the comments in the gaps between its elements become trailing comments (on
//! the line of what precedes them) or own-line comments (before what follows them).

use crate::source::Span;
use crate::syntax::ast::{
    Block, Body, BodyItem, Comment, Component, Edge, File, Group, Item, List, Number, Path, Property, StringLit, Value,
    Word,
};

/// Spaces per indentation level.
const INDENT: &str = "  ";

/// Prints `file`, parsed from `text`, in canonical form.
pub(super) fn print(text: &str, file: &File) -> String {
    let printer = Printer { text, comments: &file.comments };
    let elems = file.items.iter().map(|item| printer.elem(item.span(), printer.item(item, 0))).collect();
    let end = text.len();
    printer.sequence(&Sequence { open_end: 0, close_start: end, elems, depth: 0, kind: Kind::File })
}

struct Printer<'a> {
    text: &'a str,
    /// Every comment of the file, in source order.
    comments: &'a [Comment],
}

/// One statement, property or list item, already printed at its depth.
struct Elem {
    /// Where it starts in the source.
    start: usize,
    /// Where its last token ends in the source.
    end: usize,
    /// The printed text; lines after the first carry their own indentation.
    text: String,
}

impl Elem {
    fn is_multiline(&self) -> bool {
        self.text.contains('\n')
    }
}

/// What delimits a sequence and how its elements are separated.
#[derive(Copy, Clone, PartialEq, Eq)]
enum Kind {
    /// The top level of the file: no delimiters, one statement per line.
    File,
    /// The statements of a `group { }`: one statement per line.
    Statements,
    /// The properties of a `{ }` body: `, ` between properties sharing a line.
    Properties,
    /// The items of a `[ ]` list: `, ` between items sharing a line and `,` at each line end.
    ListItems,
}

/// A run of elements between an opening and a closing delimiter.
struct Sequence {
    /// End of the opening delimiter in the source (0 for the file).
    open_end: usize,
    /// Start of the closing delimiter in the source (the file length for the file).
    close_start: usize,
    /// The elements, printed at `depth`.
    elems: Vec<Elem>,
    /// Indentation level of the elements when the sequence spans lines.
    depth: usize,
    kind: Kind,
}

/// One output line of a multi-line sequence, printed: its code (indented) and its trailing
/// comment, once aligned, with the spaces before it.
struct Printed {
    blank_before: bool,
    code: String,
    trailing: Option<String>,
}

/// Aligns the trailing comments of runs of consecutive lines that all have one (no blank line,
/// no line without a comment in between, as gofmt and taplo do): each comment starts one space
/// after the longest code of its run. Lines that span several output lines are left out.
fn align_trailing_comments(lines: &mut [Printed]) {
    let alignable = |line: &Printed| line.trailing.is_some() && !line.code.contains('\n');
    let mut start = 0;
    while start < lines.len() {
        let mut end = start;
        while end < lines.len() && alignable(&lines[end]) && (end == start || !lines[end].blank_before) {
            end += 1;
        }
        let run = &mut lines[start..end.max(start + 1)];
        let width = run.iter().map(|l| l.code.chars().count()).max().unwrap_or(0);
        for line in run {
            if let Some(comment) = line.trailing.take() {
                let pad = width.saturating_sub(line.code.chars().count()) + 1;
                line.trailing = Some(format!("{}{comment}", " ".repeat(pad)));
            }
        }
        start = end.max(start + 1);
    }
}

/// One output line of a multi-line sequence.
enum Line {
    /// An own-line comment.
    Comment { text: String, blank_before: bool },
    /// Elements that share a line, and the comment that trails them.
    Elems { elems: Vec<usize>, trailing: Option<String>, blank_before: bool },
}

impl Printer<'_> {
    // ------------------------------------------------------------------------------------------
    // Sequences and comments

    /// Prints a sequence from its opening to its closing delimiter (both included). It stays on
    /// one line when the source has no line break between the delimiters; otherwise every line
    /// of the source keeps its elements, comments keep their place and blank lines shrink to one.
    fn sequence(&self, seq: &Sequence) -> String {
        let (open, close) = match seq.kind {
            Kind::File => ("", ""),
            Kind::Statements | Kind::Properties => ("{", "}"),
            Kind::ListItems => ("[", "]"),
        };
        let comments = self.comments_in(seq.open_end, seq.close_start);
        // A comment always ends its line, so a sequence with comments has line breaks.
        let one_line = seq.kind != Kind::File && !self.has_break(seq.open_end, seq.close_start);
        if one_line {
            let inner: Vec<&str> = seq.elems.iter().map(|e| e.text.as_str()).collect();
            return match (seq.kind, inner.is_empty()) {
                (_, true) => format!("{open}{close}"),
                (Kind::ListItems, false) => format!("[{}]", inner.join(", ")),
                _ => format!("{open} {} {close}", inner.join(", ")),
            };
        }
        let (open_trailing, lines) = self.lines(seq, comments);
        let mut out = String::from(open);
        if let Some(comment) = &open_trailing {
            out.push(' ');
            out.push_str(comment);
        }
        let indent = INDENT.repeat(seq.depth);
        let mut printed: Vec<Printed> = lines
            .iter()
            .map(|line| match line {
                Line::Comment { text, blank_before } => {
                    Printed { blank_before: *blank_before, code: format!("{indent}{text}"), trailing: None }
                }
                Line::Elems { elems, trailing, blank_before } => {
                    let texts: Vec<&str> = elems.iter().map(|&e| seq.elems[e].text.as_str()).collect();
                    let comma = if seq.kind == Kind::ListItems { "," } else { "" };
                    let code = format!("{indent}{}{comma}", texts.join(", "));
                    Printed { blank_before: *blank_before, code, trailing: trailing.clone() }
                }
            })
            .collect();
        align_trailing_comments(&mut printed);
        for (i, line) in printed.iter().enumerate() {
            if i > 0 || seq.kind != Kind::File {
                out.push('\n');
            }
            if line.blank_before && i > 0 {
                out.push('\n');
            }
            out.push_str(&line.code);
            if let Some(comment) = &line.trailing {
                out.push_str(comment);
            }
        }
        if seq.kind == Kind::File {
            if !lines.is_empty() {
                out.push('\n');
            }
        } else if lines.is_empty() && open_trailing.is_none() {
            // Only line breaks between the delimiters.
            out.push_str(close);
        } else {
            out.push('\n');
            out.push_str(&INDENT.repeat(seq.depth.saturating_sub(1)));
            out.push_str(close);
        }
        out
    }

    /// Splits a multi-line sequence into output lines; also returns the comment that trails the
    /// opening delimiter.
    fn lines(&self, seq: &Sequence, comments: &[Comment]) -> (Option<String>, Vec<Line>) {
        let mut open_trailing = None;
        let mut lines: Vec<Line> = Vec::new();
        let mut comments = comments.iter().peekable();
        // End of the last thing placed (delimiter, element or comment) in the source.
        let mut pos = seq.open_end;
        for i in 0..=seq.elems.len() {
            let gap_end = seq.elems.get(i).map_or(seq.close_start, |e| e.start);
            while let Some(comment) = comments.next_if(|c| (c.span.start as usize) < gap_end) {
                let start = comment.span.start as usize;
                let text = self.comment_text(comment);
                let trails = !self.has_break(pos, start) && (i > 0 || seq.kind != Kind::File);
                if trails && i == 0 {
                    open_trailing = Some(text);
                } else if let (true, Some(Line::Elems { trailing, .. })) = (trails, lines.last_mut()) {
                    *trailing = Some(text);
                } else {
                    lines.push(Line::Comment { text, blank_before: self.has_blank_line(pos, start) });
                }
                pos = comment.span.end as usize;
            }
            let Some(elem) = seq.elems.get(i) else { break };
            let joins = match lines.last_mut() {
                // Statements always take a line each; properties and list items may share one.
                Some(Line::Elems { elems, trailing: None, .. })
                    if matches!(seq.kind, Kind::Properties | Kind::ListItems) =>
                {
                    let prev = &seq.elems[*elems.last().unwrap_or(&0)];
                    let same_line = !self.has_break(prev.end, elem.start);
                    if same_line && !prev.is_multiline() && !elem.is_multiline() {
                        elems.push(i);
                        true
                    } else {
                        false
                    }
                }
                _ => false,
            };
            if !joins {
                lines.push(Line::Elems {
                    elems: vec![i],
                    trailing: None,
                    blank_before: self.has_blank_line(pos, elem.start),
                });
            }
            pos = elem.end;
            // Comments inside the element were placed when it was printed.
            while comments.next_if(|c| (c.span.start as usize) < elem.end).is_some() {}
        }
        // Comments the gaps did not take cannot exist (every comment lies in some gap), but
        // never drop one: put any left-over comment on its own line.
        for comment in comments {
            lines.push(Line::Comment { text: self.comment_text(comment), blank_before: false });
        }
        (open_trailing, lines)
    }

    /// The comments that start in `start..end`.
    fn comments_in(&self, start: usize, end: usize) -> &[Comment] {
        let from = self.comments.partition_point(|c| (c.span.start as usize) < start);
        let to = self.comments.partition_point(|c| (c.span.start as usize) < end);
        self.comments.get(from..to.max(from)).unwrap_or(&[])
    }

    /// A comment as printed: its text without trailing spaces.
    fn comment_text(&self, comment: &Comment) -> String {
        self.text.get(comment.span.range()).unwrap_or("#").trim_end().to_string()
    }

    /// Whether the source has a line break in `start..end`.
    fn has_break(&self, start: usize, end: usize) -> bool {
        self.text.get(start..end).is_some_and(|s| s.contains(['\n', '\r']))
    }

    /// Whether the source has an empty line in `start..end` (two line breaks or more).
    fn has_blank_line(&self, start: usize, end: usize) -> bool {
        let gap = self.text.get(start..end).unwrap_or("");
        gap.replace("\r\n", "\n").chars().filter(|c| matches!(c, '\n' | '\r')).count() >= 2
    }

    /// An element from a node's span and its printed text. pest can include the spaces and the
    /// comment that follow a statement in its span; they are trimmed off here so that the
    /// comment is placed as trivia.
    fn elem(&self, span: Span, text: String) -> Elem {
        let start = span.start as usize;
        let mut end = span.end as usize;
        let bytes = self.text.as_bytes();
        loop {
            // A comment runs to the end of its line, trailing spaces included.
            let ends_here = self.comments.partition_point(|c| (c.span.end as usize) < end);
            match self.comments.get(ends_here) {
                Some(c) if c.span.end as usize == end && c.span.start as usize >= start && !c.span.is_empty() => {
                    end = c.span.start as usize;
                }
                _ if end > start && matches!(bytes.get(end - 1), Some(b' ' | b'\t')) => end -= 1,
                _ => break,
            }
        }
        Elem { start, end, text }
    }

    // ------------------------------------------------------------------------------------------
    // Statements

    /// A top-level or group statement, printed at `depth`.
    fn item(&self, item: &Item, depth: usize) -> String {
        match item {
            Item::Property(p) => self.property(p, depth),
            Item::Block(b) => self.block(b, depth),
            Item::Component(c) => self.component(c, depth),
            Item::Group(g) => self.group(g, depth),
            Item::Edge(e) => self.edge(e, depth),
            Item::Error(span) => self.verbatim(*span),
        }
    }

    fn block(&self, b: &Block, depth: usize) -> String {
        format!("{} {}", b.name.name, self.body(&b.body, depth))
    }

    fn component(&self, c: &Component, depth: usize) -> String {
        let mut out = format!("{} {}", c.kind.name, c.id.name);
        if let Some(label) = &c.label {
            out.push(' ');
            out.push_str(&string(label));
        }
        if let Some(body) = &c.body {
            out.push(' ');
            out.push_str(&self.body(body, depth));
        }
        out
    }

    fn group(&self, g: &Group, depth: usize) -> String {
        let mut out = format!("group {}", g.id.name);
        if let Some(label) = &g.label {
            out.push(' ');
            out.push_str(&string(label));
        }
        out.push(' ');
        let elems = g.items.iter().map(|item| self.elem(item.span(), self.item(item, depth + 1))).collect();
        let close_start = g.close.map_or(self.text.len(), |c| c.start as usize);
        out.push_str(&self.sequence(&Sequence {
            open_end: g.open.end as usize,
            close_start,
            elems,
            depth: depth + 1,
            kind: Kind::Statements,
        }));
        out
    }

    fn edge(&self, e: &Edge, depth: usize) -> String {
        let links: Vec<String> =
            e.chain.iter().map(|ends| ends.iter().map(Path::dotted).collect::<Vec<_>>().join(", ")).collect();
        let mut out = links.join(" -> ");
        if let Some(kind) = &e.kind {
            out.push_str(&format!(" [{}]", kind.name));
        }
        if let Some(label) = &e.label {
            out.push_str(": ");
            out.push_str(&string(label));
        }
        if let Some(body) = &e.body {
            out.push(' ');
            out.push_str(&self.body(body, depth));
        }
        out
    }

    // ------------------------------------------------------------------------------------------
    // Bodies and properties

    /// A `{ ... }` body whose header is at `depth`.
    fn body(&self, body: &Body, depth: usize) -> String {
        let elems = body.items.iter().map(|item| self.elem(item.span(), self.body_item(item, depth + 1))).collect();
        let close_start = body.close.map_or(self.text.len(), |c| c.start as usize);
        self.sequence(&Sequence {
            open_end: body.open.end as usize,
            close_start,
            elems,
            depth: depth + 1,
            kind: Kind::Properties,
        })
    }

    fn body_item(&self, item: &BodyItem, depth: usize) -> String {
        match item {
            BodyItem::Property(p) => self.property(p, depth),
            BodyItem::Block(b) => format!("{} {}", b.key.dotted(), self.body(&b.body, depth)),
            BodyItem::Component(c) => self.component(c, depth),
            BodyItem::Error(span) => self.verbatim(*span),
        }
    }

    fn property(&self, p: &Property, depth: usize) -> String {
        format!("{}: {}", p.key.dotted(), self.value(&p.value, depth))
    }

    // ------------------------------------------------------------------------------------------
    // Values

    fn value(&self, value: &Value, depth: usize) -> String {
        match value {
            Value::Str(s) => string(s),
            Value::Number(n) => self.number(n),
            Value::Bool(b, _) => b.to_string(),
            Value::Word(w) => self.word(w),
            Value::List(l) => self.list(l, depth),
        }
    }

    fn list(&self, list: &List, depth: usize) -> String {
        let elems = list.items.iter().map(|v| self.elem(v.span(), self.value(v, depth + 1))).collect();
        // The span runs from `[` to `]`, both one byte.
        let open_end = list.span.start as usize + 1;
        let close_start = (list.span.end as usize).saturating_sub(1).max(open_end);
        self.sequence(&Sequence { open_end, close_start, elems, depth: depth + 1, kind: Kind::ListItems })
    }

    fn word(&self, w: &Word) -> String {
        let mut out = w.path.dotted();
        if let Some(at) = &w.at {
            out.push('@');
            out.push_str(&at.name);
        }
        if let Some(cmp) = &w.comparison {
            out.push_str(&format!(" {} {}", cmp.op.as_str(), self.number(&cmp.number)));
        }
        if let Some(note) = &w.note {
            out.push(' ');
            out.push_str(&string(note));
        }
        out
    }

    /// A number as written, with leading zeros dropped from its integer part and its unit in
    /// canonical spelling (`10K/day` is `10k/day`). Fraction digits are kept: `0.30` may say
    /// how precise a threshold is.
    fn number(&self, n: &Number) -> String {
        let raw = self.text.get(n.span.range()).unwrap_or("");
        let digits_end = raw.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-')).unwrap_or(raw.len());
        let digits = &raw[..digits_end];
        let (sign, unsigned) = digits.strip_prefix('-').map_or(("", digits), |rest| ("-", rest));
        let (int, frac) = unsigned.split_once('.').map_or((unsigned, None), |(i, f)| (i, Some(f)));
        let int = int.trim_start_matches('0');
        let mut out = String::from(sign);
        out.push_str(if int.is_empty() { "0" } else { int });
        if let Some(frac) = frac {
            out.push('.');
            out.push_str(frac);
        }
        out.push_str(&n.suffix);
        out
    }

    /// Source text kept as written (only for lines that did not parse, which are never
    /// formatted: a file with syntax errors is not printed).
    fn verbatim(&self, span: Span) -> String {
        self.text.get(span.range()).unwrap_or("").trim_end().to_string()
    }
}

/// A string literal with canonical escapes: `\"`, `\\`, `\n` and `\t`; everything else as is.
fn string(s: &StringLit) -> String {
    let mut out = String::with_capacity(s.value.len() + 2);
    out.push('"');
    for c in s.value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

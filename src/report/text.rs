//! The text reporter: one code frame per finding (the offending span
//! underlined, a few lines of context), then the help and the fix, then a
//! summary line.

use super::{cluster_uri, is_cluster_finding, split_lines, ReportInput, Subject};
use crate::finding::{Finding, Severity, Span};
use annotate_snippets::{Level, Renderer, Snippet};
use anstyle::{AnsiColor, Effects, Style};
use std::collections::HashMap;
use std::io::{self, Write};

/// Lines of context shown above and below the offending span.
const CONTEXT: u32 = 2;
/// A span covering more lines than this is underlined on its first line
/// only, so a frame stays short.
const MAX_SPAN_LINES: u32 = 6;

/// Styles of the parts written here rather than by `annotate-snippets`
/// (same palette as its styled renderer).
struct Palette {
    gutter: Style,
    help: Style,
    removed: Style,
    added: Style,
    bold: Style,
}

impl Palette {
    fn new(color: bool) -> Self {
        if !color {
            let none = Style::new();
            return Palette {
                gutter: none,
                help: none,
                removed: none,
                added: none,
                bold: none,
            };
        }
        Palette {
            gutter: AnsiColor::BrightBlue.on_default().effects(Effects::BOLD),
            help: AnsiColor::BrightCyan.on_default().effects(Effects::BOLD),
            removed: AnsiColor::Red.on_default(),
            added: AnsiColor::Green.on_default(),
            bold: Style::new().effects(Effects::BOLD),
        }
    }
}

/// Writes `text` in `style` (plain when the style is empty).
fn paint(style: Style, text: &str) -> String {
    if style == Style::new() {
        text.to_string()
    } else {
        format!("{style}{text}{style:#}")
    }
}

pub(super) fn render(input: &ReportInput<'_>, out: &mut dyn Write, color: bool) -> io::Result<()> {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let palette = Palette::new(color);
    // Lines of each source file, split once however many findings it has.
    let mut lines_by_path: HashMap<&str, Vec<&str>> = HashMap::new();
    for f in input.findings {
        let lines = if is_cluster_finding(f) || f.span.start_line == 0 {
            None
        } else {
            input.sources.get(&f.path).map(|text| {
                &*lines_by_path
                    .entry(f.path.as_str())
                    .or_insert_with(|| split_lines(text))
            })
        };
        let shown = displayable(f);
        match lines {
            Some(lines) if (f.span.start_line as usize) <= lines.len() => {
                write_frame(&shown, lines, &renderer, &palette, out)?
            }
            _ => write_frameless(&shown, &renderer, &palette, out)?,
        }
        writeln!(out)?;
    }
    if !input.quiet {
        for line in summary_lines(input) {
            // The per-rule counts stay plain; the totals stand out.
            if line.starts_with("  ") {
                writeln!(out, "{line}")?;
            } else {
                writeln!(out, "{}", paint(palette.bold, &line))?;
            }
        }
    }
    Ok(())
}

/// The finding with the text it carries made safe to print.
fn displayable(f: &Finding) -> Finding {
    let mut shown = f.clone();
    shown.message = sanitize(&f.message);
    shown.help = sanitize(&f.help);
    shown.path = sanitize(&f.path);
    if let Some(fix) = shown.fix.as_mut() {
        fix.description = sanitize(&fix.description);
    }
    shown
}

fn level(severity: Severity) -> Level {
    match severity {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
        Severity::Info => Level::Info,
    }
}

/// Byte offset of 1-based character column `col` in `line`, clamped to it.
fn byte_of_col(line: &str, col: u32) -> usize {
    let chars = (col as usize).saturating_sub(1);
    line.char_indices()
        .nth(chars)
        .map(|(i, _)| i)
        .unwrap_or(line.len())
}

const TAB: &str = "    ";
/// Shown instead of control characters, so text from a scanned file or a
/// cluster can never drive the terminal (colours, cursor moves, titles).
const CONTROL: char = '\u{FFFD}';

/// One character as shown in a frame.
fn display_len(c: char) -> usize {
    if c == '\t' {
        TAB.len()
    } else if c.is_control() {
        CONTROL.len_utf8()
    } else {
        c.len_utf8()
    }
}

/// A source line as shown in a frame: tabs expanded, control characters
/// replaced.
fn expand_tabs(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        if c == '\t' {
            out.push_str(TAB);
        } else if c.is_control() {
            out.push(CONTROL);
        } else {
            out.push(c);
        }
    }
    out
}

/// Text from a finding (message, help, path…) with control characters
/// other than line breaks replaced.
fn sanitize(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() && c != '\n' && c != '\t' {
                CONTROL
            } else {
                c
            }
        })
        .collect()
}

/// Byte offset of 1-based character column `col` of `line` once shown by
/// [`expand_tabs`], clamped to the line.
fn expanded_byte_of_col(line: &str, col: u32) -> usize {
    line.chars()
        .take((col as usize).saturating_sub(1))
        .map(display_len)
        .sum()
}

/// A finding with its source: the frame from `annotate-snippets`, then help
/// and fix.
fn write_frame(
    f: &Finding,
    lines: &[&str],
    renderer: &Renderer,
    palette: &Palette,
    out: &mut dyn Write,
) -> io::Result<()> {
    let n = lines.len() as u32;
    let start_line = f.span.start_line.clamp(1, n);
    let mut end_line = f.span.end_line.clamp(start_line, n);
    let mut end_col = f.span.end_col;
    if end_line > start_line && end_col <= 1 {
        // A span that stops at the start of a line ends with the line before.
        end_line -= 1;
        end_col = u32::MAX;
    }
    if end_line - start_line > MAX_SPAN_LINES {
        end_line = start_line;
        end_col = u32::MAX;
    }
    let first = start_line.saturating_sub(CONTEXT).max(1);
    let last = (end_line + CONTEXT).min(n);
    // Tabs become four spaces here: `annotate-snippets` draws a tab that
    // wide but counts it as one column when placing the underline.
    let shown: Vec<String> = lines[(first - 1) as usize..last as usize]
        .iter()
        .map(|l| expand_tabs(l))
        .collect();
    let source = shown.join("\n");

    // Byte offset of each shown line in `source`.
    let mut offsets = Vec::with_capacity(shown.len());
    let mut at = 0;
    for l in &shown {
        offsets.push(at);
        at += l.len() + 1;
    }
    let line_at = |line: u32| shown[(line - first) as usize].as_str();
    let offset_at = |line: u32| offsets[(line - first) as usize];
    let original = |line: u32| lines[(line - 1) as usize];
    let start_text = line_at(start_line);
    let mut start =
        offset_at(start_line) + expanded_byte_of_col(original(start_line), f.span.start_col);
    let mut end = offset_at(end_line) + expanded_byte_of_col(original(end_line), end_col);
    if end_line == start_line && end <= start {
        // An empty span (an insertion point): underline one character so
        // the frame shows where, or the line's end when there is none.
        end = start;
        if let Some(c) = start_text[start - offset_at(start_line)..].chars().next() {
            end = start + c.len_utf8();
        } else if start > offset_at(start_line) {
            let before = &start_text[..start - offset_at(start_line)];
            if let Some(c) = before.chars().next_back() {
                start -= c.len_utf8();
            }
        }
    }

    let title = f.message.as_str();
    let message = level(f.severity).title(title).id(f.rule).snippet(
        Snippet::source(&source)
            .line_start(first as usize)
            .origin(&f.path)
            .annotation(level(f.severity).span(start..end)),
    );
    writeln!(out, "{}", renderer.render(message))?;
    let width = digits(last) + 1;
    write_help_and_fix(f, Some(lines), width, palette, out)
}

/// A finding without source text (an audit finding, or a file that could not
/// be kept): the title, where, and the help.
fn write_frameless(
    f: &Finding,
    renderer: &Renderer,
    palette: &Palette,
    out: &mut dyn Write,
) -> io::Result<()> {
    let message = level(f.severity).title(&f.message).id(f.rule);
    writeln!(out, "{}", renderer.render(message))?;
    let location = if is_cluster_finding(f) {
        match (f.topic.is_some(), f.partition) {
            (true, Some(p)) => {
                let uri = cluster_uri(f);
                let topic_uri = uri
                    .strip_suffix(&format!("/{p}"))
                    .unwrap_or(&uri)
                    .to_string();
                format!("{topic_uri} (partition {p})")
            }
            _ => f.path.clone(),
        }
    } else if f.span.start_line == 0 {
        f.path.clone()
    } else {
        format!("{}:{}:{}", f.path, f.span.start_line, f.span.start_col)
    };
    writeln!(out, " {} {location}", paint(palette.gutter, "-->"))?;
    write_help_and_fix(f, None, 1, palette, out)
}

fn digits(n: u32) -> usize {
    n.max(1).to_string().len()
}

/// Writes `= help: …` and `= fix: …` below a frame whose gutter is `width`
/// columns wide. `lines` is the file's text when known, to show the fixed
/// lines before and after the edit.
fn write_help_and_fix(
    f: &Finding,
    lines: Option<&[&str]>,
    width: usize,
    palette: &Palette,
    out: &mut dyn Write,
) -> io::Result<()> {
    let pad = " ".repeat(width);
    let eq = paint(palette.gutter, "=");
    if !f.help.is_empty() {
        let label = "help:";
        // Continuation lines start under the first word of the help.
        let cont = " ".repeat(width + 2 + label.len() + 1);
        for (i, l) in f.help.lines().enumerate() {
            if i == 0 {
                writeln!(out, "{pad}{eq} {} {l}", paint(palette.help, label))?;
            } else {
                writeln!(out, "{cont}{l}")?;
            }
        }
    }
    if !f.related.is_empty() {
        let related: Vec<String> = f.related.iter().map(|p| sanitize(p)).collect();
        writeln!(
            out,
            "{pad}{eq} {} depends on {}",
            paint(palette.help, "note:"),
            related.join(", ")
        )?;
    }
    let Some(fix) = &f.fix else {
        return Ok(());
    };
    writeln!(
        out,
        "{pad}{eq} {} {}",
        paint(palette.help, "fix:"),
        fix.description
    )?;
    let indent = format!("{pad}  {}", " ".repeat("fix: ".len()));
    let (before, after) = match lines {
        Some(lines) => edited_lines(lines, fix.span, &fix.replacement),
        None => (
            Vec::new(),
            split_lines(&fix.replacement)
                .into_iter()
                .map(str::to_string)
                .collect(),
        ),
    };
    let before: Vec<String> = before.iter().map(|l| expand_tabs(l)).collect();
    let after: Vec<String> = after.iter().map(|l| expand_tabs(l)).collect();
    let strip = common_indent(before.iter().chain(after.iter()).map(String::as_str));
    for l in &before {
        let shown = l.get(strip..).unwrap_or(l);
        writeln!(
            out,
            "{indent}{}",
            paint(palette.removed, &format!("- {shown}"))
        )?;
    }
    for l in &after {
        let shown = l.get(strip..).unwrap_or(l);
        writeln!(
            out,
            "{indent}{}",
            paint(palette.added, &format!("+ {shown}"))
        )?;
    }
    Ok(())
}

/// The whole lines a fix touches, before and after applying it.
fn edited_lines(lines: &[&str], span: Span, replacement: &str) -> (Vec<String>, Vec<String>) {
    let n = lines.len() as u32;
    if span.start_line == 0 || span.start_line > n {
        return (
            Vec::new(),
            split_lines(replacement)
                .into_iter()
                .map(str::to_string)
                .collect(),
        );
    }
    let start_line = span.start_line;
    let end_line = span.end_line.clamp(start_line, n);
    let first = lines[(start_line - 1) as usize];
    let last = lines[(end_line - 1) as usize];
    let start = byte_of_col(first, span.start_col);
    let mut end = byte_of_col(last, span.end_col);
    if start_line == end_line {
        end = end.max(start);
    }
    let before: Vec<String> = lines[(start_line - 1) as usize..end_line as usize]
        .iter()
        .map(|l| l.to_string())
        .collect();
    let edited = format!("{}{}{}", &first[..start], replacement, &last[end..]);
    let after = split_lines(&edited)
        .into_iter()
        // A fix that deletes whole lines leaves nothing to show after it.
        .filter(|l| !(l.trim().is_empty() && replacement.is_empty()))
        .map(str::to_string)
        .collect();
    (before, after)
}

/// Bytes of leading whitespace shared by all non-blank `lines`.
fn common_indent<'a>(lines: impl Iterator<Item = &'a str>) -> usize {
    let mut common: Option<&str> = None;
    for l in lines.filter(|l| !l.trim().is_empty()) {
        let ws = &l[..l.len() - l.trim_start().len()];
        common = Some(match common {
            None => ws,
            Some(c) => {
                let shared = c
                    .bytes()
                    .zip(ws.bytes())
                    .take_while(|(a, b)| a == b)
                    .count();
                &c[..shared]
            }
        });
    }
    common.map_or(0, str::len)
}

/// The end summary, one entry per line (counts of zero are left out):
///
/// ```text
///   2  acks-unsafe
///   1  key-null
/// 2 errors, 1 warning (2 suppressed, 5 in the baseline) in 12 files scanned in 34 ms
/// skipped: 1 binary, 2 generated, 3 test files (see --include-tests), 4 excluded
/// ```
pub(crate) fn summary_lines(input: &ReportInput<'_>) -> Vec<String> {
    let mut lines = Vec::new();
    let mut by_rule: std::collections::BTreeMap<&str, u64> = Default::default();
    for f in input.findings {
        *by_rule.entry(f.rule).or_default() += 1;
    }
    let width = by_rule.values().max().map_or(1, |n| n.to_string().len());
    for (rule, n) in &by_rule {
        lines.push(format!("  {n:>width$}  {rule}"));
    }
    let count = |s: Severity| input.findings.iter().filter(|f| f.severity == s).count();
    let mut parts = Vec::new();
    for (severity, one, many) in [
        (Severity::Error, "error", "errors"),
        (Severity::Warning, "warning", "warnings"),
        (Severity::Info, "info", "info"),
    ] {
        match count(severity) {
            0 => {}
            1 => parts.push(format!("1 {one}")),
            k => parts.push(format!("{k} {many}")),
        }
    }
    let mut findings = if parts.is_empty() {
        "no findings".to_string()
    } else {
        parts.join(", ")
    };
    let s = input.summary;
    let hidden: Vec<String> = [
        (s.suppressed, "suppressed"),
        (s.baselined, "in the baseline"),
        (s.unchanged, "in unchanged files"),
        (s.fixed, "fixed"),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| format!("{n} {what}"))
    .collect();
    if !hidden.is_empty() {
        findings.push_str(&format!(" ({})", hidden.join(", ")));
    }
    let noun = input.subject.noun(s.files_scanned);
    let verb = match input.subject {
        Subject::Files => "scanned",
        Subject::Topics => "audited",
    };
    lines.push(format!(
        "{findings} in {} {noun} {verb} in {} ms",
        s.files_scanned, s.elapsed_ms
    ));
    let k = &s.skipped;
    let plural = |n: u64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut skipped = Vec::new();
    for (n, what) in [
        (k.binary, "binary"),
        (k.too_large, "too large"),
        (k.generated, "generated"),
        (k.unreadable, "unreadable"),
        (k.failed, "failed to parse"),
    ] {
        if n > 0 {
            skipped.push(format!("{n} {what}"));
        }
    }
    if s.test_files_skipped > 0 {
        skipped.push(format!(
            "{} (see --include-tests)",
            plural(s.test_files_skipped, "test file", "test files")
        ));
    }
    if s.example_findings_skipped > 0 {
        skipped.push(format!(
            "{} on client defaults in example code (see --examples-as-code)",
            plural(s.example_findings_skipped, "finding", "findings")
        ));
    }
    if k.excluded > 0 || k.excluded_dirs > 0 {
        let mut what = Vec::new();
        if k.excluded > 0 {
            what.push(plural(k.excluded, "file", "files"));
        }
        if k.excluded_dirs > 0 {
            what.push(plural(k.excluded_dirs, "directory", "directories"));
        }
        skipped.push(format!("{} excluded", what.join(" and ")));
    }
    if !skipped.is_empty() {
        lines.push(format!("skipped: {}", skipped.join(", ")));
    }
    lines
}

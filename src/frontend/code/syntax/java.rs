//! Java: tree-sitter-java node kinds → IR.

use crate::frontend::code::field::Fields;
use crate::frontend::code::ir::{ClassKind, Id, Key, Kind, LoopKind};
use crate::frontend::code::lang::{Elide, GateSyntax, Lang, MapShape};
use crate::frontend::code::lower::{parse_int, simple_type, strip_generics, unescape, Lower};
use tree_sitter::Node;

pub const COMMENTS: &[&str] = &["line_comment", "block_comment"];

pub fn language() -> tree_sitter::Language {
    tree_sitter_java::LANGUAGE.into()
}

/// Modifiers of a declaration: (annotation names, is final, is static).
fn modifiers<'a>(l: &mut Lower<'_>, n: Node<'a>) -> (Vec<Box<str>>, Vec<Node<'a>>, bool, bool) {
    let mut names = Vec::new();
    let mut nodes = Vec::new();
    let (mut fin, mut stat) = (false, false);
    let mods = l
        .named_children(n)
        .into_iter()
        .find(|c| c.kind() == "modifiers");
    let Some(mods) = mods else {
        return (names, nodes, fin, stat);
    };
    let mut c = mods.walk();
    for m in mods.children(&mut c) {
        match m.kind() {
            "annotation" | "marker_annotation" => {
                if let Some(name) = l.field_text(m, "name") {
                    names.push(simple_type(name).into());
                }
                nodes.push(m);
            }
            "final" => fin = true,
            "static" => stat = true,
            _ => {}
        }
    }
    (names, nodes, fin, stat)
}

fn type_text<'t>(l: &Lower<'t>, n: Node<'_>) -> Option<&'t str> {
    l.field_text(n, "type")
}

fn params(l: &mut Lower<'_>, list: Option<Node<'_>>) -> Vec<crate::frontend::code::ir::Param> {
    let Some(list) = list else {
        return Vec::new();
    };
    match list.kind() {
        "identifier" => vec![l.param(l.text_of(list), None, list)],
        "inferred_parameters" => l
            .named_children(list)
            .into_iter()
            .map(|p| l.param(l.text_of(p), None, p))
            .collect(),
        _ => l
            .named_children(list)
            .into_iter()
            .filter_map(|p| {
                let name = match p.kind() {
                    "formal_parameter" => l.field_text(p, "name"),
                    "spread_parameter" => {
                        let mut c = p.walk();
                        let d = p
                            .named_children(&mut c)
                            .find(|k| k.kind() == "variable_declarator");
                        d.and_then(|d| l.field_text(d, "name"))
                    }
                    _ => None,
                }?;
                let ty = type_text(l, p);
                Some(l.param(name, ty, p))
            })
            .collect(),
    }
}

/// `new T(args) { body }`.
fn creation(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let path = l.field_text(n, "type").unwrap_or("");
    let ty = simple_type(path).into();
    let path = strip_generics(path).into();
    let args = l.positional_args(n.field("arguments"), id);
    let body = l
        .named_children(n)
        .into_iter()
        .find(|c| c.kind() == "class_body")
        .map(|b| l.block(b, id));
    l.set(
        id,
        Kind::New {
            ty,
            path,
            args,
            init: None,
            body,
        },
    )
}

fn declaration(l: &mut Lower<'_>, n: Node<'_>, parent: Id, field: bool) -> Id {
    // One `Let` per declarator; several declarators become a block.
    let (_, _, fin, stat) = modifiers(l, n);
    let constant = fin || n.kind() == "constant_declaration";
    let ty: Option<Box<str>> = type_text(l, n).map(Into::into);
    let mut c = n.walk();
    let decls: Vec<Node<'_>> = n.children_by_field_name("declarator", &mut c).collect();
    let one = decls.len() == 1;
    let outer = if one { Id::NONE } else { l.reserve(n, parent) };
    let mut lets = Vec::new();
    for d in decls {
        let id = if one {
            l.reserve(n, parent)
        } else {
            l.reserve(d, outer)
        };
        let name = l.field_text(d, "name").unwrap_or("").into();
        let value = l.field(d, "value", id);
        l.set(
            id,
            Kind::Let {
                names: vec![name],
                ty: ty.clone(),
                value,
                constant,
                field,
                static_: stat || n.kind() == "constant_declaration",
            },
        );
        lets.push(id);
    }
    if one {
        lets[0]
    } else {
        l.set(outer, Kind::Block(lets))
    }
}

fn method(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let (annotations, ann_nodes, _, _) = modifiers(l, n);
    let decorators = ann_nodes.into_iter().map(|a| l.other(a, id)).collect();
    let name = l.field_text(n, "name").map(Into::into);
    let ps = params(l, n.field("parameters"));
    let returns = l.field_text(n, "type").map(|t| strip_generics(t).into());
    let body = match l.field(n, "body", id) {
        Some(b) => b,
        None => l.reserve_range(n.end_byte() as u32, n.end_byte() as u32, id),
    };
    l.set(
        id,
        Kind::Func {
            name,
            params: ps,
            body,
            annotations,
            decorators,
            returns,
            is_async: false,
            method: true,
        },
    )
}

fn class(l: &mut Lower<'_>, n: Node<'_>, parent: Id, kind: ClassKind) -> Id {
    let id = l.reserve(n, parent);
    let (annotations, _, _, _) = modifiers(l, n);
    let name = l.field_text(n, "name").unwrap_or("").into();
    let mut bases = Vec::new();
    for f in ["superclass", "interfaces"] {
        if let Some(s) = n.field(f) {
            collect_types(l, s, &mut bases);
        }
    }
    if let Some(ext) = l
        .named_children(n)
        .into_iter()
        .find(|c| c.kind() == "extends_interfaces")
    {
        collect_types(l, ext, &mut bases);
    }
    let body = match n.field("body") {
        Some(b) => class_body(l, b, id),
        None => l.reserve_range(n.end_byte() as u32, n.end_byte() as u32, id),
    };
    l.set(
        id,
        Kind::Class {
            name,
            kind,
            bases,
            annotations,
            body,
        },
    )
}

fn collect_types(l: &Lower<'_>, n: Node<'_>, out: &mut Vec<Box<str>>) {
    let mut stack = vec![n];
    while let Some(k) = stack.pop() {
        match k.kind() {
            "type_identifier" => out.push(l.text_of(k).into()),
            "generic_type" | "scoped_type_identifier" => {
                out.push(strip_generics(l.text_of(k)).into());
            }
            _ => {
                let mut c = k.walk();
                stack.extend(k.named_children(&mut c));
            }
        }
    }
}

/// A class, interface or enum body: members become a block; enum
/// constants are declared as static constant fields.
fn class_body(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let mut members = Vec::new();
    for m in l.named_children(n) {
        match m.kind() {
            "enum_constant" => {
                let c = l.reserve(m, id);
                let name = l.field_text(m, "name").unwrap_or("").into();
                l.set(
                    c,
                    Kind::Let {
                        names: vec![name],
                        ty: None,
                        value: None,
                        constant: true,
                        field: true,
                        static_: true,
                    },
                );
                members.push(c);
            }
            "enum_body_declarations" => {
                for k in l.named_children(m) {
                    members.push(l.node(k, id));
                }
            }
            _ => members.push(l.node(m, id)),
        }
    }
    l.set(id, Kind::Block(members))
}

fn string(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let raw = l.text_of(n);
    let value = if let Some(body) = raw
        .strip_prefix("\"\"\"")
        .and_then(|r| r.strip_suffix("\"\"\""))
    {
        // Text block: drop the first line break and common indentation.
        let body = body.strip_prefix('\n').unwrap_or(body);
        let indent = body
            .lines()
            .filter(|x| !x.trim().is_empty())
            .map(|x| x.len() - x.trim_start().len())
            .min()
            .unwrap_or(0);
        let lines: Vec<&str> = body
            .lines()
            .map(|x| x.get(indent..).unwrap_or(""))
            .collect();
        unescape(&lines.join("\n"))
    } else {
        unescape(crate::frontend::code::lower::unquote(raw))
    };
    l.leaf(n, parent, Kind::Str(value.into()))
}

pub fn lower(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    match n.kind() {
        "program"
        | "block"
        | "constructor_body"
        | "switch_block"
        | "switch_block_statement_group" => l.block(n, parent),
        "string_literal" => string(l, n, parent),
        "character_literal" => {
            let v = unescape(crate::frontend::code::lower::unquote(l.text_of(n)));
            l.leaf(n, parent, Kind::Str(v.into()))
        }
        "decimal_integer_literal"
        | "hex_integer_literal"
        | "octal_integer_literal"
        | "binary_integer_literal" => match parse_int(l.text_of(n)) {
            Some(v) => l.leaf(n, parent, Kind::Int(v)),
            None => l.leaf(n, parent, Kind::Other(Vec::new())),
        },
        "decimal_floating_point_literal" | "hex_floating_point_literal" => {
            let t = l.text_of(n).trim_end_matches(['f', 'F', 'd', 'D']);
            let v = t.replace('_', "").parse().unwrap_or(0.0);
            l.leaf(n, parent, Kind::Float(v))
        }
        "true" => l.leaf(n, parent, Kind::Bool(true)),
        "false" => l.leaf(n, parent, Kind::Bool(false)),
        "null_literal" => l.leaf(n, parent, Kind::Null),
        "identifier" | "type_identifier" | "this" | "super" => l.name(n, parent),
        "scoped_identifier" | "scoped_type_identifier" => {
            // a.b.C as a member chain
            let text = l.text_of(n);
            member_chain(l, n, parent, text)
        }
        "field_access" => {
            let id = l.reserve(n, parent);
            let obj = l.field(n, "object", id).unwrap_or(Id::NONE);
            let name = l.field_text(n, "field").unwrap_or("").into();
            l.set(id, Kind::Member { obj, name })
        }
        "method_invocation" => {
            let id = l.reserve(n, parent);
            let name_node = n.field("name");
            let func = match n.field("object") {
                Some(o) => {
                    let f = l.reserve_range(
                        o.start_byte() as u32,
                        name_node.map_or(n.end_byte(), |x| x.end_byte()) as u32,
                        id,
                    );
                    let obj = l.node(o, f);
                    let name = name_node.map(|x| l.text_of(x)).unwrap_or("").into();
                    l.set(f, Kind::Member { obj, name })
                }
                None => match name_node {
                    Some(x) => l.name(x, id),
                    None => l.leaf(n, id, Kind::Other(Vec::new())),
                },
            };
            let args = l.positional_args(n.field("arguments"), id);
            l.set(id, Kind::Call { func, args })
        }
        "explicit_constructor_invocation" => {
            let id = l.reserve(n, parent);
            let func = match n.field("constructor") {
                Some(c) => l.name(c, id),
                None => l.leaf(n, id, Kind::Name("this".into())),
            };
            let args = l.positional_args(n.field("arguments"), id);
            l.set(id, Kind::Call { func, args })
        }
        "object_creation_expression" => creation(l, n, parent),
        "array_creation_expression" => {
            let id = l.reserve(n, parent);
            let items = match n.field("value") {
                Some(v) => l.lower_children(v, id),
                None => Vec::new(),
            };
            l.set(id, Kind::List(items))
        }
        "array_initializer" | "element_value_array_initializer" => {
            let id = l.reserve(n, parent);
            let items = l.lower_children(n, id);
            l.set(id, Kind::List(items))
        }
        "array_access" => {
            let id = l.reserve(n, parent);
            let obj = l.field(n, "array", id).unwrap_or(Id::NONE);
            let index = l.field(n, "index", id).unwrap_or(Id::NONE);
            l.set(id, Kind::Index { obj, index })
        }
        "parenthesized_expression" => l.transparent(n, parent),
        "cast_expression" => {
            let id = l.reserve(n, parent);
            let v = l.field(n, "value", id).unwrap_or(Id::NONE);
            l.set(id, Kind::Cast(v))
        }
        "binary_expression" => l.binary(n, parent),
        "instanceof_expression" => {
            let id = l.reserve(n, parent);
            let left = l.field(n, "left", id).unwrap_or(Id::NONE);
            let right = l.leaf(n, id, Kind::Other(Vec::new()));
            l.set(
                id,
                Kind::Binary {
                    op: "instanceof".into(),
                    l: left,
                    r: right,
                },
            )
        }
        "unary_expression" => {
            let id = l.reserve(n, parent);
            let e = l.field(n, "operand", id).unwrap_or(Id::NONE);
            let op = l.field_text(n, "operator").unwrap_or("").into();
            l.set(id, Kind::Unary { op, e })
        }
        "update_expression" => l.wrap_first(n, parent, Kind::Update),
        "ternary_expression" => {
            let id = l.reserve(n, parent);
            let c = l.field(n, "condition", id).unwrap_or(Id::NONE);
            let a = l.field(n, "consequence", id).unwrap_or(Id::NONE);
            let b = l.field(n, "alternative", id).unwrap_or(Id::NONE);
            l.set(id, Kind::Cond { c, a, b })
        }
        "assignment_expression" => {
            let id = l.reserve(n, parent);
            let target = l.field(n, "left", id).unwrap_or(Id::NONE);
            let value = l.field(n, "right", id).unwrap_or(Id::NONE);
            let op = l.field_text(n, "operator").unwrap_or("=");
            let op = (op != "=").then(|| op.trim_end_matches('=').into());
            l.set(id, Kind::Assign { target, value, op })
        }
        "lambda_expression" => {
            let id = l.reserve(n, parent);
            let ps = params(l, n.field("parameters"));
            let body = l.field(n, "body", id).unwrap_or(Id::NONE);
            l.set(id, Kind::Lambda { params: ps, body })
        }
        "method_reference" => {
            // `this::publish`, `Foo::bar`: a member, so calls through it can be followed.
            let kids = l.named_children(n);
            let id = l.reserve(n, parent);
            match (kids.first(), kids.last()) {
                (Some(o), Some(m)) if kids.len() >= 2 => {
                    let obj = l.node(*o, id);
                    let name = l.text_of(*m).into();
                    l.set(id, Kind::Member { obj, name })
                }
                _ => l.set(id, Kind::Other(Vec::new())),
            }
        }
        "local_variable_declaration" => declaration(l, n, parent, false),
        "field_declaration" | "constant_declaration" => declaration(l, n, parent, true),
        "expression_statement" => l.wrap_first(n, parent, Kind::Expr),
        "if_statement" => {
            let id = l.reserve(n, parent);
            let cond = l.field(n, "condition", id).unwrap_or(Id::NONE);
            let then = l.field(n, "consequence", id).unwrap_or(Id::NONE);
            let else_ = l.field(n, "alternative", id);
            l.set(id, Kind::If { cond, then, else_ })
        }
        "for_statement" => {
            let id = l.reserve(n, parent);
            let mut header = Vec::new();
            let mut vars = Vec::new();
            let mut c = n.walk();
            let inits: Vec<Node<'_>> = n.children_by_field_name("init", &mut c).collect();
            for i in inits {
                if i.kind() == "local_variable_declaration" {
                    let mut c2 = i.walk();
                    for d in i.children_by_field_name("declarator", &mut c2) {
                        if let Some(name) = l.field_text(d, "name") {
                            vars.push(name.into());
                        }
                    }
                }
                header.push(l.node(i, id));
            }
            l.counted_loop(n, id, vars, header, "update")
        }
        "enhanced_for_statement" => {
            let id = l.reserve(n, parent);
            let vars = l
                .field_text(n, "name")
                .map(|v| vec![v.into()])
                .unwrap_or_default();
            let var_ty = l.field_text(n, "type").map(|t| t.into());
            let iter = l.field(n, "value", id);
            let body = l.field(n, "body", id).unwrap_or(Id::NONE);
            l.set(
                id,
                Kind::Loop {
                    kind: LoopKind::Each,
                    vars,
                    var_ty,
                    iter,
                    header: Vec::new(),
                    body,
                },
            )
        }
        "while_statement" | "do_statement" => {
            let id = l.reserve(n, parent);
            let iter = l.field(n, "condition", id);
            let body = l.field(n, "body", id).unwrap_or(Id::NONE);
            l.set(
                id,
                Kind::Loop {
                    kind: LoopKind::While,
                    vars: Vec::new(),
                    var_ty: None,
                    iter,
                    header: Vec::new(),
                    body,
                },
            )
        }
        "try_statement" | "try_with_resources_statement" => try_stmt(l, n, parent),
        "return_statement" => {
            let id = l.reserve(n, parent);
            let v = l.lower_children(n, id).into_iter().next();
            l.set(id, Kind::Return(v))
        }
        "throw_statement" => l.wrap_first(n, parent, Kind::Throw),
        "method_declaration" | "constructor_declaration" | "compact_constructor_declaration" => {
            method(l, n, parent)
        }
        "static_initializer" => l.transparent(n, parent),
        "class_declaration" | "record_declaration" => class(l, n, parent, ClassKind::Class),
        "interface_declaration" | "annotation_type_declaration" => {
            class(l, n, parent, ClassKind::Interface)
        }
        "enum_declaration" => class(l, n, parent, ClassKind::Enum),
        "class_body" | "interface_body" | "enum_body" => class_body(l, n, parent),
        "import_declaration" => {
            let t = l.text_of(n);
            let path = t
                .trim_start_matches("import")
                .trim_end_matches(';')
                .trim()
                .trim_start_matches("static ")
                .trim();
            let (pkg, simple) = path.rsplit_once('.').unwrap_or(("", path));
            let names = vec![(simple.into(), path.into())];
            l.leaf(
                n,
                parent,
                Kind::Import {
                    path: pkg.into(),
                    names,
                },
            )
        }
        "package_declaration" => {
            let t = l.text_of(n);
            let pkg = t.trim_start_matches("package").trim_end_matches(';').trim();
            l.package = Some(pkg.to_string());
            l.leaf(n, parent, Kind::Other(Vec::new()))
        }
        "annotation" | "marker_annotation" | "modifiers" => {
            l.leaf(n, parent, Kind::Other(Vec::new()))
        }
        "switch_expression" => l.other(n, parent),
        "labeled_statement" | "synchronized_statement" => l.other(n, parent),
        "argument_list" => {
            let id = l.reserve(n, parent);
            let kids = l.lower_children(n, id);
            l.set(id, Kind::Other(kids))
        }
        "element_value_pair" => {
            let id = l.reserve(n, parent);
            let key = Key::Name(l.field_text(n, "key").unwrap_or("").into());
            let value = l.field(n, "value", id).unwrap_or(Id::NONE);
            let e = l.entry(key, value, n);
            l.set(id, Kind::Object(vec![e]))
        }
        _ => l.other(n, parent),
    }
}

/// `a.b.C` written as a scoped identifier.
fn member_chain(l: &mut Lower<'_>, n: Node<'_>, parent: Id, text: &str) -> Id {
    let parts: Vec<&str> = text.split('.').map(str::trim).collect();
    if parts.len() < 2 {
        return l.name(n, parent);
    }
    let id = l.reserve(n, parent);
    let mut cur = l.reserve(n, id);
    l.set(cur, Kind::Name(parts[0].into()));
    for p in &parts[1..parts.len() - 1] {
        let m = l.reserve(n, id);
        l.adopt(cur, m);
        l.set(
            m,
            Kind::Member {
                obj: cur,
                name: (*p).into(),
            },
        );
        cur = m;
    }
    l.adopt(cur, id);
    l.set(
        id,
        Kind::Member {
            obj: cur,
            name: parts[parts.len() - 1].into(),
        },
    )
}

fn try_stmt(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let mut items = Vec::new();
    if let Some(res) = n.field("resources") {
        for r in l.named_children(res) {
            if r.kind() == "resource" {
                let name = l.field_text(r, "name").map(Into::into);
                let v = match r.field("value") {
                    Some(v) => {
                        // Declared resources are declarations too.
                        let let_id = l.reserve(r, id);
                        let value = l.node(v, let_id);
                        let ty = l.field_text(r, "type").map(Into::into);
                        l.set(
                            let_id,
                            Kind::Let {
                                names: name.clone().into_iter().collect(),
                                ty,
                                value: Some(value),
                                constant: true,
                                field: false,
                                static_: false,
                            },
                        )
                    }
                    None => l.node(r, id),
                };
                items.push((name, v));
            } else {
                items.push((None, l.node(r, id)));
            }
        }
    }
    let body = l.field(n, "body", id).unwrap_or(Id::NONE);
    let mut catches = Vec::new();
    let mut finally = None;
    for c in l.named_children(n) {
        match c.kind() {
            "catch_clause" => {
                let var = l
                    .named_children(c)
                    .into_iter()
                    .find(|k| k.kind() == "catch_formal_parameter")
                    .and_then(|p| l.field_text(p, "name"))
                    .map(Into::into);
                let b = l.field(c, "body", id).unwrap_or(Id::NONE);
                catches.push((var, b));
            }
            "finally_clause" => {
                finally = l
                    .named_children(c)
                    .into_iter()
                    .next()
                    .map(|b| l.node(b, id));
            }
            _ => {}
        }
    }
    let tried = if items.is_empty() {
        body
    } else {
        let w = l.reserve(n, id);
        for (_, v) in &items {
            l.adopt(*v, w);
        }
        l.adopt(body, w);
        l.set(w, Kind::With { items, body })
    };
    l.set(
        id,
        Kind::Try {
            body: tried,
            catches,
            finally,
        },
    )
}

/// The JVM's shared idioms: Java, Kotlin and Scala use the same standard
/// library types for clocks, randomness and conversions.
/// The JDK's map types, config carriers of every JVM language.
/// How JVM code opens a properties file to `load` it: class-path
/// resources (`getResourceAsStream("/producer.properties")`) and files
/// (`new FileInputStream("conf/producer.properties")`,
/// `Files.newInputStream(Path.of(..))`, Kotlin's `File(..).inputStream()`).
pub const JVM_FILE_OPENERS: &[(&str, bool)] = &[
    ("getResourceAsStream", true),
    ("getSystemResourceAsStream", true),
    ("FileInputStream", false),
    ("FileReader", false),
    ("newInputStream", false),
    ("newBufferedReader", false),
    ("inputStream", false),
    ("reader", false),
    ("bufferedReader", false),
];

pub const JVM_MAP_TYPES: &[&str] = &[
    "Properties",
    "HashMap",
    "LinkedHashMap",
    "TreeMap",
    "ConcurrentHashMap",
    "Hashtable",
];

/// Environment and system-property reads of the JDK (the default's
/// argument position).
pub const JVM_ENV_READS: &[(&str, &str, usize)] = &[
    ("System", "getenv", usize::MAX),
    ("System", "getProperty", 1),
];

/// Comments and string literals of Java and Kotlin for the gate (text
/// blocks, strings, chars).
pub const JVM_GATE: GateSyntax = GateSyntax {
    line_comments: &["//"],
    block_comments: &[("/*", "*/")],
    strings: &["\"\"\"", "\"", "'"],
    escapes: true,
    qualified_imports: false,
};

pub const JVM_CLOCK_CALLS: &[(&str, &str)] = &[
    ("System", "currentTimeMillis"),
    ("System", "nanoTime"),
    ("Instant", "now"),
    ("LocalDateTime", "now"),
    ("LocalDate", "now"),
    ("LocalTime", "now"),
    ("ZonedDateTime", "now"),
    ("OffsetDateTime", "now"),
    ("Year", "now"),
    ("YearMonth", "now"),
    ("Calendar", "getInstance"),
    ("Clock", "systemUTC"),
    ("", "millis"),
    ("", "instant"),
    ("", "currentTimeMillis"),
];

pub const JVM_RANDOM_CALLS: &[(&str, &str)] = &[
    ("UUID", "randomUUID"),
    ("Math", "random"),
    ("ThreadLocalRandom", "current"),
    ("RandomStringUtils", "*"),
    ("RandomUtils", "*"),
    ("Random", "nextInt"),
    ("Random", "nextLong"),
    ("UUIDs", "timeBased"),
    ("UUIDs", "random"),
];

pub const JVM_CONVERSIONS: &[(&str, &str)] = &[
    ("String", "valueOf"),
    ("Long", "toString"),
    ("Integer", "toString"),
    ("Boolean", "toString"),
    ("Objects", "toString"),
    ("Long", "valueOf"),
    ("Integer", "valueOf"),
    ("", "toString"),
    ("", "name"),
    ("", "toLowerCase"),
    ("", "toUpperCase"),
    ("", "trim"),
    ("", "getBytes"),
    ("", "toByteArray"),
    ("", "lowercase"),
    ("", "uppercase"),
    ("", "encodeToByteArray"),
];

pub const JVM_NON_DOMAIN: &[&str] = &[
    "String",
    "CharSequence",
    "byte[]",
    "char[]",
    "String[]",
    "Integer",
    "Long",
    "Short",
    "Byte",
    "Double",
    "Float",
    "Boolean",
    "Character",
    "Number",
    "BigDecimal",
    "BigInteger",
    "int",
    "long",
    "short",
    "byte",
    "double",
    "float",
    "boolean",
    "char",
    "Object",
    "UUID",
    "Entry",
    "Path",
    "File",
    "Acknowledgment",
    "HttpServletRequest",
    "HttpServletResponse",
    "ServletRequest",
    "ServletResponse",
    "Principal",
    "HttpHeaders",
    "MessageHeaders",
    "Model",
    "BindingResult",
    "Locale",
    "Int",
    "Any",
    "ByteArray",
    "Unit",
    "ByteBuffer",
    "JsonNode",
    "Map",
    "HashMap",
    "Properties",
    "Instant",
    "LocalDate",
    "LocalDateTime",
    "Duration",
    "Optional",
    "Void",
];

pub const JVM_MESSAGE_ANNOTATIONS: &[&str] = &[
    "KafkaListener",
    "KafkaHandler",
    "RabbitListener",
    "RabbitHandler",
    "JmsListener",
    "SqsListener",
    "EventListener",
    "TransactionalEventListener",
    "StreamListener",
    "ServiceActivator",
    "Incoming",
];

pub const JVM_REQUEST_ANNOTATIONS: &[&str] = &[
    "PostMapping",
    "GetMapping",
    "PutMapping",
    "DeleteMapping",
    "PatchMapping",
    "RequestMapping",
    "MessageMapping",
    "POST",
    "GET",
    "PUT",
    "DELETE",
    "PATCH",
    "Path",
    "Get",
    "Post",
    "Put",
    "Delete",
    "Patch",
    "Route",
];

pub const JVM_LOOP_CALLS: &[&str] = &[
    "forEach",
    "forEachOrdered",
    "forEachRemaining",
    "map",
    "flatMap",
    "filter",
    "peek",
    "mapToObj",
    "onEach",
    "forEachIndexed",
    "mapNotNull",
    "foreach",
    "mapAsync",
    "mapAsyncUnordered",
    "parallelStream",
];

pub static SPEC: Lang = Lang {
    id: "java",
    language,
    lower,
    comments: COMMENTS,
    map_types: JVM_MAP_TYPES,
    map_factories: &[
        ("Map", "of", MapShape::Alternating),
        ("ImmutableMap", "of", MapShape::Alternating),
        ("Collections", "singletonMap", MapShape::Alternating),
        ("Map", "ofEntries", MapShape::Entries),
        ("Collections", "unmodifiableMap", MapShape::Copy),
        ("Map", "copyOf", MapShape::Copy),
        ("ImmutableMap", "copyOf", MapShape::Copy),
    ],
    pair_ops: &[],
    put_methods: &["put", "setProperty", "putIfAbsent"],
    merge_methods: &["putAll"],
    opaque_methods: &[
        "load",
        "loadFromXML",
        "compute",
        "computeIfAbsent",
        "merge",
        "replaceAll",
        "clear",
        "remove",
    ],
    read_only_calls: &[
        "info",
        "debug",
        "warn",
        "error",
        "trace",
        "println",
        "print",
        "printf",
        "format",
        "copyOf",
        "requireNonNull",
        "unmodifiableMap",
        "equals",
        "toString",
        "valueOf",
        "add",
        "putAll",
        "addAll",
        "of",
    ],
    scope_functions: &[],
    views: &[],
    loop_calls: JVM_LOOP_CALLS,
    message_annotations: JVM_MESSAGE_ANNOTATIONS,
    request_annotations: JVM_REQUEST_ANNOTATIONS,
    message_handler_names: &["onMessage", "handleMessage", "onEvent", "consume", "listen"],
    request_handler_names: &[
        "doPost",
        "doGet",
        "doPut",
        "doDelete",
        "service",
        "handleRequest",
        "handle",
    ],
    request_param_types: &[
        "HttpServletRequest",
        "ServerRequest",
        "HttpExchange",
        "RoutingContext",
    ],
    request_bases: &[],
    route_calls: &[],
    poll_calls: &["poll"],
    handler_return_types: &["Consumer", "Function", "BiConsumer", "BiFunction"],
    constants: &[
        ("Integer.MAX_VALUE", i32::MAX as i64),
        ("Long.MAX_VALUE", i64::MAX),
        ("Short.MAX_VALUE", i16::MAX as i64),
    ],
    bool_constants: &[("Boolean.TRUE", true), ("Boolean.FALSE", false)],
    durations: &[
        ("Duration.ofMillis", 1.0),
        ("Duration.ofSeconds", 1000.0),
        ("Duration.ofMinutes", 60_000.0),
    ],
    clock_calls: JVM_CLOCK_CALLS,
    clock_types: &["Date", "Timestamp", "GregorianCalendar"],
    random_calls: JVM_RANDOM_CALLS,
    random_types: &["Random", "SecureRandom", "SplittableRandom"],
    conversions: JVM_CONVERSIONS,
    non_domain_types: JVM_NON_DOMAIN,
    env_reads: JVM_ENV_READS,
    serializers: &[
        "writeValueAsString",
        "writeValueAsBytes",
        "toJson",
        "serialize",
        "encode",
        "toByteArray",
    ],
    this_names: &["this"],
    assign_declares: false,
    file_loads: &["load"],
    file_openers: JVM_FILE_OPENERS,
    map_merge_ops: &[],
    export_objects: &[],
    async_lambda: "",
    gate: JVM_GATE,
    elide: Elide::Braces { keywords: &[] },
};

//! Java front-end: reads one `.java` file with tree-sitter and extracts the
//! producer model — producers (`new KafkaProducer<>(..)`,
//! `new DefaultKafkaProducerFactory<>(..)`) with their traced configuration,
//! sends on producers and `KafkaTemplate`s, custom partitioners, and topics
//! created in code.
//!
//! Every walk over the tree is iterative (a tree cursor) or capped, so
//! deeply nested input cannot overflow the stack. The file has already
//! passed the byte prefilter; a second, Java-specific word check and one
//! cursor pass collecting the few interesting nodes let most files stop
//! before any analysis.

mod ast;
mod gate;
mod partitioner;
mod sends;
mod topics;
mod values;

#[cfg(test)]
mod tests;

use crate::finding::Span;
use crate::model::{Config, Context, FileFacts, Library, Producer, Setting};
use crate::source::LineIndex;
use ast::{
    ancestors, args, enclosing_body, enclosing_method, find, named, strip, walk_depth, Step,
};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use tree_sitter::{Node, Parser};

/// Words one of which every Java file with something to extract contains:
/// the types a producer, a send receiver, a record, a partitioner or a
/// topic is written with (`DefaultKafkaProducerFactory` contains
/// `KafkaProducer`; a bare `Producer` receiver needs Kafka's import).
/// Annotations that mark a per-message or per-request method.
const HANDLER_ANNOTATIONS: &[&str] = &[
    "KafkaListener",
    "KafkaHandler",
    "RabbitListener",
    "RabbitHandler",
    "JmsListener",
    "SqsListener",
    "EventListener",
    "TransactionalEventListener",
    "StreamListener",
    "PostMapping",
    "GetMapping",
    "PutMapping",
    "DeleteMapping",
    "PatchMapping",
    "RequestMapping",
    "MessageMapping",
];

/// Method names that mark a per-message or per-request method.
const HANDLER_NAMES: &[&str] = &[
    "onMessage",
    "handle",
    "handleRequest",
    "handleMessage",
    "doPost",
    "doGet",
    "doPut",
    "doDelete",
    "service",
];

/// Calls whose lambda argument runs once per element.
const LOOP_CALLS: &[&str] = &[
    "forEach",
    "forEachOrdered",
    "forEachRemaining",
    "map",
    "flatMap",
    "filter",
    "peek",
    "mapToObj",
];

/// Syntax nodes deeper than this are not analysed: no real producer code
/// nests this far, and skipping keeps every upward walk short.
const MAX_DEPTH: usize = 400;

thread_local! {
    static PARSER: RefCell<Option<Parser>> = const { RefCell::new(None) };
}

fn parse(text: &str) -> Option<tree_sitter::Tree> {
    PARSER.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            let mut p = Parser::new();
            p.set_language(&tree_sitter_java::LANGUAGE.into()).ok()?;
            *slot = Some(p);
        }
        slot.as_mut()?.parse(text, None)
    })
}

/// File-wide knowledge shared by the extractors.
struct Ctx<'a> {
    text: &'a str,
    idx: LineIndex<'a>,
    /// `final` fields and interface constants with an initializer, by name.
    constants: HashMap<&'a str, Node<'a>>,
    /// Methods with a body, by name (the first one when overloaded).
    methods: HashMap<&'a str, Node<'a>>,
    /// Enums declared in this file.
    enums: HashSet<&'a str>,
    /// Single-type imports: simple name → qualified name.
    imports: HashMap<&'a str, &'a str>,
    /// Packages imported with `.*`.
    wildcard_imports: Vec<&'a str>,
}

impl<'a> Ctx<'a> {
    fn text(&self, n: Node<'_>) -> &'a str {
        self.text.get(n.byte_range()).unwrap_or("")
    }

    fn span(&self, n: Node<'_>) -> Span {
        self.idx.span(n.start_byte(), n.end_byte())
    }

    /// False when the file imports a class of this simple name from outside
    /// Kafka's and Spring's packages (Pulsar's `Producer`, Vert.x's
    /// `KafkaProducer`, …).
    fn is_kafka_type(&self, simple: &str) -> bool {
        self.imports.get(simple).is_none_or(|path| {
            path.starts_with("org.apache.kafka.") || path.starts_with("org.springframework.kafka.")
        })
    }

    /// True when the file imports Kafka's `Producer` interface (a name too
    /// common to trust without the import).
    fn imports_kafka_producer(&self) -> bool {
        self.imports
            .get("Producer")
            .is_some_and(|p| *p == "org.apache.kafka.clients.producer.Producer")
            || self
                .wildcard_imports
                .contains(&"org.apache.kafka.clients.producer")
    }
}

/// The interesting nodes of a file, found in one pass.
#[derive(Default)]
struct Found<'a> {
    producers: Vec<(Node<'a>, Library)>,
    templates: Vec<Node<'a>>,
    records: Vec<Node<'a>>,
    sends: Vec<Node<'a>>,
    factory_calls: Vec<Node<'a>>,
    new_topics: Vec<Node<'a>>,
    topic_builders: Vec<Node<'a>>,
    partitioner_classes: Vec<Node<'a>>,
    /// `x = method()` / `T x = method()`: (variable, method).
    decl_calls: Vec<(&'a str, &'a str)>,
    /// Some code was nested deeper than [`MAX_DEPTH`] and skipped.
    too_deep: bool,
}

impl Found<'_> {
    fn is_empty(&self) -> bool {
        self.producers.is_empty()
            && self.templates.is_empty()
            && self.records.is_empty()
            && self.sends.is_empty()
            && self.new_topics.is_empty()
            && self.topic_builders.is_empty()
            && self.partitioner_classes.is_empty()
    }
}

/// Extracts the producer model from one Java file.
pub fn extract(_path: &Path, text: &str) -> FileFacts {
    let mut facts = FileFacts::default();
    if !gate::worth_parsing(text) {
        return facts;
    }
    let Some(tree) = parse(text) else {
        facts
            .warnings
            .push("the Java parser gave up on this file".to_string());
        return facts;
    };
    let root = tree.root_node();
    if root.has_error() {
        facts
            .warnings
            .push("syntax errors, analysed partially".to_string());
    }
    let mut ctx = Ctx {
        text,
        idx: LineIndex::new(text),
        constants: HashMap::new(),
        methods: HashMap::new(),
        enums: HashSet::new(),
        imports: HashMap::new(),
        wildcard_imports: Vec::new(),
    };
    let found = collect(&mut ctx, root);
    if found.too_deep {
        facts.warnings.push(format!(
            "code nested deeper than {MAX_DEPTH} syntax levels was skipped"
        ));
    }
    if found.is_empty() {
        return facts;
    }
    ctx.build(&found, &mut facts);
    facts
}

fn collect<'a>(ctx: &mut Ctx<'a>, root: Node<'a>) -> Found<'a> {
    let mut f = Found::default();
    walk_depth(root, |n, depth| {
        if !n.is_named() {
            return Step::Over;
        }
        if depth > MAX_DEPTH {
            f.too_deep = true;
            return Step::Over;
        }
        match n.kind() {
            "import_declaration" => {
                let t = ctx.text(n);
                let path = t
                    .trim_start_matches("import")
                    .trim_end_matches(';')
                    .trim()
                    .trim_start_matches("static ")
                    .trim();
                if let Some((package, simple)) = path.rsplit_once('.') {
                    if simple == "*" {
                        ctx.wildcard_imports.push(package);
                    } else {
                        ctx.imports.insert(simple, path);
                    }
                }
                return Step::Over;
            }
            "object_creation_expression" => match ctx.creation_type(n).as_str() {
                "KafkaProducer" if ctx.is_kafka_type("KafkaProducer") => {
                    f.producers.push((n, Library::KafkaClients))
                }
                "DefaultKafkaProducerFactory" => f.producers.push((n, Library::SpringKafka)),
                "KafkaTemplate" => f.templates.push(n),
                "ProducerRecord" => f.records.push(n),
                "NewTopic" => f.new_topics.push(n),
                _ => {}
            },
            "method_invocation" => match ctx.call_name(n) {
                "send" | "sendDefault" => f.sends.push(n),
                "setTransactionIdPrefix" | "updateConfigs" => f.factory_calls.push(n),
                "name" if ctx.call_object(n) == "TopicBuilder" => f.topic_builders.push(n),
                _ => {}
            },
            "class_declaration" => {
                let implements = n.child_by_field_name("interfaces").is_some_and(|i| {
                    find(i, |t| {
                        matches!(t.kind(), "type_identifier") && ctx.text(t) == "Partitioner"
                    })
                    .is_some()
                });
                if implements {
                    f.partitioner_classes.push(n);
                }
            }
            "field_declaration" | "constant_declaration" => {
                let interface = n.kind() == "constant_declaration";
                let is_final = interface
                    || named(n).iter().any(|m| {
                        m.kind() == "modifiers"
                            && ctx.text(*m).split_whitespace().any(|w| w == "final")
                    });
                if is_final {
                    let mut c = n.walk();
                    for d in n.children_by_field_name("declarator", &mut c) {
                        if let (Some(name), Some(value)) = (
                            d.child_by_field_name("name"),
                            d.child_by_field_name("value"),
                        ) {
                            ctx.constants.entry(ctx.text(name)).or_insert(value);
                        }
                    }
                }
            }
            "method_declaration" => {
                if let (Some(name), Some(_)) =
                    (n.child_by_field_name("name"), n.child_by_field_name("body"))
                {
                    ctx.methods.entry(ctx.text(name)).or_insert(n);
                }
            }
            "enum_declaration" => {
                if let Some(name) = n.child_by_field_name("name") {
                    ctx.enums.insert(ctx.text(name));
                }
            }
            "variable_declarator" | "assignment_expression" => {
                let (target, value) = if n.kind() == "variable_declarator" {
                    (
                        n.child_by_field_name("name"),
                        n.child_by_field_name("value"),
                    )
                } else {
                    (
                        n.child_by_field_name("left"),
                        n.child_by_field_name("right"),
                    )
                };
                if let (Some(t), Some(v)) = (target, value) {
                    let v = strip(v);
                    let name = if t.kind() == "identifier" {
                        Some(ctx.text(t))
                    } else {
                        ctx.var_name(t)
                    };
                    if let Some(name) = name {
                        if v.kind() == "method_invocation" && ctx.call_object(v).is_empty() {
                            f.decl_calls.push((name, ctx.call_name(v)));
                        }
                    }
                }
            }
            _ => {}
        }
        Step::Into
    });
    f
}

impl<'a> Ctx<'a> {
    fn build(&self, found: &Found<'a>, facts: &mut FileFacts) {
        let mut producers: Vec<Producer> = found
            .producers
            .iter()
            .map(|&(c, lib)| self.producer(c, lib))
            .collect();
        self.propagate_names(&mut producers, &found.decl_calls);

        // KafkaTemplates built from a factory of this file share its names.
        let mut autoflush: HashSet<String> = HashSet::new();
        for &t in &found.templates {
            let a = args(t);
            let Some(&first) = a.first() else { continue };
            let f = strip(first);
            let mut target = producers.iter().position(|p| match f.kind() {
                "object_creation_expression" => p.span == self.span(f),
                "method_invocation" => {
                    self.call_object(f).is_empty() && p.names.iter().any(|n| n == self.call_name(f))
                }
                _ => self
                    .var_name(f)
                    .is_some_and(|v| p.names.iter().any(|n| n == v)),
            });
            // `kafkaTemplate(ProducerFactory<K, V> pf)`: Spring injects the
            // factory by type, unambiguous when the file defines only one.
            let factories: Vec<usize> = (0..producers.len())
                .filter(|&i| producers[i].library == Library::SpringKafka)
                .collect();
            if target.is_none() && factories.len() == 1 {
                let injected = self
                    .var_name(f)
                    .and_then(|v| self.lookup(v, f))
                    .filter(|d| d.kind == ast::DeclKind::Param)
                    .and_then(|d| d.ty)
                    .is_some_and(|t| self.type_name(t).ends_with("ProducerFactory"));
                if injected {
                    target = Some(factories[0]);
                }
            }
            let names = self.assigned_names(t);
            if a.get(1).is_some_and(|x| self.text(strip(*x)) == "true") {
                autoflush.extend(names.iter().cloned());
            }
            if let Some(i) = target {
                for n in names {
                    if !producers[i].names.contains(&n) {
                        producers[i].names.push(n);
                    }
                }
            }
        }
        self.propagate_names(&mut producers, &found.decl_calls);

        for &call in &found.factory_calls {
            let Some(obj) = call.child_by_field_name("object") else {
                continue;
            };
            let Some(name) = self.var_name(obj) else {
                continue;
            };
            let Some(p) = producers
                .iter_mut()
                .find(|p| p.library == Library::SpringKafka && p.names.iter().any(|n| n == name))
            else {
                continue;
            };
            let a = args(call);
            match (self.call_name(call), a.first()) {
                ("setTransactionIdPrefix", Some(&v)) => {
                    let (value, provenance) = self.eval(v, 0);
                    let span = match call.parent() {
                        Some(s) if s.kind() == "expression_statement" => self.span(s),
                        _ => self.span(call),
                    };
                    p.config.settings.push(Setting {
                        key: "transactional.id".to_string(),
                        raw_key: "setTransactionIdPrefix".to_string(),
                        value,
                        value_span: self.span(v),
                        span,
                        provenance,
                    });
                }
                ("updateConfigs", Some(&m)) => {
                    let t = self.trace_map(m, call, 0);
                    p.config.settings.extend(self.settings(&t.entries));
                    p.config.complete &= t.complete;
                }
                _ => {}
            }
        }

        for &s in &found.sends {
            if let Some(send) = self.send(s, &producers, &autoflush) {
                facts.sends.push(send);
            }
        }
        for &r in &found.records {
            if let Some(p) = self.random_partition(r) {
                facts.partitioners.push(p);
            }
        }
        for &c in &found.partitioner_classes {
            self.partitioner_class(c, &mut facts.partitioners);
        }
        for &t in &found.new_topics {
            facts
                .topics
                .push(self.new_topic(t, &mut facts.broker_settings));
        }
        for &b in &found.topic_builders {
            facts
                .topics
                .push(self.topic_builder(b, &mut facts.broker_settings));
        }
        facts.producers = producers;
    }

    /// A producer construction site with its traced configuration.
    fn producer(&self, c: Node<'a>, library: Library) -> Producer {
        let a = args(c);
        let trace = match a.first() {
            Some(&cfg) => self.trace_map(cfg, c, 0),
            None => values::MapTrace::unknown(),
        };
        let names = self.assigned_names(c);
        Producer {
            library,
            version: None,
            own_version: None,
            span: self.span(c),
            context: self.context(c),
            closed_after_use: self.closed_after_use(c, &names),
            config: Config {
                settings: self.settings(&trace.entries),
                complete: trace.complete,
                variable: a
                    .first()
                    .filter(|n| n.kind() == "identifier")
                    .map(|n| self.text(*n).to_string()),
                ..Default::default()
            },
            names,
            from_config_file: false,
            reports_served: None,
            local_only: false,
        }
    }

    /// Adds `x` to a producer's names when `x = m()` and `m` is one of them.
    fn propagate_names(&self, producers: &mut [Producer], decl_calls: &[(&'a str, &'a str)]) {
        for _ in 0..3 {
            let mut changed = false;
            for p in producers.iter_mut() {
                for (var, method) in decl_calls {
                    if p.names.iter().any(|n| n == method) && !p.names.iter().any(|n| n == var) {
                        p.names.push(var.to_string());
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
    }

    /// The expression a value flows into, above parentheses and casts.
    fn use_site(&self, n: Node<'a>) -> Option<(Node<'a>, Node<'a>)> {
        ancestors(n)
            .find(|(a, _)| !matches!(a.kind(), "parenthesized_expression" | "cast_expression"))
    }

    /// The variables or fields an expression is stored in, plus the method
    /// that returns it (`@Bean` factories are referred to by method name).
    fn assigned_names(&self, n: Node<'a>) -> Vec<String> {
        let mut names = Vec::new();
        let Some((parent, _)) = self.use_site(n) else {
            return names;
        };
        let mut local = None;
        match parent.kind() {
            "variable_declarator" | "resource" => {
                if let Some(name) = parent.child_by_field_name("name") {
                    names.push(self.text(name).to_string());
                    let is_field = parent
                        .parent()
                        .is_some_and(|d| d.kind() == "field_declaration");
                    if !is_field {
                        local = Some(self.text(name));
                    }
                }
            }
            "assignment_expression" => {
                if let Some(left) = parent.child_by_field_name("left") {
                    let name = match left.kind() {
                        "identifier" => Some(self.text(left)),
                        "field_access" => left.child_by_field_name("field").map(|f| self.text(f)),
                        _ => None,
                    };
                    if let Some(name) = name {
                        names.push(name.to_string());
                        if left.kind() == "identifier" {
                            local = Some(name);
                        }
                    }
                }
            }
            "return_statement" => {
                if let Some(m) = self.returning_method(parent) {
                    names.push(m.to_string());
                }
            }
            _ => {}
        }
        // `T x = new ..; ..; return x;` — the method's name refers to it too.
        if let Some(var) = local {
            if let Some(m) = enclosing_method(n) {
                if let Some(body) = m.child_by_field_name("body") {
                    let returned = find(body, |k| {
                        k.kind() == "return_statement"
                            && named(k)
                                .first()
                                .is_some_and(|e| self.var_name(*e) == Some(var))
                    });
                    if let (Some(r), Some(name)) = (returned, m.child_by_field_name("name")) {
                        if self.returning_method(r).is_some() {
                            names.push(self.text(name).to_string());
                        }
                    }
                }
            }
        }
        names
    }

    /// The method a `return` statement returns from, unless it sits in a lambda.
    fn returning_method(&self, ret: Node<'a>) -> Option<&'a str> {
        for (a, _) in ancestors(ret) {
            match a.kind() {
                "method_declaration" => return a.child_by_field_name("name").map(|n| self.text(n)),
                "lambda_expression" | "class_body" | "constructor_declaration" => return None,
                _ => {}
            }
        }
        None
    }

    /// A try-with-resources resource, or `.close()` on it later in the same method.
    fn closed_after_use(&self, c: Node<'a>, names: &[String]) -> bool {
        if self
            .use_site(c)
            .is_some_and(|(p, _)| p.kind() == "resource")
        {
            return true;
        }
        let Some(body) = enclosing_body(c) else {
            return false;
        };
        find(body, |k| {
            k.kind() == "method_invocation"
                && k.start_byte() > c.end_byte()
                && self.call_name(k) == "close"
                && k.child_by_field_name("object")
                    .and_then(|o| self.var_name(o))
                    .is_some_and(|v| names.iter().any(|n| n == v))
        })
        .is_some()
    }

    /// The lambda's call when it is passed directly as an argument.
    fn lambda_call(&self, lambda: Node<'a>) -> Option<Node<'a>> {
        let list = lambda.parent()?;
        let call = list.parent()?;
        (list.kind() == "argument_list" && call.kind() == "method_invocation").then_some(call)
    }

    /// Whether a method handles one message or request per call.
    fn is_handler(&self, method: Node<'a>) -> bool {
        if method
            .child_by_field_name("name")
            .is_some_and(|n| HANDLER_NAMES.contains(&self.text(n)))
        {
            return true;
        }
        named(method)
            .into_iter()
            .filter(|m| m.kind() == "modifiers")
            .flat_map(named)
            .filter(|a| matches!(a.kind(), "annotation" | "marker_annotation"))
            .filter_map(|a| a.child_by_field_name("name"))
            .any(|n| {
                let t = self.text(n);
                HANDLER_ANNOTATIONS.contains(&t.rsplit('.').next().unwrap_or(t))
            })
    }

    /// A lambda returned by a method declared to return a `Consumer` or
    /// `Function` (functional message handlers).
    fn is_returned_handler(&self, lambda: Node<'a>) -> bool {
        if lambda
            .parent()
            .is_none_or(|p| p.kind() != "return_statement")
        {
            return false;
        }
        enclosing_method(lambda)
            .and_then(|m| m.child_by_field_name("type"))
            .is_some_and(|t| {
                matches!(
                    self.type_name(t).as_str(),
                    "Consumer" | "Function" | "BiConsumer" | "BiFunction"
                )
            })
    }

    /// Loop and handler context of a node.
    fn context(&self, n: Node<'a>) -> Context {
        let mut c = Context::default();
        for (a, child) in ancestors(n) {
            match a.kind() {
                "for_statement" | "while_statement" | "do_statement" | "enhanced_for_statement"
                    if a.child_by_field_name("body")
                        .is_some_and(|b| b.id() == child.id()) =>
                {
                    c.in_loop = true;
                    // A consumer poll loop handles one batch per turn.
                    if self.text(a).contains(".poll(") {
                        c.in_handler = true;
                    }
                }
                "lambda_expression"
                    if self
                        .lambda_call(a)
                        .is_some_and(|call| LOOP_CALLS.contains(&self.call_name(call))) =>
                {
                    c.in_loop = true;
                }
                // `@Bean Consumer<Order> handle() { return order -> .. }`:
                // a functional message handler (Spring Cloud Stream).
                "lambda_expression" if self.is_returned_handler(a) => c.in_handler = true,
                "method_declaration" => {
                    if self.is_handler(a) {
                        c.in_handler = true;
                    }
                    break;
                }
                "constructor_declaration" | "static_initializer" | "program" => break,
                "class_body"
                    if a.parent()
                        .is_none_or(|p| p.kind() != "object_creation_expression") =>
                {
                    break;
                }
                _ => {}
            }
        }
        c
    }
}

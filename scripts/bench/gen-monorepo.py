#!/usr/bin/env python3
"""Generates a deterministic, realistic monorepo for kafkalint's benchmark.

usage: gen-monorepo.py DEST [--files N] [--seed S] [--copies K]

DEST receives K copies (copy-0 .. copy-K-1) of one generated monorepo of
about N files: services in Java, Kotlin, Scala, Python, Go, JavaScript,
TypeScript, C# and Rust with their build files, properties, YAML, XML and
Markdown, ordinary business code, and a few hundred Kafka producers (safe
ones and unsafe ones) scattered among it. It also holds what a real tree
holds and a linter must skip early: vendored dependencies under ignored
directories, minified bundles, generated code and binary assets.

The same seed always gives the same bytes. The output is for benchmarks
only: keep it out of git (the repo ignores .bench/).
"""

import argparse
import os
import random
import shutil
import subprocess
import sys

# Bump when the output changes, so cached trees are made anew.
VERSION = 2

WORDS = (
    "account order invoice payment customer ledger shipment catalog price "
    "inventory refund basket session profile address audit report tenant "
    "quota budget coupon warehouse carrier route schedule booking claim "
    "policy premium contract asset portfolio trade quote settlement risk "
    "alert metric sample device reading firmware vehicle trip driver "
    "parcel label stock supplier review rating message thread channel"
).split()
VERBS = (
    "load save find update create delete validate compute apply merge "
    "render publish resolve import export sync refresh archive restore"
).split()
TOPIC_WORDS = ["orders", "payments", "events", "audit", "clicks", "telemetry",
               "shipments", "invoices", "alerts", "ledger", "inventory"]


def camel(*parts):
    return "".join(p[:1].upper() + p[1:] for p in parts)


def lower_camel(*parts):
    s = camel(*parts)
    return s[:1].lower() + s[1:]


def snake(*parts):
    return "_".join(parts)


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)

    def word(self):
        return self.r.choice(WORDS)

    def verb(self):
        return self.r.choice(VERBS)

    def n_methods(self):
        # Log-normal-ish sizes: most files small, some large.
        return max(2, min(60, int(self.r.lognormvariate(1.9, 0.7))))

    def topic(self):
        return f"{self.r.choice(TOPIC_WORDS)}.{self.word()}.v{self.r.randint(1, 3)}"

    def comment_line(self):
        w = [self.word() for _ in range(self.r.randint(4, 10))]
        return " ".join(w).capitalize() + "."

    # ---------------- Java-like languages ----------------

    def java_method(self, cls):
        v, a, b = self.verb(), self.word(), self.word()
        name = lower_camel(v, a)
        lines = [
            "    /**",
            f"     * {self.comment_line()}",
            "     */",
            f"    public {camel(a)}Result {name}({camel(b)} {b}, long {a}Id) {{",
            f"        if ({b} == null) {{",
            f"            throw new IllegalArgumentException(\"{b} is required\");",
            "        }",
            f"        var items = repository.findBy{camel(a)}Id({a}Id);",
            f"        var total = 0L;",
            f"        for (var item : items) {{",
            f"            if (item.get{camel(self.word())}() > {self.r.randint(1, 500)}) {{",
            f"                total += item.get{camel(self.word())}();",
            "            }",
            "        }",
            f"        log.debug(\"{v} {a} {{}} -> {{}}\", {a}Id, total);",
            f"        return new {camel(a)}Result({a}Id, total, {b}.get{camel(self.word())}());",
            "    }",
            "",
        ]
        return lines

    def java_class(self, pkg, cls, extra_fields=(), extra_methods=(), imports=()):
        out = [f"package {pkg};", ""]
        base_imports = [
            "java.util.List", "java.util.Map", "java.util.Optional",
            "org.slf4j.Logger", "org.slf4j.LoggerFactory",
        ]
        for imp in list(imports) + base_imports:
            out.append(f"import {imp};")
        out += ["", f"/** {self.comment_line()} */", f"public class {cls} {{",
                f"    private static final Logger log = LoggerFactory.getLogger({cls}.class);",
                f"    private final {camel(self.word())}Repository repository;"]
        out += list(extra_fields)
        out += ["", f"    public {cls}({camel(self.word())}Repository repository) {{",
                "        this.repository = repository;", "    }", ""]
        for _ in range(self.n_methods()):
            out += self.java_method(cls)
        for m in extra_methods:
            out += m
        out.append("}")
        return "\n".join(out) + "\n"

    def java_producer(self, pkg, cls, bad):
        topic = self.topic()
        acks = self.r.choice(['"0"', '"1"']) if bad else '"all"'
        idem = "false" if bad and self.r.random() < 0.5 else "true"
        linger = "0" if bad and self.r.random() < 0.4 else str(self.r.choice([5, 10, 20]))
        key = "null" if bad and self.r.random() < 0.5 else "event.getId()"
        send = (
            "        producer.send(record).get();"
            if bad and self.r.random() < 0.5
            else "        producer.send(record, (md, ex) -> {\n"
                 "            if (ex != null) log.error(\"send failed\", ex);\n"
                 "        });"
        )
        fields = [
            "    private final KafkaProducer<String, String> producer =",
            "        new KafkaProducer<>(producerProps(System.getenv(\"KAFKA_BOOTSTRAP\")));",
        ]
        methods = [[
            "    static Properties producerProps(String bootstrap) {",
            "        Properties props = new Properties();",
            "        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);",
            f"        props.put(ProducerConfig.ACKS_CONFIG, {acks});",
            f"        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, {idem});",
            f"        props.put(ProducerConfig.LINGER_MS_CONFIG, {linger});",
            "        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);",
            "        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);",
            "        return props;",
            "    }",
            "",
            "    public void publish(Event event) {",
            f"        ProducerRecord<String, String> record = new ProducerRecord<>(\"{topic}\", {key}, event.toJson());",
            send,
            "    }",
            "",
        ]]
        imports = [
            "java.util.Properties",
            "org.apache.kafka.clients.producer.KafkaProducer",
            "org.apache.kafka.clients.producer.ProducerConfig",
            "org.apache.kafka.clients.producer.ProducerRecord",
            "org.apache.kafka.common.serialization.StringSerializer",
        ]
        return self.java_class(pkg, cls, fields, methods, imports)

    def spring_template_producer(self, pkg, cls, bad):
        topic = self.topic()
        send = (
            f"        kafkaTemplate.send(\"{topic}\", event).get();"
            if bad
            else f"        kafkaTemplate.send(\"{topic}\", event.getId(), event)\n"
                 "            .whenComplete((r, ex) -> { if (ex != null) log.warn(\"send failed\", ex); });"
        )
        fields = ["    private final KafkaTemplate<String, Event> kafkaTemplate = null;"]
        methods = [["    public void emit(Event event) throws Exception {", send, "    }", ""]]
        imports = ["org.springframework.kafka.core.KafkaTemplate",
                   "org.springframework.stereotype.Service"]
        return self.java_class(pkg, cls, fields, methods, imports)

    def kotlin_file(self, pkg, cls, producer=None):
        out = [f"package {pkg}", "", "import org.slf4j.LoggerFactory", ""]
        if producer is not None:
            out += ["import org.apache.kafka.clients.producer.KafkaProducer",
                    "import org.apache.kafka.clients.producer.ProducerConfig",
                    "import org.apache.kafka.clients.producer.ProducerRecord", ""]
        out += [f"/** {self.comment_line()} */",
                f"class {cls}(private val repo: {camel(self.word())}Repository) {{",
                f"    private val log = LoggerFactory.getLogger({cls}::class.java)", ""]
        for _ in range(self.n_methods()):
            v, a = self.verb(), self.word()
            out += [
                f"    fun {lower_camel(v, a)}(id: Long, filter: String?): List<{camel(a)}> {{",
                f"        val rows = repo.findAll(id).filter {{ it.{self.word()} > {self.r.randint(1, 99)} }}",
                f"        log.debug(\"{v} {a} {{}} rows\", rows.size)",
                f"        return rows.map {{ {camel(a)}(it.id, it.{self.word()} ?: \"\") }}",
                "    }", ""]
        if producer is not None:
            bad = producer
            acks = '"1"' if bad else '"all"'
            key = "null" if bad else "event.id"
            out += [
                "    private val producer = KafkaProducer<String, String>(mapOf(",
                "        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG to \"kafka:9092\",",
                f"        ProducerConfig.ACKS_CONFIG to {acks},",
                "        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG to \"org.apache.kafka.common.serialization.StringSerializer\",",
                "        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG to \"org.apache.kafka.common.serialization.StringSerializer\",",
                "    ))", "",
                "    fun publish(event: Event) {",
                f"        producer.send(ProducerRecord(\"{self.topic()}\", {key}, event.json()))" + (".get()" if bad else ""),
                "    }",
            ]
        out.append("}")
        return "\n".join(out) + "\n"

    def scala_file(self, pkg, cls, producer=None):
        out = [f"package {pkg}", "", "import scala.concurrent.Future", ""]
        if producer is not None:
            out += ["import java.util.Properties",
                    "import org.apache.kafka.clients.producer.{KafkaProducer, ProducerRecord}", ""]
        out += [f"/** {self.comment_line()} */", f"class {cls}(repo: {camel(self.word())}Repository) {{"]
        for _ in range(self.n_methods()):
            v, a = self.verb(), self.word()
            out += [
                f"  def {lower_camel(v, a)}(id: Long, limit: Int = {self.r.randint(5, 100)}): Seq[{camel(a)}] = {{",
                f"    val rows = repo.find(id).take(limit)",
                f"    rows.filter(_.{self.word()} > {self.r.randint(1, 50)}).map(r => {camel(a)}(r.id, r.{self.word()}))",
                "  }", ""]
        if producer is not None:
            bad = producer
            out += [
                "  private val props = new Properties()",
                "  props.put(\"bootstrap.servers\", \"kafka:9092\")",
                f"  props.put(\"acks\", \"{'0' if bad else 'all'}\")",
                f"  props.put(\"enable.idempotence\", \"{'false' if bad else 'true'}\")",
                "  private val producer = new KafkaProducer[String, String](props)", "",
                f"  def publish(e: Event): Unit = producer.send(new ProducerRecord(\"{self.topic()}\", {'null' if bad else 'e.id'}, e.json))",
            ]
        out.append("}")
        return "\n".join(out) + "\n"

    def csharp_file(self, ns, cls, producer=None):
        out = ["using System;", "using System.Collections.Generic;", "using System.Linq;"]
        if producer is not None:
            out.append("using Confluent.Kafka;")
        out += ["", f"namespace {ns}", "{", f"    /// <summary>{self.comment_line()}</summary>",
                f"    public class {cls}", "    {"]
        for _ in range(self.n_methods()):
            v, a = self.verb(), self.word()
            out += [
                f"        public IList<{camel(a)}> {camel(v, a)}(long id, string filter)",
                "        {",
                f"            var rows = _repo.Find(id).Where(r => r.{camel(self.word())} > {self.r.randint(1, 99)});",
                f"            return rows.Select(r => new {camel(a)}(r.Id, r.{camel(self.word())})).ToList();",
                "        }", ""]
        if producer is not None:
            bad = producer
            out += [
                "        public void Publish(Event e)",
                "        {",
                "            var config = new ProducerConfig",
                "            {",
                "                BootstrapServers = \"kafka:9092\",",
                f"                Acks = Acks.{'Leader' if bad else 'All'},",
                f"                EnableIdempotence = {'false' if bad else 'true'},",
                "            };",
                "            using var producer = new ProducerBuilder<string, string>(config).Build();",
                f"            producer.Produce(\"{self.topic()}\", new Message<string, string> {{ Key = {'null' if bad else 'e.Id'}, Value = e.Json }});",
                "        }",
            ]
        out += ["    }", "}"]
        return "\n".join(out) + "\n"

    # ---------------- scripting and systems languages ----------------

    def python_file(self, producer=None):
        out = ['"""' + self.comment_line() + '"""', "", "import logging",
               "from dataclasses import dataclass", ""]
        if producer is not None:
            out += ["from confluent_kafka import Producer" if producer[1] else "from kafka import KafkaProducer", ""]
        out += ["log = logging.getLogger(__name__)", ""]
        for _ in range(self.n_methods()):
            v, a = self.verb(), self.word()
            out += [
                f"def {snake(v, a)}(session, {a}_id, limit={self.r.randint(5, 100)}):",
                f"    \"\"\"{self.comment_line()}\"\"\"",
                f"    rows = session.query({camel(a)}).filter_by(id={a}_id).limit(limit).all()",
                f"    total = sum(r.{self.word()} for r in rows if r.{self.word()} > {self.r.randint(1, 50)})",
                f"    log.debug(\"{v} %s -> %s\", {a}_id, total)",
                "    return total", "", ""]
        if producer is not None:
            bad, confluent = producer
            if confluent:
                out += [
                    "producer = Producer({",
                    "    \"bootstrap.servers\": \"kafka:9092\",",
                    f"    \"acks\": \"{'1' if bad else 'all'}\",",
                    f"    \"linger.ms\": {0 if bad else 10},",
                    "})", "", "",
                    "def publish(event):",
                    f"    producer.produce(\"{self.topic()}\", key={'None' if bad else 'event.id'}, value=event.to_json())",
                    "    producer.poll(0)" if not bad else "    producer.flush()",
                ]
            else:
                out += [
                    "producer = KafkaProducer(",
                    "    bootstrap_servers=[\"kafka:9092\"],",
                    f"    acks={'0' if bad else repr('all')},",
                    f"    linger_ms={0 if bad else 5},",
                    ")", "", "",
                    "def publish(event):",
                    f"    producer.send(\"{self.topic()}\", key={'None' if bad else 'event.key()'}, value=event.to_bytes())" + (".get(timeout=10)" if bad else ""),
                ]
        return "\n".join(out) + "\n"

    def go_file(self, pkg, producer=None, generated=False):
        out = []
        if generated:
            out += ["// Code generated by protoc-gen-go. DO NOT EDIT.", ""]
        out += [f"package {pkg}", "", "import (", "\t\"context\"", "\t\"fmt\""]
        if producer is not None:
            out.append("\t\"github.com/confluentinc/confluent-kafka-go/v2/kafka\"")
        out += [")", ""]
        for _ in range(self.n_methods() * (4 if generated else 1)):
            v, a = self.verb(), self.word()
            out += [
                f"// {camel(v, a)} {self.comment_line().lower()}",
                f"func {camel(v, a)}(ctx context.Context, id int64) (*{camel(a)}, error) {{",
                f"\trows, err := store.Query(ctx, \"SELECT * FROM {a} WHERE id = $1\", id)",
                "\tif err != nil {",
                f"\t\treturn nil, fmt.Errorf(\"{v} {a}: %w\", err)",
                "\t}",
                f"\tres := &{camel(a)}{{ID: id, Count: len(rows)}}",
                "\treturn res, nil",
                "}", ""]
        if producer is not None:
            bad = producer
            out += [
                "func NewProducer() (*kafka.Producer, error) {",
                "\treturn kafka.NewProducer(&kafka.ConfigMap{",
                "\t\t\"bootstrap.servers\": \"kafka:9092\",",
                f"\t\t\"acks\":              \"{'1' if bad else 'all'}\",",
                f"\t\t\"enable.idempotence\": {'false' if bad else 'true'},",
                "\t})",
                "}", ""]
        return "\n".join(out) + "\n"

    def js_file(self, ts, producer=None):
        out = []
        if producer is not None:
            out += ["import { Kafka } from 'kafkajs';", ""]
        out += ["import { db } from '../db';", ""]
        for _ in range(self.n_methods()):
            v, a = self.verb(), self.word()
            sig = f"(id{': number' if ts else ''}, opts{': Options' if ts else ''} = {{}})"
            out += [
                f"/** {self.comment_line()} */",
                f"export async function {lower_camel(v, a)}{sig} {{",
                f"  const rows = await db.{a}.findMany({{ where: {{ id }}, take: {self.r.randint(5, 100)} }});",
                f"  return rows.filter((r) => r.{self.word()} > {self.r.randint(1, 50)}).map((r) => ({{ id: r.id, {self.word()}: r.{self.word()} }}));",
                "}", ""]
        if producer is not None:
            bad = producer
            out += [
                "const kafka = new Kafka({ clientId: 'svc', brokers: ['kafka:9092'] });",
                f"const producer = kafka.producer({{ idempotent: {'false' if bad else 'true'} }});", "",
                "export async function publish(event) {",
                "  await producer.send({",
                f"    topic: '{self.topic()}',",
                f"    acks: {'1' if bad else '-1'},",
                f"    messages: [{{ key: {'null' if bad else 'event.id'}, value: JSON.stringify(event) }}],",
                "  });",
                "}"]
        return "\n".join(out) + "\n"

    def rust_file(self, producer=None):
        out = ["use std::collections::HashMap;", ""]
        if producer is not None:
            out += ["use rdkafka::config::ClientConfig;",
                    "use rdkafka::producer::FutureProducer;", ""]
        for _ in range(self.n_methods()):
            v, a = self.verb(), self.word()
            out += [
                f"/// {self.comment_line()}",
                f"pub fn {snake(v, a)}(rows: &[{camel(a)}], min: u64) -> HashMap<u64, u64> {{",
                "    let mut out = HashMap::new();",
                "    for r in rows {",
                f"        if r.{self.word()} > min {{",
                f"            *out.entry(r.id).or_insert(0) += r.{self.word()};",
                "        }", "    }", "    out", "}", ""]
        if producer is not None:
            bad = producer
            out += [
                "pub fn producer() -> FutureProducer {",
                "    ClientConfig::new()",
                "        .set(\"bootstrap.servers\", \"kafka:9092\")",
                f"        .set(\"acks\", \"{'0' if bad else 'all'}\")",
                f"        .set(\"linger.ms\", \"{'0' if bad else '5'}\")",
                "        .create()",
                "        .expect(\"producer\")",
                "}"]
        return "\n".join(out) + "\n"

    # ---------------- config and docs ----------------

    def properties_file(self, producer=None, broker=False):
        out = [f"# {self.comment_line()}"]
        for _ in range(self.r.randint(8, 40)):
            out.append(f"app.{self.word()}.{self.word()}={self.r.randint(0, 10000)}")
        if producer is not None:
            bad = producer
            out += ["spring.kafka.bootstrap-servers=kafka:9092",
                    f"spring.kafka.producer.acks={'1' if bad else 'all'}",
                    f"spring.kafka.producer.properties.enable.idempotence={'false' if bad else 'true'}",
                    f"spring.kafka.producer.properties.linger.ms={'0' if bad else '10'}"]
        if broker:
            out += ["broker.id=1", "log.dirs=/var/lib/kafka",
                    f"min.insync.replicas={self.r.choice([1, 2])}",
                    f"unclean.leader.election.enable={self.r.choice(['true', 'false'])}",
                    "default.replication.factor=3"]
        return "\n".join(out) + "\n"

    def yaml_file(self, producer=None):
        out = ["server:", f"  port: {self.r.randint(8000, 9000)}", "app:"]
        for _ in range(self.r.randint(6, 30)):
            out += [f"  {self.word()}:", f"    {self.word()}: {self.r.randint(0, 999)}",
                    f"    enabled: {self.r.choice(['true', 'false'])}"]
        if producer is not None:
            bad = producer
            out += ["spring:", "  kafka:", "    bootstrap-servers: kafka:9092", "    producer:",
                    f"      acks: {'1' if bad else 'all'}",
                    "      properties:",
                    f"        enable.idempotence: {'false' if bad else 'true'}",
                    f"        linger.ms: {'0' if bad else '20'}"]
        return "\n".join(out) + "\n"

    def pom(self, group, artifact, kafka):
        deps = ["    <dependency>\n      <groupId>org.springframework.boot</groupId>\n"
                "      <artifactId>spring-boot-starter-web</artifactId>\n    </dependency>"]
        if kafka:
            deps.append("    <dependency>\n      <groupId>org.apache.kafka</groupId>\n"
                        "      <artifactId>kafka-clients</artifactId>\n"
                        f"      <version>{self.r.choice(['2.8.1', '3.6.1', '3.9.0', '4.1.0'])}</version>\n    </dependency>")
        return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<project>\n  <modelVersion>4.0.0</modelVersion>\n"
                f"  <groupId>{group}</groupId>\n  <artifactId>{artifact}</artifactId>\n  <version>1.0.0</version>\n"
                "  <dependencies>\n" + "\n".join(deps) + "\n  </dependencies>\n</project>\n")

    def gradle(self, kafka):
        deps = ["    implementation 'org.springframework.boot:spring-boot-starter-web'"]
        if kafka:
            deps.append(f"    implementation 'org.apache.kafka:kafka-clients:{self.r.choice(['3.6.1', '3.9.0'])}'")
        return "plugins {\n    id 'java'\n}\n\ndependencies {\n" + "\n".join(deps) + "\n}\n"

    def xml_file(self):
        out = ["<?xml version=\"1.0\"?>", "<configuration>"]
        for _ in range(self.r.randint(5, 40)):
            out.append(f"  <{self.word()} name=\"{self.word()}\" value=\"{self.r.randint(0, 999)}\"/>")
        out.append("</configuration>")
        return "\n".join(out) + "\n"

    def markdown(self, title, kafka):
        out = [f"# {title}", ""]
        for _ in range(self.r.randint(3, 15)):
            out += [" ".join(self.comment_line() for _ in range(self.r.randint(2, 6))), ""]
        if kafka:
            out += ["## Events", "", "This service publishes to Kafka with acks=all and idempotence on.", ""]
        return "\n".join(out) + "\n"

    def minified_js(self):
        parts = [f"function {self.word()[0]}{i}(a,b){{return a.{self.word()}+b*{i}}}" for i in range(4000)]
        return ";".join(parts) + ";var kafkaClient=null;\n"


LANGS = ["java", "java", "java", "kotlin", "scala", "python", "python", "go", "go",
         "ts", "js", "csharp", "rust"]


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def generate(dest, n_files, seed):
    g = Gen(seed)
    r = g.r
    count = 0
    producers = 0
    # About one producer-bearing file per 40 source files: a few hundred in 10k+.
    p_producer = 1 / 40

    def maybe_producer():
        nonlocal producers
        if r.random() < p_producer:
            producers += 1
            return r.random() < 0.5  # bad?
        return None

    write(os.path.join(dest, ".gitignore"), "node_modules/\ndist/\nbuild/\ntarget/\n*.log\n")
    write(os.path.join(dest, "README.md"), g.markdown("Monorepo", True))
    svc = 0
    while count < n_files:
        lang = r.choice(LANGS)
        name = f"{g.word()}-{g.word()}-{svc}"
        svc += 1
        root = os.path.join(dest, "services", name)
        files = r.randint(20, 160)
        write(os.path.join(root, "README.md"), g.markdown(name, r.random() < 0.3))
        count += 1
        if lang in ("java", "kotlin", "scala"):
            kafka = r.random() < 0.4
            if r.random() < 0.6:
                write(os.path.join(root, "pom.xml"), g.pom("com.acme", name, kafka))
            else:
                write(os.path.join(root, "build.gradle"), g.gradle(kafka))
            ext = {"java": "java", "kotlin": "kt", "scala": "scala"}[lang]
            pkg = f"com.acme.{name.replace('-', '')}"
            for i in range(files):
                sub = r.choice(["api", "domain", "service", "repo", "util"])
                cls = camel(g.word(), g.word(), sub) + str(i)
                p = maybe_producer()
                path = os.path.join(root, "src/main", lang, *pkg.split("."), sub, f"{cls}.{ext}")
                if lang == "java":
                    if p is not None:
                        text = (g.java_producer if r.random() < 0.7 else g.spring_template_producer)(f"{pkg}.{sub}", cls, p)
                    else:
                        text = g.java_class(f"{pkg}.{sub}", cls)
                elif lang == "kotlin":
                    text = g.kotlin_file(f"{pkg}.{sub}", cls, p)
                else:
                    text = g.scala_file(f"{pkg}.{sub}", cls, p)
                write(path, text)
            res = os.path.join(root, "src/main/resources")
            p = maybe_producer()
            if r.random() < 0.5:
                write(os.path.join(res, "application.properties"), g.properties_file(p))
            else:
                write(os.path.join(res, "application.yml"), g.yaml_file(p))
            write(os.path.join(res, "logback.xml"), g.xml_file())
            # Generated protobuf-style Java: large, and must not be parsed.
            if r.random() < 0.3:
                write(os.path.join(root, "target/generated-sources", f"{camel(g.word())}Proto.java"),
                      g.java_class(pkg, camel(g.word()) + "Proto"))
            count += files + 3
        elif lang == "python":
            write(os.path.join(root, "requirements.txt"),
                  "requests==2.32.3\nsqlalchemy==2.0.36\n" + ("confluent-kafka==2.6.1\n" if r.random() < 0.4 else ""))
            pkg = name.replace("-", "_")
            for i in range(files):
                p = maybe_producer()
                write(os.path.join(root, pkg, r.choice(["api", "core", "jobs"]), f"{g.word()}_{i}.py"),
                      g.python_file(None if p is None else (p, r.random() < 0.5)))
            write(os.path.join(root, "config", "settings.yaml"), g.yaml_file())
            count += files + 2
        elif lang == "go":
            write(os.path.join(root, "go.mod"), f"module example.com/{name}\n\ngo 1.22\n")
            for i in range(files):
                pkg = r.choice(["handler", "store", "model"])
                write(os.path.join(root, "internal", pkg, f"{g.word()}_{i}.go"), g.go_file(pkg, maybe_producer()))
            if r.random() < 0.5:
                write(os.path.join(root, "internal", "pb", f"{g.word()}.pb.go"), g.go_file("pb", None, generated=True))
            count += files + 1
        elif lang in ("ts", "js"):
            ts = lang == "ts"
            write(os.path.join(root, "package.json"),
                  f'{{"name": "{name}", "version": "1.0.0", "dependencies": {{"kafkajs": "^2.2.4"}}}}\n')
            for i in range(files):
                write(os.path.join(root, "src", f"{g.word()}{i}.{'ts' if ts else 'js'}"), g.js_file(ts, maybe_producer()))
            # Vendored dependencies (ignored by .gitignore) and a build output.
            for i in range(r.randint(10, 40)):
                write(os.path.join(root, "node_modules", g.word(), "lib", f"index{i}.js"), g.js_file(False))
            write(os.path.join(root, "dist", "bundle.js"), g.minified_js())
            if r.random() < 0.3:
                write(os.path.join(root, "public", "vendor.min.js"), g.minified_js())
            count += files + 1
        elif lang == "csharp":
            for i in range(files):
                cls = camel(g.word(), g.word()) + str(i)
                write(os.path.join(root, "src", f"{cls}.cs"), g.csharp_file(f"Acme.{camel(g.word())}", cls, maybe_producer()))
            write(os.path.join(root, "appsettings.json"), '{"Logging": {"LogLevel": {"Default": "Information"}}}\n')
            count += files + 1
        else:
            write(os.path.join(root, "Cargo.toml"),
                  f'[package]\nname = "{name}"\nversion = "0.1.0"\n\n[dependencies]\nrdkafka = "0.36"\n')
            for i in range(files):
                write(os.path.join(root, "src", f"{g.word()}_{i}.rs"), g.rust_file(maybe_producer()))
            count += files + 1
        # Binary assets now and then.
        if r.random() < 0.2:
            path = os.path.join(root, "assets", f"{g.word()}.png")
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(r.getrandbits(8) for _ in range(4096)))
            count += 1
    # Broker and client configuration at the top level.
    for i in range(20):
        write(os.path.join(dest, "deploy", "kafka", f"server-{i}.properties"), g.properties_file(None, broker=True))
        write(os.path.join(dest, "deploy", "clients", f"producer-{i}.properties"), g.properties_file(r.random() < 0.5))
    producers += 20
    return count, producers


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dest")
    ap.add_argument("--files", type=int, default=12000)
    ap.add_argument("--seed", type=int, default=4)
    ap.add_argument("--copies", type=int, default=1)
    args = ap.parse_args()
    base = os.path.join(args.dest, "copy-0")
    marker = os.path.join(args.dest, f".done-v{VERSION}-{args.files}-{args.seed}-{args.copies}")
    if os.path.exists(marker):
        return
    if os.path.exists(args.dest):
        shutil.rmtree(args.dest)
    count, producers = generate(base, args.files, args.seed)
    # A git work tree, as a real monorepo is: ripgrep honours .gitignore
    # only inside one (kafkalint honours it either way).
    subprocess.run(["git", "init", "-q", base], check=False)
    for k in range(1, args.copies):
        shutil.copytree(base, os.path.join(args.dest, f"copy-{k}"))
    open(marker, "w").close()
    print(f"gen-monorepo: {count} files, {producers} producer files per copy, {args.copies} copies",
          file=sys.stderr)


if __name__ == "__main__":
    main()

package io.cilicensing.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code java -jar licensing-decisions.jar kafka produce|read|check ...}: a small client for the
 * topics of decisions over Kafka (README > Decisions over Kafka), so a local broker can be tried
 * without Kafka's own console tools.
 */
public final class KafkaCommand {
    public static final String HELP = """
            kafka create-topics [--bootstrap-servers localhost:9092] [--partitions 4]
                                [--facts-topic licensing.facts] [--decisions-topic licensing.decisions]
                                [--dead-letter-topic licensing.facts.dlq]
              Creates the three topics (those missing), each with --partitions partitions.
            kafka produce [--bootstrap-servers localhost:9092] [--topic licensing.facts] FILE...
              Sends fact sets to the facts topic: a .json file is one fact set, a .ndjson file (or -
              for standard input) one per line. The key is the fact set's tenant.id (as the
              service expects), or --key KEY. Prints the partition and offset of each (of up to
              10; a count past that).
            kafka read [--bootstrap-servers ...] [--topic licensing.decisions] [--max N] [--idle 5s]
              Prints the topic's records from the beginning, read_committed, one JSON line each:
              topic, partition, offset, key, headers, value. Stops after --max records, or when
              nothing new came for --idle.
            kafka check [--bootstrap-servers ...] [--facts-topic licensing.facts]
                        [--decisions-topic licensing.decisions] [--dead-letter-topic licensing.facts.dlq]
                        [--idle 30s] [--compare-with http://localhost:8080]
              Exactly-once check: reads every fact set in the facts topic and, read_committed, the
              decisions and dead-letter topics; each fact set must have exactly one decision or
              dead letter (by its source headers), with its key, and a dead letter its bytes. With
              --compare-with, each distinct fact set is also posted to that service's
              POST /v1/decisions and the answer must equal the decision (decision id and times
              aside) or the dead letter's error. Exits 0 when all holds, 1 otherwise.""";

    private KafkaCommand() {}

    public static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty()) {
            err.println(HELP);
            return 2;
        }
        Map<String, String> options = new HashMap<>();
        List<String> files = new ArrayList<>();
        for (int i = 1; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith("--") && a.length() > 2) {
                if (a.contains("=")) {
                    options.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
                } else if (i + 1 < args.size()) {
                    options.put(a.substring(2), args.get(++i));
                } else {
                    err.println("option " + a + " needs a value\n\n" + HELP);
                    return 2;
                }
            } else {
                files.add(a);
            }
        }
        String servers = options.getOrDefault("bootstrap-servers", "localhost:9092");
        try {
            return switch (args.get(0)) {
                case "produce" -> produce(servers, options.getOrDefault("topic", "licensing.facts"),
                        options.get("key"), files, out);
                case "read" -> read(servers, options.getOrDefault("topic", "licensing.decisions"),
                        Integer.parseInt(options.getOrDefault("max", "-1")),
                        duration(options.getOrDefault("idle", "5s")), out);
                case "check" -> check(servers, options, out);
                case "create-topics" -> createTopics(servers, options, out);
                default -> {
                    err.println("unknown kafka command '" + args.get(0) + "'\n\n" + HELP);
                    yield 2;
                }
            };
        } catch (IOException e) {
            err.println("kafka " + args.get(0) + ": " + e.getMessage());
            return 1;
        }
    }

    private static int produce(String servers, String topic, String key, List<String> files, PrintStream out)
            throws IOException {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        List<byte[]> all = new ArrayList<>();
        for (String file : files) {
            all.addAll(bodies(file));
        }
        List<java.util.concurrent.Future<RecordMetadata>> sent = new ArrayList<>(all.size());
        List<byte[]> keys = new ArrayList<>(all.size());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            for (byte[] body : all) { // sent without waiting for each, so many fact sets go out fast
                byte[] k = key != null ? key.getBytes(StandardCharsets.UTF_8) : tenantKey(body);
                keys.add(k);
                sent.add(producer.send(new ProducerRecord<>(topic, k, body)));
            }
            producer.flush();
            for (int i = 0; i < sent.size(); i++) {
                RecordMetadata m = sent.get(i).get();
                if (sent.size() <= 10) {
                    out.println(topic + "-" + m.partition() + "@" + m.offset() + " key="
                            + (keys.get(i) == null ? "(none)" : new String(keys.get(i), StandardCharsets.UTF_8)));
                }
            }
            if (sent.size() > 10) {
                out.println("sent " + sent.size() + " fact sets to " + topic);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (ExecutionException e) {
            throw new IOException("the broker refused a record: " + e.getCause().getMessage(), e.getCause());
        }
        return 0;
    }

    /** The fact sets of a file: a .ndjson file (or "-") one per non-blank line, else the file whole. */
    static List<byte[]> bodies(String file) throws IOException {
        boolean ndjson = file.equals("-") || file.endsWith(".ndjson");
        byte[] all;
        if (file.equals("-")) {
            try (InputStream in = System.in) {
                all = in.readAllBytes();
            }
        } else {
            all = Files.readAllBytes(Path.of(file));
        }
        if (!ndjson) {
            return List.of(all);
        }
        List<byte[]> lines = new ArrayList<>();
        for (String line : new String(all, StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                lines.add(line.getBytes(StandardCharsets.UTF_8));
            }
        }
        return lines;
    }

    /** The fact set's tenant.id as the record key, or none when the body does not say one. */
    static byte[] tenantKey(byte[] body) {
        try {
            JsonNode id = new ObjectMapper().readTree(body).path("tenant").path("id");
            return id.isTextual() ? id.asText().getBytes(StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static int read(String servers, String topic, int max, Duration idle, PrintStream out) {
        ObjectMapper json = new ObjectMapper();
        List<ConsumerRecord<byte[], byte[]>> records = TopicReader.readAll(servers, List.of(topic), max, idle);
        for (ConsumerRecord<byte[], byte[]> r : records) {
            out.println(line(json, r));
        }
        return 0;
    }

    static String line(ObjectMapper json, ConsumerRecord<byte[], byte[]> r) {
        ObjectNode o = json.createObjectNode();
        o.put("topic", r.topic()).put("partition", r.partition()).put("offset", r.offset());
        o.put("key", r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8));
        ObjectNode headers = o.putObject("headers");
        for (Header h : r.headers()) {
            headers.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
        }
        try {
            o.set("value", r.value() == null ? null : json.readTree(r.value()));
        } catch (IOException e) {
            o.put("value", new String(r.value(), StandardCharsets.UTF_8));
        }
        return o.toString();
    }

    private static int check(String servers, Map<String, String> options, PrintStream out) {
        ExactlyOnceCheck.Result result = ExactlyOnceCheck.run(servers,
                options.getOrDefault("facts-topic", "licensing.facts"),
                options.getOrDefault("decisions-topic", "licensing.decisions"),
                options.getOrDefault("dead-letter-topic", "licensing.facts.dlq"),
                duration(options.getOrDefault("idle", "30s")),
                options.containsKey("compare-with") ? URI.create(options.get("compare-with")) : null);
        out.println(result.summary());
        return result.holds() ? 0 : 1;
    }

    private static int createTopics(String servers, Map<String, String> options, PrintStream out)
            throws IOException {
        int partitions = Integer.parseInt(options.getOrDefault("partitions", "4"));
        List<String> topics = List.of(options.getOrDefault("facts-topic", "licensing.facts"),
                options.getOrDefault("decisions-topic", "licensing.decisions"),
                options.getOrDefault("dead-letter-topic", "licensing.facts.dlq"));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
            var existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, partitions, (short) -1)).toList();
            admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            for (String t : topics) {
                out.println(t + (existing.contains(t) ? ": exists" : ": created with " + partitions + " partitions"));
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("the broker at " + servers + " did not create the topics: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        return 0;
    }

    static Duration duration(String text) {
        String t = text.trim().toLowerCase();
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        if (t.endsWith("s")) {
            return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
        }
        if (t.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
        }
        return Duration.ofSeconds(Long.parseLong(t));
    }
}

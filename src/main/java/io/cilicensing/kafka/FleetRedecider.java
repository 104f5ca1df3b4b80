package io.cilicensing.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cilicensing.engine.DecisionThreadsExhaustedException;
import io.cilicensing.engine.LiveRuleset;
import io.cilicensing.engine.Ruleset;
import io.cilicensing.impact.Redecision;
import io.cilicensing.reload.RulesetChangeRuns;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-decides every tenant's latest fact set when a new ruleset goes live (README > Decisions over
 * Kafka > A ruleset change), the work shared by the instances by partition of the facts topic.
 *
 * <p><b>A run is a consumer group.</b> Every instance that sees version V go live (after version U)
 * joins group {@code <group-id>.ruleset-change.<V>}, subscribed to the facts topic, so Kafka
 * spreads the partitions over the instances taking part and gives a dead member's partitions to
 * the others. The group's committed offsets are the run's progress, and their metadata its
 * counts: each partition's first commit fixes its end (the end offset when its re-decision
 * started); a partition is done when its committed offset reaches that end. Nothing is read
 * through the group consumer (its partitions stay paused): a partition is read from its beginning
 * by a plain consumer, each tenant's latest record kept, and the tenants whose latest record is
 * at or past the committed offset re-decided, in offset order, a chunk per Kafka transaction:
 * the changed decisions and the partition's new offset and counts commit together, with the
 * group's metadata, so a member that lost the partition in a rebalance cannot commit (fenced by
 * the group's generation): nothing is published twice, nothing counted twice.
 *
 * <p><b>Never overtaking.</b> Facts that arrive after a partition's end are decided by the
 * ordinary consumers under the ruleset live then. Right before each transaction the partition's
 * records past the end (up to its end now) are read, and a tenant with newer facts there is left
 * out of the run: its newer decision stays the last one. They are read again once the chunk's
 * decisions are sent and flushed, before the commit: facts that arrived meanwhile for a tenant of
 * the chunk abort the transaction and the chunk is sent again without it, and the ordinary decision
 * of facts arriving later can only come after the chunk's decisions on the topic.
 *
 * <p><b>Superseded.</b> When another version goes live, this instance's run stops before its
 * next transaction and the run of the newer version starts (its own group); the older group's
 * progress is left as is.
 *
 * <p><b>The summary.</b> When every partition is done, the member that owns partition 0 publishes
 * the summary (the counts of every partition's metadata) to the changes topic, keyed by the
 * version, in a transaction that also marks partition 0's metadata as summarized: once.
 */
final class FleetRedecider implements RulesetChangeRuns, AutoCloseable {
    static final String CAUSE = "cause";
    static final String RULESET_CHANGE = "ruleset-change";
    static final String PREVIOUS_VERSION = "previous-ruleset-version";
    private static final Logger log = LoggerFactory.getLogger(FleetRedecider.class);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);
    static final int CHUNK = 500;
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    /** How to reach the broker and the topics. */
    record Topics(String servers, String facts, String decisions, String changes, String groupId,
                  String transactionIdPrefix) {}

    private final Topics topics;
    private final Map<String, Object> consumerProps;
    private final Map<String, Object> producerProps;
    private final LiveRuleset live;
    private final Redecision redecision;
    private final RecordDecider decider;
    private final ExecutorService waiters;
    private final ObjectMapper json;
    private final Clock clock;
    private final Duration retryInterval;
    private final Duration sessionTimeout;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ruleset-change-run");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong generation = new AtomicLong();
    private volatile boolean closed;
    private volatile Ruleset lastLive;
    /**
     * The versions a tenant's last decision may have been made with: the one of the last run this
     * instance saw done, and every version that went live since (a superseded run may have left a
     * tenant with the decision of any of them). Guarded by {@code this}.
     */
    private final List<Ruleset> since = new ArrayList<>();
    private volatile Map<String, Object> lastRun;
    /** Runs between a chunk's first check for newer facts and its transaction (tests: facts arriving right then). */
    volatile Runnable beforeSend = () -> {};
    /** Tenants re-decided per Kafka transaction ({@link #CHUNK}; tests: smaller, to have several in a partition). */
    volatile int chunk = CHUNK;

    FleetRedecider(Topics topics, Map<String, Object> consumerProps, Map<String, Object> producerProps,
                   LiveRuleset live, Redecision redecision, RecordDecider decider, ExecutorService waiters,
                   ObjectMapper json, Clock clock, Duration retryInterval, Duration sessionTimeout) {
        this.topics = topics;
        this.consumerProps = consumerProps;
        this.producerProps = producerProps;
        this.live = live;
        this.redecision = redecision;
        this.decider = decider;
        this.waiters = waiters;
        this.json = json;
        this.clock = clock;
        this.retryInterval = retryInterval;
        this.sessionTimeout = sessionTimeout;
        this.lastLive = live.get();
        if (lastLive != null) {
            since.add(lastLive);
        }
    }

    @Override
    public Map<String, Object> lastRun() {
        return lastRun;
    }

    /** A ruleset went live on this instance: re-decide with it (the run of any earlier version stops). */
    synchronized void wentLive() {
        Ruleset current = live.get();
        Ruleset previous = lastLive;
        lastLive = current;
        if (current != null && since.stream().noneMatch(r -> r.version().equals(current.version()))) {
            since.add(current);
        }
        if (previous == null || current == null || previous.version().equals(current.version()) || closed) {
            return;
        }
        // compared with every version since the last run done here, the oldest first (the run's "from"):
        // a tenant a superseded run did not reach still has the decision of an older version than the previous
        List<Ruleset> compared = since.stream().filter(r -> !r.version().equals(current.version())).toList();
        Ruleset from = compared.get(0);
        long gen = generation.incrementAndGet();
        Map<String, Object> running = new LinkedHashMap<>();
        running.put("state", "RUNNING");
        running.put("fromVersion", from.version());
        running.put("toVersion", current.version());
        running.put("started", clock.instant().toString());
        lastRun = running;
        runner.execute(() -> {
            while (!closed && gen == generation.get()) {
                try {
                    run(from, compared, current, gen);
                    return;
                } catch (RuntimeException e) {
                    log.warn("ruleset change run {} → {}: {}; trying again in {}", shortVersion(from),
                            shortVersion(current), e.toString(), retryInterval);
                    sleep(retryInterval);
                }
            }
        });
    }

    private boolean superseded(long gen, Ruleset to) {
        Ruleset now = live.get();
        return closed || gen != generation.get() || now == null || !now.version().equals(to.version());
    }

    /** The run to {@code to} is done (summarized): from now on a tenant's last decision is one of {@code to}. */
    private synchronized void done(Ruleset to, long gen) {
        if (gen == generation.get()) {
            since.removeIf(r -> !r.version().equals(to.version()));
        }
    }

    /**
     * This instance's part of the run from {@code from} to {@code to}, each tenant compared with
     * {@code compared} ({@code from} first), until the run is summarized or superseded.
     */
    private void run(Ruleset from, List<Ruleset> compared, Ruleset to, long gen) {
        String group = topics.groupId() + ".ruleset-change." + to.version();
        Instant at = clock.instant(); // fact sets without an asOf are decided as of the run's start
        Set<TopicPartition> assigned = ConcurrentHashMap.newKeySet();
        try (KafkaConsumer<byte[], byte[]> member = groupConsumer(group);
             KafkaConsumer<byte[], byte[]> reader = FactsTopicSnapshot.consumer(topics.servers(), consumerProps);
             KafkaProducer<byte[], byte[]> producer = producer(to)) {
            producer.initTransactions();
            member.subscribe(List.of(topics.facts()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    assigned.removeAll(partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    member.pause(partitions); // nothing is read through the group: it only shares the partitions
                    assigned.addAll(partitions);
                }
            });
            List<TopicPartition> all = reader.partitionsFor(topics.facts(), WAIT).stream()
                    .map(p -> new TopicPartition(topics.facts(), p.partition()))
                    .sorted((a, b) -> Integer.compare(a.partition(), b.partition())).toList();
            TopicPartition first = all.get(0);
            while (!superseded(gen, to)) {
                member.poll(POLL);
                Map<TopicPartition, OffsetAndMetadata> committed = member.committed(new HashSet<>(all), WAIT);
                Map<TopicPartition, Progress> progress = new HashMap<>();
                boolean allDone = true;
                for (TopicPartition p : all) {
                    Progress pr = Progress.of(committed.get(p), json);
                    progress.put(p, pr);
                    allDone &= pr != null && pr.done();
                }
                if (allDone) {
                    Map<String, Object> summary = summary(from, to, all, progress);
                    if (progress.get(first).summarized) {
                        lastRun = summary;
                        done(to, gen);
                        return;
                    }
                    if (assigned.contains(first)) {
                        publishSummary(producer, member, first, progress.get(first), summary);
                    }
                    continue;
                }
                TopicPartition next = assigned.stream().filter(p -> {
                    Progress pr = progress.get(p);
                    return pr == null || !pr.done();
                }).min((a, b) -> Integer.compare(a.partition(), b.partition())).orElse(null);
                if (next == null) {
                    continue; // the others' partitions are not done yet
                }
                redecide(next, progress.get(next), from, compared, to, at, gen, member, reader, producer, assigned);
            }
            Map<String, Object> stopped = new LinkedHashMap<>(lastRun == null ? Map.of() : lastRun);
            if (to.version().equals(stopped.get("toVersion"))) {
                stopped.put("state", "SUPERSEDED");
                lastRun = stopped;
            }
            log.info("ruleset change run {} → {}: superseded by a newer version", shortVersion(from), shortVersion(to));
        }
    }

    /** Re-decides the tenants of partition {@code p} not yet done, a chunk per transaction, while it is assigned here. */
    private void redecide(TopicPartition p, Progress done, Ruleset from, List<Ruleset> compared, Ruleset to,
                          Instant at, long gen,
                          KafkaConsumer<byte[], byte[]> member, KafkaConsumer<byte[], byte[]> reader,
                          KafkaProducer<byte[], byte[]> producer, Set<TopicPartition> assigned) {
        long end = done != null ? done.end : reader.endOffsets(List.of(p), WAIT).get(p);
        long start = done != null ? done.offset : 0;
        Progress counts = done != null ? done : Progress.start(end, from.version(), clock.instant());
        List<FactsTopicSnapshot.Tenant> todo = new ArrayList<>();
        for (FactsTopicSnapshot.Tenant t : FactsTopicSnapshot.latest(reader, p, 0, end, UnaryOperator.identity()).values()) {
            if (t.offset() >= start) {
                todo.add(t);
            }
        }
        long checkedTo = end;
        Set<String> newer = new HashSet<>();
        // decisions of a chunk not sent (this part of the run ended early) are not started
        AtomicBoolean ended = new AtomicBoolean();
        int chunkSize = chunk;
        List<CompletableFuture<Decided>> futures = decideAll(todo.subList(0, Math.min(todo.size(), chunkSize)),
                compared, to, at, ended);
        int i = 0;
        try {
            do {
                List<FactsTopicSnapshot.Tenant> chunk = todo.subList(i, Math.min(todo.size(), i + chunkSize));
                i += chunk.size();
                if (superseded(gen, to) || !assigned.contains(p)) {
                    return;
                }
                List<Decided> decided = new ArrayList<>(chunk.size());
                for (CompletableFuture<Decided> f : futures) {
                    decided.add(f.join()); // every decision thread stuck: thrown, the run tries again later
                }
                // the next chunk is decided while this one is checked, sent and committed
                futures = decideAll(todo.subList(i, Math.min(todo.size(), i + chunkSize)), compared, to, at, ended);
                // the tenants with facts newer than the snapshot: their newer decision stays the last one
                long nowEnd = reader.endOffsets(List.of(p), WAIT).get(p);
                newer.addAll(FactsTopicSnapshot.keys(reader, p, checkedTo, nowEnd).keySet());
                checkedTo = Math.max(checkedTo, nowEnd);
                if (superseded(gen, to) || !assigned.contains(p)) {
                    return;
                }
                beforeSend.run();
                Set<String> keys = new HashSet<>();
                chunk.forEach(t -> keys.add(t.key()));
                Progress next;
                boolean again;
                do {
                    next = send(p, decided, newer, counts, i >= todo.size() ? end
                            : chunk.get(chunk.size() - 1).offset() + 1, from, to, member, producer);
                    if (next == null) {
                        return;
                    }
                    // facts that arrived while the decisions were sent: checked once they are on the topic, so
                    // the ordinary decision of facts arriving later comes after them; a tenant of the chunk with
                    // newer facts is left out and the chunk sent again without it
                    long after = reader.endOffsets(List.of(p), WAIT).get(p);
                    Set<String> arrived = FactsTopicSnapshot.keys(reader, p, checkedTo, after).keySet();
                    checkedTo = Math.max(checkedTo, after);
                    again = arrived.stream().anyMatch(k -> keys.contains(k) && !newer.contains(k));
                    newer.addAll(arrived);
                    if (!commit(p, next, again, member, producer)) {
                        return;
                    }
                } while (again);
                counts = next;
                member.poll(Duration.ZERO); // stays in the group; a rebalance is seen here
            } while (i < todo.size());
        } finally {
            ended.set(true);
        }
    }

    /** Starts the re-decisions of {@code tenants} on the decision threads; those not started when {@code ended} is set never are. */
    private List<CompletableFuture<Decided>> decideAll(List<FactsTopicSnapshot.Tenant> tenants, List<Ruleset> compared,
                                                        Ruleset to, Instant at, AtomicBoolean ended) {
        List<CompletableFuture<Decided>> futures = new ArrayList<>(tenants.size());
        for (FactsTopicSnapshot.Tenant t : tenants) {
            futures.add(CompletableFuture.supplyAsync(() -> ended.get() ? null : decide(t, compared, to, at), waiters));
        }
        return futures;
    }

    /**
     * Begins a transaction and sends the changed decisions of {@code decided} (but those with
     * {@code newer} facts), flushed; answers the partition's progress after them (its offset
     * {@code offset}), or null when the transaction could not be begun or sent (aborted).
     */
    private Progress send(TopicPartition p, List<Decided> decided, Set<String> newer, Progress counts, long offset,
                          Ruleset from, Ruleset to, KafkaConsumer<byte[], byte[]> member,
                          KafkaProducer<byte[], byte[]> producer) {
        Progress next = counts.copy();
        producer.beginTransaction();
        try {
            for (Decided d : decided) {
                if (newer.contains(d.tenant.key())) {
                    next.newer++;
                    continue;
                }
                if (d.error != null) {
                    next.byError.merge(d.error, 1L, Long::sum);
                    continue;
                }
                next.redecided++;
                if (d.report != null) {
                    next.changed++;
                    d.rules.forEach(r -> next.byRule.merge(r, 1L, Long::sum));
                    producer.send(record(d, from, to));
                }
            }
            producer.flush();
            next.offset = offset;
            return next;
        } catch (ProducerFencedException e) {
            throw e;
        } catch (KafkaException e) {
            notCommitted(p, e, member, producer);
            return null;
        }
    }

    /**
     * Commits the open transaction with the partition's progress {@code next}, or aborts it when
     * {@code abort}; false when it could not be committed (aborted: the progress is where it was).
     */
    private boolean commit(TopicPartition p, Progress next, boolean abort, KafkaConsumer<byte[], byte[]> member,
                           KafkaProducer<byte[], byte[]> producer) {
        try {
            if (abort) {
                producer.abortTransaction();
                return true;
            }
            producer.sendOffsetsToTransaction(Map.of(p, new OffsetAndMetadata(next.offset, next.json(json))),
                    member.groupMetadata());
            producer.commitTransaction();
            return true;
        } catch (ProducerFencedException e) {
            throw e;
        } catch (KafkaException e) {
            notCommitted(p, e, member, producer);
            return false;
        }
    }

    private static void notCommitted(TopicPartition p, KafkaException e, KafkaConsumer<byte[], byte[]> member,
                                     KafkaProducer<byte[], byte[]> producer) {
        // a rebalance took the partition (fenced by the group's generation) or the broker is away
        log.info("ruleset change run: partition {} not committed ({}); its progress is where it was", p, e.toString());
        producer.abortTransaction();
        member.poll(Duration.ZERO);
    }

    /** A tenant's re-decision: the error, or unchanged (report null), or the new report. */
    private record Decided(FactsTopicSnapshot.Tenant tenant, String error, Set<String> rules,
                           RecordDecider.Outcome.Decided report) {}

    private Decided decide(FactsTopicSnapshot.Tenant t, List<Ruleset> compared, Ruleset to, Instant at) {
        String refused = decider.refused(t.value()); // as the ordinary consumer: past the size limit, not UTF-8
        if (refused != null) {
            return new Decided(t, refused, Set.of(), null);
        }
        Redecision.Result r = redecision.compare(t.value(), at, compared, to);
        if (r.error() != null) {
            return new Decided(t, r.error(), Set.of(), null);
        }
        if (!r.changed()) {
            return new Decided(t, null, Set.of(), null);
        }
        // the decision published: exactly as the ordinary consumer decides it (logged, counted)
        RecordDecider.Outcome outcome = decider.decide(t.value(), to);
        if (outcome instanceof RecordDecider.Outcome.Decided d) {
            return new Decided(t, null, r.rules(), d);
        }
        if (outcome instanceof RecordDecider.Outcome.DeadLetter dead) {
            return new Decided(t, dead.error(), Set.of(), null);
        }
        throw ((RecordDecider.Outcome.Unavailable) outcome).cause();
    }

    private ProducerRecord<byte[], byte[]> record(Decided d, Ruleset from, Ruleset to) {
        Headers h = FactSetListener.decisionHeaders(topics.facts(), d.tenant.partition(), d.tenant.offset(), d.report);
        h.add(CAUSE, utf8(RULESET_CHANGE));
        h.add(PREVIOUS_VERSION, utf8(from.version()));
        return new ProducerRecord<>(topics.decisions(), null, utf8(d.tenant.key()), d.report.json(), h);
    }

    private Map<String, Object> summary(Ruleset from, Ruleset to, List<TopicPartition> all,
                                        Map<TopicPartition, Progress> progress) {
        long redecided = 0;
        long changed = 0;
        long newer = 0;
        Map<String, Long> byRule = new TreeMap<>();
        Map<String, Long> byError = new TreeMap<>();
        String started = null;
        String fromVersion = from.version();
        for (TopicPartition p : all) {
            Progress pr = progress.get(p);
            redecided += pr.redecided;
            changed += pr.changed;
            newer += pr.newer;
            pr.byRule.forEach((k, v) -> byRule.merge(k, v, Long::sum));
            pr.byError.forEach((k, v) -> byError.merge(k, v, Long::sum));
            if (started == null || pr.started.compareTo(started) < 0) {
                started = pr.started;
            }
            if (p.partition() == 0 && pr.from != null) {
                fromVersion = pr.from;
            }
        }
        Progress first = progress.get(all.get(0));
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("state", "DONE");
        s.put("fromVersion", fromVersion);
        s.put("toVersion", to.version());
        s.put("partitions", all.size());
        s.put("redecided", redecided);
        s.put("changed", changed);
        s.put("newerFacts", newer);
        s.put("byRule", byRule);
        s.put("byError", byError);
        s.put("started", started);
        s.put("ended", first.ended != null ? first.ended : clock.instant().toString());
        return s;
    }

    private void publishSummary(KafkaProducer<byte[], byte[]> producer, KafkaConsumer<byte[], byte[]> member,
                                TopicPartition first, Progress progress, Map<String, Object> summary) {
        Progress marked = progress.copy();
        marked.summarized = true;
        marked.ended = (String) summary.get("ended");
        boolean topic = changesTopicExists(member);
        producer.beginTransaction();
        try {
            if (topic) {
                producer.send(new ProducerRecord<>(topics.changes(), utf8((String) summary.get("toVersion")),
                        json.writeValueAsBytes(summary)));
            } else {
                log.warn("ruleset change run: no topic {} (decisions.kafka.changes-topic): the summary is not "
                        + "published, only shown in GET /v1/ruleset", topics.changes());
            }
            producer.sendOffsetsToTransaction(Map.of(first, new OffsetAndMetadata(progress.offset, marked.json(json))),
                    member.groupMetadata());
            producer.commitTransaction();
            log.info("ruleset change run {} → {} done: {} tenants re-decided, {} changed, errors {}",
                    shortVersion((String) summary.get("fromVersion")), shortVersion((String) summary.get("toVersion")),
                    summary.get("redecided"), summary.get("changed"), summary.get("byError"));
        } catch (ProducerFencedException e) {
            throw e;
        } catch (KafkaException | JsonProcessingException e) {
            producer.abortTransaction();
        }
    }

    private boolean changesTopicExists(KafkaConsumer<byte[], byte[]> consumer) {
        try {
            return consumer.listTopics(WAIT).containsKey(topics.changes());
        } catch (KafkaException e) {
            return false;
        }
    }

    private KafkaConsumer<byte[], byte[]> groupConsumer(String group) {
        Map<String, Object> props = new HashMap<>(consumerProps);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, topics.servers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        // a member that died is noticed after this (not Kafka's 45 s): its partitions go to the others sooner
        int session = (int) sessionTimeout.toMillis();
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, session);
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Math.max(100, Math.min(3000, session / 3)));
        return new KafkaConsumer<>(props);
    }

    private KafkaProducer<byte[], byte[]> producer(Ruleset to) {
        Map<String, Object> props = new HashMap<>(producerProps);
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, topics.servers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        // a dead member's open transaction holds its partition's progress (and read_committed readers) until the
        // broker aborts it: after twice the session timeout rather than Kafka's minute (a chunk takes well under a
        // second), unless the producer's transaction.timeout.ms is set
        props.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) sessionTimeout.toMillis() * 2);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, topics.transactionIdPrefix() + "ruleset-change-"
                + to.version().substring(0, 12) + "-" + UUID.randomUUID());
        return new KafkaProducer<>(props);
    }

    /** A partition's progress and counts, as kept in its committed offset's metadata. */
    static final class Progress {
        long offset;
        long end;
        String from;
        String started;
        String ended;
        boolean summarized;
        long redecided;
        long changed;
        long newer;
        Map<String, Long> byRule = new TreeMap<>();
        Map<String, Long> byError = new TreeMap<>();

        static Progress start(long end, String from, Instant started) {
            Progress p = new Progress();
            p.end = end;
            p.from = from;
            p.started = started.toString();
            return p;
        }

        boolean done() {
            return offset >= end;
        }

        Progress copy() {
            Progress p = new Progress();
            p.offset = offset;
            p.end = end;
            p.from = from;
            p.started = started;
            p.ended = ended;
            p.summarized = summarized;
            p.redecided = redecided;
            p.changed = changed;
            p.newer = newer;
            p.byRule = new TreeMap<>(byRule);
            p.byError = new TreeMap<>(byError);
            return p;
        }

        /** The metadata (Kafka keeps up to offset.metadata.max.bytes, 4096 by default: short names). */
        String json(ObjectMapper json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("e", end);
            m.put("f", from);
            m.put("s", started);
            if (ended != null) {
                m.put("t", ended);
            }
            if (summarized) {
                m.put("z", true);
            }
            m.put("r", redecided);
            m.put("c", changed);
            m.put("n", newer);
            m.put("b", byRule);
            m.put("x", byError);
            try {
                return json.writeValueAsString(m);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        /** From a committed offset; null when the partition was never committed in this run. */
        @SuppressWarnings("unchecked")
        static Progress of(OffsetAndMetadata committed, ObjectMapper json) {
            if (committed == null || committed.metadata() == null || committed.metadata().isEmpty()) {
                return null;
            }
            try {
                Map<String, Object> m = json.readValue(committed.metadata(), MAP);
                Progress p = new Progress();
                p.offset = committed.offset();
                p.end = ((Number) m.get("e")).longValue();
                p.from = (String) m.get("f");
                p.started = (String) m.get("s");
                p.ended = (String) m.get("t");
                p.summarized = Boolean.TRUE.equals(m.get("z"));
                p.redecided = ((Number) m.get("r")).longValue();
                p.changed = ((Number) m.get("c")).longValue();
                p.newer = ((Number) m.get("n")).longValue();
                ((Map<String, Number>) m.get("b")).forEach((k, v) -> p.byRule.put(k, v.longValue()));
                ((Map<String, Number>) m.get("x")).forEach((k, v) -> p.byError.put(k, v.longValue()));
                return p;
            } catch (JsonProcessingException | RuntimeException e) {
                return null;
            }
        }
    }

    private static String shortVersion(Ruleset r) {
        return shortVersion(r.version());
    }

    private static String shortVersion(String v) {
        return v == null ? "none" : v.substring(0, Math.min(12, v.length()));
    }

    private static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        // the run stops before its next transaction and closes its clients; interrupted, they would log errors
        runner.shutdown();
        try {
            if (!runner.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                runner.shutdownNow();
            }
        } catch (InterruptedException e) {
            runner.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}

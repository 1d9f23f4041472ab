package waybill.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The Kafka Streams side of bench/kafkaStreamsComparison.ts: a Processor API topology on
 * one stream thread that folds a pre-filled topic of Waybill events much as Waybill's
 * pipeline does (parse, dedupe, sequence order, per-second counts and latencies), then
 * prints one JSON line with the rate from the first record processed to the last.
 *
 * <p>State lives in plain HashMaps per partition, not in a state store: Waybill writes no
 * changelog (it rebuilds by replaying its log), so a changelogged store would be extra
 * work that the other side does not do.
 *
 * <p>Usage: java -jar streams-fold.jar BROKERS TOPIC EXPECTED_RECORDS [TIMEOUT_SECONDS=300]
 */
public final class StreamsFold {
  private static final long BUCKET_MS = 1_000;
  /** Latency slots by powers of two of milliseconds: slot 0 is under 1 ms (or negative). */
  private static final int LATENCY_SLOTS = 40;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicLong PROCESSED = new AtomicLong();
  /** Written on the stream thread, read by main after FINISHED (which orders the two). */
  private static volatile long firstRecordNanos;
  private static volatile long lastRecordNanos;
  private static volatile Throwable failure;
  private static final CountDownLatch FINISHED = new CountDownLatch(1);
  /** Every processor created, to add up their figures for the sanity fields of the output. */
  private static final Queue<FoldProcessor> PROCESSORS = new ConcurrentLinkedQueue<>();

  private StreamsFold() {}

  /** One second of event time in one partition. */
  private static final class Bucket {
    final long start;
    long events;
    long duplicates;
    long outOfOrder;
    final Map<String, long[]> byType = new HashMap<>();
    final Map<String, long[]> byRegion = new HashMap<>();
    final Map<String, long[]> byCarrier = new HashMap<>();
    final long[] latency = new long[LATENCY_SLOTS];

    Bucket(long start) {
      this.start = start;
    }
  }

  /** All state of one partition (one task), folded in log order on the stream thread. */
  private static final class FoldProcessor implements Processor<byte[], byte[], Void, Void> {
    private final long expected;
    private final Set<String> seen = new HashSet<>();
    private final Map<String, Long> highestSequence = new HashMap<>();
    private final Map<Long, Bucket> buckets = new HashMap<>();
    // Most events land in the second of the event before, as in Waybill's processor.
    private Bucket lastBucket;
    long deadLetters;
    long duplicates;
    long outOfOrder;

    FoldProcessor(long expected) {
      this.expected = expected;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
      PROCESSORS.add(this);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
      // Taken before the first record's work so that it counts, like the rest.
      if (firstRecordNanos == 0) firstRecordNanos = System.nanoTime();
      try {
        fold(record);
      } catch (IOException | RuntimeException error) {
        // Unreadable input is a dead letter in Waybill too; it must not stop the task.
        deadLetters += 1;
      }
      long processed = PROCESSED.incrementAndGet();
      if (processed == expected) {
        lastRecordNanos = System.nanoTime();
        FINISHED.countDown();
      }
    }

    private void fold(Record<byte[], byte[]> record) throws IOException {
      byte[] value = record.value();
      if (value == null || value.length == 0) {
        deadLetters += 1;
        return;
      }
      JsonNode event = JSON.readTree(value);
      String id = text(event, "id");
      String source = text(event, "source");
      String subject = text(event, "subject");
      String type = text(event, "type");
      String timeText = text(event, "time");
      JsonNode data = event.get("data");
      if (id == null || source == null || subject == null || type == null || timeText == null || data == null || !data.isObject()) {
        deadLetters += 1;
        return;
      }
      long time = parseTime(timeText);
      String sequenceText = text(event, "sequence");
      long sequence = sequenceText == null ? -1 : Long.parseLong(sequenceText);
      String carrier = text(data, "carrier");
      // Version 1 events are flat (data.region); version 2 nests it in data.facility.
      JsonNode facility = data.get("facility");
      String region = facility != null ? text(facility, "region") : text(data, "region");
      if (carrier == null || region == null) {
        deadLetters += 1;
        return;
      }

      long start = Math.floorDiv(time, BUCKET_MS) * BUCKET_MS;
      Bucket bucket = lastBucket != null && lastBucket.start == start ? lastBucket : (lastBucket = buckets.computeIfAbsent(start, Bucket::new));
      if (!seen.add(subject + '|' + source + '|' + id)) {
        bucket.duplicates += 1;
        duplicates += 1;
        return;
      }
      if (sequence >= 0) {
        Long highest = highestSequence.get(subject);
        if (highest != null && sequence < highest) {
          bucket.outOfOrder += 1;
          outOfOrder += 1;
        } else {
          highestSequence.put(subject, sequence);
        }
      }
      bucket.events += 1;
      count(bucket.byType, type);
      count(bucket.byRegion, region);
      count(bucket.byCarrier, carrier);
      bucket.latency[latencySlot(record.timestamp() - time)] += 1;
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() ? value.textValue() : null;
  }

  /** RFC 3339: Instant.parse takes the usual UTC form, OffsetDateTime any offset. */
  private static long parseTime(String text) {
    try {
      return Instant.parse(text).toEpochMilli();
    } catch (DateTimeParseException utcOnly) {
      return OffsetDateTime.parse(text).toInstant().toEpochMilli();
    }
  }

  private static void count(Map<String, long[]> counts, String key) {
    long[] slot = counts.get(key);
    if (slot == null) counts.put(key, new long[] {1});
    else slot[0] += 1;
  }

  private static int latencySlot(long latencyMs) {
    if (latencyMs < 1) return 0;
    return Math.min(LATENCY_SLOTS - 1, 64 - Long.numberOfLeadingZeros(latencyMs));
  }

  private static void deleteRecursively(Path directory) {
    if (!Files.exists(directory)) return;
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException error) {
      throw new UncheckedIOException(error);
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: java -jar streams-fold.jar BROKERS TOPIC EXPECTED_RECORDS [TIMEOUT_SECONDS=300]");
      System.exit(64);
    }
    String brokers = args[0];
    String topic = args[1];
    long expected = Long.parseLong(args[2]);
    long timeoutSeconds = args.length > 3 ? Long.parseLong(args[3]) : 300;
    // A fresh application.id is a fresh consumer group: every run reads from the start.
    String applicationId = "waybill-bench-streams-" + UUID.randomUUID().toString().substring(0, 8);
    // The topology has no stores, but Kafka Streams may still want a state directory; a
    // private one keeps /tmp/kafka-streams out of it and is removed at the end.
    Path stateDir = Files.createTempDirectory("streams-fold-");

    Properties config = new Properties();
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
    config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
    config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
    config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    config.put("auto.offset.reset", "earliest");

    Topology topology = new Topology();
    topology.addSource("events", new ByteArrayDeserializer(), new ByteArrayDeserializer(), topic);
    topology.addProcessor("fold", () -> new FoldProcessor(expected), "events");

    KafkaStreams streams = new KafkaStreams(topology, config);
    streams.setUncaughtExceptionHandler(error -> {
      failure = error;
      FINISHED.countDown();
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    });
    int exitCode;
    try {
      streams.start();
      boolean finished = FINISHED.await(timeoutSeconds, TimeUnit.SECONDS);
      if (failure != null) {
        System.err.println("streams-fold: the stream thread failed: " + failure);
        exitCode = 1;
      } else if (!finished) {
        System.err.printf(
            Locale.ROOT,
            "streams-fold: timed out after %d s with %d of %d records processed (application.id %s)%n",
            timeoutSeconds,
            PROCESSED.get(),
            expected,
            applicationId);
        exitCode = 2;
      } else {
        double seconds = (lastRecordNanos - firstRecordNanos) / 1e9;
        long deadLetters = 0;
        long duplicates = 0;
        long outOfOrder = 0;
        for (FoldProcessor processor : PROCESSORS) {
          deadLetters += processor.deadLetters;
          duplicates += processor.duplicates;
          outOfOrder += processor.outOfOrder;
        }
        System.out.printf(
            Locale.ROOT,
            "{\"kafkaStreamsEventsPerSecond\":%d,\"records\":%d,\"seconds\":%.3f,\"partitions\":%d,"
                + "\"deadLetters\":%d,\"duplicates\":%d,\"outOfOrder\":%d,\"applicationId\":\"%s\"}%n",
            Math.round(expected / seconds),
            expected,
            seconds,
            PROCESSORS.size(),
            deadLetters,
            duplicates,
            outOfOrder,
            applicationId);
        exitCode = 0;
      }
    } finally {
      streams.close(Duration.ofSeconds(30));
      deleteRecursively(stateDir);
    }
    // Client threads that outlive close must not keep the JVM, and the benchmark, waiting.
    System.exit(exitCode);
  }
}

package io.cilicensing.decisionlog;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/**
 * The decision log from its properties (README > Configuration). The bean is closed when the
 * application context closes, after the web server has stopped (graceful shutdown), so the
 * decisions of the last requests are written before the process exits.
 */
@Configuration
public class DecisionLogConfiguration {
    private static final Logger log = LoggerFactory.getLogger(DecisionLogConfiguration.class);

    @Bean(destroyMethod = "close")
    DecisionLog decisionLog(MeterRegistry registry,
                            @Value("${decisions.log.enabled}") boolean enabled,
                            @Value("${decisions.log.path}") String path,
                            @Value("${decisions.log.max-size}") DataSize maxSize,
                            @Value("${decisions.log.max-files}") int maxFiles,
                            @Value("${decisions.log.queue-capacity}") int queueCapacity,
                            @Value("${decisions.log.facts:true}") boolean facts,
                            @Value("${decisions.log.facts-gzip-over:4KB}") DataSize factsGzipOver,
                            @Value("${decisions.log.facts-max-size:1MB}") DataSize factsMaxSize,
                            @Value("${decisions.log.facts-queue-max-size:64MB}") DataSize factsQueueMaxSize) {
        if (!enabled) {
            log.info("decision log off (decisions.log.enabled=false)");
            return DecisionLog.disabled(registry);
        }
        Path file = Path.of(path);
        FactsPolicy policy = facts ? new FactsPolicy(true, factsGzipOver.toBytes(), factsMaxSize.toBytes(),
                factsQueueMaxSize.toBytes())
                : FactsPolicy.OFF;
        log.info("decision log: {} (rotated at {}, {} older files kept; fact sets {})",
                file.toAbsolutePath().normalize(), maxSize, maxFiles,
                facts ? "kept, gzip over " + factsGzipOver + ", none over " + factsMaxSize : "not kept");
        return new DecisionLog(new RotatingFile(file, maxSize.toBytes(), maxFiles), queueCapacity, policy, registry);
    }
}

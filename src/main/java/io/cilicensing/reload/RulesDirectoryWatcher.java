package io.cilicensing.reload;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Watches the rules directory and its subdirectories; files added, changed or deleted trigger
 * a reload once the directory has been quiet for the debounce time. The reload runs on its
 * own thread, never on a request.
 */
public final class RulesDirectoryWatcher implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(RulesDirectoryWatcher.class);

    private final RulesetReloader reloader;
    private final Path dir;
    private final long debounceMillis;
    private final Map<WatchKey, Path> keys = new ConcurrentHashMap<>();
    private ScheduledExecutorService executor;
    private WatchService watchService;
    private ScheduledFuture<?> pending;
    private volatile boolean running;

    public RulesDirectoryWatcher(RulesetReloader reloader, Path dir, long debounceMillis) {
        this.reloader = reloader;
        this.dir = dir;
        this.debounceMillis = debounceMillis;
    }

    @Override
    public void start() {
        try {
            watchService = FileSystems.getDefault().newWatchService();
            registerTree(dir);
        } catch (IOException e) {
            log.warn("cannot watch {} for rule changes ({}); use POST /v1/ruleset/reload", dir, e.getMessage());
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rules-reload");
            t.setDaemon(true);
            return t;
        });
        Thread watcher = new Thread(this::watch, "rules-watch");
        watcher.setDaemon(true);
        running = true;
        watcher.start();
        log.info("watching {} for rule changes (reload {} ms after the last change)",
                dir.toAbsolutePath().normalize(), debounceMillis);
    }

    private void watch() {
        while (running) {
            WatchKey key;
            try {
                key = watchService.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ClosedWatchServiceException e) {
                return;
            }
            Path parent = keys.get(key);
            for (WatchEvent<?> event : key.pollEvents()) {
                if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE && parent != null) {
                    Path created = parent.resolve((Path) event.context());
                    if (Files.isDirectory(created)) {
                        registerTree(created);
                    }
                }
            }
            if (!key.reset()) {
                keys.remove(key);
            }
            scheduleReload();
        }
    }

    private synchronized void scheduleReload() {
        if (pending != null) {
            pending.cancel(false);
        }
        pending = executor.schedule(() -> {
            try {
                reloader.reload("file change");
            } catch (RuntimeException e) {
                log.error("reload after a file change failed; the live ruleset is unchanged", e);
            }
        }, debounceMillis, TimeUnit.MILLISECONDS);
    }

    private void registerTree(Path root) {
        try (Stream<Path> dirs = Files.walk(root)) {
            dirs.filter(Files::isDirectory).forEach(d -> {
                try {
                    keys.put(d.register(watchService, StandardWatchEventKinds.ENTRY_CREATE,
                            StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY), d);
                } catch (IOException e) {
                    log.warn("cannot watch {}: {}", d, e.getMessage());
                }
            });
        } catch (IOException e) {
            log.warn("cannot watch {}: {}", root, e.getMessage());
        }
    }

    @Override
    public void stop() {
        running = false;
        try {
            if (watchService != null) {
                watchService.close();
            }
        } catch (IOException e) {
            log.debug("closing the watch service", e);
        }
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}

package io.cilicensing.scenarios;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** Reads every {@code *.yaml} / {@code *.yml} below a directory as a scenario (README > Scenario files). */
public final class ScenarioLoader {
    private static final Set<String> KEYS = Set.of("name", "covers", "request", "expect");
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

    /** All scenarios below {@code dir}, sorted by relative path; a missing directory has none. */
    public List<Scenario> loadAll(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list scenarios in " + dir, e);
        }
        List<Scenario> out = new ArrayList<>(files.size());
        for (Path f : files) {
            out.add(load(f, dir.relativize(f).toString().replace('\\', '/')));
        }
        return out;
    }

    /** Reads one file; a file that is not a scenario comes back with its problem, never as an exception. */
    public Scenario load(Path file, String name) {
        JsonNode root;
        try {
            root = yaml.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            return Scenario.unreadable(name, "not readable YAML"
                    + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr())
                    + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            return Scenario.unreadable(name, "cannot read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            return Scenario.unreadable(name, "a scenario file must be a YAML mapping with name, covers, request, expect");
        }
        List<String> problems = new ArrayList<>();
        root.fieldNames().forEachRemaining(k -> {
            if (!KEYS.contains(k)) {
                problems.add("unknown key '" + k + "' (expected name, covers, request, expect)");
            }
        });
        JsonNode request = root.get("request");
        JsonNode expect = root.get("expect");
        if (request == null) {
            problems.add("no 'request'");
        }
        if (expect == null || !expect.isObject()) {
            problems.add("no 'expect' mapping");
        }
        List<String> covers = new ArrayList<>();
        JsonNode c = root.get("covers");
        if (c != null) {
            if (!c.isArray()) {
                problems.add("'covers' must be a list of rule ids");
            } else {
                c.forEach(id -> covers.add(id.asText()));
            }
        }
        String title = root.path("name").asText(name);
        if (!problems.isEmpty()) {
            return new Scenario(name, title, covers, request, expect, String.join("; ", problems));
        }
        return new Scenario(name, title, List.copyOf(covers), request, expect, null);
    }
}

package io.cilicensing.apidocs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cilicensing.facts.FactSetSchemas;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.core.util.Yaml;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.Schema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * Completes springdoc's document with what the code cannot say: the endpoints read raw bytes,
 * so their request and answer shapes (the request contract) are written in {@code openapi/contract.yaml}
 * and merged in here: its info and tags, its operations (each replacing the operation springdoc
 * generated for the same path and method) and its components. The request's schemas are not
 * written there: they are generated from the fact records ({@link FactSetSchemas}). The examples' values are
 * {@code openapi/contract-example.json}, the example request. Schemas springdoc
 * generated that nothing refers to any more are removed.
 */
@Component
public class ContractDocument implements OpenApiCustomizer {
    static final String FRAGMENT = "/openapi/contract.yaml";
    static final String EXAMPLE = "/openapi/contract-example.json";
    private static final Pattern SCHEMA_REF = Pattern.compile("#/components/schemas/([A-Za-z0-9._-]+)");

    public ContractDocument() {
        load(); // a broken fragment stops the start rather than the first request for the document
    }

    @Override
    public void customise(OpenAPI openApi) {
        OpenAPI fragment = load();
        openApi.setInfo(fragment.getInfo());
        openApi.setTags(fragment.getTags());
        // The fragment's servers (a relative URL), not springdoc's "Generated server url": that is
        // the host and port of whoever asked first, wrong for every other client.
        openApi.setServers(fragment.getServers());
        fragment.getPaths().forEach((path, item) -> {
            PathItem served = openApi.getPaths() == null ? null : openApi.getPaths().get(path);
            item.readOperationsMap().forEach((method, operation) -> {
                if (served == null || served.readOperationsMap().get(method) == null) {
                    throw new IllegalStateException(FRAGMENT + " describes " + method + " " + path
                            + ", which no controller serves");
                }
                served.operation(method, operation);
            });
        });
        Components target = openApi.getComponents() == null ? new Components() : openApi.getComponents();
        openApi.setComponents(target);
        Components own = fragment.getComponents();
        merge(own, target, Components::getSchemas, Components::addSchemas);
        FactSetSchemas.components().forEach(target::addSchemas);
        merge(own, target, Components::getResponses, Components::addResponses);
        merge(own, target, Components::getExamples, Components::addExamples);
        merge(own, target, Components::getHeaders, Components::addHeaders);
        merge(own, target, Components::getSecuritySchemes, Components::addSecuritySchemes);
        dropUnreferencedSchemas(openApi);
    }

    private static <T> void merge(Components from, Components to, Function<Components, Map<String, T>> get,
                                  TriConsumer<Components, String, T> add) {
        Map<String, T> items = get.apply(from);
        if (items != null) {
            items.forEach((name, item) -> add.accept(to, name, item));
        }
    }

    @FunctionalInterface
    private interface TriConsumer<A, B, C> {
        void accept(A a, B b, C c);
    }

    /** Reads the fragment and puts the contract example into its examples. */
    static OpenAPI load() {
        try (InputStream yaml = ContractDocument.class.getResourceAsStream(FRAGMENT);
             InputStream example = ContractDocument.class.getResourceAsStream(EXAMPLE)) {
            if (yaml == null || example == null) {
                throw new IllegalStateException("missing " + FRAGMENT + " or " + EXAMPLE + " on the classpath");
            }
            OpenAPI fragment = Yaml.mapper().readValue(yaml, OpenAPI.class);
            Object value = new ObjectMapper().readValue(example, Object.class);
            Map<String, Example> examples = fragment.getComponents().getExamples();
            examples.get("ContractExample").setValue(value);
            examples.get("ContractExampleBatch").setValue(List.of(value));
            return fragment;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + FRAGMENT, e);
        }
    }

    private static void dropUnreferencedSchemas(OpenAPI openApi) {
        Map<String, Schema> schemas = openApi.getComponents().getSchemas();
        if (schemas == null) {
            return;
        }
        Set<String> used = new HashSet<>();
        List<String> todo = new ArrayList<>(refs(write(openApi.getPaths()) + write(
                openApi.getComponents().getResponses()) + write(openApi.getComponents().getHeaders())));
        while (!todo.isEmpty()) {
            String name = todo.remove(todo.size() - 1);
            if (used.add(name) && schemas.containsKey(name)) {
                todo.addAll(refs(write(schemas.get(name))));
            }
        }
        schemas.keySet().removeIf(name -> !used.contains(name));
    }

    private static String write(Object o) {
        try {
            return o == null ? "" : Json.mapper().writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> refs(String json) {
        List<String> names = new ArrayList<>();
        Matcher m = SCHEMA_REF.matcher(json);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}

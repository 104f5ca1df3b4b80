package io.cilicensing.workbench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /workbench/example.json}: the example request, the fact set the Decide
 * view starts with. Served from the same file the OpenAPI document's example is read from
 * ({@code openapi/contract-example.json}), so there is one copy of it.
 */
@RestController
public class WorkbenchExample {
    static final String RESOURCE = "/openapi/contract-example.json";
    private final byte[] example;

    public WorkbenchExample() {
        try (InputStream in = WorkbenchExample.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing " + RESOURCE + " on the classpath");
            }
            example = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    @GetMapping(path = WorkbenchPage.PATH + "example.json", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<byte[]> example() {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(example);
    }
}

package io.cilicensing.facts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * the example request, kept once in src/main/resources/openapi/contract-example.json (the
 * served OpenAPI document shows the same file as its example).
 */
public final class ContractExample {
    private ContractExample() {}

    public static String json() {
        try (InputStream in = ContractExample.class.getResourceAsStream("/openapi/contract-example.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.cilicensing.facts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** CONTRACT.md's example request, kept once in src/test/resources/contract-example.json. */
public final class ContractExample {
    private ContractExample() {}

    public static String json() {
        try (InputStream in = ContractExample.class.getResourceAsStream("/contract-example.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

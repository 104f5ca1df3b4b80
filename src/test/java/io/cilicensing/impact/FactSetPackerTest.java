package io.cilicensing.impact;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class FactSetPackerTest {

    private static List<byte[]> tenantBase(int n) throws IOException {
        String typical = Files.readString(Path.of("bench/typical.json"));
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(typical.replace("\"bench-typical\"", "\"tenant-" + i + "\"").replace("2021-03-01", "2021-03-" + (10 + i % 19))
                    .getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void everyFactSetUnpacksToItsOwnBytes() throws IOException {
        FactSetPacker packer = new FactSetPacker();
        List<byte[]> bodies = new ArrayList<>(tenantBase(50));
        try (Stream<Path> files = Files.walk(Path.of("test-scenarios"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                bodies.add(Files.readAllBytes(f));
            }
        }
        byte[] random = new byte[200_000]; // past the dictionary and the packing buffer, incompressible
        new Random(7).nextBytes(random);
        bodies.add(random);
        bodies.add(new byte[0]);
        List<byte[]> packed = bodies.stream().map(packer::pack).toList();
        for (int i = 0; i < bodies.size(); i++) {
            assertThat(packer.unpack(packed.get(i))).as("fact set %d", i).isEqualTo(bodies.get(i));
        }
    }

    @Test
    void factSetsOfOneShapeKeepAFractionOfTheirBytesAndEqualOnesPackEqually() throws IOException {
        FactSetPacker packer = new FactSetPacker();
        List<byte[]> bodies = tenantBase(100);
        long raw = bodies.stream().mapToLong(b -> b.length).sum();
        long kept = bodies.stream().mapToLong(b -> packer.pack(b).length).sum();
        assertThat(kept).as("packed bytes of %d raw", raw).isLessThan(raw / 5);
        assertThat(packer.pack(bodies.get(42))).isEqualTo(packer.pack(bodies.get(42).clone()));
    }
}

package io.cilicensing.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NdjsonLinesTest {

    /** A stream that hands out one byte per read, as a slow network would. */
    private static InputStream trickle(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1));
            }
        };
    }

    private static List<String> read(InputStream in, int max) throws Exception {
        NdjsonLines lines = new NdjsonLines(in, max);
        List<String> out = new ArrayList<>();
        for (NdjsonLines.Line l = lines.next(); l != null; l = lines.next()) {
            out.add(l.tooLong() ? "<too long>" : new String(l.bytes(), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void splitsOnNewlinesWhateverTheReadSizesDroppingCarriageReturnsAndBlankLines() throws Exception {
        String text = "{\"a\":1}\r\n\n   \n{\"b\":\"é\"}\n{\"c\":3}";

        assertThat(read(trickle(text), 100)).containsExactly("{\"a\":1}", "{\"b\":\"é\"}", "{\"c\":3}");
        assertThat(read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), 100))
                .containsExactly("{\"a\":1}", "{\"b\":\"é\"}", "{\"c\":3}");
    }

    @Test
    void aLineOverTheLimitIsReportedAsTooLongAndTheNextLineIsReadWhole() throws Exception {
        String text = "12345\n" + "x".repeat(200_000) + "\n123456\n1234567";

        assertThat(read(trickle(text), 6)).containsExactly("12345", "<too long>", "123456", "<too long>");
    }

    @Test
    void anEmptyStreamHasNoLines() throws Exception {
        assertThat(read(trickle(""), 10)).isEmpty();
        assertThat(read(trickle("\n\n"), 10)).isEmpty();
    }
}

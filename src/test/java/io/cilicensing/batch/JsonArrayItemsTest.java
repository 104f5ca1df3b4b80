package io.cilicensing.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cilicensing.facts.BadFactsException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonArrayItemsTest {
    private static BadFactsException refused(String body) {
        return catchThrowableOfType(BadFactsException.class,
                () -> JsonArrayItems.split(body.getBytes(StandardCharsets.UTF_8), 100));
    }

    @Test
    void aBatchCutShortIsMalformedWithItsPositionAndNoParserInternals() {
        BadFactsException e = refused("[{\"tenant\": {\"id\": \"t\"");

        assertThat(e.error()).isEqualTo("MALFORMED_JSON");
        assertThat(e.getMessage()).startsWith("line 1, column ").contains("end of input")
                .doesNotContain("Source").doesNotContain("StreamReadFeature").doesNotContain("start marker");
    }

    @Test
    void aBatchNestedPastTheParsersDepthIsMalformedWithoutNamingTheParsersSetting() {
        BadFactsException e = refused("[" + "[".repeat(2000) + "]".repeat(2000) + "]");

        assertThat(e.error()).isEqualTo("MALFORMED_JSON");
        assertThat(e.getMessage()).contains("nesting depth").contains("(1000)")
                .doesNotContain("StreamReadConstraints").doesNotContain("`");
    }

    @Test
    void plainKeepsTheParsersWordsAndDropsItsSourceAndSettingNames() {
        assertThat(JsonArrayItems.plain("Unexpected character ('x' (code 120)): expected a value"))
                .isEqualTo("Unexpected character ('x' (code 120)): expected a value");
        assertThat(JsonArrayItems.plain("Number value length (5000) exceeds the maximum allowed (1000, from "
                + "`StreamReadConstraints.getMaxNumberLength()`)"))
                .isEqualTo("Number value length (5000) exceeds the maximum allowed (1000)");
    }
}

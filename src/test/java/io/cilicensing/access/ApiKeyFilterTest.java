package io.cilicensing.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ApiKeyFilterTest {

    @Test
    void keysAreCommaSeparatedWithBlanksIgnored() {
        assertThat(ApiKeyFilter.parse(" a, b ,,c ")).containsExactly("a", "b", "c");
        assertThat(ApiKeyFilter.parse("")).isEmpty();
        assertThat(ApiKeyFilter.parse(null)).isEmpty();
    }

    @Test
    void onlyAnExactConfiguredKeyIsAccepted() throws Exception {
        ApiKeyFilter filter = new ApiKeyFilter(ApiKeyFilter.parse("alpha,beta"), new ObjectMapper());

        assertThat(filter.accepted("alpha")).isTrue();
        assertThat(filter.accepted("beta")).isTrue();
        assertThat(filter.accepted("alph")).isFalse();
        assertThat(filter.accepted("alphaa")).isFalse();
        assertThat(filter.accepted("ALPHA")).isFalse();
        assertThat(filter.accepted("")).isFalse();
        assertThat(filter.accepted(null)).isFalse();
    }
}

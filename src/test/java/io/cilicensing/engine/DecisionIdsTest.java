package io.cilicensing.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DecisionIdsTest {
    @Test
    void idsAreVersion7UuidsCarryingTheirMillisecond() {
        long now = 1_764_450_000_123L;
        UUID id = UUID.fromString(DecisionIds.next(now));

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(now);
    }

    @Test
    void idsSortByTimeAndDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            assertThat(seen.add(DecisionIds.next(1_000L))).isTrue();
        }
        assertThat(DecisionIds.next(1_000L).compareTo(DecisionIds.next(2_000L))).isNegative();
    }
}

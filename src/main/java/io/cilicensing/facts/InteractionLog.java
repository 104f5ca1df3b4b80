package io.cilicensing.facts;

import java.time.LocalDate;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The raw interaction records of a fact set, held column-wise so that a hundred thousand
 * records cost a few arrays rather than a hundred thousand facts. It answers counting
 * questions only; which window and which records count is decided by the rules (ENT-20).
 */
public final class InteractionLog {
    private final int[] person;
    private final long[] epochDay;
    private final byte[] channel;
    private final int people;

    private InteractionLog(int[] person, long[] epochDay, byte[] channel, int people) {
        this.person = person;
        this.epochDay = epochDay;
        this.channel = channel;
        this.people = people;
    }

    public static InteractionLog of(List<Interaction> records) {
        int n = records.size();
        int[] person = new int[n];
        long[] day = new long[n];
        byte[] ch = new byte[n];
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Interaction r = records.get(i);
            person[i] = index.computeIfAbsent(r.personId(), k -> index.size());
            day[i] = r.date().toEpochDay();
            ch[i] = (byte) r.channel().ordinal();
        }
        return new InteractionLog(person, day, ch, index.size());
    }

    /** Number of records. */
    public int size() {
        return person.length;
    }

    /** Distinct people with at least one record dated after {@code after} and not after {@code notAfter}. */
    public int distinctPeopleBetween(LocalDate after, LocalDate notAfter) {
        long lo = after.toEpochDay();
        long hi = notAfter.toEpochDay();
        BitSet seen = new BitSet(people);
        for (int i = 0; i < person.length; i++) {
            if (epochDay[i] > lo && epochDay[i] <= hi) {
                seen.set(person[i]);
            }
        }
        return seen.cardinality();
    }

    /** Records dated from {@code from} to {@code to}, both included. */
    public long countFromTo(LocalDate from, LocalDate to) {
        long lo = from.toEpochDay();
        long hi = to.toEpochDay();
        long count = 0;
        for (long d : epochDay) {
            if (d >= lo && d <= hi) {
                count++;
            }
        }
        return count;
    }

    /** Records of one channel, dated from {@code from} to {@code to}, both included. */
    public long countFromTo(LocalDate from, LocalDate to, InteractionChannel onChannel) {
        long lo = from.toEpochDay();
        long hi = to.toEpochDay();
        byte c = (byte) onChannel.ordinal();
        long count = 0;
        for (int i = 0; i < epochDay.length; i++) {
            if (channel[i] == c && epochDay[i] >= lo && epochDay[i] <= hi) {
                count++;
            }
        }
        return count;
    }

    /** One raw record as posted. */
    public record Interaction(
            @FactField(required = true, nonEmpty = true, maxLength = FactLimits.ID_LENGTH) String personId,
            @FactField(required = true) LocalDate date,
            @FactField(required = true) InteractionChannel channel,
            @FactField(maxLength = FactLimits.ID_LENGTH, refersTo = "environment") String environmentId) {}
}

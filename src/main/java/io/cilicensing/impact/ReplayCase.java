package io.cilicensing.impact;

import java.time.Instant;

/**
 * One fact set to decide with both rulesets. {@code asOf} is the instant to decide it at when
 * the body has no {@code asOf} of its own (a logged decision's: the instant it was decided for);
 * {@code problem} set means it cannot be replayed (e.g. its fact set was not logged). With a
 * {@code packer}, {@code body} is kept packed ({@link FactSetPacker}) and {@link #facts()} unpacks it.
 */
public record ReplayCase(String decisionId, String tenantId, Instant asOf, byte[] body, String problem,
                         FactSetPacker packer) {

    public ReplayCase(String decisionId, String tenantId, Instant asOf, byte[] body, String problem) {
        this(decisionId, tenantId, asOf, body, problem, null);
    }

    public static ReplayCase notReplayable(String decisionId, String tenantId, String problem) {
        return new ReplayCase(decisionId, tenantId, null, null, problem);
    }

    /** The fact set's bytes (unpacked); null when there is none. */
    public byte[] facts() {
        return packer == null || body == null ? body : packer.unpack(body);
    }
}

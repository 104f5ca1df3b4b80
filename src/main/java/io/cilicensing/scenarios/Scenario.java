package io.cilicensing.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One scenario file: a request and what its decision must say. {@code problem} is set when the
 * file could not be read as a scenario; such a scenario fails with that problem as its difference.
 */
public record Scenario(String file, String name, List<String> covers, JsonNode request, JsonNode expect,
                       String problem) {

    static Scenario unreadable(String file, String problem) {
        return new Scenario(file, file, List.of(), null, null, problem);
    }
}

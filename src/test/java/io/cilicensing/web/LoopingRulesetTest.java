package io.cilicensing.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"rules.firing-limit=200", "rules.gate=false", "rules.watch=false"})
class LoopingRulesetTest {
    private static final String LOOP = """
            package t;
            import io.cilicensing.report.*;
            declare Tick n : int end
            rule "ENT-01 start ticking" @id("ENT-01") @source("test")
            when then insert(new Tick(0));
            end
            rule "ENT-02 tick forever" @id("ENT-02") @source("test")
            when $t : Tick( n >= 0 )
            then modify($t) { setN($t.getN() + 1) }
            end
            """;

    @DynamicPropertySource
    static void loopingRules(DynamicPropertyRegistry registry) {
        try {
            Path dir = Files.createTempDirectory("looping-rules");
            Files.writeString(dir.resolve("loop.drl"), LOOP);
            registry.add("rules.dir", dir::toString);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @LocalServerPort
    int port;

    @Test
    void aLoopingRulesetAnswers500NamingTheRuleAndTheServiceKeepsServing() throws Exception {
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> r = Http.post(port, "/v1/decisions",
                    "{ \"asOf\": \"2024-07-01\", \"tenant\": { \"id\": \"t\", \"homeGeo\": \"US\" } }");
            assertThat(r.statusCode()).isEqualTo(500);
            var body = new ObjectMapper().readTree(r.body());
            assertThat(body.path("error").asText()).isEqualTo("RULES_DID_NOT_SETTLE");
            assertThat(body.path("rules").get(0).asText()).startsWith("ENT-02 tick forever");
        }
    }

    @Test
    void aLoopingRuleIsStillStoppedWithALargeFactSetNamingTheRule() throws Exception {
        StringBuilder facts = new StringBuilder("{ \"asOf\": \"2024-07-01\", \"tenant\": { \"id\": \"t\", \"homeGeo\": \"US\" }, \"licenses\": [");
        for (int i = 0; i < 5000; i++) {
            facts.append(i == 0 ? "" : ",").append("{\"id\":\"L").append(i)
                    .append("\",\"sku\":\"TRIAL\",\"purchasedOn\":\"2024-01-01\"}");
        }
        HttpResponse<String> r = Http.post(port, "/v1/decisions", facts.append("] }").toString());

        assertThat(r.statusCode()).isEqualTo(500);
        var body = new ObjectMapper().readTree(r.body());
        assertThat(body.path("error").asText()).isEqualTo("RULES_DID_NOT_SETTLE");
        assertThat(body.path("rules").get(0).asText()).startsWith("ENT-02 tick forever");
        // 200 + 20 per fact (application.properties) for 5,005 facts
        assertThat(body.path("message").asText()).contains("fired 100300 times");
    }

    @Test
    void aLoopingRulesetFailsEachBatchItemWith500NamingTheRule() throws Exception {
        String facts = "{ \"asOf\": \"2024-07-01\", \"tenant\": { \"id\": \"t\", \"homeGeo\": \"US\" } }";
        HttpResponse<String> r = Http.post(port, "/v1/decisions/batch", "[" + facts + ", " + facts + "]");

        assertThat(r.statusCode()).isEqualTo(200);
        var results = new ObjectMapper().readTree(r.body());
        assertThat(results.size()).isEqualTo(2);
        for (var result : results) {
            assertThat(result.path("status").asInt()).isEqualTo(500);
            assertThat(result.at("/error/error").asText()).isEqualTo("RULES_DID_NOT_SETTLE");
            assertThat(result.at("/error/rules/0").asText()).startsWith("ENT-02 tick forever");
        }
    }
}

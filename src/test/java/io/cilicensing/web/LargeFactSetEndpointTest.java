package io.cilicensing.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A large valid fact set over HTTP with the catalogue's rules and the default limits (the batch tests' context). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"rules.watch=false", "rules.gate=false", "decisions.log.enabled=false"})
class LargeFactSetEndpointTest {
    @LocalServerPort
    int port;

    @Test
    void fiveThousandTrialLicensesAreDecidedNotRefusedAsNotSettling() throws Exception {
        StringBuilder body = new StringBuilder("{\"asOf\":\"2024-07-01\",\"tenant\":{\"id\":\"t\",\"homeGeo\":\"US\"},\"licenses\":[");
        for (int i = 0; i < 5000; i++) {
            body.append(i == 0 ? "" : ",").append("{\"id\":\"L").append(i)
                    .append("\",\"sku\":\"TRIAL\",\"purchasedOn\":\"2024-01-01\"}");
        }
        HttpResponse<String> r = Http.post(port, "/v1/decisions", body.append("]}").toString());

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode report = new ObjectMapper().readTree(r.body());
        assertThat(report.at("/entitlements/trialEnvironments").asLong()).isEqualTo(5000);
    }
}

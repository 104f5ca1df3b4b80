package io.cilicensing.apidocs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cilicensing.facts.App;
import io.cilicensing.facts.Channel;
import io.cilicensing.facts.Cloud;
import io.cilicensing.facts.ContractExample;
import io.cilicensing.facts.EnvironmentType;
import io.cilicensing.facts.InteractionChannel;
import io.cilicensing.facts.LifecycleOperation;
import io.cilicensing.facts.Meter;
import io.cilicensing.facts.RequestType;
import io.cilicensing.facts.Sku;
import io.cilicensing.facts.Tier;
import io.cilicensing.facts.TransferMethod;
import io.cilicensing.facts.UninstallReason;
import io.cilicensing.report.Severity;
import io.cilicensing.web.Http;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"rules.watch=false", "rules.gate=false", "decisions.log.enabled=false"})
class OpenApiDocumentTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    private String document() throws Exception {
        HttpResponse<String> r = Http.get(port, "/v3/api-docs");
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    private static SwaggerParseResult parse(String document) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        return new OpenAPIV3Parser().readContents(document, null, options);
    }

    private OpenAPI openApi() throws Exception {
        SwaggerParseResult result = parse(document());
        assertThat(result.getMessages()).isEmpty();
        return result.getOpenAPI();
    }

    /** The value of a media type's example, following a reference to components.examples. */
    private static Object exampleValue(OpenAPI api, Operation op, String mediaType, String name) {
        Example example = op.getRequestBody().getContent().get(mediaType).getExamples().get(name);
        if (example.get$ref() != null) {
            String ref = example.get$ref();
            example = api.getComponents().getExamples().get(ref.substring(ref.lastIndexOf('/') + 1));
        }
        return example.getValue();
    }

    @Test
    void theServedDocumentParsesWithARealOpenApiParserWithoutErrors() throws Exception {
        String document = document();

        SwaggerParseResult result = parse(document);

        assertThat(result.getMessages()).isEmpty();
        assertThat(result.getOpenAPI().getOpenapi()).startsWith("3.");
        // the same parser does report a broken document, so the check above means something
        assertThat(parse(document.replace("\"#/components/schemas/ApiError\"", "\"#/components/schemas/Nowhere\""))
                .getMessages()).isNotEmpty();
    }

    @Test
    void theDecisionEndpointsAreDescribedWithTheirRequestsAnswersAndErrors() throws Exception {
        OpenAPI api = openApi();

        Operation decide = api.getPaths().get("/v1/decisions").getPost();
        assertThat(decide.getRequestBody().getContent().get("application/json").getSchema().get$ref())
                .endsWith("/FactSet");
        assertThat(decide.getResponses()).containsKeys("200", "400", "401", "413", "500", "503");
        assertThat(decide.getResponses().get("200").getContent().get("application/json").getSchema().get$ref())
                .endsWith("/DecisionReport");
        Operation batch = api.getPaths().get("/v1/decisions/batch").getPost();
        assertThat(batch.getRequestBody().getContent()).containsKeys("application/json", "application/x-ndjson");
        assertThat(batch.getResponses()).containsKeys("200", "400", "401", "413", "503");
        Map<String, Schema> schemas = api.getComponents().getSchemas();
        assertThat(schemas).containsKeys("FactSet", "Tenant", "License", "AddOn", "Environment", "Usage",
                "Interaction", "Request", "DecisionReport", "Finding", "Deadline", "ApiError", "Violation",
                "BatchResult");
        // one schema per request type, chosen by the discriminator "type"
        assertThat(schemas.get("Request").getOneOf()).hasSize(RequestType.values().length);
        assertThat(schemas.get("Request").getDiscriminator().getPropertyName()).isEqualTo("type");
        assertThat(schemas.get("DeployRequest").getRequired()).containsExactlyInAnyOrder("id", "type", "app");
        assertThat(schemas.get("DeployRequest").getAdditionalProperties()).isEqualTo(false);
        assertThat(schemas.get("FactSet").getAdditionalProperties()).isEqualTo(false);
        assertThat(schemas.get("FactSet").getRequired()).containsExactly("tenant");
        assertThat(schemas.get("ApiError").getProperties()).containsKeys("error", "message", "violations", "rules");
        assertThat(api.getComponents().getSecuritySchemes().get("apiKey").getName()).isEqualTo("X-API-Key");
    }

    @Test
    void theDocumentsExampleRequestIsContractMdsExampleAndTheServiceDecidesIt() throws Exception {
        OpenAPI api = openApi();
        Object example = exampleValue(api, api.getPaths().get("/v1/decisions").getPost(), "application/json",
                "contract");
        String body = Json.mapper().writeValueAsString(example);

        HttpResponse<String> r = Http.post(port, "/v1/decisions", body);

        assertThat(JSON.readTree(body)).isEqualTo(JSON.readTree(ContractExample.json()));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).path("tenantId").asText()).isEqualTo("contoso");
    }

    @Test
    void theBatchExampleIsDecidedToo() throws Exception {
        OpenAPI api = openApi();
        Object example = exampleValue(api, api.getPaths().get("/v1/decisions/batch").getPost(), "application/json",
                "contract");

        HttpResponse<String> r = Http.post(port, "/v1/decisions/batch", Json.mapper().writeValueAsString(example));

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode results = JSON.readTree(r.body());
        assertThat(results.size()).isEqualTo(1);
        assertThat(results.get(0).path("status").asInt()).isEqualTo(200);
    }

    @Test
    void theDocumentsEnumsAreTheValuesTheServiceAccepts() throws Exception {
        Map<String, Schema> s = openApi().getComponents().getSchemas();

        assertThat(values(s, "License", "sku")).isEqualTo(names(Stream.of(Sku.values()).filter(k -> !k.isAddOn())));
        assertThat(values(s, "AddOn", "sku")).isEqualTo(names(Stream.of(Sku.values()).filter(Sku::isAddOn)));
        assertThat(values(s, "AddOn", "tier")).isEqualTo(names(Arrays.stream(Tier.values())));
        assertThat(values(s, "Tenant", "cloud")).isEqualTo(names(Arrays.stream(Cloud.values())));
        assertThat(values(s, "License", "channel")).isEqualTo(names(Arrays.stream(Channel.values())));
        assertThat(((Schema<?>) s.get("Environment").getProperties().get("apps")).getItems().getEnum())
                .isEqualTo(names(Arrays.stream(App.values())));
        assertThat(values(s, "DeployRequest", "app")).isEqualTo(names(Arrays.stream(App.values())));
        assertThat(values(s, "Environment", "type")).isEqualTo(names(Arrays.stream(EnvironmentType.values())));
        assertThat(values(s, "Interaction", "channel")).isEqualTo(names(Arrays.stream(InteractionChannel.values())));
        assertThat(s.get("Request").getDiscriminator().getMapping().keySet())
                .containsExactlyElementsOf(names(Arrays.stream(RequestType.values())));
        assertThat(values(s, "CapacityChangeRequest", "meter")).isEqualTo(names(Arrays.stream(Meter.values())));
        assertThat(values(s, "UninstallRequest", "reason")).isEqualTo(names(Arrays.stream(UninstallReason.values())));
        assertThat(values(s, "LifecycleRequest", "operation"))
                .isEqualTo(names(Arrays.stream(LifecycleOperation.values())));
        assertThat(values(s, "DataTransferRequest", "method")).isEqualTo(names(Arrays.stream(TransferMethod.values())));
        assertThat(values(s, "StandaloneRenewalRequest", "sku")).isEqualTo(List.of("MARKETING_STANDALONE", "CI_STANDALONE"));
        assertThat(values(s, "Finding", "severity")).isEqualTo(names(Arrays.stream(Severity.values())));
    }

    @Test
    void applyRollbackAndTheHistoryAreDescribedWithTheirAccessAndErrors() throws Exception {
        OpenAPI api = openApi();

        Operation apply = api.getPaths().get("/v1/ruleset/apply").getPost();
        Operation rollback = api.getPaths().get("/v1/ruleset/rollback").getPost();
        assertThat(apply.getResponses()).containsKeys("200", "400", "401", "403", "409", "422");
        assertThat(apply.getSecurity().get(0)).containsKey("adminToken");
        assertThat(apply.getRequestBody().getContent().get("application/json").getSchema().get$ref()).endsWith("/ApplyRequest");
        assertThat(api.getComponents().getSchemas().get("ApplyRequest").getRequired())
                .containsExactlyInAnyOrder("files", "message", "baseVersion");
        assertThat(rollback.getResponses()).containsKeys("200", "400", "401", "403", "422");
        assertThat(rollback.getSecurity().get(0)).containsKey("adminToken");
        for (String open : List.of("/v1/ruleset/files", "/v1/ruleset/history", "/v1/ruleset/history/{version}")) {
            Operation get = api.getPaths().get(open).getGet();
            assertThat(get.getSecurity()).as(open).hasSize(1);
            assertThat(get.getSecurity().get(0)).as(open).isEmpty();
        }
        assertThat(api.getComponents().getSchemas().get("HistoryEntry").getProperties())
                .containsKeys("version", "time", "trigger", "who", "message", "filesChanged", "impactState", "impact");
    }

    @Test
    void swaggerUiIsServed() throws Exception {
        HttpResponse<String> r = Http.get(port, "/swagger-ui/index.html");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("swagger-ui");
    }

    private static List<?> values(Map<String, Schema> schemas, String schema, String property) {
        return ((Schema<?>) schemas.get(schema).getProperties().get(property)).getEnum();
    }

    private static List<String> names(Stream<? extends Enum<?>> values) {
        return values.map(Enum::name).toList();
    }
}

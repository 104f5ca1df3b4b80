package io.cilicensing.facts;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class FactSetReaderTest {
    private static final Instant NOW = Instant.parse("2024-07-01T12:34:56Z");
    private static final String TENANT = "'tenant': {'id': 'contoso', 'homeGeo': 'US'}";

    private final FactSetReader reader = new FactSetReader(100_000);

    // ---- helpers ----

    /** JSON written with single quotes, for readability. */
    private static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    /** A body with a valid tenant plus the given top-level members (single-quoted JSON). */
    private static String withTenant(String members) {
        return json("{" + TENANT + (members.isEmpty() ? "" : ", " + members) + "}");
    }

    private FactSet read(String body) {
        return reader.read(body.getBytes(StandardCharsets.UTF_8), NOW);
    }

    private static BadFactsException rejection(FactSetReader r, String body) {
        BadFactsException e = catchThrowableOfType(BadFactsException.class,
                () -> r.read(body.getBytes(StandardCharsets.UTF_8), NOW));
        assertThat(e).as("expected the body to be rejected: %s", body).isNotNull();
        return e;
    }

    private List<Violation> violations(String body) {
        BadFactsException e = rejection(reader, body);
        assertThat(e.error()).isEqualTo("INVALID_FACTS");
        return e.violations();
    }

    private List<String> paths(String body) {
        return violations(body).stream().map(Violation::path).toList();
    }

    /** The single violation of the body, which must be at {@code path}. */
    private Violation onlyViolation(String body, String path) {
        List<Violation> vs = violations(body);
        assertThat(vs).extracting(Violation::path).containsExactly(path);
        return vs.get(0);
    }

    private String malformedMessage(String body) {
        BadFactsException e = rejection(reader, body);
        assertThat(e.error()).isEqualTo("MALFORMED_JSON");
        assertThat(e.violations()).isEmpty();
        return e.getMessage();
    }

    // ---- the contract example ----

    private static final String CONTRACT_EXAMPLE = ContractExample.json();

    @Test
    void readsTheContractExample() {
        FactSet facts = read(CONTRACT_EXAMPLE);

        assertThat(facts.asOf()).isEqualTo(new AsOf(Instant.parse("2024-07-01T09:00:00Z"), LocalDate.of(2024, 7, 1)));
        assertThat(facts.asOfGiven()).isTrue();
        assertThat(facts.tenant()).isEqualTo(
                new Tenant("contoso", "US", Cloud.COMMERCIAL, false, false, null, null, false, null));

        assertThat(facts.licenses()).hasSize(1);
        License l1 = facts.licenses().get(0);
        assertThat(l1.getId()).isEqualTo("L1");
        assertThat(l1.getSku()).isEqualTo(Sku.CI_BASE);
        assertThat(l1.getQuantity()).isEqualTo(1);
        assertThat(l1.getPurchasedOn()).isEqualTo(Instant.parse("2023-10-02T00:00:00Z"));
        assertThat(l1.getEndsOn()).isNull();

        assertThat(facts.addOns()).hasSize(1);
        AddOn a1 = facts.addOns().get(0);
        assertThat(a1.getId()).isEqualTo("A1");
        assertThat(a1.getSku()).isEqualTo(Sku.INTERACTED_PEOPLE);
        assertThat(a1.getTier()).isEqualTo(Tier.T1);
        assertThat(a1.getPacks()).isEqualTo(2);
        assertThat(a1.getPeoplePerPack()).isEqualTo(5000);
        assertThat(a1.getPurchasedOn()).isEqualTo(Instant.parse("2024-01-10T00:00:00Z"));

        assertThat(facts.environments()).containsExactly(new Environment("E1", EnvironmentType.PRODUCTION, "US", true,
                EnumSet.of(App.JOURNEYS_REAL_TIME, App.DATA), false, null, null));
        assertThat(facts.usage()).isEqualTo(new UsageCounts(12000, 40000, 95000));
        assertThat(facts.interactions()).isNull();

        assertThat(facts.requests()).hasSize(1);
        assertThat(facts.requests().get(0)).isEqualTo(new StandaloneRenewal("R1", Sku.MARKETING_STANDALONE,
                LocalDate.of(2025, 6, 1), LocalDate.of(2027, 6, 30)));
        assertThat(facts.requests().get(0).type()).isEqualTo(RequestType.STANDALONE_RENEWAL);
    }

    // ---- MALFORMED_JSON ----

    @Test
    void malformedJsonReportsLineAndColumn() {
        assertThat(malformedMessage("{\n  \"tenant\": {\n    \"id\": }\n}"))
                .startsWith("line 3, column 11: Unexpected character ('}'");
        assertThat(malformedMessage("{\"tenant\": {\"id\": \"t\", \"homeGeo\": US}}"))
                .startsWith("line 1, column 35: Unrecognized token 'US'");
    }

    @Test
    void truncatedJsonIsMalformed() {
        assertThat(malformedMessage("{\"tenant\": {\"id\": \"a\"")).startsWith("line 1, column ");
    }

    @Test
    void emptyBodyIsMalformed() {
        assertThat(malformedMessage("")).isEqualTo("line 1, column 1: no content; expected a JSON object");
        assertThat(malformedMessage("  \n ")).startsWith("line 2, column ").endsWith("no content; expected a JSON object");
        assertThat(rejection(reader, "").error()).isEqualTo("MALFORMED_JSON");
        BadFactsException nullBody = catchThrowableOfType(BadFactsException.class, () -> reader.read(null, NOW));
        assertThat(nullBody.error()).isEqualTo("MALFORMED_JSON");
    }

    @Test
    void topLevelValueThatIsNotAnObjectIsMalformed() {
        assertThat(malformedMessage("[1, 2]"))
                .isEqualTo("line 1, column 1: the top-level value must be a JSON object, not an array");
        assertThat(malformedMessage("\n   42"))
                .isEqualTo("line 2, column 4: the top-level value must be a JSON object, not a number");
        assertThat(malformedMessage("\"text\"")).endsWith("not a string");
        assertThat(malformedMessage("null")).endsWith("not null");
    }

    @Test
    void duplicateKeyIsMalformed() {
        String message = malformedMessage("{\"tenant\": {\"id\": \"a\",\n \"id\": \"b\", \"homeGeo\": \"US\"}}");
        assertThat(message).startsWith("line 2, column ").contains("Duplicate field 'id'");
    }

    @Test
    void duplicateKeyInAnUnknownFieldOrInsideOneIsMalformed() {
        assertThat(malformedMessage(withTenant("'extra': 1,\n 'extra': 2"))).startsWith("line 2, column ")
                .contains("Duplicate field 'extra'");
        assertThat(malformedMessage(withTenant("'extra': [{'a': 1,\n 'a': 2}]"))).startsWith("line 2, column ")
                .contains("Duplicate field 'a'");
        assertThat(malformedMessage(withTenant("'licenses': [{'id': 'L1', 'sku': {'a': 1, 'a': 2}}]")))
                .contains("Duplicate field 'a'");
        assertThat(malformedMessage(withTenant("'licenses': [[{'a': 1, 'a': 2}]]"))).contains("Duplicate field 'a'");
    }

    @Test
    void contentAfterTheObjectIsMalformed() {
        assertThat(malformedMessage(withTenant("") + "\n {}"))
                .isEqualTo("line 2, column 2: unexpected content after the top-level object");
        assertThat(malformedMessage(withTenant("") + " x")).startsWith("line 1, column ");
    }

    // ---- TOO_LARGE ----

    private static String interactionRecords(int n) {
        StringBuilder sb = new StringBuilder("'interactions': [");
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ", ").append("{'personId': 'c-").append(i % 7)
                    .append("', 'date': '2024-06-0").append(1 + i % 9).append("', 'channel': 'EMAIL'}");
        }
        return sb.append(']').toString();
    }

    @Test
    void tooManyInteractionsIsTooLarge() {
        FactSetReader small = new FactSetReader(2);
        BadFactsException e = rejection(small, withTenant(interactionRecords(3)));
        assertThat(e.error()).isEqualTo("TOO_LARGE");
        assertThat(e.getMessage()).isEqualTo("interactions: more than the limit of 2 records");
        assertThat(e.violations()).isEmpty();

        assertThat(small.read(withTenant(interactionRecords(2)).getBytes(StandardCharsets.UTF_8), NOW)
                .interactions().size()).isEqualTo(2);
    }

    @Test
    void interactionCountIsCheckedBeforeAnyRecordOrFieldIsValidated() {
        FactSetReader small = new FactSetReader(1);
        String body = json("{'tenant': 5, 'interactions': [{'bad': 1}, {'bad': 2}]}");
        assertThat(rejection(small, body).error()).isEqualTo("TOO_LARGE");
    }

    @Test
    void readsOneHundredThousandInteractionRecordsAtTheDefaultLimit() {
        StringBuilder sb = new StringBuilder(9_000_000).append("{\"tenant\": {\"id\": \"t\", \"homeGeo\": \"US\"}, ")
                .append("\"environments\": [{\"id\": \"E1\", \"type\": \"PRODUCTION\"}], \"interactions\": [");
        for (int i = 0; i < 100_000; i++) {
            sb.append(i == 0 ? "" : ",\n").append("{\"personId\": \"contact-").append(i % 25_000)
                    .append("\", \"date\": \"2024-06-").append(String.format("%02d", 1 + i % 30))
                    .append("\", \"channel\": \"EMAIL\", \"environmentId\": \"E1\"}");
        }
        byte[] body = sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        assertThat(body.length).isGreaterThan(7_000_000);

        FactSet facts = reader.read(body, NOW);

        assertThat(facts.interactions().size()).isEqualTo(100_000);
        assertThat(facts.interactions().distinctPeopleBetween(LocalDate.of(2024, 5, 31), LocalDate.of(2024, 6, 30)))
                .isEqualTo(25_000);
    }

    // ---- INVALID_FACTS: every case of the contract's error table ----

    @Test
    void missingRequiredFieldsAreReportedAtTheirPaths() {
        assertThat(onlyViolation(json("{}"), "tenant").message()).isEqualTo("required");
        assertThat(paths(json("{'tenant': {}}"))).containsExactly("tenant.id", "tenant.homeGeo");
        assertThat(paths(withTenant("'licenses': [{}]")))
                .containsExactly("licenses[0].id", "licenses[0].sku", "licenses[0].purchasedOn");
        assertThat(paths(withTenant("'addOns': [{}]")))
                .containsExactly("addOns[0].id", "addOns[0].sku", "addOns[0].purchasedOn");
        assertThat(paths(withTenant("'environments': [{}]")))
                .containsExactly("environments[0].id", "environments[0].type");
        assertThat(paths(withTenant("'interactions': [{}]")))
                .containsExactly("interactions[0].personId", "interactions[0].date", "interactions[0].channel");
        assertThat(paths(withTenant("'requests': [{}]"))).containsExactly("requests[0].id", "requests[0].type");
        assertThat(violations(withTenant("'licenses': [{'id': 'L1', 'purchasedOn': '2024-01-01'}]")))
                .containsExactly(new Violation("licenses[0].sku", "required"));
    }

    @Test
    void nullForARequiredFieldIsMissing() {
        assertThat(onlyViolation(json("{'tenant': null}"), "tenant").message()).isEqualTo("required");
        assertThat(onlyViolation(json("{'tenant': {'id': null, 'homeGeo': 'US'}}"), "tenant.id").message())
                .isEqualTo("required");
    }

    @Test
    void nullForAnOptionalFieldIsAbsent() {
        FactSet facts = read(json("{'asOf': null, 'tenant': {'id': 't', 'homeGeo': 'US', 'cloud': null, "
                + "'multiGeo': null, 'smsProvider': null}, 'licenses': null, 'usage': null, 'interactions': null, "
                + "'environments': [{'id': 'E1', 'type': 'SANDBOX', 'geo': null, 'ceEnabled': null, 'apps': null, "
                + "'usage': null}]}"));
        assertThat(facts.asOfGiven()).isFalse();
        assertThat(facts.tenant().cloud()).isEqualTo(Cloud.COMMERCIAL);
        assertThat(facts.licenses()).isEmpty();
        assertThat(facts.usage()).isSameAs(UsageCounts.NONE);
        assertThat(facts.environments()).containsExactly(
                new Environment("E1", EnvironmentType.SANDBOX, "US", true, EnumSet.noneOf(App.class), false, null, null));
    }

    @Test
    void wrongTypesAreRejected() {
        String body = withTenant("'licenses': [{'id': 'L1', 'sku': 'CI_BASE', 'purchasedOn': '2024-01-01', "
                + "'quantity': '3', 'onTenant': 'true', 'inQuota': 1}, "
                + "{'id': 'L2', 'sku': 'CI_BASE', 'purchasedOn': '2024-01-01', 'quantity': 1.5}, "
                + "{'id': 'L3', 'sku': 'CI_BASE', 'purchasedOn': 20240101, 'quantity': 2.0}, "
                + "{'id': 7, 'sku': ['CI_BASE'], 'purchasedOn': '2024-01-01'}]");
        assertThat(violations(body)).containsExactly(
                new Violation("licenses[0].quantity", "must be an integer"),
                new Violation("licenses[0].onTenant", "must be a boolean"),
                new Violation("licenses[0].inQuota", "must be a boolean"),
                new Violation("licenses[1].quantity", "must be an integer"),
                new Violation("licenses[2].quantity", "must be an integer"),
                new Violation("licenses[2].purchasedOn", "must be a date (2024-07-01) or a date-time with offset"),
                new Violation("licenses[3].id", "must be a string"),
                new Violation("licenses[3].sku", "must be a string; expected one of: CI_BASE, CI_BASE_ATTACH, "
                        + "MARKETING_STANDALONE, CI_STANDALONE, MARKETING_INSTANCE_ADDON, TRIAL"));
    }

    @Test
    void wrongContainerTypesAreRejected() {
        assertThat(violations(json("{'tenant': 'contoso'}")))
                .containsExactly(new Violation("tenant", "must be an object"));
        assertThat(violations(withTenant("'licenses': {'id': 'L1'}, 'usage': [1], 'requests': 'R1'"))).containsExactly(
                new Violation("licenses", "must be an array"),
                new Violation("usage", "must be an object"),
                new Violation("requests", "must be an array"));
        assertThat(violations(withTenant("'environments': [1, null, {'id': 'E1', 'type': 'TRIAL', 'apps': 'DATA', "
                + "'usage': 3}]"))).containsExactly(
                new Violation("environments[0]", "must be an object"),
                new Violation("environments[1]", "must be an object"),
                new Violation("environments[2].apps", "must be an array"),
                new Violation("environments[2].usage", "must be an object"));
        assertThat(violations(withTenant("'interactions': ['x']")))
                .containsExactly(new Violation("interactions[0]", "must be an object"));
    }

    @Test
    void rejectsUnknownSku() {
        Violation v = onlyViolation(withTenant("'licenses': [{'id': 'L1', 'sku': 'FOO', 'purchasedOn': '2024-01-01'}]"),
                "licenses[0].sku");
        assertThat(v.message()).isEqualTo("unknown value 'FOO'; expected one of: CI_BASE, CI_BASE_ATTACH, "
                + "MARKETING_STANDALONE, CI_STANDALONE, MARKETING_INSTANCE_ADDON, TRIAL");
    }

    @Test
    void addOnSkuInLicensesAndLicenseSkuInAddOnsAreUnknownValues() {
        String body = withTenant("'licenses': [{'id': 'L1', 'sku': 'INTERACTED_PEOPLE', 'purchasedOn': '2024-01-01'}], "
                + "'addOns': [{'id': 'A1', 'sku': 'CI_BASE', 'purchasedOn': '2024-01-01'}]");
        assertThat(violations(body)).containsExactly(
                new Violation("licenses[0].sku", "unknown value 'INTERACTED_PEOPLE'; expected one of: CI_BASE, "
                        + "CI_BASE_ATTACH, MARKETING_STANDALONE, CI_STANDALONE, MARKETING_INSTANCE_ADDON, TRIAL"),
                new Violation("addOns[0].sku", "unknown value 'CI_BASE'; expected one of: INTERACTED_PEOPLE, "
                        + "UNIFIED_PEOPLE, ACTIVE_CONTACTS_LEGACY, SENDING_BURST_500K"));
    }

    @Test
    void enumValuesAreExactUpperCaseNames() {
        String body = withTenant("'licenses': [{'id': 'L1', 'sku': 'ci_base', 'purchasedOn': '2024-01-01', "
                + "'channel': 'Csp'}], 'environments': [{'id': 'E1', 'type': 'production '}]");
        assertThat(paths(body)).containsExactly("licenses[0].sku", "licenses[0].channel", "environments[0].type");
        assertThat(violations(json("{'tenant': {'id': 't', 'homeGeo': 'US', 'cloud': 'GCC'}}")).get(0).message())
                .isEqualTo("unknown value 'GCC'; expected one of: COMMERCIAL, US_GCC, US_GCC_HIGH, US_DOD, "
                        + "OTHER_SOVEREIGN");
    }

    @Test
    void unknownFieldPathIsTheUnknownKey() {
        String body = json("{'tenant': {'id': 't', 'homeGeo': 'US', 'multigeo': true}, 'extra': 1, "
                + "'licenses': [{'id': 'L1', 'sku': 'CI_BASE', 'purchasedOn': '2024-01-01', 'qty': 2}], "
                + "'addOns': [{'id': 'A1', 'sku': 'SENDING_BURST_500K', 'purchasedOn': '2024-01-01', 'size': 2}], "
                + "'environments': [{'id': 'E1', 'type': 'PRODUCTION', 'region': 'EU', "
                + "'usage': {'interactedPeople': 0, 'people': 3}}], "
                + "'usage': {'contacts': 1}, "
                + "'interactions': [{'personId': 'p', 'date': '2024-06-01', 'channel': 'SMS', 'env': 'E1'}], "
                + "'requests': [{'id': 'R1', 'type': 'MIGRATION', 'sourceGeo': 'US', 'targetGeo': 'EU', 'sku': 'TRIAL'}]}");
        assertThat(paths(body)).containsExactlyInAnyOrder("tenant.multigeo", "extra", "licenses[0].qty",
                "addOns[0].size", "environments[0].region", "environments[0].usage.people", "usage.contacts",
                "interactions[0].env", "requests[0].sku");
    }

    @Test
    void unknownFieldMessageListsTheExpectedFields() {
        Violation v = onlyViolation(json("{'tenant': {'id': 't', 'homeGeo': 'US', 'multigeo': true}}"), "tenant.multigeo");
        assertThat(v.message()).isEqualTo("unknown field; expected one of: id, homeGeo, cloud, multiGeo, "
                + "qualifyingDynamicsApps, outboundCustomerSince, agreementStart, smsEnabled, smsProvider");
    }

    @Test
    void negativeNumbersAreRejected() {
        String body = withTenant("'licenses': [{'id': 'L1', 'sku': 'MARKETING_STANDALONE', 'purchasedOn': '2024-01-01', "
                + "'quantity': 0, 'includedContacts': -1}], "
                + "'addOns': [{'id': 'A1', 'sku': 'UNIFIED_PEOPLE', 'purchasedOn': '2024-01-01', 'packs': -2, "
                + "'peoplePerPack': 0}], "
                + "'environments': [{'id': 'E1', 'type': 'PRODUCTION'}, {'id': 'E2', 'type': 'SANDBOX', "
                + "'usage': {'unifiedPeople': -5}}], "
                + "'usage': {'interactedPeople': -1}");
        assertThat(violations(body)).containsExactly(
                new Violation("licenses[0].quantity", "must be >= 1"),
                new Violation("licenses[0].includedContacts", "must be >= 0"),
                new Violation("addOns[0].packs", "must be >= 1"),
                new Violation("addOns[0].peoplePerPack", "must be >= 1"),
                new Violation("environments[1].usage.unifiedPeople", "must be >= 0"),
                new Violation("usage.interactedPeople", "must be >= 0"));
    }

    @Test
    void integersOutOfRangeAreRejected() {
        // Bounds of FactLimits (issue 15: every number has a range the policy can hold, so no sum overflows)
        String body = withTenant("'licenses': [{'id': 'L1', 'sku': 'CI_BASE', 'purchasedOn': '2024-01-01', "
                + "'quantity': 3000000000}], 'usage': {'unifiedPeople': 99999999999999999999}");
        assertThat(violations(body)).containsExactly(
                new Violation("licenses[0].quantity", "must be <= " + FactLimits.UNITS),
                new Violation("usage.unifiedPeople", "must be <= " + FactLimits.PEOPLE));
        assertThat(paths(withTenant("'addOns': [{'id': 'A1', 'sku': 'UNIFIED_PEOPLE', 'purchasedOn': '2024-01-01', "
                + "'packs': 1000001, 'peoplePerPack': 1000001}], 'usage': {'interactedPeople': 1000000000001}")))
                .containsExactly("addOns[0].packs", "addOns[0].peoplePerPack", "usage.interactedPeople");
        assertThat(read(withTenant("'addOns': [{'id': 'A1', 'sku': 'UNIFIED_PEOPLE', 'purchasedOn': '2024-01-01', "
                + "'packs': 1000000, 'peoplePerPack': 1000000}]")).addOns().get(0).getPeople())
                .isEqualTo(1_000_000_000_000L);
    }

    @Test
    void endsOnBeforePurchasedOnIsRejected() {
        Violation v = onlyViolation(withTenant("'licenses': [{'id': 'L1', 'sku': 'CI_BASE', "
                + "'purchasedOn': '2024-03-10', 'endsOn': '2024-03-09'}]"), "licenses[0].endsOn");
        assertThat(v.message()).isEqualTo("must not be before purchasedOn (2024-03-10)");
        assertThat(paths(withTenant("'addOns': [{'id': 'A1', 'sku': 'SENDING_BURST_500K', "
                + "'purchasedOn': '2024-03-10T08:00:00+02:00', 'endsOn': '2024-03-09'}]")))
                .containsExactly("addOns[0].endsOn");
    }

    @Test
    void endsOnComparesWithTheUtcDateOfPurchasedOn() {
        // 2024-03-10T01:00+05:00 is 2024-03-09T20:00Z: an end on 2024-03-09 is the same day, not before it.
        FactSet facts = read(withTenant("'licenses': [{'id': 'L1', 'sku': 'CI_BASE', "
                + "'purchasedOn': '2024-03-10T01:00:00+05:00', 'endsOn': '2024-03-09'}]"));
        assertThat(facts.licenses().get(0).getPurchasedOn()).isEqualTo(Instant.parse("2024-03-09T20:00:00Z"));
        assertThat(facts.licenses().get(0).getEndsOn()).isEqualTo(LocalDate.of(2024, 3, 9));
    }

    @Test
    void duplicateIdViolationIsOnTheLaterOccurrence() {
        String body = withTenant("'licenses': [{'id': 'X', 'sku': 'CI_BASE', 'purchasedOn': '2024-01-01'}, "
                + "{'id': 'X', 'sku': 'TRIAL', 'purchasedOn': '2024-01-01'}], "
                + "'addOns': [{'id': 'A', 'sku': 'SENDING_BURST_500K', 'purchasedOn': '2024-01-01'}], "
                + "'environments': [{'id': 'A', 'type': 'PRODUCTION'}], "
                + "'requests': [{'id': 'X', 'type': 'MIGRATION', 'sourceGeo': 'US', 'targetGeo': 'US'}, "
                + "{'id': 'A', 'type': 'MIGRATION', 'sourceGeo': 'US', 'targetGeo': 'US'}]");
        assertThat(violations(body)).containsExactly(
                new Violation("licenses[1].id", "duplicate id 'X'; already used at licenses[0].id"),
                new Violation("environments[0].id", "duplicate id 'A'; already used at addOns[0].id"),
                new Violation("requests[0].id", "duplicate id 'X'; already used at licenses[0].id"),
                new Violation("requests[1].id", "duplicate id 'A'; already used at addOns[0].id"));
    }

    @Test
    void emptyIdIsRejected() {
        assertThat(violations(withTenant("'environments': [{'id': '', 'type': 'PRODUCTION'}]")))
                .containsExactly(new Violation("environments[0].id", "must not be empty"));
    }

    @Test
    void danglingEnvironmentIdIsRejected() {
        String body = withTenant("'environments': [{'id': 'E1', 'type': 'PRODUCTION'}, {'id': 'E2', 'type': 'SANDBOX'}], "
                + "'interactions': [{'personId': 'p', 'date': '2024-06-01', 'channel': 'FORM', 'environmentId': 'E1'}, "
                + "{'personId': 'p', 'date': '2024-06-01', 'channel': 'FORM', 'environmentId': 'E3'}], "
                + "'requests': ["
                + "{'id': 'R1', 'type': 'UNINSTALL', 'environmentId': 'E9'}, "
                + "{'id': 'R2', 'type': 'SOLUTION_IMPORT', 'sourceEnvironmentId': 'E1', 'targetEnvironmentId': 'e2'}, "
                + "{'id': 'R3', 'type': 'LIFECYCLE', 'operation': 'COPY', 'sourceEnvironmentId': 'X', "
                + "'targetEnvironmentId': 'E2'}, "
                + "{'id': 'R4', 'type': 'DATA_TRANSFER', 'sourceEnvironmentId': 'E2', 'targetEnvironmentId': 'R1'}]");
        assertThat(violations(body)).containsExactly(
                new Violation("interactions[1].environmentId", "unknown environment 'E3'; expected one of: E1, E2"),
                new Violation("requests[0].environmentId", "unknown environment 'E9'; expected one of: E1, E2"),
                new Violation("requests[1].targetEnvironmentId", "unknown environment 'e2'; expected one of: E1, E2"),
                new Violation("requests[2].sourceEnvironmentId", "unknown environment 'X'; expected one of: E1, E2"),
                new Violation("requests[3].targetEnvironmentId", "unknown environment 'R1'; expected one of: E1, E2"));
    }

    @Test
    void environmentIdWithoutEnvironmentsIsDangling() {
        assertThat(onlyViolation(withTenant("'requests': [{'id': 'R1', 'type': 'UNINSTALL', 'environmentId': 'E1'}]"),
                "requests[0].environmentId").message())
                .isEqualTo("unknown environment 'E1'; the fact set has no environments");
    }

    @Test
    void countsAndRawInteractionsTogetherAreRejected() {
        String records = interactionRecords(1);
        Violation v = onlyViolation(withTenant("'usage': {'interactedPeople': 5}, " + records), "interactions");
        assertThat(v.message()).isEqualTo("give counts or raw interactions, not both");
        onlyViolation(withTenant("'usage': {'interactionsThisMonth': 1}, " + records), "interactions");
        onlyViolation(withTenant("'environments': [{'id': 'E1', 'type': 'PRODUCTION', "
                + "'usage': {'interactionsThisMonth': 7}}], " + records), "interactions");
    }

    @Test
    void countsWithInvalidRawInteractionsAreStillBothGiven() {
        assertThat(violations(withTenant("'usage': {'interactedPeople': 5}, 'interactions': [{'personId': 'p'}]")))
                .containsExactly(
                        new Violation("interactions[0].date", "required"),
                        new Violation("interactions[0].channel", "required"),
                        new Violation("interactions", "give counts or raw interactions, not both"));
    }

    @Test
    void zeroCountsOrUnifiedPeopleGoWithRawInteractions() {
        FactSet facts = read(withTenant("'usage': {'interactedPeople': 0, 'interactionsThisMonth': 0, "
                + "'unifiedPeople': 400}, 'environments': [{'id': 'E1', 'type': 'PRODUCTION', "
                + "'usage': {'unifiedPeople': 3}}], " + interactionRecords(3)));
        assertThat(facts.interactions().size()).isEqualTo(3);
        assertThat(facts.usage()).isEqualTo(new UsageCounts(0, 400, 0));
        // counts without any record are fine too
        assertThat(read(withTenant("'usage': {'interactedPeople': 5}, 'interactions': []")).interactions()).isNull();
    }

    @Test
    void listsEveryViolationNotJustTheFirst() {
        String body = json("{'asOf': 'yesterday', 'tenant': {'id': 'bad id!', 'homeGeo': '', 'cloud': 'AZURE'}, "
                + "'licenses': [{'id': 'L1', 'sku': 'CI_BASE', 'quantity': 0, 'purchasedOn': '2024-01-01'}], "
                + "'addOns': [{'id': 'L1', 'sku': 'INTERACTED_PEOPLE', 'purchasedOn': '2024-01-01'}], "
                + "'environments': [{'id': 'E1', 'type': 'PROD'}], "
                + "'requests': [{'id': 'R1', 'type': 'DEPLOY', 'app': 'CRM'}]}");
        assertThat(paths(body)).containsExactly("asOf", "tenant.id", "tenant.homeGeo", "tenant.cloud",
                "licenses[0].quantity", "addOns[0].id", "addOns[0].peoplePerPack", "environments[0].type",
                "requests[0].app");
    }

    @Test
    void aBodyWithTwentyFiveProblemsInAnyOrderGetsEveryOneInTheShapesOrder() {
        // members in the reverse of the shape's order; every kind of problem the reader finds
        String body = json("{'requests': [{'id': 'R1', 'type': 'DEPLOY', 'app': 'CRM'}, {'id': 'R2', 'type': 'SELL'}, "
                + "{'id': 'R3', 'type': 'UNINSTALL', 'environmentId': 'E9', 'app': 'DATA'}, "
                + "{'type': 'DEPLOY', 'id': 'R4', 'app': 'DATA', 'foo': 1}, "
                + "{'id': 'R5', 'type': 'CAPACITY_CHANGE', 'meter': 'UNIFIED_PEOPLE', 'delta': 0, 'effectiveOn': '2024-09-15'}], "
                + "'interactions': [{'personId': 'p1', 'date': '2024-02-30', 'channel': 'SMS', 'environmentId': 'E9'}], "
                + "'usage': {'interactedPeople': 5}, 'environments': [{'type': 'PROD', 'id': 'E1', 'apps': ['CRM']}, "
                + "'E2', {'id': 'E3', 'type': 'SANDBOX', 'usage': {'interactedPeople': -1}}], "
                + "'addOns': [{'id': 'L1', 'sku': 'INTERACTED_PEOPLE', 'purchasedOn': '2024-01-01'}, "
                + "{'id': 'A2', 'sku': 'UNIFIED_PEOPLE', 'packs': 'two', 'peoplePerPack': 5000, 'purchasedOn': '2024-01-01'}], "
                + "'licenses': [{'id': 'L1', 'sku': 'CI_BASE', 'quantity': 0, 'purchasedOn': '2024-01-01', 'endsOn': '2023-12-31'}, "
                + "{'id': 'L2', 'purchasedOn': '2024-01-01'}, "
                + "{'id': 'L3', 'sku': 'CI_BASE', 'purchasedOn': '2024-01-01', 'includedContacts': 10}], "
                + "'tenant': {'extra': 1, 'id': 'bad id!', 'homeGeo': '', 'cloud': 'AZURE'}, 'asOf': 'yesterday'}");
        assertThat(violations(body)).containsExactly(
                new Violation("asOf", "must be a date (2024-07-01) or a date-time with offset"),
                new Violation("tenant.extra", "unknown field; "
                        + "expected one of: id, homeGeo, cloud, multiGeo, qualifyingDynamicsApps, outboundCustomerSince, agreementStart, smsEnabled, smsProvider"),
                new Violation("tenant.id", "must be 1-128 characters of A-Za-z0-9._-"),
                new Violation("tenant.homeGeo", "must not be empty"),
                new Violation("tenant.cloud", "unknown value 'AZURE'; "
                        + "expected one of: COMMERCIAL, US_GCC, US_GCC_HIGH, US_DOD, OTHER_SOVEREIGN"),
                new Violation("licenses[0].quantity", "must be >= 1"),
                new Violation("licenses[0].endsOn", "must not be before purchasedOn (2024-01-01)"),
                new Violation("licenses[1].sku", "required"),
                new Violation("licenses[2].includedContacts", "allowed only with sku MARKETING_STANDALONE"),
                new Violation("addOns[0].id", "duplicate id 'L1'; already used at licenses[0].id"),
                new Violation("addOns[0].peoplePerPack", "required for sku INTERACTED_PEOPLE"),
                new Violation("addOns[1].packs", "must be an integer"),
                new Violation("environments[0].type", "unknown value 'PROD'; "
                        + "expected one of: PRODUCTION, SANDBOX, DEVELOPER, TRIAL"),
                new Violation("environments[0].apps[0]", "unknown value 'CRM'; "
                        + "expected one of: JOURNEYS_REAL_TIME, JOURNEYS_OUTBOUND, JOURNEYS_SOLUTION_ONLY, DATA"),
                new Violation("environments[1]", "must be an object"),
                new Violation("environments[2].usage.interactedPeople", "must be >= 0"),
                new Violation("interactions[0].date", "must be a date (2024-07-01) or a date-time with offset"),
                new Violation("interactions[0].environmentId", "unknown environment 'E9'; expected one of: E1, E3"),
                new Violation("interactions", "give counts or raw interactions, not both"),
                new Violation("requests[0].app", "unknown value 'CRM'; "
                        + "expected one of: JOURNEYS_REAL_TIME, JOURNEYS_OUTBOUND, JOURNEYS_SOLUTION_ONLY, DATA"),
                new Violation("requests[1].type", "unknown value 'SELL'; "
                        + "expected one of: PURCHASE, STANDALONE_RENEWAL, CAPACITY_CHANGE, MIGRATION, DEPLOY, SOLUTION_IMPORT, UNINSTALL, LIFECYCLE, DATA_TRANSFER"),
                new Violation("requests[2].app", "unknown field for type UNINSTALL; "
                        + "expected one of: id, type, environmentId, removeSolutions, reason"),
                new Violation("requests[2].environmentId", "unknown environment 'E9'; expected one of: E1, E3"),
                new Violation("requests[3].foo", "unknown field for type DEPLOY; "
                        + "expected one of: id, type, app, geo, environmentType, ceEnabled"),
                new Violation("requests[4].delta", "must not be 0"));
    }

    @Test
    void missingTenantStillValidatesEverythingElse() {
        String body = json("{'environments': [{'id': 'E1', 'type': 'PRODUCTION'}], "
                + "'requests': [{'id': 'R1', 'type': 'DEPLOY', 'app': 'DATA'}, {'id': 'R2', 'type': 'UNINSTALL', "
                + "'environmentId': 'E2'}]}");
        assertThat(paths(body)).containsExactly("tenant", "requests[1].environmentId");
    }

    // ---- tenant ----

    @Test
    void tenantIdMustBeOneTo128CharactersOfTheAllowedSet() {
        String ok = "aZ09._-".repeat(18) + "ab"; // 128 characters
        assertThat(read(json("{'tenant': {'id': '" + ok + "', 'homeGeo': 'US'}}")).tenant().id()).isEqualTo(ok);
        for (String bad : List.of("", "a b", "tenant/1", "é", ok + "c")) {
            assertThat(violations(json("{'tenant': {'id': '" + bad + "', 'homeGeo': 'US'}}")))
                    .as(bad)
                    .containsExactly(new Violation("tenant.id", "must be 1-128 characters of A-Za-z0-9._-"));
        }
    }

    @Test
    void homeGeoMustBeANonEmptyString() {
        assertThat(violations(json("{'tenant': {'id': 't', 'homeGeo': ''}}")))
                .containsExactly(new Violation("tenant.homeGeo", "must not be empty"));
        assertThat(violations(json("{'tenant': {'id': 't', 'homeGeo': 1}}")))
                .containsExactly(new Violation("tenant.homeGeo", "must be a string"));
    }

    @Test
    void readsEveryTenantField() {
        Tenant t = read(json("{'tenant': {'id': 't', 'homeGeo': 'Zz', 'cloud': 'US_GCC_HIGH', 'multiGeo': true, "
                + "'qualifyingDynamicsApps': true, 'outboundCustomerSince': '2020-05-01', "
                + "'agreementStart': '2024-02-29T23:00:00-05:00', 'smsEnabled': true, 'smsProvider': 'Acme'}}")).tenant();
        assertThat(t).isEqualTo(new Tenant("t", "ZZ", Cloud.US_GCC_HIGH, true, true, LocalDate.of(2020, 5, 1),
                LocalDate.of(2024, 3, 1), true, "Acme"));
    }

    // ---- geo, defaults, dates ----

    @Test
    void upperCasesGeoFields() {
        FactSet facts = read(json("{'tenant': {'id': 't', 'homeGeo': 'us'}, "
                + "'environments': [{'id': 'E1', 'type': 'PRODUCTION', 'geo': 'de'}, {'id': 'E2', 'type': 'SANDBOX'}], "
                + "'requests': [{'id': 'R1', 'type': 'DEPLOY', 'app': 'DATA', 'geo': 'fr'}, "
                + "{'id': 'R2', 'type': 'DEPLOY', 'app': 'DATA'}, "
                + "{'id': 'R3', 'type': 'MIGRATION', 'sourceGeo': 'eu', 'targetGeo': 'Uk'}]}"));
        assertThat(facts.tenant().homeGeo()).isEqualTo("US");
        assertThat(facts.environments()).extracting(Environment::geo).containsExactly("DE", "US");
        assertThat(((Deploy) facts.requests().get(0)).geo()).isEqualTo("FR");
        assertThat(((Deploy) facts.requests().get(1)).geo()).isEqualTo("US");
        assertThat(((Migration) facts.requests().get(2)).sourceGeo()).isEqualTo("EU");
        assertThat(((Migration) facts.requests().get(2)).targetGeo()).isEqualTo("UK");
    }

    @Test
    void appliesDefaults() {
        FactSet facts = read(withTenant("'licenses': [{'id': 'L1', 'sku': 'MARKETING_STANDALONE', 'purchasedOn': '2020-01-01'}], "
                + "'addOns': [{'id': 'A1', 'sku': 'SENDING_BURST_500K', 'purchasedOn': '2024-01-01'}], "
                + "'environments': [{'id': 'E1', 'type': 'DEVELOPER'}], "
                + "'requests': [{'id': 'R1', 'type': 'DEPLOY', 'app': 'JOURNEYS_OUTBOUND'}, "
                + "{'id': 'R2', 'type': 'UNINSTALL', 'environmentId': 'E1'}, "
                + "{'id': 'R3', 'type': 'DATA_TRANSFER', 'sourceEnvironmentId': 'E1', 'targetEnvironmentId': 'E1'}, "
                + "{'id': 'R4', 'type': 'PURCHASE', 'sku': 'CI_BASE', 'date': '2024-07-01'}, "
                + "{'id': 'R5', 'type': 'PURCHASE', 'sku': 'SENDING_BURST_500K', 'date': '2024-07-01'}]"));
        assertThat(facts.asOf()).isEqualTo(AsOf.of(NOW));
        assertThat(facts.asOfGiven()).isFalse();
        assertThat(facts.tenant()).isEqualTo(new Tenant("contoso", "US", Cloud.COMMERCIAL, false, false, null, null,
                false, null));

        License l = facts.licenses().get(0);
        assertThat(l.getQuantity()).isEqualTo(1);
        assertThat(l.getEndsOn()).isNull();
        assertThat(l.getChannel()).isEqualTo(Channel.WEB_DIRECT);
        assertThat(l.isOnTenant()).isTrue();
        assertThat(l.isInQuota()).isTrue();
        assertThat(l.getIncludedContacts()).isZero();
        assertThat(l.getIncludedProfiles()).isZero();

        AddOn a = facts.addOns().get(0);
        assertThat(a.getPacks()).isEqualTo(1);
        assertThat(a.getPeoplePerPack()).isZero();
        assertThat(a.getTier()).isNull();
        assertThat(a.getChannel()).isEqualTo(Channel.WEB_DIRECT);
        assertThat(a.isOnTenant()).isTrue();
        assertThat(a.isInQuota()).isTrue();

        assertThat(facts.environments()).containsExactly(new Environment("E1", EnvironmentType.DEVELOPER, "US", true,
                EnumSet.noneOf(App.class), false, null, null));
        assertThat(facts.usage()).isSameAs(UsageCounts.NONE);
        assertThat(facts.interactions()).isNull();

        Deploy deploy = (Deploy) facts.requests().get(0);
        assertThat(deploy.geo()).isEqualTo("US");
        assertThat(deploy.environmentType()).isEqualTo(EnvironmentType.PRODUCTION);
        assertThat(deploy.ceEnabled()).isTrue();
        Uninstall uninstall = (Uninstall) facts.requests().get(1);
        assertThat(uninstall.removeSolutions()).isFalse();
        assertThat(uninstall.reason()).isNull();
        DataTransfer transfer = (DataTransfer) facts.requests().get(2);
        assertThat(transfer.selective()).isFalse();
        assertThat(transfer.method()).isNull();
        // no invented defaults for quantity / packs of a PURCHASE
        assertThat(((Purchase) facts.requests().get(3)).quantity()).isNull();
        assertThat(((Purchase) facts.requests().get(4)).packs()).isNull();
        assertThat(((Purchase) facts.requests().get(4)).quantity()).isNull();
    }

    @Test
    void usageCountsDefaultToZero() {
        FactSet facts = read(withTenant("'usage': {'unifiedPeople': 9}, "
                + "'environments': [{'id': 'E1', 'type': 'PRODUCTION', 'usage': {}}]"));
        assertThat(facts.usage()).isEqualTo(new UsageCounts(0, 9, 0));
        assertThat(facts.environments().get(0).usage()).isEqualTo(new UsageCounts(0, 0, 0));
    }

    @Test
    void asOfAcceptsADateAsMidnightUtcOrADateTimeWithOffset() {
        FactSet date = read(json("{'asOf': '2025-03-01', " + TENANT + "}"));
        assertThat(date.asOf()).isEqualTo(new AsOf(Instant.parse("2025-03-01T00:00:00Z"), LocalDate.of(2025, 3, 1)));
        assertThat(date.asOfGiven()).isTrue();
        FactSet offset = read(json("{'asOf': '2025-03-01T01:30:00+02:00', " + TENANT + "}"));
        assertThat(offset.asOf()).isEqualTo(new AsOf(Instant.parse("2025-02-28T23:30:00Z"), LocalDate.of(2025, 2, 28)));
    }

    @Test
    void localDateFieldsTakeTheUtcDateOfADateTime() {
        FactSet facts = read(withTenant("'environments': [{'id': 'E1', 'type': 'PRODUCTION'}], "
                + "'interactions': [{'personId': 'p', 'date': '2024-06-30T22:00:00-03:00', 'channel': 'PUSH'}], "
                + "'requests': [{'id': 'R1', 'type': 'PURCHASE', 'sku': 'CI_BASE', 'date': '2024-07-01T23:59:59Z'}, "
                + "{'id': 'R2', 'type': 'CAPACITY_CHANGE', 'meter': 'UNIFIED_PEOPLE', 'delta': -5000, "
                + "'effectiveOn': '2025-01-01T00:30:00+01:00'}]"));
        assertThat(((Purchase) facts.requests().get(0)).date()).isEqualTo(LocalDate.of(2024, 7, 1));
        assertThat(((CapacityChange) facts.requests().get(1)).effectiveOn()).isEqualTo(LocalDate.of(2024, 12, 31));
        // the record is dated 2024-07-01 (UTC), so it counts on that day only
        assertThat(facts.interactions().countFromTo(LocalDate.of(2024, 7, 1), LocalDate.of(2024, 7, 1))).isEqualTo(1);
        assertThat(facts.interactions().countFromTo(LocalDate.of(2024, 6, 30), LocalDate.of(2024, 6, 30))).isZero();
    }

    @Test
    void rejectsDatesThatAreNeitherADateNorADateTimeWithOffset() {
        for (String bad : List.of("2024-07-01T09:00:00", "2024-02-30", "2023-02-29", "01/07/2024", "2024-7-1",
                "2024-07-01 09:00:00Z", "")) {
            assertThat(violations(json("{'asOf': '" + bad + "', " + TENANT + "}")))
                    .as(bad)
                    .containsExactly(new Violation("asOf", "must be a date (2024-07-01) or a date-time with offset"));
        }
        assertThat(read(json("{'asOf': '2024-02-29', " + TENANT + "}")).asOf().date()).isEqualTo(LocalDate.of(2024, 2, 29));
    }

    @Test
    void datesReadByHandAgreeWithJavaTimeOnEveryDayOfThirtyYearsAndRejectImpossibleOnes() {
        for (int round = 0; round < 2; round++) { // the second round reads dates kept from the first
            for (LocalDate d = LocalDate.of(1999, 12, 1); d.isBefore(LocalDate.of(2030, 1, 1)); d = d.plusDays(1)) {
                assertThat(FactBinder.parseDate(d.toString())).isEqualTo(d);
                assertThat(FactBinder.parseInstant(d + "T23:59:59Z")).isEqualTo(d.atTime(23, 59, 59).toInstant(ZoneOffset.UTC));
            }
            for (String impossible : List.of("2023-02-29", "2024-13-01", "2024-00-10", "2024-04-31", "2024-01-00", "2024-1a-01")) {
                assertThat(FactBinder.parseDate(impossible)).as(impossible).isNull();
            }
        }
        assertThat(FactBinder.parseInstant("2024-07-01T24:00:00Z")).isNull();
        assertThat(FactBinder.parseInstant("2024-07-01T09:00:60Z")).isNull();
    }

    // ---- licenses and add-ons ----

    @Test
    void readsEveryLicenseAndAddOnField() {
        FactSet facts = read(withTenant("'licenses': [{'id': 'L1', 'sku': 'MARKETING_STANDALONE', 'quantity': 3, "
                + "'purchasedOn': '2020-05-01T10:00:00Z', 'endsOn': '2025-04-30', 'channel': 'EA', 'onTenant': false, "
                + "'inQuota': false, 'includedContacts': 20000}, "
                + "{'id': 'L2', 'sku': 'CI_STANDALONE', 'purchasedOn': '2021-01-01', 'includedProfiles': 100000}], "
                + "'addOns': [{'id': 'A1', 'sku': 'ACTIVE_CONTACTS_LEGACY', 'packs': 4, 'peoplePerPack': 10000, "
                + "'purchasedOn': '2021-01-01', 'endsOn': '2021-12-31', 'channel': 'CSP', 'onTenant': false, "
                + "'inQuota': false}]"));
        License l1 = facts.licenses().get(0);
        assertThat(l1.getSku()).isEqualTo(Sku.MARKETING_STANDALONE);
        assertThat(l1.getQuantity()).isEqualTo(3);
        assertThat(l1.getPurchasedOn()).isEqualTo(Instant.parse("2020-05-01T10:00:00Z"));
        assertThat(l1.getEndsOn()).isEqualTo(LocalDate.of(2025, 4, 30));
        assertThat(l1.getChannel()).isEqualTo(Channel.EA);
        assertThat(l1.isOnTenant()).isFalse();
        assertThat(l1.isInQuota()).isFalse();
        assertThat(l1.getIncludedContacts()).isEqualTo(20000);
        assertThat(facts.licenses().get(1).getIncludedProfiles()).isEqualTo(100000);
        AddOn a1 = facts.addOns().get(0);
        assertThat(a1.getPeople()).isEqualTo(40000);
        assertThat(a1.getEndsOn()).isEqualTo(LocalDate.of(2021, 12, 31));
        assertThat(a1.getChannel()).isEqualTo(Channel.CSP);
        assertThat(a1.isOnTenant()).isFalse();
        assertThat(a1.isInQuota()).isFalse();
    }

    @Test
    void includedContactsAndProfilesOnlyOnTheirStandaloneSku() {
        String body = withTenant("'licenses': [{'id': 'L1', 'sku': 'CI_BASE', 'purchasedOn': '2024-01-01', "
                + "'includedContacts': 10, 'includedProfiles': 10}, "
                + "{'id': 'L2', 'sku': 'CI_STANDALONE', 'purchasedOn': '2020-01-01', 'includedContacts': 10}, "
                + "{'id': 'L3', 'sku': 'MARKETING_STANDALONE', 'purchasedOn': '2020-01-01', 'includedProfiles': 10}]");
        assertThat(violations(body)).containsExactly(
                new Violation("licenses[0].includedContacts", "allowed only with sku MARKETING_STANDALONE"),
                new Violation("licenses[0].includedProfiles", "allowed only with sku CI_STANDALONE"),
                new Violation("licenses[1].includedContacts", "allowed only with sku MARKETING_STANDALONE"),
                new Violation("licenses[2].includedProfiles", "allowed only with sku CI_STANDALONE"));
    }

    @Test
    void addOnTierOnlyWithInteractedPeople() {
        assertThat(violations(withTenant("'addOns': [{'id': 'A1', 'sku': 'UNIFIED_PEOPLE', 'tier': 'T2', "
                + "'peoplePerPack': 100, 'purchasedOn': '2024-01-01'}]")))
                .containsExactly(new Violation("addOns[0].tier", "allowed only with sku INTERACTED_PEOPLE"));
        assertThat(paths(withTenant("'addOns': [{'id': 'A1', 'sku': 'INTERACTED_PEOPLE', 'tier': 'T4', "
                + "'peoplePerPack': 100, 'purchasedOn': '2024-01-01'}]"))).containsExactly("addOns[0].tier");
    }

    @Test
    void peoplePerPackRequiredForPeopleAddOnsAndRejectedForSendingBurst() {
        String body = withTenant("'addOns': ["
                + "{'id': 'A1', 'sku': 'INTERACTED_PEOPLE', 'purchasedOn': '2024-01-01'}, "
                + "{'id': 'A2', 'sku': 'UNIFIED_PEOPLE', 'purchasedOn': '2024-01-01'}, "
                + "{'id': 'A3', 'sku': 'ACTIVE_CONTACTS_LEGACY', 'purchasedOn': '2024-01-01', 'peoplePerPack': null}, "
                + "{'id': 'A4', 'sku': 'SENDING_BURST_500K', 'purchasedOn': '2024-01-01', 'peoplePerPack': 1}]");
        assertThat(violations(body)).containsExactly(
                new Violation("addOns[0].peoplePerPack", "required for sku INTERACTED_PEOPLE"),
                new Violation("addOns[1].peoplePerPack", "required for sku UNIFIED_PEOPLE"),
                new Violation("addOns[2].peoplePerPack", "required for sku ACTIVE_CONTACTS_LEGACY"),
                new Violation("addOns[3].peoplePerPack",
                        "allowed only with sku INTERACTED_PEOPLE, UNIFIED_PEOPLE or ACTIVE_CONTACTS_LEGACY"));
    }

    // ---- environments ----

    @Test
    void readsEveryEnvironmentFieldAndCollapsesDuplicateApps() {
        FactSet facts = read(withTenant("'environments': [{'id': 'E1', 'type': 'TRIAL', 'geo': 'ca', 'ceEnabled': false, "
                + "'apps': ['DATA', 'JOURNEYS_OUTBOUND', 'DATA'], 'runsJourneys': true, 'journeysVersion': '1.2.3', "
                + "'usage': {'interactedPeople': 1, 'unifiedPeople': 2, 'interactionsThisMonth': 3}}]"));
        Environment e = facts.environments().get(0);
        assertThat(e).isEqualTo(new Environment("E1", EnvironmentType.TRIAL, "CA", false,
                EnumSet.of(App.DATA, App.JOURNEYS_OUTBOUND), true, "1.2.3", new UsageCounts(1, 2, 3)));
        assertThat(e.apps()).hasSize(2);
        assertThatThrownBy(() -> e.apps().add(App.JOURNEYS_REAL_TIME)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void unknownAppIsReportedAtItsIndex() {
        assertThat(violations(withTenant("'environments': [{'id': 'E1', 'type': 'PRODUCTION', "
                + "'apps': ['DATA', 'MARKETING', 3]}]"))).containsExactly(
                new Violation("environments[0].apps[1]", "unknown value 'MARKETING'; expected one of: "
                        + "JOURNEYS_REAL_TIME, JOURNEYS_OUTBOUND, JOURNEYS_SOLUTION_ONLY, DATA"),
                new Violation("environments[0].apps[2]", "must be a string; expected one of: "
                        + "JOURNEYS_REAL_TIME, JOURNEYS_OUTBOUND, JOURNEYS_SOLUTION_ONLY, DATA"));
    }

    // ---- interactions ----

    @Test
    void readsRawInteractionsIntoTheLog() {
        FactSet facts = read(withTenant("'environments': [{'id': 'E1', 'type': 'PRODUCTION'}], "
                + "'interactions': [{'personId': 'c-1', 'date': '2024-06-03', 'channel': 'EMAIL', 'environmentId': 'E1'}, "
                + "{'personId': 'c-1', 'date': '2024-06-04', 'channel': 'SMS'}, "
                + "{'personId': 'c-2', 'date': '2024-05-04', 'channel': 'EMAIL'}]"));
        InteractionLog log = facts.interactions();
        assertThat(log.size()).isEqualTo(3);
        assertThat(log.distinctPeopleBetween(LocalDate.of(2024, 6, 1), LocalDate.of(2024, 6, 30))).isEqualTo(1);
        assertThat(log.distinctPeopleBetween(LocalDate.of(2024, 5, 1), LocalDate.of(2024, 6, 30))).isEqualTo(2);
        assertThat(log.countFromTo(LocalDate.of(2024, 6, 1), LocalDate.of(2024, 6, 30), InteractionChannel.EMAIL))
                .isEqualTo(1);
    }

    @Test
    void invalidInteractionRecordsAreReportedAtTheirIndex() {
        String body = withTenant("'interactions': ["
                + "{'personId': 'c-1', 'date': '2024-06-03', 'channel': 'EMAIL'}, "
                + "{'personId': 'c-1', 'date': '2024-06-31', 'channel': 'LETTER'}, "
                + "{'personId': '', 'date': '2024-06-03', 'channel': 'email'}, "
                + "{'personId': 17, 'date': '2024-06-03', 'channel': 'ACS'}]");
        assertThat(violations(body)).containsExactly(
                new Violation("interactions[1].date", "must be a date (2024-07-01) or a date-time with offset"),
                new Violation("interactions[1].channel", "unknown value 'LETTER'; expected one of: "
                        + "EMAIL, SMS, PUSH, ACS, THIRD_PARTY, FORM, OTHER_INBOUND"),
                new Violation("interactions[2].personId", "must not be empty"),
                new Violation("interactions[2].channel", "unknown value 'email'; expected one of: "
                        + "EMAIL, SMS, PUSH, ACS, THIRD_PARTY, FORM, OTHER_INBOUND"),
                new Violation("interactions[3].personId", "must be a string"));
    }

    @Test
    void interactionsMustBeAnArrayOfObjects() {
        assertThat(violations(withTenant("'interactions': {'personId': 'p'}")))
                .containsExactly(new Violation("interactions", "must be an array"));
        assertThat(violations(withTenant("'interactions': [null, 3, [], {'personId': 'p', 'date': '2024-06-03', "
                + "'channel': 'EMAIL'}]"))).containsExactly(
                new Violation("interactions[0]", "must be an object"),
                new Violation("interactions[1]", "must be an object"),
                new Violation("interactions[2]", "must be an object"));
    }

    @Test
    void interactionFieldsOfTheWrongTypeAreRejected() {
        String body = withTenant("'environments': [{'id': 'E1', 'type': 'PRODUCTION'}], 'interactions': ["
                + "{'personId': ['p'], 'date': 20240603, 'channel': {'name': 'EMAIL'}, 'environmentId': 1, 'extra': {}}]");
        assertThat(violations(body)).containsExactly(
                new Violation("interactions[0].extra", "unknown field; expected one of: personId, date, channel, "
                        + "environmentId"),
                new Violation("interactions[0].personId", "must be a string"),
                new Violation("interactions[0].date", "must be a date (2024-07-01) or a date-time with offset"),
                new Violation("interactions[0].channel", "must be a string; expected one of: "
                        + "EMAIL, SMS, PUSH, ACS, THIRD_PARTY, FORM, OTHER_INBOUND"),
                new Violation("interactions[0].environmentId", "must be a string"));
    }

    @Test
    void duplicateKeyInAnInteractionRecordIsMalformed() {
        String body = json("{'tenant': {'id': 't', 'homeGeo': 'US'},\n'interactions': [{'personId': 'a', "
                + "'date': '2024-06-01', 'personId': 'b', 'channel': 'SMS'}]}");
        assertThat(malformedMessage(body)).startsWith("line 2, column ").contains("Duplicate field 'personId'");
    }

    @Test
    void duplicateInteractionsKeyIsMalformed() {
        assertThat(malformedMessage(withTenant("'interactions': [], 'interactions': []")))
                .contains("Duplicate field 'interactions'");
    }

    // ---- requests ----

    @Test
    void readsEveryRequestType() {
        FactSet facts = read(withTenant("'environments': [{'id': 'E1', 'type': 'PRODUCTION'}, {'id': 'E2', 'type': 'SANDBOX'}], "
                + "'requests': ["
                + "{'id': 'P1', 'type': 'PURCHASE', 'sku': 'INTERACTED_PEOPLE', 'date': '2024-07-01', 'packs': 2, "
                + "'peoplePerPack': 5000, 'tier': 'T3'}, "
                + "{'id': 'P2', 'type': 'PURCHASE', 'sku': 'CI_STANDALONE', 'date': '2023-01-01', 'quantity': 2, "
                + "'maturesOn': '2025-12-31'}, "
                + "{'id': 'S1', 'type': 'STANDALONE_RENEWAL', 'sku': 'CI_STANDALONE', 'contractedOn': '2025-06-01'}, "
                + "{'id': 'C1', 'type': 'CAPACITY_CHANGE', 'meter': 'INTERACTED_PEOPLE', 'delta': -10000, "
                + "'effectiveOn': '2025-02-01'}, "
                + "{'id': 'M1', 'type': 'MIGRATION', 'sourceGeo': 'US', 'targetGeo': 'EU'}, "
                + "{'id': 'D1', 'type': 'DEPLOY', 'app': 'JOURNEYS_SOLUTION_ONLY', 'geo': 'JP', "
                + "'environmentType': 'TRIAL', 'ceEnabled': false}, "
                + "{'id': 'I1', 'type': 'SOLUTION_IMPORT', 'sourceEnvironmentId': 'E1', 'targetEnvironmentId': 'E2'}, "
                + "{'id': 'U1', 'type': 'UNINSTALL', 'environmentId': 'E2', 'removeSolutions': true, "
                + "'reason': 'LICENSE_CHANGE'}, "
                + "{'id': 'LC1', 'type': 'LIFECYCLE', 'operation': 'RESTORE', 'sourceEnvironmentId': 'E2', "
                + "'targetEnvironmentId': 'E1'}, "
                + "{'id': 'T1', 'type': 'DATA_TRANSFER', 'sourceEnvironmentId': 'E1', 'targetEnvironmentId': 'E2', "
                + "'selective': true, 'method': 'LIFECYCLE'}]"));
        List<Request> r = facts.requests();
        assertThat(r).extracting(Request::type).containsExactly(RequestType.PURCHASE, RequestType.PURCHASE,
                RequestType.STANDALONE_RENEWAL, RequestType.CAPACITY_CHANGE, RequestType.MIGRATION, RequestType.DEPLOY,
                RequestType.SOLUTION_IMPORT, RequestType.UNINSTALL, RequestType.LIFECYCLE, RequestType.DATA_TRANSFER);

        Purchase p1 = (Purchase) r.get(0);
        assertThat(p1).isEqualTo(new Purchase("P1", Sku.INTERACTED_PEOPLE, LocalDate.of(2024, 7, 1),
                null, 2, 5000L, Tier.T3, null));
        Purchase p2 = (Purchase) r.get(1);
        assertThat(p2.quantity()).isEqualTo(2);
        assertThat(p2.maturesOn()).isEqualTo(LocalDate.of(2025, 12, 31));
        assertThat(((StandaloneRenewal) r.get(2)).contractedOn()).isEqualTo(LocalDate.of(2025, 6, 1));
        assertThat(((StandaloneRenewal) r.get(2)).maturesOn()).isNull();
        assertThat(((CapacityChange) r.get(3)).meter()).isEqualTo(Meter.INTERACTED_PEOPLE);
        assertThat(((CapacityChange) r.get(3)).delta()).isEqualTo(-10000L);
        assertThat(((CapacityChange) r.get(3)).effectiveOn()).isEqualTo(LocalDate.of(2025, 2, 1));
        Deploy d1 = (Deploy) r.get(5);
        assertThat(d1.app()).isEqualTo(App.JOURNEYS_SOLUTION_ONLY);
        assertThat(d1.geo()).isEqualTo("JP");
        assertThat(d1.environmentType()).isEqualTo(EnvironmentType.TRIAL);
        assertThat(d1.ceEnabled()).isFalse();
        assertThat(((SolutionImport) r.get(6)).sourceEnvironmentId()).isEqualTo("E1");
        assertThat(((SolutionImport) r.get(6)).targetEnvironmentId()).isEqualTo("E2");
        Uninstall u1 = (Uninstall) r.get(7);
        assertThat(u1.environmentId()).isEqualTo("E2");
        assertThat(u1.removeSolutions()).isTrue();
        assertThat(u1.reason()).isEqualTo(UninstallReason.LICENSE_CHANGE);
        assertThat(((Lifecycle) r.get(8)).operation()).isEqualTo(LifecycleOperation.RESTORE);
        assertThat(((Lifecycle) r.get(8)).sourceEnvironmentId()).isEqualTo("E2");
        DataTransfer t1 = (DataTransfer) r.get(9);
        assertThat(t1.selective()).isTrue();
        assertThat(t1.method()).isEqualTo(TransferMethod.LIFECYCLE);
    }

    @Test
    void requestFieldsDependOnTheType() {
        Violation v = onlyViolation(withTenant("'requests': [{'id': 'R1', 'type': 'MIGRATION', 'sourceGeo': 'US', "
                + "'targetGeo': 'US', 'sku': 'CI_BASE'}]"), "requests[0].sku");
        assertThat(v.message()).isEqualTo("unknown field for type MIGRATION; expected one of: id, type, sourceGeo, targetGeo");
        assertThat(paths(withTenant("'requests': [{'id': 'R1', 'type': 'STANDALONE_RENEWAL', 'sku': 'CI_STANDALONE', "
                + "'contractedOn': '2025-01-01', 'date': '2025-01-01', 'quantity': 1}]")))
                .containsExactly("requests[0].date", "requests[0].quantity");
    }

    @Test
    void missingOrUnknownRequestTypeSkipsTheFieldChecks() {
        assertThat(violations(withTenant("'requests': [{'id': 'R1', 'type': 'REFUND', 'amount': 5}, "
                + "{'id': 'R2', 'environmentId': 'nowhere'}]"))).containsExactly(
                new Violation("requests[0].type", "unknown value 'REFUND'; expected one of: PURCHASE, "
                        + "STANDALONE_RENEWAL, CAPACITY_CHANGE, MIGRATION, DEPLOY, SOLUTION_IMPORT, UNINSTALL, "
                        + "LIFECYCLE, DATA_TRANSFER"),
                new Violation("requests[1].type", "required"));
    }

    @Test
    void requiredRequestFieldsPerType() {
        String body = withTenant("'requests': ["
                + "{'id': 'R0', 'type': 'PURCHASE'}, "
                + "{'id': 'R1', 'type': 'STANDALONE_RENEWAL'}, "
                + "{'id': 'R2', 'type': 'CAPACITY_CHANGE'}, "
                + "{'id': 'R3', 'type': 'MIGRATION'}, "
                + "{'id': 'R4', 'type': 'DEPLOY'}, "
                + "{'id': 'R5', 'type': 'SOLUTION_IMPORT'}, "
                + "{'id': 'R6', 'type': 'UNINSTALL'}, "
                + "{'id': 'R7', 'type': 'LIFECYCLE'}, "
                + "{'id': 'R8', 'type': 'DATA_TRANSFER'}]");
        List<Violation> vs = violations(body);
        assertThat(vs).extracting(Violation::path).containsExactly(
                "requests[0].sku", "requests[0].date",
                "requests[1].sku", "requests[1].contractedOn",
                "requests[2].meter", "requests[2].delta", "requests[2].effectiveOn",
                "requests[3].sourceGeo", "requests[3].targetGeo",
                "requests[4].app",
                "requests[5].sourceEnvironmentId", "requests[5].targetEnvironmentId",
                "requests[6].environmentId",
                "requests[7].operation", "requests[7].sourceEnvironmentId", "requests[7].targetEnvironmentId",
                "requests[8].sourceEnvironmentId", "requests[8].targetEnvironmentId");
        assertThat(vs).extracting(Violation::message).containsOnly("required");
    }

    @Test
    void purchaseFieldsDependOnTheSku() {
        String body = withTenant("'requests': ["
                + "{'id': 'R0', 'type': 'PURCHASE', 'sku': 'UNIFIED_PEOPLE', 'date': '2024-07-01', 'quantity': 2, "
                + "'tier': 'T1', 'maturesOn': '2025-01-01'}, "
                + "{'id': 'R1', 'type': 'PURCHASE', 'sku': 'CI_BASE', 'date': '2024-07-01', 'packs': 2, "
                + "'peoplePerPack': 100}, "
                + "{'id': 'R2', 'type': 'PURCHASE', 'sku': 'INTERACTED_PEOPLE', 'date': '2024-07-01', 'packs': 0, "
                + "'peoplePerPack': 100}, "
                + "{'id': 'R3', 'type': 'PURCHASE', 'sku': 'MARKETING_STANDALONE', 'date': '2023-01-01', 'quantity': 0, "
                + "'maturesOn': 'soon'}]");
        assertThat(violations(body)).containsExactly(
                new Violation("requests[0].quantity", "allowed only with a license sku"),
                new Violation("requests[0].peoplePerPack", "required for sku UNIFIED_PEOPLE"),
                new Violation("requests[0].tier", "allowed only with sku INTERACTED_PEOPLE"),
                new Violation("requests[0].maturesOn", "allowed only with sku MARKETING_STANDALONE or CI_STANDALONE"),
                new Violation("requests[1].packs", "allowed only with an add-on sku"),
                new Violation("requests[1].peoplePerPack",
                        "allowed only with sku INTERACTED_PEOPLE, UNIFIED_PEOPLE or ACTIVE_CONTACTS_LEGACY"),
                new Violation("requests[2].packs", "must be >= 1"),
                new Violation("requests[3].quantity", "must be >= 1"),
                new Violation("requests[3].maturesOn", "must be a date (2024-07-01) or a date-time with offset"));
    }

    @Test
    void standaloneRenewalNeedsAStandaloneSku() {
        assertThat(violations(withTenant("'requests': [{'id': 'R1', 'type': 'STANDALONE_RENEWAL', 'sku': 'CI_BASE', "
                + "'contractedOn': '2025-06-01'}]"))).containsExactly(new Violation("requests[0].sku",
                "unknown value 'CI_BASE'; expected one of: MARKETING_STANDALONE, CI_STANDALONE"));
    }

    @Test
    void capacityChangeDeltaMustBeANonZeroInteger() {
        assertThat(violations(withTenant("'requests': ["
                + "{'id': 'R1', 'type': 'CAPACITY_CHANGE', 'meter': 'UNIFIED_PEOPLE', 'delta': 0, 'effectiveOn': '2025-01-01'}, "
                + "{'id': 'R2', 'type': 'CAPACITY_CHANGE', 'meter': 'CONTACTS', 'delta': 2.5, 'effectiveOn': '2025-01-01'}]")))
                .containsExactly(
                        new Violation("requests[0].delta", "must not be 0"),
                        new Violation("requests[1].meter", "unknown value 'CONTACTS'; expected one of: "
                                + "INTERACTED_PEOPLE, UNIFIED_PEOPLE"),
                        new Violation("requests[1].delta", "must be an integer"));
    }

    @Test
    void optionalRequestEnumsAreChecked() {
        assertThat(paths(withTenant("'environments': [{'id': 'E1', 'type': 'PRODUCTION'}], 'requests': ["
                + "{'id': 'R1', 'type': 'UNINSTALL', 'environmentId': 'E1', 'reason': 'BORED', 'removeSolutions': 'yes'}, "
                + "{'id': 'R2', 'type': 'DATA_TRANSFER', 'sourceEnvironmentId': 'E1', 'targetEnvironmentId': 'E1', "
                + "'method': 'FTP'}, "
                + "{'id': 'R3', 'type': 'DEPLOY', 'app': 'DATA', 'environmentType': 'QA'}, "
                + "{'id': 'R4', 'type': 'LIFECYCLE', 'operation': 'MOVE', 'sourceEnvironmentId': 'E1', "
                + "'targetEnvironmentId': 'E1'}]")))
                .containsExactly("requests[0].removeSolutions", "requests[0].reason", "requests[1].method",
                        "requests[2].environmentType", "requests[3].operation");
    }

    @Test
    void resultListsAreUnmodifiable() {
        FactSet facts = read(CONTRACT_EXAMPLE);
        assertThatThrownBy(() -> facts.licenses().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> facts.requests().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void rejectsNegativeInteractionLimit() {
        assertThatThrownBy(() -> new FactSetReader(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}

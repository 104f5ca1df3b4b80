package io.cilicensing.facts;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Turns a request body into a validated {@link FactSet}, or a {@link BadFactsException} listing
 * every problem (CONTRACT.md > Request, Errors).
 *
 * <ul>
 *   <li>Not JSON, empty, duplicate keys, or a top level that is not an object: MALFORMED_JSON,
 *       the message starting with {@code line L, column C: }.</li>
 *   <li>More interaction records than {@code maxInteractions}: TOO_LARGE, detected while parsing,
 *       before any record or field is validated.</li>
 *   <li>Otherwise every field is checked and every problem is listed (INVALID_FACTS), each at the
 *       path of the offending field in the request's own JSON ({@code licenses[0].quantity}).</li>
 * </ul>
 * Defaults of CONTRACT.md are applied and geo codes upper-cased. Syntax is {@link FactSetReaderBody}'s
 * job (it streams the interaction records); field access and checks are {@link JsonFields}'.
 * Thread-safe: one instance may serve every request.
 */
public final class FactSetReader {
    private static final List<Sku> ALL_SKUS = List.of(Sku.values());
    private static final List<Sku> LICENSE_SKUS = ALL_SKUS.stream().filter(s -> !s.isAddOn()).toList();
    private static final List<Sku> ADDON_SKUS = ALL_SKUS.stream().filter(Sku::isAddOn).toList();
    private static final List<Sku> STANDALONE_SKUS = List.of(Sku.MARKETING_STANDALONE, Sku.CI_STANDALONE);
    private static final List<Cloud> CLOUDS = List.of(Cloud.values());
    private static final List<Channel> CHANNELS = List.of(Channel.values());
    private static final List<Tier> TIERS = List.of(Tier.values());
    private static final List<EnvironmentType> ENVIRONMENT_TYPES = List.of(EnvironmentType.values());
    private static final List<App> APPS = List.of(App.values());
    private static final List<InteractionChannel> INTERACTION_CHANNELS = List.of(InteractionChannel.values());
    private static final List<RequestType> REQUEST_TYPES = List.of(RequestType.values());
    private static final List<Meter> METERS = List.of(Meter.values());
    private static final List<UninstallReason> UNINSTALL_REASONS = List.of(UninstallReason.values());
    private static final List<LifecycleOperation> OPERATIONS = List.of(LifecycleOperation.values());
    private static final List<TransferMethod> TRANSFER_METHODS = List.of(TransferMethod.values());

    private static final JsonFields.Allowed TOP_FIELDS = JsonFields.Allowed.of(
            "asOf", "tenant", "licenses", "addOns", "environments", "usage", "interactions", "requests");
    private static final JsonFields.Allowed TENANT_FIELDS = JsonFields.Allowed.of(
            "id", "homeGeo", "cloud", "multiGeo", "qualifyingDynamicsApps", "outboundCustomerSince",
            "agreementStart", "smsEnabled", "smsProvider");
    private static final JsonFields.Allowed LICENSE_FIELDS = JsonFields.Allowed.of(
            "id", "sku", "quantity", "purchasedOn", "endsOn", "channel", "onTenant", "inQuota",
            "includedContacts", "includedProfiles");
    private static final JsonFields.Allowed ADDON_FIELDS = JsonFields.Allowed.of(
            "id", "sku", "tier", "packs", "peoplePerPack", "purchasedOn", "endsOn", "channel", "onTenant", "inQuota");
    private static final JsonFields.Allowed ENVIRONMENT_FIELDS = JsonFields.Allowed.of(
            "id", "type", "geo", "ceEnabled", "apps", "runsJourneys", "journeysVersion", "usage");
    private static final JsonFields.Allowed USAGE_FIELDS = JsonFields.Allowed.of(
            "interactedPeople", "unifiedPeople", "interactionsThisMonth");
    private static final JsonFields.Allowed INTERACTION_FIELDS = JsonFields.Allowed.of(
            "personId", "date", "channel", "environmentId");
    private static final Map<RequestType, JsonFields.Allowed> REQUEST_FIELDS = requestFields();

    private static final String SKU_STANDALONE_ONLY = "allowed only with sku MARKETING_STANDALONE or CI_STANDALONE";
    private static final String SKU_PEOPLE_ONLY =
            "allowed only with sku INTERACTED_PEOPLE, UNIFIED_PEOPLE or ACTIVE_CONTACTS_LEGACY";
    private static final String SKU_INTERACTED_PEOPLE_ONLY = "allowed only with sku INTERACTED_PEOPLE";
    /** Home geo used for defaults while the tenant is missing or invalid (the body is rejected anyway). */
    private static final String FALLBACK_GEO = "";
    private static final int MAX_TENANT_ID = 128;
    private static final int MAX_LISTED_IDS = 20;

    private final int maxInteractions;
    private final ObjectMapper mapper;

    public FactSetReader(int maxInteractions) {
        if (maxInteractions < 0) {
            throw new IllegalArgumentException("maxInteractions must be >= 0: " + maxInteractions);
        }
        this.maxInteractions = maxInteractions;
        this.mapper = JsonMapper.builder()
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .build();
    }

    /**
     * @param now the instant used when the body has no {@code asOf}
     * @throws BadFactsException MALFORMED_JSON, TOO_LARGE or INVALID_FACTS (with every violation)
     */
    public FactSet read(byte[] body, Instant now) {
        Objects.requireNonNull(now, "now");
        FactSetReaderBody parsed = FactSetReaderBody.parse(mapper, body == null ? new byte[0] : body, maxInteractions);
        return new Pass(now).read(parsed);
    }

    private static Map<RequestType, JsonFields.Allowed> requestFields() {
        Map<RequestType, List<String>> own = new EnumMap<>(RequestType.class);
        own.put(RequestType.PURCHASE, List.of("sku", "date", "quantity", "packs", "peoplePerPack", "tier", "maturesOn"));
        own.put(RequestType.STANDALONE_RENEWAL, List.of("sku", "contractedOn", "maturesOn"));
        own.put(RequestType.CAPACITY_CHANGE, List.of("meter", "delta", "effectiveOn"));
        own.put(RequestType.MIGRATION, List.of("sourceGeo", "targetGeo"));
        own.put(RequestType.DEPLOY, List.of("app", "geo", "environmentType", "ceEnabled"));
        own.put(RequestType.SOLUTION_IMPORT, List.of("sourceEnvironmentId", "targetEnvironmentId"));
        own.put(RequestType.UNINSTALL, List.of("environmentId", "removeSolutions", "reason"));
        own.put(RequestType.LIFECYCLE, List.of("operation", "sourceEnvironmentId", "targetEnvironmentId"));
        own.put(RequestType.DATA_TRANSFER, List.of("sourceEnvironmentId", "targetEnvironmentId", "selective", "method"));
        Map<RequestType, JsonFields.Allowed> allowed = new EnumMap<>(RequestType.class);
        for (RequestType type : RequestType.values()) {
            List<String> names = new ArrayList<>(List.of("id", "type"));
            names.addAll(Objects.requireNonNull(own.get(type), type::name));
            allowed.put(type, JsonFields.Allowed.of("for type " + type, names));
        }
        return Collections.unmodifiableMap(allowed);
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }

    // ---- validation: one pass per body ----

    /** The state of reading one body: the violations so far, the ids seen, the environment ids. */
    private static final class Pass {
        private final Instant now;
        private final List<Violation> violations = new ArrayList<>();
        /** id -> path of its first occurrence, over licenses, addOns, environments and requests. */
        private final Map<String, String> ids = new HashMap<>();
        private final Set<String> environmentIds = new HashSet<>();
        private String environmentIdsExpected;
        private String homeGeo = FALLBACK_GEO;
        /** A non-zero interactedPeople or interactionsThisMonth in some usage object. */
        private boolean countsGiven;

        Pass(Instant now) {
            this.now = now;
        }

        FactSet read(FactSetReaderBody body) {
            JsonFields top = new JsonFields(body.root, "", violations);
            top.rejectUnknown(TOP_FIELDS);
            Instant asOf = top.instant("asOf", false);
            boolean asOfGiven = top.given("asOf");
            Tenant tenant = tenant(top.object("tenant", true));
            List<License> licenses = licenses(top.array("licenses"));
            List<AddOn> addOns = addOns(top.array("addOns"));
            List<Environment> environments = environments(top.array("environments"));
            JsonFields usageFields = top.object("usage", false);
            UsageCounts usage = usageFields == null ? UsageCounts.NONE : usage(usageFields);
            List<InteractionLog.Interaction> records;
            if (body.interactions != null) {
                records = interactions(body.interactions);
            } else {
                top.array("interactions"); // absent or null: no records; any other non-array: a violation
                records = List.of();
            }
            boolean recordsGiven = body.interactions != null && !body.interactions.isEmpty();
            if (recordsGiven && countsGiven) {
                violations.add(new Violation("interactions", "give counts or raw interactions, not both"));
            }
            List<Request> requests = requests(top.array("requests"));

            if (!violations.isEmpty()) {
                throw BadFactsException.invalid(violations);
            }
            return new FactSet(
                    AsOf.of(asOfGiven ? asOf : now),
                    asOfGiven,
                    tenant,
                    List.copyOf(licenses),
                    List.copyOf(addOns),
                    List.copyOf(environments),
                    usage,
                    records.isEmpty() ? null : InteractionLog.of(records),
                    List.copyOf(requests));
        }

        // ---- tenant ----

        private Tenant tenant(JsonFields f) {
            if (f == null) {
                return null;
            }
            int mark = f.violationCount();
            f.rejectUnknown(TENANT_FIELDS);
            String id = f.string("id", true);
            if (id != null && !isTenantId(id)) {
                f.violation("id", "must be 1-" + MAX_TENANT_ID + " characters of A-Za-z0-9._-");
            }
            String geo = f.geo("homeGeo", true);
            if (geo != null) {
                homeGeo = geo;
            }
            Cloud cloud = or(f.enumValue("cloud", false, CLOUDS), Cloud.COMMERCIAL);
            boolean multiGeo = or(f.bool("multiGeo"), false);
            boolean qualifying = or(f.bool("qualifyingDynamicsApps"), false);
            LocalDate outboundSince = f.date("outboundCustomerSince", false);
            LocalDate agreementStart = f.date("agreementStart", false);
            boolean smsEnabled = or(f.bool("smsEnabled"), false);
            String smsProvider = f.string("smsProvider", false);
            if (f.violationCount() != mark) {
                return null;
            }
            return new Tenant(id, geo, cloud, multiGeo, qualifying, outboundSince, agreementStart, smsEnabled,
                    smsProvider);
        }

        private static boolean isTenantId(String id) {
            int n = id.length();
            if (n < 1 || n > MAX_TENANT_ID) {
                return false;
            }
            for (int i = 0; i < n; i++) {
                char c = id.charAt(i);
                boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                        || c == '.' || c == '_' || c == '-';
                if (!ok) {
                    return false;
                }
            }
            return true;
        }

        // ---- ids ----

        /** A required non-empty id, unique over licenses, addOns, environments and requests. */
        private String id(JsonFields f) {
            String id = f.nonEmptyString("id", true);
            if (id != null) {
                String path = f.pathOf("id");
                String first = ids.putIfAbsent(id, path);
                if (first != null) {
                    f.violation("id", "duplicate id " + JsonFields.quote(id) + "; already used at " + first);
                }
            }
            return id;
        }

        /** The elements of a list that are objects; any other element is a violation at its index. */
        private List<JsonFields> elements(JsonNode array, String list) {
            if (array == null) {
                return List.of();
            }
            List<JsonFields> out = new ArrayList<>(array.size());
            for (int i = 0; i < array.size(); i++) {
                JsonNode element = array.get(i);
                if (element.isObject()) {
                    out.add(new JsonFields(element, list, i, violations));
                } else {
                    violations.add(new Violation(list + "[" + i + "]", "must be an object"));
                }
            }
            return out;
        }

        // ---- licenses and add-ons ----

        private List<License> licenses(JsonNode array) {
            List<License> out = new ArrayList<>();
            for (JsonFields f : elements(array, "licenses")) {
                int mark = f.violationCount();
                f.rejectUnknown(LICENSE_FIELDS);
                String id = id(f);
                Sku sku = f.enumValue("sku", true, LICENSE_SKUS);
                int quantity = or(f.intValue("quantity", false, 1), 1);
                Instant purchasedOn = f.instant("purchasedOn", true);
                LocalDate endsOn = endsOn(f, purchasedOn);
                Channel channel = or(f.enumValue("channel", false, CHANNELS), Channel.WEB_DIRECT);
                boolean onTenant = or(f.bool("onTenant"), true);
                boolean inQuota = or(f.bool("inQuota"), true);
                long contacts = 0;
                if (f.allowedOnlyIf("includedContacts", sku == null || sku == Sku.MARKETING_STANDALONE,
                        "allowed only with sku MARKETING_STANDALONE")) {
                    contacts = or(f.integer("includedContacts", false, 0, Long.MAX_VALUE), 0L);
                }
                long profiles = 0;
                if (f.allowedOnlyIf("includedProfiles", sku == null || sku == Sku.CI_STANDALONE,
                        "allowed only with sku CI_STANDALONE")) {
                    profiles = or(f.integer("includedProfiles", false, 0, Long.MAX_VALUE), 0L);
                }
                if (f.violationCount() == mark) {
                    out.add(new License(id, sku, quantity, purchasedOn, endsOn, channel, onTenant, inQuota,
                            contacts, profiles));
                }
            }
            return out;
        }

        private List<AddOn> addOns(JsonNode array) {
            List<AddOn> out = new ArrayList<>();
            for (JsonFields f : elements(array, "addOns")) {
                int mark = f.violationCount();
                f.rejectUnknown(ADDON_FIELDS);
                String id = id(f);
                Sku sku = f.enumValue("sku", true, ADDON_SKUS);
                Tier tier = null;
                if (f.allowedOnlyIf("tier", sku == null || sku == Sku.INTERACTED_PEOPLE, SKU_INTERACTED_PEOPLE_ONLY)) {
                    tier = f.enumValue("tier", false, TIERS);
                }
                int packs = or(f.intValue("packs", false, 1), 1);
                long peoplePerPack = 0;
                if (f.allowedOnlyIf("peoplePerPack", sku == null || sku.isPeopleAddOn(), SKU_PEOPLE_ONLY)) {
                    boolean required = sku != null && sku.isPeopleAddOn();
                    peoplePerPack = or(peoplePerPack(f, sku, required), 0L);
                }
                Instant purchasedOn = f.instant("purchasedOn", true);
                LocalDate endsOn = endsOn(f, purchasedOn);
                Channel channel = or(f.enumValue("channel", false, CHANNELS), Channel.WEB_DIRECT);
                boolean onTenant = or(f.bool("onTenant"), true);
                boolean inQuota = or(f.bool("inQuota"), true);
                if (f.violationCount() == mark) {
                    out.add(new AddOn(id, sku, tier, packs, peoplePerPack, purchasedOn, endsOn, channel, onTenant,
                            inQuota));
                }
            }
            return out;
        }

        /** {@code peoplePerPack} (>= 1); when required and absent, "required for sku X". */
        private Long peoplePerPack(JsonFields f, Sku sku, boolean required) {
            if (required && !f.given("peoplePerPack")) {
                f.violation("peoplePerPack", "required for sku " + sku);
                return null;
            }
            return f.integer("peoplePerPack", false, 1, Long.MAX_VALUE);
        }

        private LocalDate endsOn(JsonFields f, Instant purchasedOn) {
            LocalDate endsOn = f.date("endsOn", false);
            if (endsOn != null && purchasedOn != null) {
                LocalDate purchased = LocalDate.ofInstant(purchasedOn, ZoneOffset.UTC);
                if (endsOn.isBefore(purchased)) {
                    f.violation("endsOn", "must not be before purchasedOn (" + purchased + ")");
                }
            }
            return endsOn;
        }

        // ---- environments and usage ----

        private List<Environment> environments(JsonNode array) {
            List<Environment> out = new ArrayList<>();
            for (JsonFields f : elements(array, "environments")) {
                int mark = f.violationCount();
                f.rejectUnknown(ENVIRONMENT_FIELDS);
                String id = id(f);
                if (id != null) {
                    environmentIds.add(id);
                }
                EnvironmentType type = f.enumValue("type", true, ENVIRONMENT_TYPES);
                String geo = or(f.geo("geo", false), homeGeo);
                boolean ceEnabled = or(f.bool("ceEnabled"), true);
                Set<App> apps = apps(f);
                boolean runsJourneys = or(f.bool("runsJourneys"), false);
                String journeysVersion = f.string("journeysVersion", false);
                JsonFields usageFields = f.object("usage", false);
                UsageCounts usage = usageFields == null ? null : usage(usageFields);
                if (f.violationCount() == mark) {
                    out.add(new Environment(id, type, geo, ceEnabled, apps, runsJourneys, journeysVersion, usage));
                }
            }
            return out;
        }

        private Set<App> apps(JsonFields f) {
            JsonNode array = f.array("apps");
            EnumSet<App> apps = EnumSet.noneOf(App.class);
            if (array != null) {
                for (int i = 0; i < array.size(); i++) {
                    JsonNode v = array.get(i);
                    App app = JsonFields.enumOf(v, APPS);
                    if (app == null) {
                        violations.add(new Violation(f.pathOf("apps") + "[" + i + "]", JsonFields.enumMessage(v, APPS)));
                    } else {
                        apps.add(app);
                    }
                }
            }
            return Collections.unmodifiableSet(apps);
        }

        private UsageCounts usage(JsonFields f) {
            f.rejectUnknown(USAGE_FIELDS);
            long interacted = or(f.integer("interactedPeople", false, 0, Long.MAX_VALUE), 0L);
            long unified = or(f.integer("unifiedPeople", false, 0, Long.MAX_VALUE), 0L);
            long thisMonth = or(f.integer("interactionsThisMonth", false, 0, Long.MAX_VALUE), 0L);
            if (interacted != 0 || thisMonth != 0) {
                countsGiven = true;
            }
            return new UsageCounts(interacted, unified, thisMonth);
        }

        // ---- interactions ----

        private List<InteractionLog.Interaction> interactions(List<FactSetReaderBody.RawInteraction> raw) {
            List<InteractionLog.Interaction> out = new ArrayList<>(raw.size());
            for (int i = 0; i < raw.size(); i++) {
                FactSetReaderBody.RawInteraction r = raw.get(i);
                if (r.notAnObject) {
                    violations.add(new Violation("interactions[" + i + "]", "must be an object"));
                    continue;
                }
                int mark = violations.size();
                if (r.unknownFields != null) {
                    for (String name : r.unknownFields) {
                        recordViolation(i, name, INTERACTION_FIELDS.message());
                    }
                }
                String personId = null;
                if (r.personId instanceof String s && !s.isEmpty()) {
                    personId = s;
                } else {
                    recordViolation(i, "personId", r.personId == null ? "required"
                            : r.personId instanceof String ? "must not be empty" : "must be a string");
                }
                LocalDate date = r.date instanceof String s ? JsonFields.parseDate(s) : null;
                if (date == null) {
                    recordViolation(i, "date", r.date == null ? "required" : JsonFields.DATE_EXPECTED);
                }
                InteractionChannel channel = r.channel instanceof String s
                        ? JsonFields.enumNamed(s, INTERACTION_CHANNELS) : null;
                if (channel == null) {
                    recordViolation(i, "channel", r.channel == null ? "required"
                            : r.channel instanceof String s ? JsonFields.unknownValue(s, INTERACTION_CHANNELS)
                            : JsonFields.notAStringValue(INTERACTION_CHANNELS));
                }
                String environmentId = null;
                if (r.environmentId instanceof String s) {
                    if (environmentIds.contains(s)) {
                        environmentId = s;
                    } else {
                        recordViolation(i, "environmentId", unknownEnvironment(s));
                    }
                } else if (r.environmentId != null) {
                    recordViolation(i, "environmentId", "must be a string");
                }
                if (violations.size() == mark) {
                    out.add(new InteractionLog.Interaction(personId, date, channel, environmentId));
                }
            }
            return out;
        }

        private void recordViolation(int index, String field, String message) {
            violations.add(new Violation("interactions[" + index + "]." + field, message));
        }

        private String unknownEnvironment(String id) {
            return "unknown environment " + JsonFields.quote(id) + "; " + environmentIdsExpected();
        }

        /** An environment id that must name an environment of the fact set. */
        private String environmentRef(JsonFields f, String field, boolean required) {
            String id = f.string(field, required);
            if (id != null && !environmentIds.contains(id)) {
                f.violation(field, unknownEnvironment(id));
                return null;
            }
            return id;
        }

        private String environmentIdsExpected() {
            if (environmentIdsExpected == null) {
                if (environmentIds.isEmpty()) {
                    environmentIdsExpected = "the fact set has no environments";
                } else {
                    List<String> sorted = environmentIds.stream().sorted().limit(MAX_LISTED_IDS).toList();
                    environmentIdsExpected = "expected one of: " + String.join(", ", sorted)
                            + (environmentIds.size() > MAX_LISTED_IDS ? ", ..." : "");
                }
            }
            return environmentIdsExpected;
        }

        // ---- requests ----

        private List<Request> requests(JsonNode array) {
            List<Request> out = new ArrayList<>();
            for (JsonFields f : elements(array, "requests")) {
                int mark = f.violationCount();
                String id = id(f);
                RequestType type = f.enumValue("type", true, REQUEST_TYPES);
                if (type == null) {
                    continue; // which fields are allowed depends on the type: nothing more to check
                }
                f.rejectUnknown(REQUEST_FIELDS.get(type));
                Request request = request(f, id, type);
                if (f.violationCount() == mark) {
                    out.add(request);
                }
            }
            return out;
        }

        private Request request(JsonFields f, String id, RequestType type) {
            Sku sku = null;
            LocalDate date = null;
            Integer quantity = null;
            Integer packs = null;
            Long peoplePerPack = null;
            Tier tier = null;
            LocalDate maturesOn = null;
            LocalDate contractedOn = null;
            Meter meter = null;
            Long delta = null;
            LocalDate effectiveOn = null;
            String sourceGeo = null;
            String targetGeo = null;
            App app = null;
            String geo = null;
            EnvironmentType environmentType = null;
            Boolean ceEnabled = null;
            String sourceEnvironmentId = null;
            String targetEnvironmentId = null;
            String environmentId = null;
            Boolean removeSolutions = null;
            UninstallReason reason = null;
            LifecycleOperation operation = null;
            Boolean selective = null;
            TransferMethod method = null;

            switch (type) {
                case PURCHASE -> {
                    sku = f.enumValue("sku", true, ALL_SKUS);
                    date = f.date("date", true);
                    if (f.allowedOnlyIf("quantity", sku == null || !sku.isAddOn(), "allowed only with a license sku")) {
                        quantity = f.intValue("quantity", false, 1);
                    }
                    if (f.allowedOnlyIf("packs", sku == null || sku.isAddOn(), "allowed only with an add-on sku")) {
                        packs = f.intValue("packs", false, 1);
                    }
                    if (f.allowedOnlyIf("peoplePerPack", sku == null || sku.isPeopleAddOn(), SKU_PEOPLE_ONLY)) {
                        peoplePerPack = peoplePerPack(f, sku, sku != null && sku.isPeopleAddOn());
                    }
                    if (f.allowedOnlyIf("tier", sku == null || sku == Sku.INTERACTED_PEOPLE, SKU_INTERACTED_PEOPLE_ONLY)) {
                        tier = f.enumValue("tier", false, TIERS);
                    }
                    if (f.allowedOnlyIf("maturesOn", sku == null || STANDALONE_SKUS.contains(sku), SKU_STANDALONE_ONLY)) {
                        maturesOn = f.date("maturesOn", false);
                    }
                }
                case STANDALONE_RENEWAL -> {
                    sku = f.enumValue("sku", true, STANDALONE_SKUS);
                    contractedOn = f.date("contractedOn", true);
                    maturesOn = f.date("maturesOn", false);
                }
                case CAPACITY_CHANGE -> {
                    meter = f.enumValue("meter", true, METERS);
                    delta = f.integer("delta", true, Long.MIN_VALUE, Long.MAX_VALUE);
                    if (delta != null && delta == 0) {
                        f.violation("delta", "must not be 0");
                    }
                    effectiveOn = f.date("effectiveOn", true);
                }
                case MIGRATION -> {
                    sourceGeo = f.geo("sourceGeo", true);
                    targetGeo = f.geo("targetGeo", true);
                }
                case DEPLOY -> {
                    app = f.enumValue("app", true, APPS);
                    geo = or(f.geo("geo", false), homeGeo);
                    environmentType = or(f.enumValue("environmentType", false, ENVIRONMENT_TYPES),
                            EnvironmentType.PRODUCTION);
                    ceEnabled = or(f.bool("ceEnabled"), Boolean.TRUE);
                }
                case SOLUTION_IMPORT -> {
                    sourceEnvironmentId = environmentRef(f, "sourceEnvironmentId", true);
                    targetEnvironmentId = environmentRef(f, "targetEnvironmentId", true);
                }
                case UNINSTALL -> {
                    environmentId = environmentRef(f, "environmentId", true);
                    removeSolutions = or(f.bool("removeSolutions"), Boolean.FALSE);
                    reason = f.enumValue("reason", false, UNINSTALL_REASONS);
                }
                case LIFECYCLE -> {
                    operation = f.enumValue("operation", true, OPERATIONS);
                    sourceEnvironmentId = environmentRef(f, "sourceEnvironmentId", true);
                    targetEnvironmentId = environmentRef(f, "targetEnvironmentId", true);
                }
                case DATA_TRANSFER -> {
                    sourceEnvironmentId = environmentRef(f, "sourceEnvironmentId", true);
                    targetEnvironmentId = environmentRef(f, "targetEnvironmentId", true);
                    selective = or(f.bool("selective"), Boolean.FALSE);
                    method = f.enumValue("method", false, TRANSFER_METHODS);
                }
            }
            return new Request(id, type, sku, date, quantity, packs, peoplePerPack, tier, maturesOn, contractedOn,
                    meter, delta, effectiveOn, sourceGeo, targetGeo, app, geo, environmentType, ceEnabled,
                    sourceEnvironmentId, targetEnvironmentId, environmentId, removeSolutions, reason, operation,
                    selective, method);
        }
    }
}

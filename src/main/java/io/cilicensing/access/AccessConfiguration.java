package io.cilicensing.access;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cilicensing.web.ServerErrorsConfiguration;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * API keys for the decision endpoints: {@code decisions.api-keys} or the environment variable
 * {@code DECISIONS_API_KEYS}, comma-separated. Unset or blank, the endpoints are open (the
 * default). The admin endpoints keep their bearer token (AdminGuard); the actuator endpoints,
 * the ruleset description and the OpenAPI document stay open.
 */
@Configuration
public class AccessConfiguration {
    private static final Logger log = LoggerFactory.getLogger(AccessConfiguration.class);
    /** The decision endpoints: {@code /v1/decisions} and {@code /v1/decisions/batch}. */
    static final List<String> PROTECTED = List.of("/v1/decisions", "/v1/decisions/*");

    @Bean
    FilterRegistrationBean<ApiKeyFilter> apiKeyFilter(
            @Value("${decisions.api-keys:${DECISIONS_API_KEYS:}}") String keys, ObjectMapper json) throws IOException {
        List<String> parsed = ApiKeyFilter.parse(keys);
        FilterRegistrationBean<ApiKeyFilter> registration = new FilterRegistrationBean<>(new ApiKeyFilter(parsed, json));
        registration.setUrlPatterns(PROTECTED);
        registration.setName("apiKeyFilter");
        // before the other request checks (Content-Encoding): an unauthenticated caller learns nothing else
        registration.setOrder(ServerErrorsConfiguration.FILTER_ORDER_AFTER_API_KEYS - 1);
        if (parsed.isEmpty()) {
            log.info("decision endpoints open: no API keys configured (decisions.api-keys / DECISIONS_API_KEYS)");
        } else {
            log.info("decision endpoints need header {} ({} key(s) configured)", ApiKeyFilter.HEADER, parsed.size());
        }
        return registration;
    }
}

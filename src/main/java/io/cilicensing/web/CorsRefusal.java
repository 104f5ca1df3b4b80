package io.cilicensing.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.servlet.handler.AbstractHandlerMapping;

/**
 * The service allows no cross-origin requests (it configures no CORS): Spring refuses a
 * cross-origin preflight ({@code OPTIONS} with {@code Origin} and
 * {@code Access-Control-Request-Method}) and a cross-origin request whose origin is not allowed
 * with 403. Its refusal is the plain text "Invalid CORS request"; here it is the error JSON, 403
 * {@code CORS_REFUSED}, on every handler mapping (the endpoints, the actuator, static files).
 * Browsers read nothing of a refused preflight; this is for every other client, which gets the
 * documented shape like any other error.
 */
@Configuration
public class CorsRefusal {

    @Bean
    static BeanPostProcessor jsonCorsRefusal() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof AbstractHandlerMapping mapping) {
                    mapping.setCorsProcessor(new JsonCorsProcessor());
                }
                return bean;
            }
        };
    }

    /** Spring's CORS checks as they are; only the refusal's body differs. */
    static final class JsonCorsProcessor extends DefaultCorsProcessor {
        private static final byte[] REFUSAL;

        static {
            try {
                REFUSAL = new ObjectMapper().writeValueAsBytes(ApiError.of(ErrorCode.CORS_REFUSED,
                        "cross-origin requests are not served: this service allows no other origin (it sends no"
                                + " CORS headers); call it from a server, or from a page served by this service"));
            } catch (IOException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        @Override
        protected void rejectRequest(ServerHttpResponse response) throws IOException {
            response.setStatusCode(ErrorCode.CORS_REFUSED.status());
            response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
            response.getHeaders().setContentLength(REFUSAL.length);
            response.getBody().write(REFUSAL);
            response.flush();
        }
    }
}

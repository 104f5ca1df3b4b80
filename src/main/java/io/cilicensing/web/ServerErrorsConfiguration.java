package io.cilicensing.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcProperties;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * Every error the server itself answers is the error JSON too (README > Endpoints):
 * <ul>
 *   <li>Tomcat's error report (requests that never reach Spring: not valid HTTP, {@code %2f} in
 *       the path, a negative Content-Length, an unknown Transfer-Encoding) is
 *       {@link JsonErrorReportValve} instead of HTML;</li>
 *   <li>TRACE, which Tomcat would refuse itself with an empty 405, reaches Spring and is refused
 *       there like any other method an endpoint does not take (405 with Allow). It is never
 *       echoed: the dispatcher below does not fall back to the servlet's echo of the request;</li>
 *   <li>a Content-Encoding other than identity is refused ({@link ContentEncodingFilter});</li>
 *   <li>an error answered with a status alone (the actuator's 404 for a health component that does
 *       not exist) gets the error JSON ({@link ErrorBodyFilter}); a refused CORS request gets it
 *       too ({@link CorsRefusal}).</li>
 * </ul>
 */
@Configuration
public class ServerErrorsConfiguration {

    @Bean
    ServerErrorsCustomizer jsonServerErrors() {
        return new ServerErrorsCustomizer();
    }

    /** Runs after Spring Boot's own customizer, so its error report valve is there to replace. */
    static final class ServerErrorsCustomizer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {
        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addConnectorCustomizers(connector -> connector.setAllowTrace(true));
            factory.addContextCustomizers(context -> {
                // the host adds a valve of this class name at its start unless one is there
                if (context.getParent() instanceof StandardHost host) {
                    host.setErrorReportValveClass(JsonErrorReportValve.class.getName());
                }
                Pipeline pipeline = context.getParent().getPipeline();
                for (Valve valve : pipeline.getValves()) {
                    if (valve instanceof ErrorReportValve) {
                        pipeline.removeValve(valve);
                    }
                }
                pipeline.addValve(new JsonErrorReportValve());
            });
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }

    /** Spring Boot's dispatcher, configured as Boot would, except that TRACE is dispatched and never echoed. */
    @Bean(name = DispatcherServletAutoConfiguration.DEFAULT_DISPATCHER_SERVLET_BEAN_NAME)
    DispatcherServlet dispatcherServlet(WebMvcProperties mvc) {
        DispatcherServlet dispatcher = new TraceRefusingDispatcherServlet();
        dispatcher.setDispatchOptionsRequest(mvc.isDispatchOptionsRequest());
        dispatcher.setDispatchTraceRequest(true);
        dispatcher.setPublishEvents(mvc.isPublishRequestHandledEvents());
        dispatcher.setEnableLoggingRequestDetails(mvc.isLogRequestDetails());
        return dispatcher;
    }

    static final class TraceRefusingDispatcherServlet extends DispatcherServlet {
        @Override
        protected void doTrace(HttpServletRequest request, HttpServletResponse response)
                throws ServletException, IOException {
            processRequest(request, response);
        }
    }

    @Bean
    FilterRegistrationBean<ContentEncodingFilter> contentEncodingFilter(ObjectMapper json) throws IOException {
        FilterRegistrationBean<ContentEncodingFilter> registration = new FilterRegistrationBean<>(new ContentEncodingFilter(json));
        registration.setName("contentEncodingFilter");
        registration.addUrlPatterns("/*");
        // after the API key check (an unauthenticated caller learns nothing about the body rules)
        registration.setOrder(FILTER_ORDER_AFTER_API_KEYS);
        return registration;
    }

    /** Around every other filter, so whatever answers an error without a body, its answer gets one. */
    @Bean
    FilterRegistrationBean<ErrorBodyFilter> errorBodyFilter(ObjectMapper json) {
        FilterRegistrationBean<ErrorBodyFilter> registration = new FilterRegistrationBean<>(new ErrorBodyFilter(json));
        registration.setName("errorBodyFilter");
        registration.addUrlPatterns("/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /** The API key filter's order is {@code FILTER_ORDER_AFTER_API_KEYS - 1}. */
    public static final int FILTER_ORDER_AFTER_API_KEYS = 1;
}

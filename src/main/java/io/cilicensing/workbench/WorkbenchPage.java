package io.cilicensing.workbench;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The analyst workbench: a static page in the jar ({@code static/workbench/}: HTML, CSS and
 * JavaScript modules, nothing loaded from elsewhere) that talks to the service's own HTTP API.
 * {@code /} and {@code /workbench} redirect to {@code /workbench/}, which serves its index.
 */
@Configuration
public class WorkbenchPage implements WebMvcConfigurer {
    public static final String PATH = "/workbench/";

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/", PATH);
        registry.addRedirectViewController("/workbench", PATH);
        registry.addViewController(PATH).setViewName("forward:" + PATH + "index.html");
    }
}

package io.flowproof.functions.config;

import io.flowproof.functions.api.ApiRouter;
import io.flowproof.functions.api.DocsApi;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@code /openapi.json} and Swagger UI at {@code /docs}, served by the router like every other route. */
@Configuration(proxyBeanMethods = false)
public class DocsConfiguration {

    @Bean
    DocsApi docsApi(ObjectProvider<ApiRouter> router) {
        String version = DocsConfiguration.class.getPackage().getImplementationVersion();
        return new DocsApi(() -> router.getObject().routes(), version == null ? "dev" : version);
    }
}

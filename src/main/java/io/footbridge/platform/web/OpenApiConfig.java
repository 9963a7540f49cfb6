package io.footbridge.platform.web;

import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.jackson.TypeNameResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;

import java.util.Arrays;

/** Describes the API, its two ways of authenticating, and the problem-details errors every operation can answer. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    private static final String PROBLEM = "Problem";

    @Bean
    OpenAPI footbridgeOpenApi() {
        // bodies read as a JSON tree (events, patches) were described as the tree class's own getters
        // (array, double, null …): they are any JSON, checked by the endpoint
        SpringDocUtils.getConfig().replaceWithSchema(tools.jackson.databind.JsonNode.class,
                new Schema<Object>().description("any JSON, checked by the endpoint"));
        Schema<?> fieldError = new ObjectSchema()
                .addProperty("field", new StringSchema().description("JSON path of the field, e.g. address.country"))
                .addProperty("reason", new StringSchema());
        Schema<?> problem = new ObjectSchema()
                .description("RFC 9457 problem details")
                .addProperty("type", new StringSchema().format("uri").description("stable problem type"))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema().format("uri"))
                .addProperty("errors", new ArraySchema().items(fieldError));
        return new OpenAPI()
                .info(new Info().title("Footbridge API").version("v1")
                        .description("Capture → Connect → Convert → Continue → Measure. Staff authenticate with "
                                + "HTTP Basic, integrations with an API key as a Bearer token. Errors are RFC 9457 "
                                + "problem details (application/problem+json).")
                        .license(new License().name("Apache-2.0")))
                .components(new Components()
                        .addSchemas(PROBLEM, problem)
                        .addSecuritySchemes("basic", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic"))
                        .addSecuritySchemes("apiKey", new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").description("An API key secret (fbk_…)")))
                .addSecurityItem(new SecurityRequirement().addList("basic"))
                .addSecurityItem(new SecurityRequirement().addList("apiKey"));
    }

    /**
     * Names a nested type's schema after its enclosing types too ({@code ConsentService.WordingRequest} becomes
     * {@code ConsentServiceWordingRequest}): by simple name alone, two modules' {@code WordingRequest} or {@code Row}
     * were one schema, and operations were described with another module's fields. Top-level names are unique.
     * Springdoc puts this resolver in place of swagger's default one, behind springdoc's own converters.
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    ModelResolver qualifiedSchemaNames() {
        return new ModelResolver(Json.mapper(), new TypeNameResolver() {
            @Override
            protected String getNameOfClass(Class<?> type) {
                StringBuilder name = new StringBuilder(type.getSimpleName());
                for (Class<?> outer = type.getEnclosingClass(); outer != null; outer = outer.getEnclosingClass()) {
                    name.insert(0, outer.getSimpleName());
                }
                return name.toString();
            }
        });
    }

    /** Adds the errors that apply to an operation by its shape, so none is undocumented. */
    @Bean
    OperationCustomizer problemResponses() {
        return (operation, handler) -> {
            ApiResponses responses = operation.getResponses();
            boolean hasBody = Arrays.stream(handler.getMethodParameters())
                    .anyMatch(p -> p.hasParameterAnnotation(RequestBody.class));
            boolean hasPathId = Arrays.stream(handler.getMethodParameters())
                    .anyMatch(p -> p.hasParameterAnnotation(PathVariable.class));
            boolean hasParameters = handler.getMethodParameters().length > 0;
            if (hasBody || hasParameters) {
                add(responses, "400", "Invalid input: the errors name each field and why");
            }
            add(responses, "401", "No or invalid credentials");
            add(responses, "403", "The credentials lack the scope or store this needs");
            if (hasPathId) {
                add(responses, "404", "No such resource in your tenant");
            }
            if (hasBody) {
                add(responses, "409", "Conflicts with existing data (for example a duplicate code)");
                add(responses, "413", "Request body over the configured limit");
                add(responses, "415", "Content-Type is not application/json");
            }
            add(responses, "429", "Too many failed logins; retry after the Retry-After seconds");
            return operation;
        };
    }

    private static void add(ApiResponses responses, String code, String description) {
        if (!responses.containsKey(code)) {
            responses.addApiResponse(code, new ApiResponse().description(description).content(new Content()
                    .addMediaType("application/problem+json", new MediaType()
                            .schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)))));
        }
    }
}

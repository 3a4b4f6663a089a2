package io.federa.shared.internal;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
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
import java.util.LinkedHashMap;
import java.util.Map;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI 3.1 description of {@code /api/**} (springdoc, served at {@code /v3/api-docs} and
 * browsable at {@code /swagger-ui.html}): bearer tokens from Keycloak, and on every operation the
 * errors it can answer as {@code application/problem+json} (the advice in this package writes them).
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String PROBLEM = "Problem";
    static final String BEARER = "keycloak";

    /** The errors any API call can answer; an operation's own 2xx responses come from its signature. */
    static final Map<String, String> ERRORS = errors();

    private static Map<String, String> errors() {
        var e = new LinkedHashMap<String, String>();
        e.put("400", "Bad input (the detail says what; several problems under 'problems', fields under 'errors')");
        e.put("401", "No valid access token (the WWW-Authenticate header says why)");
        e.put("403", "Not allowed for this caller's roles or teams");
        e.put("404", "No such resource, or not one the caller may see");
        e.put("409", "Conflicts with the current state (e.g. a quota would be exceeded)");
        e.put("413", "The request body is larger than allowed");
        e.put("422", "Fields that are not valid (under 'errors')");
        e.put("429", "Too many requests from this caller; see Retry-After");
        e.put("500", "A failure on the portal's side, with an incident id");
        return e;
    }

    @Bean
    OpenAPI federaOpenApi() {
        Schema<?> problem = new ObjectSchema()
                .description("RFC 9457 problem details")
                .addProperty("type", new StringSchema().format("uri").example("urn:federa:problem:quota-exceeded"))
                .addProperty("title", new StringSchema().example("Conflict"))
                .addProperty("status", new IntegerSchema().example(409))
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema().format("uri"))
                .addProperty("problems", new io.swagger.v3.oas.models.media.ArraySchema().items(new StringSchema()))
                .addProperty(
                        "errors",
                        new io.swagger.v3.oas.models.media.ArraySchema()
                                .items(new ObjectSchema()
                                        .addProperty("field", new StringSchema())
                                        .addProperty("detail", new StringSchema())));
        problem.addRequiredItem("type")
                .addRequiredItem("title")
                .addRequiredItem("status")
                .addRequiredItem("detail");
        return new OpenAPI()
                .info(new Info()
                        .title("Federa REST API")
                        .version("1")
                        .description("Everything a person does in the portal, for scripts and CI. Authenticate with a "
                                + "Keycloak access token (client credentials of a team's service account, or the "
                                + "device flow of client federa-cli) as 'Authorization: Bearer'. Errors are "
                                + "application/problem+json. Rate limited per caller (429 + Retry-After)."))
                .components(new Components()
                        .addSchemas(PROBLEM, problem)
                        .addSecuritySchemes(
                                BEARER,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .bearerFormat("JWT")
                                        .description("A Keycloak access token whose audience includes federa-api")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    /** Describes the problem responses on every operation (the advice's handlers are not scanned). */
    @Bean
    OperationCustomizer problemResponses() {
        return (Operation operation, org.springframework.web.method.HandlerMethod handler) -> {
            ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
            ERRORS.forEach((code, description) -> {
                {
                    responses.addApiResponse(
                            code,
                            new ApiResponse()
                                    .description(description)
                                    .content(new Content()
                                            .addMediaType(
                                                    org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                                                    new MediaType()
                                                            .schema(new Schema<>()
                                                                    .$ref("#/components/schemas/" + PROBLEM)))));
                }
            });
            operation.setResponses(responses);
            return operation;
        };
    }
}

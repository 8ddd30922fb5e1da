using Microsoft.OpenApi;

namespace Cavra.Api.OpenApi;

/// <summary>
/// The OpenAPI document: XML comments of both assemblies describe every member, <see cref="Cavra.Core.OneOfAttribute"/>
/// lists allowed values, <see cref="IExample{T}"/> gives every request a body that works as it stands.
/// </summary>
public static class OpenApiDocumentation
{
    public static IServiceCollection AddCavraOpenApi(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "Cavra",
                Version = "v1",
                Description = "Provable communication around release rollback drills: notifications, acknowledgements, " +
                    "audit delivery and an append-only, hash-chained evidence store. Every request body has an example " +
                    "that passes validation as it stands; text fields are trimmed and optional unless marked required.",
            });
            options.IncludeXmlComments(Path.Combine(AppContext.BaseDirectory, "Cavra.Api.xml"));
            options.IncludeXmlComments(Path.Combine(AppContext.BaseDirectory, "Cavra.Core.xml"));

            options.SupportNonNullableReferenceTypes();
            // Lets a reference to another schema carry its own nullability (and description).
            options.UseAllOfToExtendReferenceSchemas();
            // Free-form JSON payloads are plain JSON in the document, not the .NET node types behind them.
            options.MapType<System.Text.Json.Nodes.JsonObject>(() => new OpenApiSchema { Type = JsonSchemaType.Object, AdditionalPropertiesAllowed = true });
            options.MapType<System.Text.Json.Nodes.JsonArray>(() => new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema() });
            options.MapType<System.Text.Json.Nodes.JsonNode>(() => new OpenApiSchema { Description = "Any JSON value." });
            options.SchemaFilter<OneOfSchemaFilter>();
            options.SchemaFilter<ExampleSchemaFilter>();
            options.SchemaFilter<DashboardSchemaFilter>();
            options.SchemaFilter<ProblemSchemaFilter>();
            options.ParameterFilter<PathParameterFilter>();
            options.OperationFilter<RequestBodyReferenceFilter>();
        });
        return services;
    }
}

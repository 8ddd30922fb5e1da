using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cavra.Api.Hosting;
using Cavra.Core;
using Cavra.Core.Notifications;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Cavra.Api.OpenApi;

/// <summary>A text member marked <see cref="OneOfAttribute"/> lists its allowed values as the schema's enum.</summary>
internal sealed class OneOfSchemaFilter : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        var allowed = context.MemberInfo?.GetCustomAttribute<OneOfAttribute>() ?? context.ParameterInfo?.GetCustomAttribute<OneOfAttribute>();
        if (allowed is null || schema is not OpenApiSchema concrete)
        {
            return;
        }

        // A list of values (verification_refs, notification_providers) constrains its elements.
        var target = concrete.Items as OpenApiSchema ?? concrete;
        target.Enum = [.. allowed.Values.Select(v => (JsonNode)JsonValue.Create(v))];
    }
}

/// <summary>The example of a type implementing <see cref="IExample{T}"/>, serialized with the service's JSON options.</summary>
internal sealed class ExampleSchemaFilter : ISchemaFilter
{
    private static readonly JsonSerializerOptions Json = CreateOptions();

    // Example type -> the static Example property that provides it.
    private static readonly Dictionary<Type, PropertyInfo> Providers = typeof(ExampleSchemaFilter).Assembly.GetTypes()
        .SelectMany(provider => provider.GetInterfaces()
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IExample<>))
            .Select(i => (Example: i.GetGenericArguments()[0], Property: provider.GetProperty(nameof(IExample<object>.Example), BindingFlags.Public | BindingFlags.Static)!)))
        .ToDictionary(p => p.Example, p => p.Property);

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        // The component schema carries the example; a request body refers to it.
        if (context.MemberInfo is null && context.ParameterInfo is null && schema is OpenApiSchema concrete && Providers.TryGetValue(context.Type, out var example))
        {
            // The document is OpenAPI 3.0, whose schemas carry one example (Examples is the 3.1 keyword).
#pragma warning disable CS0618
            concrete.Example = JsonSerializer.SerializeToNode(example.GetValue(null), context.Type, Json);
#pragma warning restore CS0618
        }
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        CavraHost.Configure(options);
        return options;
    }
}

/// <summary>
/// The dashboard returns its declared counters at the top level (JSON extension data): the schema lists each of
/// them, generated from <see cref="NotificationDashboard.Counters"/>, so a new counter appears without an edit here.
/// </summary>
internal sealed class DashboardSchemaFilter : ISchemaFilter
{
    // Derived from the counters in NotificationDashboard.BuildAsync rather than declared with them.
    private static readonly (string Field, OpenApiSchema Schema)[] Derived =
    [
        ("acknowledgement_audit_delivery_success_rate", new()
        {
            Type = JsonSchemaType.Number | JsonSchemaType.Null, Format = "double",
            Description = "acknowledgement_audit_delivery_success_count / acknowledgement_audit_delivery_count, rounded to 4 decimals; null before the first audit delivery.",
        }),
        ("acknowledgement_audit_delivery_providers", new()
        {
            Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String },
            Description = "Providers that acknowledgement audit deliveries were sent to.",
        }),
    ];

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (context.Type != typeof(History.DashboardResponse) || schema is not OpenApiSchema concrete)
        {
            return;
        }

        concrete.Properties ??= new Dictionary<string, IOpenApiSchema>();
        foreach (var counter in NotificationDashboard.Counters)
        {
            concrete.Properties.TryAdd(counter.Field, new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64", Description = Describe(counter) });
        }

        foreach (var (field, derived) in Derived)
        {
            concrete.Properties.TryAdd(field, derived);
        }

        // Each delivery stream's current health, with what is open and what settles it (one rule, StreamStatus).
        foreach (var stream in Cavra.Core.Retries.DeliveryStreams.All)
        {
            var prefix = stream.DashboardPrefix;
            concrete.Properties.TryAdd($"{prefix}_health", new OpenApiSchema
            {
                Type = JsonSchemaType.String, Enum = [.. ContractValues.AlertLevels.Select(v => (JsonNode)JsonValue.Create(v))],
                Description = $"What is open now in the {stream.Name} stream: critical if any open condition is critical, warning if any is open, else healthy.",
            });
            concrete.Properties.TryAdd($"{prefix}_health_reasons", new OpenApiSchema
            {
                Type = JsonSchemaType.Array, Items = context.SchemaGenerator.GenerateSchema(typeof(History.LevelReason), context.SchemaRepository),
                Description = $"The open conditions behind {prefix}_health, most severe first; empty when healthy.",
            });
            concrete.Properties.TryAdd($"{prefix}_health_next_action", new OpenApiSchema
            {
                AllOf = [context.SchemaGenerator.GenerateSchema(typeof(History.NextActionResponse), context.SchemaRepository)],
                Description = $"What settles the most severe open condition of {prefix}_health; null when healthy.",
            });
        }
    }

    /// <summary>What the counter measures, in words, from its filter.</summary>
    internal static string Describe(DashboardCounter counter)
    {
        var filter = counter.Filter;
        var records = filter.DeliverySources is { } sources
            ? sources.SequenceEqual(NotificationHistory.Scope.DeliverySources)
                ? "connector deliveries of the notification family (every source)"
                : $"connector deliveries from {string.Join(" or ", sources)}"
            : $"{string.Join(" or ", filter.Kinds ?? [])} records";
        var conditions = new List<string>();
        if (filter.DeliverySuccess is { } success)
        {
            conditions.Add(success ? "that succeeded" : "that failed");
        }

        if (filter.State is { } state)
        {
            conditions.Add($"in state {state}");
        }

        if (filter.States is { } states)
        {
            conditions.Add($"in state {string.Join(" or ", states)}");
        }

        if (filter.DryRun is { } dryRun)
        {
            conditions.Add(dryRun ? "that were dry runs" : "that were live runs");
        }

        var subject = string.Join(" ", [records, .. conditions]);
        var column = counter.Sum is { } sum ? JsonNamingPolicy.SnakeCaseLower.ConvertName(sum.ToString()) : null;
        return counter switch
        {
            { LatestOnly: true } => $"The {column} of the newest of the {subject}: what holds now.",
            { Sum: not null } => $"Sum of {column} over all {subject}.",
            _ => $"Exact count of all {subject}.",
        };
    }
}

/// <summary>ProblemDetails is a framework type: its members get their descriptions here.</summary>
internal sealed class ProblemSchemaFilter : ISchemaFilter
{
    private static readonly Dictionary<string, string> Descriptions = new(StringComparer.Ordinal)
    {
        ["type"] = "A URI reference identifying the problem type.",
        ["title"] = "Short summary of the problem type.",
        ["status"] = "The HTTP status code.",
        ["detail"] = "What went wrong with this request and how to fix it.",
        ["instance"] = "The request path the problem occurred on.",
        ["errors"] = "Validation errors: each invalid field (as a JSON path, e.g. routes[0].provider) with its messages.",
    };

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (!typeof(Microsoft.AspNetCore.Mvc.ProblemDetails).IsAssignableFrom(context.Type) || schema is not OpenApiSchema concrete)
        {
            return;
        }

        concrete.Description = "An RFC 9457 problem: every error answer of the service, with a trace_id for the logs.";
        foreach (var (name, property) in concrete.Properties ?? new Dictionary<string, IOpenApiSchema>())
        {
            if (property is OpenApiSchema described && Descriptions.TryGetValue(name, out var text))
            {
                described.Description = text;
            }
        }
    }
}

/// <summary>Path parameters are the same few ids everywhere: described, with an example, once.</summary>
internal sealed class PathParameterFilter : IParameterFilter
{
    private static readonly Dictionary<string, (string Description, string Example)> Parameters = new(StringComparer.Ordinal)
    {
        ["provider"] = ("A configured connector's name (see GET /console/config).", "webhook"),
        ["schedule_id"] = ("The drill schedule's schedule_id (the notification plan's schedule_id).", ExampleValues.ScheduleId),
        ["health_id"] = ("A worker health state's health_id (GET …/worker-health or a worker alert's event_id).", ExampleValues.HealthId),
        ["retry_plan_id"] = ("A stored audit retry plan's retry_plan_id (gordackretry-…), from Plan Audit Retry or a worker run.", ExampleValues.RetryPlanId),
        ["approval_plan_id"] = ("A stored approval plan's approval_plan_id (gordackretryapproval-…), from Plan Retry Approval.", ExampleValues.ApprovalPlanId),
        ["playbook_id"] = ("A stored recovery playbook's playbook_id (gordackrecovery-…), from Recovery Playbook.", ExampleValues.PlaybookId),
        ["plan_id"] = ("A stored recovery escalation plan's plan_id (gordackrecoveryesc-…), from Plan Recovery Escalation; Deliver also takes latest for a fresh plan.", ExampleValues.EscalationPlanId),
        ["run_id"] = ("A stored executive report schedule run's run_id (gordackexecsched-…), from Schedule Executive Report; Deliver also takes latest for the current window's run.", ExampleValues.ExecutiveRunId),
        ["session_id"] = ("A stored record's session_id (metadata.session_id of any response).", ExampleValues.ScheduleId),
    };

    public void Apply(IOpenApiParameter parameter, ParameterFilterContext context)
    {
        if (parameter is OpenApiParameter concrete && concrete.In == ParameterLocation.Path && Parameters.TryGetValue(concrete.Name ?? "", out var known))
        {
            concrete.Description ??= known.Description;
            concrete.Example ??= JsonValue.Create(known.Example);
        }
    }
}

/// <summary>
/// XML comments wrap a request body's reference in allOf to give it the type's summary; the body refers to its
/// component schema directly (which holds the summary and the example) and the summary describes the body.
/// </summary>
internal sealed class RequestBodyReferenceFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (operation.RequestBody is not OpenApiRequestBody body)
        {
            return;
        }

        foreach (var media in body.Content?.Values ?? [])
        {
            if (media is OpenApiMediaType { Schema: OpenApiSchema { AllOf: [OpenApiSchemaReference reference] } wrapper } concrete)
            {
                body.Description ??= wrapper.Description;
                concrete.Schema = reference;
            }
        }
    }
}

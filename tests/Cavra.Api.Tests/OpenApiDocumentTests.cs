using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cavra.Api.Tests.Infrastructure;

namespace Cavra.Api.Tests;

/// <summary>
/// The OpenAPI document teaches the API, checked over the whole document so a new route cannot skip it: every
/// operation, parameter and schema member is described; every request body has an example that matches its schema
/// and that the service accepts as it stands; responses list what they return; no .NET type leaks into it.
/// </summary>
public sealed partial class OpenApiDocumentTests : IAsyncLifetime, IAsyncDisposable
{
    private DocumentedService _service = null!;

    public async Task InitializeAsync() => _service = await DocumentedService.StartAsync();

    ValueTask IAsyncDisposable.DisposeAsync() => _service.DisposeAsync();

    public async Task DisposeAsync() => await _service.DisposeAsync();

    private JsonObject Schemas => _service.Document["components"]!["schemas"]!.AsObject();

    private IEnumerable<(string Method, string Path, JsonObject Operation)> Operations() =>
        _service.Document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject().Select(op => (op.Key, path.Key, op.Value!.AsObject())));

    [Fact]
    public void Every_operation_has_a_summary_a_tag_and_described_parameters()
    {
        var missing = new List<string>();
        var parameters = 0;
        foreach (var (method, path, operation) in Operations())
        {
            if (string.IsNullOrWhiteSpace((string?)operation["summary"]))
            {
                missing.Add($"{method} {path}: summary");
            }

            if (operation["tags"] is not JsonArray { Count: > 0 })
            {
                missing.Add($"{method} {path}: tag");
            }

            foreach (var parameter in operation["parameters"]?.AsArray() ?? [])
            {
                parameters++;
                if (string.IsNullOrWhiteSpace((string?)parameter!["description"]))
                {
                    missing.Add($"{method} {path}: parameter {parameter["name"]} ({parameter["in"]})");
                }
            }
        }

        Assert.True(parameters > 40, $"only {parameters} parameters");
        Assert.True(missing.Count == 0, "undescribed:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void Every_property_of_every_schema_is_described_and_no_dotnet_type_leaks()
    {
        var missing = new List<string>();
        foreach (var (name, schema) in Schemas)
        {
            if (!SchemaName().IsMatch(name) || LeakedTypeName().IsMatch(name))
            {
                missing.Add($"schema name {name} is a .NET type name");
            }

            foreach (var (property, definition) in schema!["properties"]?.AsObject() ?? [])
            {
                if (string.IsNullOrWhiteSpace((string?)definition!["description"]))
                {
                    missing.Add($"{name}.{property}: description");
                }

                if (property is "options" or "parent" or "root")
                {
                    missing.Add($"{name}.{property}: a .NET node type's member");
                }
            }
        }

        Assert.True(missing.Count == 0, string.Join("\n", missing));
    }

    [Fact]
    public void The_dashboard_schema_lists_every_declared_counter()
    {
        var properties = Schemas["DashboardResponse"]!["properties"]!.AsObject();
        foreach (var counter in Cavra.Core.Notifications.NotificationDashboard.Counters)
        {
            Assert.True(properties.ContainsKey(counter.Field), $"DashboardResponse lacks {counter.Field}");
            Assert.Equal("integer", (string?)properties[counter.Field]!["type"]);
        }
    }

    [Fact]
    public void State_fields_are_enums()
    {
        string[] Enum(JsonNode? schema) => [.. (Resolve(schema!.AsObject())["enum"]?.AsArray() ?? []).Select(v => (string)v!)];
        var schemas = Schemas;
        Assert.Equal(["acknowledged", "dismissed", "escalated", "resolved"], Enum(schemas["AcknowledgeRequest"]!["properties"]!["acknowledgement_state"]).Order());
        Assert.Contains("mitigated", Enum(schemas["RecoveryClosureRequest"]!["properties"]!["closure_state"]));
        Assert.Contains("denied", Enum(schemas["ApprovalDecisionRequest"]!["properties"]!["approval_state"]));
        Assert.Equal(["critical", "healthy", "warning"], Enum(schemas["DashboardResponse"]!["properties"]!["alert_level"]).Order());
        Assert.Equal(["fail", "pass"], Enum(schemas["DrillExecution"]!["properties"]!["status"]).Order());

        var history = _service.Document["paths"]!["/runtime/go-pilot/rollback-drill-notifications"]!["get"]!["parameters"]!.AsArray();
        Assert.Contains("go-backend-rollback-drill-notification-plan", Enum(history.First(p => (string?)p!["name"] == "metadata_kind")!["schema"]));
        var routes = _service.Document["paths"]!["/runtime/go-pilot/rollback-drill-notifications/routes"]!["get"]!["parameters"]!.AsArray();
        Assert.Equal(["deliver", "suppress"], Enum(routes.First(p => (string?)p!["name"] == "action")!["schema"]));
        Assert.Contains("owner_calendar", Enum(routes.First(p => (string?)p!["name"] == "category")!["schema"]));
    }

    [Fact]
    public void Recovery_responses_refer_to_their_typed_schemas()
    {
        JsonObject Response(string method, string suffix) => Resolve(Operations()
            .Single(o => o.Method == method && o.Path.EndsWith(suffix, StringComparison.Ordinal)).Operation
            ["responses"]!["200"]!["content"]!["application/json"]!["schema"]!.AsObject());
        JsonObject Properties(JsonObject schema) => schema["properties"]!.AsObject();

        // A member refers to its schema directly or, carrying its own description, through allOf.
        string? Reference(JsonNode? member) =>
            ((string?)member?["$ref"] ?? (string?)member?["allOf"]?[0]?["$ref"] ?? (string?)member?["items"]?["$ref"])?.Split('/')[^1];

        var reportResponse = Properties(Response("get", "/retry-recovery-report"));
        Assert.Equal("RetryRecoveryReport", Reference(reportResponse["report"]));
        var report = Properties(Schemas["RetryRecoveryReport"]!.AsObject());
        Assert.Equal("RetryRecoveryProviderSummary", Reference(report["provider_summary"]));
        Assert.Equal("RetryRecoveryRow", Reference(report["recovery_rows"]));
        Assert.Equal("RetryRecoveryClosureTrend", Reference(report["closure_trends"]));
        Assert.Equal("RetryRecoveryExecution", Reference(report["latest_executions"]));
        Assert.True((bool?)report["execution_success_rate"]!["nullable"], "execution_success_rate is null without executions");
        Assert.Equal("integer", (string?)report["execution_status_counts"]!["additionalProperties"]!["type"]);

        var row = Properties(Schemas["RetryRecoveryRow"]!.AsObject());
        foreach (var nullable in new[] { "age_minutes", "closure_id", "closed_at", "closure_minutes" })
        {
            Assert.True((bool?)row[nullable]!["nullable"], $"recovery_rows[].{nullable} is null in some states");
        }

        // A closure trend counts each closure state one by one: a new state needs its member.
        var trend = Properties(Schemas["RetryRecoveryClosureTrend"]!.AsObject());
        foreach (var state in Cavra.Core.Retries.ConnectorRecovery.ClosureStates)
        {
            Assert.True(trend.ContainsKey($"{state}_count"), $"closure_trends[] lacks {state}_count");
        }

        Assert.Equal("integer", (string?)trend["provider_counts"]!["additionalProperties"]!["type"]);

        var planResponse = Properties(Response("post", "/recovery-escalation-plan"));
        Assert.Equal("RecoveryEscalationPlan", Reference(planResponse["plan"]));
        Assert.Equal("RecoveryEscalationPlan", Reference(Properties(Response("post", "/recovery-escalations/{plan_id}/deliver"))["plan"]));
        var plan = Properties(Schemas["RecoveryEscalationPlan"]!.AsObject());
        Assert.Equal("RecoveryEscalationRoute", Reference(plan["escalation_routes"]));
        Assert.Equal("RecoveryEscalationSummary", Reference(plan["executive_summary"]));
        Assert.True((bool?)Schemas["RecoveryEscalationRoute"]!["properties"]!["age_minutes"]!["nullable"], "a retry-execution route has no age");
        Assert.True((bool?)Schemas["RecoveryEscalationSummary"]!["properties"]!["closure_rate"]!["nullable"], "closure_rate is null without recovery rows");
    }

    [Fact]
    public void Final_reporting_responses_refer_to_their_typed_schemas()
    {
        JsonObject Response(string method, string suffix) => Resolve(Operations()
            .Single(o => o.Method == method && o.Path.EndsWith(suffix, StringComparison.Ordinal)).Operation
            ["responses"]!["200"]!["content"]!["application/json"]!["schema"]!.AsObject());
        string? Reference(JsonNode? member) =>
            ((string?)member?["$ref"] ?? (string?)member?["allOf"]?[0]?["$ref"] ?? (string?)member?["items"]?["$ref"])?.Split('/')[^1];
        string[] Enum(JsonNode? schema) => [.. (Resolve(schema!.AsObject())["enum"]?.AsArray() ?? []).Select(v => (string)v!)];

        var closure = Response("get", "/final-reporting-closure-dashboard")["properties"]!.AsObject();
        Assert.Equal("ClosureOpenItem", Reference(closure["open_items"]));
        Assert.Equal("WorkerAlertDashboardResponse", Reference(closure["recovery_retry_health_alert"]));
        Assert.Equal(["closed", "open"], Enum(closure["closure_state"]).Order());

        var readiness = Response("get", "/final-reporting-release-readiness")["properties"]!.AsObject();
        Assert.Equal("ReleaseReadinessSummary", Reference(readiness["readiness"]));
        var summary = Schemas["ReleaseReadinessSummary"]!["properties"]!.AsObject();
        Assert.Equal("ReadinessCheck", Reference(summary["checks"]));
        Assert.Equal(["blocked", "ready"], Enum(summary["readiness_state"]).Order());
        Assert.Equal(["failed", "not_applicable", "passed"], Enum(Schemas["ReadinessCheck"]!["properties"]!["state"]).Order());

        var export = Response("post", "/final-reporting-operator-runbook-export")["properties"]!.AsObject();
        Assert.Equal("OperatorRunbookExport", Reference(export["runbook"]));
        Assert.Equal("ReleaseReadinessSummary", Reference(export["readiness"]));
        Assert.Equal("string", (string?)Schemas["OperatorRunbookExport"]!["properties"]!["markdown"]!["type"]);
    }

    [Fact]
    public void Alias_pairs_say_which_wins()
    {
        var policy = Schemas["RetryPolicyBody"]!["properties"]!;
        Assert.Contains("max_retry_attempts", (string?)policy["max_retries"]!["description"], StringComparison.Ordinal);
        Assert.Contains("wins over max_retries", (string?)policy["max_retry_attempts"]!["description"], StringComparison.OrdinalIgnoreCase);
        Assert.Contains("decided_by", (string?)Schemas["ApprovalDecisionRequest"]!["properties"]!["approved_by"]!["description"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_request_example_matches_its_schema_and_is_accepted_by_a_fresh_service()
    {
        var problems = new List<string>();
        var sent = 0;
        // The stored schedule first, as an operator would: the routes after it then work on it.
        foreach (var (method, path, operation) in Operations().OrderBy(o => o.Method == "put" ? 0 : 1))
        {
            if (operation["requestBody"]?["content"]?["application/json"]?["schema"] is not JsonObject bodySchema)
            {
                continue;
            }

            var schema = Resolve(bodySchema);
            if (schema["example"] is not JsonObject example)
            {
                problems.Add($"{method} {path}: no example");
                continue;
            }

            problems.AddRange(Mismatches(example, bodySchema, "").Select(m => $"{method} {path} example: {m}"));
            var url = Fill(path, operation);
            using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), new Uri(url, UriKind.Relative))
            {
                Content = new StringContent(example.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
            };
            using var response = await _service.Client.SendAsync(request);
            sent++;
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.NotFound))
            {
                problems.Add($"{method} {url} with its example -> {(int)response.StatusCode} {text}");
            }
            else if (response.StatusCode == HttpStatusCode.OK)
            {
                problems.AddRange(Undeclared(JsonNode.Parse(text)!, operation).Select(m => $"{method} {url} answered {m}"));
            }
        }

        Assert.True(sent > 15, $"only {sent} request bodies");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task Every_get_response_lists_what_it_returns()
    {
        var problems = new List<string>();
        foreach (var (method, path, operation) in Operations().Where(o => o.Method == "get" && !o.Path.Contains('{', StringComparison.Ordinal)))
        {
            using var response = await _service.Client.GetAsync(new Uri(path, UriKind.Relative));
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                problems.Add($"GET {path} -> {(int)response.StatusCode} {text}");
                continue;
            }

            problems.AddRange(Undeclared(JsonNode.Parse(text)!, operation).Select(m => $"GET {path} answered {m}"));
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>Top-level fields of a 200 answer that its response schema does not list.</summary>
    private IEnumerable<string> Undeclared(JsonNode body, JsonObject operation)
    {
        if (operation["responses"]?["200"]?["content"]?["application/json"]?["schema"] is not JsonObject declared || body is not JsonObject answer)
        {
            yield break;
        }

        var properties = Resolve(declared)["properties"]?.AsObject();
        foreach (var (key, _) in answer)
        {
            if (properties?.ContainsKey(key) != true)
            {
                yield return $"{key}, which its schema does not list";
            }
        }
    }

    /// <summary>A path with its parameters filled from their examples.</summary>
    private static string Fill(string path, JsonObject operation)
    {
        foreach (var parameter in operation["parameters"]?.AsArray() ?? [])
        {
            if ((string?)parameter!["in"] == "path")
            {
                var value = (string?)parameter["example"] ?? "example-id";
                path = path.Replace("{" + (string)parameter["name"]! + "}", Uri.EscapeDataString(value), StringComparison.Ordinal);
            }
        }

        return path;
    }

    /// <summary>Where a value does not fit its schema: unknown keys, wrong types, values outside an enum.</summary>
    private IEnumerable<string> Mismatches(JsonNode? value, JsonObject schema, string at)
    {
        var nullable = (bool?)schema["nullable"] == true;
        schema = Resolve(schema);
        nullable |= (bool?)schema["nullable"] == true;
        if (value is null)
        {
            if (!nullable && schema.Count > 0)
            {
                yield return $"{at} is null";
            }

            yield break;
        }

        var type = (string?)schema["type"];
        var kind = value.GetValueKind();
        var fits = type switch
        {
            "object" => kind == JsonValueKind.Object,
            "array" => kind == JsonValueKind.Array,
            "string" => kind == JsonValueKind.String,
            "boolean" => kind is JsonValueKind.True or JsonValueKind.False,
            "integer" => kind == JsonValueKind.Number && value.GetValue<double>() % 1 == 0,
            "number" => kind == JsonValueKind.Number,
            _ => true,
        };
        if (!fits)
        {
            yield return $"{at} is {kind}, the schema says {type}";
            yield break;
        }

        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
        {
            yield return $"{at} = {value.ToJsonString()} is not one of {allowed.ToJsonString()}";
        }

        if (value is JsonObject obj && schema["properties"] is JsonObject properties)
        {
            foreach (var (key, child) in obj)
            {
                var where = at.Length == 0 ? key : $"{at}.{key}";
                if (properties[key] is not JsonObject property)
                {
                    yield return $"{where} is not in the schema";
                    continue;
                }

                foreach (var mismatch in Mismatches(child, property, where))
                {
                    yield return mismatch;
                }
            }
        }

        if (value is JsonArray array && schema["items"] is JsonObject items)
        {
            for (var i = 0; i < array.Count; i++)
            {
                foreach (var mismatch in Mismatches(array[i], items, $"{at}[{i}]"))
                {
                    yield return mismatch;
                }
            }
        }
    }

    private JsonObject Resolve(JsonObject schema)
    {
        while (true)
        {
            if (schema["$ref"] is JsonValue reference)
            {
                schema = Schemas[((string)reference!).Split('/')[^1]]!.AsObject();
            }
            else if (schema["allOf"] is JsonArray { Count: > 0 } all)
            {
                schema = all[0]!.AsObject();
            }
            else
            {
                return schema;
            }
        }
    }

    [GeneratedRegex("^[A-Z][A-Za-z0-9]*$")]
    private static partial Regex SchemaName();

    // Framework and generic type names: what a schema is named when a .NET type, not a contract, reaches the document.
    [GeneratedRegex("Json|Nullable|Dictionary|List|Enumerable|KeyValuePair|Collection|Element|Node|Object$|^String|^Int|^Double|^Boolean|Task|Results")]
    private static partial Regex LeakedTypeName();
}

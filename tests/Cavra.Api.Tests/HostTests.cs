using System.Net;
using System.Text.Json.Nodes;
using Cavra.Api.Tests.Infrastructure;

namespace Cavra.Api.Tests;

public class HostTests
{
    [Fact]
    public async Task Health_and_readiness_answer()
    {
        await using var factory = new CavraApiFactory();
        var client = factory.CreateClient();
        var (health, body) = await client.GetJsonAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("""{"status":"ok","product":"CAVRA"}""", body.ToJsonString());

        var (ready, readiness) = await client.GetJsonAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("ready", (string?)readiness["status"]);
        Assert.Equal(0, (long?)readiness["record_count"]);
    }

    [Fact]
    public async Task Status_page_is_served_at_the_root_without_external_requests()
    {
        await using var factory = new CavraApiFactory();
        var client = factory.CreateClient();
        var page = await client.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Evidence chain", html, StringComparison.Ordinal);
        foreach (var asset in new[] { "/cavra.js", "/cavra.css" })
        {
            var response = await client.GetAsync(new Uri(asset, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            html += await response.Content.ReadAsStringAsync();
        }

        Assert.DoesNotMatch("(src|href)=\"https?://", html);
        Assert.DoesNotContain("fetch(\"http", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Swagger_document_has_tags_summaries_and_typed_schemas()
    {
        await using var factory = new CavraApiFactory();
        var (response, document) = await factory.CreateClient().GetJsonAsync("/swagger/v1/swagger.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paths = document["paths"]!.AsObject();
        foreach (var path in new[]
        {
            "/health", "/health/ready", "/console/config",
            "/runtime/go-pilot/rollback-drill-notifications/evidence/verify",
            "/runtime/go-pilot/rollback-drill-notifications/evidence/checkpoint",
            "/runtime/go-pilot/rollback-drill-notifications/evidence/checkpoint/verify",
            "/runtime/go-pilot/rollback-drill-notifications/evidence/{session_id}",
            "/connectors/{provider}/test-deliveries",
            "/runtime/go-pilot/rollback-drill-schedule", "/runtime/go-pilot/rollback-drills",
            "/runtime/go-pilot/rollback-drill-notifications", "/runtime/go-pilot/rollback-drill-notifications/dashboard",
            "/runtime/go-pilot/rollback-drill-notifications/deliver",
            "/runtime/go-pilot/rollback-drill-notifications/{schedule_id}/acknowledgements",
            "/runtime/go-pilot/rollback-drill-notifications/acknowledgements/bulk",
            "/runtime/go-pilot/rollback-drill-notifications/escalation-plan",
            "/runtime/go-pilot/rollback-drill-notifications/routes",
            "/runtime/go-pilot/rollback-drill-notifications/suppression-trends",
        })
        {
            Assert.True(paths.ContainsKey(path), $"swagger lacks {path}");
        }

        // The retry governance routes, each with a typed request body (POST) and a typed 200 response.
        const string A = "/runtime/go-pilot/rollback-drill-notifications/acknowledgements/audit-delivery";
        foreach (var (method, path) in new[]
        {
            ("post", "/retry-plan"), ("post", "/worker-run"), ("get", "/worker-runs"), ("get", "/worker-dashboard"), ("get", "/worker-health"),
            ("post", "/worker-health-alerts/deliver"), ("post", "/worker-health-alerts/{health_id}/acknowledgements"),
            ("get", "/worker-health-alerts"), ("get", "/worker-health-alert-dashboard"), ("post", "/retry-plans/{retry_plan_id}/acknowledgements"),
            ("post", "/retry-execution-approval-plan"), ("post", "/retry-execution-approval-plans/{approval_plan_id}/decisions"),
            ("post", "/connector-recovery-playbook"), ("post", "/connector-recovery-playbooks/{playbook_id}/closures"),
        })
        {
            var operation = paths[A + path]?[method];
            Assert.True(operation is not null, $"swagger lacks {method} {A}{path}");
            Assert.True(operation["responses"]!["200"]!["content"]!["application/json"]!["schema"]!["$ref"] is not null, $"{method} {path}: {operation["responses"]!["200"]!.ToJsonString()}");
            Assert.True(path.EndsWith("dashboard", StringComparison.Ordinal) || operation["responses"]!.AsObject().ContainsKey("400"), $"{method} {path} declares no 400");
            if (method == "post")
            {
                var body = operation["requestBody"]?["content"]?["application/json"]?["schema"];
                Assert.True((body?["$ref"] ?? body?["allOf"]?[0]?["$ref"]) is not null, $"{method} {path}: {operation.ToJsonString()}");
            }
        }

        // Every operation of every route family has a summary, a tag and a declared success response.
        foreach (var (path, item) in paths)
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                Assert.False(string.IsNullOrWhiteSpace((string?)operation!["summary"]), $"{method} {path} has no summary");
                Assert.NotEmpty(operation["tags"]!.AsArray());
                Assert.True(operation["responses"]!.AsObject().ContainsKey("200"), $"{method} {path} declares no 200");
            }
        }

        var recordResponses = paths["/runtime/go-pilot/rollback-drill-notifications/evidence/{session_id}"]!["get"]!["responses"]!.AsObject();
        Assert.True(recordResponses.ContainsKey("404"));
        var deliveryResponses = paths["/connectors/{provider}/test-deliveries"]!["post"]!["responses"]!.AsObject();
        foreach (var code in new[] { "200", "400", "404", "413" })
        {
            Assert.True(deliveryResponses.ContainsKey(code), $"test-deliveries lacks response {code}");
        }

        var schemas = document["components"]!["schemas"]!.AsObject();
        var verification = schemas["ChainVerification"]!["properties"]!.AsObject();
        Assert.Equal(
            ["verified", "record_count", "head_sequence", "head_hash", "first_invalid_sequence", "reason"],
            verification.Select(p => p.Key));
        Assert.Equal("boolean", (string?)verification["verified"]!["type"]);
        Assert.True(schemas.ContainsKey("ConnectorTestRequest"));
        Assert.True(schemas["EvidenceEnvelope"]!["properties"]!.AsObject().ContainsKey("metadata_kind"));
    }

    [Fact]
    public async Task Console_config_lists_connectors_without_urls_or_secrets()
    {
        await using var factory = new CavraApiFactory(new Dictionary<string, string?>
        {
            ["Cavra:Connectors:webhook:url"] = "https://hooks.example.com/cavra/very-private-path",
            ["Cavra:Connectors:webhook:signing_secret"] = "whsec-do-not-leak-0123456789",
            ["Cavra:Connectors:slack:url"] = "https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXXXXXX",
            ["CAVRA_PUBLIC_API_BASE_URL"] = "https://cavra.example.com/",
        });
        var response = await factory.CreateClient().GetAsync(new Uri("/console/config", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("hooks.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("whsec", text, StringComparison.Ordinal);
        var config = JsonNode.Parse(text)!;
        Assert.Equal("CAVRA", (string?)config["product"]);
        Assert.Equal("https://cavra.example.com", (string?)config["api_base_url"]);
        Assert.Equal("configured", (string?)config["connector_delivery"]);
        Assert.Equal(["slack", "webhook"], config["connectors"]!.AsArray().Select(c => (string)c!["name"]!).Order());
        Assert.Equal(
            "/runtime/go-pilot/rollback-drill-notifications/evidence/verify",
            (string?)config["endpoints"]!["evidence_verify"]);
    }

    [Fact]
    public async Task Console_config_reports_disabled_without_connectors()
    {
        await using var factory = new CavraApiFactory();
        var (_, config) = await factory.CreateClient().GetJsonAsync("/console/config");
        Assert.Equal("disabled", (string?)config["connector_delivery"]);
        Assert.Empty(config["connectors"]!.AsArray());
        Assert.Empty(config["escalation_channels"]!.AsArray());
        Assert.Empty(config["executive_channels"]!.AsArray());
    }

    [Fact]
    public async Task Console_config_names_the_escalation_and_executive_channels()
    {
        await using var factory = new CavraApiFactory(new Dictionary<string, string?>
        {
            ["Cavra:Connectors:teams:url"] = "https://teams.example.com/hook",
            ["Cavra:Connectors:slack:url"] = "https://hooks.slack.example.com/x",
            ["Cavra:Escalation:Providers"] = "teams",
            ["Cavra:Executive:Providers"] = "slack, teams",
        });
        var (_, config) = await factory.CreateClient().GetJsonAsync("/console/config");
        Assert.Equal(["teams"], config["escalation_channels"]!.AsArray().Select(c => (string?)c));
        Assert.Equal(["slack", "teams"], config["executive_channels"]!.AsArray().Select(c => (string?)c));
        Assert.DoesNotContain("example.com", config.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cors_allows_configured_origins_only()
    {
        await using var factory = new CavraApiFactory(new Dictionary<string, string?> { ["CAVRA_CORS_ORIGINS"] = "https://console.example.com, https://other.example.com" });
        var client = factory.CreateClient();
        foreach (var (origin, allowed) in new[] { ("https://console.example.com", true), ("https://evil.example.com", false) })
        {
            using var preflight = new HttpRequestMessage(HttpMethod.Options, "/runtime/go-pilot/rollback-drill-notifications/evidence/checkpoint/verify");
            preflight.Headers.Add("Origin", origin);
            preflight.Headers.Add("Access-Control-Request-Method", "POST");
            preflight.Headers.Add("Access-Control-Request-Headers", "content-type");
            var response = await client.SendAsync(preflight);
            Assert.Equal(allowed, response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) && values.Contains(origin));
        }
    }

    [Fact]
    public async Task Unexpected_failure_is_a_500_problem_without_internals_and_is_logged()
    {
        await using var factory = new CavraApiFactory();
        var client = factory.CreateClient();
        await client.GetAsync(new Uri("/health", UriKind.Relative));
        factory.Tamper("DROP TABLE evidence_record_providers; DROP TABLE evidence_records;");

        var (response, problem) = await client.GetJsonAsync("/runtime/go-pilot/rollback-drill-notifications/evidence/verify");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(500, (int?)problem["status"]);
        Assert.DoesNotContain("evidence_records", problem.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Sqlite", problem.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains(factory.LogLines, l => l.StartsWith("Error", StringComparison.Ordinal) && l.Contains("no such table", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Each_request_logs_one_line_without_headers_or_query_strings()
    {
        await using var factory = new CavraApiFactory();
        var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health?token=ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789");
        request.Headers.Add("Authorization", "Bearer super-secret-bearer-value-123456");
        await client.SendAsync(request);

        // The line is written once the response has gone out, so the client can be a moment ahead of it.
        for (var wait = 0; wait < 50 && !factory.LogLines.Any(l => l.Contains("HTTP GET /health", StringComparison.Ordinal)); wait++)
        {
            await Task.Delay(100);
        }

        var requestLines = factory.LogLines.Where(l => l.Contains("HTTP GET /health", StringComparison.Ordinal)).ToList();
        Assert.Single(requestLines);
        // The token's parameter is not one /health knows, so it is refused — and neither it nor its value is logged.
        Assert.Contains("responded 400 in", requestLines[0], StringComparison.Ordinal);

        using var bad = new StringContent("{\"retries\": \"two\"}", System.Text.Encoding.UTF8, "application/json");
        await client.PostAsync(new Uri("/connectors/webhook/test-deliveries", UriKind.Relative), bad);
        for (var wait = 0; wait < 50 && !factory.LogLines.Any(l => l.Contains("HTTP POST", StringComparison.Ordinal)); wait++)
        {
            await Task.Delay(100);
        }

        Assert.Contains(factory.LogLines, l => l.Contains("HTTP POST /connectors/{provider}/test-deliveries (provider=webhook) responded 400 in", StringComparison.Ordinal));
        Assert.DoesNotContain(factory.LogLines, l => l.Contains("super-secret", StringComparison.Ordinal) || l.Contains("ghp_", StringComparison.Ordinal));
    }
}

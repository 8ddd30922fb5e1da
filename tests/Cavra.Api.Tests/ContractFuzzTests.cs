using System.Net;
using System.Text.Json.Nodes;
using Cavra.Api.Tests.Infrastructure;

namespace Cavra.Api.Tests;

/// <summary>
/// Bad input generated from the contracts instead of listed by hand: every request body of the OpenAPI document is
/// filled from its schema, then each position in it — every field and every array element — gets a null and a value
/// of the wrong type. None may answer 500; each answers a ProblemDetails, and a 400 names the position.
/// </summary>
public sealed class ContractFuzzTests : IAsyncLifetime, IAsyncDisposable
{
    private DocumentedService _service = null!;

    public async Task InitializeAsync() => _service = await DocumentedService.StartAsync();

    ValueTask IAsyncDisposable.DisposeAsync() => _service.DisposeAsync();

    public async Task DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public async Task A_null_in_every_position_of_every_request_is_a_400_naming_it_or_accepted_as_absent()
    {
        var tried = 0;
        foreach (var (method, url, schema) in RequestBodies())
        {
            var sample = Sample(schema, depth: 0)!;
            foreach (var position in Positions(sample, ""))
            {
                var body = With(sample, position, null);
                var (status, problem) = await SendAsync(method, url, body);
                tried++;
                var where = $"{method} {url} with {position} = null -> {status} {problem?.ToJsonString()}";
                Assert.True(status is not HttpStatusCode.InternalServerError, where);
                if (!AllowsNull(schema, position))
                {
                    Assert.True(status == HttpStatusCode.BadRequest, where);
                    Assert.True(Names(problem!, position), where);
                }
            }
        }

        Assert.True(tried > 100, $"only {tried} positions were tried");
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_in_every_position_of_every_request_is_a_400_naming_it()
    {
        var tried = 0;
        foreach (var (method, url, schema) in RequestBodies())
        {
            var sample = Sample(schema, depth: 0)!;
            foreach (var position in Positions(sample, ""))
            {
                var current = At(sample, position);
                // A number where text belongs, text where a number, list or object belongs.
                JsonNode wrong = current is JsonValue value && value.GetValueKind() == System.Text.Json.JsonValueKind.String ? 12345 : "not-the-right-type";
                if (current is JsonObject { Count: 0 } && FreeForm(schema, position))
                {
                    wrong = new JsonArray(1, 2);
                }

                var (status, problem) = await SendAsync(method, url, With(sample, position, wrong));
                tried++;
                var where = $"{method} {url} with {position} = {wrong.ToJsonString()} -> {status} {problem?.ToJsonString()}";
                Assert.True(status == HttpStatusCode.BadRequest, where);
                Assert.True(Names(problem!, position), where);
            }
        }

        Assert.True(tried > 100, $"only {tried} positions were tried");
    }

    [Fact]
    public async Task An_unknown_field_in_every_request_is_a_400_naming_it_with_the_closest_known_name()
    {
        foreach (var (method, url, schema) in RequestBodies())
        {
            var sample = Sample(schema, depth: 0)!.AsObject();
            sample["zz_not_a_field"] = 1;
            var (status, problem) = await SendAsync(method, url, sample);
            Assert.True(status == HttpStatusCode.BadRequest && Names(problem!, "zz_not_a_field"), $"{method} {url} -> {status} {problem?.ToJsonString()}");

            // A misspelt field is answered with the field it was probably meant to be.
            if (sample.Select(p => p.Key).FirstOrDefault(k => k.Length > 6 && k != "zz_not_a_field") is { } known)
            {
                var misspelt = Sample(schema, depth: 0)!.AsObject();
                var typo = known[..^2] + known[^1] + known[^2];
                misspelt[typo] = misspelt[known]?.DeepClone();
                misspelt.Remove(known);
                var (_, hint) = await SendAsync(method, url, misspelt);
                Assert.True(((string?)hint!["detail"])?.Contains($"did you mean '{known}'", StringComparison.Ordinal), $"{method} {url} {typo}: {hint.ToJsonString()}");
            }
        }
    }

    [Fact]
    public async Task An_unknown_query_parameter_on_every_get_route_is_a_400_naming_it()
    {
        var paths = _service.Document["paths"]!.AsObject();
        var tried = 0;
        foreach (var (path, item) in paths)
        {
            if (item!["get"] is not JsonObject operation)
            {
                continue;
            }

            var url = Fill(path) + "?zz_unknown_filter=1";
            var (status, problem) = await SendAsync("get", url, null);
            tried++;
            Assert.True(status == HttpStatusCode.BadRequest && Names(problem!, "zz_unknown_filter"), $"GET {url} -> {status} {problem?.ToJsonString()}");
            if (operation["parameters"] is JsonArray parameters &&
                parameters.Select(p => (string?)p!["name"]).FirstOrDefault(n => n is { Length: > 6 } && (string?)parameters.First(p => (string?)p!["name"] == n)!["in"] == "query") is { } known)
            {
                var (_, hint) = await SendAsync("get", Fill(path) + $"?{known[..^1]}=1", null);
                Assert.True(((string?)hint!["detail"])?.Contains($"did you mean '{known}'", StringComparison.Ordinal), $"GET {path} {known}: {hint.ToJsonString()}");
            }
        }

        Assert.True(tried > 15, $"only {tried} GET routes were tried");
    }

    private IEnumerable<(string Method, string Url, JsonObject Schema)> RequestBodies()
    {
        foreach (var (path, item) in _service.Document["paths"]!.AsObject())
        {
            foreach (var method in new[] { "post", "put" })
            {
                if (item![method]?["requestBody"]?["content"]?["application/json"]?["schema"] is JsonObject schema)
                {
                    yield return (method, Fill(path), Resolve(schema));
                }
            }
        }
    }

    private static string Fill(string path) => path.Replace("{provider}", "webhook", StringComparison.Ordinal)
        .Replace("{", "fuzz-", StringComparison.Ordinal).Replace("}", "", StringComparison.Ordinal);

    private async Task<(HttpStatusCode Status, JsonObject? Problem)> SendAsync(string method, string url, JsonNode? body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), new Uri(url, UriKind.Relative));
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await _service.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode >= 400)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        return (response.StatusCode, text.Length > 0 && text[0] == '{' ? JsonNode.Parse(text)!.AsObject() : null);
    }

    /// <summary>The problem names the position: as an error key, or in the detail (the JSON reader names the path).</summary>
    private static bool Names(JsonObject problem, string position) =>
        problem["errors"] is JsonObject errors && errors.Any(e => e.Key == position || e.Key.StartsWith(position + ".", StringComparison.Ordinal) || e.Key.StartsWith(position + "[", StringComparison.Ordinal)) ||
        ((string?)problem["detail"])?.Contains(position, StringComparison.Ordinal) == true;

    private JsonObject Resolve(JsonObject schema)
    {
        while (schema["$ref"] is JsonValue reference)
        {
            var name = ((string)reference!).Split('/')[^1];
            schema = _service.Document["components"]!["schemas"]![name]!.AsObject();
        }

        return schema["allOf"] is JsonArray { Count: > 0 } all ? Resolve(all[0]!.AsObject()) : schema;
    }

    private static string? TypeOf(JsonObject schema) => schema["type"] switch
    {
        JsonArray types => types.Select(t => (string?)t).FirstOrDefault(t => t != "null"),
        JsonValue type => (string?)type,
        _ => schema["properties"] is not null ? "object" : null,
    };

    // A schema without a type (and no reference or properties) allows any JSON value, null included.
    private static bool IsNullable(JsonObject schema) =>
        (bool?)schema["nullable"] == true || schema["type"] is JsonArray types && types.Any(t => (string?)t == "null") ||
        schema["type"] is null && schema["$ref"] is null && schema["allOf"] is null && schema["properties"] is null && schema["items"] is null;

    private JsonNode? Sample(JsonObject schema, int depth)
    {
        schema = Resolve(schema);
        if (schema["example"] is { } example)
        {
            return example.DeepClone();
        }

        return TypeOf(schema) switch
        {
            "object" when schema["properties"] is JsonObject properties && depth < 6 =>
                new JsonObject(properties.Select(p => KeyValuePair.Create(p.Key, Sample(p.Value!.AsObject(), depth + 1)))),
            "object" => new JsonObject(),
            "array" => schema["items"] is JsonObject items && depth < 6 ? new JsonArray(Sample(items, depth + 1)) : new JsonArray(),
            "string" when schema["enum"] is JsonArray values && values.Count > 0 => values[0]!.DeepClone(),
            "string" when (string?)schema["format"] == "date-time" => "2026-12-01T00:00:00Z",
            "string" => "fuzz",
            "integer" => 1,
            "number" => 1.5,
            "boolean" => false,
            _ => new JsonObject(),
        };
    }

    /// <summary>Every field and array element of a sample, as paths the problem would name (<c>routes[0].provider</c>).</summary>
    private static IEnumerable<string> Positions(JsonNode node, string path)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    var at = path.Length == 0 ? key : $"{path}.{key}";
                    yield return at;
                    if (child is not null)
                    {
                        foreach (var inner in Positions(child, at))
                        {
                            yield return inner;
                        }
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var at = $"{path}[{i}]";
                    yield return at;
                    if (array[i] is { } child)
                    {
                        foreach (var inner in Positions(child, at))
                        {
                            yield return inner;
                        }
                    }
                }

                break;
        }
    }

    private static IEnumerable<(string Name, int? Index)> Steps(string position)
    {
        foreach (var segment in position.Split('.'))
        {
            var parts = segment.Split('[');
            yield return (parts[0], null);
            foreach (var index in parts.Skip(1))
            {
                yield return ("", int.Parse(index.TrimEnd(']'), System.Globalization.CultureInfo.InvariantCulture));
            }
        }
    }

    private static JsonNode? At(JsonNode root, string position)
    {
        JsonNode? node = root;
        foreach (var (name, index) in Steps(position))
        {
            node = index is { } i ? node![i] : name.Length == 0 ? node : node![name];
        }

        return node;
    }

    private static JsonNode With(JsonNode sample, string position, JsonNode? value)
    {
        var copy = sample.DeepClone();
        var steps = Steps(position).Where(s => s.Name.Length > 0 || s.Index is not null).ToList();
        JsonNode node = copy;
        foreach (var (name, index) in steps.SkipLast(1))
        {
            node = index is { } i ? node[i]! : node[name]!;
        }

        var (lastName, lastIndex) = steps[^1];
        if (lastIndex is { } at)
        {
            node.AsArray()[at] = value?.DeepClone();
        }
        else
        {
            node.AsObject()[lastName] = value?.DeepClone();
        }

        return copy;
    }

    /// <summary>Whether the schema lets the position be null (an optional field), so an answer other than 400 is fine.</summary>
    private bool AllowsNull(JsonObject schema, string position) =>
        IsFreeFormElement(schema, position) || SchemaAt(schema, position) is not { } found || IsNullable(found);

    private bool FreeForm(JsonObject schema, string position) =>
        SchemaAt(schema, position) is { } found && TypeOf(found) == "object" && found["properties"] is null;

    // Values inside a free-form JSON payload (routing policy, schedule rules) have no schema: null is theirs to judge.
    private bool IsFreeFormElement(JsonObject schema, string position)
    {
        var steps = Steps(position).Where(s => s.Name.Length > 0 || s.Index is not null).ToList();
        JsonObject? current = Resolve(schema);
        foreach (var (name, index) in steps.SkipLast(1))
        {
            current = index is null ? current?["properties"]?[name] as JsonObject : current?["items"] as JsonObject;
            if (current is null)
            {
                return true;
            }

            current = Resolve(current);
            if (TypeOf(current) == "object" && current["properties"] is null)
            {
                return true;
            }
        }

        return false;
    }

    private JsonObject? SchemaAt(JsonObject schema, string position)
    {
        JsonObject? current = Resolve(schema);
        foreach (var (name, index) in Steps(position).Where(s => s.Name.Length > 0 || s.Index is not null))
        {
            current = index is null ? current?["properties"]?[name] as JsonObject : current?["items"] as JsonObject;
            if (current is null)
            {
                return null;
            }

            var nullable = IsNullable(current);
            current = Resolve(current);
            if (nullable)
            {
                current = new JsonObject(current.Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))) { ["nullable"] = true };
            }
        }

        return current;
    }
}

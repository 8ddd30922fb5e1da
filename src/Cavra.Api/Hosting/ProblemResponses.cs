using System.Text.Json;
using System.Text.RegularExpressions;
using Cavra.Core.Connectors;
using Cavra.Core.PublicSafe;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace Cavra.Api.Hosting;

/// <summary>
/// The one place that turns exceptions into RFC 9457 ProblemDetails: bad JSON and wrong types name the field,
/// secrets name the field and the kind (never the value), connector problems are 400s, and anything unexpected
/// is a 500 that reveals no internals and is logged.
/// </summary>
public sealed partial class ProblemResponses(IProblemDetailsService problems, ILogger<ProblemResponses> logger) : IExceptionHandler
{
    private const string NotConverted = "could not be converted";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        // The handler runs with the endpoint cleared; the feature still knows which endpoint failed.
        var endpoint = httpContext.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? httpContext.GetEndpoint();
        var requestType = endpoint?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
        var problem = Describe(exception, requestType);
        if (problem.Status == StatusCodes.Status500InternalServerError)
        {
            LogUnexpected(exception, httpContext.Request.Method, httpContext.Request.Path.Value);
        }

        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    /// <summary>Writes a problem from middleware, before any endpoint runs, with the status it carries.</summary>
    public static async Task WriteAsync(HttpContext context, IProblemDetailsService problems, ProblemDetails problem)
    {
        context.Response.StatusCode = problem.Status ?? StatusCodes.Status400BadRequest;
        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }

    public static HttpValidationProblemDetails FieldProblem(string field, string message, string title = "Invalid request") =>
        new(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = title,
            Detail = $"{field}: {message}",
        };

    /// <summary>
    /// The last guard before a problem leaves: a detail or field message that would repeat a secret (an id echoed from
    /// the request, say) is replaced by one that says so without the value.
    /// </summary>
    public static void WithholdSecrets(ProblemDetails problem)
    {
        if (SecretScanner.FindKind(problem.Detail) is { } kind)
        {
            problem.Detail = $"{problem.Title}: the message would repeat a value that looks like a secret ({kind}), so it is withheld.";
        }

        if (problem is HttpValidationProblemDetails validation)
        {
            foreach (var (field, messages) in validation.Errors.ToList())
            {
                var safeField = SecretScanner.FindKind(field) is null ? field : "field";
                validation.Errors.Remove(field);
                validation.Errors[safeField] = [.. messages.Select(m => SecretScanner.FindKind(m) is { } found ? $"withheld: the message would repeat a secret ({found})" : m)];
            }
        }
    }

    /// <summary>What to do about the statuses the framework raises without a detail of its own.</summary>
    public static string? DefaultDetail(int? status) => status switch
    {
        StatusCodes.Status404NotFound => "No route matches this method and path; /swagger lists every route.",
        StatusCodes.Status405MethodNotAllowed => "The route exists but not for this method; /swagger lists the methods of each route.",
        StatusCodes.Status415UnsupportedMediaType => "Send the request body as JSON with Content-Type: application/json.",
        _ => null,
    };

    public static string SecretMessage(string kind) =>
        $"contains a secret ({kind}); secrets must never be sent to Cavra, keep them in connector configuration";

    internal static ProblemDetails Describe(Exception exception, Type? requestType) => exception switch
    {
        BadHttpRequestException { InnerException: JsonException json } => JsonProblem(json, requestType),
        BadHttpRequestException bad when ParameterBinding().Match(bad.Message) is { Success: true } match =>
            FieldProblem(JsonNamingPolicy.SnakeCaseLower.ConvertName(match.Groups["name"].Value), $"must be {DescribeClrName(match.Groups["type"].Value)}"),
        BadHttpRequestException bad when bad.Message.Contains("no body was provided", StringComparison.Ordinal) ||
            bad.Message.Contains("Required parameter", StringComparison.Ordinal) =>
            FieldProblem("body", "a JSON request body is required"),
        BadHttpRequestException bad => new ProblemDetails
        {
            Status = bad.StatusCode,
            Title = bad.StatusCode == StatusCodes.Status415UnsupportedMediaType ? "Unsupported media type" : "Bad request",
            Detail = bad.StatusCode == StatusCodes.Status415UnsupportedMediaType
                ? "Send the request body as JSON with Content-Type: application/json."
                : "The request could not be read.",
        },
        JsonException json => JsonProblem(json, requestType),
        SecretDetectedException secret => FieldProblem(secret.Finding.Path, SecretMessage(secret.Finding.Kind), "Secret refused"),
        Cavra.Core.InvalidFieldException invalid => FieldProblem(invalid.Field, invalid.Message),
        UnknownConnectorException unknown => FieldProblem("provider", unknown.Message, "Unknown connector provider"),
        ConnectorConfigurationException configuration => new ProblemDetails
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "Connector configuration error",
            Detail = configuration.Message,
        },
        Cavra.Core.Evidence.RecordNotFoundException missing => new ProblemDetails
        {
            Status = StatusCodes.Status404NotFound,
            Title = "Not found",
            Detail = missing.Message,
        },
        ArgumentOutOfRangeException { ParamName: { } field } range => FieldProblem(field, range.Message.Split(" (Parameter")[0]),
        _ => new ProblemDetails
        {
            Status = StatusCodes.Status500InternalServerError,
            Title = "Unexpected error",
            Detail = "The request failed unexpectedly; nothing was stored. The error was logged with this response's trace id.",
        },
    };

    private static HttpValidationProblemDetails JsonProblem(JsonException json, Type? requestType)
    {
        var field = json.Path is null or "$" ? "body" : json.Path.TrimStart('$', '.');
        if (UnmappedMember().Match(json.Message) is { Success: true } unmapped)
        {
            return UnknownField(field, unmapped.Groups["name"].Value, requestType);
        }

        var wrongType = json.Message.Contains(NotConverted, StringComparison.Ordinal);
        // A type error carries a path into the request; the request type says what belongs there.
        var expected = field == "body" ? "a JSON object" : ExpectedAt(requestType, field);
        return FieldProblem(field, wrongType && expected is not null ? $"must be {expected}" : "is not valid JSON", "Invalid JSON");
    }

    /// <summary>A field the contract does not have: named, with the closest known name as a hint.</summary>
    private static HttpValidationProblemDetails UnknownField(string path, string name, Type? requestType)
    {
        // The serializer's path ends at the unknown property itself (or at its object, depending on where it stopped).
        var parent = path == "body" || path == name ? "" : path.EndsWith("." + name, StringComparison.Ordinal) ? path[..^(name.Length + 1)] : path;
        var field = parent.Length == 0 ? name : $"{parent}.{name}";
        var known = TypeAt(requestType, parent) is { } type ? JsonNames(type) : [];
        var closest = Suggestions.Closest(name, known);
        var message = closest is null ? "is not a field of this request" : $"is not a field of this request; did you mean '{closest}'?";
        return FieldProblem(field, message, "Unknown field");
    }

    private static IEnumerable<string> JsonNames(Type type) =>
        type.GetProperties().Select(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name));

    private static string? ExpectedAt(Type? type, string path) => TypeAt(type, path) is { } found ? DescribeType(found) : null;

    private static Type? TypeAt(Type? type, string path)
    {
        if (path.Length == 0)
        {
            return type;
        }

        foreach (var segment in path.Split('.'))
        {
            if (type is null)
            {
                return null;
            }

            var name = segment.Split('[')[0];
            type = type.GetProperties()
                .FirstOrDefault(p => string.Equals(JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name), name, StringComparison.Ordinal))?
                .PropertyType;
            for (var depth = segment.Count(c => c == '['); depth > 0 && type is not null; depth--)
            {
                type = ElementType(type);
            }
        }

        return type;
    }

    private static Type? ElementType(Type type) =>
        type.IsArray
            ? type.GetElementType()
            : type == typeof(string)
                ? null
                : type.GetInterfaces().Append(type)
                    .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?
                    .GetGenericArguments()[0];

    private static string DescribeType(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            _ when type == typeof(string) => "a string",
            _ when type == typeof(bool) => "a boolean",
            _ when type == typeof(int) || type == typeof(long) || type == typeof(short) => "an integer",
            _ when type == typeof(double) || type == typeof(decimal) || type == typeof(float) => "a number",
            _ when type.IsEnum => "one of " + string.Join(", ", Enum.GetNames(type).Select(JsonNamingPolicy.SnakeCaseLower.ConvertName)),
            _ when type == typeof(System.Text.Json.Nodes.JsonArray) => "an array",
            _ when typeof(System.Text.Json.Nodes.JsonNode).IsAssignableFrom(type) || type.IsAssignableTo(typeof(System.Collections.IDictionary)) ||
                type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>)) => "a JSON object",
            _ when ElementType(type) is not null => "an array",
            _ => "a JSON object",
        };
    }

    private static string DescribeClrName(string name) => name.ToLowerInvariant() switch
    {
        var n when n.Contains("int", StringComparison.Ordinal) || n.Contains("long", StringComparison.Ordinal) => "an integer",
        var n when n.Contains("double", StringComparison.Ordinal) || n.Contains("decimal", StringComparison.Ordinal) => "a number",
        var n when n.Contains("bool", StringComparison.Ordinal) => "a boolean (true or false)",
        _ => "a valid value",
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure on {Method} {Path}")]
    private partial void LogUnexpected(Exception exception, string method, string? path);

    [GeneratedRegex("The JSON property '(?<name>[^']*)' could not be mapped")]
    private static partial Regex UnmappedMember();

    [GeneratedRegex("parameter \"(?<type>[^ \"]+) (?<name>[^\"]+)\" from \"(?<value>[^\"]*)\"")]
    private static partial Regex ParameterBinding();
}

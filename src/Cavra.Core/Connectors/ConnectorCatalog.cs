using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;

namespace Cavra.Core.Connectors;

/// <summary>
/// The configured connectors, from the original's JSON file (named by <c>CAVRA_CONNECTOR_CONFIG</c>) and from
/// configuration (<c>Cavra:Connectors:{name}</c>, which wins for the same name). Structural mistakes are refused at
/// load with a message naming the file or key; <c>*_env</c> variables are resolved later, at send time.
/// </summary>
public sealed class ConnectorCatalog
{
    public const string FileVariable = "CAVRA_CONNECTOR_CONFIG";
    public const string Section = "Cavra:Connectors";
    private const string AllowPrivateNetworksKey = "AllowPrivateNetworks";

    public ConnectorCatalog(IReadOnlyList<ConnectorDefinition> connectors, bool allowPrivateNetworks)
    {
        Connectors = [.. connectors.OrderBy(c => c.Name, StringComparer.Ordinal)];
        AllowPrivateNetworks = allowPrivateNetworks;
        EnabledNames = [.. Connectors.Where(c => c.Enabled).Select(c => c.Name)];
    }

    public IReadOnlyList<ConnectorDefinition> Connectors { get; }

    /// <summary>When false (the default), connectors may only reach public addresses.</summary>
    public bool AllowPrivateNetworks { get; }

    public bool IsConfigured => EnabledNames.Count > 0;

    public IReadOnlyList<string> EnabledNames { get; }

    /// <summary>Refuses a delivery when no connector is configured at all.</summary>
    public void RequireConfigured()
    {
        if (!IsConfigured)
        {
            throw new ConnectorConfigurationException(
                "connector config is not configured: add a connector under Cavra:Connectors or CAVRA_CONNECTOR_CONFIG");
        }
    }

    /// <summary>Refuses, naming them, any of <paramref name="names"/> (normalised) that is not an enabled connector.</summary>
    public void RequireEnabled(IEnumerable<string> names)
    {
        var unknown = Unserved(names);
        if (unknown.Count > 0)
        {
            throw new UnknownConnectorException(unknown, EnabledNames);
        }
    }

    /// <summary>The names (normalised, distinct, in order given) that no enabled connector serves.</summary>
    public IReadOnlyList<string> Unserved(IEnumerable<string> names) =>
        [.. names.Select(ProviderNames.Normalize).Where(n => !EnabledNames.Contains(n)).Distinct(StringComparer.Ordinal)];

    public ConnectorDefinition? Find(string name)
    {
        var normalized = ProviderNames.Normalize(name);
        return Connectors.FirstOrDefault(c => c.Name == normalized);
    }

    public static ConnectorCatalog Load(IConfiguration configuration)
    {
        var connectors = new Dictionary<string, ConnectorDefinition>(StringComparer.Ordinal);
        if (configuration[FileVariable] is { Length: > 0 } path)
        {
            foreach (var connector in FromFile(path))
            {
                connectors[connector.Name] = connector;
            }
        }

        var section = configuration.GetSection(Section);
        foreach (var child in section.GetChildren().Where(c => c.GetChildren().Any()))
        {
            var settings = child.GetChildren().Where(c => c.Value is not null)
                .ToDictionary(c => Key(c.Key), c => c.Value, StringComparer.Ordinal);
            var headers = child.GetSection("headers").GetChildren().Where(c => c.Value is not null)
                .ToDictionary(c => c.Key, c => c.Value!, StringComparer.OrdinalIgnoreCase);
            var connector = Define(child.Key, settings, headers, $"{Section}:{child.Key}");
            connectors[connector.Name] = connector;
        }

        var allow = section[AllowPrivateNetworksKey];
        bool allowPrivate;
        if (string.IsNullOrEmpty(allow))
        {
            allowPrivate = false;
        }
        else if (!bool.TryParse(allow, out allowPrivate))
        {
            throw new ConnectorConfigurationException($"{Section}:{AllowPrivateNetworksKey} must be true or false");
        }

        return new ConnectorCatalog([.. connectors.Values], allowPrivate);
    }

    private static IEnumerable<ConnectorDefinition> FromFile(string path)
    {
        if (path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
        {
            throw new ConnectorConfigurationException(
                $"{FileVariable} names a YAML file ({Path.GetFileName(path)}); Cavra reads JSON connector files only");
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new ConnectorConfigurationException($"{FileVariable}: cannot read connector file {Path.GetFileName(path)}");
        }
        catch (JsonException error)
        {
            throw new ConnectorConfigurationException(
                $"{FileVariable}: {Path.GetFileName(path)} is not valid JSON (line {error.LineNumber + 1})");
        }

        if (root is not JsonObject rootObject)
        {
            throw new ConnectorConfigurationException($"{FileVariable}: {Path.GetFileName(path)} must hold a JSON object");
        }

        var connectors = rootObject["connectors"] as JsonObject ?? rootObject["providers"] as JsonObject ?? rootObject;
        foreach (var (name, value) in connectors)
        {
            if (value is not JsonObject entry)
            {
                throw new ConnectorConfigurationException($"{FileVariable}: connector '{name}' must be a JSON object");
            }

            var settings = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var (key, setting) in entry)
            {
                if (setting is JsonValue scalar)
                {
                    settings[Key(key)] = scalar.GetValueKind() == JsonValueKind.String ? scalar.GetValue<string>() : scalar.ToJsonString();
                }
            }

            var headers = (entry["headers"] as JsonObject)?
                .Where(h => h.Value is JsonValue)
                .ToDictionary(h => h.Key, h => h.Value!.GetValueKind() == JsonValueKind.String ? h.Value.GetValue<string>() : h.Value.ToJsonString(), StringComparer.OrdinalIgnoreCase)
                ?? [];
            yield return Define(name, settings, headers, $"{FileVariable} connector '{name}'");
        }
    }

    // "UrlEnv", "url_env" and "url-env" all mean the same setting.
    private static string Key(string key) => key.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();

    private static ConnectorDefinition Define(
        string rawName, Dictionary<string, string?> settings, Dictionary<string, string> headers, string where)
    {
        string? Get(string key) => settings.TryGetValue(Key(key), out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

        var name = ProviderNames.Normalize(rawName);
        var provider = ProviderNames.Normalize(Get("provider") ?? name);
        if (!ProviderNames.Known.Contains(provider))
        {
            throw new ConnectorConfigurationException(
                $"{where}: unknown provider '{provider}' (known: {string.Join(", ", ProviderNames.Known)})");
        }

        var enabled = true;
        if (Get("enabled") is { } enabledText && !bool.TryParse(enabledText, out enabled))
        {
            throw new ConnectorConfigurationException($"{where}: enabled must be true or false");
        }

        var url = Get("url");
        var urlEnv = Get("url_env");
        if (enabled && url is null && urlEnv is null)
        {
            throw new ConnectorConfigurationException($"{where}: url or url_env is required");
        }

        if (url is not null && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            throw new ConnectorConfigurationException($"{where}: url must be an absolute http or https URL");
        }

        var method = (Get("method") ?? "POST").ToUpperInvariant();
        if (method is not ("POST" or "PUT" or "PATCH"))
        {
            throw new ConnectorConfigurationException($"{where}: method must be POST, PUT or PATCH");
        }

        return new ConnectorDefinition
        {
            Name = name,
            Provider = provider,
            Enabled = enabled,
            Url = url,
            UrlEnv = urlEnv,
            Method = method,
            Headers = headers,
            Authorization = Get("authorization"),
            AuthorizationEnv = Get("authorization_env"),
            Token = Get("token"),
            TokenEnv = Get("token_env"),
            AuthorizationScheme = Get("authorization_scheme"),
            ApiKey = Get("api_key"),
            ApiKeyEnv = Get("api_key_env"),
            ApiKeyHeader = Get("api_key_header"),
            SigningSecret = Get("signing_secret"),
            SigningSecretEnv = Get("signing_secret_env"),
            Title = Get("title"),
            Index = Get("index"),
            Service = Get("service"),
            Source = Get("source"),
            SourceType = Get("sourcetype") ?? Get("source_type"),
            ProjectKey = Get("project_key"),
            IssueType = Get("issue_type"),
        };
    }
}

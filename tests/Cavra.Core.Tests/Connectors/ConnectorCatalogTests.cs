using Cavra.Core.Connectors;

namespace Cavra.Core.Tests.Connectors;

public class ConnectorCatalogTests
{
    [Fact]
    public void Reads_the_original_file_shape_and_configuration_wins()
    {
        var path = Path.Combine(Path.GetTempPath(), $"cavra-connectors-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """
            {"connectors": {
              "webhook": {"url": "https://hooks.example.com/from-file", "headers": {"X-Team": "release"}},
              "Splunk": {"url_env": "CAVRA_SPLUNK_URL", "token_env": "CAVRA_SPLUNK_TOKEN", "index": "release"},
              "jira": {"url": "https://jira.example.com/rest/api/2/issue", "enabled": false}
            }}
            """);
        try
        {
            var catalog = Connectors.Catalog(new Dictionary<string, string?>
            {
                ["CAVRA_CONNECTOR_CONFIG"] = path,
                ["Cavra:Connectors:webhook:url"] = "https://hooks.example.com/from-config",
                ["Cavra:Connectors:AllowPrivateNetworks"] = "false",
            });
            Assert.Equal(["jira", "splunk", "webhook"], catalog.Connectors.Select(c => c.Name));
            Assert.Equal(["splunk", "webhook"], catalog.EnabledNames);
            Assert.Equal("https://hooks.example.com/from-config", catalog.Find("webhook")!.Url);
            Assert.Equal("CAVRA_SPLUNK_TOKEN", catalog.Find("splunk")!.TokenEnv);
            Assert.Equal("release", catalog.Find("SPLUNK")!.Index);
            Assert.False(catalog.AllowPrivateNetworks);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Accepts_the_providers_key_and_the_bare_object()
    {
        foreach (var json in new[] { """{"providers": {"slack": {"url": "https://hooks.slack.com/services/a"}}}""", """{"slack": {"url": "https://hooks.slack.com/services/a"}}""" })
        {
            var path = Path.Combine(Path.GetTempPath(), $"cavra-connectors-{Guid.NewGuid():N}.json");
            File.WriteAllText(path, json);
            try
            {
                Assert.Equal(["slack"], Connectors.Catalog(new Dictionary<string, string?> { ["CAVRA_CONNECTOR_CONFIG"] = path }).EnabledNames);
            }
            finally
            {
                File.Delete(path);
            }
        }
    }

    [Theory]
    [InlineData("Cavra:Connectors:email:url", "https://mail.example.com", "unknown provider 'email'")]
    [InlineData("Cavra:Connectors:webhook:enabled", "true", "url or url_env is required")]
    [InlineData("Cavra:Connectors:webhook:url", "ftp://files.example.com", "absolute http or https URL")]
    [InlineData("Cavra:Connectors:AllowPrivateNetworks", "sometimes", "must be true or false")]
    public void Mistakes_are_refused_with_the_key_named(string key, string value, string message)
    {
        var error = Assert.Throws<ConnectorConfigurationException>(() => Connectors.Catalog(new Dictionary<string, string?> { [key] = value }));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_files_are_refused_clearly()
    {
        var path = Path.Combine(Path.GetTempPath(), $"cavra-connectors-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, "{ not json");
        try
        {
            var error = Assert.Throws<ConnectorConfigurationException>(() => Connectors.Catalog(new Dictionary<string, string?> { ["CAVRA_CONNECTOR_CONFIG"] = path }));
            Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
            var yaml = Assert.Throws<ConnectorConfigurationException>(() => Connectors.Catalog(new Dictionary<string, string?> { ["CAVRA_CONNECTOR_CONFIG"] = "/etc/cavra/connectors.yaml" }));
            Assert.Contains("YAML", yaml.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Provider_names_normalise_the_same_way_everywhere()
    {
        Assert.Equal("service_now", ProviderNames.Normalize("  Service-Now "));
        Assert.Equal(["slack", "webhook"], ProviderNames.ParseList(" Slack, webhook ,,slack"));
        Assert.Empty(ProviderNames.ParseList(null));
    }
}

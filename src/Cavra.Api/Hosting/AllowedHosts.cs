using System.Net;
using System.Net.NetworkInformation;
using Cavra.Core.PublicSafe;
using Microsoft.AspNetCore.HostFiltering;

namespace Cavra.Api.Hosting;

/// <summary>The Host names the service answers to: loopback, the hosts it is bound to, and <c>AllowedHosts</c>.</summary>
public sealed class AllowedHostNames(IReadOnlySet<string> names, bool any)
{
    public bool Allows(HostString host) => any || !host.HasValue || names.Contains(host.Host);

    /// <summary>
    /// Built from the URLs the service listens on (<c>--urls</c>, <c>ASPNETCORE_URLS</c>, <c>Kestrel:Endpoints</c>, or the
    /// default) plus the semicolon-separated <c>AllowedHosts</c>; <c>*</c> there turns the check off. A wildcard
    /// binding (0.0.0.0, [::], *) adds the machine's name and addresses, not every name: a DNS name pointing at the
    /// machine must be listed, which is what stops DNS rebinding from a web page in a local browser.
    /// </summary>
    public static AllowedHostNames From(IConfiguration configuration)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "localhost", "127.0.0.1", "[::1]" };
        var configured = (configuration["AllowedHosts"] ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        names.UnionWith(configured.Where(n => n != "*"));

        var urls = (configuration[WebHostDefaults.ServerUrlsKey] is { Length: > 0 } bound ? bound : CavraHost.DefaultUrl)
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Concat(configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>());
        foreach (var url in urls)
        {
            var host = HostOf(url);
            if (host is "*" or "+" or "0.0.0.0" or "[::]" or "")
            {
                names.Add(Environment.MachineName);
                names.UnionWith(MachineAddresses());
            }
            else
            {
                names.Add(host);
            }
        }

        return new AllowedHostNames(names, configured.Contains("*"));
    }

    private static string HostOf(string url)
    {
        var rest = url.Contains("://", StringComparison.Ordinal) ? url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..] : url;
        rest = rest.Split('/')[0];
        return rest.StartsWith('[') ? rest[..(rest.IndexOf(']') + 1)] : rest.Split(':')[0];
    }

    private static IEnumerable<string> MachineAddresses()
    {
        try
        {
            return [.. NetworkInterface.GetAllNetworkInterfaces()
                .SelectMany(i => i.GetIPProperties().UnicastAddresses)
                .Select(a => a.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
                    ? $"[{new IPAddress(a.Address.GetAddressBytes())}]"
                    : a.Address.ToString())];
        }
        catch (NetworkInformationException)
        {
            return [];
        }
    }
}

/// <summary>Refuses a request whose Host header is not one of <see cref="AllowedHostNames"/> with a 400 ProblemDetails.</summary>
public sealed class AllowedHosts(RequestDelegate next, AllowedHostNames hosts)
{
    public async Task InvokeAsync(HttpContext context, IProblemDetailsService problems)
    {
        if (hosts.Allows(context.Request.Host))
        {
            await next(context);
            return;
        }

        var host = context.Request.Host.Host;
        var named = host.Length <= 100 && SecretScanner.FindKind(host) is null ? $"'{host}' " : "";
        await ProblemResponses.WriteAsync(context, problems, new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "Host not allowed",
            Detail = $"The Host header {named}is not a name this service answers to (protection against DNS rebinding). " +
                "If the name is yours, add it to AllowedHosts (semicolon-separated).",
        });
    }
}

public static class AllowedHostsRegistration
{
    public static IServiceCollection AddAllowedHosts(this IServiceCollection services)
    {
        // The framework's own host filter answers with an empty body; ours answers with a ProblemDetails instead.
        services.PostConfigure<HostFilteringOptions>(options => options.AllowedHosts = ["*"]);
        return services.AddSingleton(provider => AllowedHostNames.From(provider.GetRequiredService<IConfiguration>()));
    }
}

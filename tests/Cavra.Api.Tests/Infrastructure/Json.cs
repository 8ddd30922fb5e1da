using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Cavra.Api.Tests.Infrastructure;

internal static class Json
{
    public static async Task<JsonObject> ReadObjectAsync(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>())!;

    public static async Task<(HttpResponseMessage Response, JsonObject Body)> GetJsonAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        return (response, await response.ReadObjectAsync());
    }

    public static async Task<(HttpResponseMessage Response, JsonObject Body)> PostJsonAsync(this HttpClient client, string url, string json)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        var response = await client.PostAsync(new Uri(url, UriKind.Relative), content);
        return (response, await response.ReadObjectAsync());
    }
}
